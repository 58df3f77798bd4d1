"""Chunks: exact offsets, never across sections, split long sections inside themselves."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.chunking import chunk_document, chunk_sections
from ingest.corpus import load_corpus
from ingest.sections import parse_sections
from tests.conftest import CORPUS
from tests.unit.test_sections import doc


def test_every_chunk_of_the_corpus_is_its_exact_source_span():
    corpus = load_corpus(CORPUS)
    assert len(corpus.documents) == 5
    for document in corpus.documents:
        for chunker in ("section", "window"):
            chunks = chunk_document(document, chunker)
            assert chunks
            for c in chunks:
                assert document.text[c.start:c.end] == c.text


def test_chunks_never_cross_a_section_boundary():
    for document in load_corpus(CORPUS).documents:
        sections = {s.section_id: s for s in parse_sections(document)}
        for c in chunk_sections(document, list(sections.values())):
            s = sections[c.section_id]
            assert s.start <= c.start and c.end <= s.end


def test_long_section_is_split_inside_with_its_path_kept():
    sentence = "推进家庭医生签约服务，提高签约率。"
    text = "一、基层\n（一）家庭医生。" + sentence * 80
    document = doc(text)
    chunks = chunk_sections(document, parse_sections(document), size=200, overlap=20)
    assert len(chunks) > 3
    assert {c.path for c in chunks} == {"一、/（一）"}
    assert all(len(c.text) <= 200 for c in chunks)
    assert all(text[c.start:c.end] == c.text for c in chunks)


def test_bare_parent_heading_is_not_a_chunk():
    document = doc("一、全面推进健康建设\n（一）完善机制。成立领导小组。\n（二）实施工程。开展活动。")
    chunks = chunk_sections(document, parse_sections(document))
    assert [c.path for c in chunks] == ["一、/（一）", "一、/（二）"]
    assert chunks[0].breadcrumb.startswith("一、全面推进健康建设 > ")


def test_boilerplate_lines_are_never_in_a_chunk():
    document = doc("首页 > 政务公开 > 计划\n一、目标\n内容一。\n分享到:\n附件下载\n")
    texts = " ".join(c.text for c in chunk_sections(document, parse_sections(document)))
    assert "内容一" in texts and "分享到" not in texts and "首页" not in texts


_pieces = st.sampled_from(["一、", "（二）", "(三)", "1.", "2．", "3、", "（1）", "第一章", "1.5万", "。", "，", "\n", "\n\n",
                           "  ", "家庭医生", "签约率达到47%", "首页 > 新闻", "分享到:", "x", "\u3000", "\r\n", "…"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_pieces, st.text(max_size=8)), max_size=60), st.integers(20, 300))
def test_any_text_chunks_with_exact_offsets(parts, size):
    text = "".join(parts)
    document = doc(text)
    for chunker in ("section", "window"):
        for c in chunk_document(document, chunker, size=size, overlap=min(10, size // 3)):
            assert text[c.start:c.end] == c.text
            assert c.text.strip()
