"""From documents to cited passages: load, chunk by numbered section, index, search.

    from index import Config, build_index, open_index
    build_index(Config())                       # corpus/ → .index/
    hits = open_index(Config().index_dir).search("深圳2019年对家庭医生有什么安排?")
    hits[0].citation, hits[0].chunk.start, hits[0].chunk.end
"""
from core.config import Config
from core.errors import HwsError
from core.types import Chunk, Document, DocumentMeta, Hit, Section, Span
from index.build import BuildReport, build_index
from index.search import MODES, Filters, SearchIndex, open_index

__all__ = [
    "BuildReport", "Chunk", "Config", "Document", "DocumentMeta", "Filters", "Hit", "MODES", "HwsError",
    "SearchIndex", "Section", "Span", "build_index", "open_index",
]
