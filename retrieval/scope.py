"""Which indexed cities and years a question names, so answers from them rank first.

"深圳2019年对家庭医生有什么安排?" names 深圳 and 2019: passages of Shenzhen's 2019 plan come
before Shenzhen's other years, which come before other cities. English questions name cities
in pinyin ("Dongguan"). The vocabulary is the index's own metadata, never a fixed list.

A year alone is weak evidence: it boosts only together with a city the index knows, or alone
when the question names no other place. "北京2020年…" with no Beijing document must not fill the
page with another city's 2020 plan (the notice says Beijing is not covered; the list stays
ranked on content).
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from core.types import DocumentMeta
from retrieval.doc_table import DocumentTable
from retrieval.places import covers, own_place_names
from text.places import gazetteer, pinyin_words
from text.pos import tagged

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# Words jieba tags as places (ns) that name no particular city.
_GENERIC_PLACES = frozenset({"城市", "中国", "全国", "国内", "国外", "国际", "全市", "全省", "各地", "本市",
                             "城乡", "农村", "各市", "地方", "地区", "市区", "基层"})
# A question that asks across cities: every indexed city-year with an answer should appear.
_COMPARISON = re.compile(
    r"各地|各市|各城市|各个城市|哪个城市|哪些城市|哪座城市|哪个市|哪些市|哪几个城市|几个城市|不同城市|城市之间|对比|比较"
    r"|\bcompare|\bcomparison|\bwhich cit|\beach city|\bacross cities|\bdifferent cities|\bcities\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Scope:
    cities: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.cities or self.years)

    def priority(self, meta: DocumentMeta) -> int:
        """2 for a named place (city, or the province or county it lies in), +1 for a named year of a
        named place, +2 when the document is the named place's own plan (四川's plan before 眉山's, which
        lies in 四川: a question about 四川 is answered by 四川's plan); a year alone (no place named)
        gives 1. A place outweighs a year (a plan for 2018 often reviews 2017)."""
        in_year = meta.year in self.years
        if self.cities:
            in_city = meta.city in self.cities or covers(meta, self.cities)
            own = in_city and any(n in self.cities for n in own_place_names(meta))
            return 2 * in_city + (in_city and in_year) + 2 * own
        return int(in_year)


@lru_cache(maxsize=4096)
def _pinyin(city: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(city)).lower()


def named_places(query: str) -> tuple[str, ...]:
    """Place names (jieba's ns tag) written in a Chinese question, minus generic words."""
    if not re.search(r"[\u4e00-\u9fff]", query):
        return ()
    return tuple(w for w, flag in tagged(query) if flag == "ns" and len(w) >= 2 and w not in _GENERIC_PLACES)


def unknown_places(query: str, cities: Collection[str]) -> tuple[str, ...]:
    """Places the question names that are none of the indexed cities (北京 when only 深圳… are indexed)."""
    known = {c for c in cities if c}
    return tuple(p for p in named_places(query)
                 if not any(c in p or p in c for c in known))


def _inside(place: str, known: Collection[str]) -> bool:
    """The gazetteer puts the place, a county, inside an indexed city (龙门县 in 惠州市): 2017年龙门县… asks
    about 2017 in that city's plans, so the year is kept. (A city inside an indexed province is not:
    合肥 has plans of its own, and 安徽's county plans do not answer for it.)"""
    return any(p.county and p.city in known for p in gazetteer().lookup(place))


def asks_comparison(query: str) -> bool:
    """各地/各市/哪个城市/compare…: the question wants one answer per city-year, not one best passage."""
    return bool(_COMPARISON.search(query))


def detect_scope(query: str, documents: list[DocumentMeta] | DocumentTable,
                 section_years: frozenset[int] = frozenset()) -> Scope:
    """Cities and years of the indexed documents (and of their year-stating sections) that the query
    mentions; a year named with an unknown place (and no indexed city) is dropped.

    Pass the index's DocumentTable rather than the document list when asking repeatedly: the
    vocabulary (cities, place names, years) is then derived once, not per question."""
    table = documents if isinstance(documents, DocumentTable) else DocumentTable.of(documents)
    words = set(pinyin_words(query))
    named = {n for n in table.places if n in query}
    cities = set()
    for city in table.cities | (table.places if words else named):  # Sichuan, Pingyao County: any level
        if city in query or (words and len(city) >= 2 and _pinyin(city) in words):
            cities.add(city)
    years = {int(y) for y in _YEAR.findall(query)} & (table.years | section_years)
    if years and not cities and any(not _inside(p, table.places)
                                    for p in unknown_places(query, table.cities | table.places)):
        years = set()  # 北京2020年…: another city's 2020 plan is not what was asked
    return Scope(frozenset(cities), frozenset(years))
