"""Which indexed cities and years a question names, so answers from them rank first.

"深圳2019年对家庭医生有什么安排?" names 深圳 and 2019: passages of Shenzhen's 2019 plan come
before Shenzhen's other years, which come before other cities. English questions name cities
in pinyin ("Dongguan"). The vocabulary is the index's own metadata, never a fixed list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.types import DocumentMeta
from retrieval.doc_table import DocumentTable
from retrieval.places import covers

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


@lru_cache(maxsize=4096)
def _pinyin(city: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(city)).lower()


def detect_scope(query: str, documents: list[DocumentMeta] | DocumentTable) -> Scope:
    """Cities and years of the indexed documents that the query mentions.

    Pass the index's DocumentTable rather than the document list when asking repeatedly: the
    vocabulary (cities, place names, years) is then derived once, not per question."""
    table = documents if isinstance(documents, DocumentTable) else DocumentTable.of(documents)
    lowered = query.lower()
    words = set(re.findall(r"[a-z]+", lowered))
    named = {n for n in table.places if n in query}
    cities = set()
    for city in table.cities | named:
        if city in query or (words and len(city) >= 2 and _pinyin(city) in words):
            cities.add(city)
    years = {int(y) for y in _YEAR.findall(query)} & table.years
    return Scope(frozenset(cities), frozenset(years))
