"""Commitment records journalists can publish: labels of each bad class repaired, denominators kept,
分别 splits as separate records, per-place qualifiers — on sentences written here."""
from __future__ import annotations

from commitments.extract import extract_text
from commitments.labels import usable
from text.rate_units import per_unit

PLAN = "二、2030年重点任务"


def records(text: str):
    return extract_text(text, year=2030, heading=PLAN)


def by_number(text: str) -> dict[str, tuple[str, str]]:
    return {c.number_text: (c.indicator, c.unit) for c in records(text)}


def test_urban_and_rural_targets_are_separate_records():
    got = by_number("到年底,城镇和农村老年人体检覆盖率要分别达到55%、75%以上。")
    assert got["55%"][0] == "城镇老年人体检覆盖率"
    assert got["75%"][0] == "农村老年人体检覆盖率"


def test_respectively_list_gives_each_item_its_value():
    got = by_number("甲级诊所、乙级诊所分别增加至12家和7家。")
    assert got["12"][0] == "甲级诊所" and got["7"][0] == "乙级诊所"


def test_group_after_a_split_borrows_the_shared_measure():
    got = by_number("城市和农村儿童疫苗接种率分别达到96%、92%,流动儿童达到90%以上。")
    assert got["90%"][0] == "流动儿童疫苗接种率"


def test_per_thousand_rates_keep_their_denominator():
    got = by_number("力争每千人口托位数达4.2个,每10万人口全科医生不低于3名,千人护士数从1.1人提高到1.6人。")
    assert got["4.2"][1] == "个/千人口"
    assert got["3"][1] == "名/10万人口"
    assert got["1.6"][1] == "人/千人口"
    assert by_number("人均补助标准提高到人均95元。")["95"][1] == "元/人"


def test_totals_keep_their_plain_unit():
    assert by_number("全年新增托位800个。")["800"] == ("新增托位", "个")
    assert per_unit("%", "每千人口床位数") == "%"


def test_bare_verb_takes_the_subject():
    assert by_number("实现公共卫生数据80%汇聚、70%共享。")["70%"][0] == "公共卫生数据共享"


def test_verb_of_a_trend_takes_its_subject():
    label = by_number("新生儿破伤风发病率连续5年下降。")["5"][0]
    assert label == "新生儿破伤风发病率连续下降"


def test_generic_noun_takes_its_verb():
    assert by_number("每年扶持30个左右的项目。")["30"][0] == "扶持项目"


def test_generic_standard_takes_the_neighbouring_measure():
    label = by_number("按照每服务人口每年8元的标准,给予120家村卫生室运行补助。")["8"][0]
    assert label == "村卫生室运行补助标准"
    assert by_number("按照每服务人口每年8元的标准,给予120家村卫生室运行补助。")["8"][1] == "元/服务人口/年"


def test_time_keeps_its_verb():
    assert by_number("下沉服务时间累计不少于半年以上,驻点时间不少于3个月。")["3"][0] == "驻点时间"
    assert usable(by_number("下乡帮扶时间累计不少于两年。").get("两", ("帮扶时间",))[0])


def test_level_becomes_a_qualifier():
    label = by_number("乡镇卫生院电子病历应用,二级以上实现全覆盖,一级覆盖60%。")["60%"][0]
    assert usable(label) and "(一级)" in label and label != "一级"


def test_place_becomes_a_qualifier_of_what_is_counted():
    got = by_number("甲县新建3家、乙县新建2家达到标准的社区医院。")
    assert got["3"][0] == "达到标准的社区医院(甲县)"
    assert "达到标准的社区医院" in got["2"][0] and got["2"][0].endswith("(乙县)")  # each county keeps its name


def test_duration_is_not_the_label():
    label = by_number("力争每县完成30-60人为期2个月的培训。")["30-60"][0]
    assert label.startswith("培训人数") and "每县" in label


def test_each_of_a_list_keeps_the_list():
    assert by_number("建成市级烧伤、中毒救治中心各2个。")["2"][0] == "市级烧伤、中毒救治中心(各)"


def test_share_of_a_facility_borrows_the_measure_before():
    got = by_number("三级医院日间手术占比要达到25%,二级综合医院要达到15%。")
    assert got["15%"][0] == "二级综合医院日间手术占比"


def test_every_label_of_these_sentences_is_usable():
    text = ("到年底,城镇和农村老年人体检覆盖率要分别达到55%、75%以上。实现公共卫生数据80%汇聚、70%共享。"
            "每年扶持30个左右的项目。甲县新建3家、乙县新建2家达到标准的社区医院。建成市级烧伤、中毒救治中心各2个。")
    found = records(text)
    assert found and all(usable(c.indicator, c.unit) for c in found), [c.indicator for c in found]


def test_list_item_without_its_thing_takes_the_one_named_last():
    got = by_number("甲院引进不少于12项、乙院引进不少于6项适宜新技术。")
    assert got["12"][0] == "甲院引进适宜新技术"
    assert got["6"][0] == "适宜新技术"
