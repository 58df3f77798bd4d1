"""Search over the real corpus with the bundled model: citations, filters, modes, no duplicates."""
from __future__ import annotations

import pytest

from core.errors import QueryError
from index import Filters
from text.normalise import normalise_for_match

FAMILY_DOCTOR = "深圳2019年对家庭医生有什么安排?"


def test_hit_text_is_the_exact_span_of_the_stored_source(seed_index):
    for mode in ("hybrid", "dense", "lexical"):
        for hit in seed_index.search(FAMILY_DOCTOR, k=10, mode=mode):
            source = seed_index.document_text(hit.chunk.doc_id)
            assert source[hit.chunk.start:hit.chunk.end] == hit.chunk.text
            for span in hit.highlight:
                assert source[span.start:span.end] == span.text


def test_question_from_the_issue_finds_the_family_doctor_item(seed_index):
    hits = seed_index.search(FAMILY_DOCTOR, k=3)
    top = hits[0]
    assert (top.meta.city, top.meta.year) == ("深圳", 2019)
    assert "家庭医生" in top.chunk.breadcrumb
    assert top.citation.startswith(f"《{top.meta.title}》")
    assert any("家庭医生" in s.text for s in top.highlight)


def test_filters_restrict_city_year_and_type(seed_index):
    hits = seed_index.search("家庭医生签约", k=10, filters=Filters(cities=("南通",)))
    assert hits and {h.meta.city for h in hits} == {"南通"}
    hits = seed_index.search("家庭医生签约", k=10, filters=Filters(years=(2017, 2024)))
    assert hits and {h.meta.year for h in hits} <= {2017, 2024}
    hits = seed_index.search("家庭医生签约", k=10, filters=Filters(doc_types=("新闻稿",)))
    assert hits and {h.meta.doc_type for h in hits} == {"新闻稿"}


def test_filter_matching_nothing_returns_no_hits(seed_index):
    assert seed_index.search("家庭医生", filters=Filters(cities=("北京",))) == []


def test_named_city_and_year_rank_first(seed_index):
    hits = seed_index.search("东莞2024年托育服务目标", k=5)
    assert hits[0].meta.city == "东莞"
    english = seed_index.search("What is Dongguan's target for childcare places?", k=3)
    assert english[0].meta.city == "东莞"


def test_no_duplicate_passages_in_a_result_list(seed_index):
    for mode in ("hybrid", "dense", "lexical"):
        hits = seed_index.search("医联体建设", k=20, mode=mode)
        sections = [h.chunk.section_id for h in hits]
        assert len(sections) == len(set(sections))
        assert len({h.chunk.text for h in hits}) == len(hits)


def test_ranks_are_consecutive_and_scores_descend_within_a_scope_level(seed_index):
    hits = seed_index.search("药品集中采购", k=10, auto_scope=False)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_hybrid_reports_the_scores_of_both_retrievers(seed_index):
    hit = seed_index.search("户厕改造", k=1)[0]
    assert set(hit.scores) <= {"dense", "lexical", "sentence", "sentence_dense"} and hit.scores


@pytest.mark.parametrize("query", ["", "   \n\t"])
def test_empty_query_is_refused_with_a_message(seed_index, query):
    with pytest.raises(QueryError, match="请输入问题"):
        seed_index.search(query)


def test_unknown_mode_lists_the_valid_ones(seed_index):
    with pytest.raises(ValueError, match="hybrid, dense, lexical"):
        seed_index.search("医改", mode="fuzzy")


def test_traditional_characters_find_simplified_text(seed_index):
    hits = seed_index.search("家庭醫生簽約服務", k=3, mode="lexical")
    assert hits and "家庭医生" in hits[0].chunk.text


def test_a_repeated_question_is_embedded_once_and_the_cache_can_be_turned_off(make_corpus, quick_config,
                                                                            hashing_embedder):
    from index import build_index, open_index

    calls = []

    class Counting:
        dim, model_id = hashing_embedder.dim, hashing_embedder.model_id

        def encode_queries(self, texts):
            calls.append(list(texts))
            return hashing_embedder.encode_queries(texts)

    config = quick_config(make_corpus({"a.txt": "杭州市2021年卫生健康工作要点\n一、目标\n（一）推进医共体建设。\n"}))
    build_index(config, embedder=hashing_embedder)
    index = open_index(config.index_dir, embedder=Counting())
    first = index.search("医共体建设", k=1, mode="dense")
    assert index.search("医共体建设", k=1, mode="dense") == first
    assert len(calls) == 1
    index.query_cache_size = 0
    index.search("医共体建设", k=1, mode="dense")
    index.search("医共体建设", k=1, mode="dense")
    assert len(calls) == 3


def test_a_documents_matchable_text_is_its_normalised_text_made_once(seed_index):
    doc_id = seed_index.documents[0].doc_id
    first = seed_index.matchable_text(doc_id)
    assert first == normalise_for_match(seed_index.document_text(doc_id))
    assert seed_index.matchable_text(doc_id) is first  # cached: a question naming the place pays nothing
