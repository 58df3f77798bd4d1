"""Sentence postings and vectors (retrieval/sentences.py, index format 3), on tiny texts written here:
a chunk is found by its one matching sentence, a section is shown by the chunk whose sentence
matches best, and an index without sentence postings (format 2) still opens and searches."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from core.errors import IndexCorruptError
from core.types import Chunk
from index import open_index, store
from index.manifest import MANIFEST
from retrieval.rerank import Candidate, by_section
from retrieval.sentences import MIN_SENTENCE_CHARS, SentenceIndex, sentence_units

OTHER = "加强基层医疗卫生机构标准化建设,提升基层服务能力。"
CHUNKS = [
    OTHER * 6 + "全市新增自动体外除颤仪500台。" + OTHER * 6,  # the figure in one sentence of many
    "推进自动体外除颤仪培训,普及急救知识。",               # the words, no figure, short chunk
    "做好传染病监测和免疫规划工作。",
]


def _tokens(texts):
    return [[t for t in ("除颤仪", "新增", "急救", "基层", "传染病", "500") if t in s] for s in texts]


def test_sentence_units_map_each_sentence_to_its_chunk_and_skip_headings():
    units = sentence_units(["一、\n第一句话写在这里。第二句话也在这里。", "另一个段落的一句话。"])
    assert units.rows == (0, 0, 1)
    assert units.texts[0] == "第一句话写在这里。" and "一、" not in units.texts
    assert all(len(t) >= MIN_SENTENCE_CHARS for t in units.texts)


def test_a_chunk_is_ranked_by_its_best_sentence_once_and_masked_by_chunk(tmp_path):
    index = SentenceIndex.build(sentence_units(CHUNKS), _tokens)
    ranked = index.top_chunks(["除颤仪", "新增", "500"], 10)
    assert [r for r, _ in ranked][:2] == [0, 1]  # one entry per chunk: the long chunk's one sentence wins
    assert len({r for r, _ in ranked}) == len(ranked)
    mask = np.array([False, True, True])
    assert [r for r, _ in index.top_chunks(["除颤仪", "新增", "500"], 10, mask)] == [1]
    index.save(tmp_path / "s")
    again = SentenceIndex.load(tmp_path / "s")
    assert again.top_chunks(["除颤仪", "新增", "500"], 10) == ranked and not again.has_vectors


def test_sentence_vectors_rank_chunks_by_their_closest_sentence(tmp_path):
    units = sentence_units(CHUNKS)
    target = units.texts.index("全市新增自动体外除颤仪500台。")

    def embed(texts):  # one axis per sentence: the query below is closest to the figure's sentence
        vectors = np.eye(len(texts), dtype=np.float32)
        vectors[:, target] += 0.1
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    index = SentenceIndex.build(units, _tokens, embed)
    query = np.zeros(len(units.texts), dtype=np.float32)
    query[target] = 1.0
    assert index.has_vectors and index.top_chunks_dense(query, 2)[0][0] == 0
    assert [r for r, _ in index.top_chunks_dense(query, 5, np.array([False, True, True]))] == [1, 2]
    index.save(tmp_path / "s")
    assert SentenceIndex.load(tmp_path / "s").top_chunks_dense(query, 1) == index.top_chunks_dense(query, 1)


def test_of_equal_term_share_a_section_shows_the_chunk_whose_sentence_scores_higher():
    def chunk(row: int) -> Chunk:
        return Chunk("d", "d#一、", "一、", "一、", "一、", f"text {row}", row * 10, row * 10 + 5)
    general = Candidate(1, 0.05, {}, chunk(1), 0.4, 3.0, sentence_bm25=2.0)
    figure = Candidate(2, 0.02, {}, chunk(2), 0.4, 1.0, sentence_bm25=6.0)
    for order in ([general, figure], [figure, general]):
        (shown,) = by_section(order)
        assert shown.row == 2 and shown.score == pytest.approx(0.05)


@pytest.fixture(scope="module")
def small_index(indexed_corpus):
    text = "甲市2020年卫生健康工作要点\n一、急救\n" + "".join(CHUNKS) + "\n二、疾控\n做好传染病监测和免疫规划工作。\n"
    return indexed_corpus("sentences", {"a.txt": text}).index_dir


def test_a_built_index_has_sentence_postings_and_vectors(small_index):
    index = open_index(small_index, model="hashing")
    assert index._sentences is not None and index._sentences.has_vectors
    assert index.manifest.sentences == index._sentences.size > len(index.all_chunks())
    hits = index.search("新增自动体外除颤仪多少台?", k=3)
    assert "500台" in hits[0].chunk.text


def test_an_index_of_format_2_without_sentence_postings_still_searches(small_index, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(small_index, copy)
    version = store.current_version(copy)
    shutil.rmtree(version / store.SENTENCES_DIR)
    manifest = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    manifest["format_version"] = 2
    del manifest["sentences"]  # a format-2 manifest has no such field
    (version / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    index = open_index(copy, model="hashing")
    assert index._sentences is None and index.search("除颤仪", k=2)


def test_an_index_whose_manifest_records_sentences_but_lacks_them_is_refused(small_index, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(small_index, copy)
    shutil.rmtree(store.current_version(copy) / store.SENTENCES_DIR)
    with pytest.raises(IndexCorruptError, match="sentence postings"):
        open_index(copy, model="hashing")
