"""Reciprocal rank fusion of ranked lists (Cormack, Clarke & Büttcher, SIGIR 2009)."""
from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60


def rrf(rankings: Sequence[Sequence[int]], k: int = RRF_K, weights: Sequence[float] | None = None
        ) -> list[tuple[int, float]]:
    """Fuse lists of ids (best first): score(d) = Σ w_i / (k + rank_i(d)), rank from 1.

    Ties are broken by the first list's order, then by id, so fusion is deterministic."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[int, float] = {}
    first_seen: dict[int, tuple[int, int]] = {}
    for list_no, (ranking, weight) in enumerate(zip(rankings, weights)):
        for rank, doc in enumerate(ranking, start=1):
            scores[doc] = scores.get(doc, 0.0) + weight / (k + rank)
            first_seen.setdefault(doc, (list_no, rank))
    return sorted(scores.items(), key=lambda item: (-item[1], first_seen[item[0]], item[0]))
