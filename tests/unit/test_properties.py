"""Properties that hold for any input (hypothesis): any text chunks into exact, in-section spans;
any bytes decode or raise DocumentReadError; any query gets well-formed hits or a QueryError."""
from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.config import REPO_ROOT
from core.errors import DocumentReadError, QueryError
from core.types import Document, DocumentMeta
from index import Config, Filters, build_index, open_index
from ingest.boilerplate import strip_boilerplate
from ingest.chunking import chunk_document
from ingest.pdf_text import unwrap
from ingest.reading import decode_bytes
from ingest.sections import parse_sections
from retrieval.highlight import best_sentences

# Pieces that exercise the section parser and the boilerplate filter, mixed with arbitrary text.
MARKERS = ["一、", "二、", "十一、", "（一）", "(二)", "（ 三 ）", "1.", "2．", "3、", "12.", "1.5万", "（1）", "(2)",
           "第一章", "第二节", "第三条", "一、二级医院", "\n", "\n", "\n", "\r\n", "\n\n", "。", "；", "，", "、", " ",
           "\u3000", "\t", "首页", "索引号: 123", "发布机构：某市卫健委", "附件下载", "【字体：大 中 小】", "…", "•",
           "家庭医生签约服务", "托位数达到4.5个", "95%以上"]
document_text = st.lists(
    st.one_of(st.sampled_from(MARKERS), st.text(max_size=40),
              st.text(alphabet="医疗卫生健康服务体系建设推进。，；\n一二三（）() 1.", max_size=60)),
    max_size=80).map("".join)


def make_document(text: str) -> Document:
    cleaned = strip_boilerplate(text)
    return Document(meta=DocumentMeta(doc_id="doc", source="doc.txt"), text=text, body=cleaned.body)


def _in_body(doc: Document, start: int, end: int) -> bool:
    """Every non-space character of text[start:end] lies on a kept (body) line."""
    covered = set()
    for a, b in doc.body:
        covered.update(range(max(a, start), min(b, end)))
    return all(i in covered for i in range(start, end) if not doc.text[i].isspace())


@settings(max_examples=300, deadline=None)
@given(text=document_text, size=st.integers(20, 300), overlap=st.integers(0, 19),
       chunker=st.sampled_from(["section", "window"]))
def test_any_text_chunks_into_exact_spans_inside_the_body(text, size, overlap, chunker):
    doc = make_document(text)
    chunks = chunk_document(doc, chunker, size, overlap)
    for chunk in chunks:
        assert 0 <= chunk.start < chunk.end <= len(text)
        assert text[chunk.start:chunk.end] == chunk.text and chunk.text.strip()
        assert len(chunk.text) <= size
        assert _in_body(doc, chunk.start, chunk.end)


@settings(max_examples=300, deadline=None)
@given(text=document_text, size=st.integers(20, 300))
def test_section_chunks_never_cross_their_section(text, size):
    doc = make_document(text)
    sections = {s.section_id: s for s in parse_sections(doc)}
    assert len(sections) == len(parse_sections(doc))  # section ids are unique
    for chunk in chunk_document(doc, "section", size, 10):
        section = sections[chunk.section_id]
        assert section.start <= chunk.start and chunk.end <= section.end


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_decode_or_raise_a_read_error(data):
    try:
        text = decode_bytes(data, "x.txt")
    except DocumentReadError as exc:
        assert "x.txt" in str(exc)
        return
    assert "\r" not in text and "\x00" not in text and "\x1b" not in text


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
@example(text="\ufeff")  # found by a CI run: a byte-order mark alone
def test_any_utf8_text_decodes_to_itself_with_controls_as_spaces(text):
    if "\x00" in text:
        return
    decoded = decode_bytes(text.encode("utf-8"))
    # a leading U+FEFF encodes as the UTF-8 byte-order mark, which is read as a mark, not as text
    assert len(decoded) == len(text.removeprefix("\ufeff").replace("\r\n", "\n"))


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.text(alphabet="医疗卫生。，1.（一）二、 ab", max_size=50), max_size=30))
def test_unwrapping_pdf_lines_keeps_every_character(lines):
    lines = [line for line in lines if "\n" not in line]
    squash = lambda items: "".join("".join(items).split())  # noqa: E731
    assert squash(unwrap(lines)) == squash(lines)


@settings(max_examples=200, deadline=None)
@given(query=st.text(max_size=80), text=st.text(max_size=300), offset=st.integers(0, 1000))
def test_highlighted_sentences_are_exact_spans(query, text, offset):
    source = " " * offset + text
    for span in best_sentences(query, text, offset):
        assert source[span.start:span.end] == span.text


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("props")
    corpus = root / "corpus"
    corpus.mkdir()
    for seed in sorted((REPO_ROOT / "corpus").glob("*.txt"))[1:3]:
        shutil.copy(seed, corpus / seed.name)
    config = Config(corpus_dir=corpus, index_dir=root / "index", cache_dir=root / "cache", model="hashing",
                    show_progress=False)
    build_index(config)
    return open_index(config.index_dir, model="hashing")


queries = st.one_of(
    st.text(max_size=200),
    st.text(max_size=1200),
    st.lists(st.sampled_from(["家庭医生", "签约", "托位", "2018年", "南通", "郑州", " ", "？", "😀", "<b>", "'", "OR",
                              "医養結合", "ＡＢＣ", "\n", "%", "*", "\\"]), max_size=12).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries, mode=st.sampled_from(["hybrid", "dense", "lexical"]), k=st.integers(1, 25),
       scoped=st.booleans(), city=st.sampled_from([None, "南通", "郑州", "北京"]))
def test_any_query_gets_well_formed_hits_or_a_query_error(small_index, query, mode, k, scoped, city):
    filters = Filters(cities=(city,)) if city else None
    try:
        hits = small_index.search(query, k=k, mode=mode, filters=filters, auto_scope=scoped)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert len(hits) <= k and [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert len({h.chunk.section_id for h in hits}) == len(hits)
    for hit in hits:
        assert city is None or hit.meta.city == city
        text = small_index.document_text(hit.chunk.doc_id)
        assert text[hit.chunk.start:hit.chunk.end] == hit.chunk.text
        for span in hit.highlight:
            assert text[span.start:span.end] == span.text
