"""Passage vectors on disk, keyed by model and text, so rebuilds embed only what changed."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from embed.base import Embedder
from embed.keyed_store import KeyedStore


def _key(model_id: str, text: str, namespace: str = "") -> str:
    """Passages are keyed by model and text; query-side vectors also by a namespace, since the same text
    encoded as a query is a different vector."""
    joined = f"{namespace}\x00{model_id}\x00{text}" if namespace else f"{model_id}\x00{text}"
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


cache_key = _key  # public: jobs that find missing vectors before any model is loaded (index.embed_job)


class VectorCache(KeyedStore):
    """A small SQLite table of float32 vectors; safe to share between processes."""

    _CREATE = "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, dim INTEGER, vec BLOB)"
    _KNOWN = "SELECT key FROM vectors WHERE key IN "
    _GET = "SELECT key, dim, vec FROM vectors WHERE key IN "

    def get_many(self, keys: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._connect() as db:
            for batch, marks in self._batches(keys):
                for key, d, blob in db.execute(self._GET + f"({marks})", batch):
                    if d == dim:
                        found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._connect() as db:
            db.executemany(
                "INSERT OR REPLACE INTO vectors (key, dim, vec) VALUES (?, ?, ?)",
                [(k, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )


CACHE_BATCH = 256  # passages embedded and committed to the cache at a time


def embed_passages(embedder: Embedder, texts: Sequence[str], cache: VectorCache | None,
                   show_progress: bool = False) -> tuple[np.ndarray, int]:
    """Vectors for `texts` in order, computing only the ones the cache lacks.

    Returns (vectors, number newly embedded)."""
    keys = [_key(embedder.model_id, t) for t in texts]
    found = cache.get_many(keys, embedder.dim) if cache else {}
    missing = sorted({k: i for i, k in enumerate(keys) if k not in found}.values())
    batches = [missing[i:i + CACHE_BATCH] for i in range(0, len(missing), CACHE_BATCH)]
    if show_progress and len(batches) > 1:
        from tqdm import tqdm

        batches = tqdm(batches, desc="嵌入 embedding", unit="批 batch")
    for batch in batches:
        # Saved batch by batch: an interrupted build keeps what it embedded and a restart continues.
        fresh = embedder.encode_passages([texts[i] for i in batch], show_progress=show_progress and len(missing) <= CACHE_BATCH)
        new = {keys[i]: fresh[j] for j, i in enumerate(batch)}
        if cache:
            cache.put_many(new)
        found.update(new)
    out = np.empty((len(texts), embedder.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = found[key]
    return out, len(missing)


def embed_queries(embedder: Embedder, texts: Sequence[str], cache: VectorCache | None,
                  namespace: str = "query") -> np.ndarray:
    """Query-encoded vectors for short texts (indicator labels compared with short questions), in order,
    computing only the ones the cache lacks; `namespace` keeps them apart from passage vectors."""
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    keys = [_key(embedder.model_id, t, namespace) for t in texts]
    found = cache.get_many(keys, embedder.dim) if cache else {}
    missing = sorted({k: i for i, k in enumerate(keys) if k not in found}.values())
    for start in range(0, len(missing), CACHE_BATCH):
        batch = missing[start:start + CACHE_BATCH]
        fresh = embedder.encode_queries([texts[i] for i in batch])
        new = {keys[i]: fresh[j] for j, i in enumerate(batch)}
        if cache:
            cache.put_many(new)
        found.update(new)
    return np.stack([found[k] for k in keys]).astype(np.float32)
