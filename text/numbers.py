"""Read quantities in Chinese text: 3000张, 4.7万个, 47%以上, 3-5家, 两轮, 6.27/10万, 2个百分点.

Numerals are converted by cn2an (Arabic, Chinese and mixed forms such as 4.7万 or 两百); this module
only finds where a quantity is written and splits it into number, unit and modifier. Whether a
quantity is a commitment is decided elsewhere (index/commitments.py): here 2018年 and 十九大 are
simply what they are, a number followed by 年 and a number followed by no unit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九十百千"
_ARABIC = r"\d+(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?"
_CHINESE = rf"[{CN_DIGITS}]+"
_MULTIPLIER = r"(?:千万|百万|万亿|万|亿)"
_RANGE_SEP = r"\s*(?:-|—|–|~|～|至|到)\s*"

# Units a target is counted in; longer forms first so 个百分点 wins over 个, 万元 over 万.
UNITS: tuple[str, ...] = tuple(sorted({
    "个百分点", "百分点", "个千分点", "千分点", "个十万分点", "十万分点",
    "平方米", "平方公里", "公里", "米", "万人次", "人次", "例次", "剂次", "个月",
    "小时", "分钟", "个", "家", "所", "项", "名", "人", "位", "张", "台", "套", "辆", "间", "座", "支", "批",
    "类", "种", "次", "场", "期", "届", "轮", "户", "元", "万元", "亿元", "床", "篇", "部", "件", "份", "条", "例",
    "剂", "处", "倍", "组", "队", "天", "周", "年", "岁", "项次", "个点", "元/人", "册", "块", "管", "周年",
}, key=len, reverse=True))
# A unit that is also the first character of a word: 8万管 (test tubes) but not 3名管理人员's 管理.
_WORD_STARTS = {"管": "理控护辖网道用"}
# Rates written after the number; they replace a unit (6.27/10万, 2次/年).
_RATE = r"/\s*(?:\d+(?:\.\d+)?)?\s*[万千百]?(?:人|人口|例|年|月|人年)?"
_PERCENT = "%％‰"
APPROXIMATE_AFTER = ("余", "多")
MODIFIERS_AFTER: tuple[str, ...] = ("及以上", "以上", "以下", "以内", "左右", "上下", "之内")

_NUMBER = re.compile(
    rf"(?P<a>(?:{_ARABIC}){_MULTIPLIER}?|百分之(?:{_CHINESE}|{_ARABIC})|{_CHINESE}{_MULTIPLIER}?)"
    rf"(?:(?P<pa>[%％])?{_RANGE_SEP}(?P<b>(?:{_ARABIC}){_MULTIPLIER}?|{_CHINESE}{_MULTIPLIER}?)(?=[{_PERCENT}]))?"
    rf"(?:{_RANGE_SEP}(?P<c>(?:{_ARABIC}){_MULTIPLIER}?|{_CHINESE}{_MULTIPLIER}?))?"
    rf"(?P<pct>[{_PERCENT}])?")
_DIGIT_VALUES = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}


@dataclass(frozen=True)
class Quantity:
    """One written quantity; offsets are into the text it was found in (plus the caller's offset)."""

    text: str            # the whole expression as written: "4.7万个", "47%以上", "3-5家"
    start: int
    end: int
    number_text: str     # the number as written, with % and 万/亿: "4.7万", "47%", "3-5"
    number_start: int
    number_end: int
    value: float | int   # the number (the lower bound of a range); 4.7万 → 47000, 47% → 47
    value_min: float | int | None
    value_max: float | int | None
    unit: str            # "个", "%", "/10万", "次/年", "" when none is written
    approximate: str     # "余"/"多" written between number and unit, else ""
    modifier: str        # "以上", "左右", … written after the unit, else ""
    chinese: bool        # written in Chinese numerals (两轮, 五个): these need more evidence to count


def parse_number(text: str) -> float | None:
    """The value of a numeral (Arabic, Chinese or mixed, with 万/亿); None when it is not a number.

    百分之五十 → 50. Strings cn2an rejects (十三五, 百千万) are not numbers: they are names."""
    raw = text.strip().replace(",", "")
    if raw.startswith("百分之"):
        raw = raw[3:]
    if not raw:
        return None
    if raw in ("两", "兩"):
        return 2.0
    if re.search(r"[一二两三四五六七八九][一二两三四五六七八九〇零]", raw):
        return None  # 一二级, 两三家: two digits side by side are a grade or an estimate (see _estimate)
    try:
        value = cn2an.cn2an(raw.replace("两", "二").replace("〇", "零"), "smart")
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return float(value)


def _estimate(numeral: str) -> bool:
    """两三, 三四, 七八: two consecutive digits written side by side are an estimate (a range)."""
    return (len(numeral) == 2 and all(ch in _DIGIT_VALUES for ch in numeral)
            and _DIGIT_VALUES[numeral[1]] == _DIGIT_VALUES[numeral[0]] + 1)


def _unit_at(text: str, pos: int) -> str:
    for unit in UNITS:
        if text.startswith(unit, pos):
            following = text[pos + len(unit):pos + len(unit) + 1]
            if not (following and following in _WORD_STARTS.get(unit, "")):
                return unit
    return ""


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every number in `text` with the unit and modifiers written around it.

    Numbers glued to Latin letters or other digits (G20, HPV16, 01420731X/2018) are not quantities
    and are skipped; so are numerals cn2an cannot read."""
    found: list[Quantity] = []
    for m in _NUMBER.finditer(text):
        a, b, pct = m.group("a"), m.group("b") or m.group("c"), m.group("pct")
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if re.match(r"[A-Za-z0-9./]", before) or re.match(r"[A-Za-z]", after):
            continue  # G20, HPV16, 01420731X/2018
        if before in ("数", "几") and a[0] in CN_DIGITS:
            continue  # 数十家, 几百人: no number
        estimate = _estimate(a) if not b else None
        if estimate:  # 两三家 → 2-3
            a, b = a[0], a[1]
        if a[0] in CN_DIGITS and a[0] != "百" and b and b[0].isdigit() or a[0].isdigit() and b and b[0] in CN_DIGITS:
            # 18-三体: a range never mixes scripts; read the first number alone
            b = None
        low = parse_number(a)
        if low is None:
            continue
        high = parse_number(b) if b else None
        if b and (high is None or high <= low):
            b, high = None, None
        if estimate:
            number_end = m.start() + 2
        else:
            number_end = m.start() + m.group(0).index(b, len(a)) + len(b) if b else m.start() + len(a)
        if pct and number_end == m.end() - 1:
            number_end = m.end()
        elif pct:  # the percent sign followed a range we dropped: it belongs to no number kept
            continue
        pos = number_end
        approximate = ""
        if not pct and text[pos:pos + 1] in APPROXIMATE_AFTER:
            approximate, pos = text[pos], pos + 1
        unit = ""
        if pct or a.startswith("百分之"):
            unit = "‰" if pct == "‰" else "%"
        else:
            unit = _unit_at(text, pos)
            if unit:
                per = re.match(r"/(?:年|月|日|周|天|人|例|床)", text[pos + len(unit):])
                unit += per.group(0) if per else ""
            else:
                rate = re.match(_RATE, text[pos:])
                unit = re.sub(r"\s+", "", rate.group(0)) if rate and len(rate.group(0)) > 1 else ""
            pos += len(unit)
        modifier = next((mod for mod in MODIFIERS_AFTER if text.startswith(mod, pos)), "")
        end = pos + len(modifier)
        number_text = text[m.start():number_end]
        found.append(Quantity(
            text=text[m.start():end], start=offset + m.start(), end=offset + end, number_text=number_text,
            number_start=offset + m.start(), number_end=offset + number_end,
            value=_tidy(low), value_min=_tidy(low) if b else None, value_max=_tidy(high) if b and high is not None else None,
            unit=unit, approximate=approximate, modifier=modifier,
            chinese=not any(ch.isdigit() for ch in number_text)))
    return _share_units(text, found, offset)


def _share_units(text: str, found: list[Quantity], offset: int) -> list[Quantity]:
    """A list item takes the unit of the item after it when its own is that unit's start or is not
    written: in 分别提高1.2个和2.6个百分点 (or 1.2和2.6个百分点), 1.2 is counted in 个百分点 too."""
    for k in range(len(found) - 2, -1, -1):
        q, nxt = found[k], found[k + 1]
        gap = text[q.end - offset:nxt.number_start - offset]
        if nxt.unit != q.unit and nxt.unit.startswith(q.unit) and not q.chinese and gap in ("和", "、", "及", "与"):
            found[k] = replace(q, unit=nxt.unit)
    return found


def _tidy(value: float) -> float | int:
    """Integral values as int (3000, not 3000.0), the rest rounded away from float noise."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


__all__ = ["Quantity", "UNITS", "find_quantities", "parse_number"]
