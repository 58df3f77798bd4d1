"""What a section's text holds below its headings: task-role lines, enumerated clauses, its year.

chunk_sections cuts each section along these units: role lines (牵头责任单位:…) leave the text and
become the task's `duties`; each 一是…/要坚持… clause is its own piece, cited by its label; a
section takes the year its heading (or a standalone part line before it) states.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from core.types import Document, Section
from text.clauses import find_clauses, role_line
from text.period import stated_year


@dataclass(frozen=True)
class Unit:
    """A span of a section's own text; `clause` is empty for text outside any enumeration."""

    start: int
    end: int
    clause: str = ""


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    while at < end:
        stop = text.find("\n", at, end)
        stop = end if stop < 0 else stop
        spans.append((at, stop))
        at = stop + 1
    return spans


def split_roles(text: str, runs: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], str]:
    """The runs without their role lines, and those lines joined (牵头责任单位:县卫健委；主要协作单位:…)."""
    kept: list[tuple[int, int]] = []
    duties: list[str] = []
    for a, b in runs:
        current: tuple[int, int] | None = None
        for s, e in _lines(text, a, b):
            if role_line(text[s:e]):
                duties.append(" ".join(text[s:e].split()))
                if current:
                    kept.append(current)
                current = None
            elif text[s:e].strip():
                current = (current[0], e) if current else (s, e)
        if current:
            kept.append(current)
    return kept, "；".join(duties)


def _trimmed(text: str, start: int, end: int) -> Unit:
    while text[start].isspace():
        start += 1
    while text[end - 1].isspace():
        end -= 1
    return Unit(start, end)


def clause_units(text: str, runs: list[tuple[int, int]]) -> list[Unit]:
    """Each run cut at its enumerated clauses; the text around them stays as unlabelled units."""
    units: list[Unit] = []
    for a, b in runs:
        cursor = a
        for clause in find_clauses(text, a, b):
            if text[cursor:clause.start].strip():
                units.append(_trimmed(text, cursor, clause.start))
            units.append(Unit(clause.start, clause.end, clause.label))
            cursor = clause.end
        if text[cursor:b].strip():
            units.append(_trimmed(text, cursor, b))
    return units


def part_lines(doc: Document) -> list[tuple[int, int]]:
    """(offset, year) of every body line that opens a part (2016年工作总结), in reading order."""
    found = [(s, stated_year(doc.text[s:e])) for s, e in doc.body if e - s <= 80]
    return [(s, y) for s, y in found if y is not None]


def section_years(sections: list[Section], parts: list[tuple[int, int]]) -> dict[str, int | None]:
    """Each section's year: its own heading's, else its parent's, else the last part line at or
    before it; None when nothing states one (the document's year applies)."""
    by_path: dict[tuple[str, ...], int | None] = {}
    years: dict[str, int | None] = {}
    for section in sections:
        own = stated_year(section.titles[-1]) if section.titles else None
        parent = by_path.get(section.path[:-1]) if len(section.path) > 1 else None
        line = year_before(parts, section.start + 1)
        year = own if own is not None else parent if parent is not None else line
        by_path[section.path] = year
        years[section.section_id] = year
    return years


def year_before(parts: list[tuple[int, int]], offset: int) -> int | None:
    """The year of the last part line starting before offset."""
    i = bisect_left(parts, (offset, -1))
    return parts[i - 1][1] if i else None


def year_at(parts: list[tuple[int, int]], start: int, section: Section, section_year: int | None) -> int | None:
    """A piece's year: a part line inside its own section before it (a preamble holding both a
    2016年工作总结 and a 2017年工作要点 line) overrides the section's year."""
    i = bisect_left(parts, (start + 1, -1))
    if i and section.start < parts[i - 1][0]:
        return parts[i - 1][1]
    return section_year


__all__ = ["Unit", "clause_units", "part_lines", "section_years", "split_roles", "year_at", "year_before"]
