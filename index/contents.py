"""An index version's contents without its model: manifest, documents, chunks and their text.

What `index info`, the commitments table and the documents page need; opening it loads neither the
embedding model nor the vector and BM25 files. SearchIndex extends it with searching.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from core.types import Chunk, DocumentMeta
from index import store
from index.chunk_store import ChunkStore
from index.manifest import read_manifest
from retrieval.places import place_facets
from text.normalise import normalise_for_match


class IndexContents:
    """One published version, read-only."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.manifest = read_manifest(folder)
        self._store = ChunkStore(folder)
        self.documents: list[DocumentMeta] = self._store.documents()
        self._doc_index = {m.doc_id: i for i, m in enumerate(self.documents)}
        self._chunk_doc = self._store.chunk_documents(self.documents)
        years = np.array([y or 0 for y in self._store.chunk_years()], dtype=np.int64)
        self.section_years = frozenset(int(y) for y in np.unique(years) if y)
        self._chunk_years = years if years.any() else None  # None: no section states its own year
        self._matchable: dict[str, str] = {}  # doc id → normalised text (matchable_text)

    @classmethod
    def open_current(cls, index_dir: Path) -> IndexContents:
        return cls(store.current_version(index_dir))

    @property
    def version(self) -> str:
        return self.folder.name

    def chunks(self, rows: list[int]) -> list[Chunk]:
        return self._store.chunks(rows)

    def all_chunks(self) -> list[Chunk]:
        return self._store.all_chunks()

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        """One document's chunks in reading order (the app's outline and citations in context)."""
        return self._store.document_chunks(doc_id)

    def document_text(self, doc_id: str) -> str:
        """The decoded text every offset refers to; KeyError for an unknown id (no file access)."""
        return self._store.document_text(doc_id)

    def matchable_text(self, doc_id: str) -> str:
        """The document's text as questions are matched against it (normalise_for_match), made once
        per document: every question naming a place is checked against that place's whole plans."""
        text = self._matchable.get(doc_id)
        if text is None:
            text = self._matchable[doc_id] = normalise_for_match(self.document_text(doc_id))
        return text

    def meta(self, doc_id: str) -> DocumentMeta:
        return self.documents[self._doc_index[doc_id]]

    def chunk_counts(self) -> dict[str, int]:
        counts = np.bincount(self._chunk_doc, minlength=len(self.documents))
        return {m.doc_id: int(c) for m, c in zip(self.documents, counts)}

    def facets(self) -> dict[str, list]:
        """Distinct cities, years and document types, for filter widgets."""
        return {
            "cities": sorted({m.city for m in self.documents if m.city}),
            "places": sorted({n for f in place_facets(self.documents).values() for n in f}),
            "years": sorted({m.year for m in self.documents if m.year}),
            "doc_types": sorted({m.doc_type for m in self.documents if m.doc_type}),
        }

