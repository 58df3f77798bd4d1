"""Tables written as rows of text (text/tables.py): each number cell is named by its row's label,
its column's header and the row's unit; lines that are not a table give no cells."""
from __future__ import annotations

from text.tables import is_table_row, split_cells, table_cells

TABLE = """附表：主要指标
　　指标名称　　单位　　2024年实际　　2025年目标　　属性
　　每千人口药师数　　人　　0.52　　0.6　　预期性
　　门诊预约率(%)　　—　　45　　≥55　　约束性

其后的正文，写着2025年要做的事情，共有3项　重点　任务。
"""


def cells_of(row: str):
    return table_cells(TABLE, TABLE.index(row))


def test_a_cell_is_named_by_its_row_label_and_column_header_and_unit_column():
    cells = cells_of("每千人口药师数")
    assert [(c.text, c.header, c.unit) for c in cells] == [("0.52", "2024年实际", "人"), ("0.6", "2025年目标", "人")]
    assert all(TABLE[c.start:c.end] == c.text for c in cells)  # verbatim offsets
    assert cells[0].label == "每千人口药师数"


def test_a_unit_in_the_label_brackets_is_the_rows_unit_and_a_comparator_stays_in_the_cell():
    cells = cells_of("门诊预约率")
    assert [(c.text, c.unit) for c in cells] == [("45", "%"), ("≥55", "%")]  # the unit column's — says none


def test_prose_and_a_line_of_one_number_are_no_table_rows():
    assert not is_table_row("全年新增床位3000张，执业医生2739名。")
    assert not is_table_row("　　人均预期寿命　　81.3岁")
    assert table_cells(TABLE, TABLE.index("其后的正文")) == []


def test_a_row_without_a_header_above_it_gives_no_cells():
    text = "说明文字一行。\n每千人口药师数　　0.52　　0.6\n"
    assert is_table_row("每千人口药师数　　0.52　　0.6")
    assert table_cells(text, text.index("每千")) == []


def test_cells_are_split_on_full_width_spaces_tabs_and_runs_of_spaces():
    assert [c for c, _, _ in split_cells("指标\t三级医院　二级医院   基层")] == ["指标", "三级医院", "二级医院", "基层"]
    assert [c for c, _, _ in split_cells("人均预期寿命 (岁)")] == ["人均预期寿命 (岁)"]  # one space joins
