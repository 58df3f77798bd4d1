"""The year a heading or a standalone line states for the part it opens (2016年工作回顾, 2017年工作要点),
and whether a paragraph reports a past period (一年来，…) rather than plans.

A page that carries a 2016 总结 and a 2017 要点 has one plan year but two parts; a question about
2016 should reach the review. Only a line that *opens* with the year and names a review or plan part
counts: "到2020年，每千人口床位数…" (a target) and "2017年底前完成" (a deadline) do not.
"""
from __future__ import annotations

import re

from text.normalise import to_simplified

_PART = re.compile(
    r"^[^\d，,。；;]{0,4}?((?:19|20)\d\d)\s*年度?(?:[^\d，,。；;：:]{0,10}?)"
    r"(?:工作)?(?:回顾|总结|完成情况|要点|计划|安排|重点任务|主要任务|总体部署|部署|思路|目标任务)")
_LINE_MAX = 40


def stated_year(line: str) -> int | None:
    """The year a heading title or a short standalone line opens with, when it names a part."""
    text = re.sub(r"\s+", "", to_simplified(line))
    if not text or len(text) > _LINE_MAX or "。" in text.rstrip("。")[:-1]:
        return None
    m = _PART.match(text)
    return int(m.group(1)) if m else None


_REVIEW_OPENING = re.compile(r"(?:一年来|过去一年|去年|上一年|上年|(?:[近过去]*[五三两十]年来)|过去[五三两十]年|"
                             r"(\d{4})年(?:以来)?[，,])")


def opens_review(paragraph: str, year: int | None) -> bool:
    """The paragraph opens by reporting a past period (一年来，…; 2016年，全市… in a 2017 plan): what it
    writes was done, not planned."""
    m = _REVIEW_OPENING.match(paragraph.lstrip())
    if not m:
        return False
    return m.group(1) is None or year is not None and int(m.group(1)) < year


_HEADING_LINE = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]|第[一二三四五六七八九十]+[，、,]")
_PLAN_OPENING = re.compile(r"今年|全年|(?:主要|预期|总体)?(?:目标|要求|思路|任务)|(\d{4})年(?:全[市县区省])?[，,的]?")
REVIEW_REACH = 8  # paragraphs read back for the one that says which period they report


def in_review(document: str, start: int, year: int | None) -> bool:
    """The paragraph holding `start` reports a past period: it opens with one (opens_review), or it
    follows such paragraphs with no heading and no opening of the plan's year between (一年来，医疗服务
    能力持续提升。… then 基层网底不断夯实。…每万常住人口全科医生数达到3.8名)."""
    end = document.find("\n", start)  # the sentence's own line counts: it may open the paragraph
    end = len(document) if end < 0 else end
    read = 0
    while read < REVIEW_REACH:  # blank lines between paragraphs are not paragraphs
        line_start = document.rfind("\n", 0, end) + 1
        line = document[line_start:end].strip()
        if line:
            read += 1
            if opens_review(line, year):
                return True
            heading = _HEADING_LINE.match(line)
            if heading:  # （十）…扎实推进。五年来，… or 一、五年来全市…取得的成绩: the heading's part is a review
                rest = line[heading.end():]
                return opens_review(rest, year) or opens_review(rest.partition("。")[2], year)
            plan = _PLAN_OPENING.match(line)
            if plan and (plan.group(1) is None or year is None or int(plan.group(1)) >= year):
                return False
        if line_start == 0:
            return False
        end = line_start - 1
    return False


__all__ = ["in_review", "opens_review", "stated_year"]
