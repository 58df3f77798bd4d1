"""Which indexed cities and years a question names, so answers from them rank first.

"深圳2019年对家庭医生有什么安排?" names 深圳 and 2019: passages of Shenzhen's 2019 plan come
before Shenzhen's other years, which come before other cities. English questions name cities
in pinyin ("Dongguan"). The vocabulary is the index's own metadata, never a fixed list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from core.types import DocumentMeta
from retrieval.places import covers, meta_place_names

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class Scope:
    cities: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.cities or self.years)

    def priority(self, meta: DocumentMeta) -> int:
        """2 for a named city, +1 for a named year: a city outweighs a year (a plan for 2018
        often reviews 2017, so a year alone is weaker evidence)."""
        return 2 * (meta.city in self.cities or covers(meta, self.cities)) + (meta.year in self.years)


@lru_cache(maxsize=256)
def _pinyin(city: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(city)).lower()


def _named_places(query: str, documents: list[DocumentMeta]) -> set[str]:
    """Province and county names of the indexed documents that the query contains (浙江, 灵璧县)."""
    return {n for d in documents for n in meta_place_names(d) if len(n) >= 2 and n in query}


def detect_scope(query: str, documents: list[DocumentMeta], section_years: frozenset[int] = frozenset()) -> Scope:
    """Cities and years of the indexed documents (and of their year-stating sections) that the query mentions."""
    lowered = query.lower()
    words = set(re.findall(r"[a-z]+", lowered))
    cities = set()
    for city in {d.city for d in documents if d.city} | _named_places(query, documents):
        if city in query or (len(city) >= 2 and _pinyin(city) in words):
            cities.add(city)
    known_years = {d.year for d in documents if d.year} | set(section_years)
    years = {int(y) for y in _YEAR.findall(query)} & known_years
    return Scope(frozenset(cities), frozenset(years))


def chunk_priority(scope: Scope, documents: list[DocumentMeta], chunk_doc: np.ndarray, chunk_years: np.ndarray
                   ) -> np.ndarray:
    """Scope.priority per chunk: a chunk whose section states its own year (2016年工作回顾 in a 2017
    page) is judged by that year instead of its document's (chunk_years 0 = none stated)."""
    if not scope:
        return np.zeros(len(chunk_doc), dtype=np.int64)
    by_doc = np.array([scope.priority(m) for m in documents], dtype=np.int64)[chunk_doc]
    if not chunk_years.any():
        return by_doc
    doc_year = np.array([m.year in scope.years for m in documents], dtype=np.int64)[chunk_doc]
    own_year = np.isin(chunk_years, list(scope.years)).astype(np.int64)
    return np.where(chunk_years > 0, by_doc - doc_year + own_year, by_doc)
