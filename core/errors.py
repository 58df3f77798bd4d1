"""The project's own exceptions: each carries a one-line, actionable message for the CLI and app."""
from __future__ import annotations

REBUILD_HINT = "请运行 python -m index build 重新构建索引 (rebuild the index)"


class SearchError(Exception):
    """Base class: str(error) is a one-line message a user can act on."""


class IndexMissingError(SearchError):
    pass


class IndexCorruptError(SearchError):
    pass


class IndexVersionError(SearchError):
    pass


class ModelMismatchError(SearchError):
    pass


class BuildLockedError(SearchError):
    pass


class QueryError(SearchError):
    """A query that cannot be searched as given (empty, too long)."""


class CorpusError(SearchError):
    """The corpus folder cannot be read or holds no readable document."""


class DocumentReadError(SearchError):
    """One document could not be read or decoded; the build skips it with a warning."""


class VectorCacheError(SearchError):
    """The on-disk vector cache is unreadable; deleting it costs only re-embedding time."""


class FileTooLargeError(CorpusError):
    """A document over the per-file size limit (Config.max_file_mb); the message names the flag."""
