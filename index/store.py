"""The index directory: immutable versions published atomically, and their validated loading.

Layout::

    <index_dir>/CURRENT            name of the live version (replaced atomically)
    <index_dir>/v<time>-<id>/      manifest.json, chunks.sqlite, dense.faiss, lexical/, sentences/
    <index_dir>/.build.lock        held while a build runs

A build writes a new version folder beside the live one and only then swaps CURRENT, so a
failed or killed build leaves the previous index serving; readers never see a half-written one.
"""
from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from core.errors import REBUILD_HINT, BuildLockedError, IndexCorruptError, IndexMissingError
from index.manifest import Manifest

CURRENT = "CURRENT"
BUILD_LOCK = ".build.lock"
DENSE_FILE = "dense.faiss"
LEXICAL_DIR = "lexical"
SENTENCES_DIR = "sentences"  # sentence postings (format 3); older versions have none
KEEP_VERSIONS = 2



@contextmanager
def build_lock(index_dir: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """One build at a time per index directory: a second one waits, then refuses."""
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / BUILD_LOCK))
    try:
        lock.acquire(timeout=wait_seconds)
    except Timeout as exc:
        raise BuildLockedError(f"另一个构建正在进行 (another build holds {index_dir / BUILD_LOCK}); 请稍后再试") from exc
    try:
        yield
    finally:
        lock.release()


def new_version_dir(index_dir: Path) -> Path:
    """A private staging folder inside index_dir (same filesystem, so publishing is a rename)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    staging = index_dir / f".staging-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    return staging


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def publish(index_dir: Path, staging: Path, manifest: Manifest) -> Path:
    """Write the manifest last, move the staging folder into place, then swap CURRENT."""
    manifest.write(staging)
    _fsync_tree(staging)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    final = index_dir / f"v{stamp}-{uuid.uuid4().hex[:6]}"
    staging.rename(final)
    tmp = index_dir / f".{CURRENT}.{uuid.uuid4().hex[:6]}"
    tmp.write_text(final.name + "\n", encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / CURRENT)
    _prune(index_dir, keep=final.name)
    return final


def _prune(index_dir: Path, keep: str) -> None:
    """Drop old versions (keeping the newest KEEP_VERSIONS) and abandoned staging folders."""
    versions = sorted((p for p in index_dir.glob("v*") if p.is_dir()), key=lambda p: p.name)
    for old in versions[:-KEEP_VERSIONS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
    for staging in index_dir.glob(".staging-*"):
        shutil.rmtree(staging, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def current_version(index_dir: Path) -> Path:
    """The live version folder; IndexMissingError with the fix when there is none."""
    pointer = index_dir / CURRENT
    if not pointer.exists():
        raise IndexMissingError(f"索引不存在 (no index in {index_dir}); {REBUILD_HINT}")
    name = pointer.read_text(encoding="utf-8").strip()
    folder = index_dir / name
    if not name or "/" in name or not folder.is_dir():
        raise IndexCorruptError(f"索引指针损坏 (CURRENT points to missing {name!r}); {REBUILD_HINT}")
    return folder


