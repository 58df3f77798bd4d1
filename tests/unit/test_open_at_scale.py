"""Opening an index cheaply: mapped vector and BM25 files, the chunk→document array, document tables.

Each change must leave results exactly as they were: a mapped index answers like one read into
memory, the saved array equals the SQL column it replaces, the table masks equal the per-document rules.
"""
from __future__ import annotations

import random

import numpy as np
import pytest

from core.types import DocumentMeta
from index import build_index, open_index, store
from index.chunk_store import CHUNK_DOCS_FILE, ChunkStore
from index.search import Filters
from retrieval.dense import build_dense, load_dense, save_dense, search_dense
from retrieval.doc_table import ChunkDocuments, DocumentTable
from retrieval.lexical import LexicalIndex
from retrieval.scope import Scope, detect_scope


def unit_vectors(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_a_mapped_index_answers_exactly_like_one_read_into_memory(kind, tmp_path):
    vectors = unit_vectors(3000)
    index, _ = build_dense(vectors, kind)
    save_dense(index, tmp_path / "dense.faiss")
    mapped, copied = load_dense(tmp_path / "dense.faiss"), load_dense(tmp_path / "dense.faiss", mmap=False)
    allowed = np.arange(0, 3000, 7)

    for q in vectors[:20]:
        assert search_dense(mapped, q, 10) == search_dense(copied, q, 10)
        assert search_dense(mapped, q, 10, allowed) == search_dense(copied, q, 10, allowed)


def test_a_truncated_file_is_refused_when_mapped(tmp_path):
    index, _ = build_dense(unit_vectors(3000), "hnsw")
    path = tmp_path / "dense.faiss"
    save_dense(index, path)
    for cut in (path.stat().st_size // 5, path.stat().st_size - 8):  # inside the vectors, inside the graph
        broken = tmp_path / f"cut{cut}.faiss"
        broken.write_bytes(path.read_bytes()[:cut])
        with pytest.raises(RuntimeError):
            load_dense(broken)


def test_a_mapped_bm25_index_scores_exactly_like_one_in_memory(tmp_path):
    docs = [["医共体", "建设"], ["家庭", "医生", "签约"], ["医共体", "家庭", "医生"], ["托位", "数"]] * 5
    LexicalIndex.build(docs).save(tmp_path / "lexical")
    mapped = LexicalIndex.load(tmp_path / "lexical")
    copied = LexicalIndex.load(tmp_path / "lexical", mmap=False)

    for query in (["医共体"], ["家庭", "医生"], ["托位", "未知词"], []):
        assert np.array_equal(mapped.scores(query), copied.scores(query))
        assert mapped.top(query, 5) == copied.top(query, 5)


def _random_documents(n: int, seed: int) -> list[DocumentMeta]:
    rng = random.Random(seed)
    cities, years, types = ["杭州", "湖州", "宿州", ""], [2019, 2020, 2021, None], ["工作要点", "工作计划", ""]
    regions = [(), ("浙江省/湖州市",), ("安徽省/宿州市/灵璧县",), ("浙江省/杭州市", "浙江省/湖州市")]
    return [DocumentMeta(doc_id=f"d{i:03d}", source=f"d{i}.txt", city=rng.choice(cities), year=rng.choice(years),
                         doc_type=rng.choice(types), regions=rng.choice(regions)) for i in range(n)]


@pytest.mark.parametrize("seed", range(5))
def test_table_masks_equal_the_per_document_rules(seed):
    docs = _random_documents(60, seed)
    table = DocumentTable.of(docs)
    filters = [Filters(), Filters(cities=("浙江",)), Filters(cities=("灵璧", "杭州"), years=(2020,)),
               Filters(years=(2019, 2021), doc_types=("工作计划",)), Filters(cities=("北京",))]
    scopes = [Scope(frozenset({"湖州"}), frozenset()), Scope(frozenset(), frozenset({2020})),
              Scope(frozenset({"宿州", "杭州"}), frozenset({2019}))]

    for f in filters:
        expected = np.array([f.allows(m) for m in docs])
        assert np.array_equal(table.allowed(f.cities, f.years, f.doc_types), expected)
    for s in scopes:
        assert table.priority(s.cities, s.years).tolist() == [s.priority(m) for m in docs]


@pytest.mark.parametrize("grouped", [True, False])
def test_chunk_priority_equals_each_chunks_own_rule(grouped):
    docs = _random_documents(30, 7)
    table = DocumentTable.of(docs)
    rng = np.random.default_rng(7)
    chunk_doc = np.repeat(np.arange(30), rng.integers(0, 5, 30))
    if not grouped:
        rng.shuffle(chunk_doc)
    chunks = ChunkDocuments.of(chunk_doc, 30)
    assert (chunks.runs is not None) == (grouped or bool(np.all(np.diff(chunk_doc) >= 0)))
    section_years = np.where(rng.random(len(chunk_doc)) < 0.3, 2020, 0)
    scope = Scope(frozenset({"湖州"}), frozenset({2020}))

    by_document = table.chunk_priority(scope.cities, scope.years, chunks, None)
    assert by_document.tolist() == [scope.priority(docs[d]) for d in chunk_doc]
    by_section = table.chunk_priority(scope.cities, scope.years, chunks, section_years)
    in_place = [scope.priority(docs[d]) >= 2 for d in chunk_doc]
    own = [scope.priority(docs[d]) >= 4 for d in chunk_doc]
    in_year = [y == 2020 if y else docs[d].year == 2020 for d, y in zip(chunk_doc, section_years)]
    assert by_section.tolist() == [2 * p + (p and y) + 2 * o for p, y, o in zip(in_place, in_year, own)]


def test_scope_from_the_table_equals_scope_from_the_documents():
    docs = _random_documents(40, 1)
    table = DocumentTable.of(docs)
    for query in ("湖州2020年的目标", "浙江省医共体", "灵璧县2019年", "Huzhou family doctors", "全国 2031年"):
        assert detect_scope(query, table) == detect_scope(query, docs)


def test_chunk_documents_come_from_the_saved_array_and_equal_the_sql_column(make_corpus, quick_config,
                                                                            hashing_embedder):
    corpus = make_corpus({"b.txt": "湖州市2021年卫生健康工作要点\n一、目标\n（一）推进医共体建设。\n（二）托位数达到1000个。\n",
                          "a.txt": "杭州市2020年卫生健康工作计划\n一、任务\n（一）家庭医生签约。\n"})
    config = quick_config(corpus)
    build_index(config, embedder=hashing_embedder)
    folder = store.current_version(config.index_dir)
    chunk_store = ChunkStore(folder)
    documents = chunk_store.documents()
    from_sql = [[m.doc_id for m in documents].index(d) for d in chunk_store.chunk_doc_ids()]

    assert (folder / CHUNK_DOCS_FILE).exists()
    assert chunk_store.chunk_documents(documents).tolist() == from_sql
    before = [(h.chunk.section_id, h.score) for h in open_index(config.index_dir, embedder=hashing_embedder).search("托位数")]

    (folder / CHUNK_DOCS_FILE).unlink()  # an index built before the array existed: read through SQL
    assert ChunkStore(folder).chunk_documents(documents).tolist() == from_sql
    after = [(h.chunk.section_id, h.score) for h in open_index(config.index_dir, embedder=hashing_embedder).search("托位数")]
    assert after == before and before


def test_bm25_scores_summed_from_postings_equal_bm25s_own_scores():
    rng = random.Random(3)
    words = ["医共体", "建设", "家庭", "医生", "签约", "托位", "健康", "服务"]
    docs = [[rng.choice(words) for _ in range(rng.randint(1, 12))] for _ in range(300)]
    lexical = LexicalIndex.build(docs)

    for query in (["医共体"], ["家庭", "医生", "家庭"], ["托位", "未知词"], ["未知词"], []):
        ours = lexical.scores(query)
        theirs = lexical._bm25.get_scores(query) if any(t in words for t in query) else np.zeros(300)
        assert np.allclose(ours, theirs, rtol=1e-6, atol=1e-7)


def test_bm25_scores_of_a_scope_read_from_its_postings_equal_the_full_scores_exactly():
    rng = random.Random(4)
    words = ["医共体", "建设", "家庭", "医生", "签约", "托位", "健康", "服务"]
    lexical = LexicalIndex.build([[rng.choice(words) for _ in range(rng.randint(1, 12))] for _ in range(500)])
    scopes = [np.arange(40, 90), np.r_[0:5, 7, 100:180, 499], np.array([3]), np.array([], dtype=np.int64),
              np.flatnonzero(np.arange(500) % 7 == 2), np.arange(500)]

    for query in (["医共体"], ["家庭", "医生", "家庭"], ["托位", "未知词"], ["未知词"], []):
        full = lexical.scores(query)
        for rows in scopes:
            assert np.array_equal(lexical.scores_within(query, rows), full[rows])
            best = [(int(r), float(full[r])) for r in sorted(rows[full[rows] > 0], key=lambda r: (-full[r], r))[:10]]
            assert lexical.top(query, 10, rows) == best


def test_bm25s_writes_each_tokens_postings_in_row_order():
    """scores_within binary-searches each token's postings: a bm25s that stopped sorting them must fail here."""
    rng = random.Random(5)
    lexical = LexicalIndex.build([[rng.choice("甲乙丙丁戊己") for _ in range(rng.randint(1, 9))] for _ in range(400)])
    assert lexical._postings.has_sorted_indices
