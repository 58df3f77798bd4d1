"""What the app needs to know before it searches: is there an index, is a build running, which model."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.errors import BuildLockedError, IndexMissingError
from index import store
from index.manifest import read_manifest


@dataclass(frozen=True)
class IndexStatus:
    version: str | None   # the live version folder's name; None when no index was ever published
    model: str | None     # the model name the live version was built with
    building: bool        # a build holds the lock (the live version, if any, keeps serving)

    @property
    def ready(self) -> bool:
        return self.version is not None


def build_running(index_dir: Path) -> bool:
    """True while a build holds the lock (probed by taking it without waiting)."""
    if not (index_dir / store.BUILD_LOCK).exists():
        return False
    try:
        with store.build_lock(index_dir):
            return False
    except BuildLockedError:
        return True


def index_status(index_dir: Path) -> IndexStatus:
    """Missing, building or ready, and with which model; a corrupt index raises its one-line error."""
    try:
        folder = store.current_version(index_dir)
    except IndexMissingError:
        return IndexStatus(None, None, build_running(index_dir))
    manifest = read_manifest(folder)
    return IndexStatus(folder.name, manifest.model or "bundled", build_running(index_dir))
