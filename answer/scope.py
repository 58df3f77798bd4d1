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

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
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


@lru_cache(maxsize=512)
def places(question: str) -> tuple[str, ...]:
    """Place names of a question (two characters or more), as written."""
    with _lock:
        words = list(_tagger().cut(question))
    return tuple(dict.fromkeys(w.word for w in words if w.flag.startswith("ns") and len(w.word) >= 2))


def unknown_scope(question: str, documents: list[DocumentMeta]) -> tuple[str, ...]:
    """Places and years the question names that no document covers ('' entries never occur).

    A place counts only when the question names no indexed city: 深圳与香港 is about 深圳."""
    cities = {d.city for d in documents if d.city}
    years = {d.year for d in documents if d.year}
    named = places(question)
    missing: list[str] = []
    if not any(c in question for c in cities):
        missing += [p for p in named if _bare(p) not in cities and not any(_bare(p) in c for c in cities)]
    missing += [y for y in _YEAR.findall(question) if int(y) not in years]
    return tuple(dict.fromkeys(missing))


def evidence_covers(missing: tuple[str, ...], text: str) -> bool:
    """The evidence writes every unknown place (without 市/省) and year itself."""
    return all(_bare(name) in text for name in missing)


__all__ = ["evidence_covers", "places", "unknown_scope"]
