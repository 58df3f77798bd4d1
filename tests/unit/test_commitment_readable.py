"""Labels a reader can publish (commitments.readable, commitments.labels): each rule on a small
document written here, not the seed text."""
from __future__ import annotations

from commitments.extract import extract_text
from commitments.labels import label_problem

PLAN = "二、重点任务"


def labels(text: str, heading: str = PLAN, year: int = 2023) -> dict[str, tuple[str, str]]:
    return {c.number_text: (c.indicator, c.unit) for c in extract_text(text, year=year, heading=heading)}


# -- the rule check is as strict as a reader ------------------------------------------------------
def test_check_rejects_clauses_generic_pairs_cuts_and_dropped_places():
    assert label_problem("区全部通过慢性病示范区评审") == "clause"
    assert label_problem("覆盖全县公立卫生院", "%") in ("clause", "no_measure")
    assert label_problem("支持县医院积极参与创建三级医院") == "clause"
    assert label_problem("通过慢性病示范区评审的区") is None  # the thing counted is named
    assert label_problem("卫生院设置中医馆的比例", "%") is None
    assert label_problem("项目标准", "元/人") == "generic"  # "standard of what?"
    assert label_problem("学科进入排名前10", "个", "甲市8个学科进入排名前100名") in ("cut", "fragment")
    assert label_problem("综合能力建设推荐标", "%", "70%的县医院达到综合能力建设推荐标准") == "cut"
    assert label_problem("社区卫生服务站", "家", "丙县建成2家社区卫生服务站") == "place_dropped"
    assert label_problem("社区卫生服务站(丙县)", "家", "丙县建成2家社区卫生服务站") is None
    assert label_problem("健康村镇", "个", "全市建成健康村镇10个") is None  # 全市 is the plan's own scope


# -- shares and counts name what they count --------------------------------------------------------
def test_a_share_followed_by_a_predicate_is_the_share_of_those_that_do_it():
    got = labels("力争60%卫生院、社区卫生服务中心设置中医馆。")
    assert got["60%"] == ("卫生院、社区卫生服务中心设置中医馆的比例", "%")


def test_a_share_standing_first_borrows_the_subject_of_the_clause_before():
    got = labels("全县二级以上医院全部开展预约诊疗,100%接入县级远程会诊平台。")
    assert got["100%"][0] == "二级以上医院接入县级远程会诊平台的比例"


def test_a_count_followed_by_a_condition_names_the_things_counted():
    got = labels("全县8个乡镇全部通过卫生乡镇复审。")
    assert got["8"][0] == "通过卫生乡镇复审的乡镇"


def test_the_next_clause_of_a_list_borrows_what_was_counted():
    got = labels("全县12个卫生院全部达到基本标准,其中4家达到推荐标准。")
    assert got["4"][0] == "达到推荐标准的卫生院"


def test_a_shared_tail_of_a_list_goes_to_every_facility_item():
    got = labels("实施9个卫生院、40个村卫生室提质改造项目。")
    assert got["9"][0] == "卫生院提质改造项目" and got["40"][0] == "村卫生室提质改造项目"


def test_a_label_is_never_cut_inside_a_number():
    got = labels("全市有12个学科进入了全省专科排名前100名。", heading="一、过去一年工作回顾", year=2023)
    assert got["12"][0].endswith("前100名的学科")


def test_the_clause_before_names_what_a_bare_verb_creates():
    got = labels("支持县医院积极参与创建三级医院,力争全市创建2家以上。")
    assert got["2"][0] == "三级医院"


# -- increments, changes and places ----------------------------------------------------------------
def test_an_increment_or_a_change_keeps_its_verb_but_a_total_does_not():
    got = labels("新增病床400张,床位总数增加至5200张。")
    assert got["400"][0] == "新增病床" and got["5200"][0] == "床位总数"
    review = labels("人均预期寿命提高了1.2岁,达到79.5岁。", heading="一、过去一年工作回顾")
    assert review["1.2"][0] == "人均预期寿命提高" and review["79.5"][0] == "人均预期寿命"


def test_each_county_keeps_its_name_in_a_list_of_county_targets():
    got = labels("丁县新建3家、戊县新建1家标准化村卫生室。")
    assert got["3"][0].endswith("(丁县)") and got["1"][0].endswith("(戊县)")


def test_leading_year_and_enumeration_words_are_not_part_of_the_label():
    got = labels("一是2022年全县孕产妇死亡率降至12/10万;二是县域内就诊率稳定在90%以上。", heading="一、工作回顾")
    assert got["12"] == ("孕产妇死亡率", "/10万") and got["90%"][0] == "县域内就诊率"


def test_urban_and_rural_targets_written_as_城乡_are_two_records():
    got = labels("城乡居民糖尿病患者规范管理率分别达到60%和50%。")
    assert got["60%"][0] == "城市居民糖尿病患者规范管理率" and got["50%"][0] == "农村居民糖尿病患者规范管理率"


# -- units and baselines ---------------------------------------------------------------------------
def test_per_person_amounts_and_resident_population_rates_keep_their_denominator():
    got = labels("人均公共卫生服务经费补助标准提高到89元,每千常住人口床位数达到6.1张。")
    assert got["89"][1] == "元/人" and got["6.1"][1] == "张/千人口"


def test_a_baseline_after_a_year_is_not_a_commitment():
    got = labels("三级医院由2018年的20家增加到31家。", heading="一、工作回顾")
    assert "20" not in got and got["31"][0] == "三级医院"


# -- traditional Chinese ---------------------------------------------------------------------------
def test_a_traditional_chinese_page_reads_like_a_simplified_one_and_quotes_the_original():
    found = extract_text("年底前新增床位200張;力爭全縣家庭醫生簽約率達到45%;開展義診活動不少於30場。",
                         year=2024, heading=PLAN)
    got = {c.number_text: c for c in found}
    assert set(got) == {"200", "45%", "30"}
    assert (got["200"].indicator, got["200"].unit) == ("新增床位", "张")
    assert got["45%"].indicator == "家庭医生签约率" and got["45%"].comparator.startswith("力争")
    assert "簽約率" in got["45%"].text  # the citation quotes the page as written


def test_an_increment_of_facilities_that_do_something_says_what_they_do():
    got = labels("新增3家乡镇卫生院创建二级综合医院。")
    assert got["3"][0] == "新增创建二级综合医院的乡镇卫生院"  # not 新增乡镇卫生院: no new building is promised


def test_均_keeps_the_whole_list_and_每个行政村_stays_a_per_place_target():
    got = labels("高血压、糖尿病患者规范管理率均达到60%以上。为每个行政村至少配备1名合格村医。")
    assert got["60%"][0] == "高血压、糖尿病患者规范管理率"
    assert got["1"][0] == "合格村医(每个行政村)"
