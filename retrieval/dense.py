"""Dense retrieval with FAISS: inner product on unit vectors, index type chosen by corpus size.

Up to EXACT_LIMIT chunks the index is exact (a flat array scanned with one BLAS matrix-vector
product per query, which on two cores is ~2× faster than FAISS's single-query flat scan); beyond
it, an HNSW graph whose parameters keep recall@10 ≥ 0.98 against exact search up to a million
chunks at a few milliseconds per query. IVF and IVF-PQ (8 bytes per 64 dimensions instead of 4 per
dimension) are there for corpora whose vectors no longer fit in memory; IVF-PQ's recall is
bounded by its quantisation (recall@10 0.19 at 1M chunks, at any nprobe), so it is never chosen
automatically. Beyond QUANTISE_LIMIT chunks the graph walks 8-bit scalar-quantised codes
(`hnsw_sq8`: a quarter of the bytes) and the REFINE_FACTOR × k best are re-scored exactly with the
float vectors, kept in a file of their own beside the graph (`<name>.f32.npy`) and read row by row
with pread, never mapped: a page fault on a mapped file maps a whole block around the row, so after
a few hundred questions a mapping holds every float row (1.5 GB at a million chunks) where pread
holds none. `python -m bench --only scale` measures all of them; the README quotes it. The chosen
type goes in the index manifest and its search parameters are saved in the FAISS file, so a
loaded index is searched as it was built.

A filtered search (a city, a year, the documents a question names) over a small subset of an
approximate index is done exactly over that subset's vectors: a graph or list search restricted
to 0.1% of the rows would walk mostly past rows it may not return and miss the ones it may. For
hnsw_sq8 the subset is shortlisted by its in-memory 8-bit codes and only the shortlist's float
rows are read (a city's ~10k rows would otherwise be 15 MB read per question).
"""
from __future__ import annotations

import math
import os
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypeAlias

from embed.threads import set_openmp_wait

set_openmp_wait()  # before FAISS loads its OpenMP runtime (docs/decisions.md, "OpenMP wait")

import faiss  # noqa: E402
import numpy as np  # noqa: E402
from threadpoolctl import ThreadpoolController  # noqa: E402

from retrieval.topk import best_of  # noqa: E402

# Query-time products run on one BLAS thread: a threaded product leaves OpenBLAS's workers spinning
# on the cores the next question's embedding needs (it took 28 ms instead of 15 at a million chunks).
_BLAS = ThreadpoolController()

INDEX_TYPES = ("flat", "hnsw", "hnsw_sq8", "ivf", "ivfpq")
EXACT_LIMIT = 20_000
QUANTISE_LIMIT = 250_000  # beyond, the float vectors (≥ 384 MB) are most of what a search keeps resident
SUBSET_EXACT_LIMIT = EXACT_LIMIT  # a filtered search never scans more rows than an exact index has
GATHER_SHARE = 0.25  # below this share of rows, score only the allowed rows; above it, score all
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 128
HNSW_EF_SEARCH = 1024
# the 8-bit codes rank neighbours less surely than floats: 1024 kept recall@10 < 0.98 at a million
# chunks (docs/decisions.md, "Serving a million chunks")
HNSW_SQ8_EF_SEARCH = 1536
# hnsw_sq8: the graph walks 8-bit codes (a quarter of the float bytes), and the REFINE_FACTOR × k
# best are re-scored exactly against the float vectors, read from their own file.
REFINE_FACTOR = 4
REFINE_SUFFIX = ".f32.npy"
CODE_BLOCK = 1024  # rows decoded at a time when a subset is scored by its codes (1.5 MB of floats)
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
        graph = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        graph.hnsw.efSearch = HNSW_SQ8_EF_SEARCH
        graph.train(_sample(vectors, SQ_TRAIN_SAMPLE))
        graph.add(vectors)
        return RefinedGraph(graph, vectors), index_type
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
    if isinstance(index, RefinedGraph):
        return {**dense_params(index.graph), "index_type": "hnsw_sq8", "refine_k_factor": REFINE_FACTOR}
    if isinstance(index, faiss.IndexHNSW):
        return {"index_type": "hnsw", "hnsw_m": index.hnsw.nb_neighbors(1),
                "ef_construction": index.hnsw.efConstruction, "ef_search": index.hnsw.efSearch}
    if isinstance(index, faiss.IndexIVF):
        kind = "ivfpq" if isinstance(index, faiss.IndexIVFPQ) else "ivf"
        return {"index_type": kind, "nlist": index.nlist, "nprobe": index.nprobe}
    return {"index_type": "flat"}


def refine_path(path: Path) -> Path:
    """Where an hnsw_sq8 index keeps its float vectors: beside the graph file."""
    return path.with_name(path.name + REFINE_SUFFIX)


def dense_files(path: Path) -> list[Path]:
    """Every file a saved index at `path` consists of (for copying and sizing)."""
    return [p for p in (path, refine_path(path)) if p.exists()]


def save_dense(index: DenseIndex, path: Path) -> None:
    if isinstance(index, RefinedGraph):
        faiss.write_index(index.graph, str(path))
        if isinstance(index.rows, VectorRows):
            shutil.copyfile(index.rows.path, refine_path(path))
        else:
            np.save(refine_path(path), index.rows)
        return
    faiss.write_index(index, str(path))


def load_dense(path: Path, mmap: bool = True) -> DenseIndex:
    """Raises RuntimeError (from FAISS, or here) on a truncated, foreign or incomplete file.

    With `mmap` the stored vectors (flat and HNSW-flat) stay in the file, mapped read-only, instead
    of being copied into memory: opening a million-chunk index reads only the graph, and the page
    cache holds the vectors once for every process serving the same version. The file must not be
    rewritten while mapped; published versions never are (index.store). An hnsw_sq8 graph comes
    back with its float vectors' file opened for pread (the module docstring says why)."""
    index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC if mmap else 0)
    if isinstance(index, faiss.IndexHNSW) and isinstance(faiss.downcast_index(index.storage),
                                                         faiss.IndexScalarQuantizer):
        rows = VectorRows(refine_path(path))
        if rows.shape != (index.ntotal, index.d):
            raise RuntimeError(f"{refine_path(path).name} holds {rows.shape}, the graph {index.ntotal}×{index.d}")
        return RefinedGraph(index, rows)
    return index


class VectorRows:
    """The float rows of an (n, d) float32 .npy file, read on demand with pread (never mapped)."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise RuntimeError(f"missing {path.name} (the float vectors of an hnsw_sq8 index)")
        self.path = path
        try:
            header = np.load(path, mmap_mode="r")  # parses the header; no row is read
        except ValueError as exc:
            raise RuntimeError(f"unreadable {path.name}: {exc}") from exc
        if header.dtype != np.float32 or header.ndim != 2 or not header.flags.c_contiguous:
            raise RuntimeError(f"{path.name} is not a C-ordered float32 matrix")
        self.shape: tuple[int, int] = (int(header.shape[0]), int(header.shape[1]))
        self._offset, self._row_bytes = int(header.offset), self.shape[1] * 4
        del header
        if path.stat().st_size != self._offset + self.shape[0] * self._row_bytes:
            raise RuntimeError(f"{path.name} is truncated")
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115 — open as long as the index is

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The given rows, in the given order; runs of consecutive rows are read in one call."""
        rows = np.asarray(rows, dtype=np.int64)
        order = np.argsort(rows, kind="stable")
        ordered = rows[order]
        out = np.empty((len(rows), self.shape[1]), dtype=np.float32)
        if len(rows) == 0:
            return out
        cuts = np.flatnonzero(np.diff(ordered) != 1) + 1
        fd = self._file.fileno()
        for start, end in zip(np.r_[0, cuts], np.r_[cuts, len(rows)]):
            want = (end - start) * self._row_bytes
            if os.preadv(fd, [out[start:end].data], self._offset + int(ordered[start]) * self._row_bytes) != want:
                raise RuntimeError("the vectors file ended early")
        result = np.empty_like(out)
        result[order] = out
        return result


@dataclass
class RefinedGraph:
    """hnsw_sq8: an HNSW graph over 8-bit codes, its candidates re-scored with the float rows."""

    graph: faiss.Index
    rows: np.ndarray | VectorRows

    @property
    def ntotal(self) -> int:
        return int(self.graph.ntotal)

    @property
    def d(self) -> int:
        return int(self.graph.d)

    def take(self, rows: np.ndarray) -> np.ndarray:
        return self.rows[rows] if isinstance(self.rows, np.ndarray) else self.rows.take(rows)

    @cached_property
    def _codes(self) -> tuple[np.ndarray, np.ndarray]:
        """The graph's (n, d) uint8 codes (a view into FAISS's memory) and its trained vmin | vdiff."""
        storage = faiss.downcast_index(self.graph.storage)
        codes = faiss.rev_swig_ptr(storage.codes.data(), storage.ntotal * storage.code_size)
        return codes.reshape(storage.ntotal, storage.code_size), faiss.vector_to_array(storage.sq.trained)

    def code_scores(self, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Inner products of the query with the given rows' 8-bit codes, decoded on the fly.

        QT_8bit stores each dimension as vmin + (code + 0.5) / 255 · vdiff, so q·x is
        q·vmin + Σ (q · vdiff / 255)(code + 0.5): one float product per row over a quarter of the
        float bytes, in blocks that stay in cache."""
        dim = self.d
        codes, trained = self._codes
        weights = (query * trained[dim:] / 255).astype(np.float32)
        offset = float(query @ trained[:dim]) + 0.5 * float(weights.sum())
        out = np.empty(len(rows), dtype=np.float32)
        block = np.empty((min(CODE_BLOCK, len(rows)), dim), dtype=np.float32)
        for start in range(0, len(rows), CODE_BLOCK):
            part = rows[start:start + CODE_BLOCK]
            np.copyto(block[:len(part)], codes[part], casting="unsafe")
            out[start:start + len(part)] = _dot(block[:len(part)], weights)
        return out + offset


DenseIndex: TypeAlias = "faiss.Index | RefinedGraph"


def search_dense(index: DenseIndex, query: np.ndarray, k: int, allowed: np.ndarray | None = None
                 ) -> list[tuple[int, float]]:
    """Top-k (row, cosine) for one unit query vector, optionally restricted to `allowed` rows."""
    k = min(k, index.ntotal)
    if k <= 0:
        return []
    query = np.ascontiguousarray(query.reshape(-1), dtype=np.float32)
    if allowed is not None:
        allowed = np.asarray(allowed, dtype=np.int64)
        if len(allowed) == 0:
            return []
        k = min(k, len(allowed))
    if isinstance(index, RefinedGraph):
        return _search_refined(index, query, k, allowed)
    stored = _stored_vectors(index)
    if allowed is None:
        if stored is not None and isinstance(index, faiss.IndexFlat):
            return _exact(stored, query, k)
        return _faiss_search(index, query, k, None)
    if stored is not None and (isinstance(index, faiss.IndexFlat) or len(allowed) <= SUBSET_EXACT_LIMIT):
        return _exact(stored, query, k, allowed)
    return _faiss_search(index, query, k, _restricted(index, allowed))


def _search_refined(index: RefinedGraph, query: np.ndarray, k: int, allowed: np.ndarray | None
                    ) -> list[tuple[int, float]]:
    """The REFINE_FACTOR × k best by the codes — of a subset, all scored; else found by the graph —
    re-scored exactly with the float rows (a subset that small is scored with floats at once)."""
    shortlist = k * REFINE_FACTOR
    if allowed is not None and len(allowed) <= shortlist:
        candidates = allowed
    elif allowed is not None and len(allowed) <= SUBSET_EXACT_LIMIT:
        coarse = index.code_scores(allowed, query)
        candidates = allowed[np.argpartition(-coarse, shortlist - 1)[:shortlist]]
    else:
        params = _restricted(index.graph, allowed) if allowed is not None else None
        _, ids = index.graph.search(query.reshape(1, -1), min(index.ntotal, shortlist), params=params)
        candidates = ids[0][ids[0] >= 0]
    return best_of(candidates, _dot(index.take(candidates), query), k)


def _stored_vectors(index: faiss.Index) -> np.ndarray | None:
    """The raw vectors of a flat or HNSW-flat index as a (n, d) view (no copy), else None."""
    storage = faiss.downcast_index(index.storage) if isinstance(index, faiss.IndexHNSW) else index
    if not isinstance(storage, faiss.IndexFlat) or storage.ntotal == 0:
        return None
    return faiss.rev_swig_ptr(storage.get_xb(), storage.ntotal * storage.d).reshape(storage.ntotal, storage.d)


def _exact(vectors: np.ndarray, query: np.ndarray, k: int, rows: np.ndarray | None = None
           ) -> list[tuple[int, float]]:
    """Brute-force top-k by inner product over all rows or the given ones, ties by row number."""
    if rows is None:
        return best_of(np.arange(len(vectors)), _dot(vectors, query), k)
    if len(rows) < GATHER_SHARE * len(vectors):
        return best_of(rows, _dot(vectors[rows], query), k)
    return best_of(rows, _dot(vectors, query)[rows], k)


def _dot(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """vectors @ query on one BLAS thread (see _BLAS)."""
    with _BLAS.limit(limits=1, user_api="blas"):
        return vectors @ query


def _restricted(index: faiss.Index, allowed: np.ndarray) -> faiss.SearchParameters:
    """Search parameters limited to `allowed`, widened by the share of rows excluded so the
    search still meets about as many admissible rows as an unfiltered one."""
    selector = faiss.IDSelectorBatch(allowed)
    share = len(allowed) / index.ntotal
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
