"""A model-free embedder: hashed character n-grams. Instant and deterministic.

Not a semantic model: it exists so tests of the plumbing (builds, faults, concurrency, the app)
and synthetic-scale benchmarks run without paying for a neural model. Choose it with
--model hashing.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from embed.base import normalise

_TOKEN = re.compile(r"[\u4e00-\u9fff]|[a-z0-9]+")


class HashingEmbedder:
    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.model_id = f"hashing-{dim}"

    def _vector(self, text: str) -> np.ndarray:
        units = _TOKEN.findall(text.lower())
        grams = units + [a + b for a, b in zip(units, units[1:])]
        vec = np.zeros(self.dim, dtype=np.float32)
        for gram in grams:
            h = int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest(), "little")
            vec[h % self.dim] += 1.0 if (h >> 63) & 1 else -1.0
        if not vec.any():
            vec[0] = 1.0
        return vec

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return normalise(np.stack([self._vector(t) for t in texts]))

    def encode_passages(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return normalise(np.stack([self._vector(t) for t in texts]))
