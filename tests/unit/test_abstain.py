"""Abstain from evidence, not from a cosine: a question whose words no retrieved passage writes gets
未找到明确答案 naming the term; a paraphrase through the lexicon is still answered. Tiny documents of
their own (hashing embedder), so the rules are general."""
from __future__ import annotations

import pytest

from answer import answer_question
from index import open_index
from retrieval.confidence import absent_message
from text.coverage import coverage, glossary_terms

MANIFEST = "file,title,city,year,doc_type\nhz.txt,湖州市2022年卫生健康工作要点,湖州,2022,工作要点\n"
HUZHOU = """湖州市2022年卫生健康工作要点
一、做实基层服务
1.推进家庭医生签约服务。力争全市家庭医生签约率达到52%以上,重点人群签约率达到85%以上。
2.加强心理健康服务。开展心理健康宣讲100场,建设心理咨询热线1条。
二、强化公共卫生
3.提高疫苗接种水平。国家免疫规划疫苗接种率保持在95%以上。
"""


@pytest.fixture(scope="module")
def huzhou(indexed_corpus):
    config = indexed_corpus("abstain", {"hz.txt": HUZHOU, "manifest.csv": MANIFEST})
    return open_index(config.index_dir)


def ask(index, question: str):
    return answer_question(index, question, index.search(question, k=5))


@pytest.mark.parametrize("question, term", [
    ("湖州2022年新增多少辆救护车?", "救护车"),
    ("湖州2022年GDP增长多少?", "gdp"),
    ("如何办理护照?", "护照"),
    ("明天天气怎么样", "天气"),
])
def test_a_term_no_passage_writes_means_no_answer_and_is_named(huzhou, question, term):
    found = ask(huzhou, question)
    assert not found.found
    assert term in found.missing
    assert found.message.startswith("未找到明确答案: 文件中没有提到") and f"“{term}”" in found.message
    assert found.to_json()["missing"] == list(found.missing)


@pytest.mark.parametrize("question", ["'; DROP TABLE chunks; --", "1' OR '1'='1", "What is the capital of France?"])
def test_sql_like_strings_and_off_topic_english_get_no_answer(huzhou, question):
    assert not ask(huzhou, question).found


def test_the_gdp_question_does_not_borrow_a_count_from_the_right_city(huzhou):
    found = ask(huzhou, "湖州2022年GDP增长多少?")
    assert "100场" not in found.text and not found.found


def test_a_paraphrase_through_the_lexicon_is_answered(huzhou):
    found = ask(huzhou, "湖州2022年社区医生签约率要达到多少?")  # the plan writes 家庭医生, never 社区医生
    assert found.found and "52%" in found.text
    assert found.to_json()["confidence"] in ("high", "low")


def test_a_question_whose_words_are_written_is_answered(huzhou):
    assert ask(huzhou, "湖州2022年开展多少场心理健康宣讲?").text == "100场"


def test_coverage_names_only_content_words():
    got = coverage("深圳2019年救护车配置目标是多少?", ["救护车", "配置", "目标", "多少"], ["配置急救设备,目标明确。"])
    assert got.missing == ("救护车",) and not got.covered
    ok = coverage("社区医生签约率是多少?", ["社区医生", "签约率", "多少"], ["家庭医生签约率达到50%。"])
    assert ok.covered and not ok.missing


def test_a_function_word_the_passages_do_not_write_does_not_refuse_the_question():
    # 偷偷/尽快 (adverbs), 除了 (a preposition), 还要 (a conjunction), 自己 (a pronoun) say how or
    # which, not what: the topic (转诊, 病人) is written; a missing noun still refuses
    got = coverage("医院能不能尽快偷偷给病人转诊?", ["医院", "尽快", "偷偷", "病人", "转诊"], ["医院为病人办理转诊。"])
    assert got.covered and not got.missing
    got = coverage("除了转诊,医院还要自己给病人做什么?", ["除了", "转诊", "医院", "还要", "自己", "病人"], ["医院为病人办理转诊。"])
    assert got.covered and not got.missing
    got = coverage("医院能不能尽快给病人做透析?", ["医院", "尽快", "病人", "透析"], ["医院为病人办理转诊。"])
    assert got.missing == ("透析",)


def test_a_compound_whose_parts_are_written_is_covered():
    got = coverage("县级综合医院比例?", ["县级", "综合", "医院", "综合医院", "县级综合医院"], ["县级医院和综合医院"])
    assert got.covered


def test_an_acronym_the_glossary_reads_is_covered_by_its_chinese():
    # TCM is the glossary's 中医药: written as such, it is covered; GDP, which no entry reads, is not
    got = coverage("What does the plan say about TCM?", ["中医药", "中医", "中药"], ["推广中医药适宜技术。"])
    assert got.covered and not got.missing
    gdp = coverage("How much will GDP grow?", [], ["推广中医药适宜技术。"])
    assert "gdp" in gdp.missing


def test_absent_message_names_every_term():
    assert absent_message(("救护车", "护照")).startswith("未找到明确答案: 文件中没有提到“救护车”、“护照”")


def test_an_english_question_needs_one_chinese_term_per_glossary_phrase_not_all():
    # "hospital beds" → 床位|床位数|病床: one written term covers the phrase; 病床 need not be written too
    got = coverage("How many beds will be added?", ["床位", "床位数", "病床"], ["新增床位1000张。"])
    assert got.covered and not got.missing
    none = coverage("How many beds will be added?", ["床位", "床位数", "病床"], ["新增护理院8家。"])
    assert not none.covered and none.missing == ("beds",)


def test_a_colloquial_word_close_to_a_passage_word_is_not_refused():
    from retrieval.paraphrase import WORD_SIMILARITY

    assert 0.90 < WORD_SIMILARITY <= 0.915  # dev: 蛀牙/口腔疾病 0.915 answerable, 人均期望寿命/死亡率 0.901 not


def test_an_english_frame_word_in_the_glossary_is_not_a_required_topic(monkeypatch):
    import text.coverage as cov

    entries = ((("target", "targets"), ("目标任务",)), (("beds", "bed"), ("床位",)))
    monkeypatch.setattr(cov, "glossary", lambda path=None: entries)
    got = coverage("What is the target for beds?", ["床位"], ["床位达到5张。"])
    assert got.covered and "target" not in got.missing
    absent = coverage("What is the target for beds?", ["床位"], ["护理院8家。"])
    assert absent.missing == ("beds",)


def test_a_question_naming_only_a_city_and_its_plan_is_answered(huzhou):
    found = ask(huzhou, "湖州2022年如何推进工作?")
    assert found.found


def test_an_english_phrase_inside_a_longer_glossary_phrase_is_not_a_topic_of_its_own(monkeypatch):
    import text.coverage as cov

    entries = ((("traditional chinese medicine", "tcm"), ("中医药",)), (("medicine", "medicines"), ("药品",)))
    monkeypatch.setattr(cov, "glossary", lambda path=None: entries)
    question = "How many traditional Chinese medicine clinics will be set up?"
    got = coverage(question, ["中医药"], ["建设中医药诊所20家。"])
    assert got.covered and not got.missing  # 药品 need not be written: "medicine" is part of the longer phrase
    assert coverage(question, ["中医药"], ["护理院8家。"]).missing == ("traditional chinese medicine",)
    alone = coverage("How much medicine for traditional Chinese medicine clinics?", ["中医药"], ["建设中医药诊所20家。"])
    assert alone.missing == ("medicine",)  # written on its own as well: still a topic


def test_the_glossary_reads_studios_of_renowned_tcm_doctors_as_two_topics():
    from text.coverage import english_phrases

    phrases = {p for p, _ in english_phrases("How many new studios for renowned traditional Chinese medicine doctors?")}
    assert phrases == {"studios", "renowned traditional chinese medicine doctors"}
    got = coverage("How many new studios for renowned traditional Chinese medicine doctors?", [],
                   ["新增市级中医药健康文化宣教基地3-5家。"])
    assert "studios" in got.missing  # a sentence about 宣教基地 does not answer a question about 工作室


def test_an_english_question_the_glossary_knows_only_the_place_of_is_not_covered(monkeypatch):
    import text.coverage as cov

    entries = ((("huzhou",), ("湖州", "湖州市")), (("beds", "bed"), ("床位",)))
    monkeypatch.setattr(cov, "glossary", lambda path=None: entries)
    plan = ["湖州市2022年卫生健康工作要点。新增床位1000张。"]
    assert coverage("Will it rain in Huzhou on Saturday?", [], plan).english_unknown  # rain, saturday: unknown
    assert not coverage("What is Huzhou's plan?", [], plan).english_unknown  # nothing but the place and a frame
    assert coverage("How many beds will Huzhou add?", [], plan).covered


def test_words_for_the_form_of_the_answer_do_not_refuse_the_question():
    # 起始年份, 时间跨度, 最低要求, 共有 say what form the number takes (a year, a bound, a total),
    # not what it is about: the plan's name is written, so the question is covered
    passage = ["贯彻落实《丁市护理规划(2021-2025年)》,三级医院科研课题不少于3项。"]
    for question, tokens in (("丁市护理规划的起始年份是哪一年?", ["护理", "规划", "起始", "年份"]),
                             ("丁市护理规划的时间跨度到哪一年为止?", ["护理", "规划", "时间跨度", "为止"]),
                             ("三级医院科研课题数量有什么最低要求?", ["三级医院", "科研", "课题", "最低", "要求"]),
                             ("三级医院科研课题共有多少项?", ["三级医院", "科研", "课题", "共有"]),
                             ("丁市护理规划是哪个年份区间的?", ["护理", "规划", "年份", "区间"]),
                             ("面向三级医院的科研课题有多少项?", ["面向", "三级医院", "科研", "课题"])):
        got = coverage(question, tokens, passage)
        assert got.covered and not got.missing, question
    assert coverage("丁市透析规划的起始年份是哪一年?", ["透析", "规划", "起始", "年份"], passage).missing == ("透析",)


def test_an_english_frame_phrase_the_passages_do_not_write_does_not_refuse(monkeypatch):
    import text.coverage as cov

    entries = ((("national", "national level"), ("全国", "国家级")), (("nursing plan",), ("护理规划",)))
    monkeypatch.setattr(cov, "glossary", lambda path=None: entries)
    got = coverage("Until which year does the national nursing plan run?", [], ["贯彻国家护理规划(2021-2025年)。"])
    assert got.covered and "national" not in got.missing
    absent = coverage("Until which year does the national nursing plan run?", [], ["贯彻国家卫生规划。"])
    assert absent.missing == ("nursing plan",)


@pytest.mark.parametrize("question,tokens,passage", [
    ("能不能在网上查化验单?", ["网上", "化验单"], "开通网上检验报告查询。"),
    ("大夫吃饭难怎么解决?", ["大夫", "吃饭"], "改善医生用餐、值班条件。"),
    ("出院后的复健交给谁?", ["出院", "复健"], "需要康复的签约对象出院后转入社康中心。"),
    ("住院自己掏腰包的部分占多少?", ["住院", "掏腰包"], "住院个人自付比例控制在10%以内。"),
    ("先看病后交钱惠及多少人?", ["看病", "交钱"], "推行先看病后付费，惠及10万人次。"),
])
def test_an_everyday_word_is_covered_by_the_official_term_of_its_lexicon_group(question, tokens, passage):
    got = coverage(question, tokens, [passage])
    assert got.covered and not got.missing


def test_an_a_not_a_question_and_a_negated_modal_do_not_refuse_the_question():
    # jieba cuts 会不会 into 会 + 不会 and 要不要 into 要 + 不要: they ask whether, like 不用 (need not)
    passage = ["设立口腔疾病防治中心,让群众看病少跑路。"]
    got = coverage("丁市会不会设立口腔疾病防治中心?", ["会", "不会", "设立", "口腔疾病", "防治", "中心"], passage)
    assert got.covered and not got.missing
    got = coverage("丁市要不要设立口腔疾病防治中心?", ["要", "不要", "设立", "口腔疾病", "防治", "中心"], passage)
    assert got.covered and not got.missing
    got = coverage("丁市看病不用跑路吗?", ["看病", "不用", "跑路"], passage)
    assert got.covered and not got.missing
    absent = coverage("丁市会不会设立透析中心?", ["会", "不会", "设立", "透析", "中心"], passage)
    assert absent.missing == ("透析",)


def test_one_unwritten_modifier_of_a_written_topic_does_not_refuse_but_an_unwritten_noun_does():
    # 隔壁 (a place word), 之外 (a localizer), 糊涂 (an adjective) describe; the topic words are written
    passage = ["丁市与乙市医院合作打造医联体,在基本医保外设立补充保险,开展老年痴呆防治行动。"]
    got = coverage("丁市跟隔壁乙市的医院怎么合作打造医联体?", ["隔壁", "乙市", "医院", "合作", "打造", "医联体"], passage)
    assert got.covered
    got = coverage("丁市在基本医保之外设立什么补充保险?", ["基本", "医保", "之外", "设立", "补充", "保险"], passage)
    assert got.covered
    # too few topic words written to tell a modifier from the topic, or the unwritten word is a noun
    assert not coverage("丁市糊涂老人怎么办?", ["糊涂", "老人"], passage).covered
    assert coverage("丁市跟乙市的医院怎么合作搞透析?", ["乙市", "医院", "合作", "透析"], passage).missing == ("透析",)


def test_a_lexicon_term_is_never_a_mere_modifier():
    from text.coverage import modifies

    assert modifies("糊涂") and modifies("隔壁") and modifies("之外")
    assert not modifies("罕见病") and not modifies("医院")


def test_a_glossary_phrase_is_read_next_to_a_comma_but_not_across_one(monkeypatch):
    import text.coverage as cov
    from text.coverage import english_phrases

    entries = ((("hiv",), ("艾滋病",)), (("syphilis",), ("梅毒",)), (("public health emergency",), ("突发公共卫生事件",)),
               (("public health",), ("公共卫生",)))
    monkeypatch.setattr(cov, "glossary", lambda path=None: entries)
    found = [p for p, _ in english_phrases("Is Dingshi ending transmission of HIV, syphilis and 1,000 other cases?")]
    assert "hiv" in found and "syphilis" in found
    across = [p for p, _ in english_phrases("Will Dingshi build a public health, emergency and disease control system?")]
    assert "public health" in across and "public health emergency" not in across


def test_the_name_of_the_document_is_not_a_topic_in_either_language():
    from text.coverage import FRAME_WORDS

    assert {"工作要点", "工作计划", "工作会议"} <= FRAME_WORDS


def test_english_places_per_ten_thousand_and_covid_are_read_as_the_plans_write_them():
    gp = "每万常住人口全科医生数达到3名。"
    assert coverage("How many general practitioners per 10,000 residents does the district target?",
                    [], [gp]).covered  # per 10,000 is 每万 (not 10万); "district" frames the place
    assert not coverage("How many GPs per 100,000 residents?", [], [gp]).covered
    vaccinated = "60岁及以上老年人新冠病毒疫苗全程接种率达到90%。"
    assert coverage("What COVID-19 vaccination rate among people aged 60 and over is targeted?", [],
                    [vaccinated]).covered


@pytest.mark.parametrize("question,evidence", [
    ("How many beds will the new campus of the county hospital add?", "加快县人民医院新院区建设,新增床位300张。"),
    ("What blood donation rate per 1,000 people is targeted?", "千人口无偿献血率达到18‰。"),
    ("How many doctorates did the city recruit?", "引进高层次卫生人才216名,其中博士41名。"),
    ("What nucleic acid testing capacity per day is planned?", "单日核酸检测能力提升到8万管以上。"),
])
def test_common_english_wording_of_plans_reaches_the_chinese(question, evidence):
    assert coverage(question, [], [evidence]).covered


def test_the_verb_setting_the_asked_level_is_not_a_topic():
    evidence = ["5岁以下儿童死亡率控制在7‰以下。"]
    assert coverage("5岁以下儿童死亡率要压到多少?", ["岁", "以下", "儿童", "死亡率", "压到"], evidence).covered
    assert not coverage("5岁以下儿童近视率要压到多少?", ["岁", "以下", "儿童", "近视", "近视率", "压到"], evidence).covered


def test_fever_clinics_reach_the_chinese():
    evidence = ["在20个国家级贫困县全面落实“三个一批”行动计划,新建发热门诊10个。"]
    assert coverage("How many new fever clinics will be built in 2022?", [], evidence).covered


def test_words_saying_when_or_which_and_roman_grades_do_not_refuse_the_question():
    got = coverage("放开二孩以后新增多少户人家?", ["放开", "二孩", "以后", "新增", "户", "人家"],
                   ["全面两孩政策放开二孩，新增户籍家庭2000户。"])
    assert got.covered
    grade = coverage("How many new tertiary (Grade III) hospitals?", [], ["新增三级医院8家。"])
    assert grade.covered and "iii" not in grade.missing
    framed = coverage("In Wushi's 2021 health work priorities, how many tertiary hospitals?", [], ["新增三级医院8家。"])
    assert framed.covered, framed.missing
    tasks = coverage("Under its 2021 key tasks, how many tertiary hospitals?", [], ["新增三级医院8家。"])
    assert tasks.covered, tasks.missing  # tasks names the plan, like priorities: no topic to find


@pytest.mark.parametrize("question,tokens", [
    ("义诊活动是哪天开的?", ["义诊", "活动", "天开"]),  # jieba cuts 哪天开 as 哪 + 天开
    ("结婚前去做个体检吗?", ["结婚", "前去", "体检"]),  # … and 婚前去 as 婚 + 前去
    ("纲要是从哪一年开始实施的?", ["纲要", "是从", "实施"]),
])
def test_pieces_of_everyday_phrases_do_not_refuse_the_question(question, tokens):
    got = coverage(question, tokens, ["开展义诊活动，实施纲要，开展婚前体检，结婚登记。"])
    assert got.covered, got.missing


def test_a_doubled_adverb_character_cut_across_words_is_not_a_missing_topic():
    """jieba cuts 占比比2017年 into 占 + 比比: 比比 (everywhere) is not a word the plan must write."""
    got = coverage("诊疗量占比比2017年提高了多少?", ["诊疗量", "占", "比比", "提高"], ["基层诊疗量占比较2017年提高6个百分点。"])
    assert got.covered and "比比" not in got.missing


@pytest.mark.parametrize("question,tokens,text", [
    ("城里人的家庭医生签约率要达到多少?", ["城里人", "家庭医生", "签约率"], "城市居民家庭医生签约率达到40%以上。"),
    ("礼拜天社区医院开门吗?", ["礼拜天", "社区医院", "开门"], "社区医院周末门诊不停诊,开门时间延长。"),
    ("住院自己掏腰包的比例是多少?", ["住院", "掏腰包", "比例"], "贫困患者住院费用个人支付占比控制在10%以内。"),
])
def test_a_citizens_everyday_word_is_covered_by_the_plans_term(question, tokens, text):
    assert coverage(question, tokens, [text]).covered


def test_the_authority_an_english_question_names_is_a_frame_not_a_topic():
    """health authorities / the health commission issue the plan; the evidence need not name them."""
    got = coverage("How often should health authorities supervise each medical institution?",
                   [], ["医疗机构日常监管频次不少于2次/年。"])
    assert "health authorities" not in got.missing


@pytest.mark.parametrize("question,text", [
    ("How many internet hospitals will the city add?", "全市新增互联网医院5家。"),
    ("What per-capita subsidy for basic public health services does the plan set?", "人均基本公共卫生服务经费补助标准提高到89元。"),
    ("How many maternity beds does the city plan to add?", "年内全市新增产科床位200张。"),
])
def test_an_english_question_is_covered_by_the_plans_own_chinese_words(question, text):
    got = coverage(question, glossary_terms(question), [text])
    assert not got.missing and not got.english_unknown



QUZHOU = """衢州市2023年卫生健康工作要点
一、强化基层人才保障
1.落实基层医务人员待遇。在乡镇卫生院工作的医务人员每月发放乡镇工作补贴500元。
2.加强血液净化服务。全市新建血液净化中心3个。
"""


def test_an_unwritten_verb_describing_a_written_topic_does_not_refuse_a_number_question(indexed_corpus):
    """在乡镇卫生院上班的医务人员: 上班 says what the counted people do (the plan writes 工作), while
    透析中心 names a topic (the plan writes 净化中心)."""
    manifest = "file,title,city,year,doc_type\nqz.txt,衢州市2023年卫生健康工作要点,衢州,2023,工作要点\n"
    index = open_index(indexed_corpus("actions", {"qz.txt": QUZHOU, "manifest.csv": manifest}).index_dir)
    found = ask(index, "衢州2023年在乡镇卫生院上班的医务人员每月补贴多少?")
    assert found.found and found.text == "500元"
    refused = ask(index, "衢州2023年要新建多少个血液透析中心?")
    assert not refused.found and "透析" in refused.missing
    assert ask(index, "衢州2023年在乡镇卫生院上班的医务人员有没有补贴?").found  # a yes/no question too


@pytest.mark.parametrize("verb, question, expected", [
    ("上班", "在卫生院上班的医生每月补贴多少?", True),
    ("用来", "有多少用来补助公共卫生服务?", True),
    ("透析", "新建多少个血液透析中心?", False),
    ("接待", "全年接待游客多少万人次?", False),
])
def test_a_verb_followed_by_a_noun_names_the_topic_and_one_followed_by_a_particle_or_verb_describes(verb, question, expected):
    from text.coverage import acts, describes

    assert acts(verb)
    assert describes(verb, question) is expected


def test_a_token_cut_across_a_word_boundary_is_not_a_missing_topic():
    """门急诊人次要比上年: jieba cuts 人 / 次要, but 次 belongs to 人次, which the passage writes; 一共生了
    cuts 共生 against 一共. A token whose characters are its own stays a topic (救护车, 天气)."""
    from text.coverage import cut_across

    passage = ["全县乡镇卫生院门急诊人次比上年增长10%。"]
    question = "乙县乡镇卫生院门急诊人次要比上年增长多少?"
    assert coverage(question, ["乡镇卫生院", "门急诊", "人", "次要", "上年", "增长"], passage).covered
    assert cut_across("共生", "全县一共生了多少个孩子?", "")
    assert not cut_across("天气", "明天天气怎么样", "") and not cut_across("游客", "接待游客多少万人次", "人次")


def test_everyday_words_for_a_written_count_are_covered():
    """名额 and 比率 say what form the number takes (places, a ratio), like 数量 and 比例; 民间资本 is
    社会资本 and 身体检查 is 体检 (lexicon); 从外面请来几位 is how people say 引进 (a modifier and a
    verb before the number asked for)."""
    passage = ["全市新增普惠托位3000个，婴儿死亡率控制在4‰以下，鼓励社会资本举办诊所30家，"
               "为计划怀孕夫妇提供免费孕前健康体检1万对，引进院士团队5个、博士40名。"]
    assert coverage("丁市新增多少个托位名额?", ["新增", "托位", "名额"], passage).covered
    assert coverage("丁市婴儿死亡的比率是多少?", ["婴儿", "死亡", "比率"], passage).covered
    from text.coverage import written

    assert written("民间资本", passage[0]) and written("身体检查", passage[0])
    assert coverage("丁市给多少对夫妇做免费身体检查?", ["夫妇", "免费", "身体检查"], passage).covered
    from text.coverage import only_actions

    assert only_actions(["外面", "请来"], 3, "丁市从外面请来几位博士?")
    assert not only_actions(["外面", "航空"], 3, "丁市从外面请来几位航空博士?")  # a noun names a topic


def test_english_words_for_the_city_proper_and_negative_pressure_reach_the_plans_words():
    assert coverage("What was the infant mortality rate in the central urban districts?", [],
                    ["中心城区婴儿死亡率为3.9‰。"]).covered
    assert not coverage("What was the infant mortality rate in the central urban districts?", [],
                        ["全市婴儿死亡率为3.9‰。"]).covered
    assert coverage("How many negative-pressure ambulances will the city have?", [], ["负压救护车达到58辆。"]).covered


SANMING = """三明市2020年卫生健康工作要点
一、深化公立医院改革
1.健全现代医院管理制度。今年全市所有公立医院要制定章程，健全内部决策和运行管理制度。
2.加强传染病防控。做好重点传染病监测工作。
"""


def test_one_everyday_word_in_a_policy_question_whose_other_words_are_written_gives_a_possible_answer(indexed_corpus):
    """规矩 is how a citizen says 章程; with the question's other words written
    the sentence is shown, low, as a possible answer. A number question gets no such leeway."""
    manifest = "file,title,city,year,doc_type\nsm.txt,三明市2020年卫生健康工作要点,三明,2020,工作要点\n"
    index = open_index(indexed_corpus("described", {"sm.txt": SANMING, "manifest.csv": manifest}).index_dir)
    found = ask(index, "三明2020年是否要求所有公立医院制定规矩、健全内部决策和运行管理制度?")
    assert found.found and "章程" in found.text and found.confidence == "low"
    assert not ask(index, "三明2020年所有公立医院内部决策规矩要制定多少条?").found
