"""Direct answers: the number a quantity question asks for, the verbatim-number rule, no-answer
cases, several documents answering, and `python -m index ask`."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from answer import Answer, Evidence, answer_question, asks_for_quantity, numbers_supported, unsupported_numbers
from answer.extractive import Candidate, candidates, names_row, restates, verified
from answer.quantity import QuantityAnswer, pick_quantity
from cli.main import main
from core.config import REPO_ROOT
from core.types import Chunk, DocumentMeta, Hit
from index import SearchIndex, open_index
from text.period import in_review, opens_review

MANIFEST = "file,title,city,year,doc_type\n" \
           "sz.txt,苏州市2024年卫生健康工作要点,苏州,2024,工作要点\n" \
           "wx.txt,无锡市2023年卫生健康工作要点,无锡,2023,工作要点\n"
SUZHOU = """苏州市2024年卫生健康工作要点
一、扩充优质医疗资源
1.加强医院建设。推进市立医院新院区建设,全年新增医疗床位1200张,新建社区卫生服务中心5家。
2.做实家庭医生签约服务。完善签约服务包,力争全市家庭医生签约率达50%以上,重点人群签约率达80%以上。
二、强化公共卫生
3.加强疾病防控。国家免疫规划疫苗接种率保持在95%以上,实施适龄女生HPV疫苗免费接种项目。
"""
WUXI = """无锡市2023年卫生健康工作要点
一、优化医疗资源配置
1.推进医院扩容。计划新增医疗床位800张,建成区域医疗中心2个。
2.推进家庭医生签约服务。扩大签约覆盖面,力争全市家庭医生签约率不低于45%。
"""


@pytest.fixture(scope="module")
def two_cities(indexed_corpus):
    """A tiny index of two plans from cities that are not in the seed corpus (hashing embedder).
    Built once for this module; tests only read it."""
    config = indexed_corpus("two-cities", {"sz.txt": SUZHOU, "wx.txt": WUXI, "manifest.csv": MANIFEST})
    return config, open_index(config.index_dir)


def ask(index, question: str, cache=None) -> Answer:
    return answer_question(index, question, index.search(question, k=5), cache)


def one_plan(indexed_corpus, name: str, text: str, city: str, year: int) -> SearchIndex:
    """The index of one 工作要点 whose first line is its title (the hashing model; see indexed_corpus)."""
    manifest = f"file,title,city,year,doc_type\nplan.txt,{text.splitlines()[0]},{city},{year},工作要点\n"
    return open_index(indexed_corpus(name, {"plan.txt": text, "manifest.csv": manifest}).index_dir)


# -- which questions ask for a number, and which number answers them -------------------------
@pytest.mark.parametrize("question", ["苏州2024年新增多少张床位?", "新增几个献血站?", "签约率目标是多少",
                                      "家庭医生签约率目标?", "What share of centres meet the standard?",
                                      "How many beds will be added?",
                                      "What daily testing capacity does the county aim for?"])
def test_quantity_questions_are_recognised(question):
    assert asks_for_quantity(question)


@pytest.mark.parametrize("question", ["卫生应急能力建设有哪些目标?", "对家庭医生有什么安排?",
                                      "How does Shenzhen plan to push DRG reform?"])
def test_descriptive_questions_are_not_quantity_questions(question):
    assert not asks_for_quantity(question)


def test_quantity_answer_keeps_comparator_unit_and_modifier():
    sentence = "发展普惠托育服务,实现3岁以下婴幼儿托位数不低于4.7万个。"
    found = pick_quantity(sentence, 100, ["托位", "托位数"], "托位数目标是多少?")
    assert found.text == "不低于4.7万个"
    assert sentence[found.start - 100:found.end - 100] == found.text


def test_reaching_verb_is_not_part_of_the_answer_but_a_change_is():
    assert pick_quantity("健康素养水平提高到23.4%。", 0, ["素养"], "素养水平要提高到多少?").text == "23.4%"
    assert pick_quantity("早死亡率下降2%。", 0, ["死亡率"], "死亡率要降低多少?").text == "下降2%"


def test_respectively_keeps_the_listed_numbers_together():
    sentence = "城市和农村居民签约覆盖率要分别达到30%、80%以上,重点人群达到60%以上。"
    found = pick_quantity(sentence, 0, ["签约", "覆盖率"], "城市和农村签约覆盖率分别要达到多少?")
    assert found.text == "30%、80%以上"


def test_the_clause_naming_the_indicator_wins_over_a_longer_match():
    sentence = "床位标准提高到人均3张,为居民免费提供10类20项基本医疗服务。"
    found = pick_quantity(sentence, 0, ["基本", "医疗", "服务", "床位", "标准", "提高"], "基本医疗服务床位标准提高到多少?")
    assert found.text == "人均3张"


def test_a_rate_question_is_not_answered_by_a_count_or_duration():
    sentence = "孕产妇死亡率维持在较低水平,出生缺陷发生率连续4年下降,新建中心3个。"
    assert pick_quantity(sentence, 0, ["孕产妇", "死亡率"], "孕产妇死亡率是多少?") is None


def test_years_and_ordinals_are_never_answers():
    assert pick_quantity("2024年是第3个五年规划的开局之年。", 0, ["规划"], "规划有多少年?") is None


# -- the verbatim-number rule ------------------------------------------------------------------
@pytest.mark.parametrize("answer,evidence,missing", [
    ("1000张", "新增床位10000张。", ("1000",)),       # a substring is not the same number
    ("4.7个", "托位数不低于4.7万个。", ("4.7",)),      # 4.7 is not 4.7万
    ("47%", "签约率达47%以上。", ()),
    ("２０００台", "新增2000台。", ()),                 # full-width digits are the same number
    ("1,200张", "新增1200张。", ()),
    ("三家", "新增三十家医院。", ("三",)),              # a Chinese numeral as a whole run
    ("三家", "新增三家医院。", ()),
    ("进一步统一标准", "统一标准。", ()),               # 一 in a word states no quantity
])
def test_numbers_must_be_written_in_the_evidence(answer, evidence, missing):
    assert unsupported_numbers(answer, evidence) == missing
    assert numbers_supported(answer, evidence) == (not missing)


def _hit(text: str) -> Hit:
    meta = DocumentMeta(doc_id="d1", source="corpus/d1.txt", title="某市工作要点", city="某市", year=2024)
    return Hit(rank=1, score=1.0, chunk=Chunk("d1", "d1#一、", "一、", "一、医疗", "医疗", text, 0, len(text)), meta=meta)


def test_an_answer_whose_number_is_not_in_its_evidence_is_never_shown():
    hit = _hit("全年新增医疗床位1000张。")
    wrong = Answer(query="新增多少张床位?", text="2000张", kind="quantity",
                   evidence=Evidence("全年新增医疗床位1000张。", 0, 13, hit), passages=(hit,))
    checked = verified(wrong)
    assert not checked.found and checked.kind == "none" and checked.text == ""
    assert checked.passages == (hit,)  # the best passages are still offered
    right = Answer(query="新增多少张床位?", text="1000张", kind="quantity",
                   evidence=Evidence("全年新增医疗床位1000张。", 0, 13, hit))
    assert verified(right).text == "1000张"


# -- answers from an index ------------------------------------------------------------------------
def test_quantity_answer_cites_the_sentence_it_comes_from(two_cities):
    config, index = two_cities
    found = ask(index, "苏州2024年新增多少张医疗床位?")
    assert found.kind == "quantity" and found.text == "1200张"
    ev = found.evidence
    assert index.document_text(ev.hit.chunk.doc_id)[ev.start:ev.end] == ev.text
    assert "1200张" in ev.text and ev.hit.meta.city == "苏州"
    assert ev.citation.startswith("《苏州市2024年卫生健康工作要点》")


def test_question_naming_no_city_gets_one_row_per_document(two_cities):
    _, index = two_cities
    found = ask(index, "各地家庭医生签约率目标是多少?")
    rows = {(r.evidence.hit.meta.city, r.evidence.hit.meta.year): r.answer for r in found.rows}
    assert rows == {("苏州", 2024): "50%以上", ("无锡", 2023): "不低于45%"}
    for row in found.rows:
        text = index.document_text(row.evidence.hit.chunk.doc_id)
        assert text[row.evidence.start:row.evidence.end] == row.evidence.text
        assert row.evidence.citation.startswith(f"《{row.evidence.hit.meta.title}》")


def test_question_about_an_unindexed_city_or_year_has_no_answer(two_cities):
    _, index = two_cities
    for question in ("北京2024年新增多少张医疗床位?", "苏州2021年新增多少张医疗床位?"):
        found = ask(index, question)
        assert not found.found and found.kind == "none" and found.passages
        assert found.message.startswith("未找到明确答案")


def test_number_about_something_else_is_not_an_answer(two_cities):
    _, index = two_cities
    found = ask(index, "苏州2024年医生平均工资是多少?")
    assert not found.found and found.text == ""


def test_weak_retrieval_means_no_answer(two_cities):
    _, index = two_cities
    question = "苏州2024年新增多少张医疗床位?"
    hits = index.search(question, k=5)
    assert answer_question(index, question, hits, threshold=None).found
    assert not answer_question(index, question, hits, threshold=1.01).found
    assert not answer_question(index, question, []).found


def test_policy_question_is_answered_by_a_sentence_not_a_heading(two_cities):
    _, index = two_cities
    found = ask(index, "无锡2023年怎么推进家庭医生签约服务?")
    assert found.kind == "sentence" and found.text == found.evidence.text
    assert "签约" in found.text and not found.text.startswith("2.")


COUNTY_PLAN = """某县2021年卫生健康工作要点
一、提升医疗服务能力
1.树立全周期健康管理理念,推广家庭医生签约服务。补齐公共卫生基础设施短板,加快建设县妇幼保健院、县疾控中心等重点项目。实施12个乡镇卫生院改扩建项目,提升县域医疗服务能力。
2.加强人才队伍建设。招聘医学本科毕业生60名,开展乡村医生轮训。
"""


def test_a_heading_answers_when_no_sentence_of_its_section_writes_the_topic(indexed_corpus):
    # the plan's only words on family doctors are its heading: the sentences after it are about buildings
    index = one_plan(indexed_corpus, "heading-only-topic", COUNTY_PLAN, "某县", 2021)
    found = ask(index, "某县2021年家庭医生签约服务有什么安排?")
    assert found.kind == "sentence" and "家庭医生签约服务" in found.text


def test_sentence_vectors_are_cached(two_cities, tmp_path):
    from embed import VectorCache

    _, index = two_cities
    cache = VectorCache(tmp_path / "vectors.sqlite")
    first = ask(index, "苏州2024年新增多少张医疗床位?", cache)
    calls = []
    original = index.embedder.encode_passages
    index.embedder.encode_passages = lambda texts, show_progress=False: calls.append(texts) or original(texts)
    try:
        again = ask(index, "苏州2024年新增多少张医疗床位?", cache)
    finally:
        index.embedder.encode_passages = original
    assert again.text == first.text and calls == []


# -- the command line --------------------------------------------------------------------------
def test_ask_json_has_the_documented_fields(two_cities, capsys, monkeypatch):
    config, index = two_cities
    monkeypatch.setenv("HWS_CACHE_DIR", str(config.cache_dir))
    assert main(["ask", "苏州2024年新增多少张医疗床位?", "--json", "--index-dir", str(config.index_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"answer", "evidence", "source", "start", "end", "citation", "generated", "rows"} <= set(data)
    assert data["answer"] == "1200张" and data["generated"] is False
    assert index.document_text(data["doc_id"])[data["start"]:data["end"]] == data["evidence"]


def test_ask_prints_answer_evidence_and_citation(two_cities, capsys, monkeypatch):
    config, _ = two_cities
    monkeypatch.setenv("HWS_CACHE_DIR", str(config.cache_dir))
    assert main(["ask", "各地家庭医生签约率目标是多少?", "--index-dir", str(config.index_dir)]) == 0
    out = capsys.readouterr().out
    assert "答案 answer:" in out and "出处 citation: 《" in out and "各地 by city and year:" in out
    assert "无锡 2023  不低于45%" in out


def test_ask_stdin_prints_one_object_per_line(two_cities, monkeypatch):
    config, _ = two_cities
    env = {"HWS_CACHE_DIR": str(config.cache_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "index", "ask", "--stdin", "--index-dir", str(config.index_dir)],
        input="苏州2024年新增多少张医疗床位?\n\n北京2024年新增多少张医疗床位?\n", capture_output=True, text=True,
        cwd=REPO_ROOT, timeout=300, env={**os.environ, **env})
    lines = result.stdout.strip().split("\n")
    assert result.returncode == 0 and len(lines) == 3
    first, empty, beijing = (json.loads(line) for line in lines)
    assert first["answer"] == "1200张"
    assert "error" in empty
    assert beijing["answer"] == "" and beijing["message"].startswith("未找到明确答案")


# -- the real corpus and model -------------------------------------------------------------------
def test_seed_quantity_question_gets_the_number_from_its_city_and_year(seed_index, seed_config):
    from embed import VectorCache

    question = "东莞2024年新增多少张医疗床位?"
    found = ask(seed_index, question, VectorCache(seed_config.vector_cache_path))
    ev = found.evidence
    assert found.kind == "quantity" and ev.hit.meta.city == "东莞" and ev.hit.meta.year == 2024
    assert found.text in ev.text and numbers_supported(found.text, ev.text)
    assert seed_index.document_text(ev.hit.chunk.doc_id)[ev.start:ev.end] == ev.text


# -- the app's answer box ------------------------------------------------------------------------
def _answer_box_page(index_dir: str, cache_dir: str, question: str) -> None:
    """Run by Streamlit's AppTest as a page script (so it imports what it uses)."""
    import os
    from pathlib import Path

    os.environ["HWS_CACHE_DIR"] = cache_dir
    from index import open_index
    from ui.answer_box import render_answer_box

    index = open_index(Path(index_dir))
    render_answer_box(index, question, index.search(question, k=5))


def _run_box(config, question: str, env: dict | None = None):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_answer_box_page, args=(str(config.index_dir), str(config.cache_dir), question),
                                default_timeout=120)
    app.run()
    assert not app.exception
    return app


def test_answer_box_shows_answer_evidence_and_citation(two_cities, monkeypatch):
    config, index = two_cities
    monkeypatch.delenv("HWS_LLM_BASE_URL", raising=False)
    app = _run_box(config, "苏州2024年新增多少张医疗床位?")
    html = " ".join(str(e.proto.body) for e in app.get("html"))
    assert "1200张" in html and "答案 Answer" in html
    assert "出处 Citation: 《苏州市2024年卫生健康工作要点》" in html
    assert any("1200张" in m.value for m in app.markdown)  # the evidence sentence
    assert not app.toggle  # no LLM configured: no switch to generate


def test_answer_box_shows_a_table_when_several_documents_answer(two_cities, monkeypatch):
    config, _ = two_cities
    monkeypatch.delenv("HWS_LLM_BASE_URL", raising=False)
    app = _run_box(config, "各地家庭医生签约率目标是多少?")
    (table,) = app.dataframe
    assert set(table.value["城市 City"]) == {"苏州", "无锡"}


def test_answer_box_says_no_clear_answer(two_cities, monkeypatch):
    config, _ = two_cities
    monkeypatch.delenv("HWS_LLM_BASE_URL", raising=False)
    app = _run_box(config, "北京2024年新增多少张医疗床位?")
    assert any("未找到明确答案" in i.value for i in app.info)


HEADINGS_ONLY = """嘉峪关市2022年卫生健康工作要点
一、提升医疗服务质量
（一）强化医疗质量管理
1．三级医院平均住院日控制在9天以内，二级医院控制在8天以内。
2．严格控制医疗费用不合理增长。全市公立医院医疗费用增长幅度控制在10%以内，二级医院药占比控制在28%以下。
"""


def test_a_numbered_heading_that_states_the_quantity_answers(indexed_corpus):
    """A plan that writes each target as a numbered item with no body: the item is a heading,
    and it is the answer, not a topic to rank below every sentence with a number."""
    index = one_plan(indexed_corpus, "headings-only", HEADINGS_ONLY, "嘉峪关", 2022)
    found = ask(index, "嘉峪关2022年二级医院平均住院日控制在多少天以内?")
    assert found.found and found.text == "8天以内"


VACCINES_A = """丽水市2023年卫生健康工作要点
一、强化公共卫生
1.推进疫苗接种。实施适龄女生HPV疫苗免费接种项目,全年免费接种HPV疫苗1.5万人。
"""
VACCINES_B = """衢州市2023年卫生健康工作要点
一、强化公共卫生
1.推进疫苗接种。为60岁以上老年人免费接种流感疫苗,全年免费接种5万人。
"""


def test_a_word_only_another_places_plan_writes_is_absent_from_the_named_place(indexed_corpus):
    """衢州's plan never writes HPV: 丽水's HPV passage among the top ones does not make 衢州's
    流感 figure an answer about HPV."""
    config = indexed_corpus("two-vaccines", {"ls.txt": VACCINES_A, "qz.txt": VACCINES_B, "manifest.csv":
                            "file,title,city,year,doc_type\nls.txt,丽水市2023年卫生健康工作要点,丽水,2023,工作要点\n"
                            "qz.txt,衢州市2023年卫生健康工作要点,衢州,2023,工作要点\n"})
    index = open_index(config.index_dir)
    refused = ask(index, "衢州2023年免费接种HPV疫苗多少人?")
    assert not refused.found and any("hpv" in m.lower() for m in refused.missing)
    assert ask(index, "丽水2023年免费接种HPV疫苗多少人?").text == "1.5万人"


INFANT_ONLY = """舟山市2022年卫生健康工作要点
一、2021年工作回顾
2021年，全市新生儿疾病筛查率达到98%，婴儿死亡率为2.1‰，孕产妇死亡率为5.2/10万。
二、2022年重点工作
1.加强妇幼健康服务。全面落实新生儿访视制度，婴儿死亡率控制在3‰以下。
"""


def test_a_rate_written_only_with_another_modifier_does_not_answer(indexed_corpus):
    """新生儿 is written (新生儿疾病筛查) and so is 死亡率, but only as 婴儿死亡率 and 孕产妇死亡率:
    neither number is the 新生儿死亡率 asked about, so there is no answer, while 婴儿死亡率 is one."""
    index = one_plan(indexed_corpus, "infant-only", INFANT_ONLY, "舟山", 2022)
    assert not ask(index, "舟山2021年新生儿死亡率是多少?").found
    assert ask(index, "舟山2021年婴儿死亡率是多少?").text == "2.1‰"


ANNIVERSARY = """衢州市2019年卫生健康工作要点
2019年是中华人民共和国成立70周年，是全面建成小康社会关键之年。全市共举办学术会议36场。
一、重点工作
1.建设房颤中心3个，胸痛中心5个。
"""


@pytest.mark.parametrize("question,answer", [
    ("Which anniversary of the founding of the People's Republic of China falls in 2019, according to Quzhou's plan?", "70周年"),
    ("衢州2019年是新中国成立多少周年?", "70周年"),
    ("How many atrial fibrillation centres will Quzhou build in 2019?", "3个"),
    ("How many medical conferences did Quzhou hold?", "36场"),
])
def test_general_english_topics_and_anniversaries_are_answered(indexed_corpus, question, answer):
    index = one_plan(indexed_corpus, "anniversary", ANNIVERSARY, "衢州", 2019)
    assert ask(index, question).text == answer


SPENDING = """丽水市2020年卫生健康工作要点
一、2019年工作回顾
2019年全市财政卫生健康支出达到21.4亿元，同比增长10.2%。人均基本公共卫生服务经费补助标准达到69元，居民电子健康档案建档率达到91%。
"""


def test_what_a_city_spent_is_its_expenditure_not_a_per_capita_subsidy(indexed_corpus):
    index = one_plan(indexed_corpus, "spending", SPENDING, "丽水", 2020)
    found = ask(index, "How much did Lishui spend on health in 2019?")
    assert found.text == "21.4亿元"


PLAN_2017 = """温州市2017年卫生计生工作要点
一、深化改革
1.出台《温州市县级医院临床重点专科建设规划(2016-2020年)》,启动县级临床重点专科建设。
二、疾病防控
2.加强结核病防治,肺结核患者成功治疗率达到90%以上。
"""


def test_a_sentence_kept_only_for_the_year_it_writes_does_not_answer(indexed_corpus):
    """温州 has no 2020 plan; 规划(2016-2020年) writes 2020 but nothing of 结核病: no answer."""
    index = one_plan(indexed_corpus, "year-only", PLAN_2017, "温州", 2017)
    assert not ask(index, "温州2020年结核病防控的目标是什么?").found
    assert ask(index, "温州2017年肺结核患者成功治疗率要达到多少?").text == "90%以上"


COUNTED = """湖州市2018年卫生计生工作要点
一、基层卫生
1.各县区每地新增10家达到省级示范化标准的村卫生室。
2.力争妇幼保健规范化门诊覆盖率90%以上,要求各地至少新增1家符合省级示范化标准的妇女保健与儿童保健门诊。
"""


def test_a_number_that_counts_another_thing_ranks_below_one_that_counts_what_is_asked(indexed_corpus):
    """10家…村卫生室 scores a little higher as a sentence, yet counts 村卫生室, not the 门诊 asked about."""
    index = one_plan(indexed_corpus, "counted", COUNTED, "湖州", 2018)
    found = ask(index, "湖州2018年要求各县区最少新增几家达到省级示范化标准的妇幼保健门诊?")
    assert found.text == "1家"


TABLE_PLAN = """丹东市2025年卫生健康工作要点
一、主要指标
全市卫生健康主要指标如下：
指标　三级医院　二级医院　基层医疗卫生机构
平均住院日(天)　≤8.5　≤7.5　≤6
门诊预约率(%)　70　50　30

表2　近年指标
指标名称　2023年实际　2024年实际　2025年目标
婴儿死亡率（‰）　3.1　2.9　≤3.5
二、重点任务
1.做好妇幼健康服务。加强危重孕产妇救治中心建设。
"""


@pytest.mark.parametrize("question,answer,cell", [
    ("丹东2025年二级医院平均住院日目标是多少天?", "≤7.5天", "≤7.5"),
    ("丹东2025年基层医疗卫生机构门诊预约率要达到多少?", "30%", "30"),
    ("丹东2024年婴儿死亡率是多少?", "2.9‰", "2.9"),
])
def test_a_table_cell_is_chosen_by_its_column_header_and_row_label(indexed_corpus, question, answer, cell):
    """… and is shown with the unit its row's label gives it (平均住院日(天)): a bare 7.5 says not what it counts."""
    index = one_plan(indexed_corpus, "table-plan", TABLE_PLAN, "丹东", 2025)
    found = ask(index, question)
    assert found.found and found.text == answer
    assert cell in found.evidence.text and "　" in found.evidence.text  # the cell, cited from its row


PROJECT_TABLE_PLAN = """丙市2022年卫生健康工作要点
一、重点项目
全年实施重点项目3个，总投资6.2亿元。
序号　项目名称　总投资（万元）　年度计划投资（万元）　新增床位（张）
1　丙市人民医院新院区　42000　15000　800
2　丙市疾控中心实验楼　12000　5000　0
二、公共卫生
1.做好预防接种。适龄儿童免疫规划疫苗接种率保持在95%以上。
"""


def test_a_bare_cell_is_shown_with_the_unit_its_column_header_gives_it_and_passes_the_verbatim_rule(indexed_corpus):
    """15000 under 年度计划投资（万元） is 15000万元: shown bare it reads as 15000元, and the header that
    scales it is written in the table, so the verbatim rule accepts it from the row read with its header."""
    index = one_plan(indexed_corpus, "project-table", PROJECT_TABLE_PLAN, "丙市", 2022)
    found = ask(index, "丙市人民医院新院区2022年年度计划投资多少？")
    assert found.found and found.text == "15000万元"
    assert "15000" in found.evidence.text and "15000万元" in found.evidence.reading
    assert found.to_json()["table_reading"] == found.evidence.reading


def test_a_sentence_stating_a_table_cells_value_with_its_unit_is_shown_instead_of_the_cell(indexed_corpus):
    text = TABLE_PLAN.replace("1.做好妇幼健康服务。", "1.做好妇幼健康服务。2024年，全市婴儿死亡率降至2.9‰。")
    index = one_plan(indexed_corpus, "table-and-prose", text, "丹东", 2025)
    found = ask(index, "丹东2024年婴儿死亡率是多少?")
    assert found.text == "2.9‰" and found.confidence == "high"  # one value twice is no near tie


REVIEW_PLAN = """湛江市2018年卫生计生工作要点
一、2017年工作回顾
全市重点人群家庭医生签约率达到58.7%，基层诊疗量占比提高2.3个百分点。
二、2018年主要任务
1.推进家庭医生签约。重点人群家庭医生签约率达到65%以上。
"""


def test_a_year_the_plan_reviews_is_covered_by_the_sentences_of_its_review_section(indexed_corpus):
    """2017 is no plan's year; the review section's heading dates its sentences, which do not repeat it."""
    index = one_plan(indexed_corpus, "review-section", REVIEW_PLAN, "湛江", 2018)
    found = ask(index, "湛江2017年重点人群家庭医生签约率是多少?")
    assert found.found and found.text == "58.7%"


REVIEW_PARAGRAPH_PLAN = """许昌市2017年卫生计生工作要点
一年来，公共卫生服务稳步提升。高血压、糖尿病患者规范管理率分别为36.4%和33.9%。
一、主要任务
（一）做好基本公共卫生服务。高血压、糖尿病患者规范管理率分别达到40%和38%以上。
"""


def test_a_paragraph_opening_with_a_past_period_reports_results_not_targets(indexed_corpus):
    """一年来，… writes what was done: for a question about the target its figure is of the other kind."""
    index = one_plan(indexed_corpus, "review-paragraph", REVIEW_PARAGRAPH_PLAN, "许昌", 2017)
    question = "许昌2017年糖尿病患者规范管理率的目标是多少?"
    found = {c.quantity.text: c.other_kind for c in candidates(index, question, index.search(question, k=5))
             if c.quantity is not None}
    assert found["33.9%"] is True and found["38%以上"] is False


@pytest.mark.parametrize("paragraph,year,review", [
    ("一年来，基层服务能力明显增强。", 2017, True), ("2016年，全市卫生计生工作取得明显成效。", 2017, True),
    ("2017年，全市卫生计生工作的总体思路是：", 2017, False), ("五年来，全市新增床位1.65万张。", 2018, True),
    ("全年新增床位3000张。", 2018, False),
])
def test_a_paragraph_opens_a_review_by_a_past_period_or_an_earlier_year(paragraph, year, review):
    assert opens_review(paragraph, year) is review


@pytest.mark.parametrize("text,review", [
    ("2016年，全市工作取得成效。\n\n一年来，服务能力明显增强。\n基层网底不断夯实。全科医生数达到3.8名。", True),
    ("2016年，全市工作取得成效。\n\n主要目标：全科医生数达到4.2名。", False),
    ("一年来，服务能力明显增强。\n一、主要任务\n全科医生数达到4.2名。", False),
    ("（十）基层服务扎实推进。五年来，全科医生数达到3.8名。", True),
    ("一、五年来工作成绩\n基层网底不断夯实，全科医生数达到3.8名。", True),
    ("三、2017年重点工作任务\n（十）加强基层服务。全科医生数由3.8名提高到4.2名。", False),
])
def test_paragraphs_after_a_review_opening_report_results_until_a_heading_or_the_plans_opening(text, review):
    """A heading ends the reach back, unless it opens the review itself (一、五年来…, （十）…。五年来，…)."""
    assert in_review(text, text.index("全科医生数"), 2017) is review


def test_blank_lines_between_review_paragraphs_do_not_use_up_the_reach_back_to_their_opening():
    """2021年，… then 一是…, 二是…, … 六是…, each a paragraph after a blank line: the sixth still reports 2021."""
    items = "\n\n".join(f"{n}是工作持续推进，完成年度任务。" for n in "一二三四五")
    text = f"2021年，全市卫生健康工作取得新成效。\n\n{items}\n\n六是托育服务加快发展，每千人口托位数由1.62个提高到2.33个。"
    assert in_review(text, text.index("每千人口托位数"), 2022)


REVIEW_HEAVY_PLAN = """丽水市2020年卫生健康工作要点
一、2019年工作回顾
（一）医疗资源持续扩容。截至2019年底，全市每千常住人口床位数达到5.1张，每千常住人口床位数增幅居全省前列。
（二）基层床位稳步增加。截至2019年底，莲都区每千常住人口床位数达到4.8张，青田县每千常住人口床位数达到4.2张。
（三）县域床位加快发展。截至2019年底，缙云县每千常住人口床位数达到4.5张，遂昌县每千常住人口床位数达到4.1张。
（四）山区床位有所增加。截至2019年底，松阳县每千常住人口床位数达到3.9张，云和县每千常住人口床位数达到4.0张。
（五）民营床位补齐短板。截至2019年底，庆元县每千常住人口床位数达到3.8张，景宁县每千常住人口床位数达到3.6张。
（六）社会办医床位增长。截至2019年底，龙泉市每千常住人口床位数达到4.4张，社会办医疗机构床位占比达到19%。
二、2020年主要目标
全市户籍人口人均预期寿命保持在80岁以上，孕产妇死亡率控制在10/10万以下，婴儿死亡率控制在4‰以下，5岁以下儿童死亡率控制在5‰以下，居民健康素养水平达到28%，重点人群家庭医生签约率达到70%以上，县域就诊率达到90%，基层就诊率达到65%，每万人口全科医生数达到3.5名，二级以上医院预约诊疗率达到60%，个人卫生支出占比控制在26%以下。每千常住人口床位数从5.1张提高到5.4张。
"""


def test_a_target_question_reads_past_a_review_that_ranks_above_the_plans_targets(indexed_corpus, monkeypatch):
    """When the passages read first only report results (截至2019年底…达到), a question about what the
    plan will raise the indicator to reads further passages for the target. The passages read first
    are cut to the top two here, so the review ranks above the target with this small document."""
    import answer.extractive

    monkeypatch.setattr(answer.extractive, "PASSAGES", 2)
    index = one_plan(indexed_corpus, "review-heavy", REVIEW_HEAVY_PLAN, "丽水", 2020)
    found = ask(index, "丽水2020年每千常住人口床位数要提高到多少?")
    assert found.found and found.text == "5.4张"


COUNTY_PARTS_PLAN = """衢州市2021年卫生健康工作要点
一、主要目标
全市每千常住人口床位数达到6.2张，县域内就诊率达到92%以上。
二、重点任务
1.推进县域医共体建设。江山市县域内就诊率达到90%以上。
2.提升县级医院能力。支持常山县人民医院创建二级甲等医院，带动县内医疗服务能力提升，县域内就诊率达到85%。
"""


def test_a_county_the_question_names_inside_the_plans_area_is_preferred_and_the_whole_areas_number_is_shown_low(
        indexed_corpus):
    """常山县 lies in 衢州 and the plan writes it elsewhere: the city's 6.2张 is not 常山县's, so it is only
    a possible answer; 江山市's own clause answers a question about 江山."""
    index = one_plan(indexed_corpus, "county-parts", COUNTY_PARTS_PLAN, "衢州", 2021)
    whole = ask(index, "衢州2021年常山县每千常住人口床位数要达到多少?")
    assert whole.text == "6.2张" and whole.confidence == "low"
    assert ask(index, "衢州2021年每千常住人口床位数要达到多少?").confidence == "high"
    part = ask(index, "衢州2021年江山市县域内就诊率要达到多少?")
    assert part.text == "90%以上" and part.confidence == "high"
    part = ask(index, "衢州2021年常山县县域内就诊率要达到多少?")  # its paragraph names 常山县
    assert part.text == "85%" and part.confidence == "high"


SAME_NAME_COUNTY_PLAN = """衡阳市2019年卫生健康工作要点
一、2018年工作回顾
2018年，全市出生人口性别比为110.6，比上年下降1.8。出生人口性别比综合治理深入推进，全市开展打击“两非”专项行动3次，衡阳县、衡山县出生人口性别比分别比上年下降2.1和1.8。
2018年各县市区主要指标完成情况如下：
县市区　孕产妇系统管理率　出生人口性别比　每千人口床位数
衡南县　91.8%　111.9　5.02张
衡阳县　91.2%　112.4　4.68张
二、2019年重点任务
1.加强妇幼健康服务。全市孕产妇系统管理率达到92%以上。
"""


def test_a_county_sharing_its_citys_name_is_answered_from_its_own_table_row(indexed_corpus):
    """衡阳县 is a part of 衡阳市, though its bare name is the city's: the whole city's 110.6 does not
    answer it, nor a sentence that names it only after its number (3次); its row's ratio does, read
    as 衡阳县出生人口性别比为112.4 (a ratio is written without a unit)."""
    index = one_plan(indexed_corpus, "same-name-county", SAME_NAME_COUNTY_PLAN, "衡阳", 2019)
    found = ask(index, "衡阳2018年衡阳县出生人口性别比是多少?")
    assert found.text == "112.4" and "衡阳县" in found.evidence.text
    assert ask(index, "衡阳2018年全市出生人口性别比是多少?").text == "110.6"


EVERYDAY_WORDS_PLAN = """莆田市2024年卫生健康工作要点
一、妇幼健康
1.保障母婴安全。推广分娩镇痛服务，剖宫产率控制在40%以下，新增托位2000个。
"""
ENGLISH_WORDS_PLAN = """莆田市2024年卫生健康工作要点
一、重点项目
1.推进重点项目建设。市第一医院新院区项目年内完成投资3.2亿元。
二、基层卫生
2.做实家庭医生签约服务。常住人口签约率达到40%以上，重点人群签约率达到75%以上。
"""


@pytest.mark.parametrize("plan,question,answer", [
    (EVERYDAY_WORDS_PLAN, "莆田2024年剖腹产的比例要降到多少?", "40%以下"),
    (EVERYDAY_WORDS_PLAN, "莆田2024年打算新增多少个入托名额?", "2000个"),
    (ENGLISH_WORDS_PLAN, "How much investment will the new campus of the First Hospital complete in Putian in 2024?",
     "3.2亿元"),
    (ENGLISH_WORDS_PLAN, "What key-population family doctor signing rate does Putian target in 2024?", "75%以上"),
])
def test_a_citizens_or_an_english_word_reaches_the_plans_term(indexed_corpus, plan, question, answer):
    """剖腹产 is 剖宫产, 入托名额 is 托位 (text/data/lexicon.tsv, everyday relation); investment is 投资 (not
    only 经费投入), key-population is 重点人群 (text/data/glossary_en.tsv): none is a missing topic."""
    index = one_plan(indexed_corpus, f"words-{len(plan)}", plan, "莆田", 2024)
    assert ask(index, question).text == answer


FIVE_YEARS_PLAN = """莆田市2024年卫生健康工作要点
一、过去五年工作回顾
五年来，全市财政累计投入卫生健康资金210亿元，年均增长6.5%。
二、2024年重点任务
1.提升基层服务能力。市级财政安排医疗卫生服务能力提升专项资金3.2亿元。
"""


def test_a_question_about_five_years_is_not_answered_high_by_an_undated_figure_of_the_plan(indexed_corpus):
    """The five-year sum answers a question about five years, ahead of this year's 3.2亿元; a plan
    without one shows its undated figure as a possible answer at most."""
    index = one_plan(indexed_corpus, "five-years", FIVE_YEARS_PLAN, "莆田", 2024)
    found = ask(index, "莆田过去五年市级财政安排了多少专项资金?")
    assert found.text == "210亿元"
    this_year_only = FIVE_YEARS_PLAN.replace("五年来，全市财政累计投入卫生健康资金210亿元，年均增长6.5%。\n", "")
    index = one_plan(indexed_corpus, "this-year-only", this_year_only, "莆田", 2024)
    found = ask(index, "莆田过去五年医疗卫生服务能力提升专项资金投了多少?")
    assert found.text == "3.2亿元" and found.confidence == "low"


def test_a_question_that_writes_none_of_its_words_and_names_no_plan_is_not_answered_by_stand_ins(two_cities, monkeypatch):
    """明天天气怎么样: no passage writes 明天 or 天气 and no plan is named. Word vectors may still find
    passage words near them (季节 for 天气, 今后 for 明天 with the bundled model); with nothing written
    they would be guesses, so the answer is 未找到 whatever the embedder offers."""
    import answer.extractive

    def everything_stands_in(missing, *args, **kwargs):
        return {term: "床位" for term in missing}

    monkeypatch.setattr(answer.extractive, "stand_ins", everything_stands_in)
    _, index = two_cities
    found = ask(index, "明天天气怎么样")
    assert not found.found and "天气" in found.missing
    assert ask(index, "苏州2024年新增多少张医疗床位?").found  # a written question is still answered


COUNTY_TABLE_PLAN = """黄山市2023年卫生健康工作会议报告
一、2022年工作回顾
（一）存在的问题。二是县域医疗服务能力不均衡，歙县县域就诊率仍低于85%，部分乡镇卫生院人才不足。
2022年各区县主要指标
地区　人均预期寿命（岁）　县域就诊率（%）　基层就诊率（%）
歙县　80.12　84.7　72.3
休宁县　80.55　88.6　69.1
二、2023年重点任务
1.推进重点项目。市人民医院新院区年度投资4.5亿元，全年完成投资12亿元。
序号　项目名称　总投资（亿元）　年度投资（亿元）
1　市人民医院新院区　12.6　4.5
2.提升县域能力。全市县域就诊率达到90%以上。
"""


def test_a_table_cell_is_named_by_its_column_header_for_the_row_the_question_names(indexed_corpus):
    """The county's cell writes 县域就诊率 only in its column's header: its row is read with it for a
    question naming that county (歙县), not for one naming another (休宁县's row) or the whole city."""
    index = one_plan(indexed_corpus, "county-table", COUNTY_TABLE_PLAN, "黄山", 2023)

    def lexical(question: str, row: str) -> float:
        found = candidates(index, question, index.search(question, k=10))
        return next(c.lexical for c in found if c.evidence.text.startswith(row))

    assert lexical("黄山2022年歙县县域就诊率是多少?", "歙县") == 1.0
    assert lexical("黄山2022年歙县县域就诊率是多少?", "休宁县") < 0.5
    assert ask(index, "黄山2023年全市县域就诊率要达到多少?").text == "90%以上"


def test_a_bare_cell_and_a_sentence_writing_the_same_number_with_its_unit_are_one_answer():
    """4.5 under 年度投资（亿元） restates 4.5亿元: no near tie (restates compares the number as written)."""
    def candidate(text: str, answer: str) -> Candidate:
        at = text.rindex(answer)
        quantity = QuantityAnswer(answer, at, at + len(answer), 1.0, at, 1, 1)
        return Candidate(Evidence(text, 0, len(text), _hit(text)), 0.9, 1.0, quantity)

    sentence = candidate("市人民医院新院区年度投资4.5亿元。", "4.5亿元")
    assert restates(candidate("1　市人民医院新院区　12.6　4.5", "4.5"), sentence)
    assert not restates(candidate("1　市人民医院新院区　12.6　4.6", "4.6"), sentence)


def test_a_row_is_named_by_a_word_of_its_label_not_by_a_shared_character():
    meta = DocumentMeta(doc_id="d1", source="corpus/d1.txt", title="某市工作要点", city="某市", year=2023)
    terms = ["血压", "高血压", "患者", "规范", "管理", "率", "完成", "值"]
    assert names_row("高血压患者规范管理率", terms, "某市2022年高血压患者规范管理率完成值是多少?", meta)
    assert not names_row("孕产妇死亡率", terms, "某市2022年高血压患者规范管理率完成值是多少?", meta)
    assert names_row("全市", terms, "某市2022年高血压患者规范管理率完成值是多少?", meta)
