"""Section parsing: the numbering hierarchy these documents use, and what is not a heading."""
from __future__ import annotations

from core.types import Document, DocumentMeta
from ingest.boilerplate import strip_boilerplate
from ingest.sections import parse_sections


def doc(text: str) -> Document:
    return Document(DocumentMeta("d", "d.txt"), text, strip_boilerplate(text).body)


def paths(text: str) -> list[str]:
    return [s.path_str for s in parse_sections(doc(text))]


def test_four_levels_nest_into_paths():
    text = "总体要求。\n一、深化改革\n（一）分级诊疗。内容。\n1.家庭医生。内容。\n（1）签约。内容。\n(2)履约。内容。\n2．医联体。内容。\n(二)药品。内容。\n二、公共卫生\n1、疾控。内容。"
    assert paths(text) == ["前言", "一、", "一、/（一）", "一、/（一）/1.", "一、/（一）/1./（1）", "一、/（一）/1./（2）",
                           "一、/（一）/2.", "一、/（二）", "二、", "二、/1."]


def test_number_inside_sentence_or_decimal_is_not_a_heading():
    text = "一、目标\n新增床位1.5万张。\n1.5万名医生参与培训。\n全年完成2.项目\n2、3月份开展检查。"
    assert paths(text) == ["一、"]


def test_enumeration_of_numerals_is_not_a_heading():
    text = "一、医疗服务\n一、二级医院要加强协作。\n二、公共卫生\n"
    assert paths(text) == ["一、", "二、"]


def test_numbering_that_jumps_far_is_not_a_heading():
    text = "一、目标\n1.第一项。\n2.第二项。\n45.这不是标题而是一行数据\n3.第三项。"
    assert paths(text) == ["一、", "一、/1.", "一、/2.", "一、/3."]


def test_unnumbered_paragraphs_belong_to_their_heading():
    text = "前言段落。\n一、实施工程\n第一段内容。\n第二段内容。\n二、另一工程\n第三段。"
    sections = parse_sections(doc(text))
    first = sections[1]
    assert first.path_str == "一、"
    assert "第二段内容" in text[first.start:first.end]
    assert "第三段" not in text[first.start:first.end]


def test_section_title_is_heading_up_to_first_full_stop_without_spaces():
    text = "一、目标\n(一) 规范提升药品集中采购。落实公立医院药品采购。"
    last = parse_sections(doc(text))[-1]
    assert last.path_str == "一、/（一）"
    assert last.title == "规范提升药品集中采购"
    assert last.breadcrumb == "一、目标 > （一）规范提升药品集中采购"


def test_numbering_continues_across_parents():
    text = "一、甲\n（一）a。\n（二）b。\n二、乙\n（三）c。\n三、丙\n（一）d。"
    assert paths(text) == ["一、", "一、/（一）", "一、/（二）", "二、", "二、/（三）", "三、", "三、/（一）"]


def test_chapters_sections_and_articles_are_outer_levels():
    text = "第一章 总则\n第一条 为了规范管理。\n第二条 本办法适用于全市。\n第二章 职责\n一、卫生部门\n"
    assert paths(text) == ["第一章", "第一章/第一条", "第一章/第二条", "第二章", "第二章/一、"]


def test_restart_at_one_needs_a_new_parent():
    text = "一、甲\n1.子项。\n1.同一父节下重新编号不是新标题。\n二、乙\n1.新父节下重新编号。"
    assert paths(text) == ["一、", "一、/1.", "二、", "二、/1."]


def test_heading_on_last_line_without_newline():
    assert paths("前言。\n一、最后的标题") == ["前言", "一、"]


def test_headings_may_be_indented_with_spaces():
    assert paths("前言。\n  一、缩进的标题\n\u3000\u3000（一）全角空格缩进。内容") == ["前言", "一、", "一、/（一）"]
