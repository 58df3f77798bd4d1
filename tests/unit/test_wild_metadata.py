"""Title, place (at its level) and year of documents from any province, city or county.

The nine labelled documents (five seeds, four real pages from ../shared/wild) go through the real
ingest path and are checked against hand labels written before the rules were changed; the rules
themselves are pinned by small documents of their own, none of them seed text.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.config import REPO_ROOT
from core.types import DocumentMeta
from index.search import Filters
from ingest.boilerplate import strip_boilerplate
from ingest.corpus import load_document
from ingest.metadata import detect_meta
from ingest.reading import html_to_text
from retrieval.scope import detect_scope
from text.normalise import to_simplified
from text.places import short_name

LABELS = REPO_ROOT / "eval" / "gold" / "wild" / "metadata.jsonl"
WILD = REPO_ROOT.parent / "shared" / "wild"


def _labels() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _folder(label: dict) -> Path:
    return REPO_ROOT / "corpus" if label["set"] == "seed" else WILD


def _same_title(got: str, label: dict) -> bool:
    """Exact (either script), or — where the page has no headline and the labeller wrote one — a
    headline naming the same place, year and event, which is what the label's notes accept."""
    norm = lambda s: to_simplified(s).replace(" ", "")  # noqa: E731
    if norm(got) == norm(label["title"]):
        return True
    if label["title_source"].startswith("NONE"):
        place = short_name(label["county"] or label["city"] or label["province"], "county" if label["county"] else "city")
        return place in norm(got) and str(label["plan_year"]) in got and "会议" in norm(got)
    return False


@pytest.mark.parametrize("label", _labels(), ids=lambda lab: lab["file"])
def test_labelled_document_gets_its_title_place_and_year(label):
    folder = _folder(label)
    if not (folder / label["file"]).exists():
        pytest.skip(f"{folder / label['file']} not present")
    meta = load_document(folder / label["file"], folder).meta
    assert _same_title(meta.title, label), meta.title
    assert meta.province == label["province"]
    assert meta.city == (short_name(label["city"], "city") if label["city"] else "")
    assert meta.county == label["county"]
    assert meta.year == label["plan_year"]
    assert list(meta.years) == label["years"]
    assert len(meta.regions) == len(label["regions"])


def meta_of(text: str) -> DocumentMeta:
    return detect_meta("d", "d.txt", text, strip_boilerplate(text))


def test_province_plan_with_a_slogan_is_filed_under_the_province_not_a_city():
    meta = meta_of("2019年全省卫生健康工作要点\n2019年是推进健康浙江建设的关键之年。\n"
                   "一、深化医改\n(一)在温州、台州开展试点,推进健康浙江行动。\n")
    assert (meta.province, meta.city, meta.county) == ("浙江省", "", "")
    assert meta.regions == ("浙江省",)


def test_an_autonomous_region_plan_is_filed_under_the_region_not_a_district():
    """自治区卫生健康委 and 全区 are a province's words: the plan is not filed under a 区 it names."""
    meta = meta_of("自治区卫生健康委关于印发《2022年全区卫生健康工作要点》的通知\n一、医疗服务\n"
                   "(一)推进健康广西建设,全区新建县级医院20个。南宁市青秀区建设区域医疗中心。\n")
    assert (meta.province, meta.city, meta.county) == ("广西壮族自治区", "", "")


def test_a_healthy_x_slogan_that_names_no_division_gives_no_city():
    meta = meta_of("2015年全省卫生工作要点\n推进健康中原建设。\n一、改革\n落实《河南省医疗卫生服务体系规划》。\n")
    assert (meta.province, meta.city) == ("河南省", "")


def test_county_plan_names_its_county_in_the_issuer_line_only():
    meta = meta_of("县卫健委2022年重点工作安排\n文章来源:泾县卫生健康委员会 发表时间:2022-03-01 责任编辑:王\n"
                   "1.推进县域医共体建设。\n2.新建村卫生室10个。\n")
    assert (meta.province, meta.city, meta.county) == ("安徽省", "宣城", "泾县")
    assert meta.regions == ("安徽省/宣城市/泾县",)


def test_district_page_is_filed_under_its_district():
    meta = meta_of("区卫生健康局2022年工作计划\n发布机构: 深圳市福田区卫生健康局\n"
                   "一、基层医疗\n全区新建社康中心5家。\n")
    assert (meta.province, meta.city, meta.county) == ("广东省", "深圳", "福田区")


def test_a_county_level_city_report_saying_quanshi_is_filed_under_that_city():
    meta = meta_of("守正创新 共建健康慈溪\n——在2021年全市卫生健康工作会议上的报告\n同志们:\n"
                   "今年是深入推进健康慈溪建设的关键之年。我们要认真贯彻全省、宁波市卫生健康工作会议精神,"
                   "持续开展健康慈溪行动,全市新建社区卫生服务站5家。\n")
    assert (meta.province, meta.city, meta.county) == ("浙江省", "宁波", "慈溪市")
    assert meta.title == "在2021年全市卫生健康工作会议上的报告"  # the subtitle's dash is not part of the title


def test_a_municipality_district_missing_from_the_gazetteer_data_is_known():
    meta = meta_of("渝北区召开2022年卫生健康工作会议\n会议总结了2021年全区卫生健康工作。\n")
    assert (meta.province, meta.county) == ("重庆市", "渝北区")


def test_a_summary_and_plan_page_covers_both_years():
    meta = meta_of("正阳县卫生健康委2022年工作总结和2023年工作计划\n一、2022年工作总结\n全县新建村卫生室10个。\n")
    assert meta.year == 2022 and meta.years == (2022, 2023)


def test_institutions_named_in_passing_are_not_the_place():
    meta = meta_of("2020年全市卫生健康工作要点\n发布机构: 佛山市卫生健康局\n"
                   "一、学科建设\n与北京中医药大学、中山大学附属医院合作,北京中医药大学佛山医院挂牌。\n")
    assert (meta.province, meta.city) == ("广东省", "佛山")


def test_news_digest_covering_two_regions_carries_both():
    meta = meta_of("浙江、江苏两省召开2024年卫生健康工作会议\n近日,两省分别召开会议部署全年工作。\n")
    assert set(meta.regions) == {"浙江省", "江苏省"}
    assert Filters(cities=("江苏",)).allows(meta) and Filters(cities=("浙江",)).allows(meta)


def test_traditional_chinese_county_news_gets_its_county_and_a_headline():
    text = ("黟縣新聞網 記者 王明 報道:3月8日,縣衛健局召開2023年衛生健康工作會議,總結2022年度工作。\n"
            "會議要求,要堅持預防為主,推進健康黟縣建設。\n")
    meta = meta_of(text)
    assert (meta.province, meta.city, meta.county) == ("安徽省", "黄山", "黟县")
    assert meta.title == "黟縣衛健局召開2023年衛生健康工作會議"
    assert meta.years == (2022, 2023)


def test_news_page_whose_first_sentence_is_a_question_gets_a_headline_instead():
    text = ("看病难是群众最关心的问题,新的一年,全市将如何推进?\n"
            "1月9日上午,2023年全市卫生健康工作会议召开,总结回顾过去一年工作。\n健康温州建设取得新进展。\n")
    meta = meta_of(text)
    assert meta.title == "温州市召开2023年全市卫生健康工作会议"
    assert "?" not in meta.title and meta.city == "温州"


def test_notice_line_is_the_title_and_a_stray_space_is_dropped():
    text = ("各县区卫生健康局:\n嘉兴市卫生健康委关于印发 2022年全市卫生健康工作要点的通知\n"
            "现将《2022年全市卫生健康工作要点》印发给你们,请认真贯彻执行。\n")
    assert meta_of(text).title == "嘉兴市卫生健康委关于印发2022年全市卫生健康工作要点的通知"


def test_first_body_sentence_never_becomes_the_title():
    text = "全市卫生健康系统要坚持以人民健康为中心,推进健康绍兴建设。\n新增床位800张。\n"
    meta = meta_of(text)
    assert "坚持" not in meta.title and meta.city == "绍兴"


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="{og}"><title>{page}</title></head><body>
<div class="crumb">当前位置：首页 > 政务公开</div><div class="article">{h1}
<div class="info">发布时间：2021-02-20 来源：韶关市卫生健康局 浏览次数：10</div>
<p>2021年是“十四五”开局之年。全市卫生健康系统要坚持常态化疫情防控，推进健康韶关建设。</p>
<p>一、医疗资源</p><p>（一）扩容优质医疗资源。全年新增医疗床位900张，新增三甲医院1家，建成区域医疗中心。</p>
<p>二、基层卫生</p><p>（二）家庭医生签约服务。全市家庭医生签约率达到45%以上，新建社区卫生服务中心5家。</p>
</div></body></html>"""


@pytest.mark.parametrize("h1, og, page", [
    ("<h1>韶关市2021年卫生健康工作要点</h1>", "", "首页_韶关市卫生健康局"),
    ("", "韶关市2021年卫生健康工作要点", "韶关市卫生健康局"),
    ("", "", "韶关市2021年卫生健康工作要点_韶关市卫生健康局"),
])
def test_html_title_comes_from_h1_og_title_or_title(tmp_path, h1, og, page):
    path = tmp_path / "sg.html"
    path.write_text(HTML.format(h1=h1, og=og, page=page), encoding="utf-8")
    meta = load_document(path, tmp_path).meta
    assert meta.title == "韶关市2021年卫生健康工作要点"
    assert (meta.city, meta.publisher, meta.published) == ("韶关", "韶关市卫生健康局", "2021-02-20")


def test_html_header_lines_are_metadata_not_passages():
    text = html_to_text(HTML.format(h1="<h1>韶关市2021年卫生健康工作要点</h1>", og="", page="x"))
    body = [text[s:e] for s, e in strip_boilerplate(text).body]
    assert not any("来源" in line or line.startswith("标题") for line in body)


def test_a_province_filter_and_question_find_a_city_and_a_county_plan():
    city = meta_of("2023年全市卫生健康工作要点\n发布机构: 湖州市卫生健康委员会\n一、改革\n")
    county = meta_of("县卫健委2021年工作要点\n文章来源:泾县卫生健康委员会\n1.推进医共体建设。\n")
    assert Filters(cities=("浙江",)).allows(city) and Filters(cities=("浙江省",)).allows(city)
    assert not Filters(cities=("浙江",)).allows(county)
    assert Filters(cities=("宣城",)).allows(county) and Filters(cities=("泾县",)).allows(county)
    scope = detect_scope("浙江2023年的工作重点是什么?", [city, county])
    assert scope.priority(city) > scope.priority(county)


def test_a_report_reviewing_last_year_by_name_covers_that_year():
    meta = meta_of("在2022年全市卫生健康工作会议上的报告\n发布机构: 嘉兴市卫生健康委员会\n"
                   "这次会议的主要任务是回顾总结2021年和过去五年全市卫生健康工作,部署今年任务。\n")
    assert meta.year == 2022 and meta.years == (2021, 2022)


def test_a_plan_whose_paragraph_opens_with_last_year_covers_that_year():
    body = "2022年全市卫生健康工作要点\n发布机构: 丽水市卫生健康委员会\n2022年是关键之年。\n" \
           "2021年，全市卫生健康系统经受住了疫情考验，全年总诊疗1200万人次。\n一、重点任务\n"
    assert meta_of(body).years == (2021, 2022)
    assert meta_of(body.replace("2021年，", "与2021年相比")).years == (2022,)  # a year inside a sentence is no review
