"""Building blocks below the product API, public for benchmarks and evaluation only.

Benchmarks time the pieces of the pipeline one by one (tokenising, the FAISS index, BM25, publishing)
and compare them with yardsticks; they need the pieces, not just `search`. Product code (cli/, ui/)
uses `hws` itself.
"""
from __future__ import annotations

from index import store as index_store
from index.chunk_store import CHUNKS_DB, write_chunk_store
from index.embed_job import corpus_passages, embed_missing
from retrieval.dense import (
    RefinedGraph,
    build_dense,
    choose_index_type,
    dense_files,
    dense_params,
    load_dense,
    save_dense,
    search_dense,
)
from retrieval.highlight import split_sentences
from retrieval.lexical import LexicalIndex, Tokenizer
from text.lexicon import lexicon_terms

__all__ = [
    "index_store", "CHUNKS_DB", "write_chunk_store", "corpus_passages", "embed_missing", "build_dense",
    "choose_index_type", "dense_files", "dense_params", "load_dense", "RefinedGraph", "save_dense", "search_dense", "split_sentences", "LexicalIndex", "Tokenizer", "lexicon_terms",
]
