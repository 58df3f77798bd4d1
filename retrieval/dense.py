"""Dense retrieval with FAISS: inner product on unit vectors, index type chosen by corpus size.

Up to EXACT_LIMIT chunks the index is exact (a flat array scanned with one BLAS matrix-vector
product per query, which on two cores is ~2× faster than FAISS's single-query flat scan); beyond
it, an HNSW graph whose parameters keep recall@10 ≥ 0.98 against exact search up to a million
chunks at a few milliseconds per query. IVF and IVF-PQ (8 bytes per 64 dimensions instead of 4 per
dimension) are there for corpora whose vectors no longer fit in memory; IVF-PQ's recall is
bounded by its quantisation (recall@10 0.19 at 1M chunks, at any nprobe), so it is never chosen
automatically. Beyond QUANTISE_LIMIT chunks the graph walks 8-bit scalar-quantised codes
(`hnsw_sq8`: a quarter of the bytes) and the REFINE_FACTOR × k best are re-scored exactly with the
float vectors kept in the same memory-mapped file, so a search keeps the codes and the graph
resident and touches only a few hundred float rows. `python -m bench --only scale` measures all
of them; the README quotes it. The chosen
type goes in the index manifest and its search parameters are saved in the FAISS file, so a
loaded index is searched as it was built.

A filtered search (a city, a year, the documents a question names) over a small subset of an
approximate index is done exactly over that subset's vectors: a graph or list search restricted
to 0.1% of the rows would walk mostly past rows it may not return and miss the ones it may.
"""
from __future__ import annotations

import math
from pathlib import Path

from embed.threads import set_openmp_wait

set_openmp_wait()  # before FAISS loads its OpenMP runtime (docs/decisions.md, "OpenMP wait")

import faiss  # noqa: E402
import numpy as np  # noqa: E402

INDEX_TYPES = ("flat", "hnsw", "hnsw_sq8", "ivf", "ivfpq")
EXACT_LIMIT = 20_000
QUANTISE_LIMIT = 250_000  # beyond, the float vectors (≥ 384 MB) are most of what a search keeps resident
SUBSET_EXACT_LIMIT = EXACT_LIMIT  # a filtered search never scans more rows than an exact index has
GATHER_SHARE = 0.25  # below this share of rows, score only the allowed rows; above it, score all
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 128
HNSW_EF_SEARCH = 1024
# hnsw_sq8: the graph walks 8-bit codes (a quarter of the float bytes), and the REFINE_FACTOR × k
# best are re-scored exactly against the float vectors, which stay mapped in the same file.
REFINE_FACTOR = 4
SQ_TRAIN_SAMPLE = 50_000
IVF_LISTS_PER_SQRT = 2  # nlist = 2·sqrt(n) lists
# nprobe = 1/12 of the lists but at least IVF_MIN_PROBE: 1/12 alone measured recall@10 0.905 at 10k
# and 0.957 at 100k chunks (0.990 at 1M); 96 lists or more keep it ≥ 0.98 at every size (bench/).
IVF_PROBE_FRACTION = 1 / 12
IVF_MIN_PROBE = 96
IVF_TRAIN_PER_LIST = 64  # k-means on a sample: FAISS wants ≥ 39 points per centroid
PQ_DIMS_PER_BYTE = 8


def choose_index_type(n_vectors: int) -> str:
    """'flat' up to EXACT_LIMIT vectors, 'hnsw' beyond, 'hnsw_sq8' beyond QUANTISE_LIMIT (see the
    module docstring for why)."""
    if n_vectors <= EXACT_LIMIT:
        return "flat"
    return "hnsw" if n_vectors <= QUANTISE_LIMIT else "hnsw_sq8"


def ivf_lists(n_vectors: int) -> int:
    return max(1, min(n_vectors // IVF_TRAIN_PER_LIST, int(IVF_LISTS_PER_SQRT * math.sqrt(n_vectors))))


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
    elif index_type == "hnsw_sq8":
        base = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        base.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        base.hnsw.efSearch = HNSW_EF_SEARCH
        base.train(_sample(vectors, SQ_TRAIN_SAMPLE))
        index = faiss.IndexRefineFlat(base)
        index.k_factor = REFINE_FACTOR
        index.own_fields = True
        base.this.disown()  # the refine index owns its base from here on
    else:
        nlist = ivf_lists(len(vectors))
        quantizer = faiss.IndexFlatIP(dim)
        if index_type == "ivf":
            index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        else:
            index = faiss.IndexIVFPQ(quantizer, dim, nlist, _pq_bytes(dim), 8, faiss.METRIC_INNER_PRODUCT)
        index.train(_training_sample(vectors, nlist))
        index.nprobe = min(nlist, max(IVF_MIN_PROBE, math.ceil(nlist * IVF_PROBE_FRACTION)))
    index.add(vectors)
    return index, index_type


def _pq_bytes(dim: int) -> int:
    """Sub-quantisers for PQ: one byte per PQ_DIMS_PER_BYTE dimensions, a divisor of dim."""
    m = max(1, dim // PQ_DIMS_PER_BYTE)
    while dim % m:
        m -= 1
    return m


def _training_sample(vectors: np.ndarray, nlist: int) -> np.ndarray:
    return _sample(vectors, max(nlist * IVF_TRAIN_PER_LIST, 10_000))


def _sample(vectors: np.ndarray, size: int) -> np.ndarray:
    size = min(len(vectors), size)
    if size == len(vectors):
        return vectors
    rows = np.sort(np.random.default_rng(0).choice(len(vectors), size=size, replace=False))
    return vectors[rows]


def dense_params(index: faiss.Index) -> dict:
    """The index's type and search parameters, for the manifest and benchmark reports."""
    if isinstance(index, faiss.IndexRefine):
        base = faiss.downcast_index(index.base_index)
        return {**dense_params(base), "index_type": "hnsw_sq8", "refine_k_factor": index.k_factor}
    if isinstance(index, faiss.IndexHNSW):
        return {"index_type": "hnsw", "hnsw_m": index.hnsw.nb_neighbors(1),
                "ef_construction": index.hnsw.efConstruction, "ef_search": index.hnsw.efSearch}
    if isinstance(index, faiss.IndexIVF):
        kind = "ivfpq" if isinstance(index, faiss.IndexIVFPQ) else "ivf"
        return {"index_type": kind, "nlist": index.nlist, "nprobe": index.nprobe}
    return {"index_type": "flat"}


def save_dense(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load_dense(path: Path, mmap: bool = True) -> faiss.Index:
    """Raises RuntimeError (from FAISS) on a truncated or foreign file.

    With `mmap` the stored vectors (flat and HNSW-flat) stay in the file, mapped read-only, instead
    of being copied into memory: opening a million-chunk index reads only the graph, and the page
    cache holds the vectors once for every process serving the same version. The file must not be
    rewritten while mapped; published versions never are (index.store)."""
    return faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC if mmap else 0)


def search_dense(index: faiss.Index, query: np.ndarray, k: int, allowed: np.ndarray | None = None
                 ) -> list[tuple[int, float]]:
    """Top-k (row, cosine) for one unit query vector, optionally restricted to `allowed` rows."""
    k = min(k, index.ntotal)
    if k <= 0:
        return []
    query = np.ascontiguousarray(query.reshape(-1), dtype=np.float32)
    stored = _stored_vectors(index)
    if allowed is None:
        if stored is not None and isinstance(index, faiss.IndexFlat):
            return _exact(stored, query, k)
        return _faiss_search(index, query, k, None)
    allowed = np.asarray(allowed, dtype=np.int64)
    if len(allowed) == 0:
        return []
    k = min(k, len(allowed))
    if stored is not None and (isinstance(index, faiss.IndexFlat) or len(allowed) <= SUBSET_EXACT_LIMIT):
        return _exact(stored, query, k, allowed)
    return _faiss_search(index, query, k, _restricted(index, allowed))


def _stored_vectors(index: faiss.Index) -> np.ndarray | None:
    """The raw vectors of a flat, HNSW-flat or refined index as a (n, d) view (no copy), else None."""
    if isinstance(index, faiss.IndexRefine):
        index = faiss.downcast_index(index.refine_index)
    storage = faiss.downcast_index(index.storage) if isinstance(index, faiss.IndexHNSW) else index
    if not isinstance(storage, faiss.IndexFlat) or storage.ntotal == 0:
        return None
    return faiss.rev_swig_ptr(storage.get_xb(), storage.ntotal * storage.d).reshape(storage.ntotal, storage.d)


def _exact(vectors: np.ndarray, query: np.ndarray, k: int, rows: np.ndarray | None = None
           ) -> list[tuple[int, float]]:
    """Brute-force top-k by inner product over all rows or the given ones, ties by row number."""
    if rows is None:
        scores = vectors @ query
    elif len(rows) < GATHER_SHARE * len(vectors):
        scores = vectors[rows] @ query
    else:
        scores = (vectors @ query)[rows]
    top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    ids = top if rows is None else rows[top]
    order = np.lexsort((ids, -scores[top]))
    return [(int(ids[i]), float(scores[top[i]])) for i in order]


def _restricted(index: faiss.Index, allowed: np.ndarray) -> faiss.SearchParameters:
    """Search parameters limited to `allowed`, widened by the share of rows excluded so the
    search still meets about as many admissible rows as an unfiltered one."""
    selector = faiss.IDSelectorBatch(allowed)
    share = len(allowed) / index.ntotal
    if isinstance(index, faiss.IndexRefine):
        base = faiss.downcast_index(index.base_index)
        params = _restricted(base, allowed)
        params.this.disown()
        return faiss.IndexRefineSearchParameters(k_factor=index.k_factor, base_index_params=params)
    if isinstance(index, faiss.IndexHNSW):
        ef = min(index.ntotal, math.ceil(index.hnsw.efSearch / math.sqrt(share)))
        return faiss.SearchParametersHNSW(sel=selector, efSearch=ef)
    if isinstance(index, faiss.IndexIVF):
        return faiss.SearchParametersIVF(sel=selector, nprobe=min(index.nlist, math.ceil(index.nprobe / share)))
    return faiss.SearchParameters(sel=selector)


def _faiss_search(index: faiss.Index, query: np.ndarray, k: int, params: faiss.SearchParameters | None
                  ) -> list[tuple[int, float]]:
    scores, ids = index.search(query.reshape(1, -1), k, params=params)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]
