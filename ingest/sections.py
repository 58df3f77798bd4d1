"""Parse a document's own numbering (一、 /（一）/ 1. /（1）/ 第一章) into a tree of sections.

A heading is recognised only at the start of a body line, and only when its number continues
the numbering at its level (the next number, a small skip, or a restart at 1): a number inside
a sentence, "1.5万", or an enumeration such as "一、二级医院" is never a heading. A heading closes
every open section of the same or a deeper level. Text before the first heading is the preamble.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from core.types import Document, Section

_CN = "一二三四五六七八九十百零〇两"
_LEAD = r"[ \t\u3000]*"
# (rank, pattern); rank orders the levels from outermost (章) to innermost (（1）).
_LEVELS: tuple[tuple[int, re.Pattern], ...] = (
    (0, re.compile(_LEAD + rf"(第\s*([{_CN}\d]+)\s*章)\s*")),
    (1, re.compile(_LEAD + rf"(第\s*([{_CN}\d]+)\s*节)\s*")),
    (2, re.compile(_LEAD + rf"(第\s*([{_CN}\d]+)\s*条)\s*")),
    (3, re.compile(_LEAD + rf"(([{_CN}]+)\s*、)(?![{_CN}])\s*")),
    (4, re.compile(_LEAD + rf"([（(]\s*([{_CN}]+)\s*[）)])\s*")),
    (5, re.compile(_LEAD + r"((\d{1,3})\s*[.．、](?![\d.．%]))\s*")),
    (6, re.compile(_LEAD + r"([（(]\s*(\d{1,3})\s*[）)])\s*")),
)
_MAX_SKIP = 3
_TITLE_MAX = 60


@dataclass(frozen=True)
class Heading:
    rank: int
    number: int
    marker: str  # normalised: 四、 （一） 13. （1） 第一章
    title: str
    line_start: int  # offset of the heading's first character (after leading spaces)


def _to_int(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    try:
        value = cn2an.cn2an(numeral.replace("两", "二"), "strict")
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return int(value) if value == int(value) else None


def _marker(rank: int, number: int, raw: str) -> str:
    if rank <= 2:
        return re.sub(r"\s+", "", raw)
    numeral = cn2an.an2cn(number) if rank in (3, 4) else str(number)
    return {3: f"{numeral}、", 4: f"（{numeral}）", 5: f"{number}.", 6: f"（{number}）"}[rank]


def _title(rest: str) -> str:
    """Heading text up to its first 。 (or ；/end of line), without spaces, capped for display."""
    cut = re.split(r"[。；;]", rest, maxsplit=1)[0].strip()
    cut = re.sub(r"\s+", "", cut)
    return cut if len(cut) <= _TITLE_MAX else cut[: _TITLE_MAX - 1] + "…"


def find_headings(text: str, body: tuple[tuple[int, int], ...]) -> list[Heading]:
    """Headings at the start of body lines whose numbers continue their level's sequence."""
    last: dict[int, int] = {}
    parent_changed: dict[int, bool] = {}  # a shallower heading came after this level's last one
    headings: list[Heading] = []
    for start, end in body:
        line = text[start:end]
        for rank, pattern in _LEVELS:
            m = pattern.match(line)
            if not m:
                continue
            number = _to_int(m.group(2))
            rest = line[m.end():]
            if number is None or number < 1 or not rest.strip() and rank >= 5:
                continue
            previous = last.get(rank, 0)
            continues = previous < number <= previous + _MAX_SKIP
            restarts = number == 1 and (previous == 0 or parent_changed.get(rank, False))
            if not (continues or restarts):
                continue
            last[rank] = number
            parent_changed[rank] = False
            for deeper in last:
                if deeper > rank:
                    parent_changed[deeper] = True
            headings.append(Heading(rank, number, _marker(rank, number, m.group(1)), _title(rest), start))
            break
    return headings


def parse_sections(doc: Document) -> list[Section]:
    """Sections in reading order; each spans from its heading to the next heading of any level.

    The preamble (path ()) is included only when body text precedes the first heading.
    """
    text, body = doc.text, doc.body
    headings = find_headings(text, body)
    body_start = body[0][0] if body else 0
    body_end = body[-1][1] if body else 0
    sections: list[Section] = []
    first = headings[0].line_start if headings else body_end
    if body and first > body_start:
        sections.append(Section(doc.doc_id, (), (), body_start, first))
    stack: list[Heading] = []
    seen: dict[tuple[str, ...], int] = {}
    for i, heading in enumerate(headings):
        while stack and stack[-1].rank >= heading.rank:
            stack.pop()
        stack.append(heading)
        end = headings[i + 1].line_start if i + 1 < len(headings) else body_end
        path = tuple(h.marker for h in stack)
        seen[path] = seen.get(path, 0) + 1
        if seen[path] > 1:  # a restarted numbering must not collide with an earlier section id
            path = path[:-1] + (f"{path[-1]}~{seen[path]}",)
        sections.append(Section(
            doc.doc_id,
            path,
            tuple(h.title for h in stack),
            heading.line_start,
            max(end, heading.line_start),
        ))
    return sections
