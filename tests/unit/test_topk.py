import numpy as np

from retrieval.topk import best_of


def test_scores_tied_across_the_cut_are_taken_by_ascending_id():
    rng = np.random.default_rng(0)
    for _ in range(50):
        scores = rng.integers(0, 4, 60).astype(np.float32)  # many ties
        ids = rng.permutation(1000)[:60]
        want = sorted(zip(ids.tolist(), scores.tolist()), key=lambda p: (-p[1], p[0]))[:7]
        assert best_of(ids, scores, 7) == want


def test_k_beyond_the_list_returns_everything_sorted_and_nothing_for_an_empty_list():
    assert best_of(np.array([5, 3, 9]), np.array([0.5, 0.5, 0.9]), 10) == [(9, 0.9), (3, 0.5), (5, 0.5)]
    assert best_of(np.array([], dtype=np.int64), np.array([], dtype=np.float32), 3) == []
