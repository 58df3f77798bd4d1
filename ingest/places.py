"""Where a document is from: province, city and county/district, weighed from its issuer, title and body.

Evidence is weighed, never taken from the first place named: the issuing body and the title count
most (浙江省卫生健康委, 县卫健委 + 文章来源: 灵璧县卫生健康委员会), then places named as issuers or
programmes in the body (湖州市卫健委, 健康竹溪, 竹溪新闻网), then plain mentions of full names.
Places named inside an institution (北京中医药大学, 中山大学附属医院) are not the document's place,
and a 健康X slogan names whatever X is (健康浙江 is the province; 健康中原 names no division).
The level comes from the document itself (全省/省卫健委 → province, 全县/县卫健局 → county), so a
provincial plan is not filed under a city it mentions, and a county page under its county.
"""
from __future__ import annotations

import re
from collections import defaultdict

from text.normalise import to_simplified
from text.places import LEVELS, Level, Place, gazetteer, name_pattern, short_name

ISSUER_WEIGHT = 8.0
CONTEXT_WEIGHT = 3.0
SLOGAN_WEIGHT = 2.0
MENTION_WEIGHT = 1.0

_LEVEL_WORD = {"自治区": "province", "省": "province", "市": "city", "州": "city", "盟": "city", "县": "county", "区": "county", "旗": "county"}
_ORG = r"(?:卫生健康|卫健|卫生计生|卫计|卫生|人民政府|政府|党委|委员会|新闻|融媒|日报|电视台)"
# 自治区卫生健康委 is a province's (宁夏, 广西), not a district's
_LEVEL_CUE = re.compile(r"(?:全|本|我|各)?(自治区|[省市州县区旗])(?=" + _ORG + r")|全(自治区|[省市县区])(?![长委])")
_INSTITUTION_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:大学|学院|医学院|研究院|研究所)")
_CONTEXT_AFTER = re.compile(r"^(?:省|市|县|区|州)?" + _ORG)


def detect_level(title: str, issuers: list[str], body: str) -> Level | None:
    """The document's own level: a level word in the title, else the issuer's, else the body's 全X/我X."""
    for text in (title, *issuers):
        found = [m.group(1) or m.group(2) for m in _LEVEL_CUE.finditer(to_simplified(text))]
        if found:
            return _LEVEL_WORD[found[0]]  # type: ignore[return-value]
        names = [_best_level(m.group()) for m in name_pattern().finditer(to_simplified(text))]
        names = [n for n in names if n]
        if names:
            return names[0]
    counts: dict[str, int] = defaultdict(int)
    for m in re.finditer(r"(?:全|我|本)([省市县区])", to_simplified(body)):
        counts[_LEVEL_WORD[m.group(1)]] += 1
    return max(counts, key=counts.get) if counts else None  # type: ignore[arg-type]


def _best_level(name: str) -> Level | None:
    places = gazetteer().lookup(name)
    if not places:
        return None
    if name in gazetteer().by_full:
        return places[0].level
    return min((p.level for p in places), key=LEVELS.index)


def _candidates(name: str, allow_county_short: bool) -> tuple[Place, ...]:
    g = gazetteer()
    full = g.by_full.get(name)
    if full:
        return full
    places = g.by_short.get(name, ())
    if not allow_county_short:
        places = tuple(p for p in places if p.level != "county")
    return places


def _add(weights: dict, places: tuple[Place, ...], weight: float) -> None:
    """Weight for a place and, halved at each step, the places above it (灵璧县 supports 宿州市)."""
    if not places:
        return
    share = weight / len(places)
    for place in places:
        parts = (place.province, place.city, place.county)
        for depth in range(3, 0, -1):
            if not parts[depth - 1]:
                continue
            key = Place(*parts[:depth])
            weights[key] += share if depth == len([p for p in parts if p]) else share / 2


def _scan(weights: dict, text: str, base: float, strict: bool) -> None:
    """Add every gazetteer name in `text`; `strict` (body text) keeps short names only in context."""
    for m in name_pattern().finditer(text):
        name, before, after = m.group(), text[max(0, m.start() - 2):m.start()], text[m.end():m.end() + 12]
        if _INSTITUTION_AFTER.match(after):
            continue
        is_full = name in gazetteer().by_full
        slogan = before.endswith("健康")
        context = bool(_CONTEXT_AFTER.match(after))
        if strict and not is_full and not (slogan or context):
            if not any(p.level == "province" for p in gazetteer().by_short.get(name, ())):
                continue
        weight = base if not strict else CONTEXT_WEIGHT if context else SLOGAN_WEIGHT if slogan else MENTION_WEIGHT
        _add(weights, _candidates(name, allow_county_short=is_full or context or slogan or not strict), weight)


def detect_places(title: str, issuers: list[str], body: str) -> tuple[Place, ...]:
    """The document's place(s), most likely first; several when the title or issuers name several."""
    title_s = to_simplified(title)
    issuers_s = [to_simplified(i) for i in issuers if i]
    body_s = to_simplified(body)
    level = detect_level(title_s, issuers_s, body_s)
    weights: dict[Place, float] = defaultdict(float)
    for text in (title_s, *issuers_s):
        _scan(weights, text, ISSUER_WEIGHT, strict=False)
    _scan(weights, body_s, MENTION_WEIGHT, strict=True)
    if not weights:
        return ()
    order = [level] if level else []
    order += [lv for lv in ("city", "province", "county") if lv not in order]
    for lv in order:
        ranked = sorted((p for p in weights if p.level == lv), key=lambda p: -_score(p, weights))
        if ranked:
            break
    top = _county_level_city(weights, ranked[0]) if lv == "city" else ranked[0]
    if top.level == "county":
        return (top,)
    named = _named_in(title_s, lv) or _named_in(" ".join(issuers_s), lv)
    if len(named) >= 2:
        return tuple(sorted(named, key=lambda p: -_score(p, weights)))
    return (_complete(top),)


def _county_level_city(weights: dict, city: Place) -> Place:
    """全市 is also written by a county-level city (义乌市 under 金华市): such a city of the prefecture
    is the place when it is named more than the prefecture is named for itself (the prefecture's
    weight less the half each of its places lent it)."""
    own = weights[city] - sum(w / 2 for p, w in weights.items() if p.level == "county" and p.city == city.city)
    inside = [p for p in weights if p.level == "county" and p.city == city.city and p.county.endswith("市")]
    best = max(inside, key=lambda p: weights[p], default=None)
    return best if best is not None and weights[best] > own else city


def _score(place: Place, weights: dict) -> float:
    """Own weight plus the support of the units above it (resolves 通州区 of 南通 vs 北京)."""
    parts = [place.province, place.city, place.county]
    parents = [Place(*parts[:d]) for d in range(1, len([p for p in parts if p]))]
    return weights[place] + 0.5 * sum(weights.get(p, 0.0) for p in parents)


def _named_in(text: str, level: str) -> list[Place]:
    found: list[Place] = []
    for m in name_pattern().finditer(text):
        for place in _candidates(m.group(), allow_county_short=False):
            if place.level == level and place not in found:
                found.append(place)
    # A short name matching several places of one level (朝阳) is no evidence of two regions.
    return found if len({p.name for p in found}) == len(found) else []


def _complete(place: Place) -> Place:
    """A municipality (北京市) is its own city: a city-level filter must find its plans."""
    if place.level == "province" and place.province.endswith("市"):
        return Place(place.province, place.province)
    return place


def place_short(name: str, level: Level = "city") -> str:
    return short_name(name, level) if name else ""
