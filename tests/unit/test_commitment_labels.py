"""The label-usability rules (commitments.labels) on labels written here, one per rubric class."""
from __future__ import annotations

import pytest

from commitments.labels import label_problem, usable


@pytest.mark.parametrize("label", ["家庭医生签约率", "新增医疗床位", "乡镇卫生院数量", "县域内就诊率", "每千人口医疗机构床位数",
                                   "甲乙类传染病发病率", "3岁以下婴幼儿托位数", "改扩建村卫生室数量", "国家卫生镇",
                                   "二年级小学生", "帮扶时间", "资助项目", "省级健康城市"])
def test_good_labels_are_usable(label):
    assert label_problem(label) is None


@pytest.mark.parametrize("label, problem", [
    ("一级", "level"), ("三级", "level"), ("标准", "level"), ("优质", "level"),
    ("如皋市", "place"), ("各区", "place"), ("海门市、启东市", "place"),
    ("为期1个月", "duration"), ("年内", "duration"), ("时间", "duration"), ("3个月", "duration"),
    ("下降", "verb"), ("提高", "verb"), ("新增", "verb"), ("共享", "verb"), ("同比增长", "verb"),
    ("项目", "generic"), ("工作", "generic"), ("数量", "generic"), ("比例", "generic"), ("率", "generic"),
    ("覆盖率", "generic"), ("以上", "comparator"), ("左右", "comparator"),
    ("16819", "slogan"), ("保五争三", "slogan"), ("36家和", "fragment"), ("卒中救治中心各", "fragment"),
    ("", "empty"), (None, "empty"),
])
def test_bad_labels_name_their_problem(label, problem):
    assert label_problem(label) == problem
    assert not usable(label)


def test_a_share_needs_a_measure_and_splits_are_separate():
    assert label_problem("城市二级综合医院", "%") == "no_measure"
    assert label_problem("城市二级综合医院基本药物使用比例", "%") is None
    assert label_problem("城市二级综合医院", "家") is None  # a count of hospitals is fine
    assert label_problem("城市和农村居民家庭签约服务覆盖率", "%") == "merged"
    assert label_problem("农村居民家庭签约服务覆盖率", "%") is None
