"""Build (or rebuild) the index from the corpus folder: load, chunk, embed, index, publish."""
from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.config import Config
from core.errors import CorpusError, HwsError, VectorCacheError
from core.types import Chunk, DocumentMeta
from embed import Embedder, VectorCache, embed_passages, load_embedder
from index import store
from index.chunk_store import meta_to_json, write_chunk_store
from index.manifest import FORMAT_VERSION, Manifest, read_manifest
from index.token_cache import passage_tokens
from ingest.chunking import chunk_document
from ingest.corpus import load_corpus, text_fingerprint
from retrieval.dense import build_dense, dense_params, save_dense
from retrieval.lexical import DATA_DIR, LexicalIndex, Tokenizer
from retrieval.sentences import SentenceIndex, sentence_units
from text.lexicon import lexicon_terms
from text.script import for_embedding

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class BuildReport:
    version: str
    documents: int
    chunks: int
    embedded: int  # chunks whose vectors were computed (the rest came from the cache)
    seconds: float
    skipped: tuple[str, ...]
    index_type: str

    def summary(self) -> str:
        return (f"索引已构建 (built): {self.documents} 篇文档, {self.chunks} 个段落 (chunks), "
                f"新嵌入 {self.embedded}, 用时 {self.seconds:.1f} 秒, 索引类型 {self.index_type}")


def passage_text(chunk: Chunk, meta: DocumentMeta) -> str:
    """What is embedded and tokenised for a chunk: its document and section context, then its text.

    The header lets a passage match the city, year and section title a question names even when
    its own sentences do not repeat them. A task's role lines (牵头责任单位:…) follow its text, so
    "县民政局牵头的任务" finds it although they are not part of the cited passage."""
    head = " ".join(x for x in (meta.city, f"{meta.year}年" if meta.year else "", meta.title) if x)
    text = f"{head}\n{chunk.breadcrumb}\n{chunk.text}"
    return f"{text}\n{chunk.duties}" if chunk.duties else text


def _sentence_vectors(embedder: Embedder, sentences: Sequence[str], cache_path: Path) -> np.ndarray:
    """Sentence vectors, cached by text like the chunks' (a rebuild embeds only new sentences);
    traditional-Chinese sentences are embedded simplified, as their chunks are."""
    try:
        return embed_passages(embedder, [for_embedding(s) for s in sentences], VectorCache(cache_path))[0]
    except sqlite3.DatabaseError as exc:
        raise VectorCacheError(f"向量缓存已损坏 ({cache_path}: {exc}); 请删除该文件后重新构建 "
                               "(delete the vector cache and rebuild; it only saves time)") from exc


def corpus_fingerprint(fingerprints: dict[str, str], metas: list[DocumentMeta], config: Config) -> str:
    """Changes when any document, its metadata, the chunking settings or the model name change."""
    payload = json.dumps({
        "docs": sorted(fingerprints.items()),
        "meta": sorted(json.dumps(meta_to_json(m), sort_keys=True, ensure_ascii=False) for m in metas),
        "chunking": [config.chunker, config.chunk_size, config.chunk_overlap],
        "model": config.model,
        "format": FORMAT_VERSION,
        "tokenizer": [hashlib.sha1(p.read_bytes()).hexdigest() for p in sorted(DATA_DIR.glob("*")) if p.is_file()],
    }, ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def is_current(config: Config) -> bool:
    """True when the live index was built from exactly this corpus with these settings."""
    try:
        manifest = read_manifest(store.current_version(config.index_dir))
    except HwsError:
        return False
    corpus = load_corpus(config.corpus_dir, max_bytes=config.max_file_bytes)
    fingerprints = {d.doc_id: text_fingerprint(d.text) for d in corpus.documents}
    return manifest.corpus_fingerprint == corpus_fingerprint(fingerprints, [d.meta for d in corpus.documents], config)


def build_index(config: Config, embedder: Embedder | None = None, progress: Progress | None = None,
                index_type: str = "auto", lock_wait: float = 0.0) -> BuildReport:
    """Build a new index version from config.corpus_dir and publish it atomically.

    Vectors come from the on-disk cache when the model and chunk text are unchanged, so a
    rebuild after editing one document embeds only that document's chunks."""
    started = time.perf_counter()
    report = progress or (lambda stage, fraction: None)
    with store.build_lock(config.index_dir, wait_seconds=lock_wait):
        report("读取文档 reading documents", 0.0)
        corpus = load_corpus(config.corpus_dir, max_bytes=config.max_file_bytes)
        if not corpus.documents:
            detail = "; ".join(corpus.skipped) or "没有支持的文件 (.txt .html .pdf .docx)"
            raise CorpusError(f"语料目录中没有可读取的文档 ({config.corpus_dir}): {detail}")
        report("切分章节 chunking sections", 0.1)
        chunks: list[Chunk] = []
        metas = {d.doc_id: d.meta for d in corpus.documents}
        for doc in corpus.documents:
            chunks.extend(chunk_document(doc, config.chunker, config.chunk_size, config.chunk_overlap))
        if not chunks:
            raise CorpusError(f"语料中没有可检索的正文 ({config.corpus_dir}): 每一行都被当作网页导航或页眉页脚 "
                              "(no body text left after removing page furniture)")
        texts = [passage_text(c, metas[c.doc_id]) for c in chunks]

        report("加载模型 loading model", 0.15)
        embedder = embedder or load_embedder(config.model)
        cache_path = config.vector_cache_path
        report("嵌入段落 embedding chunks", 0.2)
        try:
            vectors, embedded = embed_passages(embedder, [for_embedding(t) for t in texts], VectorCache(cache_path),
                                               show_progress=config.show_progress)
        except sqlite3.DatabaseError as exc:
            raise VectorCacheError(f"向量缓存已损坏 ({cache_path}: {exc}); 请删除该文件后重新构建 "
                                   "(delete the vector cache and rebuild; it only saves time)") from exc

        report("建立索引 indexing", 0.85)
        staging = store.new_version_dir(config.index_dir)
        try:
            dense, used_type = build_dense(vectors, index_type)
            save_dense(dense, staging / store.DENSE_FILE)
            tokenizer = Tokenizer(lexicon_terms())
            LexicalIndex.build(passage_tokens(tokenizer, texts, config.cache_dir)).save(staging / store.LEXICAL_DIR)
            report("嵌入句子 embedding sentences", 0.9)
            units = sentence_units([c.text for c in chunks])
            SentenceIndex.build(units, lambda s: passage_tokens(tokenizer, s, config.cache_dir),
                                lambda s: _sentence_vectors(embedder, s, cache_path)
                                ).save(staging / store.SENTENCES_DIR)
            fingerprints = {d.doc_id: text_fingerprint(d.text) for d in corpus.documents}
            write_chunk_store(
                staging, [(d.meta, fingerprints[d.doc_id], d.text) for d in corpus.documents], chunks)
            seconds = time.perf_counter() - started
            manifest = Manifest.new(
                model_id=embedder.model_id, model=config.model, dim=int(embedder.dim),
                corpus_dir=str(config.corpus_dir), corpus_fingerprint=corpus_fingerprint(
                    fingerprints, list(metas.values()), config),
                documents=fingerprints, doc_count=len(corpus.documents), chunk_count=len(chunks),
                index_type=used_type, dense_params=dense_params(dense), chunker=config.chunker,
                chunk_size=config.chunk_size, chunk_overlap=config.chunk_overlap,
                build_seconds=round(seconds, 2), embedded=embedded, skipped=tuple(corpus.skipped),
                sentences=len(units.texts),
            )
            final = store.publish(config.index_dir, staging, manifest)
        except BaseException:
            store.discard(staging)
            raise
        report("完成 done", 1.0)
        return BuildReport(final.name, len(corpus.documents), len(chunks), embedded,
                           time.perf_counter() - started, corpus.skipped, used_type)
