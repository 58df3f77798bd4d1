"""Load a published index and answer queries: lexical, dense, or their fusion (the default)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from core.errors import REBUILD_HINT, IndexCorruptError, ModelMismatchError, QueryError
from core.types import Chunk, DocumentMeta, Hit
from embed import Embedder, EmbedderError, load_embedder
from index import store
from index.contents import IndexContents
from retrieval.dense import load_dense, search_dense
from retrieval.doc_table import ChunkDocuments, DocumentTable
from retrieval.fusion import rrf
from retrieval.highlight import best_sentences
from retrieval.lexical import LexicalIndex, Tokenizer
from retrieval.places import covers
from retrieval.rerank import Candidate, by_section, diversify, sentence_evidence, topic_first, topic_words
from retrieval.scope import Scope, asks_comparison, detect_scope
from retrieval.sentences import SentenceIndex
from text.coverage import is_content
from text.glossary import chinese_terms, is_english
from text.lexicon import expand_text, expand_tokens, lexicon_terms
from text.normalise import normalise_for_match
from text.questions import asks_quantity, without_document_frame

MODES = ("hybrid", "dense", "lexical")
MODE_LABELS = {"hybrid": "混合 hybrid", "dense": "语义 dense", "lexical": "关键词 lexical"}
MAX_QUERY_CHARS = 1000
QUERY_CACHE_SIZE = 256  # question vectors kept per open index
CANDIDATES = 100
SECTION_POOL = 3  # candidate chunks are grouped into sections for the first SECTION_POOL * k sections


@dataclass(frozen=True)
class SearchOptions:
    """How a search ranks, passed as an argument (evaluation compares variants side by side).

    Lexicon expansion (text/data/lexicon.tsv) per mode: `expand_tokens` adds synonyms to the BM25
    query tokens, `expand_text` to the query text that is embedded. Kept only where it helped on
    the gold set (`python -m eval.answers --lexicon`, 145 answerable questions, bundled model):
      lexical  recall@5 .814 → .825, MRR@10 .828 → .835 with tokens   (kept)
      hybrid   recall@5 .880 → .880, MRR@10 .871 → .878 with tokens   (kept; with text: .870/.867, dropped)
      dense    recall@5 .822 → .826, MRR@10 .830 → .819 with text     (dropped: MRR worse for 11, better for 5)
    `glossary`: an English question's glossary terms (text/data/glossary_en.tsv) join its BM25 tokens.
    `diversify`: "auto" gives comparison questions (各地/哪个城市/compare…) the best passage of each
    city-year first; "no_city" also every question that names no indexed city; "always"/"never"
    force it. On the dev split "no_city" did not beat "auto" (see the report), and it reorders
    ordinary questions, so "auto" is the default.
    `dense_weight`: RRF weight of the dense list; BM25 is weighted by query-token coverage.
    `sentence_weight`: a section's score adds this times the share of the question's terms in its
    best sentence (dev split, 72 questions: MRR@10 .923 → .946, recall@5 .874 → .915 at 0.01;
    0.02 helps English but hurts paraphrases). With the sentence-vector list below, 0.005 is best on
    dev (0.01 puts a chunk naming more of the question's words above the one meaning it).
    `sentence_dense`: RRF weight of a list of chunks ranked by their best sentence's cosine
    (sentence vectors, retrieval/sentences.py): a paraphrase matches one sentence, not the chunk.
    `sentence_list`: RRF weight (times BM25 query-token coverage) of a list of chunks ranked by their
    best sentence's BM25 (0 = off; that BM25 still breaks ties and picks a section's shown chunk).
    Dev split, 72 questions, MRR@10 / recall@10 by (sentence_weight, sentence_dense, sentence_list):
      0.01, 0, 0 (before) .953/.955   0.01, 0, 0.1 .954/.956   0.01, 0.5, 0.1 .952/.965
      0.005, 0.5, 0.1 .965/.962   0.005, 0.5, 0 .965/.969 (kept)   0.005, 0.75, 0.1 .952/.963
      0, 0.5, 0.1 .950/.966   0.0075, 0.5, 0.1 .951/.962
    `topic_first`: in a comparison, sections writing the question's topic words (idf-weighted,
    retrieval.rerank.topic_first) come before those that only mean something close. Dev split:
    cross_doc recall@10 .898 → .932, English recall@5 .944 → 1.000, no dev question worse."""

    expand_tokens: frozenset[str] = frozenset({"lexical", "hybrid"})
    expand_text: frozenset[str] = frozenset()
    glossary: bool = True
    diversify: Literal["auto", "no_city", "always", "never"] = "auto"
    dense_weight: float = 1.0
    sentence_weight: float = 0.005
    sentence_dense: float = 0.5
    sentence_list: float = 0.0
    topic_first: bool = True

    def with_expansion(self, mode: str, tokens: bool, text: bool) -> SearchOptions:
        """These options with the expansion of one mode set (the other modes unchanged)."""
        def toggled(modes: frozenset[str], on: bool) -> frozenset[str]:
            return modes | {mode} if on else modes - {mode}
        return replace(self, expand_tokens=toggled(self.expand_tokens, tokens),
                       expand_text=toggled(self.expand_text, text))


@dataclass(frozen=True)
class Filters:
    """Restrict results to these cities / years / document types (empty = no restriction)."""

    cities: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    doc_types: tuple[str, ...] = ()

    def allows(self, meta: DocumentMeta) -> bool:
        return ((not self.cities or meta.city in self.cities or covers(meta, self.cities))
                and (not self.years or meta.year in self.years)
                and (not self.doc_types or meta.doc_type in self.doc_types))


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of: {', '.join(MODES)}")
    return mode


def clean_query(query: str) -> str:
    """The query as searched; QueryError with a message for the user when it cannot be."""
    text = (query or "").strip()
    if not text:
        raise QueryError("请输入问题 (the question is empty)")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"问题过长 ({len(text)} 字), 请精简到 {MAX_QUERY_CHARS} 字以内 (question too long)")
    if any("\ud800" <= ch <= "\udfff" for ch in text):  # undecodable bytes from argv or a pipe
        raise QueryError("问题含有无法识别的字符, 请检查输入的编码 (the question is not valid text; use UTF-8)")
    if not any(ch.isalnum() for ch in text):
        raise QueryError("问题中没有可检索的文字或数字 (the question has no words to search for)")
    return text


class SearchIndex(IndexContents):
    """One loaded index version, searchable. Thread-safe for concurrent searches."""

    def __init__(self, folder: Path, embedder: Embedder | None = None, model: str | None = None) -> None:
        super().__init__(folder)
        try:
            self._dense = load_dense(folder / store.DENSE_FILE)
        except RuntimeError as exc:
            raise IndexCorruptError(f"向量索引文件损坏或缺失 (dense.faiss unreadable); {REBUILD_HINT}") from exc
        try:
            self._lexical = LexicalIndex.load(folder / store.LEXICAL_DIR)
        except (OSError, ValueError, KeyError) as exc:
            raise IndexCorruptError(f"关键词索引损坏或缺失 (lexical index unreadable); {REBUILD_HINT}") from exc
        self._sentences = self._load_sentences(folder)
        n = len(self._chunk_doc)
        if not (n == self.manifest.chunk_count == self._dense.ntotal == self._lexical.size):
            raise IndexCorruptError(
                f"索引文件互不一致 (chunks {n}, vectors {self._dense.ntotal}, lexical {self._lexical.size}); {REBUILD_HINT}")
        if self._dense.d != self.manifest.dim:
            raise IndexCorruptError(f"向量维度与 manifest 不符 ({self._dense.d} ≠ {self.manifest.dim}); {REBUILD_HINT}")
        self.embedder = embedder or self._load_embedder(model)
        self._check_embedder(self.embedder)
        self._tokenizer = Tokenizer(lexicon_terms())
        self.options = SearchOptions()  # the defaults; a search may pass its own
        self._doc_table = DocumentTable.of(self.documents)  # filter masks and scope without per-document calls
        self._chunk_docs = ChunkDocuments.of(self._chunk_doc, len(self.documents))
        # Question vectors, most recent last: the app reruns its page on every click and the answer
        # box needs the same vector as the search. Benchmarks set query_cache_size = 0.
        self.query_cache_size = QUERY_CACHE_SIZE
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._query_lock = threading.Lock()

    def _load_sentences(self, folder: Path) -> SentenceIndex | None:
        """The sentence postings the manifest records; None for a version without (format 2, or
        one published without them, as the scale benchmark does): searched by chunks only."""
        if not self.manifest.sentences:
            return None
        try:
            sentences = SentenceIndex.load(folder / store.SENTENCES_DIR)
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise IndexCorruptError(f"句子索引损坏或缺失 (sentence postings unreadable); {REBUILD_HINT}") from exc
        if sentences.size != self.manifest.sentences or int(sentences.rows.max()) >= self.manifest.chunk_count:
            raise IndexCorruptError(f"句子索引与段落不一致 (sentence postings do not match the chunks); {REBUILD_HINT}")
        return sentences

    @classmethod
    def open(cls, index_dir: Path, embedder: Embedder | None = None, model: str | None = None) -> SearchIndex:
        return cls(store.current_version(index_dir), embedder=embedder, model=model)

    def _load_embedder(self, model: str | None) -> Embedder:
        name = model or self.manifest.model or "bundled"
        try:
            return load_embedder(name)
        except EmbedderError as exc:
            raise ModelMismatchError(f"无法加载构建索引时使用的模型 {name}: {exc}") from exc

    def _check_embedder(self, embedder: Embedder) -> None:
        built_dim, built_id = self.manifest.dim, self.manifest.model_id
        if embedder.dim != built_dim:
            raise ModelMismatchError(
                f"索引由其他模型构建 (dim {built_dim} ≠ {embedder.dim}: {built_id} vs {embedder.model_id}); "
                f"请用 --model 选择原模型, 或 {REBUILD_HINT}")
        if embedder.model_id != built_id:
            raise ModelMismatchError(
                f"索引由其他模型构建 ({built_id}, 当前 {embedder.model_id}); 请用 --model 选择原模型, 或 {REBUILD_HINT}")

    # -- searching -------------------------------------------------------------------------
    def query_tokens(self, query: str, expand: bool = False, glossary: bool = False) -> list[str]:
        """BM25 tokens of the query; `glossary` adds the Chinese of its English terms, `expand`
        the lexicon synonyms of every token."""
        tokens = self._tokenizer(query)
        if glossary:
            terms = list(chinese_terms(query))
            if is_english(query):  # "Huizhou" → 惠州: the indexed cities it names in pinyin
                terms.extend(sorted(self.scope(query).cities))
            for term in terms:
                tokens.extend(t for t in self._tokenizer(term) if t not in tokens)
        return expand_tokens(tokens) if expand else tokens

    def query_vector(self, query: str) -> np.ndarray:
        text = normalise_for_match(query)
        with self._query_lock:
            if self.query_cache_size > 0 and text in self._query_vectors:
                self._query_vectors.move_to_end(text)
                return self._query_vectors[text]
        vector = self.embedder.encode_queries([text])[0]
        with self._query_lock:
            self._query_vectors[text] = vector
            while len(self._query_vectors) > self.query_cache_size:
                self._query_vectors.popitem(last=False)
        return vector

    def _rank(self, tokens: list[str] | None, vector: np.ndarray | None, n: int, mask: np.ndarray | None,
              dense_weight: float = 1.0, sentence_list: float = 0.0, sentence_dense: float = 0.0
              ) -> list[tuple[int, float, dict]]:
        """Rank with whichever of (tokens, vector) is given; both given means hybrid (RRF)."""
        allowed = None if mask is None else np.flatnonzero(mask)  # both searches take the row numbers
        lexical = self._lexical.top(tokens, n, allowed) if tokens is not None else []
        dense = search_dense(self._dense, vector, n, allowed) if vector is not None else []
        if vector is None:
            return [(r, s, {"lexical": s}) for r, s in lexical]
        if tokens is None:
            return [(r, s, {"dense": s}) for r, s in dense]
        parts: dict[int, dict] = {}
        for r, s in lexical:
            parts.setdefault(r, {})["lexical"] = s
        for r, s in dense:
            parts.setdefault(r, {})["dense"] = s
        coverage = self._lexical.coverage(tokens)
        lists, weights = [[r for r, _ in dense], [r for r, _ in lexical]], [dense_weight, coverage]
        if self._sentences is not None:  # best-sentence BM25: a list of its own, and a tie-break
            by_sentence = self._sentences.top_chunks(tokens, n, mask)
            for r, s in by_sentence:
                if r in parts or sentence_list > 0:
                    parts.setdefault(r, {})["sentence"] = s
            if sentence_list > 0:
                lists.append([r for r, _ in by_sentence])
                weights.append(sentence_list * coverage)
            if sentence_dense > 0 and self._sentences.has_vectors:
                by_meaning = self._sentences.top_chunks_dense(vector, n, mask)
                for r, s in by_meaning:
                    parts.setdefault(r, {})["sentence_dense"] = s
                lists.append([r for r, _ in by_meaning])
                weights.append(sentence_dense)
        fused = rrf(lists, weights=weights)
        return [(r, s, parts[r]) for r, s in fused[:n]]

    def scope(self, query: str) -> Scope:
        return detect_scope(query, self._doc_table, self.section_years)

    def search(self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None,
               auto_scope: bool = True, options: SearchOptions | None = None,
               diversify: bool | None = None) -> list[Hit]:
        """Top-k hits, one per section, each with citation and highlighted sentences.

        When the question names indexed cities or years (auto_scope), passages from those
        documents rank first; explicit filters restrict instead. `diversify` (None = as the
        options say) puts the best passage of every city-year first, for comparisons."""
        query = clean_query(query)
        check_mode(mode)
        if k < 1:
            raise ValueError("k must be at least 1")
        options = options or self.options
        filters = filters or Filters()
        filtered = bool(filters.cities or filters.years or filters.doc_types)
        allowed = (self._chunk_docs.spread(self._doc_table.allowed(filters.cities, filters.years, filters.doc_types))
                   if filtered else None)
        scope = self.scope(query) if auto_scope else Scope()
        priority = (self._doc_table.chunk_priority(scope.cities, scope.years, self._chunk_docs, self._chunk_years)
                    if scope else None)
        n = max(CANDIDATES, 3 * k)
        searched = without_document_frame(query)  # 工作要点里…: the title chunk would match those words
        plain_tokens = self.query_tokens(searched, glossary=options.glossary)  # tokenised once per search
        expanded_tokens = expand_tokens(plain_tokens)
        tokens = ((expanded_tokens if mode in options.expand_tokens else plain_tokens)
                  if mode in ("hybrid", "lexical") else None)
        embedded = expand_text(searched) if mode in options.expand_text else searched
        vector = self.query_vector(embedded) if mode in ("hybrid", "dense") else None
        if diversify is None:
            diversify = (options.diversify == "always"
                         or (options.diversify in ("auto", "no_city") and asks_comparison(query))
                         or (options.diversify == "no_city" and not scope.cities))
        terms = set(expanded_tokens)
        topic = (self._lexical.idf(t for t in plain_tokens if is_content(t))
                 if diversify and options.topic_first else {})
        wants_number = asks_quantity(query)
        ranked: list[Candidate] = []
        for mask in _level_masks(allowed, priority):
            level_ranked = self._sections(self._rank(tokens, vector, n, mask, options.dense_weight, options.sentence_list,
                                                     options.sentence_dense), terms, k,
                                          options.sentence_weight, wants_number, tuple(topic))
            if diversify:
                level_ranked = _diversify(topic_first(level_ranked, topic) if topic else level_ranked, self)
            ranked.extend(level_ranked)
            if len(ranked) >= k:
                break
        return self._hits(query, ranked, k, terms)

    def _sections(self, fused: list[tuple[int, float, dict]], terms: set[str], k: int,
                  sentence_weight: float = 0.0, wants_number: bool = False,
                  topic: tuple[str, ...] = ()) -> list[Candidate]:
        """Fused chunks grouped into sections (each shown by its best-evidence chunk), best first."""
        chunks = self.chunks([r for r, _, _ in fused])
        pool: list[Candidate] = []
        sections: set[str] = set()
        for (row, score, parts), chunk in zip(fused, chunks):
            if chunk.section_id not in sections and len(sections) >= SECTION_POOL * k:
                continue  # a new section far down the list: not needed for the top k
            sections.add(chunk.section_id)
            pool.append(Candidate(row, score, parts, chunk, sentence_evidence(terms, chunk.text, wants_number),
                                  float(parts.get("lexical", 0.0)), float(parts.get("sentence", 0.0)),
                                  topic_words(topic, chunk.text) if topic else frozenset()))
        return by_section(pool, sentence_weight)

    def _hits(self, query: str, ranked: list[Candidate], k: int, terms: set[str]) -> list[Hit]:
        hits: list[Hit] = []
        taken: list[Chunk] = []
        for c in ranked:
            if any(_duplicate(c.chunk, other) for other in taken):
                continue
            taken.append(c.chunk)
            hits.append(Hit(rank=len(hits) + 1, score=c.score, chunk=c.chunk, meta=self.meta(c.chunk.doc_id),
                            highlight=best_sentences(query, c.chunk.text, c.chunk.start, terms=terms),
                            scores=c.parts))
            if len(hits) == k:
                break
        return hits


def _level_masks(allowed: np.ndarray | None, priority: np.ndarray | None) -> Iterator[np.ndarray | None]:
    """The rows to search at each priority level, best level first (None: every row).

    Without filters or scope no per-chunk array is built at all (each costs milliseconds at a
    million chunks); priorities are a few small non-negative ints, so each level is one comparison
    (np.unique would sort: 17 ms at a million chunks)."""
    if priority is None:
        yield None if allowed is None or allowed.all() else allowed
        return
    for level in range(int(priority.max()) if priority.size else -1, -1, -1):
        rows_ok = priority == level if allowed is None else allowed & (priority == level)
        if rows_ok.any():
            yield None if rows_ok.all() else rows_ok


def _diversify(ranked: list[Candidate], index: SearchIndex) -> list[Candidate]:
    def city_year(c: Candidate) -> tuple[str, int | None]:
        meta = index.meta(c.chunk.doc_id)
        return meta.city, meta.year
    return diversify(ranked, city_year)


def _duplicate(a: Chunk, b: Chunk) -> bool:
    """Same text, or the same section: a section is cited once, by its best-matching piece,
    so the list shows distinct passages rather than neighbouring pieces of one section."""
    return a.text == b.text or a.section_id == b.section_id


def open_index(index_dir: Path, embedder: Embedder | None = None, model: str | None = None) -> SearchIndex:
    """The live index version in index_dir, validated against the embedder."""
    return SearchIndex.open(index_dir, embedder=embedder, model=model)


__all__ = ["Filters", "SearchOptions", "MODES", "MODE_LABELS", "SearchIndex", "open_index", "clean_query"]
