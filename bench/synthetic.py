"""Synthetic corpora of any size, recombined from the seed corpus's own sentences.

A synthetic document is a plan of one city and year (cities from a fixed list of prefecture-level
cities, so scope and filters see realistic metadata); its chunks carry real section breadcrumbs and
are sequences of real seed sentences (retrieval.highlight.split_sentences over the seed chunks), with
the seed cities' names replaced by the document's city, and chunk lengths drawn from the seed
corpus's own length distribution.

Vectors. Embedding a million chunks with the bundled model would take about 70 hours on two cores
(~4 chunks/s), so a synthetic chunk's vector is *composed*: the normalised sum of the bundled
model's vectors of its sentences, plus isotropic noise of norm NOISE. This keeps the neighbourhood
structure of real embeddings (chunks that share sentences are close, queries land in dense
regions), which is what approximate indexes exploit. `vectors="random"` gives i.i.d. random unit
vectors instead: the worst case for every approximate index, with no structure at all.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hws import (
    Chunk,
    Config,
    DocumentMeta,
    Embedder,
    VectorCache,
    chunk_document,
    embed_passages,
    load_corpus,
    passage_text,
)
from hws.parts import split_sentences

VECTOR_KINDS = ("composed", "random")
NOISE = 0.05
RESIDUAL_SCALE = 1.8
COHERENCE = 0.75
MIN_SENTENCE_CHARS = 6
SEED_CITIES = ("深圳", "南通", "东莞", "郑州")
CITIES = (
    "北京", "天津", "上海", "重庆", "石家庄", "唐山", "保定", "太原", "大同", "呼和浩特", "包头", "沈阳", "大连",
    "鞍山", "长春", "吉林", "哈尔滨", "齐齐哈尔", "南京", "无锡", "徐州", "常州", "苏州", "南通", "连云港", "淮安",
    "盐城", "扬州", "镇江", "泰州", "宿迁", "杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "台州", "合肥",
    "芜湖", "蚌埠", "安庆", "福州", "厦门", "泉州", "漳州", "南昌", "赣州", "九江", "济南", "青岛", "淄博", "烟台",
    "潍坊", "济宁", "临沂", "郑州", "开封", "洛阳", "新乡", "南阳", "武汉", "宜昌", "襄阳", "长沙", "株洲", "湘潭",
    "衡阳", "广州", "深圳", "珠海", "汕头", "佛山", "江门", "湛江", "惠州", "东莞", "中山", "南宁", "柳州", "桂林",
    "海口", "三亚", "成都", "绵阳", "宜宾", "南充", "贵阳", "遵义", "昆明", "曲靖", "拉萨", "西安", "宝鸡", "咸阳",
    "兰州", "西宁", "银川", "乌鲁木齐",
)
YEARS = tuple(range(2012, 2025))
DOC_TYPES = (("工作要点", "{city}市{year}年卫生健康工作要点"), ("工作会议报告", "{year}年全市卫生健康工作会议报告"),
             ("工作计划", "{city}市{year}年卫生健康工作计划"), ("工作总结", "{city}市{year}年卫生健康工作总结"))
CHUNKS_PER_DOC = 35  # the seed corpus has 177 chunks in 5 documents


@dataclass(frozen=True)
class Seed:
    """What synthetic corpora are recombined from: the seed corpus's sentences and sections."""

    sentences: tuple[str, ...]
    sections: tuple[tuple[str, str, str], ...]  # (path, breadcrumb, title) of the seed chunks
    chunk_lengths: np.ndarray  # characters per seed chunk

    @classmethod
    def from_corpus(cls, config: Config) -> Seed:
        corpus = load_corpus(config.corpus_dir)
        chunks = [c for doc in corpus.documents
                  for c in chunk_document(doc, config.chunker, config.chunk_size, config.chunk_overlap)]
        sentences = dict.fromkeys(s.text for c in chunks for s in split_sentences(c.text)
                                  if len(s.text) >= MIN_SENTENCE_CHARS)
        sections = dict.fromkeys((c.path, c.breadcrumb, c.title) for c in chunks)
        return cls(tuple(sentences), tuple(sections), np.array([len(c.text) for c in chunks]))

    def sentence_vectors(self, embedder: Embedder, cache_path: Path) -> np.ndarray:
        """The embedder's passage vectors of every seed sentence (cached like chunk vectors)."""
        vectors, _ = embed_passages(embedder, list(self.sentences), VectorCache(cache_path))
        return vectors


class SyntheticCorpus:
    """`size` chunks in documents of about CHUNKS_PER_DOC chunks, deterministic for a given rng seed.

    Chunks are held compactly (sentence ids per chunk); texts, Chunk records, token lists and
    vectors are produced on demand, so a million chunks fit in a few GB."""

    def __init__(self, seed: Seed, size: int, rng_seed: int = 0, coherence: float = COHERENCE) -> None:
        rng = np.random.default_rng(rng_seed)
        self.seed = seed
        self.size = size
        n_docs = max(1, round(size / CHUNKS_PER_DOC))
        bounds = np.sort(rng.choice(np.arange(1, size), size=n_docs - 1, replace=False)) if n_docs > 1 else []
        self.doc_start = np.concatenate([[0], bounds, [size]]).astype(np.int64)
        self.chunk_doc = np.repeat(np.arange(n_docs, dtype=np.int32), np.diff(self.doc_start))
        self.documents = [self._meta(i, rng) for i in range(n_docs)]
        self.chunk_section = rng.integers(0, len(seed.sections), size=size, dtype=np.int32)
        self._sentence_len = np.array([len(s) for s in seed.sentences])
        targets = rng.choice(seed.chunk_lengths, size=size)
        # Draw enough sentences for every chunk at once, then cut the stream where each chunk's
        # target length is reached (at least one sentence per chunk).
        mean_len = float(self._sentence_len.mean())
        per_chunk = np.maximum(1, np.ceil(targets / mean_len).astype(np.int64))
        self.indptr = np.concatenate([[0], np.cumsum(per_chunk)]).astype(np.int64)
        self.sentence_ids = _runs(rng, len(seed.sentences), self.indptr, coherence)

    @staticmethod
    def _meta(i: int, rng: np.random.Generator) -> DocumentMeta:
        city = CITIES[rng.integers(len(CITIES))]
        year = int(YEARS[rng.integers(len(YEARS))])
        doc_type, title = DOC_TYPES[rng.integers(len(DOC_TYPES))]
        return DocumentMeta(doc_id=f"syn{i:06d}", source=f"synthetic/syn{i:06d}.txt",
                            title=title.format(city=city, year=year), city=city, year=year, doc_type=doc_type)

    def sentences_of(self, row: int) -> np.ndarray:
        return self.sentence_ids[self.indptr[row]:self.indptr[row + 1]]

    def _sentence(self, sid: int, city: str) -> str:
        text = self.seed.sentences[sid]
        for name in SEED_CITIES:
            if name in text:
                text = text.replace(name, city)
        return text

    def chunk_text(self, row: int) -> str:
        city = self.documents[self.chunk_doc[row]].city
        return "".join(self._sentence(int(s), city) for s in self.sentences_of(row))

    def documents_with_text(self) -> Iterator[tuple[DocumentMeta, str, list[Chunk]]]:
        """Each document's metadata, decoded text (its chunks joined by line breaks) and chunks,
        with offsets such that text[chunk.start:chunk.end] == chunk.text."""
        for d, meta in enumerate(self.documents):
            parts, chunks, at = [], [], 0
            for row in range(self.doc_start[d], self.doc_start[d + 1]):
                text = self.chunk_text(row)
                path, breadcrumb, title = self.seed.sections[self.chunk_section[row]]
                chunks.append(Chunk(meta.doc_id, f"{meta.doc_id}#{path}", path, breadcrumb, title,
                                    text, at, at + len(text)))
                parts.append(text)
                at += len(text) + 1
            yield meta, "\n".join(parts), chunks

    def token_lists(self, tokenize) -> list[list[str]]:
        """Tokens of every chunk's passage text (index.build.passage_text), assembled from the
        tokens of its header, breadcrumb and sentences, each tokenised once.

        Sentences end in 。；！？ so jieba never joins words across them; the result equals
        tokenising each passage whole, at a fraction of the cost (jieba's own speed is measured
        separately by the build benchmark)."""
        heads: dict[int, list[str]] = {}
        crumbs: dict[int, list[str]] = {}
        sentences: dict[tuple[int, str], list[str]] = {}
        out: list[list[str]] = []
        for row in range(self.size):
            d, s = int(self.chunk_doc[row]), int(self.chunk_section[row])
            meta = self.documents[d]
            if d not in heads:
                heads[d] = tokenize(passage_text(Chunk("", "", "", "", "", "", 0, 0), meta).strip())
            if s not in crumbs:
                crumbs[s] = tokenize(self.seed.sections[s][1])
            tokens = heads[d] + crumbs[s]
            for sid in self.sentences_of(row):
                key = (int(sid), meta.city)
                if key not in sentences:
                    sentences[key] = tokenize(self._sentence(key[0], meta.city))
                tokens += sentences[key]
            out.append(tokens)
        return out

    def vectors(self, kind: str, dim: int, sentence_vectors: np.ndarray | None = None, rng_seed: int = 1,
                block: int = 100_000) -> np.ndarray:
        """Unit float32 vectors of the model's dimension, one per chunk: 'composed' from sentence
        vectors, or 'random'."""
        if kind not in VECTOR_KINDS:
            raise ValueError(f"unknown vector kind {kind!r}; choose one of {VECTOR_KINDS}")
        rng = np.random.default_rng(rng_seed)
        out = np.empty((self.size, dim), dtype=np.float32)
        if kind == "composed":
            if sentence_vectors is None or sentence_vectors.shape[1] != dim:
                raise ValueError(f"composed vectors need sentence vectors of dimension {dim}")
            centre = sentence_vectors.mean(axis=0)
        for lo in range(0, self.size, block):
            hi = min(self.size, lo + block)
            if kind == "random":
                part = rng.standard_normal((hi - lo, dim), dtype=np.float32)
            else:
                part = _sum_rows(sentence_vectors, self.sentence_ids, self.indptr, lo, hi)
                part /= np.linalg.norm(part, axis=1, keepdims=True)
                part = centre + RESIDUAL_SCALE * (part - centre)
                part /= np.linalg.norm(part, axis=1, keepdims=True)
                noise = rng.standard_normal(part.shape, dtype=np.float32)
                noise *= NOISE / np.linalg.norm(noise, axis=1, keepdims=True)
                part += noise
            part /= np.linalg.norm(part, axis=1, keepdims=True)
            out[lo:hi] = part
        return out


def _runs(rng: np.random.Generator, n_sentences: int, indptr: np.ndarray, coherence: float) -> np.ndarray:
    """Sentence ids per chunk: each chunk starts at a random seed sentence and continues with the
    next one in reading order with probability `coherence`, else jumps to a random sentence, so a
    chunk stays on a topic the way a real one does."""
    total = int(indptr[-1])
    jump = rng.random(total) >= coherence
    jump[indptr[:-1]] = True
    fresh = rng.integers(0, n_sentences, size=total)
    position = np.arange(total)
    last_jump = np.maximum.accumulate(np.where(jump, position, 0))
    return ((fresh[last_jump] + position - last_jump) % n_sentences).astype(np.int32)


def _sum_rows(vectors: np.ndarray, ids: np.ndarray, indptr: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Sum of vectors[ids[indptr[r]:indptr[r+1]]] for rows lo..hi (a sparse-dense product)."""
    from scipy.sparse import csr_matrix

    start, end = indptr[lo], indptr[hi]
    counts = csr_matrix((np.ones(end - start, dtype=np.float32), ids[start:end], indptr[lo:hi + 1] - start),
                        shape=(hi - lo, vectors.shape[0]))
    return np.asarray(counts @ vectors, dtype=np.float32)
