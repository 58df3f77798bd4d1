"""The cell of a text table that answers a quantity question (平均住院日(天)　≤8.5　≤7.5　≤6 under
指标　三级医院　二级医院　基层医疗卫生机构).

A cell alone is a bare number; what it measures is split between its row's label and its column's
header (text/tables.py). Each cell is read as the clause they make of it — "二级医院平均住院日为不超过
7.5天" — and the clauses of one row are scored together as one sentence by answer.quantity, so the
subject (二级医院), the year (2021年实际 vs 2023年目标) and the unit of the question choose the cell as
they choose a number of a sentence. The answer is the cell as written, at its own offsets, with the unit
its row or column gives a bare number (≤7.5天; 13500万元 under 总投资（万元）: "13500" alone misleads).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import accumulate

from answer.quantity import QuantityAnswer, pick_quantity
from text.numbers import UNITS
from text.quantity_roles import names_own_measure
from text.tables import TableCell

# Comparators a cell writes as symbols, in the words a sentence uses for them (the numbers reader
# and the bound rules read words).
_BOUNDS = (("≤", "不超过"), ("≦", "不超过"), ("≥", "不低于"), ("≧", "不低于"), ("＜", "低于"), ("<", "低于"),
           ("＞", "高于"), (">", "高于"), ("～", "约"), ("~", "约"))
_SEPARATOR = "；"


def _clause(cell: TableCell) -> str:
    """The clause a cell reads as: its header, its row's label without the unit in brackets, and
    its value with the row's unit (2021年实际5岁以下儿童死亡率为4.2‰)."""
    label = cell.label
    if cell.unit and label.rstrip().endswith((f"({cell.unit})", f"（{cell.unit}）")):
        label = label.rstrip()[:-len(cell.unit) - 2]
    value = cell.text
    for symbol, words in _BOUNDS:
        value = value.replace(symbol, words)
    # 岳阳县出生人口性别比为112.4, not 出生人口性别比岳阳县为112.4: the measure is written last, next to
    # its value, as a sentence writes it (a rate or ratio without a unit is read only there)
    first, second = (label, cell.header) if names_own_measure(cell.header) and not names_own_measure(label) \
        else (cell.header, label)
    return f"{first}{second}为{with_unit(value, cell.unit)}"


def with_unit(value: str, unit: str) -> str:
    """A cell's value with the unit its row or column gives it (13500 under 总投资（万元） is 13500万元),
    as written when it writes a unit of its own. A rate's 1/10万 is written /10万 (9.5 is not 9.51/10万),
    and a note that is no unit (女=100 for a sex ratio) is left out."""
    unit = unit[1:] if unit.startswith("1/") else unit
    if not unit or unit in value or value.endswith(("%", "‰")) or not (unit in UNITS or unit in ("%", "‰", "％") or unit.startswith("/")):
        return value
    return f"{value}{unit}"


def table_reading(cells: Sequence[TableCell]) -> str:
    """The row read as clauses of its header, label and values with their units: what a cell's answer
    (13500万元) is checked against by the verbatim rule, every piece of it written in the table."""
    return _joined([_clause(c) for c in cells])


def _joined(clauses: Sequence[str]) -> str:
    return _SEPARATOR.join(clauses) + "。"


def pick_table_cell(cells: Sequence[TableCell], terms: Iterable[str], question: str) -> QuantityAnswer | None:
    """The cell of one row that answers `question` (None when none can), with a close rival cell
    and the conflicts as for a sentence's numbers; offsets are the cell's own, its text has its unit (with_unit)."""
    if not cells:
        return None
    clauses = [_clause(c) for c in cells]  # built once: their lengths place each cell in the reading
    starts = list(accumulate((len(c) + len(_SEPARATOR) for c in clauses[:-1]), initial=0))
    reading = _joined(clauses)
    found = pick_quantity(reading, 0, terms, question)
    if found is None:
        return None

    def cell_at(offset: int) -> TableCell:
        return cells[max(k for k, s in enumerate(starts) if s <= offset)]

    chosen = cell_at(found.number_start)
    at_rival = reading.find(found.rival) if found.rival else -1
    rival = cell_at(at_rival) if at_rival >= 0 else None
    return replace(found, text=with_unit(chosen.text, chosen.unit), start=chosen.start, end=chosen.end,
                   number_start=chosen.start, rival=with_unit(rival.text, rival.unit) if rival else "")


__all__ = ["pick_table_cell", "table_reading", "with_unit"]
