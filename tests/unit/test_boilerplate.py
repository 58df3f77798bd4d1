"""Web furniture is dropped by kind of line, and header fields become metadata."""
from __future__ import annotations

import pytest

from ingest.boilerplate import classify_line, parse_fields, strip_boilerplate
from ingest.metadata import apply_manifest, detect_meta

# A page from a city that is not in the seed corpus, with its own furniture.
SIXTH = """无障碍浏览
长者模式
当前位置:首页 > 信息公开 > 计划总结
索引号: 11330100/2021-00012   主题分类: 卫生
发布机构: 杭州市卫生健康委员会   发布日期: 2021-03-02
【字体:大 中 小】 打印本页
杭州市2021年卫生健康工作要点
2021年是“十四五”开局之年。全市卫生健康工作要以健康杭州建设为统领。
一、深化医药卫生体制改革
（一）推进医共体建设。全面推进紧密型县域医共体建设。
上一篇: 关于开展义诊活动的通知
扫一扫在手机打开当前页
主办单位:杭州市卫生健康委员会  地址:杭州市XX路1号 邮编:310000
网站标识码:3301000001  浙ICP备12345678号
"""


def body_lines(text: str) -> list[str]:
    return [text[s:e] for s, e in strip_boilerplate(text).body]


def test_navigation_header_and_footer_lines_are_dropped():
    kept = body_lines(SIXTH)
    assert kept == [
        "杭州市2021年卫生健康工作要点",
        "2021年是“十四五”开局之年。全市卫生健康工作要以健康杭州建设为统领。",
        "一、深化医药卫生体制改革",
        "（一）推进医共体建设。全面推进紧密型县域医共体建设。",
    ]


@pytest.mark.parametrize("line", [
    "首页 | 机构职能 | 政务公开 | 新闻动态 | 通知公告 | 办事服务",
    "无障碍 | 关怀版 | 简体 | 繁體",
    "联系我们　|　网站地图　|　隐私声明　　联系电话：0571-12345678",
    "【大】【中】【小】　【打印】　【关闭】",
    "【打印本页】　【关闭窗口】　【返回顶部】",
    "相关链接：国家卫生健康委员会 | 浙江省卫生健康委员会 | 杭州市人民政府 |",
    "分享到：微信　微博　QQ　QQ空间",
    "Health Commission of Lishui Municipality",  # a Chinese page's English banner
])
def test_menus_widget_rows_and_link_lists_are_furniture(line):
    assert classify_line(line) != "body"


@pytest.mark.parametrize("line", [
    "指标 | 2020年 | 2021年 | 2022年",  # a table row: its cells hold numbers
    "一是抓改革 | 二是抓服务 | 三是抓队伍，全面提升服务能力。",
    "HIV", "COVID-19",  # a term on its own line is not a banner
])
def test_a_table_row_or_a_sentence_with_bars_is_body(line):
    assert classify_line(line) == "body"


def test_header_fields_feed_metadata():
    cleaned = strip_boilerplate(SIXTH)
    assert cleaned.fields["发布机构"] == "杭州市卫生健康委员会"
    assert cleaned.fields["发布日期"] == "2021-03-02"
    meta = detect_meta("hz", "corpus/hz.txt", SIXTH, cleaned)
    assert (meta.title, meta.city, meta.year, meta.doc_type) == ("杭州市2021年卫生健康工作要点", "杭州", 2021, "工作要点")
    assert meta.publisher == "杭州市卫生健康委员会" and meta.published == "2021-03-02"
    assert set(meta.guessed) >= {"title", "city", "year", "doc_type", "publisher", "published"}


def test_parse_fields_splits_several_keys_on_one_line():
    fields = parse_fields("来源: 南通市卫计委 发布时间:2018-02-27 14:38 累计次数: 字体:[ ]")
    assert fields["来源"] == "南通市卫计委"
    assert fields["发布时间"].startswith("2018-02-27")


def test_body_sentence_mentioning_a_key_word_is_kept():
    assert classify_line("要进一步拓宽信息来源渠道,完善发布机制,提高政务公开水平。") == "body"
    assert classify_line("地址变更、来源核查等工作按规定开展,确保信息准确。提高服务质量和效率,推进改革。" * 2) == "body"


def test_city_from_healthy_city_campaign_when_no_header():
    text = "全市卫生工作要点\n以健康泉州建设为统领。推进健康泉州建设。\n一、目标\n"
    meta = detect_meta("x", "x.txt", text, strip_boilerplate(text))
    assert meta.city == "泉州"


def test_manifest_overrides_guesses_and_clears_their_guessed_flag():
    meta = detect_meta("hz", "hz.txt", SIXTH, strip_boilerplate(SIXTH))
    curated = apply_manifest(meta, {"title": "杭州2021要点", "city": "", "year": "2021"})
    assert curated.title == "杭州2021要点" and curated.city == "杭州" and curated.year == 2021
    assert "title" not in curated.guessed and "year" not in curated.guessed and "city" in curated.guessed


def test_a_cms_header_line_with_empty_and_unusual_fields_splits_into_its_fields():
    """文章来源 / 浏览量 (empty) / 发表时间: each its own field, so the publisher is not '… 浏览量: 发表时间:…'."""
    fields = parse_fields("文章来源:某县卫生健康委员会 浏览量: 发表时间:2021-05-07 10:49 责任编辑:政务公开")
    assert fields["文章来源"] == "某县卫生健康委员会"
    assert fields["发表时间"].startswith("2021-05-07")
    assert "浏览量" not in fields  # empty value


def test_a_bullet_naming_the_publisher_loses_its_label():
    text = "某市2023年卫生健康工作要点\n  • 时间:2023-05-04\n  • 发布:某市卫生健康委\n一、总体要求\n全面推进健康某市建设。\n"
    meta = detect_meta("d", "d.txt", text, strip_boilerplate(text))
    assert meta.publisher == "某市卫生健康委"
