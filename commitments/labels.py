"""Is an indicator label usable for a journalist? A rule-based reading of eval/gold/wild/label_rubric.md.

A usable label is a noun phrase that says what a number measures (家庭医生签约率, 新增医疗床位). The
rubric's bad types are recognised here so that extraction can avoid them and evaluation can count
them: a bare level or adjective (一级, 标准), a place (如皋市), a duration or time word (为期1个月,
时间), a verb or change word alone (下降, 共享), a generic word alone (项目, 比例, 覆盖率), a comparator
(以上), a slogan or code (16819), or a fragment cut from a list (36家和, 卒中救治中心各). Two rubric
cases need the unit or the split: a percentage labelled by a bare facility (城市二级综合医院 45% —
"45% of what?") and urban and rural targets merged into one label (城市和农村…覆盖率).

A reader also rejects what a rule sees only as a string of characters: a clause instead of a noun
(区全部通过…评审, 覆盖全市公立社康机构, 社区卫生服务中心设置中医阁 — the thing counted is hidden behind the
verb; 通过…评审的区 and 设置中医阁的社区卫生服务站比例 name it), a label made only of generic words (项目标准:
"standard of what?"), and — given the clause the number sits in — a label cut inside a word or a number
(…推荐标, …排名前10 from 前100名) and a label that drops the place the clause begins with (如东县新建1家…)."""
from __future__ import annotations

import re
from typing import Literal

from text.quantity_rules import ACTION_WORDS, LEVEL_WORDS

Problem = Literal["empty", "level", "place", "duration", "verb", "generic", "comparator", "slogan", "fragment",
                  "no_measure", "merged", "clause", "cut", "place_dropped"]
PROBLEM_LABELS: dict[str, str] = {
    "empty": "无指标 no label", "level": "等级/形容词 level or adjective", "place": "地名 place name",
    "duration": "时长/时间 duration or time", "verb": "动词 verb alone", "generic": "泛称 generic word",
    "comparator": "比较词 comparator", "slogan": "口号/代号 slogan or code", "fragment": "残片 fragment",
    "no_measure": "缺度量 rate of what?", "merged": "城乡合并 merged split",
    "clause": "动词短语 a clause, not a noun", "cut": "截断 cut inside a word", "place_dropped": "缺地名 place dropped",
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
_FRAGMENT = re.compile(r"^[和及与、的之并]|[和及与、各并或等的之]$|\d[^\d]{0,2}[和及与]$|\d$")
# Verbs that state a condition of the thing counted (通过评审, 设置中医阁) rather than create it (新增床位):
# a label holding one with no 的 after it is a clause, unless it ends in a measure (…建成率) or the verb
# ends it (信息资源接入, used as a noun).
STATE_VERBS = re.compile(r"通过|达到|进入|入选|实现|接入|覆盖|设置|建立|开展|提供|参与|支持|推动|投入使用|纳入|能够|能为|具备|"
                          r"完成了|获得|取得")
_MEASURE_END = re.compile(r"(?:率|比例|比重|占比|数|量|人次|人数|次数|水平|面积|金额|时间|降幅|增幅|覆盖面)$")
_GENERIC_PARTS = re.compile(r"项目|标准|工作|补助|经费|资金|建设|服务|任务|指标|目标|数量|比例|水平|规模|总数|总量|人数|金额|质量|"
                            r"内容|费用|类别|种类|范围|要求")
_QUALIFIERS = re.compile(r"\([^()]*(?:\([^()]*\)[^()]*)*\)|（[^（）]*）")
_ONE_PLACE = r"[^\W\d全我本各每该辖力争取确保年内到的、和及与]{1,5}?(?:市|县|区|旗)"
_LEAD_PLACES = re.compile(rf"^{_ONE_PLACE}(?:[、和及与]{_ONE_PLACE})*(?=力争|新建|新增|建成|建设|创建|完成|通过|实现|每|各)")


def _is_clause(text: str) -> bool:
    """A state verb inside the label (not at its start-and-end, not nominal) with no 的 after it."""
    bare = _QUALIFIERS.sub("", text)
    if _MEASURE_END.search(bare):
        return False
    for m in STATE_VERBS.finditer(bare):
        rest = bare[m.end():]
        if rest and "的" not in rest:
            return True
    return False


def _cut_inside(label: str, context: str) -> bool:
    """The label, found verbatim in its clause, starts or ends inside one of the clause's words."""
    bare = _QUALIFIERS.sub("", label).strip()
    at = context.find(bare) if len(bare) >= 2 else -1
    if at < 0:
        return False
    edges, pos = set(), 0
    for word in _tokens(context):
        pos += len(word)
        edges.add(pos)
    return at + len(bare) not in edges  # a start inside a word is often a unit's tail (30个子项目)


def _tokens(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(60)
    return jieba.lcut(text, HMM=False)


def leading_places(clause: str) -> str:
    """The places a clause begins with before its verb (海门市、启东市、港闸区力争… → 海门市、启东市、港闸区), or ''."""
    m = _LEAD_PLACES.match(clause)
    return m.group(0) if m and not _NOT_A_PLACE.search(m.group(0)) else ""


def _dropped_place(label: str, context: str) -> bool:
    """The clause begins with its places (如东县新建1家…) and the label names none of them, nor each (每/各)."""
    places = [p for segment in re.split(r"[、；;]", context) for p in re.split(r"[、和及与]", leading_places(segment)) if p]
    if not places or "每" in label or "各" in label:
        return False
    return not any(p in label for p in places)


def label_problem(label: str | None, unit: str = "", context: str = "") -> Problem | None:
    """The rubric's reason a label is not usable, or None when it is usable (`unit` of its number;
    `context`, the clause it was read from, lets the cut and dropped-place checks run)."""
    problem = _label_problem(label, unit)
    if problem is None and context:
        if _cut_inside(label or "", context):
            return "cut"
        if _dropped_place(label or "", context):
            return "place_dropped"
    return problem


def _label_problem(label: str | None, unit: str = "") -> Problem | None:
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
    if not _GENERIC_PARTS.sub("", _QUALIFIERS.sub("", text)).strip("的和及与、"):
        return "generic"  # 项目标准, 补助标准: generic words only — "of what?"
    if _is_clause(text):
        return "clause"
    return None


def usable(label: str | None, unit: str = "", context: str = "") -> bool:
    return label_problem(label, unit, context) is None


__all__ = ["PROBLEM_LABELS", "Problem", "label_problem", "STATE_VERBS", "leading_places", "usable"]
