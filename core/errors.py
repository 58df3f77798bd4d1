"""The project's own exceptions: each carries a one-line, actionable message for the CLI and app."""
from __future__ import annotations

REBUILD_HINT = "请运行 python -m index build 重新构建索引 (rebuild the index)"


class HwsError(Exception):
    """Base class: str(error) is a one-line message a user can act on."""


class IndexMissingError(HwsError):
    pass


class IndexCorruptError(HwsError):
    pass


class IndexVersionError(HwsError):
    pass


class ModelMismatchError(HwsError):
    pass


class BuildLockedError(HwsError):
    pass


class QueryError(HwsError):
    """A query that cannot be searched as given (empty, too long)."""


class CorpusError(HwsError):
    """The corpus folder cannot be read or holds no readable document."""


class DocumentReadError(HwsError):
    """One document could not be read or decoded; the build skips it with a warning."""


class VectorCacheError(HwsError):
    """The on-disk vector cache is unreadable; deleting it costs only re-embedding time."""


class FileTooLargeError(CorpusError):
    """A document over the per-file size limit (Config.max_file_mb); the message names the flag."""
