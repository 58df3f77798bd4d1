"""Units with their denominator: 每千人口床位数5.9张 is 5.9 张/千人口, not 5.9 张.

A rate written as a count (张, 名, 人) per population keeps its denominator in the unit, so a
per-thousand rate is never charted or compared beside a total (3500张 new beds)."""
from __future__ import annotations

import re

# 每千人口, 千人, 每万人口, 每10万人口, 每十万人, 每千名老年人, 每百户 … written in the indicator or before the number.
_PER = re.compile(r"(?:每|(?<![\d一二三四五六七八九十百千万])(?=[千万]人))"
                  r"(?P<n>10万|十万|[一二三四五六七八九十]?[十百千万]|\d+(?:万)?)?"
                  r"(?P<what>(?:常住|服务)?人口|名?[\u4e00-\u9fff]{0,3}?(?:老年人|儿童|孕产妇|婴幼儿|新生儿)|人|户|名)")
_NUMBERS = {"十万": "10万"}
_RATE_UNITS = ("%", "‰", "‱")


_PER_WRITTEN = re.compile(r"(?:人均|每人)$|每(?:服务|常住)?人口(?:每年)?$|每年$")
# 人均 in the indicator makes an amount or an area per person (人均补助标准 84元 → 元/人), never an age.
_PER_PERSON_UNITS = ("元", "万元", "平方米")


def per_unit(unit: str, indicator: str, before: str = "") -> str:
    """`unit` with the denominator the indicator names (张 + 每千人口床位数 → 张/千人口) or the words
    right before the number (人均85元 → 元/人, 每服务人口每年15元 → 元/服务人口/年); `unit` unchanged
    when it is a percentage, already has a denominator, or nothing names one."""
    if not unit or unit in _RATE_UNITS or "/" in unit:
        return unit
    written = _PER_WRITTEN.search(before.rstrip("约近共为达到至"))
    if written:
        words = written.group(0)
        if words in ("人均", "每人"):
            return f"{unit}/人"
        parts = re.findall(r"每((?:服务|常住)?人口|年)", words)
        return unit + "".join(f"/{p}" for p in parts)
    m = _PER.search(indicator)
    if not m:
        return f"{unit}/人" if unit in _PER_PERSON_UNITS and "人均" in indicator else unit
    n = _NUMBERS.get(m.group("n") or "", m.group("n") or "")
    what = m.group("what").lstrip("名").replace("常住人口", "人口")  # 每千常住人口 compares with 每千人口
    if what == "人":
        what = "人口"
    if not n and m.group(0).startswith("每") and what in ("人口",):
        return f"{unit}/人"  # 每人口 is not written; 每人 is per person
    return f"{unit}/{n}{what}"


__all__ = ["per_unit"]
