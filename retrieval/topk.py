"""The k best of a scored list, with ties broken by id — the one rule every ranked list here follows."""
from __future__ import annotations

import numpy as np


def best_of(ids: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best (id, score) of parallel arrays, best first, equal scores by ascending id.

    A partial partition finds the cut without sorting everything; when scores tie across the cut
    (BM25 gives equal scores to chunks with equal counts), every tied one is kept for the sort, so
    which of them make the list does not depend on the partition's order."""
    k = min(k, len(scores))
    if k <= 0:
        return []
    if k < len(scores):
        part = np.argpartition(-scores, k)  # position k holds the best score left out
        top = part[:k]
        if scores[part[k]] == scores[top].min():
            top = np.flatnonzero(scores >= scores[part[k]])
    else:
        top = np.arange(len(scores))
    order = top[np.lexsort((ids[top], -scores[top]))][:k]
    return [(int(ids[i]), float(scores[i])) for i in order]
