"""Quantified commitments: the extraction rules on synthetic sentences, the labelled sample, the CLI."""
from __future__ import annotations

import csv
import io
import json

import pytest

from cli.main import main
from commitments.export import filter_commitments, to_csv
from commitments.extract import extract_chunks, extract_commitments, extract_text
from commitments.indicators import IndicatorSearch
from core.types import Chunk, DocumentMeta
from text.numbers import find_quantities, parse_number

PLAN = "二、2021年重点任务"
REVIEW = "一、2020年工作回顾"


def only(text: str, year: int = 2021, heading: str = PLAN):
    found = extract_text(text, year=year, heading=heading)
    assert len(found) == 1, [c.number_text for c in found]
    return found[0]


def numbers(text: str, year: int = 2021, heading: str = PLAN) -> list[str]:
    return [c.number_text for c in extract_text(text, year=year, heading=heading)]


# -- reading numbers -------------------------------------------------------------------------
@pytest.mark.parametrize("written, value", [
    ("3500", 3500), ("4.7万", 47000), ("1.65万", 16500), ("20亿", 2_000_000_000), ("两", 2), ("五", 5),
    ("二十四", 24), ("两百", 200), ("1,000", 1000), ("百分之五十", 50),
])
def test_numerals_in_any_script_are_read_as_numbers(written, value):
    assert parse_number(written) == value


@pytest.mark.parametrize("written", ["十三五", "百千万", "万", ""])
def test_names_made_of_numerals_are_not_numbers(written):
    assert parse_number(written) is None


def test_quantity_keeps_unit_modifier_and_exact_offsets():
    text = "托位数不低于4.7万个,签约率达47%以上,新建3至5家,孕产妇死亡率6.27/10万,监管不少于2次/年"
    got = {q.number_text: q for q in find_quantities(text, offset=100)}
    assert got["4.7万"].value == 47000 and got["4.7万"].unit == "个"
    assert got["47%"].unit == "%" and got["47%"].modifier == "以上"
    assert (got["3至5"].value_min, got["3至5"].value_max, got["3至5"].unit) == (3, 5, "家")
    assert got["6.27"].unit == "/10万" and got["2"].unit == "次/年"
    for q in got.values():
        assert text[q.number_start - 100:q.number_end - 100] == q.number_text


def test_spoken_estimates_and_percentage_ranges_are_ranges():
    got = {q.number_text: q for q in find_quantities("新建两三家医院,覆盖30%-50%的乡镇,引进数十家企业")}
    assert (got["两三"].value_min, got["两三"].value_max, got["两三"].unit) == (2, 3, "家")
    assert (got["30%-50%"].value_min, got["30%-50%"].value_max, got["30%-50%"].unit) == (30, 50, "%")
    assert "十" not in got  # 数十家 is no number


def test_glued_identifiers_are_not_quantities():
    assert find_quantities("积极响应G20峰会, 索引号01420731X/2018-0026") == []


# -- what counts as a commitment -------------------------------------------------------------
def test_new_beds_target_has_value_unit_comparator_and_indicator():
    c = only("全年新增病床3500张。")
    assert (c.value, c.unit, c.comparator, c.indicator, c.kind) == (3500, "张", "新增", "新增病床", "target")
    assert c.target_date == "全年"


def test_hedged_rate_with_modifier():
    c = only("力争全市家庭医生签约率达47%以上。")
    assert (c.value, c.unit, c.comparator, c.indicator) == (47, "%", "力争达;以上", "家庭医生签约率")


def test_ten_thousand_multiplier_is_normalised_and_age_group_is_not_a_commitment():
    c = only("实现3岁以下婴幼儿托位数不低于4.7万个。")
    assert (c.value, c.unit, c.comparator) == (47000, "个", "不低于")
    assert "托位数" in c.indicator


@pytest.mark.parametrize("text, low, high, unit", [
    ("新增三甲医院2-3家。", 2, 3, "家"),
    ("建设3至5个区域医疗中心。", 3, 5, "个"),
    ("每家医院选派1—2名骨干。", 1, 2, "名"),
])
def test_ranges_keep_both_bounds_and_value_is_the_lower(text, low, high, unit):
    c = only(text)
    assert (c.value, c.value_min, c.value_max, c.unit) == (low, low, high, unit)


def test_percentage_points_and_hundred_million_yuan():
    points = only("孕产妇死亡率下降2个百分点。")
    assert (points.value, points.unit, points.comparator) == (2, "个百分点", "下降")
    money = only("完成卫生健康固定资产投资20亿元以上。")
    assert (money.value, money.unit, money.comparator) == (2_000_000_000, "元", "完成;以上")


def test_chinese_numerals_count_when_a_verb_governs_them():
    assert only("建设五个公共卫生创新平台。").value == 5
    assert only("组织开展两轮督查评估。").unit == "轮"


def test_several_numbers_in_one_clause_share_the_verb():
    found = extract_text("全年新增床位3000张、执业医生2739名、三甲医院5家。", year=2021, heading=PLAN)
    assert [(c.number_text, c.comparator, c.indicator) for c in found] == [
        ("3000", "新增", "新增床位"), ("2739", "新增", "新增执业医生"), ("5", "新增", "新增三甲医院")]
    assert len({c.text for c in found}) == 1


@pytest.mark.parametrize("text", [
    "深入学习贯彻党的十九大精神。",
    "2018年是全面贯彻落实党的十九大精神的开局之年。",
    "提升12320热线服务水平。",
    "社康站提供中医药服务“三个100%”。",
    "实施“十三五”规划承上启下的关键一年。",
    "2月2日上午,全市卫生健康工作会议召开。",
    "支持市第三人民医院创建高水平医院。",
    "增强“四个意识”、坚定“四个自信”。",
    "推动实施预约诊疗、远程医疗等五项制度。",
    "贯彻落实24项高危孕产妇管理制度。",
    "开展60岁以上老人流感疫苗接种。",
    "完成为期3个月的脱产培训。",
    "今年是改革开放40周年。",
    "新增一批市级创伤中心。",
    "推进市第二儿童医院(二期)项目。",
    "统筹推进“三医联动”改革,落实“两个允许”。",
    "开展0-6岁儿童残疾筛查。",
    "实施《健康中国行动(2019-2030年)》。",
    "(二十四)全面推进中医药法实施。",
    "建立市、县二级技术指导中心,实施“5130”行动。",
    "实施第五批名中医传承项目,举办第二届合作大会。",
    "通过10-15年的努力,建成健康城市。",
])
def test_names_dates_ordinals_and_slogans_are_not_commitments(text):
    assert numbers(text) == []


def test_rank_cut_off_is_not_a_commitment_but_the_count_is():
    assert numbers("其中9个学科进入前50名。") == ["9"]


def test_rate_denominator_and_baseline_are_not_commitments():
    assert numbers("每10万人口精神科执业医师不低于4名。") == ["4"]
    c = only("千人床位数从2.7张提高到3.55张。")
    assert (c.value, c.comparator, c.indicator) == (3.55, "提高到", "千人床位数")


def test_duration_with_a_comparator_is_a_commitment():
    c = only("晋升前到基层帮扶累计不少于一年。")
    assert (c.value, c.unit, c.comparator, c.kind) == (1, "年", "不少于", "target")


def test_count_in_a_quoted_name_is_skipped_but_the_quantity_outside_is_kept():
    c = only("新引进100个“医疗卫生三名工程”学科团队。")
    assert c.value == 100 and "学科团队" in c.indicator


# -- target or result ------------------------------------------------------------------------
def test_review_section_reports_results_and_plan_section_sets_targets():
    text = "新增护理院8家。"
    assert only(text, heading=REVIEW).kind == "result"
    assert only(text, heading=PLAN).kind == "target"


def test_sentence_cues_override_the_section():
    assert only("过去一年已建成12家医联体。", heading=PLAN).kind == "result"
    assert only("2020年全市新增床位3000张。", year=2021, heading=PLAN).kind == "result"
    planned = only("到2025年,每千人口床位数达到6张。", year=2021, heading=REVIEW)
    assert planned.kind == "target" and planned.target_date == "到2025年"
    assert only("五年来,全市新增病床1.65万张。", heading=PLAN).kind == "result"


def test_a_past_year_that_dates_the_baseline_leaves_the_target_a_target():
    """由2020年的24.6%提高到27%: 2020 dates the baseline; 27% is still this plan's target."""
    assert only("居民健康素养水平由2020年的24.6%提高到27%以上。", year=2021, heading=PLAN).kind == "target"
    assert only("居民健康素养水平由2020年的24.6%提高到27%以上。", year=2021, heading=REVIEW).kind == "result"


def test_results_carry_no_target_date():
    assert only("全年新增床位3000张。", heading=REVIEW).target_date is None


# -- offsets, chunks, documents ----------------------------------------------------------------
def _meta(doc_id: str = "hz") -> DocumentMeta:
    return DocumentMeta(doc_id=doc_id, source=f"corpus/{doc_id}.txt", title="杭州市2021年卫生健康工作要点",
                        city="杭州", year=2021)


def test_overlapping_chunks_yield_each_commitment_once_with_exact_offsets():
    text = "一、重点任务\n(一)扩充资源。全年新增病床2000张,建成3家区域医疗中心,力争签约率达50%以上。\n"
    cut = text.index("建成")
    first = Chunk("hz", "hz#一、/（一）", "一、/（一）", "一、重点任务 > （一）扩充资源", "扩充资源", text[7:cut + 6], 7, cut + 6)
    second = Chunk("hz", "hz#一、/（一）", "一、/（一）", "一、重点任务 > （一）扩充资源", "扩充资源", text[cut - 4:], cut - 4, len(text))
    found = extract_chunks(text, _meta(), [first, second])
    assert [c.number_text for c in found] == ["2000", "3", "50%"]
    for c in found:
        assert text[c.start:c.end] == c.text and text[c.number_start:c.number_end] == c.number_text
        assert (c.city, c.year, c.section_id) == ("杭州", 2021, "hz#一、/（一）")


ANOTHER_CITY = """杭州市卫生健康委员会2021年工作要点
  2021年是“十四五”开局之年。全市卫生健康工作要深入贯彻党的十九届五中全会精神。
  一、2020年工作回顾
  2020年,全市新增医疗卫生机构床位2860张。家庭医生签约服务覆盖人数达到356万人,重点人群签约率达到75.3%。建成发热门诊48家。
  二、2021年主要目标
  (一)优化医疗资源布局。力争全年新增床位2500张以上。推进市第一人民医院等5个重大项目开工建设。到2022年,县级医院综合能力达标率达到95%。
  (二)提升基层服务能力。年底前新建或改扩建社区卫生服务中心20家。家庭医生签约率力争提高2个百分点。
  (三)加强公共卫生体系建设。120急救平均反应时间缩短至12分钟以内。开展65岁以上老年人免费体检,完成40万人次。推行12项便民惠民措施。
联系电话:0571-85114123  地址:杭州市解放东路18号
"""


def test_a_plan_from_another_city_reads_as_a_journalist_would(make_corpus):
    """A document none of the rules were written from: sections decide result vs target."""
    from ingest.chunking import chunk_document
    from ingest.corpus import load_corpus

    corpus = make_corpus({"hz.txt": ANOTHER_CITY})
    (corpus / "manifest.csv").write_text("file,title,city,year,doc_type,publisher,published,url\n"
                                         "hz.txt,杭州市2021年卫生健康工作要点,杭州,2021,工作要点,,,\n", encoding="utf-8")
    doc = load_corpus(corpus).documents[0]
    found = {c.number_text: c for c in extract_chunks(doc.text, doc.meta, chunk_document(doc))}
    assert list(found) == ["2860", "356万", "75.3%", "48", "2500", "5", "95%", "20", "2", "12", "40万"]
    assert {n for n, c in found.items() if c.kind == "result"} == {"2860", "356万", "75.3%", "48"}
    assert (found["2500"].comparator, found["2500"].indicator) == ("力争新增;以上", "新增床位")
    assert found["95%"].target_date == "到2022年" and found["20"].target_date == "年底前"
    assert (found["20"].comparator, found["20"].indicator) == ("新建或改扩建", "社区卫生服务中心")
    assert (found["12"].unit, found["12"].comparator) == ("分钟", "缩短至;以内")
    assert found["40万"].indicator == "65岁以上老年人免费体检" and found["356万"].value == 3_560_000


def test_seed_index_records_point_at_their_document_text(seed_index):
    found = extract_commitments(seed_index)
    assert len(found) > 150
    assert len({c.key for c in found}) == len(found)
    sections = {c.section_id for c in seed_index.all_chunks()}
    for c in found:
        text = seed_index.document_text(c.doc_id)
        assert text[c.start:c.end] == c.text
        assert text[c.number_start:c.number_end] == c.number_text
        assert c.section_id in sections and c.kind in ("target", "result")


def test_labelled_sample_precision_and_recall_stay_above_floor(seed_index):
    """Measured 0.986 precision / 1.000 recall (python -m eval.commitments); floors sit just below."""
    from eval.commitments import GOLD_PATH, evaluate, read_gold

    if not GOLD_PATH.exists():
        pytest.skip("labelled sample eval/gold/commitments.jsonl not written yet")
    texts = {m.doc_id: seed_index.document_text(m.doc_id) for m in seed_index.documents}
    labels, errors = read_gold(GOLD_PATH, texts)
    assert not errors
    report = evaluate(extract_commitments(seed_index), labels)
    assert report.overall.precision >= 0.96
    assert report.overall.recall >= 0.97
    assert report.overall.accuracy("value") >= 0.97 and report.overall.accuracy("kind") >= 0.95


# -- choosing, searching, exporting ------------------------------------------------------------
def test_filters_by_city_year_and_kind():
    plan = extract_text("新增病床100张。", year=2021, heading=PLAN)
    review = extract_text("新增病床90张。", year=2021, heading=REVIEW)
    everything = plan + review
    assert filter_commitments(everything, kinds=("result",)) == review
    assert filter_commitments(everything, years=(2020,)) == []
    with pytest.raises(ValueError, match="target"):
        filter_commitments(everything, kinds=("promise",))


def test_indicator_search_matches_written_text_first(hashing_embedder):
    found = extract_text("新增病床100张,新增护理型床位50张,建成3家医联体,培养全科医生20名。", year=2021, heading=PLAN)
    hits = IndicatorSearch(found, hashing_embedder).search("床位")
    assert hits[0][0].indicator == "新增护理型床位"
    assert "医联体" not in {c.indicator for c, _ in hits}


def test_csv_has_a_header_and_one_row_per_commitment():
    found = extract_text("新增病床100张,建成3-5家医联体。", year=2021, heading=PLAN)
    rows = list(csv.DictReader(io.StringIO(to_csv(found))))
    assert [r["value"] for r in rows] == ["100", "3"] and rows[1]["value_max"] == "5"


# -- the command line --------------------------------------------------------------------------
RECORD_FIELDS = {"doc_id", "source", "start", "end", "text", "indicator", "value", "unit", "comparator", "kind",
                 "city", "year", "section", "value_min", "value_max", "target_date"}


def test_cli_json_records_have_the_documented_fields(seed_config, seed_index, capsys):
    assert main(["commitments", "--json", "--index-dir", str(seed_config.index_dir)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) > 150 and RECORD_FIELDS <= set(records[0])
    for r in records:
        assert seed_index.document_text(r["doc_id"])[r["start"]:r["end"]] == r["text"]
        assert isinstance(r["value"], (int, float)) and r["source"].startswith("corpus/")
    ranges = [r for r in records if r["value_max"] is not None]
    assert ranges and all(r["value_min"] == r["value"] < r["value_max"] for r in ranges)


def test_cli_filters_and_csv(seed_config, seed_index, capsys):
    assert main(["commitments", "--csv", "--city", "深圳", "--year", "2019", "--kind", "target",
                 "--index-dir", str(seed_config.index_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeff")  # Excel reads the BOM as UTF-8
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert rows and {(r["city"], r["year"], r["kind"]) for r in rows} == {("深圳", "2019", "target")}


def test_cli_query_finds_synonymous_indicators(seed_config, seed_index, capsys):
    assert main(["commitments", "--json", "--query", "病床", "--index-dir", str(seed_config.index_dir)]) == 0
    indicators = [r["indicator"] for r in json.loads(capsys.readouterr().out)]
    assert "新增病床" in indicators and any("床位" in i for i in indicators)
    assert all("床" in i for i in indicators)


def test_cli_empty_query_is_one_line_error(seed_config, seed_index, capsys):
    assert main(["commitments", "--query", " ", "--index-dir", str(seed_config.index_dir)]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "请输入" in err


# -- the app page ------------------------------------------------------------------------------
def _page_script(index_dir: str) -> None:
    from pathlib import Path

    import streamlit as st

    from index import open_index
    from ui import commitments_page

    @st.cache_resource
    def loaded(folder: str):
        return open_index(Path(folder))

    commitments_page.render(loaded(index_dir))


def test_page_lists_searches_and_links_every_row_to_the_viewer(seed_config, seed_index):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_page_script, args=(str(seed_config.index_dir),), default_timeout=120)
    app.run()
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) > 150 and table["查看 Open"].str.startswith("viewer?doc=").all()
    app.text_input(key="cm_query").input("病床").run()
    assert not app.exception
    found = app.dataframe[0].value
    assert 0 < len(found) < 20 and found["指标 Indicator"].str.contains("床").all()
    assert any("床位" in i for i in found["指标 Indicator"])
    # the comparison opens on one indicator family in one unit (beds in 张), not on every indicator
    assert [s.label for s in app.selectbox] == ["指标组 Indicator group"]
    assert " · 张 · " in app.selectbox[0].options[0] and app.selectbox[0].value == 0
    lineup = app.dataframe[1].value
    assert 0 < len(lineup) <= 3
    app.sidebar.multiselect(key="cm_kinds").select("result").run()
    assert set(app.dataframe[0].value["类型 Kind"]) == {"成果 result"}


def test_each_rejection_names_the_rule_that_fired():
    from text.quantity_rules import rejection

    def why(sentence: str, number: str) -> str | None:
        q = next(q for q in find_quantities(sentence) if q.number_text == number)
        return rejection(sentence, q)

    assert why("社康站提供中医药服务“三个100%”。", "100%") == "name in quotes"
    assert why("其中9个学科进入前50名。", "50") == "rank"
    assert why("开展60岁以上老人流感疫苗接种。", "60") == "duration or age without comparator"
    assert why("落实2018年工作部署。", "2018") == "year"
    assert why("全年新增病床3500张。", "3500") is None
