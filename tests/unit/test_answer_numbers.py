"""The number the question asks for (text/quantity_roles.py, answer/quantity.py): each failure
class pinned with a small sentence of its own — subject (县级 vs 三级), level vs change, baseline
vs target, five years vs one year, urban/rural 分别 lists, two indicators in one sentence — and a
near tie between two numbers of one sentence shown as such (QuantityAnswer.rival)."""
from __future__ import annotations

import pytest

from answer.quantity import answer_quantities, asked_unit, asks_money, focus_terms, pick_quantity, unit_mismatch
from text.coverage import glossary_terms
from text.numbers import find_quantities
from text.quantity_roles import asked_role, asks_over_years, number_roles, subjects_in


def pick(sentence: str, question: str, terms: list[str]) -> str:
    found = pick_quantity(sentence, 0, terms, question)
    assert found is not None
    assert sentence[found.start:found.end] == found.text  # always a verbatim slice
    return found.text


HOSPITALS = "二级综合医院抗菌药物使用强度要达到40%,县级综合医院不低于60%,基层医疗机构达到90%。"


@pytest.mark.parametrize("question,answer", [
    ("县级综合医院抗菌药物使用强度是多少?", "不低于60%"),
    ("基层医疗机构抗菌药物使用强度要达到多少?", "90%"),
    ("二级综合医院抗菌药物使用强度是多少?", "40%"),
])
def test_the_subject_asked_about_picks_its_clause(question, answer):
    assert pick(HOSPITALS, question, ["县级", "基层", "二级", "综合医院", "抗菌药物", "使用", "强度"]) == answer


LIFE = "全市人均预期寿命提高了1.37岁,达到79.5岁。"


def test_a_level_question_gets_the_level_not_the_change():
    assert pick(LIFE, "人均预期寿命达到多少岁?", ["人均", "预期寿命"]) == "79.5岁"


def test_a_change_question_gets_the_change_not_the_level():
    assert pick(LIFE, "人均预期寿命提高了多少岁?", ["人均", "预期寿命"]) == "提高了1.37岁"


def test_the_baseline_of_from_x_to_y_is_never_the_answer():
    sentence = "产前筛查率从62%提高到75%。"
    assert pick(sentence, "产前筛查率要提高到多少?", ["产前", "筛查率"]) == "75%"


@pytest.mark.parametrize("sentence,answer", [
    ("60岁以上老年人全程接种率达到92.8%，其中80岁以上老年人全程接种率由年初的61.3%提高到83.5%。", "83.5%"),
    ("全市每千人口床位数由上年的5.2张提高到5.6张。", "5.6张"),
    ("80岁以上老年人全程接种率由去年底的82.5%提高到86%。", "86%"),
])
def test_a_baseline_dated_by_a_word_not_a_year_is_never_the_answer(sentence, answer):
    """由年初的 / 由上年的 / 由去年底的 date a baseline as 由2021年的 does: the target answers 达到多少, even
    when the baseline's clause writes more of the question's words than the target's (提高到83.5%)."""
    terms = ["80岁", "以上", "老年人", "全程", "接种率", "每千", "人口", "床位数", "达到"]
    assert pick(sentence, "80岁以上老年人全程接种率达到多少?" if "接种" in sentence else "全市每千人口床位数达到多少?",
                terms) == answer


def test_a_baseline_written_per_person_is_never_the_answer():
    """由每人每年420元提高到450元: the rate's 每人每年 opens the baseline as 每日 does."""
    sentence = "城乡居民医保政府补助标准由每人每年420元提高到450元，个人缴费标准同步调整。"
    assert pick(sentence, "城乡居民医保政府补助标准提高到每人每年多少元？",
                ["城乡", "居民", "医保", "政府", "补助", "标准", "每人", "每年", "元"]) == "450元"


def test_this_one_year_asks_for_the_years_figure_not_the_spans():
    """2020年这一年 names one year: 其中2020年投入 answers it, not the three years' 累计; 这三年 asks for the span."""
    sentence = "三年来全市累计投入强基层建设资金28.7亿元，其中2020年投入9.6亿元。"
    terms = ["投入", "强基层", "基层", "建设", "资金", "建设资金"]
    assert pick(sentence, "2020年这一年投入强基层建设资金多少？", terms) == "9.6亿元"
    assert pick(sentence, "这三年一共投入强基层建设资金多少？", terms) == "28.7亿元"


@pytest.mark.parametrize("question,answer", [("独生子女死亡家庭特别扶助金标准是每人每月多少元？", "600元"),
                                             ("独生子女伤残家庭特别扶助金标准是每人每月多少元？", "480元")])
def test_a_bereaved_family_and_a_family_with_a_disabled_child_are_different_subjects(question, answer):
    """计划生育特别扶助 pays 伤残家庭 and 死亡家庭 at two rates in one sentence: each answers its own question."""
    sentence = "农村奖励扶助金每人每年960元，独生子女伤残家庭特别扶助金标准为每人每月480元、死亡家庭为每人每月600元。"
    terms = ["独生", "子女", "独生子女", "家庭", "特别", "扶助", "扶助金", "标准", "每人", "每月", "元",
             "伤残" if "伤残" in question else "死亡"]
    assert pick(sentence, question, terms) == answer


DOCTORS = "全县每千人口执业（助理）医师数由2018年的2.1人增加到2.6人，五年增加0.5人。"
DOCTOR_TERMS = ["全县", "每千", "人口", "执业", "助理", "医师", "医师数"]


@pytest.mark.parametrize("question,answer", [
    ("全县2018年每千人口执业（助理）医师数是多少?", "2.1人"),  # the baseline's own year asks for it
    ("What was the county's number of practising doctors per 1,000 people in 2018?", "2.1人"),
    ("全县2023年每千人口执业（助理）医师数是多少?", "2.6人"),
    ("By how much did the county's practising doctors per 1,000 people rise between 2018 and 2023?", "增加0.5人"),  # a change, not the baseline
])
def test_a_baseline_answers_a_question_about_the_year_it_is_dated_by(question, answer):
    assert pick(DOCTORS, question, DOCTOR_TERMS + ["增加"] * ("增加" in question)) == answer


FIVE_YEARS = "近五年来,全市累计新增养老床位8200张,其中2019年新增养老床位1500张。"


def test_a_five_year_question_gets_the_five_year_figure():
    assert pick(FIVE_YEARS, "过去五年新增了多少张养老床位?", ["养老", "床位"]) == "8200张"


def test_a_one_year_question_does_not_get_the_five_year_figure():
    assert pick(FIVE_YEARS, "2019年新增了多少张养老床位?", ["养老", "床位"]) == "1500张"


def test_across_sentences_the_period_figure_outscores_the_year_figure():
    period = pick_quantity("五年来新增护理床位6000张。", 0, ["护理", "床位"], "过去五年新增多少张护理床位?")
    year = pick_quantity("2020年新增护理床位900张。", 0, ["护理", "床位"], "过去五年新增多少张护理床位?")
    assert period.score > year.score


URBAN_RURAL = "城市和农村孕妇产前检查率要分别达到96%、88%以上,重点人群达到70%以上。"


@pytest.mark.parametrize("question,answer", [
    ("农村孕妇产前检查率要达到多少?", "88%以上"),
    ("城市孕妇产前检查率要达到多少?", "96%"),
    ("城市和农村孕妇产前检查率分别要达到多少?", "96%、88%以上"),
])
def test_respectively_lists_map_items_to_numbers_in_order(question, answer):
    assert pick(URBAN_RURAL, question, ["城市", "农村", "孕妇", "产前", "检查率"]) == answer


TWO_INDICATORS = "新生儿死亡率3.1‰、5岁以下儿童死亡率4.6‰,均低于全省平均水平。"


@pytest.mark.parametrize("question,answer", [
    ("新生儿死亡率是多少?", "3.1‰"),
    ("5岁以下儿童死亡率是多少?", "4.6‰"),
])
def test_two_indicators_in_one_clause_each_get_their_own_number(question, answer):
    assert pick(TWO_INDICATORS, question, ["新生儿", "儿童", "死亡率"]) == answer


def test_two_numbers_that_fit_alike_are_a_near_tie():
    found = pick_quantity("全年改造社区卫生站35家,新建卫生站12家。", 0, ["卫生站"], "卫生站有多少家?")
    assert found.rival  # neither clause says which the question means: confidence must be low


def test_a_clear_choice_has_no_rival():
    found = pick_quantity(LIFE, 0, ["人均", "预期寿命"], "人均预期寿命达到多少岁?")
    assert found.rival == ""


def test_roles_read_from_the_sentence():
    sentence = "五年来新增病床2000张,总数增加至9000张;城市和农村签约率分别达到40%、60%。"
    quantities = answer_quantities(sentence)
    roles = number_roles(sentence, quantities)
    assert [r.measure for r in roles] == ["change", "level", "level", "level"]
    assert all(r.time == "period" for r in roles)
    assert [r.subjects for r in roles[2:]] == [("城市",), ("农村",)]
    assert roles[1].elliptical and "病床" in roles[1].inherited


def test_question_cues():
    assert asked_role("过去五年新增了多少?").time == "period"
    assert asked_role("2019年新增多少张?").year == 2019
    assert asked_role("达到多少岁?").measure == "level"
    assert asked_role("提高了多少?").measure == "change"
    assert asked_role("How much did rural coverage increase?").measure == "change"
    assert asked_role("每千人口执业医师数增加到了多少?").measure == "level"  # 了 between the verb and 多少
    assert asked_role("这五年新增了多少张床位?").time == "period"
    assert asks_over_years("这五年新增多少张床位?")
    assert subjects_in("What share of county-level hospitals in rural areas?") == ("县级", "农村")
    assert subjects_in("乡村医生") == ("农村",)
    assert subjects_in("乡下的老人在县城看病") == ("农村", "老年人", "县级")  # everyday names of subjects


def test_a_number_that_contradicts_the_question_says_so():
    """When retrieval finds only one year's figure for a five-year question, the figure is not
    hidden but flagged, so the answer is shown with confidence low."""
    found = pick_quantity("全年新增护理床位900张。", 0, ["护理", "床位"], "过去五年新增了多少张护理床位?")
    assert found.text == "900张" and "time" in found.conflicts
    assert pick_quantity(LIFE, 0, ["人均", "预期寿命"], "人均预期寿命达到多少岁?").conflicts == ()


def test_a_number_counting_the_subject_does_not_answer_for_its_standard():
    # 60家 counts the 乡镇卫生院 the question is about; 20元的标准 is the standard it asks for
    sentence = "按照每服务人口每年20元的标准,给予全县60家乡镇卫生院设备购置补助,改善服务条件。"
    terms = ["乡镇", "卫生院", "乡镇卫生院", "设备", "购置", "补助", "标准"]
    got = pick_quantity(sentence, 0, terms, "乡镇卫生院设备购置补助标准是多少?")
    assert got is not None and got.text == "20元"


def test_a_count_the_question_asks_for_still_answers():
    sentence = "全县新增6家乡镇卫生院,改扩建业务用房2万平方米。"
    got = pick_quantity(sentence, 0, ["新增", "乡镇卫生院"], "全县新增多少家乡镇卫生院?")
    assert got is not None and got.text == "6家"


@pytest.mark.parametrize("question, terms, expected", [
    ("计划新建多少个康复医学中心?", ["新建", "康复", "医学中心"], "3个"),
    ("计划新建多少个托育服务示范点?", ["新建", "托育", "示范点"], "8个"),
])
def test_in_a_list_of_counts_each_counted_noun_names_the_number_before_it(question, terms, expected):
    # 康复医学中心 follows 3个 and is what 3个 counts; it is not the naming words of 8个
    sentence = "年内新建3个康复医学中心、8个托育服务示范点和12个健康驿站。"
    assert pick_quantity(sentence, 0, terms, question).text == expected
    roles = number_roles(sentence, answer_quantities(sentence))
    assert "康复医学中心" not in roles[1].named and "托育服务示范点" not in roles[2].named


def test_a_count_naming_its_own_noun_does_not_borrow_the_indicator_before_it():
    # 12个学科进入… counts 学科 itself; it is not a second value of 市级医学重点学科达到45个
    sentence = "市级医学重点学科达到45个,全市有12个学科进入全省同学科排名前十。"
    assert pick(sentence, "市级医学重点学科有多少个?", ["市级", "医学", "重点", "学科", "重点学科"]) == "45个"
    roles = number_roles(sentence, answer_quantities(sentence))
    assert not roles[1].elliptical


def test_a_count_question_is_answered_by_the_count_of_what_it_names():
    # 四个 and 5项 are not commitments (a Chinese numeral without a verb, a count of 计划), but
    # 几个 / 几项 questions naming exactly what they count are answered by them
    sentence = "依托省里确定的四个省级康复医学中心,实施护理员培训、家庭护士培训等5项基层护理培训计划。"
    assert pick(sentence, "要依托几个省级康复医学中心?", ["依托", "省级", "康复", "医学中心"]) == "四个"
    assert pick(sentence, "实施几项基层护理培训计划?", ["实施", "基层", "护理", "培训", "计划"]) == "5项"
    # … and never when the question counts something else
    assert pick_quantity(sentence, 0, ["护理院"], "新增几家护理院?") is None


def test_a_which_year_question_is_answered_by_the_year_that_names_its_goal():
    sentence = "落实“2028年基本消除麻风病危害”和“2032年实现控烟目标”两大行动。"
    assert pick(sentence, "丁市计划在哪一年基本消除麻风病危害?", ["基本", "消除", "麻风病", "危害"]) == "2028年"
    assert pick(sentence, "丁市2021年提出哪一年实现控烟目标?", ["实现", "控烟", "目标"]) == "2032年"
    # a year the question writes itself is never its answer
    assert pick_quantity("2021年启动控烟行动。", 0, ["控烟"], "丁市2021年提出哪一年控烟?") is None


def test_a_span_of_time_names_what_it_is_for_in_the_clause_after_it():
    # 8-10年 sits in a clause of its own; the system it builds is named one clause later
    sentence = "深化改革,用8-10年时间,建成覆盖城乡的基层首诊制度。"
    found = pick_quantity(sentence, 0, ["基层", "首诊", "制度"], "要用多少年建成基层首诊制度?")
    assert found is not None and found.text == "8-10年" and found.focus > 0


@pytest.mark.parametrize("question, answer, mismatch", [
    ("How many model township hospitals will the city build?", "4类12项", True),
    ("How many model township hospitals will the city build?", "6家", False),
    ("How many beds will be added?", "3家", True),
    ("How many beds will be added?", "3000张", False),
    ("How many doctors will be trained?", "1.2万人", False),
    ("How many key projects are planned?", "12所", True),
    ("How many of the targets were met?", "12所", False),  # "targets" is not a listed noun: not checked
    ("How many family doctor teams were set up?", "186.3万人", True),  # a team, not the doctors or the residents
    ("How many family doctor teams were set up?", "2650个", False),
])
def test_an_english_count_is_checked_against_the_measure_word_of_what_it_counts(question, answer, mismatch):
    assert unit_mismatch(question, answer) is mismatch


def test_an_ordinal_question_is_answered_by_the_ordinal_of_what_it_names():
    # ordinals are never commitments, but 第几届 asks for one: the one whose words follow it
    sentence = "举办第六届“健康丁市”徒步大会、第三届全市护理技能大赛。"
    assert pick(sentence, "丁市护理技能大赛是第几届?", ["全市", "护理", "技能", "大赛"]) == "第三届"
    assert pick(sentence, "“健康丁市”徒步大会办到第几届了?", ["健康", "徒步", "大会"]) == "第六届"
    # a count of the same measure word is not an ordinal, and an ordinal never answers 多少
    assert pick_quantity("共举办3届大赛。", 0, ["大赛"], "大赛是第几届?") is None
    assert pick("推动市儿童医院改扩建(二期)开工。", "市儿童医院改扩建是第几期?", ["儿童医院", "改扩建"]) == "二期"
    assert pick_quantity(sentence, 0, ["护理", "技能", "大赛"], "护理技能大赛有多少人参加?") is None


def test_a_count_inside_a_quoted_slogan_answers_a_question_counting_it():
    sentence = "突出“四个着力、三个持续、一个统筹”,落实“五项行动”的工作机制。"
    assert pick(sentence, "要突出几个“持续”?", ["突出", "持续"]) == "三个"
    assert pick(sentence, "要落实多少项行动的工作机制?", ["落实", "行动", "工作机制"]) == "五项"


@pytest.mark.parametrize("question", ["丁市护理发展规划是哪个年份区间的?", "What period does the nursing plan of Dingshi cover?"])
def test_a_period_question_is_answered_by_a_span_of_years(question):
    sentence = "2021年印发《丁市护理事业发展规划(2021-2025年)》,到2025年护士达到1万名。"
    found = pick_quantity(sentence, 0, ["护理", "发展规划", "规划"], question)
    assert found is not None and found.text == "2021-2025年"


def test_the_verb_closing_a_count_question_picks_the_count_it_follows():
    # one count per verb: the question's 投入使用 names which of them it asks for
    sentence = "甲院门诊楼等4个项目开工建设,乙院病房楼等7个项目投入使用。"
    terms = ["卫生", "项目", "投入", "使用", "投入使用"]
    found = pick_quantity(sentence, 0, terms, "丁市有几个卫生项目要投入使用?")
    assert found.text == "7个" and found.focus > 0
    assert pick(sentence, "丁市有几个卫生项目要开工建设?", ["卫生", "项目", "开工", "建设", "开工建设"]) == "4个"


def test_a_what_level_question_asks_for_a_number():
    from answer.quantity import asks_for_quantity
    assert asks_for_quantity("群众满意度保持在什么水平?") and asks_for_quantity("签约率要达到什么比例?")
    assert not asks_for_quantity("满意度方面有什么措施?")


def test_an_english_which_round_question_is_answered_by_an_ordinal():
    sentence = "建设第三轮国家慢性病综合防控示范区,推荐第二批市级名中医。"
    assert pick(sentence, "Which round of the chronic disease demonstration zone is being built?",
                ["慢性病", "示范区"]) == "第三轮"
    assert pick(sentence, "Which batch of municipal renowned doctors is recommended?", ["名中医"]) == "第二批"


@pytest.mark.parametrize("question,answer", [
    ("丁市要贯彻的护理规划从哪一年开始实施?", "2021"),
    ("What is the starting year of the nursing plan Dingshi implements?", "2021"),
    ("丁市要贯彻的护理规划实施到哪一年结束?", "2025年"),
    ("Until which year does the nursing plan Dingshi implements run?", "2025年"),
    ("What is the end year of the nursing plan Dingshi implements?", "2025年"),
])
def test_a_single_year_asked_of_a_span_is_its_first_or_last_year(question, answer):
    # a question for one year takes one end of the span, by its cue (开始/starting → the first)
    sentence = "贯彻落实《丁市护理事业发展规划(2021-2025年)》,完善护理服务体系。"
    assert pick(sentence, question, ["护理", "发展规划", "规划", "护理事业"]) == answer


def test_the_target_of_a_rate_or_a_count_asks_for_a_number():
    from answer.quantity import asks_for_quantity
    assert asks_for_quantity("丁市对孕产妇系统管理率定了什么目标?")
    assert asks_for_quantity("丁市对三级医院科研课题的数量有什么最低要求?")
    assert asks_for_quantity("丁市每10万人口精神科医师配置有什么要求?")
    assert pick("完善三级防治体系,每10万人口精神科医师配置不低于4名。", "丁市每10万人口精神科医师配置有什么要求?",
                ["精神科", "医师", "配置"]) == "不低于4名"
    assert not asks_for_quantity("丁市对孕产妇保健有什么目标?")  # no measure named: a description


def test_a_count_of_another_thing_than_the_question_counts_says_so():
    # 几家…妇幼保健门诊 is not answered by 10家…村卫生室 without doubt; a count whose clause names
    # what the question counts (or a synonym of it) has no such conflict
    sentence = "各区新增10家达到省定标准的村卫生室,新增2家达到省定标准的妇幼保健门诊。"
    question = "丁市各区要新增几家达到省级标准的妇幼保健门诊?"
    found = pick_quantity(sentence, 0, ["新增", "标准", "妇幼保健门诊"], question)
    assert found is not None and found.text == "2家" and "counted" not in found.conflicts
    other = pick_quantity("各区新增10家达到省定标准的村卫生室。", 0, ["新增", "标准", "妇幼保健门诊"], question)
    assert other is not None and other.text == "10家" and "counted" in other.conflicts
    long = pick_quantity("每个县建设不少于4个符合本县需求、适宜本县疾病谱的临床重点专科。", 0, ["临床重点专科"],
                         "每个县要建设多少个临床重点专科?")
    assert long is not None and "counted" not in long.conflicts


def test_a_count_question_naming_its_noun_before_the_cue_takes_a_quoted_or_listed_count():
    # 健康丁市行动共有多少项 counts the 行动 of a quoted “八项行动” and 改善服务制度共有几项 the 制度 of
    # “…等4项制度”, counts the commitment rules pass over (a name in quotes, a list of instruments)
    sentence = "落实推进健康丁市“八项行动”的工作机制,全面实施预约诊疗、日间手术等4项制度。"
    assert pick(sentence, "丁市要推进的健康丁市行动共有多少项?", ["健康", "行动"]) == "八项"
    assert pick(sentence, "丁市要全面实施的改善服务制度(预约诊疗等)共有几项?", ["全面实施", "制度", "预约诊疗"]) == "4项"
    assert pick_quantity(sentence, 0, ["健康", "医院"], "丁市的健康医院共有多少家?") is None


RECORDS = "城市和农村居民电子健康档案建档率分别达到85%、70%以上,老年人健康档案建档率达到90%以上。"
RECORD_TERMS = ["居民", "电子", "健康档案", "建档率", "老年人"]


def test_one_item_of_a_split_the_question_does_not_name_is_a_guess():
    found = pick_quantity(RECORDS, 0, ["居民", "电子", "健康档案", "建档率"], "居民电子健康档案建档率要达到多少?")
    assert found is not None and "subject" in found.conflicts  # 城市 or 农村? shown as 可能的答案, not high
    rural = pick_quantity(RECORDS, 0, RECORD_TERMS, "农村居民电子健康档案建档率要达到多少?")
    assert rural is not None and rural.text == "70%以上" and "subject" not in rural.conflicts
    assert pick(RECORDS, "老年人健康档案建档率要达到多少?", ["老年人", "健康档案", "建档率"]) == "90%以上"


CLINICS = "全县12个乡镇卫生院全部达到服务能力基本标准,其中4家达到推荐标准。"
CLINIC_TERMS = ["乡镇卫生院", "卫生院", "达到", "服务", "能力", "推荐", "标准"]


def test_a_part_introduced_by_qizhong_counts_what_the_whole_counts():
    assert pick(CLINICS, "有几家乡镇卫生院要达到服务能力推荐标准?", CLINIC_TERMS) == "4家"
    basic_terms = [t for t in CLINIC_TERMS if t != "推荐"] + ["基本"]  # the question's own words
    assert pick(CLINICS, "有几个乡镇卫生院要达到服务能力基本标准?", basic_terms) == "12个"


SPECIALTIES = "五年来全市累计建成国家临床重点专科3个、省级临床重点专科15个。"
SPECIALTY_TERMS = ["累计", "建成", "省级", "国家", "临床", "重点", "专科"]
CHENGXIANG = "城乡居民高血压患者规范管理率分别达到70%和65%。"
CHENGXIANG_TERMS = ["农村", "城市", "居民", "高血压", "患者", "规范", "管理率"]


@pytest.mark.parametrize("sentence,question,terms,answer", [
    (SPECIALTIES, "五年来累计建成了几个省级临床重点专科?", SPECIALTY_TERMS, "15个"),  # designation levels contrast
    (SPECIALTIES, "五年来累计建成了几个国家临床重点专科?", SPECIALTY_TERMS, "3个"),
    (CHENGXIANG, "农村居民高血压患者规范管理率要达到多少?", CHENGXIANG_TERMS, "65%"),  # 城乡…分别: 城市, then 农村
    (CHENGXIANG, "城市居民高血压患者规范管理率要达到多少?", CHENGXIANG_TERMS, "70%"),
])
def test_a_contrasting_subject_picks_its_own_item(sentence, question, terms, answer):
    assert pick(sentence, question, terms).endswith(answer) and "、" not in pick(sentence, question, terms)


@pytest.mark.parametrize("question,terms,answer", [
    ("5岁以下儿童死亡率是多少?", ["岁", "以下", "儿童", "死亡", "死亡率"], "4.6‰"),
    ("婴儿死亡率要控制在多少以下?", ["婴儿", "死亡", "死亡率", "控制", "以下"], "3.9‰"),
])
def test_fenbie_items_that_are_whole_indicator_names_are_not_cut(question, terms, answer):
    assert pick("全县婴儿死亡率、5岁以下儿童死亡率分别为3.9‰和4.6‰。", question, terms) == answer


def test_a_fenbie_clause_can_refer_to_the_items_counted_in_the_clause_before():
    sentence = "规范管理高血压患者5.2万人、糖尿病患者1.9万人,规范管理率分别为72.5%和68.3%。"
    terms = ["糖尿", "糖尿病", "患者", "规范", "管理", "率"]
    assert pick(sentence, "糖尿病患者规范管理率是多少?", terms) == "68.3%"
    assert pick(sentence, "高血压患者规范管理率是多少?", ["高血压", "患者", "规范", "管理", "率"]) == "72.5%"


def test_a_list_item_after_a_dunhao_keeps_the_subject_of_the_first():
    sentence = "完成农村妇女宫颈癌筛查12万人、乳腺癌筛查6万人。"
    terms = ["完成", "农村", "村妇", "妇女", "农村妇女", "乳腺", "腺癌", "乳腺癌", "筛查", "人"]  # as the index cuts it
    assert pick(sentence, "完成农村妇女乳腺癌筛查多少人?", terms) == "6万人"


def test_a_qizhong_part_counts_what_a_long_clause_before_it_counts():
    sentence = "6家社区卫生服务中心（乡镇卫生院）达到国家“优质服务基层行”基本标准，其中2家达到推荐标准。"
    terms = ["社区", "卫生", "服务", "中心", "社区卫生服务中心", "卫生院", "达到", "优质", "基层", "行", "推荐", "标准"]
    assert pick(sentence, "有几家社区卫生服务中心达到了“优质服务基层行”推荐标准?", terms) == "2家"


def test_a_fenbie_list_introduced_by_qizhong_is_about_the_clause_before():
    sentence = "全市孕产妇死亡率为10.2/10万,其中城市和农村分别为8.4/10万和12.7/10万。"
    terms = ["农村", "孕产", "产妇", "孕产妇", "死亡", "死亡率"]
    assert pick(sentence, "农村孕产妇死亡率是多少?", terms) == "12.7/10万"
    assert pick(sentence, "孕产妇死亡率是多少?", terms) == "10.2/10万"


def test_controlled_within_what_range_asks_for_a_number():
    from answer.quantity import asks_for_quantity

    assert asks_for_quantity("婴儿死亡率要控制在什么范围?")
    assert not asks_for_quantity("医联体覆盖什么范围?")


CHECKUPS = "全县常住人口体检率41.2%,老年人体检率71.5%,分别比上年提高2.2个和3.4个百分点。"
CHECKUP_TERMS = ["老年", "老年人", "体检", "检率", "体检率", "比", "上年", "提高"]


def test_a_rate_change_question_is_answered_in_percentage_points():
    sentence = "全年县域内住院率达到55.1%,比上年提高1.7个百分点。"
    terms = ["县域", "住院", "住院率", "率", "比", "上年", "提高"]
    assert pick(sentence, "县域内住院率比上年提高了多少?", terms) == "提高1.7个百分点"
    assert pick(sentence, "县域内住院率是多少?", terms) == "55.1%"  # a level question: never the points
    assert unit_mismatch("县域内住院率比上年提高了多少?", "1.7个百分点") is False
    assert unit_mismatch("县域内住院率是多少?", "1.7个百分点") is True


def test_a_fenbie_clause_refers_to_the_numbers_of_the_clauses_before_it():
    assert pick(CHECKUPS, "老年人体检率比上年提高了多少?", CHECKUP_TERMS) == "3.4个百分点"


def test_a_list_item_without_its_own_unit_shares_the_next_one():
    units = [q.unit for q in answer_quantities(CHECKUPS)]
    assert units == ["%", "%", "个百分点", "个百分点"]  # 2.2个 is 2.2个百分点, not 2.2 of something counted in 个
    assert [q.unit for q in find_quantities("分别下降0.8和1.5个百分点")] == ["个百分点", "个百分点"]


def test_test_tubes_are_a_unit_but_management_is_not():
    assert [(q.text, q.unit) for q in find_quantities("单日核酸检测能力提升到6万管以上")] == [("6万管以上", "管")]
    assert [q.unit for q in find_quantities("纳入3万管理对象")] == [""]


def test_a_fenbie_item_is_named_by_the_words_only_it_writes():
    sentence = "高血压、慢阻肺患者规范管理率分别达到65%和55%。"
    terms = ["慢阻肺", "患者", "规范", "管理", "率", "目标"]
    assert pick(sentence, "慢阻肺患者规范管理率的目标是多少?", terms) == "55%"  # not 65%和55%


BEDS_AND_DENSITY = "每千常住人口床位数达到5.2张,全县医疗机构床位达到800张。"


@pytest.mark.parametrize("question,terms,answer", [
    ("全县床位数要达到多少张?", ["床位"], "800张"),
    ("How many hospital beds will the county add?", ["床位", "新增"], "800张"),
    ("每千常住人口床位数要达到多少张?", ["每千", "常住", "人口", "床位"], "5.2张"),  # the ratio, when asked for
    ("How many hospital beds per 1,000 residents?", ["床位", "每千"], "5.2张"),
])
def test_a_count_question_is_not_answered_by_a_per_population_ratio(question, terms, answer):
    assert pick(BEDS_AND_DENSITY, question, terms) == answer


def test_english_cues_for_a_change_and_for_a_span_of_time():
    assert asked_role("By how many percentage points did the contract rate rise in 2019?").measure == "change"
    assert asked_role("What was the increase in the screening rate?").measure == "change"
    stay = "全区二级医院平均住院日为8.6天,比上年缩短0.3天。"
    assert pick(stay, "What was the average length of stay in the district's secondary hospitals?", ["平均住院日"]) == "8.6天"
    assert pick(stay, "全区二级医院平均住院日是多少?", ["二级", "医院", "平均", "住院日"]) == "8.6天"


def test_a_fee_question_is_not_answered_by_a_share():
    sentence = "签约服务费标准为每人每年120元，其中用于家庭医生团队的比例不低于70%。"
    assert pick(sentence, "签个家庭医生一个人一年的服务费标准是多少?", ["家庭", "医生", "服务费", "标准"]) == "120元"


@pytest.mark.parametrize("question,terms,focus", [
    ("乙县准备给多少名妇女做免费筛查?", ["准备", "妇女", "免费", "筛查"], {"妇女", "免费"}),
    ("乙县希望多少比例的病人能在本县看病?", ["希望", "比例", "病人", "本县", "看病"], {"病人"}),
    ("乙县一年下来一共给他们减免了多少钱?", ["一年", "下来", "一共", "他们", "减免"], set()),
    ("乙县当年完成投资多少?", ["当年", "完成", "投资"], {"当年"}),  # a time stays: not the 总投资
])
def test_intentions_and_function_words_do_not_name_the_indicator_asked_about(question, terms, focus):
    assert focus_terms(question, terms) == focus


def test_a_span_of_time_in_another_unit_than_asked_is_flagged():
    assert unit_mismatch("全县急救平均反应时间是多少分钟?", "9.8天") is True  # a length of stay, not a response time
    assert unit_mismatch("全县急救平均反应时间是多少分钟?", "12分钟以内") is False
    assert unit_mismatch("急救平均反应时间要缩短到多久?", "15分钟") is False


def test_a_change_written_against_a_named_year_is_about_the_indicator_before_it():
    sentence = "县域内住院率力争达到85%，较2019年提高1.5个百分点。"
    assert pick(sentence, "县域内住院率比2019年提高多少?", ["县域", "住院", "住院率", "率", "比", "提高"]) == "提高1.5个百分点"


@pytest.mark.parametrize("sentence,question,terms,answer", [
    ("2024年全县主要目标是：人均预期寿命达到80.6岁，比2023年的80.4岁提高0.2岁；", "全县2024年人均预期寿命目标比2023年提高多少岁?",
     ["人均", "预期", "寿命", "人均预期寿命", "目标", "比", "提高", "多少岁"], "提高0.2岁"),
    ("全县人均预期寿命由2017年的77.9岁提高到2022年的79.1岁，五年提高1.2岁。", "全县2022年人均预期寿命比2017年提高了多少?",
     ["全县", "人均", "预期", "寿命", "人均预期寿命", "比", "提高"], "提高1.2岁"),
])
def test_a_change_after_a_baseline_with_its_unit_or_a_span_of_years_is_about_the_indicator_before_it(
        sentence, question, terms, answer):
    assert pick(sentence, question, terms) == answer


def test_an_urban_district_contrasts_with_the_countryside():
    sentence = "城区急救平均反应时间由13分钟缩短到12分钟以内，农村地区由26分钟缩短到22分钟以内。"
    question = "城区急救平均反应时间要缩短到多少?"
    assert asked_role(question).subjects == ("城市",)
    found = pick_quantity(sentence, 0, ["城区", "急救", "平均", "反应", "时间", "缩短"], question)
    assert found is not None and found.text == "12分钟以内" and found.rival == ""


def test_what_is_written_after_a_list_of_numbers_names_every_item():
    sentence = "门诊、住院、康复三类服务包分别按每人每年20元、45元、90元收费。"
    terms = ["住院", "服务", "服务包", "每人", "每年", "每人每年", "收费"]
    assert pick(sentence, "住院服务包每人每年收费多少?", terms) == "45元"


AWARD = "农村独生子女家庭奖励扶助标准为每人每年960元，全县预计扶助对象2.5万人，发放资金2400万元。"
AWARD_TERMS = ["农村", "独生子女", "家庭", "奖励", "扶助", "标准", "每人", "每年", "预计", "发放", "资金"]


def test_an_amount_per_person_is_flagged_for_a_question_that_asks_no_standard():
    found = pick_quantity(AWARD, 0, AWARD_TERMS, "全县农村独生子女家庭奖励扶助预计发放资金多少?")
    assert found is not None and (found.text == "2400万元" or "measure" in found.conflicts)
    standard = pick_quantity(AWARD, 0, AWARD_TERMS, "全县农村独生子女家庭奖励扶助标准是每人每年多少?")
    assert standard is not None and standard.text == "960元" and not standard.conflicts
    pay = pick_quantity("乡村医生人均年收入不低于5.5万元。", 0, ["乡村", "医生", "收入"], "乡村医生一年收入最低多少?")
    assert pay is not None and not pay.conflicts  # a person's pay is asked per person


FLU = "全县60岁以上老年人流感疫苗接种率达到45%，80岁以上老年人流感疫苗接种率达到30%。"
FLU_TERMS = ["全县", "岁", "以上", "老年", "老年人", "流感", "疫苗", "接种", "接种率"]


@pytest.mark.parametrize("sentence,question,terms,answer", [
    (FLU, "全县80岁以上老年人流感疫苗接种率是多少?", FLU_TERMS, "30%"),
    (FLU, "全县60岁以上老年人流感疫苗接种率是多少?", FLU_TERMS, "45%"),
    ("全区60岁及以上老年人口12.4万人，其中65周岁及以上老年人口9.1万人。", "全区65岁及以上老年人口有多少?",
     ["全区", "岁", "以上", "老年", "老年人", "口有"], "9.1万人"),
])
def test_an_age_group_picks_its_own_number(sentence, question, terms, answer):
    assert pick(sentence, question, terms) == answer


@pytest.mark.parametrize("text,subjects", [
    ("80周岁及以上老年人", ("80岁以上", "老年人")),
    ("0-6岁儿童", ("儿童",)),  # a span of ages names no group of its own
    ("What share of people aged 65 and over", ("65岁以上",)),
    ("over the age of 60", ("60岁以上",)),
    ("over 80% of hospitals", ()),
])
def test_age_groups_are_subjects(text, subjects):
    assert subjects_in(text) == subjects


def test_a_second_fenbie_clause_refers_to_the_items_of_the_first():
    sentence = "每千常住人口床位数、全科医生数分别达到6.2张、3.1人，比2015年分别提高1.1张、0.9人。"
    terms = ["每千", "常住", "人口", "常住人口", "全科", "医生", "全科医生", "数比", "提高"]
    assert pick(sentence, "每千常住人口全科医生数比2015年提高了多少?", terms) == "0.9人"
    assert pick(sentence, "每千常住人口全科医生数是多少?", terms[:-2]) == "3.1人"


SIGNING = "全县常住人口家庭医生签约率达到41.5%，重点人群签约率达到78.3%。"
SIGNING_TERMS = ["家庭", "医生", "家庭医生", "签约", "签约率"]


@pytest.mark.parametrize("question,subject,answer", [
    ("重点人群家庭医生签约率是多少?", ["重点", "人群", "重点人群"], "78.3%"),
    ("常住人口家庭医生签约率是多少?", ["常住", "人口", "常住人口"], "41.5%"),
    ("What family-doctor contract rate is targeted for key population groups?", ["重点人群"], "78.3%"),
])
def test_population_groups_contrast_like_other_subjects(question, subject, answer):
    assert pick(SIGNING, question, subject + SIGNING_TERMS) == answer


def test_a_parallel_clause_leaves_the_shared_words_to_the_clause_before():
    sentence = "65岁以上老年人流感疫苗全程接种率达到85%以上，加强免疫接种率达到70%以上。"
    terms = ["岁", "以上", "老年", "老年人", "流感", "疫苗", "加强", "免疫", "接种", "接种率", "目标"]
    assert pick(sentence, "65岁以上老年人流感疫苗加强免疫接种率目标是多少?", terms) == "70%以上"
    assert pick(sentence, "65岁以上老年人流感疫苗全程接种率目标是多少?", [*terms[:6], "全程", "接种", "接种率"]) == "85%以上"


@pytest.mark.parametrize("question,answer", [
    ("设置中医馆的乡镇卫生院比例要达到多少?", "85%以上"),
    ("能提供中医药服务的村卫生室比例是多少?", "70%以上"),
])
def test_a_share_of_what_is_written_after_it_takes_that_subject(question, answer):
    sentence = "全县95%以上的社区卫生服务中心、85%以上的乡镇卫生院设置中医馆，70%以上的村卫生室能够提供中医药服务。"
    terms = ["设置", "中医", "中医馆", "乡镇", "卫生院", "乡镇卫生院", "村卫生室", "中医药", "服务", "比例"]
    assert pick(sentence, question, terms).endswith(answer) and "、" not in pick(sentence, question, terms)


def test_a_short_parenthesis_does_not_hide_a_subject():
    assert subjects_in("县(市)域内就诊率达到90%左右") == ("县级",)
    assert subjects_in("村里的卫生室有多大比例能看中医") == ("村级",)  # as a citizen says 村卫生室


def test_a_rate_or_ratio_written_without_a_unit_can_answer():
    sentence = "出生人口性别比降至112以下，人口自然增长率控制在6‰以内。"
    assert pick(sentence, "出生人口性别比要降到多少?", ["出生", "人口", "性别", "性别比"]) == "112以下"
    assert [q.text for q in answer_quantities("孕产妇死亡率为0，婴儿死亡率为2.1‰。")] == ["0", "2.1‰"]
    assert [q.text for q in answer_quantities("落实第3条规定。")] == []  # a bare number elsewhere is none


@pytest.mark.parametrize("question", ["辛县2024年卫生健康工作会议是哪天开的?", "辛县卫生健康工作会议是几月几日召开的?",
                                      "On what date was the county's health work conference held?"])
def test_a_which_day_question_is_answered_by_the_day_written(question):
    sentence = "3月6日上午，辛县召开2024年卫生健康工作会议，总结2023年工作。"
    assert pick(sentence, question, ["卫生健康", "工作会议", "召开"]) == "3月6日"


@pytest.mark.parametrize("question,answer", [
    ("全县独生子女死亡家庭的扶助金标准是多少?", "420元"),
    ("全县独生子女伤残家庭的扶助金标准是多少?", "310元"),
])
def test_words_before_the_first_fenbie_item_are_shared_by_every_item(question, answer):
    sentence = "全县独生子女伤残家庭、死亡家庭扶助金标准分别为每人每月310元、420元。"
    terms = ["全县", "独生", "子女", "独生子女", question[6:8], "家庭", "扶助", "扶助金", "标准"]
    assert pick(sentence, question, terms).endswith(answer) and "、" not in pick(sentence, question, terms)


@pytest.mark.parametrize("sentence,question,terms,answer", [
    ("江山、常山、开化三县县域内就诊率分别达到88%、86%和82%以上。", "常山县的县域内就诊率目标是多少?",
     ["常山", "县域", "就诊", "县域内就诊", "率", "目标"], "86%"),
    ("高血压、糖尿病患者规范管理率分别达到62%和58%以上。", "高血压患者规范管理率要达到多少?",
     ["血压", "高血压", "患者", "规范", "管理", "达到"], "62%"),
])
def test_what_the_last_fenbie_item_writes_beyond_a_bare_name_is_every_items(sentence, question, terms, answer):
    """博罗、惠东、龙门三县县域内就诊率: the words after 龙门 name every item's measure, not the last item's."""
    assert pick(sentence, question, terms) == answer


def test_a_qizhong_part_that_writes_a_word_of_the_question_beyond_the_whole_answers_it():
    sentence = "全年全县卫生健康财政预算安排12.4亿元，其中县本级5.1亿元、乡镇7.3亿元。"
    assert pick(sentence, "全县卫生健康财政预算中县本级安排了多少?", ["卫生健康", "财政", "预算", "本级", "安排"]) == "5.1亿元"
    assert pick(sentence, "全县卫生健康财政预算安排了多少?", ["卫生健康", "财政", "预算", "安排"]) == "12.4亿元"


def test_a_qizhong_part_belongs_to_the_whole_in_its_own_unit():
    """其中2019年投入3.1亿元 is part of the 12.6亿元 invested since 2016, not of the 820张 between them."""
    sentence = "“十三五”以来，全县累计投入卫生基础设施建设资金12.6亿元，新增床位820张，其中2019年投入3.1亿元、新增床位210张。"
    terms = ["卫生", "基础设施", "建设", "投入", "资金"]
    assert pick(sentence, "2019年全县卫生基础设施建设投入了多少资金?", terms) == "3.1亿元"


@pytest.mark.parametrize("question,answer", [
    ("二级公立医院住院次均费用增幅要控制在多少?", "7%以内"), ("二级公立医院门诊次均费用增幅要控制在多少?", "6%"),
])
def test_an_institution_before_the_first_fenbie_item_is_every_items(question, answer):
    """二级公立医院门诊和住院次均费用增幅: 二级公立医院 and 次均费用增幅 are both items'; 门诊 and 住院 name them."""
    sentence = "二级公立医院门诊和住院次均费用增幅分别控制在6%和7%以内。"
    terms = ["二级", "公立医院", "门诊" if "门诊" in question else "住院", "次均", "费用", "增幅", "控制"]
    assert pick(sentence, question, terms) == answer


@pytest.mark.parametrize("question,answer", [
    ("第三方检测机构的日核酸检测能力要达到多少?", "1万份"), ("疾控中心的日核酸检测能力要达到多少?", "1.5万份"),
])
def test_parts_listed_after_qizhong_are_named_by_their_own_words(question, answer):
    sentence = "全县日核酸检测能力由1.2万份提高到3万份以上，其中疾控中心达到1.5万份、第三方检测机构达到1万份。"
    terms = ["第三方", "检测", "机构", "疾控", "中心", "核酸", "能力", "达到"]
    assert pick(sentence, question, [t for t in terms if t in question]) == answer


def test_a_number_about_some_of_the_units_is_not_the_level_of_all():
    """部分乡镇卫生院…不足30% states a problem of a few: the question about all of them is answered
    by the level of all, and the few's number alone is shown as a doubtful answer."""
    terms = ["乡镇卫生院", "床位", "使用率", "平均"]
    question = "全县乡镇卫生院平均床位使用率是多少?"
    both = "部分乡镇卫生院床位使用率不足30%，全县乡镇卫生院平均床位使用率为46%。"
    assert pick(both, question, terms) == "46%"
    alone = pick_quantity("部分乡镇卫生院床位使用率不足30%。", 0, terms, question)
    assert alone is not None and "subject" in alone.conflicts
    asked = pick_quantity("部分乡镇卫生院床位使用率不足30%。", 0, terms, "部分乡镇卫生院床位使用率是多少?")
    assert asked is not None and not asked.conflicts


def test_professionals_are_counted_by_head_not_in_person_times():
    """招聘大学生村医20名, 培训乡村医生300人次: how many doctors is never 300人次; how many people may be."""
    assert unit_mismatch("How many college-graduate village doctors will the county recruit?", "300人次")
    assert not unit_mismatch("How many college-graduate village doctors will the county recruit?", "20名")
    assert not unit_mismatch("How many people will be screened for cancer?", "1.2万人次")
    sentence = "为每个行政村至少配备1名合格村医,招聘大学生村医20名,培训乡村医生300人次。"
    assert pick(sentence, "How many college-graduate village doctors will the county recruit?",
                ["college", "graduate", "village", "doctors", "recruit", "医师", "医生", "村医", "乡村医生", "农村", "村级",
                 "招聘", "引进", "招录", "大学生", "毕业生"]) == "20名"  # the question's terms with their glossary words


@pytest.mark.parametrize("question,answer", [
    ("全县独生子女伤残家庭扶助金每人每月提高到多少?", "520元"), ("全县独生子女死亡家庭扶助金每人每月提高到多少?", "680元"),
])
def test_items_listed_with_a_pause_mark_share_the_head_the_first_writes(question, answer):
    """独生子女 is written once, before the first item, yet is both items': 伤残 alone names 520元."""
    sentence = "扶助金标准提高，独生子女死亡家庭每人每月提高到680元、伤残家庭每人每月提高到520元。"
    terms = ["独生", "子女", "独生子女", question[6:8], "家庭", "扶助", "扶助金", "每人", "每月", "提高"]
    assert pick(sentence, question, terms) == answer


def test_a_year_that_ends_its_clause_is_about_the_clause_after_it():
    """以到2035年…为坐标,分两步走:到2025年,全面建成县域医共体: the year asked about is 2025, not the 2035 before."""
    sentence = "以到2035年建成健康县为时间坐标,分两步走:到2025年,全面建成紧密型县域医共体,健全分级诊疗制度。"
    assert pick(sentence, "第一步全面建成县域医共体的目标年份是哪一年?", ["全面", "建成", "县域", "医共体", "目标", "年份"]) == "2025年"


@pytest.mark.parametrize("question,money", [
    ("县级重点建设项目2023年计划完成投资多少?", True), ("全县安排了多少公共卫生经费?", True),
    ("补助标准是多少?", True), ("村医每月补助多少钱?", True),
    ("卫生健康财政投入增长了多少?", False), ("住院费用报销比例是多少?", False), ("新增多少张床位?", False),
    ("How much did the city expect to save on drug costs?", True), ("How much did drug prices fall?", False),
    ("签约服务费标准是多少?", True), ("一般诊疗费是多少?", True), ("免费为多少名妇女开展筛查?", False),
])
def test_a_question_about_a_sum_of_money_is_never_answered_by_a_count(question, money):
    assert asks_money(question) is money
    sentence = "全县实施重点建设项目18个，2023年计划完成投资12.5亿元，其中县级项目6个、计划完成投资5.4亿元。"
    if question.startswith("县级"):
        assert pick(sentence, question, ["重点", "建设", "项目", "县级", "计划", "完成", "投资"]) == "5.4亿元"


@pytest.mark.parametrize("question,terms,focus", [
    ("剖宫产率要控制在多少以内?", ["剖宫产", "控制"], {"剖宫产"}),
    ("床位使用率保持在多少?", ["床位", "使用率", "保持"], {"床位", "使用率"}),
    ("剖宫产率控制在多少以内?", ["剖宫产", "率控制"], {"剖宫产"}),  # jieba's 率控制: a character glued to a verb
])
def test_the_stem_of_a_level_verb_does_not_name_what_is_asked(question, terms, focus):
    """控制在7‰以内 writes 控制 whatever it measures: only the indicator's words may check a number."""
    assert focus_terms(question, terms) == focus


def test_a_total_is_not_the_indicator_asked_about():
    """医养结合机构总数要达到多少家: 达到86家 writes no 总数, yet it is the total asked for."""
    assert "总数" not in focus_terms("医养结合机构总数要达到多少家?", ["医养", "结合", "机构", "总数", "达到"])
    assert "病床" in focus_terms("病床总数要达到多少张?", ["病床", "总数", "达到"])


BEDS_AND_WAITS = "全县二级医院平均住院日控制在9天以内,床位使用率达到85%,急诊等候时间缩短至20分钟以内,新增病床120张。"


@pytest.mark.parametrize("question,terms,answer", [
    ("二级医院平均住院日要控制在多少天?", ["二级", "医院", "平均", "住院日", "控制"], "9天以内"),
    ("How many hospital beds will be added?", ["医院", "床位", "病床"], "120张"),
    ("急诊等候时间缩短到多少分钟?", ["急诊", "等候", "时间", "缩短"], "20分钟以内"),
])
def test_a_count_or_a_span_of_time_is_never_answered_by_a_percentage(question, terms, answer):
    assert pick(BEDS_AND_WAITS, question, terms) == answer


def test_a_span_asked_in_days_is_not_answered_in_minutes_or_by_a_count():
    assert pick_quantity("急诊等候时间缩短至20分钟以内。", 0, ["平均", "住院日"], "平均住院日要控制在多少天?") is None
    assert pick_quantity("全县新建胸痛中心4个。", 0, ["平均", "住院日"], "平均住院日要控制在多少天?") is None
    assert unit_mismatch("平均住院日是多少天?", "20分钟") and not unit_mismatch("平均住院日是多少天?", "9天")


@pytest.mark.parametrize("question", ["这几年一共建成了几所新院区?", "近几年新增了多少张床位?", "过去几年累计培训了几十名医生中的多少人?"])
def test_a_few_years_is_no_question_about_a_span_of_time(question):
    """这几年/近几年/过去几年 say "in recent years"; the 几 that asks is the other one."""
    assert asked_unit(question) != "年"


PROVINCE_AND_COUNTIES = "省属公立医院药占比控制在25%以内,市县公立医院控制在28%以内。"


@pytest.mark.parametrize("question,answer", [
    ("市县公立医院药占比要控制在多少?", "28%以内"),
    ("省属公立医院药占比要控制在多少?", "25%以内"),
])
def test_a_province_run_and_a_city_and_county_subject_contrast(question, answer):
    terms = [question[:2], "公立", "医院", "公立医院", "药占比", "控制"]
    assert pick(PROVINCE_AND_COUNTIES, question, terms) == answer


def test_a_question_about_a_part_is_answered_by_the_part_not_the_whole():
    sentence = "全年实施卫生重点项目15个，完成投资9亿元，其中新开工项目4个、续建项目11个。"
    terms = ["实施", "卫生", "重点", "项目", "重点项目", "开工", "新开工"]
    assert pick(sentence, "全市实施的卫生重点项目中，新开工项目有几个?", terms) == "4个"
    assert pick(sentence, "全市实施了多少个卫生重点项目?", terms[:5]) == "15个"


RATES_LISTED = "新生儿死亡率、儿童死亡率、孕妇死亡率分别控制在1.5‰、3‰和9/10万以下；"


@pytest.mark.parametrize("question,asked,answer", [
    ("甲市儿童死亡率要控制在多少以下?", "儿童", "3‰"),
    ("甲市孕妇死亡率要控制在多少以下?", "孕妇", "9/10万以下"),
])
def test_the_verb_before_a_fenbie_list_is_every_items(question, asked, answer):
    # 控制在 is written before the first item only; it must not win the first item the tie
    assert pick(RATES_LISTED, question, [asked, "死亡", "死亡率", "控制"]) == answer


AREAS = "去年，主城区新生儿死亡率为1.2‰，而5县2区为2.6‰。"


def test_a_clause_naming_a_part_of_the_area_inherits_the_indicator_before_it():
    assert pick(AREAS, "去年5县2区的新生儿死亡率是多少?", ["县", "区", "新生儿", "死亡", "死亡率"]) == "2.6‰"
    assert pick(AREAS, "去年主城区的新生儿死亡率是多少?", ["主城区", "新生儿", "死亡", "死亡率"]) == "1.2‰"


PROJECT = "市儿童医院新院区项目总投资8.6亿元，年内完成投资2.1亿元，主体结构封顶。"


def test_a_this_year_question_is_answered_by_the_years_figure_not_the_projects_total():
    terms = ["儿童医院", "新院区", "项目", "当年", "完成", "投资"]
    assert pick(PROJECT, "甲市儿童医院新院区项目2025年当年完成投资多少?", terms) == "2.1亿元"


def test_the_year_the_question_names_writes_its_this_year_word():
    sentence = "全年实施重点项目15个，总投资40亿元，其中2025年计划完成投资9亿元。"
    found = pick_quantity(sentence, 0, ["重点项目", "当年", "计划", "完成", "投资"], "甲市2025年重点项目当年计划完成投资多少?")
    assert found is not None and found.text == "9亿元"
    assert found.focus == 1  # 当年 is written as 2025年: what is asked about is there, no refusal


def test_a_projects_total_for_a_question_about_one_years_investment_is_in_doubt():
    sentence = "区医院门诊楼项目总投资5.2亿元,其中省级补助1亿元,设置床位300张,2025年计划完成投资2亿元。"
    found = pick_quantity(sentence, 0, ["区医院", "门诊楼", "项目", "计划", "完成", "投资"], "区医院门诊楼项目2025年计划完成投资多少?")
    assert found is not None and (found.text == "2亿元" or "time" in found.conflicts)
    assert asked_role("门诊楼项目总投资是多少?").time == "total"


def test_a_projects_name_before_its_total_does_not_win_the_total_a_question_about_one_year():
    """The name opens the sentence in the total's clause; the year's clause only inherits it."""
    sentence = "市第二人民医院东院区扩建项目总投资9.4亿元，设置床位600张，2025年计划完成投资2.6亿元。"
    terms = ["第二", "人民医院", "东院区", "扩建", "项目", "计划", "完成", "投资"]
    assert pick(sentence, "市第二人民医院东院区扩建项目2025年计划完成投资多少?", terms) == "2.6亿元"
    assert pick(sentence, "市第二人民医院东院区扩建项目总投资多少?", terms) == "9.4亿元"
    english = "What is the total investment of the expansion of the Second People's Hospital in the 2025 plan?"
    assert asked_role(english).time == "total"


def test_a_years_figure_after_another_clause_still_beats_the_projects_total_and_is_no_near_tie_with_it():
    sentence = "市第二人民医院东院区扩建项目总投资9.4亿元，规划床位600张，年内完成投资2.6亿元。"
    terms = ["第二", "人民医院", "东院区", "扩建", "项目", "计划", "完成", "投资"]
    found = pick_quantity(sentence, 0, terms, "市第二人民医院东院区扩建项目2025年计划完成投资多少?")
    assert found is not None and found.text == "2.6亿元" and not found.rival


@pytest.mark.parametrize("question,asked,answer", [
    ("乙市农村糖尿病患者规范管理率要达到多少?", "糖尿病", "55%"),
    ("乙市农村高血压患者规范管理率要达到多少?", "高血压", "60%"),
])
def test_a_subject_before_the_first_fenbie_item_is_every_items(question, asked, answer):
    sentence = "农村高血压、糖尿病患者规范管理率分别达到60%和55%。"
    assert pick(sentence, question, ["农村", asked, "患者", "规范", "管理", "达到"]) == answer


@pytest.mark.parametrize("question,terms,answer", [
    ("甲市县级医院床位使用率要达到多少?", ["县级", "医院", "县级医院", "床位", "使用率", "达到"], "85%"),
    ("甲市社区医院床位使用率要达到多少?", ["社区", "医院", "社区医院", "床位", "使用率", "达到"], "75%"),
])
def test_a_level_naming_the_first_fenbie_institution_is_that_items_own(question, terms, answer):
    assert pick("县级医院、社区医院床位使用率分别达到85%和75%。", question, terms) == answer


def test_a_clause_naming_a_county_and_a_baseline_inherits_the_indicator_before_it():
    sentence = "安溪县、德化县县域内就诊率达到90%以上，南靖县由76%提高到85%以上。"
    terms = ["南靖", "南靖县", "县域", "就诊", "就诊率", "达到"]
    assert pick(sentence, "2025年南靖县的县域内就诊率要达到多少?", terms) == "85%以上"


@pytest.mark.parametrize("question,level,answer", [
    ("乙市二级公立医院基本药物使用金额占比不低于多少?", "二级", "35%"),
    ("乙市三级公立医院基本药物使用金额占比不低于多少?", "三级", "25%"),
])
def test_what_the_last_fenbie_item_writes_beyond_a_bare_middle_item_is_every_items(question, level, answer):
    sentence = "落实基本药物制度，推动基层医疗卫生机构、二级和三级公立医院基本药物配备使用金额占比分别不低于60%、35%和25%。"
    terms = [level, "公立", "医院", "公立医院", "基本", "药物", "基本药物", "配备", "使用", "金额", "占", "比", "低于"]
    assert pick(sentence, question, terms) == answer


def test_what_a_part_takes_of_a_whole_is_asked_as_a_share():
    """收入占医疗收入多少 asks for a percentage even without 比例: 18元 (a sum) cannot answer it."""
    question = "公立医院医务性收入占医疗收入多少?"
    assert asked_unit(question) == "%"
    assert unit_mismatch(question, "18元以下") and not unit_mismatch(question, "42%以上")
    assert asked_unit("新院区占地多少亩?") != "%" and asked_unit("新院区占地面积多少?") != "%"  # 占地 is land


def test_every_part_after_qizhong_inherits_the_indicator_of_the_whole():
    """其中城区患者65%，乡镇患者58%: 乡镇患者 is the second part of the whole, not a new indicator."""
    sentence = "全县高血压患者规范管理率达到62%，其中城区患者65%，乡镇患者58%。"
    terms = ["乡镇", "患者", "高血压", "规范", "管理率"]
    assert pick(sentence, "乡镇高血压患者规范管理率是多少?", terms) == "58%"


def test_every_number_of_a_listed_baseline_is_a_baseline():
    """分别由1.2人、0.8人增加到2.0人、1.1人: 0.8人 is the second item's baseline, not its target."""
    sentence = "每万人口全科医生数、公卫医师数分别由1.2人、0.8人增加到2.0人、1.1人。"
    assert pick(sentence, "每万人口公卫医师数要增加到多少?", ["每万", "人口", "公卫", "医师", "医师数"]) == "1.1人"


def test_every_number_of_a_baseline_listed_with_and_is_a_baseline():
    """分别由2015年的10.35/10万和4.12‰下降到2020年的5.86/10万和2.38‰: 4.12‰ is the second item's
    baseline, so the first item's level is the first number after 下降到."""
    sentence = "孕产妇死亡率、婴儿死亡率分别由2015年的10.35/10万和4.12‰下降到2020年的5.86/10万和2.38‰。"
    assert pick(sentence, "2020年孕产妇死亡率是多少?", ["孕产妇", "死亡", "死亡率"]) == "5.86/10万"
    assert pick(sentence, "2020年婴儿死亡率是多少?", ["婴儿", "死亡", "死亡率"]) == "2.38‰"


def test_a_baseline_written_per_day_is_a_baseline():
    """由每日0.9万份提升到每日2.6万份: 每日 opens the baseline; the level is the number after 提升到."""
    sentence = "丁市加强实验室建设，核酸检测能力由每日0.9万份提升到每日2.6万份。"
    assert pick(sentence, "丁市核酸检测能力要提升到每日多少份?", ["核酸", "检测", "能力"]) == "2.6万份"
    assert pick(sentence, "What daily nucleic acid testing capacity is the target?", ["核酸", "检测"]) == "2.6万份"


def test_the_first_of_three_listed_baselines_is_a_baseline_too():
    """分别由2015年的18.5/10万、5.9‰、7.6‰下降到…: the verb comes after three items, yet the first of them
    is a baseline as much as the last, so each item maps onto its own level after 下降到."""
    sentence = "甲市孕产妇死亡率、婴儿死亡率、5岁以下儿童死亡率分别由2015年的18.5/10万、5.9‰、7.6‰下降到2020年的12.1/10万、4.2‰和5.3‰。"
    terms = ["婴儿", "死亡", "死亡率"]
    assert pick(sentence, "2020年婴儿死亡率是多少?", terms) == "4.2‰"
    assert pick(sentence, "2020年孕产妇死亡率是多少?", ["孕产妇", "死亡", "死亡率"]) == "12.1/10万"


def test_a_population_written_before_its_number_is_the_subject_it_is_for():
    """健康管理率达到老年人68%、0至36个月儿童72%: the population groups split the one indicator, so a
    question about children (in Chinese or English) takes the children's figure, not the first one."""
    sentence = "乙市推进中医药服务，中医药健康管理率达到老年人68%、0至36个月儿童72%。"
    terms = ["儿童", "中医药", "健康", "管理率"]
    assert pick(sentence, "乙市0至36个月儿童中医药健康管理率目标是多少?", terms) == "72%"
    assert pick(sentence, "What TCM health management rate is set for children aged 0 to 36 months?",
                ["儿童", "中医药", "健康管理率", "管理率"]) == "72%"
    assert pick(sentence, "乙市老年人中医药健康管理率目标是多少?", ["老年人", "中医药", "健康", "管理率"]) == "68%"


def test_a_county_town_is_a_subject_like_the_city_area_before_it():
    """市区…控制在12分钟以内，县城控制在18分钟以内: a question about the county town (县城) takes the second."""
    sentence = "丙市院前急救平均反应时间市区控制在12分钟以内，县城控制在18分钟以内。"
    assert pick(sentence, "丙市在县城打120，急救车多长时间内要赶到?", ["县城", "急救", "反应", "时间"]) == "18分钟以内"


def test_projects_listed_with_bracketed_figures_are_the_items_of_the_respectively_after_them():
    """A项目（总投资…，床位…）、B项目（…）、C项目（…）建设，年内分别完成投资X、Y和Z: the items are the three
    projects, not what each bracketed number is written after."""
    sentence = ("推进甲医院新院区项目（总投资5.2亿元，床位600张）、乙中心医院门诊楼项目（总投资1.8亿元）、"
                "丙妇幼保健院项目（总投资2.4亿元，床位300张）建设，年内分别完成投资1.6亿元、0.7亿元和0.9亿元。")
    terms = ["妇幼保健院", "项目", "年内", "完成", "投资"]
    assert pick(sentence, "丙妇幼保健院项目年内要完成投资多少?", terms) == "0.9亿元"
    assert pick(sentence, "乙中心医院门诊楼项目年内要完成投资多少?", ["中心医院", "门诊楼", "项目", "年内", "完成", "投资"]) == "0.7亿元"


def test_a_listed_item_longer_than_the_first_is_cut_at_a_word_boundary():
    """高血压、2型糖尿病患者规范管理率分别达到…: the second item is 2型糖尿病 (the words it shares with the
    first item, 患者规范管理率, come after it), not 2型糖 cut at the first item's length; so a question
    about type 2 diabetes takes its own figure, not the whole list."""
    sentence = "戊市推进慢病管理，高血压、2型糖尿病患者规范管理率分别达到72%和66%。"
    question = "What is the target for the standardized management rate of type 2 diabetes patients?"
    assert pick(sentence, question, list(glossary_terms(question))) == "66%"  # the Chinese words it reaches


def test_a_change_in_points_per_thousand_answers_how_much_a_rate_fell():
    """比上年分别下降3.1个十万分点和0.8个千分点: a change of a ‰ rate, as 个百分点 is of a % rate."""
    sentence = "全市孕产妇死亡率、婴儿死亡率分别为15.2/10万和4.6‰，比上年分别下降3.1个十万分点和0.8个千分点。"
    found = pick(sentence, "婴儿死亡率比上年下降了多少?", ["婴儿", "死亡", "死亡率", "下降"])
    assert found.endswith("0.8个千分点")


def test_a_level_dated_by_its_year_still_follows_its_verb():
    """提高到2020年的80.21岁: the year between the verb and the number says when, so 80.21岁 is the
    level reached (not an age without a comparator)."""
    sentence = "全市户籍人口人均预期寿命由2015年的78.62岁提高到2020年的80.21岁。"
    assert pick(sentence, "2020年人均预期寿命是多少?", ["人均", "预期", "寿命", "人均预期寿命"]) == "80.21岁"


def test_a_year_compared_with_does_not_push_the_indicator_out_of_the_questions_focus():
    terms = ["人均", "预期", "寿命", "人均预期寿命", "较", "提高"]
    assert {"预期", "寿命"} <= focus_terms("甲市2018年人均预期寿命较2013年提高了多少?", terms)


def test_a_deadline_year_in_the_question_picks_the_number_dated_by_it():
    """要点提出，到2022年…: the plan is 2021's, the question asks for the 2022 figure."""
    question = "乙市2021年卫生健康工作要点提出，到2022年二级以上综合医院设立老年医学科的比例要达到多少?"
    assert asked_role(question).year == 2022
    sentence = "二级以上综合医院设立老年医学科的比例达到50%以上，到2022年达到60%以上。"
    terms = ["二级", "综合医院", "老年医学科", "老年", "医学科", "比例"]
    assert pick(sentence, question, terms) == "60%以上"


def test_a_date_before_the_plan_year_marks_a_result_and_the_plan_year_end_a_target():
    from answer.quantity import quantity_kind

    sentence = "截至2019年底，全区每千常住人口床位数达到4.1张。"
    assert quantity_kind(sentence, sentence.index("4.1"), 2020, "") == "result"
    assert quantity_kind(sentence.replace("2019", "2020"), sentence.index("4.1"), 2020, "") == "target"


def test_a_year_reached_before_the_plan_year_dates_a_result_and_a_later_one_a_deadline():
    """提高到2020年的77.48岁 in a 2021 plan reports 2020; 到2020年…达到78岁 in a 2018 plan is a target."""
    from answer.quantity import quantity_kind

    reached = "全市人均预期寿命由2015年的75.86岁提高到2020年的77.48岁。"
    assert quantity_kind(reached, reached.index("77.48"), 2021, "") == "result"
    deadline = "到2020年，全市人均预期寿命达到78岁。"
    assert quantity_kind(deadline, deadline.index("78"), 2018, "") == "target"


def test_an_english_question_for_a_number_of_things_is_not_answered_by_a_share():
    question = "What total number of hospital beds did the city aim to reach by the end of the year?"
    assert unit_mismatch(question, "28%以上") and not unit_mismatch(question, "2.9万张")


def test_an_english_compound_counts_its_last_noun():
    """How many hospital beds counts beds (张), not hospitals (家); township hospitals count hospitals."""
    from answer.quantity import english_counted_units

    assert "张" in english_counted_units("How many hospital beds will the city add?")
    assert "家" in english_counted_units("How many township hospitals will meet the standard?")


def test_bizhong_names_no_indicator_so_a_clause_writing_it_is_not_preferred():
    """药钱占的比重降到多少: 比重 is the form (a share), like 比例; 药占比 is what is asked."""
    assert "比重" not in focus_terms("公立医院收入里药钱占的比重降到了多少?", ["公立医院", "收入", "药", "比重"])


def test_a_question_about_several_years_is_told_apart_from_over_and_in_total():
    from text.quantity_roles import asks_over_years, writes_period

    assert asks_over_years("过去五年财政一共投入了多少?") and asks_over_years("近三年累计新增多少张床位?")
    assert not asks_over_years("转过去的人数每年要涨多少?") and not asks_over_years("How many groups were set up in total?")
    assert writes_period("五年來，全縣累計投入衛生健康資金12.6億元") and not writes_period("市级财政安排专项资金4.6亿元")


def test_a_literacy_level_is_asked_as_a_share():
    """健康素养水平 is a percentage of residents: 不少于1000场次 of a 健康素养 campaign cannot answer it."""
    sentence = "开展健康素养促进行动，组织健康讲座不少于800场次，全县居民健康素养水平提高到24%以上。"
    terms = ["居民", "健康", "素养", "水平", "目标"]
    assert asked_unit("乙县居民健康素养水平的目标是多少？") == "%"
    assert asked_unit("What health literacy level does the county aim for?") == "%"
    assert pick(sentence, "乙县居民健康素养水平的目标是多少？", terms) == "24%以上"


def test_an_english_question_naming_its_measure_four_words_on_asks_for_a_number():
    from answer.quantity import asks_for_quantity
    assert asks_for_quantity("What was the health literacy level of residents in the county in 2019?")
    assert asks_for_quantity("What is the county's infant mortality rate target?")


def test_a_count_after_a_projects_total_is_no_total_itself():
    """…总投资6.2亿元，规划设置床位500张，其中负压病床60张: 总投资 names 6.2亿元 only."""
    sentence = "市传染病医院项目总投资6.2亿元，规划设置床位500张，其中负压病床60张，2025年计划完成投资2.3亿元。"
    terms = ["传染病", "医院", "项目", "负压", "病床", "床位"]
    assert pick(sentence, "市传染病医院项目2025年规划负压病床多少张?", terms) == "60张"


@pytest.mark.parametrize("question,terms,junk", [
    ("丙市政府给每个老百姓掏的公共卫生服务钱涨到了多少？", ["政府", "老百姓", "公共卫生", "服务", "钱涨"], {"钱涨"}),
    ("丙市准备在卫生和计生上花多少钱？", ["卫生", "计生", "上花"], {"上花"}),
    ("丙市剖宫产率今年要压到多少以下？", ["剖宫产率", "压到", "以下"], {"压到", "以下"}),
])
def test_pieces_jieba_guessed_across_words_and_bounds_name_nothing_asked(question, terms, junk):
    """钱涨, 上花 (two characters no dictionary knows), 压到 (a verb and its complement) and 以下 (a
    bound) are no indicator a number's clause must write: the question is not refused for them."""
    assert not focus_terms(question, terms) & junk
    assert "剖宫产率" in focus_terms("丙市剖宫产率压到多少以下？", ["剖宫产率", "压到", "以下"])


def test_a_city_whose_name_ends_in_cheng_names_no_urban_subject():
    """聊城市 writes 城市 inside a name: a question about 聊城 asks about no urban area, and a number of 农村
    居民 is no contradiction of it; 晋城市城市公立医院 still names the urban hospitals."""
    assert asked_role("聊城市2022年卫生健康重点项目年度计划完成投资多少？").subjects == ()
    assert subjects_in("盐城市农村居民家庭医生签约率") == ("农村",)
    assert subjects_in("晋城市城市公立医院药占比") == ("城市",)


@pytest.mark.parametrize("question,answer", [("计划生育家庭扶助金标准是每人每月多少？", "450元"),
                                             ("计划生育家庭扶助金标准是每人每年多少？", "960元")])
def test_an_amount_per_month_is_not_answered_by_an_amount_per_year(question, answer):
    """每人每月多少 asks for a monthly amount: the yearly 960元 matches more of its words but is no answer."""
    sentence = "计划生育家庭奖励扶助金标准为每人每年960元，特别扶助金每人每月450元。"
    terms = ["计划生育", "家庭", "扶助", "扶助金", "标准", "每人", "每月" if "每月" in question else "每年"]
    assert pick(sentence, question, terms) == answer


def test_no_number_answers_a_monthly_amount_when_the_sentence_writes_only_a_yearly_one():
    found = pick_quantity("签约服务费按照每人每年不低于60元的标准筹集。", 0, ["标准", "每人", "每月"],
                          "特别扶助金标准是每人每月多少？")
    assert found is None


COUNTY_HOSPITALS = "全市20家县级医院中达到服务能力基本标准的由15家增加到18家，达到推荐标准的由4家增加到9家。"


def test_the_basic_standard_is_no_confident_answer_for_the_recommended_one():
    found = pick_quantity(COUNTY_HOSPITALS, 0, ["达到", "服务", "能力", "推荐", "标准", "县级", "医院", "增加"],
                          "达到服务能力推荐标准的县级医院要增加到多少家？")
    assert found is not None and (found.text == "9家" or "subject" in found.conflicts)

