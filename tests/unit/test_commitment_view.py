"""What a journalist sees: comparable groups (same family and unit), a CSV Excel can open, no None."""
from __future__ import annotations

import csv
import io
from dataclasses import replace

from commitments.compare import comparable_groups, family
from commitments.export import to_csv
from commitments.extract import extract_text

TEXT = ("全年新增病床800张。每千人口床位数达到6.1张。家庭医生签约率达到45%以上。"
        "新增执业医师300名。力争每千人口执业医师数达3.1人。")


def records(city: str, year: int, text: str = TEXT):
    return [replace(c, city=city, year=year, doc_id=f"{city}{year}") for c in extract_text(text, year=year)]


def test_rates_and_totals_are_never_one_group():
    found = records("甲市", 2030) + records("乙市", 2031, "全年新增床位500张。每千人口床位数达到5.2张。")
    groups = comparable_groups(found)
    for g in groups:
        assert len({c.unit for c in g.records}) == 1
    beds = [g for g in groups if "床" in g.family]
    assert {g.unit for g in beds} == {"张", "张/千人口"}
    totals = next(g for g in beds if g.unit == "张")
    assert {c.city for c in totals.records} == {"甲市", "乙市"}  # 病床 and 床位 are one family
    assert groups[0].places == 2  # the view opens on a group that lines up places


def test_family_drops_qualifiers_and_leading_verbs():
    assert family("新增病床") == family("全年新增床位")
    assert family("达到标准的社区医院(甲县)") == family("达到标准的社区医院")


def test_csv_with_bom_opens_as_utf8_and_has_no_none():
    found = records("甲市", 2030)
    text = to_csv(found, bom=True)
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1
    assert "None" not in text
    rows = list(csv.DictReader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"))))
    assert len(rows) == len(found) and rows[0]["city"] == "甲市"
    assert not to_csv(found).startswith("\ufeff")


def test_table_never_shows_none():
    from ui.commitments_page import commitments_table, comparison_table, lineup_table

    found = [replace(c, city="", year=None) for c in records("甲市", 2030)]
    assert any(c.target_date is None for c in found)
    for table in (commitments_table(found), comparison_table(found), lineup_table(found)):
        cells = table.astype(str).to_numpy().ravel().tolist() + [str(c) for c in table.columns]
        assert not any("None" in cell or cell == "nan" for cell in cells), cells
