"""Place filters at every level: a 浙江 filter finds 湖州's plan, a 宿州 filter finds 灵璧县's.

A document's place is stored as full names per level (province, county) plus its city's short
name and its region paths; every full and short name of every level above it matches.
"""
from __future__ import annotations

from functools import lru_cache

from core.types import DocumentMeta
from text.places import LEVELS, place_names, short_name


def meta_place_names(meta: DocumentMeta) -> tuple[str, ...]:
    """Every name a filter or a question may use for this document's place(s)."""
    paths = meta.regions or ("/".join(x for x in (meta.province, meta.county) if x),)
    names: list[str] = [meta.city] if meta.city else []
    for path in paths:
        names += place_names(path)
    return tuple(dict.fromkeys(n for n in names if n))


@lru_cache(maxsize=4096)
def own_place_names(meta: DocumentMeta) -> tuple[str, ...]:
    """Full and short names of the place the document itself is the plan of: the last level of each
    region path (灵璧县/灵璧 for the county's plan, not 宿州 or 安徽), or its city. A question about
    宿州 or 安徽 is not answered by 灵璧县's plan, though a 宿州 filter lists it."""
    names: list[str] = []
    for path in meta.regions:
        parts = [p for p in path.split("/") if p]
        if parts:
            names += [parts[-1], short_name(parts[-1], LEVELS[min(len(parts) - 1, 2)])]
    if not meta.regions:
        if meta.county:
            names += [meta.county, short_name(meta.county, "county")]
        elif meta.city:
            names += [meta.city, short_name(meta.city, "city")]
        elif meta.province:
            names += [meta.province, short_name(meta.province, "province")]
    return tuple(dict.fromkeys(n for n in names if n))


def covers(meta: DocumentMeta, wanted) -> bool:
    """True when any wanted place name is one of the document's places, at any level."""
    names = set(meta_place_names(meta))
    return any(w in names for w in wanted)


def place_facets(metas: list[DocumentMeta]) -> dict[str, list[str]]:
    """Distinct provinces, cities and counties/districts, for the app's filter widgets."""
    return {
        "provinces": sorted({m.province for m in metas if m.province}),
        "cities": sorted({m.city for m in metas if m.city}),
        "counties": sorted({m.county for m in metas if m.county}),
    }
