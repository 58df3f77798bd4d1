"""Documents' metadata as lookup tables, so a search's filter mask and scope priorities are array work.

A search used to call Filters.allows and Scope.priority once per document and re-derive the scope
vocabulary (cities, place names, years) from every document for each question: ~28k Python calls
per question at a million chunks, a large share of the search. Here each value (a place name at any
level, a year, a document type) maps to the documents that carry it, built once per index version;
a mask is the union of a few index arrays. The results equal the per-document rules exactly
(tests/test_open_at_scale.py compares them on random metadata).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np

from core.types import DocumentMeta
from retrieval.places import meta_place_names, own_place_names


def _groups(keys: Iterable[Hashable]) -> dict:
    rows: dict = defaultdict(list)
    for i, key in enumerate(keys):
        rows[key].append(i)
    return {k: np.asarray(v, dtype=np.int64) for k, v in rows.items()}


@dataclass(frozen=True)
class DocumentTable:
    """Value → document indices, for place names (every level, plus the city field), years and types."""

    size: int
    by_place: dict[str, np.ndarray]
    by_own_place: dict[str, np.ndarray]  # the place each document is the plan of (own_place_names)
    by_year: dict[int | None, np.ndarray]
    by_type: dict[str, np.ndarray]
    cities: frozenset[str]   # the documents' city fields (non-empty)
    places: frozenset[str]   # every place name of two characters or more (province, county, short names)
    years: frozenset[int]    # the documents' plan years

    @classmethod
    def of(cls, documents: list[DocumentMeta]) -> DocumentTable:
        places: dict[str, list[int]] = defaultdict(list)
        own: dict[str, list[int]] = defaultdict(list)
        for i, meta in enumerate(documents):
            for name in dict.fromkeys((meta.city, *meta_place_names(meta))):
                places[name].append(i)
            for name in own_place_names(meta):
                own[name].append(i)
        by_place = {name: np.asarray(rows, dtype=np.int64) for name, rows in places.items()}
        return cls(size=len(documents), by_place=by_place,
                   by_own_place={name: np.asarray(rows, dtype=np.int64) for name, rows in own.items()},
                   by_year=_groups(m.year for m in documents),
                   by_type=_groups(m.doc_type for m in documents),
                   cities=frozenset(m.city for m in documents if m.city),
                   places=frozenset(n for n in by_place if len(n) >= 2),
                   years=frozenset(m.year for m in documents if m.year))

    def _any(self, table: dict, wanted: Iterable[Hashable]) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        for value in wanted:
            rows = table.get(value)
            if rows is not None:
                mask[rows] = True
        return mask

    def with_place(self, names: Iterable[str]) -> np.ndarray:
        """Documents whose city is one of `names` or that cover one of them at any level."""
        return self._any(self.by_place, names)

    def with_own_place(self, names: Iterable[str]) -> np.ndarray:
        """Documents that are the plan of one of `names` itself (四川's plan, not 眉山's inside it)."""
        return self._any(self.by_own_place, names)

    def with_year(self, years: Iterable[int | None]) -> np.ndarray:
        return self._any(self.by_year, years)

    def allowed(self, cities: tuple[str, ...], years: tuple[int, ...], doc_types: tuple[str, ...]) -> np.ndarray:
        """The Filters rule (empty = no restriction) for every document at once."""
        mask = np.ones(self.size, dtype=bool)
        if cities:
            mask &= self.with_place(cities)
        if years:
            mask &= self.with_year(years)
        if doc_types:
            mask &= self._any(self.by_type, doc_types)
        return mask

    def priority(self, cities: Iterable[str], years: Iterable[int]) -> np.ndarray:
        """Scope.priority for every document: 2 for a named place, +1 for a named year of a named place,
        +2 when the document is the named place's own plan; with no place named, 1 for a named year."""
        cities, in_year = list(cities), self.with_year(years).astype(np.int64)
        if not cities:
            return in_year
        in_place = self.with_place(cities).astype(np.int64)
        return 2 * in_place + in_place * in_year + 2 * (in_place & self.with_own_place(cities))

    def chunk_priority(self, cities: Iterable[str], years: Iterable[int], chunks: ChunkDocuments,
                       chunk_years: np.ndarray | None) -> np.ndarray:
        """`priority` per chunk (int8: a million chunks are a megabyte), where a chunk whose section
        states its own year (2016年工作回顾 in a 2017 page; 0 = none stated, None = no chunk states
        one) is judged by that year instead of its document's."""
        cities, years = list(cities), list(years)
        if chunk_years is None:  # judge documents, then spread once
            return chunks.spread(self.priority(cities, years).astype(np.int8))
        in_year = np.where(chunk_years > 0, np.isin(chunk_years, years), chunks.spread(self.with_year(years)))
        if not cities:
            return in_year.astype(np.int8)
        in_place = self.with_place(cities)
        own = chunks.spread((in_place & self.with_own_place(cities)).astype(np.int8))
        in_place = chunks.spread(in_place.astype(np.int8))
        return 2 * in_place + in_place * in_year.astype(np.int8) + 2 * own


@dataclass(frozen=True)
class ChunkDocuments:
    """Each chunk row's document index, and every chunk given its document's value quickly."""

    rows: np.ndarray
    runs: np.ndarray | None  # chunks per document when rows come grouped by document, else None

    @classmethod
    def of(cls, chunk_doc: np.ndarray, n_documents: int) -> ChunkDocuments:
        grouped = bool(np.all(chunk_doc[1:] >= chunk_doc[:-1]))
        return cls(chunk_doc, np.bincount(chunk_doc, minlength=n_documents) if grouped else None)

    def spread(self, per_document: np.ndarray) -> np.ndarray:
        """per_document[rows]: a run-length repeat where rows are grouped (a build writes them so),
        5× faster than the gather at a million chunks."""
        return per_document[self.rows] if self.runs is None else np.repeat(per_document, self.runs)
