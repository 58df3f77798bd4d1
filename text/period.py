"""The year a heading or a standalone line states for the part it opens (2016年工作回顾, 2017年工作要点).

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


__all__ = ["stated_year"]
