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
from collections.abc import Sequence
from functools import lru_cache

from core.types import DocumentMeta
from retrieval.places import own_place_names
from text.coverage import FRAME_WORDS, glossary
from text.lexicon import lexicon_terms
from text.normalise import normalise_for_match
from text.places import gazetteer, name_pattern, pinyin, pinyin_places, pinyin_words
from text.quantity_rules import ACTION_WORDS

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# a year the question measures from, not the plan it asks about: 比2017年下降了多少, 2017年以来, 由2015年的…,
# and the first year of a span (“十三五”期间（2016—2020年）: the span ends in 2020, reviewed by a later plan)
_REFERENCE_YEAR = re.compile(r"(?:比|较|与|同|相比|对比|从|由|自)\s*((?:19|20)\d\d)年?|((?:19|20)\d\d)年?\s*(?:以来|来|至今|起)"
                             r"|((?:19|20)\d\d)年?\s*[—–\-~～至到]+\s*(?=(?:19|20)\d\d)")
_CITY_YEAR = re.compile(r"(.+?)((?:19|20)\d\d)年")
_SUFFIXES = ("市", "省", "区", "县")
# written before a place the question names as a partner, not as the plan's own (with Shanghai, 接轨上海)
_PARTNER_BEFORE = re.compile(r"(?:\bwith|\band|\bto|\bfrom|与|和|同|跟|接轨|对接|向|赴)\s*$", re.IGNORECASE)
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


_PART_SUFFIXES = ("县", "区")


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
    (城市, 地方), verbs jieba tags as places (新建, a district of 南昌) nor a word that begins a domain
    term the question writes (安宁 of 安宁疗护)."""
    with _lock:
        words = list(_tagger().cut(question))
    normed = normalise_for_match(question)
    inside = [t for t in _domain_terms() if len(t) > 2 and t in normed]
    return tuple(dict.fromkeys(w.word for w in words if w.flag.startswith("ns") and len(w.word) >= 2
                               and w.word not in FRAME_WORDS and w.word not in ACTION_WORDS  # 新建几家: a verb
                               and not any(normalise_for_match(w.word) in t for t in inside)))


def writes_place(question: str, place: str) -> bool:
    """The question names the place: in Chinese, or in pinyin as a word of an English question."""
    if place in question:
        return True
    return len(place) >= 2 and pinyin(place) in pinyin_words(question)


def names_own_place(question: str, meta: DocumentMeta) -> bool:
    """The question names the place this document is the plan of (retrieval.places.own_place_names)."""
    return any(writes_place(question, n) for n in own_place_names(meta))


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:['’‘][aoe][a-z]*)?\b")  # Beijing, Lu'an


def english_places(question: str) -> tuple[str, ...]:
    """Provinces and prefecture-level cities an English question names in pinyin, in Chinese
    (Beijing → 北京). A pinyin two places share (Fuzhou: 福州, 抚州) names neither for sure."""
    table = pinyin_places()
    found = (table.get(word, ()) for word in pinyin_words(" ".join(_CAPITALISED.findall(question))))
    return tuple(dict.fromkeys(zh[0] for zh in found if len(zh) == 1))


def unknown_scope(question: str, documents: list[DocumentMeta]) -> tuple[str, ...]:
    """Places and years the question names that no document covers ('' entries never occur).

    A document covers its own place (retrieval.places.own_place_names: 平遥 for 平遥县's plan, 四川
    for the province's; not the prefecture or province a county lies in). A place counts only when
    the question names no covered place: 深圳与香港 is about 深圳. A year named with a covered place
    counts when no document of that place covers it (its plan year or a year it reviews):
    "郑州2019年…" over 郑州's 2017 plan and 深圳's 2019 plan → "郑州2019年"."""
    own = {id(d): own_place_names(d) for d in documents}
    known = {n for names in own.values() for n in names}
    years = {d.year for d in documents if d.year}
    named = places(question) + english_places(question)
    named_known = sorted(n for n in known if writes_place(question, n)
                         and not any(n != m and n in m and m in question for m in known))
    missing: list[str] = []
    if not named_known:
        missing += [p for p in named if _bare(p) not in known and not any(_bare(p) in c for c in known)]
    for y in (str(y) for y in named_years(question)):  # not 比2017年: a baseline the plan of another year writes
        if int(y) not in years:
            missing.append(y)
        elif named_known and not any(int(y) in _covered_years(d) for d in documents
                                     if any(writes_place(question, n) for n in own[id(d)])):
            missing += [f"{n}{y}年" for n in named_known]
    return tuple(dict.fromkeys(missing))


def named_years(question: str) -> tuple[int, ...]:
    """The years a question asks about, in order: not those it measures from (比2017年, 2017年以来)."""
    reference = {y for m in _REFERENCE_YEAR.finditer(question) for y in m.groups() if y}
    return tuple(int(y) for y in dict.fromkeys(_YEAR.findall(question)) if y not in reference)


def _covered_years(document: DocumentMeta) -> set[int]:
    return set(document.years) | ({document.year} if document.year else set())


def evidence_covers(missing: tuple[str, ...], text: str, meta: DocumentMeta | None = None,
                    question: str = "") -> bool:
    """The evidence writes every unknown place (without 市/省) and year itself; for a place-year no
    document covers (郑州2019年), evidence of that place's own plan (when `meta` is given) writing
    the year. A place is covered only by the plan of a region it lies in (罗湖 by 深圳's): 南通's
    接轨上海 writes 上海 but is no plan of 上海's, unless the question names the place as a partner
    (Which city plans to deepen integration with Shanghai?)."""
    def covers(name: str) -> bool:
        m = _CITY_YEAR.fullmatch(name)
        if m:
            return (meta is None or m.group(1) in own_place_names(meta)) and m.group(2) in text
        return _bare(name) in text and (meta is None or lies_within(name, meta) or partner(name, question))
    return all(covers(name) for name in missing)


def partner(name: str, question: str) -> bool:
    """The question names the place after with/与/和/接轨…: another place's plan may answer it."""
    for written in (name, _bare(name), pinyin(_bare(name))):
        m = re.search(re.escape(written), question, re.IGNORECASE) if written else None
        if m and _PARTNER_BEFORE.search(question[:m.start()]):
            return True
    return False


def lies_within(name: str, meta: DocumentMeta) -> bool:
    """The city or province `name` lies in the document's region (True when either is unknown to the
    gazetteer, or the name is a county's: short county names are often words, 新建 of 新建几家)."""
    found = gazetteer().lookup(_bare(name)) or gazetteer().lookup(name)
    paths = [p.path for p in found if p.level != "county"]
    if not paths or len(paths) < len(found) or not meta.regions:
        return True
    return any(path == region or path.startswith(region + "/") for path in paths for region in meta.regions)


__all__ = ["english_places", "evidence_covers", "named_years", "names_own_place", "places", "unknown_scope", "writes_place"]


def written_counties(question: str) -> tuple[str, ...]:
    """County-level names the gazetteer knows, written whole with their suffix (霍邱县, 马龙区): jieba
    tags few of them as places, least of all glued to their city (六安市霍邱县). Not two-character names
    (城区, 郊区, 矿区: districts named by a common word)."""
    table = gazetteer()
    return tuple(m.group() for m in name_pattern().finditer(question)
                 if len(m.group()) >= 3 and any(p.level == "county" for p in table.by_full.get(m.group(), ())))


_WHOLE_AREA = re.compile(r"全市|全省|全州|全盟|全自治区")


def speaks_for_parts(parts: Sequence[str], sentence: str, paragraph: str) -> bool:
    """A sentence speaks for the parts of the area a question names (counties, districts) when it
    writes each of them, or its paragraph does and the sentence does not speak for the whole area
    instead: 全市…每千人口床位数为6.21张 is the city's figure even in a paragraph that names
    蒙山县人民医院 a sentence before."""
    if all(p in sentence for p in parts):
        return True
    return not _WHOLE_AREA.search(sentence) and all(p in paragraph for p in parts)


def parts_named(question: str, meta: DocumentMeta) -> tuple[str, ...]:
    """Counties and districts the question names inside the document's own area (柘城县 in 商丘's
    plan, 龙门县 in 惠州's), without their suffix (柘城, 龙门: how a list writes them, 博罗、惠东、龙门三县):
    the question asks about that part, and a number written for the whole area or another part does
    not answer it."""
    own = own_place_names(meta)
    out = []
    for name in dict.fromkeys(places(question) + written_counties(question)):
        # 岳阳县 in 岳阳市's plan is a part that shares the city's name: it keeps its suffix
        same_name = _bare(name) in own and name not in own and name.endswith(_PART_SUFFIXES)
        if not same_name and any(_bare(name) in o or o in name for o in own):
            continue
        found = gazetteer().lookup(name) or gazetteer().lookup(_bare(name))
        if any(p.level == "county" and any(p.path.startswith(r + "/") for r in meta.regions) for p in found):
            out.append(name if same_name else _bare(name))
    return tuple(out)

