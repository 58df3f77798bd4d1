"""From documents to cited passages: load, chunk by numbered section, index, search.

    from index import Config, build_index, open_index
    build_index(Config())                       # corpus/ → .index/
    hits = open_index(Config().index_dir).search("深圳2019年对家庭医生有什么安排?")
    hits[0].citation, hits[0].chunk.start, hits[0].chunk.end
"""
from .build import BuildReport, build_index
from .config import Config
from .domain import Chunk, Document, DocumentMeta, Hit, Section, Span
from .errors import SearchError
from .search import MODES, Filters, SearchIndex, open_index

__all__ = [
    "BuildReport", "Chunk", "Config", "Document", "DocumentMeta", "Filters", "Hit", "MODES", "SearchError",
    "SearchIndex", "Section", "Span", "build_index", "open_index",
]
