"""Dense retrieval with FAISS: inner product on unit vectors, index type chosen by corpus size.

Exact search (IndexFlatIP) is cheapest and perfect below ~50k chunks; above that an HNSW graph
keeps latency flat with recall@10 near exact (bench/ measures it). The choice is recorded in
the index manifest so a loaded index is searched the way it was built.
"""
from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

INDEX_TYPES = ("flat", "hnsw", "ivf")
EXACT_LIMIT = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


def choose_index_type(n_vectors: int) -> str:
    """'flat' up to EXACT_LIMIT vectors, 'hnsw' beyond."""
    return "flat" if n_vectors <= EXACT_LIMIT else "hnsw"


def build_dense(vectors: np.ndarray, index_type: str = "auto") -> tuple[faiss.Index, str]:
    """A FAISS index over unit vectors (ids = row numbers) and the type actually used."""
    if index_type == "auto":
        index_type = choose_index_type(len(vectors))
    if index_type not in INDEX_TYPES:
        raise ValueError(f"unknown index type {index_type!r}; choose one of {INDEX_TYPES} or 'auto'")
    dim = vectors.shape[1]
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if index_type == "flat":
        index = faiss.IndexFlatIP(dim)
    elif index_type == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        nlist = max(1, int(4 * np.sqrt(len(vectors))))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.train(vectors)
        index.nprobe = max(1, nlist // 16)
    index.add(vectors)
    return index, index_type


def save_dense(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load_dense(path: Path) -> faiss.Index:
    """Raises RuntimeError (from FAISS) on a truncated or foreign file."""
    return faiss.read_index(str(path))


def search_dense(index: faiss.Index, query: np.ndarray, k: int, allowed: np.ndarray | None = None
                 ) -> list[tuple[int, float]]:
    """Top-k (row, cosine) for one unit query vector, optionally restricted to `allowed` rows."""
    k = min(k, index.ntotal)
    if k <= 0:
        return []
    params = None
    if allowed is not None:
        if len(allowed) == 0:
            return []
        selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        if isinstance(index, faiss.IndexHNSW):
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, k))
        elif isinstance(index, faiss.IndexIVF):
            params = faiss.SearchParametersIVF(sel=selector, nprobe=index.nprobe)
        else:
            params = faiss.SearchParameters(sel=selector)
        k = min(k, len(allowed))
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k, params=params)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]
