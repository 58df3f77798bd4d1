"""The index directory: immutable versions published atomically, and their validated loading.

Layout::

    <index_dir>/CURRENT            name of the live version (replaced atomically)
    <index_dir>/v<time>-<id>/      manifest.json, chunks.sqlite, dense.faiss, lexical/
    <index_dir>/.build.lock        held while a build runs

A build writes a new version folder beside the live one and only then swaps CURRENT, so a
failed or killed build leaves the previous index serving; readers never see a half-written one.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import uuid
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from core.types import Chunk, DocumentMeta
from core.errors import REBUILD_HINT, BuildLockedError, IndexCorruptError, IndexMissingError, IndexVersionError

FORMAT_VERSION = 2  # 2: documents gain province, county, regions, years
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
CHUNKS_DB = "chunks.sqlite"
DENSE_FILE = "dense.faiss"
LEXICAL_DIR = "lexical"
KEEP_VERSIONS = 2

_SCHEMA = """
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, source TEXT, title TEXT, city TEXT, year INTEGER,
    doc_type TEXT, publisher TEXT, published TEXT, url TEXT, guessed TEXT, fingerprint TEXT, text TEXT,
    province TEXT, county TEXT, regions TEXT, years TEXT);
CREATE TABLE chunks (row INTEGER PRIMARY KEY, doc_id TEXT, section_id TEXT, path TEXT, breadcrumb TEXT,
    title TEXT, start INTEGER, "end" INTEGER, text TEXT);
CREATE INDEX chunks_doc ON chunks (doc_id);
"""


@contextmanager
def build_lock(index_dir: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """One build at a time per index directory: a second one waits, then refuses."""
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / ".build.lock"))
    try:
        lock.acquire(timeout=wait_seconds)
    except Timeout as exc:
        raise BuildLockedError(f"另一个构建正在进行 (another build holds {index_dir}/.build.lock); 请稍后再试") from exc
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


def write_chunk_store(folder: Path, documents: list[tuple[DocumentMeta, str, str]], chunks: list[Chunk]) -> None:
    """documents: (meta, fingerprint, decoded text); chunk i is stored as row i (its FAISS id)."""
    db = sqlite3.connect(folder / CHUNKS_DB)
    try:
        db.executescript(_SCHEMA)
        db.executemany(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(m.doc_id, m.source, m.title, m.city, m.year, m.doc_type, m.publisher, m.published, m.url,
              json.dumps(list(m.guessed)), fp, text, m.province, m.county, json.dumps(list(m.regions), ensure_ascii=False),
              json.dumps(list(m.years))) for m, fp, text in documents],
        )
        db.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?)",
            [(i, c.doc_id, c.section_id, c.path, c.breadcrumb, c.title, c.start, c.end, c.text)
             for i, c in enumerate(chunks)],
        )
        db.commit()
    finally:
        db.close()


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def publish(index_dir: Path, staging: Path, manifest: dict) -> Path:
    """Write the manifest last, move the staging folder into place, then swap CURRENT."""
    manifest = {**manifest, "format_version": FORMAT_VERSION}
    (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    _fsync_tree(staging)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
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


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorruptError(f"索引缺少 manifest.json ({folder.name}); {REBUILD_HINT}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(f"索引 manifest.json 已损坏 ({folder.name}); {REBUILD_HINT}") from exc
    version = manifest.get("format_version")
    if not isinstance(version, int):
        raise IndexCorruptError(f"索引 manifest.json 缺少 format_version; {REBUILD_HINT}")
    if version > FORMAT_VERSION:
        raise IndexVersionError(
            f"索引格式版本 {version} 比本程序支持的 {FORMAT_VERSION} 新 (built by a newer release): "
            f"请升级程序, 或 {REBUILD_HINT}")
    return manifest


def open_chunk_store(folder: Path) -> sqlite3.Connection:
    """A read-only connection usable from several threads (reads are serialised by the caller)."""
    path = folder / CHUNKS_DB
    if not path.exists():
        raise IndexCorruptError(f"索引缺少 chunks.sqlite ({folder.name}); {REBUILD_HINT}")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        db.execute("SELECT count(*) FROM chunks").fetchone()
    except sqlite3.DatabaseError as exc:
        raise IndexCorruptError(f"索引 chunks.sqlite 已损坏 ({exc}); {REBUILD_HINT}") from exc
    return db


def build_manifest(**fields) -> dict:
    return {"build_time": datetime.now(timezone.utc).isoformat(timespec="seconds"), **fields}


_META_COLUMNS = "doc_id, source, title, city, year, doc_type, publisher, published, url, guessed"
_PLACE_COLUMNS = ("province", "county", "regions", "years")


def read_metas(db: sqlite3.Connection) -> list[DocumentMeta]:
    """Every document's metadata, by doc_id; an index of format 1 (no place columns) reads with them empty."""
    have = {row[1] for row in db.execute("PRAGMA table_info(documents)")}
    extra = [c for c in _PLACE_COLUMNS if c in have]
    rows = db.execute(f"SELECT {', '.join([_META_COLUMNS, *extra])} FROM documents ORDER BY doc_id").fetchall()
    return [meta_from_row(r[:10], dict(zip(extra, r[10:]))) for r in rows]


def meta_from_row(row: tuple, places: dict | None = None) -> DocumentMeta:
    doc_id, source, title, city, year, doc_type, publisher, published, url, guessed = row
    places = places or {}
    return DocumentMeta(doc_id=doc_id, source=source, title=title, city=city, year=year, doc_type=doc_type,
                        publisher=publisher, published=published, url=url, guessed=tuple(json.loads(guessed)),
                        province=places.get("province") or "", county=places.get("county") or "",
                        regions=tuple(json.loads(places.get("regions") or "[]")),
                        years=tuple(json.loads(places.get("years") or "[]")))


def meta_to_json(meta: DocumentMeta) -> dict:
    data = asdict(meta)
    data["guessed"] = list(meta.guessed)
    return data
