"""chunks.sqlite of an index version: documents (metadata and decoded text) and chunks by row.

Every SQL statement of the index lives here, so the schema and the queries change together. Row i of
`chunks` is FAISS id i and BM25 document i. Reads are serialised by one lock: the connection is shared
by the app's threads.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import REBUILD_HINT, IndexCorruptError
from core.types import Chunk, DocumentMeta

CHUNKS_DB = "chunks.sqlite"
CHUNK_DOCS_FILE = "chunk_docs.npy"  # row → position of its document in doc_id order (int32), written beside the db

_SCHEMA = """
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, source TEXT, title TEXT, city TEXT, year INTEGER,
    doc_type TEXT, publisher TEXT, published TEXT, url TEXT, guessed TEXT, fingerprint TEXT, text TEXT,
    province TEXT, county TEXT, regions TEXT, years TEXT);
CREATE TABLE chunks (row INTEGER PRIMARY KEY, doc_id TEXT, section_id TEXT, path TEXT, breadcrumb TEXT,
    title TEXT, start INTEGER, "end" INTEGER, text TEXT, clause TEXT, duties TEXT, year INTEGER);
CREATE INDEX chunks_doc ON chunks (doc_id);
"""
_META_COLUMNS = "doc_id, source, title, city, year, doc_type, publisher, published, url, guessed"
_CHUNK_COLUMNS = 'doc_id, section_id, path, breadcrumb, title, text, start, "end", clause, duties, year'
# Every chunk query reads this view; an index of format 2 (no clause, duties, year) reads with them empty.
_CHUNK_VIEW = "CREATE TEMP VIEW chunk_rows AS SELECT * FROM chunks"
_CHUNK_VIEW_FORMAT_2 = ("CREATE TEMP VIEW chunk_rows AS SELECT row, doc_id, section_id, path, breadcrumb, title, start, "
                        "\"end\", text, '' AS clause, '' AS duties, NULL AS year FROM chunks")
_DOCUMENTS = f"SELECT {_META_COLUMNS}, province, county, regions, years FROM documents ORDER BY doc_id"
_DOCUMENTS_FORMAT_1 = f"SELECT {_META_COLUMNS}, '', '', '[]', '[]' FROM documents ORDER BY doc_id"  # no place columns
_DOCUMENT_COLUMNS = "PRAGMA table_info(documents)"
_CHUNK_TABLE_COLUMNS = "PRAGMA table_info(chunks)"
_CHUNK_DOCS = "SELECT doc_id FROM chunk_rows ORDER BY row"
_CHUNK_YEARS = "SELECT year FROM chunk_rows ORDER BY row"
_ALL_CHUNKS = f"SELECT {_CHUNK_COLUMNS} FROM chunk_rows ORDER BY row"
_DOCUMENT_CHUNKS = f"SELECT {_CHUNK_COLUMNS} FROM chunk_rows WHERE doc_id = ? ORDER BY start, row"
_DOCUMENT_TEXT = "SELECT text FROM documents WHERE doc_id = ?"
_CHUNKS_AT_ROWS = f"SELECT row, {_CHUNK_COLUMNS} FROM chunk_rows WHERE row IN "  # + "(?,?,…)"


def meta_to_json(meta: DocumentMeta) -> dict[str, Any]:
    data = asdict(meta)
    data["guessed"] = list(meta.guessed)
    return data


def _meta_from_row(row: tuple) -> DocumentMeta:
    doc_id, source, title, city, year, doc_type, publisher, published, url, guessed, province, county, regions, years = row
    return DocumentMeta(doc_id=doc_id, source=source, title=title, city=city, year=year, doc_type=doc_type,
                        publisher=publisher, published=published, url=url, guessed=tuple(json.loads(guessed)),
                        province=province or "", county=county or "", regions=tuple(json.loads(regions or "[]")),
                        years=tuple(json.loads(years or "[]")))


def write_chunk_store(folder: Path, documents: list[tuple[DocumentMeta, str, str]], chunks: list[Chunk]) -> None:
    """documents: (meta, fingerprint, decoded text); chunk i is stored as row i (its FAISS id)."""
    db = sqlite3.connect(folder / CHUNKS_DB)
    try:
        db.executescript(_SCHEMA)
        db.executemany(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(m.doc_id, m.source, m.title, m.city, m.year, m.doc_type, m.publisher, m.published, m.url,
              json.dumps(list(m.guessed)), fp, text, m.province, m.county,
              json.dumps(list(m.regions), ensure_ascii=False), json.dumps(list(m.years))) for m, fp, text in documents],
        )
        db.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(i, c.doc_id, c.section_id, c.path, c.breadcrumb, c.title, c.start, c.end, c.text, c.clause, c.duties,
              c.year)
             for i, c in enumerate(chunks)],
        )
        db.commit()
    finally:
        db.close()
    order = {doc_id: i for i, doc_id in enumerate(sorted(m.doc_id for m, _, _ in documents))}
    np.save(folder / CHUNK_DOCS_FILE, np.fromiter((order[c.doc_id] for c in chunks), dtype=np.int32, count=len(chunks)))


class ChunkStore:
    """Read-only access to one version's chunks.sqlite, shareable between threads."""

    def __init__(self, folder: Path) -> None:
        path = folder / CHUNKS_DB
        if not path.exists():
            raise IndexCorruptError(f"索引缺少 chunks.sqlite ({folder.name}); {REBUILD_HINT}")
        try:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self._db.execute("SELECT count(*) FROM chunks").fetchone()
        except sqlite3.DatabaseError as exc:
            raise IndexCorruptError(f"索引 chunks.sqlite 已损坏 ({exc}); {REBUILD_HINT}") from exc
        self._lock = threading.Lock()
        self._folder = folder
        columns = {row[1] for row in self._db.execute(_CHUNK_TABLE_COLUMNS)}
        if "clause" in columns:  # format 3: chunks gain clause, duties and year
            self._db.execute(_CHUNK_VIEW)
        else:
            self._db.execute(_CHUNK_VIEW_FORMAT_2)

    def documents(self) -> list[DocumentMeta]:
        """Every document's metadata, ordered by doc_id (an index of format 1 reads with empty places)."""
        with self._lock:
            columns = {row[1] for row in self._db.execute(_DOCUMENT_COLUMNS)}
            if "province" in columns:
                rows = self._db.execute(_DOCUMENTS).fetchall()
            else:
                rows = self._db.execute(_DOCUMENTS_FORMAT_1).fetchall()
        return [_meta_from_row(r) for r in rows]

    def chunk_documents(self, documents: list[DocumentMeta]) -> np.ndarray:
        """Each chunk row's document as a position in `documents` (doc_id order), int32.

        Read from chunk_docs.npy when the build wrote it (4 MB at a million chunks, no per-chunk
        Python objects); indexes built before it are read through SQL, with the same result."""
        path = self._folder / CHUNK_DOCS_FILE
        if path.exists():
            try:
                rows = np.load(path)
            except (OSError, ValueError) as exc:
                raise IndexCorruptError(f"索引 {CHUNK_DOCS_FILE} 已损坏 ({exc}); {REBUILD_HINT}") from exc
            if rows.ndim != 1 or (len(rows) and not 0 <= int(rows.min()) <= int(rows.max()) < len(documents)):
                raise IndexCorruptError(f"索引 {CHUNK_DOCS_FILE} 与文档表不符; {REBUILD_HINT}")
            return rows.astype(np.int32, copy=False)
        position = {m.doc_id: i for i, m in enumerate(documents)}
        return np.array([position[d] for d in self.chunk_doc_ids()], dtype=np.int32)

    def chunk_doc_ids(self) -> list[str]:
        """The document of each chunk row, in row order (for filter masks)."""
        with self._lock:
            rows = self._db.execute(_CHUNK_DOCS).fetchall()
        return [d for (d,) in rows]

    def chunk_years(self) -> list[int | None]:
        """The year each chunk's section states, in row order (None: its document's year)."""
        with self._lock:
            rows = self._db.execute(_CHUNK_YEARS).fetchall()
        return [y for (y,) in rows]

    def chunks(self, rows: list[int]) -> list[Chunk]:
        """The chunks at these rows, in the order asked."""
        if not rows:
            return []
        marks = ",".join("?" * len(rows))
        with self._lock:
            found = self._db.execute(_CHUNKS_AT_ROWS + f"({marks})", [int(r) for r in rows]).fetchall()
        by_row = {r[0]: Chunk(*r[1:]) for r in found}
        return [by_row[r] for r in rows]

    def all_chunks(self) -> list[Chunk]:
        with self._lock:
            rows = self._db.execute(_ALL_CHUNKS).fetchall()
        return [Chunk(*r) for r in rows]

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        """One document's chunks in reading order."""
        with self._lock:
            rows = self._db.execute(_DOCUMENT_CHUNKS, (doc_id,)).fetchall()
        return [Chunk(*r) for r in rows]

    def document_text(self, doc_id: str) -> str:
        """The decoded text every offset refers to; KeyError for an unknown id."""
        with self._lock:
            row = self._db.execute(_DOCUMENT_TEXT, (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return row[0]

    def close(self) -> None:
        self._db.close()
