"""Units below the numbered headings: 一是…二是… enumerations, parallel 要坚持…； clauses, table cells,
task-role lines.

Reports and news pages often number their tasks inside a paragraph (一是…。二是…。, 一要…二要…) or list
them as parallel clauses (要坚持…；要坚持…；); task lists put 牵头责任单位:… / 主要协作单位:… lines under
each task. These rules find them as exact spans of the original text (traditional or simplified:
matching is done on a simplified copy only when its length is unchanged), so a chunk can be cut at a
clause and cited by it, and role lines can become metadata of their task instead of passages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from text.normalise import to_simplified

_NUMERALS = "一二三四五六七八九十"
# 一是 / 二要 after a line start, space or punctuation, never inside a word (统一是, 唯一要).
_ORDINAL = re.compile(rf"(?:(?<=^)|(?<=[\s，,。；;：:“”\"、（）()！？!?]))([{_NUMERALS}]{{1,3}})([是要])(?![{_NUMERALS}])",
                      re.MULTILINE)
_CLAUSE_END = re.compile(r"[；;]")
_TITLE_CUT = re.compile(r"[，,。；;：:！？!?\n]")
_TITLE_MAX = 24
_MIN_PARALLEL = 3
_CELL = re.compile(r"^[ \t]*表: (.+? × .+?) = ", re.MULTILINE)  # ingest/word_text.py table_lines
_OPENER = re.compile(r"(?:^|[，,：:])\s*(要)")
_ROLE = re.compile(
    r"^[ \t\u3000]*(?:[(（]?\s*)?((?:牵头|主责|责任|主要协作|协作|配合|参与|协办|主办)(?:责任)?(?:单位|部门|领导))\s*[:：]")


@dataclass(frozen=True)
class Clause:
    """One enumerated clause: text[start:end] is the clause, `label` how a citation names it."""

    label: str
    start: int
    end: int


def _numeral(value: str) -> int:
    if value == "十":
        return 10
    if value.startswith("十"):
        return 10 + _NUMERALS.index(value[1]) + 1
    if len(value) == 1:
        return _NUMERALS.index(value) + 1
    if value.endswith("十"):
        return 10 * (_NUMERALS.index(value[0]) + 1)
    if len(value) == 3 and value[1] == "十":
        return 10 * (_NUMERALS.index(value[0]) + 1) + _NUMERALS.index(value[2]) + 1
    return -1


def _label(text: str, start: int, end: int) -> str:
    head = _TITLE_CUT.split(text[start:end].strip(), maxsplit=1)[0]
    head = re.sub(r"\s+", "", head)
    return head if len(head) <= _TITLE_MAX else head[: _TITLE_MAX - 1] + "…"


def _line_end(text: str, at: int, limit: int) -> int:
    cut = text.find("\n", at, limit)
    return limit if cut < 0 else cut


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _ordinal_clauses(text: str, start: int, end: int) -> list[Clause]:
    """一是…二是…三是… (or 一要…二要…): runs of at least two consecutive numbers with the same verb."""
    found = [(m.start(), _numeral(m.group(1)), m.group(2)) for m in _ORDINAL.finditer(text, start, end)]
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for item in found:
        at, number, verb = item
        if current and number == current[-1][1] + 1 and verb == current[-1][2]:
            current.append(item)
        elif number == 1:
            if len(current) >= 2:
                runs.append(current)
            current = [item]
    if len(current) >= 2:
        runs.append(current)
    clauses: list[Clause] = []
    for run in runs:
        for i, (at, _, _) in enumerate(run):
            stop = run[i + 1][0] if i + 1 < len(run) else _line_end(text, at, end)
            a, b = _trim(text, at, stop)
            if a < b:
                clauses.append(Clause(_label(text, a, b), a, b))
    return clauses


def _parallel_in_line(text: str, start: int, end: int) -> list[Clause]:
    """Parallel clauses in one paragraph: 3+ ；-separated segments opening with 要 (要坚持…；要加强…；).

    The first clause may follow an introduction in its segment (会议要求，要坚持…；): it starts at the
    last 要 after a comma or colon there. The last clause stops at its 。."""
    line = text[start:end]
    simple = to_simplified(line)
    probe = simple if len(simple) == len(line) else line
    bounds = [0] + [m.end() for m in _CLAUSE_END.finditer(probe)] + [len(probe)]
    segments = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i] < bounds[i + 1]]
    opens = [probe[a:b].lstrip().startswith("要") for a, b in segments]
    clauses: list[Clause] = []
    i = 0
    while i < len(segments):
        if not opens[i]:
            i += 1
            continue
        j = i
        while j < len(segments) and opens[j]:
            j += 1
        spans = list(segments[i:j])
        if i > 0:
            openers = list(_OPENER.finditer(probe[segments[i - 1][0]:segments[i - 1][1]]))
            if openers:
                spans.insert(0, (segments[i - 1][0] + openers[-1].start(1), segments[i - 1][1]))
        if len(spans) >= _MIN_PARALLEL:
            last_a, last_b = spans[-1]
            stop = probe.find("。", last_a, last_b)
            spans[-1] = (last_a, last_b if stop < 0 else stop + 1)
            for a, b in spans:
                a, b = _trim(text, start + a, start + b)
                if a < b:
                    clauses.append(Clause(_label(text, a, b), a, b))
        i = j
    return clauses


def _table_cells(text: str, start: int, end: int) -> list[Clause]:
    """Table cells as the readers write them ('表: 每千人口床位数 × 2020年目标 = 4.5张', one a line):
    each is a unit cited by its row and column header, so a 2020 answer names the 2020 column."""
    cells = []
    for m in _CELL.finditer(text, start, end):
        stop = _line_end(text, m.start(), end)
        a, b = _trim(text, m.start(), stop)
        cells.append(Clause("表: " + re.sub(r"\s+", " ", m.group(1)).strip(), a, b))
    return cells


def find_clauses(text: str, start: int, end: int) -> list[Clause]:
    """Enumerated clauses and table cells inside text[start:end], in reading order, never overlapping."""
    cells = _table_cells(text, start, end)
    clauses = cells + [c for c in _ordinal_clauses(text, start, end)
                       if not any(x.start < c.end and c.start < x.end for x in cells)]
    covered = [(c.start, c.end) for c in clauses]
    at = start
    while at < end:
        stop = _line_end(text, at, end)
        if not any(a < stop and at < b for a, b in covered):
            clauses.extend(_parallel_in_line(text, at, stop))
        at = stop + 1
    return sorted(clauses, key=lambda c: c.start)


def role_line(line: str) -> str | None:
    """The role a task-list line assigns (牵头责任单位, 主要协作单位 …), or None for an ordinary line."""
    simple = to_simplified(line)
    m = _ROLE.match(simple)
    return m.group(1) if m else None


__all__ = ["Clause", "find_clauses", "role_line"]
