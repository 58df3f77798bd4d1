"""What each figure is compared with, measured in the same run on the same machine.

- Dense search: a brute-force numpy matrix-vector product and top-k (BLAS on all cores), and the
  memory-bandwidth bound of a full scan: bytes scanned / copy bandwidth. Copy bandwidth counts
  the bytes read plus the bytes written by a large np.copyto (the STREAM convention), so the bound
  is the time to stream the vectors through the CPU once; no exact search can beat it.
- Lexical search: rank_bm25 (the common pure-Python BM25 package), BM25Okapi over the same tokens.
"""
from __future__ import annotations

import time

import numpy as np

COPY_BYTES = 512 * 2**20


def copy_bandwidth(nbytes: int = COPY_BYTES, times: int = 5) -> float:
    """Bytes per second moved by np.copyto on arrays far larger than the CPU caches (best of `times`)."""
    src = np.ones(nbytes // 4, dtype=np.float32)
    dst = np.empty_like(src)
    np.copyto(dst, src)  # fault the pages in first
    best = float("inf")
    for _ in range(times):
        began = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - began)
    return 2 * nbytes / best


def scan_bound_ms(nbytes: int, bandwidth: float) -> float:
    """Milliseconds to read nbytes once at the measured bandwidth."""
    return nbytes / bandwidth * 1000


def numpy_top_k(vectors: np.ndarray, query: np.ndarray, k: int) -> np.ndarray:
    """Brute-force top-k rows by inner product: the plainest exact dense search there is."""
    scores = vectors @ query
    top = np.argpartition(-scores, k - 1)[:k]
    return top[np.argsort(-scores[top])]


def exact_top_k(vectors: np.ndarray, queries: np.ndarray, k: int, block: int = 200_000) -> np.ndarray:
    """Exact top-k rows for many queries at once (ground truth for recall), in blocks of rows."""
    best_ids = np.empty((len(queries), 0), dtype=np.int64)
    best_scores = np.empty((len(queries), 0), dtype=np.float32)
    for lo in range(0, len(vectors), block):
        scores = queries @ vectors[lo:lo + block].T
        kk = min(k, scores.shape[1])
        top = np.argpartition(-scores, kk - 1, axis=1)[:, :kk]
        best_ids = np.concatenate([best_ids, top + lo], axis=1)
        best_scores = np.concatenate([best_scores, np.take_along_axis(scores, top, axis=1)], axis=1)
        keep = np.argsort(-best_scores, axis=1, kind="stable")[:, :k]
        best_ids = np.take_along_axis(best_ids, keep, axis=1)
        best_scores = np.take_along_axis(best_scores, keep, axis=1)
    return best_ids


class RankBM25:
    """rank_bm25's BM25Okapi over token lists, answering top-k like LexicalIndex.top."""

    def __init__(self, token_lists: list[list[str]]) -> None:
        from rank_bm25 import BM25Okapi

        self._bm25 = BM25Okapi(token_lists)

    def top(self, tokens: list[str], k: int) -> np.ndarray:
        scores = self._bm25.get_scores(tokens)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        return top[np.argsort(-scores[top])]


def recall_at(found: list[int] | np.ndarray, truth: np.ndarray, k: int) -> float:
    """Share of the exact top-k that the first k found rows contain."""
    truth_k = set(int(i) for i in truth[:k])
    if not truth_k:
        return 1.0
    return len(truth_k & set(int(i) for i in list(found)[:k])) / len(truth_k)
