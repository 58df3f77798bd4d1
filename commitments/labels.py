"""Is an indicator label usable for a journalist? A rule-based reading of eval/gold/wild/label_rubric.md.

A usable label is a noun phrase that says what a number measures (家庭医生签约率, 新增医疗床位). The
rubric's bad types are recognised here so that extraction can avoid them and evaluation can count
them: a bare level or adjective (一级, 标准), a place (如皋市), a duration or time word (为期1个月,
时间), a verb or change word alone (下降, 共享), a generic word alone (项目, 比例, 覆盖率), a comparator
(以上), a slogan or code (16819), or a fragment cut from a list (36家和, 卒中救治中心各). Two rubric
cases need the unit or the split: a percentage labelled by a bare facility (城市二级综合医院 45% —
"45% of what?") and urban and rural targets merged into one label (城市和农村…覆盖率)."""
from __future__ import annotations

import re
from typing import Literal

from text.quantity_rules import ACTION_WORDS, LEVEL_WORDS

Problem = Literal["empty", "level", "place", "duration", "verb", "generic", "comparator", "slogan", "fragment",
                  "no_measure", "merged"]
PROBLEM_LABELS: dict[str, str] = {
    "empty": "无指标 no label", "level": "等级/形容词 level or adjective", "place": "地名 place name",
    "duration": "时长/时间 duration or time", "verb": "动词 verb alone", "generic": "泛称 generic word",
    "comparator": "比较词 comparator", "slogan": "口号/代号 slogan or code", "fragment": "残片 fragment",
    "no_measure": "缺度量 rate of what?", "merged": "城乡合并 merged split",
}

_LEVEL = re.compile(r"^(?:[一二三四五六七八九十\d]+[级类档等期]|[一二三][级等][甲乙丙]等?|[二三][甲乙]|[甲乙丙]级|"
                    r"省级|市级|县级|国家级|区级|优质|先进|标准|规范|高水平|示范|重点|特色|优秀)$")
_GENERIC = frozenset({
    "项目", "工作", "数量", "比例", "比率", "率", "覆盖率", "总数", "人数", "总量", "规模", "水平", "占比", "服务", "建设",
    "任务", "试点", "增幅", "降幅", "指标", "目标", "数", "量", "个数", "家数", "次数", "金额", "资金", "经费", "人员",
    "机构", "单位", "全部", "其中", "合计", "总计", "以上", "标准", "质量",
})
_CHANGE = frozenset({"共享", "普及", "接入", "覆盖", "下降", "上升", "提高", "提升", "降低", "减少", "增加", "增长", "新增",
                     "完成", "实现", "达到", "达标", "开展", "建成", "培训", "培养", "到位", "运行", "使用"})
_VERBS = frozenset(LEVEL_WORDS) | frozenset(ACTION_WORDS) | _CHANGE
_COMPARATORS = frozenset({"以上", "以下", "左右", "余", "约", "近", "不低于", "不少于", "不超过", "至少"})
_DURATION = re.compile(r"^(?:为期|历时|连续)|^[\d一二三四五六七八九十两半]+个?(?:月|年(?!级)|天|周|日|小时|分钟)|"
                       r"^(?:年内|年底|年末|全年|今年|明年|上半年|下半年|时间|期限|时限|周期|年度)$")
_PLACE = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}(?:省|市|县|区|镇|乡|街道|自治州|自治县|旗))"
                    r"(?:[、和及与][\u4e00-\u9fff]{1,6}(?:省|市|县|区|镇|乡|街道))*$")
_PLACE_WORDS = frozenset({"各区", "各地", "全市", "全省", "全县", "全区", "各县", "各市", "每地", "辖区", "全国", "各省"})
_NOT_A_PLACE = re.compile(r"卫生|健康|示范|级|国家|文明|先进|特色|重点|试点|中心|园区|城区|病区|社区|医|新区|保护区")
_SLOGAN = re.compile(r"^[“\"「]?[\d\W]*[”\"」]?$|^保[一二三四五六七八九十]争")
# A share needs a measure (率, 比例) or a predicate (设置中医阁); a bare facility or group says "of what?".
_FACILITY_END = re.compile(r"(?:医院|中心|机构|人群|卫生院|卫生室|学校|企业|单位|站|所|院|科室|专科|患者|人口|居民|老年人|儿童)$")
_MERGED = re.compile(r"(?:城市|城镇)(?:和|与|及|、)农村")
_FRAGMENT = re.compile(r"^[和及与、的之并]|[和及与、各并或等的之]$|\d[^\d]{0,2}[和及与]$")


def label_problem(label: str | None, unit: str = "") -> Problem | None:
    """The rubric's reason a label is not usable, or None when it is usable (`unit` of its number)."""
    text = (label or "").strip().strip("，,。;；:：")
    if not text:
        return "empty"
    if _SLOGAN.search(text):
        return "slogan"
    if text in _COMPARATORS:
        return "comparator"
    if _LEVEL.match(text):
        return "level"
    if text in _GENERIC or len(text) == 1:
        return "generic"
    if text in _VERBS or re.fullmatch(r"同比(?:增加|增长|下降|降低|减少|提高)", text):
        return "verb"
    if _DURATION.search(text):
        return "duration"
    if text in _PLACE_WORDS or _PLACE.match(text) and not _NOT_A_PLACE.search(text):
        return "place"
    if _FRAGMENT.search(text):
        return "fragment"
    if _MERGED.search(text):
        return "merged"
    if unit in ("%", "‰") and _FACILITY_END.search(text) and not re.search(r"率|比例|比重|占比", text):
        return "no_measure"
    return None


def usable(label: str | None, unit: str = "") -> bool:
    return label_problem(label, unit) is None


__all__ = ["PROBLEM_LABELS", "Problem", "label_problem", "usable"]
