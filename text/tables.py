"""Tables written as rows of text: a header row names each column, and a cell is read with its
row's label and its column's header.

Plans print their indicator tables as lines of cells separated by runs of spaces (full-width,
tabs, or two and more half-width ones):

    指标名称　　单位　　2023年实际　　2024年目标　　指标属性
    每千人口注册护士数　　人　　3.98　　4.10　　预期性

so "4.10" alone says nothing: it is 每千人口注册护士数 in 人 for 2024年目标. `table_cells` gives each
number cell of a row with those words, and where the cell lies in the row (a verbatim slice).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from text.numbers import UNITS

_GAP = re.compile(r"[ \t]*[\u3000\t][ \t\u3000]*|[ ]{2,}")  # a gap between cells
# a value cell may carry its unit (18.6亿元, 1200张 in a project table)
_NUMBER_CELL = re.compile(r"[≤≥<>＜＞≦≧~～约]?\s*\d+(?:\.\d+)?\s*(?:%|‰|/10万|[万亿]?元|万?[张个人家所项台名]|平方米|㎡)?")
_SERIAL = re.compile(r"\d{1,3}")  # a row's number in a 序号 column, before its label
_EMPTY_CELL = re.compile(r"[—\-–/／]+")
_UNIT_HEADER = re.compile(r"单位|計量單位|计量单位")
_UNIT_IN_LABEL = re.compile(r"[（(]([^（）()]{1,8})[)）]\s*$")
MIN_CELLS = 3      # a label and two values at least: one value after a label is a sentence, not a table
HEADER_REACH = 60  # lines above a row searched for its header (a table of every county or project is long)
CAPTION_REACH = 60  # characters above a header searched for the caption's unit (（单位：万元）)
_CAPTION_UNIT = re.compile(r"单位\s*[:：]\s*([^\s)）;；,，]{1,4})")


@dataclass(frozen=True)
class TableCell:
    """A number cell: its text and offsets in the row, and the words naming it."""

    text: str
    start: int
    end: int
    label: str   # the row's first cell (平均住院日(天))
    header: str  # its column's header (二级医院, 2024年目标)
    unit: str    # the row's unit: from a 单位 column or the label's parenthesis ('' when none)


def split_cells(line: str) -> list[tuple[str, int, int]]:
    """The cells of a line with their offsets, leading and trailing blanks left out."""
    cells, pos = [], 0
    for gap in [*_GAP.finditer(line), None]:
        end = gap.start() if gap else len(line)
        text = line[pos:end]
        if text.strip():
            lead = len(text) - len(text.lstrip())
            cells.append((text.strip(), pos + lead, pos + lead + len(text.strip())))
        pos = gap.end() if gap else len(line)
    return cells


def _is_value(cell: str) -> bool:
    return bool(_NUMBER_CELL.fullmatch(cell) or _EMPTY_CELL.fullmatch(cell))


def _label_column(cells: list[str]) -> int:
    """The column of a row's label: the first, or the second after a serial number (1　某医院新院区　18.6亿元)."""
    return 1 if len(cells) > MIN_CELLS and _SERIAL.fullmatch(cells[0]) and not _is_value(cells[1]) else 0


def is_table_row(line: str) -> bool:
    """A line of MIN_CELLS cells or more, a label first (after its serial number, if any) and numbers after it."""
    cells = [c for c, _, _ in split_cells(line)]
    if len(cells) < MIN_CELLS:
        return False
    first = _label_column(cells)
    return not _is_value(cells[first]) and sum(_is_value(c) for c in cells[first + 1:]) >= 2


def _is_header(cells: list[str]) -> bool:
    return len(cells) >= MIN_CELLS and not any(_is_value(c) for c in cells[1:])


def table_cells(text: str, row_start: int) -> list[TableCell]:
    """The number cells of the row at `row_start` in `text` (any offset on its line), each named by its label and
    its column's header ([] when the line is no table row or no header above it matches its cells).
    Offsets are those of `text`."""
    row_start = text.rfind("\n", 0, row_start) + 1  # the whole line, its indent included
    row_end = text.find("\n", row_start)
    row = text[row_start:row_end if row_end >= 0 else len(text)]
    if not is_table_row(row):
        return []
    cells = split_cells(row)
    found = _header_above(text, row_start, len(cells))
    if found is None:
        return []
    header, header_start = found
    unit_column = next((j for j, h in enumerate(header) if _UNIT_HEADER.fullmatch(h)), None)
    first = _label_column([c for c, _, _ in cells])
    label = cells[first][0]
    written = cells[unit_column][0] if unit_column is not None else ""
    unit = written if written and not _EMPTY_CELL.fullmatch(written) else _bracketed_unit(label)
    caption = _caption_unit(text, header_start)
    return [TableCell(cell, row_start + start, row_start + end, label, header[j], unit or _bracketed_unit(header[j]) or caption)
            for j, (cell, start, end) in enumerate(cells)
            if j > first and j != unit_column and _NUMBER_CELL.fullmatch(cell)]


def _bracketed_unit(name: str) -> str:
    """The unit a row's label or a column's header writes in brackets at its end (门诊预约率(%), 总投资（万元）),
    '' when none: 新区医院（一期） names a phase, not a unit."""
    m = _UNIT_IN_LABEL.search(name)
    return m.group(1) if m and (m.group(1) in UNITS or m.group(1) in ("%", "‰", "％") or "/" in m.group(1)) else ""


def _caption_unit(text: str, header_start: int) -> str:
    """The unit a caption above the header gives the whole table (（单位：万元）), '' when none."""
    above = text[max(0, header_start - CAPTION_REACH):header_start]
    m = _CAPTION_UNIT.search(above.rsplit("\n\n\n", 1)[-1])
    return m.group(1) if m and m.group(1) in UNITS else ""


def _header_above(text: str, row_start: int, width: int) -> tuple[list[str], int] | None:
    """The nearest line above (within HEADER_REACH lines of the same table) whose cells are all
    words and as many as the row's, with its offset."""
    end = row_start - 1
    for _ in range(HEADER_REACH):
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        cells = [c for c, _, _ in split_cells(text[start:end])]
        if not cells:
            return None  # a blank line ends the table
        if _is_header(cells):
            return (cells, start) if len(cells) == width else None
        if len(cells) != width:
            return None  # a line of another shape: not this table
        end = start - 1
    return None


__all__ = ["TableCell", "is_table_row", "split_cells", "table_cells"]
