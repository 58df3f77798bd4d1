"""Places and years a question is about that no indexed document covers.

"北京2020年卫生健康工作要点有哪些?" over plans of 深圳, 南通, 东莞 and 郑州: retrieval still returns
the least unrelated passages, and their sentences would answer for the wrong city. A question
that names a place (jieba's part-of-speech tag `ns`) or a year that is in none of the indexed
documents' metadata, and names no indexed city, gets no answer unless the evidence itself writes
that place or year (南通与上海合作: 上海 is no indexed city, but the answer sentence names it).
The vocabulary is the index's own metadata; nothing here lists cities.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

from core.types import DocumentMeta
from text.coverage import FRAME_WORDS, glossary
from text.lexicon import lexicon_terms
from text.normalise import normalise_for_match

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_CITY_YEAR = re.compile(r"(.+?)((?:19|20)\d\d)年")
_SUFFIXES = ("市", "省", "区", "县")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def _bare(place: str) -> str:
    for suffix in _SUFFIXES:
        if place.endswith(suffix) and len(place) > len(suffix) + 1:
            return place[:-len(suffix)]
    return place


@lru_cache(maxsize=1)
def _domain_terms() -> frozenset[str]:
    """Lexicon and glossary terms: 安宁疗护 names a service, not the city 安宁."""
    return frozenset(lexicon_terms()) | frozenset(t for _, chinese in glossary() for t in chinese)


@lru_cache(maxsize=512)
def places(question: str) -> tuple[str, ...]:
    """Place names of a question (two characters or more), as written; not generic place words
    (城市, 地方) nor a word that begins a domain term the question writes (安宁 of 安宁疗护)."""
    with _lock:
        words = list(_tagger().cut(question))
    normed = normalise_for_match(question)
    inside = [t for t in _domain_terms() if len(t) > 2 and t in normed]
    return tuple(dict.fromkeys(w.word for w in words if w.flag.startswith("ns") and len(w.word) >= 2
                               and w.word not in FRAME_WORDS
                               and not any(normalise_for_match(w.word) in t for t in inside)))


def unknown_scope(question: str, documents: list[DocumentMeta]) -> tuple[str, ...]:
    """Places and years the question names that no document covers ('' entries never occur).

    A place counts only when the question names no indexed city: 深圳与香港 is about 深圳. A year
    named with an indexed city counts when no document of that city covers it (its plan year or a
    year it reviews): "郑州2019年…" over 郑州's 2017 plan and 深圳's 2019 plan → "郑州2019年"."""
    cities = {d.city for d in documents if d.city}
    years = {d.year for d in documents if d.year}
    named = places(question)
    named_cities = [c for c in cities if c in question]
    missing: list[str] = []
    if not named_cities:
        missing += [p for p in named if _bare(p) not in cities and not any(_bare(p) in c for c in cities)]
    for y in dict.fromkeys(_YEAR.findall(question)):
        if int(y) not in years:
            missing.append(y)
        elif named_cities and not any(int(y) in _covered_years(d) for d in documents if d.city in named_cities):
            missing += [f"{c}{y}年" for c in sorted(named_cities)]
    return tuple(dict.fromkeys(missing))


def _covered_years(document: DocumentMeta) -> set[int]:
    return set(document.years) | ({document.year} if document.year else set())


def evidence_covers(missing: tuple[str, ...], text: str, city: str | None = None) -> bool:
    """The evidence writes every unknown place (without 市/省) and year itself; for a city-year no
    document covers (郑州2019年), evidence of that city (when `city` is given) writing the year."""
    def covers(name: str) -> bool:
        m = _CITY_YEAR.fullmatch(name)
        if m:
            return (city is None or city == m.group(1)) and m.group(2) in text
        return _bare(name) in text
    return all(covers(name) for name in missing)


__all__ = ["evidence_covers", "places", "unknown_scope"]
