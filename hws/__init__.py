"""The public API: everything the CLI, the app, evaluation and benchmarks may use, and nothing more.

    import hws
    hws.build_index(hws.Config())                              # corpus/ → .index/ (atomic, versioned)
    index = hws.open_index(hws.Config().index_dir)
    hits = index.search("深圳2019年对家庭医生有什么安排?")        # cited passages, best first
    found = hws.answer_question(index, "东莞2024年新增多少张医疗床位?", hits)
    found.text, found.evidence.citation

Layers below this module import only downward (docs/architecture.md); code above it — cli/, ui/,
eval/, bench/ — imports from here, so a module can move inside the library without breaking them.
"""
from __future__ import annotations

from answer.extractive import answer_question
from answer.generate import GenerationError, LLMConfig, generate_answer, llm_config
from answer.judgement import SearchJudgement, judge_search
from answer.model import Answer, AnswerRow, Evidence
from answer.verbatim import numbers_in
from commitments.compare import DEFAULT_GROUPS, Group, comparable_groups
from commitments.export import filter_commitments, to_csv
from commitments.extract import extract_chunks, extract_commitments
from commitments.indicators import IndicatorSearch
from commitments.labels import PROBLEM_LABELS, label_problem
from commitments.model import KIND_LABELS, Commitment
from core.config import REPO_ROOT, Config
from core.errors import (
                         BuildLockedError,
                         HwsError,
                         IndexCorruptError,
                         IndexMissingError,
                         ModelMismatchError,
                         QueryError,
)
from core.types import PREAMBLE, Chunk, Document, DocumentMeta, Hit, Section, Span
from embed import ALIASES as MODEL_ALIASES
from embed import Embedder, EmbedderError, VectorCache, embed_passages, load_embedder
from embed.device import DEVICES
from index.build import BuildReport, build_index, is_current, passage_text
from index.chunk_store import meta_to_json
from index.contents import IndexContents
from index.embed_job import ENGINES as EMBED_ENGINES
from index.embed_job import EmbedJobReport, run_embed_job
from index.live import LiveIndex
from index.manifest import Manifest
from index.search import (
                         CANDIDATES,
                         MODE_LABELS,
                         MODES,
                         Filters,
                         SearchIndex,
                         SearchOptions,
                         check_mode,
                         clean_query,
                         open_index,
)
from index.status import IndexStatus, index_status
from ingest.chunking import chunk_document, chunk_sections
from ingest.corpus import load_corpus, load_document
from ingest.metadata import MANIFEST_NAME as CORPUS_MANIFEST_NAME
from ingest.sections import parse_sections
from ingest.updates import add_documents, remove_documents, staged_add
from retrieval.confidence import (
                         NO_ANSWER_MESSAGE,
                         THRESHOLD_PATH,
                         Calibration,
                         has_clear_answer,
                         no_answer_threshold,
                         top_score,
                         write_calibration,
)
from retrieval.dense import INDEX_TYPES
from text.normalise import normalise_for_match

__all__ = [
    # configuration, records, errors
    "Config", "REPO_ROOT", "Chunk", "Document", "DocumentMeta", "Hit", "PREAMBLE", "Section", "Span", "Manifest",
    "HwsError", "BuildLockedError", "IndexCorruptError", "IndexMissingError", "ModelMismatchError", "QueryError",
    "EmbedderError", "GenerationError",
    # models
    "Embedder", "MODEL_ALIASES", "load_embedder", "VectorCache", "embed_passages",
    # documents and the corpus folder
    "load_corpus", "load_document", "CORPUS_MANIFEST_NAME", "parse_sections", "chunk_document", "chunk_sections", "add_documents",
    "remove_documents", "staged_add",
    # the index
    "build_index", "BuildReport", "is_current", "passage_text", "INDEX_TYPES", "open_index", "SearchIndex", "SearchOptions",
    "IndexContents", "LiveIndex", "IndexStatus", "index_status", "meta_to_json", "EMBED_ENGINES", "EmbedJobReport",
    "run_embed_job", "DEVICES",
    # searching
    "MODES", "MODE_LABELS", "CANDIDATES", "Filters", "check_mode", "clean_query", "normalise_for_match",
    "NO_ANSWER_MESSAGE", "THRESHOLD_PATH", "Calibration", "has_clear_answer", "no_answer_threshold", "top_score",
    "write_calibration",
    # commitments
    "Commitment", "KIND_LABELS", "IndicatorSearch", "extract_chunks", "extract_commitments", "filter_commitments",
    "to_csv", "DEFAULT_GROUPS", "Group", "comparable_groups", "PROBLEM_LABELS", "label_problem",
    # answers
    "Answer", "AnswerRow", "Evidence", "SearchJudgement", "judge_search", "answer_question", "numbers_in", "LLMConfig", "generate_answer", "llm_config",
]
