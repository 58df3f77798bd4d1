"""A city's plan for another year, place words that are not places, and numbers that cannot be
checked against the question: tiny documents of their own (hashing embedder), so the rules hold
beyond the seed corpus."""
from __future__ import annotations

import pytest

from answer import answer_question
from answer.extractive import reviewed_year_kind
from answer.quantity import focus_terms, pick_quantity, unit_mismatch
from answer.scope import english_places, evidence_covers, places, unknown_scope
from core.types import DocumentMeta
from index import open_index
from retrieval.scope import detect_scope
from text.coverage import english_topics, is_content

MANIFEST = ("file,title,city,year,doc_type\n"
            "jia.txt,甲市2017年卫生计生工作要点,甲市,2017,工作要点\n"
            "yi.txt,乙市2019年卫生健康工作要点,乙市,2019,工作要点\n")
JIA = """甲市2017年卫生计生工作要点
一、基层卫生
1.推进家庭医生签约服务。全市家庭医生签约率达到40%以上。到2020年,每千人口执业医师数达到3人。
2.落实高危孕产妇管理制度,规范转诊流程。全年开展培训1-2个批次。
二、老年健康
3.开展安宁疗护试点,建设临终关怀病房。
"""
YI = """乙市2019年卫生健康工作要点
一、基层卫生
1.家庭医生签约率达到45%。新增床位1000张。
"""


@pytest.fixture(scope="module")
def two_plans(indexed_corpus):
    config = indexed_corpus("scope-checks", {"jia.txt": JIA, "yi.txt": YI, "manifest.csv": MANIFEST})
    return open_index(config.index_dir)


def ask(index, question: str):
    return answer_question(index, question, index.search(question, k=5))


def test_a_known_city_in_a_year_none_of_its_plans_covers_gets_no_answer(two_plans):
    found = ask(two_plans, "甲市2019年家庭医生签约率是多少?")  # 2019 is indexed, but only for 乙市
    assert not found.found and "甲市2019年" in found.note
    assert "45%" not in found.text  # 乙市's 2019 figure is not borrowed
    assert "40%" in ask(two_plans, "甲市2017年家庭医生签约率是多少?").text


def test_a_span_of_years_asks_about_the_year_it_ends():
    """“十三五”期间（2016—2020年）: 甲市's 2021 plan reviews the span up to 2020; that 2016 has no plan of
    甲市 (other cities' 2016 and 2020 plans are indexed) does not make the question about a missing year."""
    docs = [DocumentMeta("a", "a.txt", "t", "甲市", 2021, years=(2020, 2021)),
            DocumentMeta("b", "b.txt", "t", "乙市", 2016), DocumentMeta("c", "c.txt", "t", "丙市", 2020)]
    for span in ("2016—2020年", "2016-2020年", "2016年至2020年"):
        assert unknown_scope(f"甲市“十三五”期间（{span}）累计新增多少张床位?", docs) == ()
    assert unknown_scope("甲市2016年新增多少张床位?", docs) == ("甲市2016年",)


def test_a_year_the_citys_plan_writes_as_a_target_is_still_answered(two_plans):
    found = ask(two_plans, "甲市2020年每千人口执业医师数要达到多少?")  # 2020 is no plan's year; 甲 writes 到2020年
    assert found.found and "3人" in found.text


def test_city_year_evidence_must_come_from_that_city():
    docs = [DocumentMeta("a", "a.txt", "t", "甲市", 2017), DocumentMeta("b", "b.txt", "t", "乙市", 2019)]
    missing = unknown_scope("甲市2019年新增多少张床位?", docs)
    assert missing == ("甲市2019年",)
    assert not evidence_covers(missing, "2019年新增床位1000张", docs[1])
    assert evidence_covers(missing, "到2019年新增床位500张", docs[0])
    assert unknown_scope("乙市2019年新增多少张床位?", docs) == ()


def test_a_service_named_after_a_place_is_not_a_place(two_plans):
    assert places("哪些城市的计划提到了安宁疗护?") == ()  # 安宁 (a city) begins 安宁疗护; 城市 is no place
    assert places("北京2020年卫生工作要点") == ("北京",)
    found = ask(two_plans, "哪些城市的计划提到了安宁疗护?")
    assert found.found and "安宁" not in found.note  # answered, not refused as a city without a plan


def test_question_words_name_no_topic():
    assert not any(is_content(w) for w in ("几项", "哪一年", "多少钱", "能不能", "算不算", "已经", "每个"))
    assert is_content("签约率") and is_content("哪些城市")
    assert focus_terms("出生缺陷发生率已经下降几年了?", ["出生缺陷", "发生率", "已经"]) == {"发生率"}


def test_a_number_in_another_unit_than_asked_is_flagged():
    assert unit_mismatch("要落实多少项管理制度?", "1-2个")
    assert not unit_mismatch("要落实多少项管理制度?", "24项")
    assert unit_mismatch("签约率要达到多少?", "1000张")
    assert unit_mismatch("How many township hospitals will be upgraded?", "95%以上")
    assert not unit_mismatch("What share of hospitals will be upgraded?", "95%以上")
    assert unit_mismatch("How long is the training course?", "200名")
    assert not unit_mismatch("医生要去基层待多久?", "不少于一年") and not unit_mismatch("How long is it?", "3个月")


def test_a_unit_asked_with_its_multiplier_is_answered_by_the_same_unit_scaled():
    """多少亿元 asks for money counted in 亿: 2.8亿元 (and 3000万元) is money, 30% and 12.5万人次 are not."""
    assert not unit_mismatch("新院区今年计划投资多少亿元?", "2.8亿元")
    assert not unit_mismatch("新院区今年计划投资多少亿元?", "3000万元")
    assert not unit_mismatch("全年接待多少万人次?", "12.5万人次")
    assert unit_mismatch("新院区今年计划投资多少亿元?", "30%") and unit_mismatch("全年接待多少万人次?", "12.5万元")


def test_a_number_in_the_wrong_unit_is_only_a_possible_answer(two_plans):
    found = ask(two_plans, "甲市全年开展多少项培训?")  # the plan counts 批次 of training (1-2个), not 项
    assert found.found and "1-2个" in found.text
    assert found.confidence == "low" and found.note  # shown as 可能的答案, with the reason


CENTRES = ("file,title,city,year,doc_type\nbing.txt,丙市2020年卫生健康工作要点,丙市,2020,工作要点\n",
           "丙市2020年卫生健康工作要点\n一、医疗服务\n1.力争建设胸痛中心4个。\n2.加强心血管病防治,建设房颤中心5个。\n")


@pytest.fixture(scope="module")
def centres(indexed_corpus):
    manifest, text = CENTRES
    return open_index(indexed_corpus("en-topics", {"bing.txt": text, "manifest.csv": manifest}).index_dir)


def test_english_topic_phrases_leave_out_places_and_frames():
    assert english_topics("How many arrhythmia centres will Bingshi aim to build?", ["丙市"]) == []
    topics = english_topics("How many chest pain centres will Shenzhen build?", ["深圳"])
    assert [phrase for phrase, _ in topics] == ["chest pain centres"]


def test_an_english_number_whose_sentence_writes_no_topic_of_the_question_is_low(centres):
    unknown = ask(centres, "How many arrhythmia centres will Bingshi build?")  # not in the glossary
    assert unknown.found and unknown.confidence == "low"
    known = ask(centres, "How many chest pain centres will Bingshi build?")  # chest pain centres → 胸痛中心
    assert known.found and "4个" in known.text and known.confidence == "high"


TWO_TOPICS = ("file,title,city,year,doc_type\nding.txt,丁市2021年卫生健康工作要点,丁市,2021,工作要点\n",
              "丁市2021年卫生健康工作要点\n一、医疗服务\n1.力争建设胸痛中心4个。\n"
              "二、基层卫生\n2.推进乡镇卫生院标准化建设,改善就医环境。\n")


@pytest.fixture(scope="module")
def two_topics(indexed_corpus):
    manifest, text = TWO_TOPICS
    return open_index(indexed_corpus("en-two-topics", {"ding.txt": text, "manifest.csv": manifest}).index_dir)


def test_an_english_number_is_high_only_when_its_sentence_writes_every_topic_of_the_question(two_topics):
    # township hospitals → 乡镇卫生院 is written in the plan, but not in the sentence of the 4
    partial = ask(two_topics, "How many chest pain centres will Dingshi build in township hospitals?")
    assert partial.found and "4个" in partial.text and partial.confidence == "low"
    whole = ask(two_topics, "How many chest pain centres will Dingshi build?")
    assert whole.found and "4个" in whole.text and whole.confidence == "high"


def test_a_how_long_question_is_answered_by_a_bare_duration():
    sentence = "规划提出,通过10-15年的努力,全面建成覆盖城乡的健康服务体系。"
    terms = ["建成", "健康服务", "体系"]
    assert pick_quantity(sentence, 0, terms, "要用多少年建成健康服务体系?").text == "10-15年"
    assert pick_quantity(sentence, 0, terms, "要建成多少个健康服务体系?") is None  # a duration counts nothing


# -- county, province and traditional-Chinese plans (places the seed corpus has none of) ------------
YUEXI = """岳西县卫生健康委员会2022年卫生健康工作要点
一、基层卫生
1.加强县域医疗服务能力建设。全年新增病床200张,全县每千人口床位数从4.1张提高到4.6张。
"""
YUNNAN = """云南省卫生健康委员会2021年卫生健康工作要点
一、妇幼健康
1.全省孕产妇死亡率控制在12/10万以下,婴儿死亡率控制在5‰以下。
"""
DAYAO = """大姚縣2024年衛生健康工作要點
一、醫療服務
1.加快縣人民醫院新院區建設,年底前新增床位300張,新建村衛生室15間。
"""


@pytest.fixture(scope="module")
def local_plans(indexed_corpus):
    config = indexed_corpus("local-plans", {"yuexi.txt": YUEXI, "yunnan.txt": YUNNAN, "dayao.txt": DAYAO})
    return open_index(config.index_dir)


def test_a_county_or_province_plan_answers_questions_that_name_it(local_plans):
    found = ask(local_plans, "岳西县2022年全年新增多少张病床?")
    assert found.found and found.text == "200张"
    found = ask(local_plans, "云南2021年孕产妇死亡率要控制在多少?")
    assert found.found and "12/10万" in found.text


def test_the_prefecture_a_county_lies_in_is_not_covered_by_the_county_plan(local_plans):
    found = ask(local_plans, "安庆2022年全年新增多少张病床?")  # 岳西县 lies in 安庆; its plan is not 安庆's
    assert not found.found and "安庆" in found.note


def test_a_traditional_chinese_sentence_is_read_simplified_and_quoted_verbatim(local_plans):
    found = ask(local_plans, "大姚县2024年年底前新增多少张床位?")
    assert found.found and found.text == "300張"  # 張 is the unit 张 asked for; the answer keeps the page's form
    found = ask(local_plans, "大姚县2024年新建几间村卫生室?")
    assert found.found and found.text == "15間"


def test_an_english_question_naming_a_place_in_pinyin_is_scoped_like_a_chinese_one(local_plans):
    docs = local_plans.documents
    assert unknown_scope("How many beds will Yuexi County add in 2022?", docs) == ()
    assert unknown_scope("How many beds will Beijing add in 2022?", docs) == ("北京",)
    assert unknown_scope("How many beds will Fuzhou add in 2022?", docs) == ()  # 福州 or 抚州: not sure which
    found = ask(local_plans, "How many beds will Beijing add in 2022?")
    assert not found.found and "北京" in found.note


def test_an_english_what_question_about_a_rate_or_ratio_asks_for_a_number():
    from answer.quantity import asks_for_quantity

    assert asks_for_quantity("What is Yunnan's 2021 ceiling for the infant mortality rate?")
    assert asks_for_quantity("What life expectancy does the province aim to reach?")
    assert asks_for_quantity("What was the maternal mortality ratio in 2020?")
    assert not asks_for_quantity("What measures will the province take on the infant mortality rate?")
    assert asks_for_quantity("What is the total investment for the new campus of the county hospital?")
    assert asks_for_quantity("What per-capita subsidy does the plan set?")
    assert not asks_for_quantity("What does the plan say about the budget process?")


def test_a_number_from_another_places_plan_does_not_answer_for_the_named_place(local_plans):
    found = ask(local_plans, "云南2021年全年新增多少张病床?")  # 岳西县 and 大姚县 (a county of 云南) write beds
    assert not found.found and "200" not in found.text and "300" not in found.text
    assert "岳西县2022年" not in found.note
    # 云南's own plan never writes 病床: the refusal names the word (the counties' passages do not count)
    assert found.missing == ("病床",) or found.note.startswith("问题所问地方的文件中没有写到")


TONGCHENG = ("桐城市召开2023年卫生健康工作会议\n"
             + "会议总结了过去一年的工作,部署了今年的重点任务,要求全市卫生健康系统坚持以人民健康为中心,"
               "持续深化医药卫生体制改革,推动优质医疗资源扩容下沉和区域均衡布局,新建一批标准化村卫生室。" * 12
             + "会议提出,今年全市新建村卫生室12间,改造提升乡镇卫生院5家。\n")


def test_every_chunk_of_a_long_section_is_read_for_the_answer(indexed_corpus):
    from dataclasses import replace

    index = open_index(indexed_corpus("long-section", {"tongcheng.txt": TONGCHENG}).index_dir)
    chunks = index.document_chunks("tongcheng")
    assert len({c.section_id for c in chunks}) == 1 and len(chunks) > 1  # one heading-less section, several chunks
    question = "桐城市2023年新建几间村卫生室?"
    shown = next(c for c in chunks if "村卫生室" in c.text and "12间" not in c.text)
    hit = replace(index.search(question, k=1)[0], chunk=shown)  # search showed the section by a chunk without it
    found = answer_question(index, question, [hit])
    assert found.found and found.text == "12间"


def test_an_english_question_naming_a_province_or_county_in_pinyin_is_scoped_to_its_plan(local_plans):
    assert "云南" in local_plans.scope("What is Yunnan's 2021 ceiling for the infant mortality rate?").cities
    assert "岳西" in local_plans.scope("How many beds will Yuexi County add in 2022?").cities


BING = """丙市2020年卫生健康工作要点
一、公立医院改革
1.优化收入结构。全市公立医院医疗服务收入占医疗收入比例提高到29.6%。
"""
DING = """丁市2020年卫生健康工作要点
一、公立医院改革
1.优化收入结构。公立医院医疗服务收入占医疗收入的比例提高到31.2%。
"""


def test_a_near_tie_with_another_places_plan_does_not_stop_the_named_places_answer(indexed_corpus):
    manifest = ("file,title,city,year,doc_type\nbing.txt,丙市2020年卫生健康工作要点,丙市,2020,工作要点\n"
                "ding.txt,丁市2020年卫生健康工作要点,丁市,2020,工作要点\n")
    index = open_index(indexed_corpus("near-tie", {"bing.txt": BING, "ding.txt": DING, "manifest.csv": manifest})
                       .index_dir)
    found = ask(index, "丙市2020年公立医院医疗服务收入占医疗收入的比例提高到了多少?")
    assert found.found and "29.6%" in found.text and "31.2%" not in found.text


def test_a_year_a_work_report_reviews_asks_for_what_was_done():
    report = DocumentMeta("r", "r.txt", "渝州区召开2020年卫生健康工作会议", "渝州区", 2020, years=(2019, 2020))
    assert reviewed_year_kind([2019], report) == "result"  # 2019 is reviewed: its results, not 2020's targets
    assert reviewed_year_kind([2020], report) is None      # the year it plans: as the question says
    assert reviewed_year_kind([], report) is None
    plan = DocumentMeta("p", "p.txt", "2019年工作要点", "渝州区", 2019, years=(2019,))
    assert reviewed_year_kind([2019], plan) is None


WU_2018 = """戊市2018年卫生计生工作要点
一、主要目标
婴儿死亡率控制在4‰以下。
"""
WU_2023 = """戊市2023年卫生健康工作要点
2022年，全市卫生健康系统各项工作取得新成效。全市户籍人口人均预期寿命达到79.6岁，孕产妇死亡率为7.8/10万，婴儿死亡率和5岁以下儿童死亡率分别为2.06‰和3.12‰，主要健康指标保持全省前列。

同时也要清醒看到，全市优质医疗资源总量不足、分布不均衡。

2023年主要预期目标是：婴儿死亡率控制在3‰以下。
"""


JI_2022 = """己市2022年卫生健康工作要点
一、重点任务
1.新建社区卫生服务中心5个。
"""


def _plans(indexed_corpus, name: str, plans: dict[str, tuple[str, int]]):
    """戊市's plans, beside 己市's 2022 plan (so 2022 is a year the index knows)."""
    plans = {**plans, "j22.txt": (JI_2022, 2022)}
    manifest = "file,title,city,year,doc_type\n" + "".join(
        f"{file},{text.splitlines()[0]},{text[:2]},{year},工作要点\n" for file, (text, year) in plans.items())
    files = {file: text for file, (text, _) in plans.items()}
    return open_index(indexed_corpus(name, {**files, "manifest.csv": manifest}).index_dir)


def test_a_year_without_a_plan_is_answered_by_the_plan_that_reviews_it(indexed_corpus):
    """No plan of 戊市 is for 2022: the 2023 plan reviews 2022 and writes its result, which the 2018
    plan's target does not answer however well it scores."""
    index = _plans(indexed_corpus, "reviewed-year", {"w18.txt": (WU_2018, 2018), "w23.txt": (WU_2023, 2023)})
    assert ask(index, "戊市2022年婴儿死亡率是多少?").text == "2.06‰"


def test_a_line_that_opens_the_plans_part_after_a_review_is_a_target(indexed_corpus):
    """2023年主要预期目标是：… follows the review of 2022 but opens the plan's own part: its 3‰ is no
    2022 result."""
    index = _plans(indexed_corpus, "plan-line", {"w23.txt": (WU_2023, 2023)})
    assert ask(index, "戊市2022年婴儿死亡率是多少?").text == "2.06‰"
    assert ask(index, "戊市2023年婴儿死亡率要控制在多少?").text == "3‰以下"


def test_an_english_question_about_a_ceiling_that_was_set_asks_for_a_target():
    from answer.quantity import asked_kind

    assert asked_kind("What ceiling did the city set for its infant mortality rate in 2017?") == "target"
    assert asked_kind("What goal has the county set for its signing rate?") == "target"
    assert asked_kind("What subsidy standard did the city set for 2023?") == "target"
    assert asked_kind("How many beds did the city add in 2017?") == "result"


def test_a_county_named_like_its_city_is_a_part_of_the_citys_plan():
    from answer.scope import parts_named

    city = DocumentMeta("h", "h.txt", "衡阳市2019年卫生健康工作要点", "衡阳", 2019, regions=("湖南省/衡阳市",))
    assert parts_named("衡阳2018年衡阳县出生人口性别比是多少?", city) == ("衡阳县",)
    assert parts_named("衡阳市2018年出生人口性别比是多少?", city) == ()
    assert parts_named("衡阳2018年衡南县出生人口性别比是多少?", city) == ("衡南",)


def test_a_county_jieba_does_not_tag_is_still_a_part_of_its_citys_plan():
    """师宗县 glued to 曲靖市 (and 舒城县 to 六安市) is no place to jieba; the gazetteer knows it, so the
    question asks about that county, not the city's figure."""
    from answer.scope import parts_named

    qujing = DocumentMeta("q", "q.txt", "曲靖市2023年卫生健康工作要点", "曲靖", 2023, regions=("云南省/曲靖市",))
    luan = DocumentMeta("l", "l.txt", "六安市2023年卫生健康工作要点", "六安", 2023, regions=("安徽省/六安市",))
    assert parts_named("曲靖市师宗县2023年计划新增托位多少个?", qujing) == ("师宗",)
    assert parts_named("六安市舒城县2023年计划新增托位多少个?", luan) == ("舒城",)
    assert parts_named("六安市舒城县2023年计划新增托位多少个?", qujing) == ()  # not a county of 曲靖
    assert parts_named("曲靖市2023年城区新增多少个托位?", qujing) == ()  # 城区: a common word



def test_a_sentence_speaking_for_the_whole_city_does_not_answer_for_a_county_its_paragraph_names():
    """A county named in the paragraph (丙山县人民医院综合楼竣工) does not make the next sentence's
    全市 figure the county's; a sentence or table row writing the county does answer for it."""
    from answer.scope import speaks_for_parts

    paragraph = "丙山县人民医院综合楼、丁河区妇幼保健院等项目顺利竣工。截至年底，全市每千人口床位数为6.21张；"
    assert not speaks_for_parts(("丙山",), "截至年底，全市每千人口床位数为6.21张；", paragraph)
    assert speaks_for_parts(("丙山",), "丙山县\t16.5\t5.21\t78.4", "县（市、区）\t…\n丙山县\t16.5\t5.21\t78.4")
    paragraph = "丙山县：推进县域医共体建设。每千人口床位数达到5.3张。"
    assert speaks_for_parts(("丙山",), "每千人口床位数达到5.3张。", paragraph)

GENG = """庚市卫生健康委员会关于印发2020年全市卫生健康工作要点的通知
一、工作回顾
2019年，全市卫生健康系统攻坚克难，各项工作取得明显成效。人均期望寿命达到82.1岁。县域医共体建设全面推开，县域就诊率达到88.2%，基层就诊率达到60.5%。
二、2020年主要目标
基层就诊率达到65%以上。
"""


def test_a_year_written_at_the_head_of_the_paragraph_dates_the_figures_after_it(indexed_corpus):
    manifest = "file,title,city,year,doc_type\ngeng.txt,庚市2020年卫生健康工作要点,庚市,2020,工作要点\n"
    index = open_index(indexed_corpus("paragraph-year", {"geng.txt": GENG, "manifest.csv": manifest}).index_dir)
    found = ask(index, "庚市2019年基层就诊率是多少?")  # the sentence itself does not write 2019
    assert found.found and "60.5%" in found.text
    assert not ask(index, "庚市2018年基层就诊率是多少?").found


def test_a_place_is_covered_only_by_the_plan_of_a_region_it_lies_in():
    """南通's plan writes 接轨上海, yet it is no plan of 上海's; 如皋 lies in 南通, so 南通's plan covers it."""
    nantong = DocumentMeta(doc_id="nt", source="nt.txt", title="南通市2018年卫生计生工作要点", city="南通", year=2018,
                           province="江苏省", regions=("江苏省/南通市",))
    text = "主动接轨上海,推动如皋市新建2家示范乡镇卫生院。"
    assert not evidence_covers(("上海",), text, nantong, "上海2018年对社区卫生服务有什么安排?")
    assert evidence_covers(("上海",), text, nantong, "哪个城市要深度接轨上海?")  # named as a partner
    assert evidence_covers(("上海",), text, nantong, "Which city plans closer integration with Shanghai?")
    assert evidence_covers(("如皋",), text, nantong, "如皋2018年要新建几家示范乡镇卫生院?")


def test_a_verb_jieba_tags_as_a_place_is_not_one():
    """新建 is a district of 南昌 to jieba's tagger, and the verb of 要新建几家 to a reader."""
    assert "新建" not in places("如皋市2018年要新建几家示范乡镇卫生院?")



@pytest.mark.parametrize("question", ["甲市2019年孕产妇死亡率比2015年下降了多少?", "甲市2015年以来新增了多少张床位?",
                                      "甲市床位数由2015年的多少张增加到多少张?"])
def test_a_year_measured_from_is_no_plan_year_the_corpus_must_cover(question):
    docs = [DocumentMeta("a", "a.txt", "t", "甲市", 2019)]
    assert unknown_scope(question, docs) == ()
    assert unknown_scope("甲市2015年新增多少张床位?", docs) == ("2015",)  # asked as the plan's year: no plan


@pytest.mark.parametrize("question,city", [
    ("What was the vaccination rate in Lu'an in 2022?", "六安"),
    ("What is Tai’an's 2021 target for hospital beds?", "泰安"),
    ("What is Suqian's 2020 target?", "宿迁"),  # a possessive 's is no syllable
])
def test_a_pinyin_name_with_a_syllable_mark_names_its_city(question, city):
    documents = [DocumentMeta(doc_id=f"d{i}", source=f"corpus/d{i}.txt", title=f"{c}卫生健康工作要点", city=c, year=2021)
                 for i, c in enumerate(("六安", "泰安", "宿迁", "西安"))]
    assert detect_scope(question, documents).cities == frozenset({city})
    assert english_places(question) == (city,)


HENGYANG = """衡阳市2019年卫生健康工作要点
一、强化基层卫生
1.提升基层服务能力。全市基层医疗卫生机构诊疗量占总诊疗量的比例达到58%，其中衡南县达到66%，衡阳县达到61%。
2.推进家庭医生签约服务。全市家庭医生签约率达到45%以上。
"""
HENGYANG_MANIFEST = "file,title,city,year,doc_type\nhengyang.txt,衡阳市2019年卫生健康工作要点,衡阳,2019,工作要点\n"


@pytest.fixture(scope="module")
def city_with_counties(indexed_corpus):
    config = indexed_corpus("city-parts", {"hengyang.txt": HENGYANG, "manifest.csv": HENGYANG_MANIFEST})
    return open_index(config.index_dir)


@pytest.mark.parametrize("question,answer", [
    ("衡阳市2019年衡南县基层医疗卫生机构诊疗量占总诊疗量的比例是多少?", "66%"),
    ("衡阳市2019年衡阳县基层医疗卫生机构诊疗量占总诊疗量的比例是多少?", "61%"),  # a county named as its city
    ("衡阳市2019年基层医疗卫生机构诊疗量占总诊疗量的比例是多少?", "58%"),
])
def test_a_question_about_a_county_takes_the_number_written_after_its_name(city_with_counties, question, answer):
    """…比例达到58%，其中衡南县达到66%: the city's number writes more of the question's words, the
    county's is the one asked for."""
    found = ask(city_with_counties, question)
    assert found.found and found.text == answer
