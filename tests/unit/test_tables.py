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


PROJECTS = """附件：2025年重点建设项目
序号\t项目名称\t建设性质\t总投资\t2025年计划投资\t主要建设内容
1\t甲市人民医院北院区\t续建\t12.4亿元\t3.1亿元\t新建住院综合楼，设置床位900张
2\t甲市疾控中心实验楼\t新建\t2.6亿元\t0.9亿元\t新建生物安全二级实验室
"""


def test_a_project_table_numbers_its_rows_and_writes_units_in_its_cells():
    """序号 before the label, 亿元 in the cell: still a table, each cell named by the project and its header."""
    row = PROJECTS.index("1\t甲市人民医院北院区")
    assert is_table_row(PROJECTS[row:PROJECTS.index("\n", row)])
    cells = table_cells(PROJECTS, row)
    assert [(c.text, c.header, c.label) for c in cells] == [
        ("12.4亿元", "总投资", "甲市人民医院北院区"), ("3.1亿元", "2025年计划投资", "甲市人民医院北院区")]
    assert all(PROJECTS[c.start:c.end] == c.text for c in cells)


def test_a_project_tables_year_column_answers_a_question_about_that_years_investment():
    from answer.table import pick_table_cell

    cells = table_cells(PROJECTS, PROJECTS.index("2\t甲市疾控中心实验楼"))
    terms = ["疾控中心", "实验楼", "项目", "计划", "投资"]
    found = pick_table_cell(cells, terms, "甲市疾控中心实验楼项目2025年计划投资多少？")
    assert found is not None and found.text == "0.9亿元"
    found = pick_table_cell(cells, [*terms[:3], "总投资", "投资"], "甲市疾控中心实验楼项目总投资是多少？")
    assert found is not None and found.text == "2.6亿元"


def test_a_unit_in_a_column_header_or_the_tables_caption_is_its_cells_unit():
    """总投资（万元） gives its column's bare numbers their unit, and so does （单位：万元） above the table; a
    bracket that names no unit (（一期）, a phase) gives none."""
    text = "附表\n（单位：万元）\n\n序号\t项目名称\t总投资\t2025年计划投资\n1\t乙县医院新院区（一期）\t86000\t21500\n"
    cells = table_cells(text, text.index("1\t乙县"))
    assert [(c.text, c.unit, c.label) for c in cells] == [("86000", "万元", "乙县医院新院区（一期）"),
                                                          ("21500", "万元", "乙县医院新院区（一期）")]
    text = "序号\t项目名称\t总投资（亿元）\t2025年计划投资（亿元）\t床位（张）\n1\t乙县医院新院区（一期）\t8.6\t2.8\t600\n"
    cells = table_cells(text, text.index("1\t乙县"))
    assert [(c.text, c.unit) for c in cells] == [("8.6", "亿元"), ("2.8", "亿元"), ("600", "张")]


def test_a_row_far_below_its_header_in_a_long_table_still_reads_it():
    rows = "\n".join(f"{i}\t指标{i}\t%\t{50 + i}\t{60 + i}" for i in range(1, 21))
    text = f"序号\t指标名称\t单位\t2022年完成值\t2023年目标值\n{rows}\n"
    cells = table_cells(text, text.index("20\t指标20"))
    assert [(c.label, c.header, c.text) for c in cells] == [("指标20", "2022年完成值", "70"), ("指标20", "2023年目标值", "80")]


def test_a_cell_is_shown_with_its_unit_unless_it_writes_one():
    from answer.table import with_unit

    assert with_unit("13500", "万元") == "13500万元"
    assert with_unit("≤7.5", "天") == "≤7.5天"
    assert with_unit("12.4亿元", "亿元") == "12.4亿元" and with_unit("95%", "%") == "95%"
    assert with_unit("3.1", "") == "3.1"
    # a rate per 100,000 written 1/10万 in its unit column: 9.5 stays 9.5, never 9.51/10万; 女=100 is no unit
    assert with_unit("9.5", "1/10万") == "9.5/10万" and with_unit("9.5", "/10万") == "9.5/10万"
    assert with_unit("113.8", "女=100") == "113.8"


def test_a_cells_scaled_answer_is_supported_only_by_the_row_read_with_its_header():
    """The verbatim rule: 13500万元 is not written in the row (13500 is), but it is in the row read with the
    header that scales it; a number the table does not write is supported by neither."""
    from answer.extractive import supported
    from answer.model import Evidence
    from answer.table import table_reading

    text = "序号\t项目名称\t总投资（万元）\t年度投资（万元）\n1\t丁县医院迁建\t13500\t4200\n"
    row_start = text.index("1\t丁县")
    row = text[row_start:text.index("\n", row_start)]
    cells = table_cells(text, row_start)
    bare = Evidence(row, row_start, row_start + len(row), hit=None)  # type: ignore[arg-type]
    read = Evidence(row, row_start, row_start + len(row), hit=None, reading=table_reading(cells))  # type: ignore[arg-type]
    assert not supported("13500万元", bare) and supported("13500万元", read)
    assert supported("4200万元", read) and not supported("4300万元", read) and not supported("13500亿元", read)
