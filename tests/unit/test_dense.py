"""Dense index types: chosen by corpus size, recorded in the manifest, searched exactly where it matters."""
from __future__ import annotations

import faiss
import numpy as np
import pytest

from index import build_index, open_index, store
from index.manifest import read_manifest
from retrieval.dense import (
    EXACT_LIMIT,
    INDEX_TYPES,
    QUANTISE_LIMIT,
    build_dense,
    choose_index_type,
    dense_params,
    load_dense,
    save_dense,
    search_dense,
)


def unit_vectors(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def brute_force(vectors: np.ndarray, query: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[int]:
    rows = np.arange(len(vectors)) if rows is None else rows
    scores = vectors[rows] @ query
    return [int(rows[i]) for i in np.lexsort((rows, -scores))[:k]]


def test_exact_index_up_to_the_limit_and_a_graph_beyond():
    assert choose_index_type(1) == choose_index_type(EXACT_LIMIT) == "flat"
    assert choose_index_type(EXACT_LIMIT + 1) == choose_index_type(QUANTISE_LIMIT) == "hnsw"
    assert choose_index_type(QUANTISE_LIMIT + 1) == "hnsw_sq8"


@pytest.mark.parametrize("kind", INDEX_TYPES)
def test_every_index_type_survives_saving_and_finds_a_stored_vector(kind, tmp_path):
    vectors = unit_vectors(3000)
    index, used = build_dense(vectors, kind)
    save_dense(index, tmp_path / "dense.faiss")
    loaded = load_dense(tmp_path / "dense.faiss")

    hits = search_dense(loaded, vectors[42], 10)

    assert used == kind == dense_params(loaded)["index_type"]
    assert len(hits) == 10 and len({r for r, _ in hits}) == 10
    assert all(0 <= r < len(vectors) for r, _ in hits)
    if kind != "ivfpq":  # product quantisation approximates the vectors themselves
        assert hits[0][0] == 42 and hits[0][1] == pytest.approx(1.0, abs=1e-5)


def test_search_parameters_are_kept_in_the_saved_file(tmp_path):
    index, _ = build_dense(unit_vectors(2000), "hnsw")
    index.hnsw.efSearch = 77
    save_dense(index, tmp_path / "dense.faiss")

    assert dense_params(load_dense(tmp_path / "dense.faiss"))["ef_search"] == 77


def test_flat_search_equals_brute_force_with_ties_broken_by_row():
    vectors = unit_vectors(500)
    vectors[300] = vectors[7]  # an exact tie
    index, _ = build_dense(vectors, "flat")

    found = [r for r, _ in search_dense(index, vectors[7], 20)]

    assert found == brute_force(vectors, vectors[7], 20) and found[:2] == [7, 300]


@pytest.mark.parametrize("kind", ["hnsw", "hnsw_sq8", "ivf"])
def test_a_small_filter_on_an_approximate_index_is_searched_exactly(kind):
    vectors = unit_vectors(5000, seed=1)
    index, _ = build_dense(vectors, kind)
    rng = np.random.default_rng(2)
    allowed = np.sort(rng.choice(len(vectors), size=40, replace=False))

    for query in unit_vectors(20, seed=3):
        found = [r for r, _ in search_dense(index, query, 10, allowed)]
        assert found == brute_force(vectors, query, 10, allowed)


def test_a_filter_returns_only_allowed_rows_and_no_more_than_there_are():
    vectors = unit_vectors(3000)
    index, _ = build_dense(vectors, "hnsw")
    allowed = np.array([5, 17, 2999])

    found = search_dense(index, vectors[0], 10, allowed)

    assert sorted(r for r, _ in found) == [5, 17, 2999]
    assert search_dense(index, vectors[0], 10, np.array([], dtype=np.int64)) == []


def test_build_records_the_index_type_in_the_manifest(make_corpus, quick_config, hashing_embedder):
    corpus = make_corpus({"a.txt": "杭州市2021年卫生健康工作要点\n一、目标\n（一）推进医共体建设。完善分级诊疗。\n"})
    config = quick_config(corpus)

    report = build_index(config, embedder=hashing_embedder, index_type="hnsw")

    manifest = read_manifest(store.current_version(config.index_dir))
    assert report.index_type == manifest.index_type == "hnsw"
    assert manifest.dense_params["ef_search"] > 0  # how it is searched, for `index info`
    assert open_index(config.index_dir, embedder=hashing_embedder).search("医共体", k=1)


def test_quantised_graph_is_refined_with_the_float_vectors_and_filters_large_subsets():
    vectors = unit_vectors(24_000, dim=16, seed=4)
    index, _ = build_dense(vectors, "hnsw_sq8")
    allowed = np.flatnonzero(np.arange(len(vectors)) % 10 != 0)  # 21,600 rows: more than an exact subset scan
    queries = unit_vectors(10, dim=16, seed=5)
    recall = []
    for query in queries:
        found = search_dense(index, query, 10, allowed)
        assert all(r % 10 != 0 for r, _ in found) and len(found) == 10
        truth = brute_force(vectors, query, 10, allowed)
        recall.append(len({r for r, _ in found} & set(truth)) / 10)
        exact = {r: float(vectors[r] @ query) for r, _ in found}
        assert all(s == pytest.approx(exact[r], abs=1e-5) for r, s in found)  # refined: exact cosines
    assert np.mean(recall) >= 0.9


def test_a_saved_quantised_graph_reads_its_float_rows_from_their_own_file_without_mapping_them(tmp_path):
    vectors = unit_vectors(3000, seed=6)
    built, _ = build_dense(vectors, "hnsw_sq8")
    save_dense(built, tmp_path / "dense.faiss")
    loaded = load_dense(tmp_path / "dense.faiss")
    rows = np.array([2999, 5, 6, 7, 5, 0, 1234])  # unsorted, a run, a repeat

    assert np.array_equal(loaded.take(rows), vectors[rows])
    for query in unit_vectors(10, seed=7):
        assert search_dense(loaded, query, 10) == search_dense(built, query, 10)
        assert search_dense(loaded, query, 10, np.arange(0, 3000, 3)) == brute_force_hits(vectors, query, 10,
                                                                                          np.arange(0, 3000, 3))
    mapped = open("/proc/self/maps").read()
    assert "dense.faiss.f32.npy" not in mapped  # read with pread: no page of it stays resident


def brute_force_hits(vectors: np.ndarray, query: np.ndarray, k: int, rows: np.ndarray) -> list[tuple[int, float]]:
    return [(r, pytest.approx(float(vectors[r] @ query), abs=1e-5)) for r in brute_force(vectors, query, k, rows)]


@pytest.mark.parametrize("damage", ["missing", "truncated", "other shape"])
def test_a_quantised_graph_without_its_whole_float_file_is_refused(damage, tmp_path):
    vectors = unit_vectors(3000, seed=8)
    save_dense(build_dense(vectors, "hnsw_sq8")[0], tmp_path / "dense.faiss")
    floats = tmp_path / "dense.faiss.f32.npy"
    if damage == "missing":
        floats.unlink()
    elif damage == "truncated":
        floats.write_bytes(floats.read_bytes()[:-100])
    else:
        np.save(floats, vectors[:2000])

    with pytest.raises(RuntimeError):
        load_dense(tmp_path / "dense.faiss")


def test_a_subset_of_a_quantised_graph_is_shortlisted_by_its_codes_then_scored_with_floats():
    vectors = unit_vectors(5000, seed=6)
    index, _ = build_dense(vectors, "hnsw_sq8")
    allowed = np.sort(np.random.default_rng(7).choice(len(vectors), size=2000, replace=False))
    storage = faiss.downcast_index(index.graph.storage)
    codes = faiss.rev_swig_ptr(storage.codes.data(), storage.ntotal * storage.code_size
                               ).reshape(storage.ntotal, storage.code_size)
    recall = []
    for query in unit_vectors(20, seed=8):
        decoded = storage.sa_decode(np.ascontiguousarray(codes[allowed])) @ query
        assert np.allclose(index.code_scores(allowed, query), decoded, atol=1e-5)
        found = search_dense(index, query, 10, allowed)
        recall.append(len({r for r, _ in found} & set(brute_force(vectors, query, 10, allowed))) / 10)
        assert all(s == pytest.approx(float(vectors[r] @ query), abs=1e-6) for r, s in found)
    assert np.mean(recall) >= 0.99
