"""Labels a reader can publish: the thing counted named as a noun, not hidden behind a verb.

rules._indicator reads a label from the words around a number; some of those words are a clause
rather than a noun, and a reader then has to ask "of what?". This module rewrites them:
- a share followed by a predicate (60%社区卫生服务中心设置中医护理门诊, 100%接入市级远程医疗平台) is the
  share of the things that do it: 社区卫生服务中心设置中医护理门诊的比例, with the subject borrowed from the
  clause before when the number stands first (全市二级以上公立医院…,100%接入… → 二级以上公立医院接入…的比例);
- a count followed by a predicate (10个区全部通过…评审) names what is counted: 通过…评审的区;
- a list whose last item carries a shared tail (12个乡镇卫生院、86个村卫生室标准化建设项目) gives the tail to
  every facility item (乡镇卫生院标准化建设项目);
- an increment keeps its verb (新增床位 3000张 is not 床位 3000张) and a change keeps it too
  (重大慢性病过早死亡率下降 2%, 人均期望寿命提高 2.69岁), since the number is not the level.
"""
from __future__ import annotations

import re

from commitments.labels import STATE_VERBS, label_problem, leading_places
from commitments.rules import _clean_head, _first_verb, _strip_tail

_MEASURE = re.compile(r"率|比例|比重|占比|水平|降幅|增幅")
_RATE_UNITS = ("%", "‰")
_SHARE_LEAD = re.compile(r"^(?:以上|以下|左右|的)+")
_FACILITY = re.compile(r"(?:医院|中心|机构|卫生院|卫生室|卫生站|服务站|学校|企业|单位|站|所|院|室|馆|科|点)$")
_TAIL = re.compile(r"(?:标准化|规范化|提质|改扩|新改扩|迁|扩|改|新)?(?:建设|建|改造|提升)?(?:项目|工程)$")
INCREMENT_VERBS = ("新增配置", "新改扩建", "新增", "新建", "新创建", "新创", "新引进", "新设")
# Activities whose count is their volume: 培训乡村医生 300人次 (not 乡村医生 300人次).
ACTIVITY_VERBS = ("培训", "招聘", "招收", "筛查", "接种", "救治")
CHANGE_VERBS = ("同比增加", "同比增长", "同比下降", "同比降低", "同比减少", "提高", "提升", "增加", "增长", "下降", "降低",
                "减少", "上升")
_MAX_SHARE = 36
_PLACE_KINDS = ("区", "县", "市", "镇", "乡", "村", "街道", "乡镇", "镇街", "乡镇(街道)")


def _cut(text: str, size: int) -> str:
    """At most `size` characters, cut after a 、 or 的 rather than inside a word (whole when none)."""
    if len(text) <= size:
        return text
    joint = max(text.rfind(mark, 0, size) for mark in "、的和及与")
    return text[:joint] if joint >= size // 2 else text


def subject_before(clause: str) -> str:
    """The subject of a clause: what stands before its first verb, without scope words
    (全市二级以上公立医院全部开展… → 二级以上公立医院)."""
    head = _clean_head(clause)
    verb, start, _ = _first_verb(head)
    if verb and start > 0:
        head = _strip_tail(head[:start])
    return head if 2 <= len(head) <= 20 and label_problem(head) is None else ""


def share_label(after: str, earlier: str) -> str:
    """The share a percentage measures when a predicate follows it, or '' (a measure or bare noun follows).

    60%社区卫生服务中心设置中医护理门诊 → 社区卫生服务中心设置中医护理门诊的比例; 100%接入市级远程医疗平台
    after 全市二级以上公立医院全部开展预约诊疗服务 → 二级以上公立医院接入市级远程医疗平台的比例."""
    rest = _strip_tail(_SHARE_LEAD.sub("", after).strip())
    if not rest or _MEASURE.search(rest) or re.search(r"\d+(?:\.\d+)?[%‰]", rest):  # 100%接入、100%共享
        return ""
    verb, start, end = _first_verb(rest)
    if not verb or end >= len(rest):
        return ""
    if start == 0:
        subject = subject_before(earlier) if earlier else ""
        if not subject:
            return ""
        rest = subject + rest
    return _cut(rest, _MAX_SHARE) + "的比例"


def counted_label(noun: str) -> str:
    """The thing counted when a predicate follows it: 区全部通过…评审 → 通过…评审的区 ('' when none).

    Only a verb that states a condition counts (通过, 达到, 投入使用); 住院医师规范化培训学员 is a noun."""
    m = next((m for m in STATE_VERBS.finditer(noun) if m.start() >= 1), None)
    start = m.start() if m and m.end() < len(noun) else -1
    if start < 0:  # any verb after a facility: 4家镇街医院创建二级甲等医院 → 创建二级甲等医院的镇街医院
        verb, at, end = _first_verb(noun)
        start = at if verb and at >= 2 and end < len(noun) and _FACILITY.search(noun[:at]) else -1
    if start < 0 or "的" in noun[start:]:
        return ""
    subject = _strip_tail(noun[:start])
    predicate = noun[start:].rstrip("的等")
    if label_problem(subject) is not None and subject not in _PLACE_KINDS:  # 10个区全部通过…: the 区 counted
        return ""
    return f"{predicate}的{subject}" if len(predicate) + len(subject) <= 30 else ""


def object_after(earlier: str, verb: str) -> str:
    """What the clause before did with the same verb: 支持…参与创建广东省高水平医院,力争全市创建3家 → 广东省高水平医院."""
    at = earlier.rfind(verb) if verb else -1
    thing = _strip_tail(earlier[at + len(verb):]) if at >= 0 else ""
    return thing if 2 <= len(thing) <= 24 and label_problem(thing) is None else ""


def counted_subject(noun: str) -> str:
    """What a noun with a predicate counts (乡镇卫生院全部达到…基本标准 → 乡镇卫生院); the noun otherwise."""
    verb, start, end = _first_verb(noun)
    return _strip_tail(noun[:start]) if verb and start >= 1 else noun


def with_list_tail(label: str, tail: str) -> str:
    """A facility item of a list takes the tail its last item carries (乡镇卫生院 + 标准化建设项目)."""
    return label + tail if tail and _FACILITY.search(label) and not label.endswith(tail) else label


def list_tail(noun: str) -> str:
    """The shared tail of a list's last item: 村卫生室标准化建设项目 → 标准化建设项目 ('' when none)."""
    m = _TAIL.search(noun)
    if not m or m.start() == 0 or not _FACILITY.search(noun[:m.start()]):
        return ""
    return noun[m.start():]


def with_verb(label: str, verb: str, between: str) -> str:
    """An increment or a change keeps its verb: 床位 + 新增 → 新增床位; 死亡率 + 下降 (number right after)
    → 死亡率下降. `between` is what stands between the verb and the number."""
    if not label or not verb or label_problem(label) is not None:
        return label
    own = re.split(r"[、，,]", between)[-1]  # 新增床位3000张、执业医生2739名: the verb heads the whole list
    if verb in INCREMENT_VERBS + ACTIVITY_VERBS and not label.startswith(verb) and not label.startswith("新") \
            and verb not in label and not re.search(r"\d", own):
        return verb + label
    change = next((c for c in CHANGE_VERBS if verb.endswith(c)), "")
    if change and between in ("", "了") and not label.endswith(change) and change not in label:
        return label + verb.removesuffix("了")
    return label


def place_qualifier(label: str, before: str) -> str:
    """The places a clause begins with, added when the label names none of them (如东县新建1家… → …(如东县))."""
    whole, own = leading_places(before), leading_places(re.split(r"[、；;]", before)[-1])
    places = whole if not own or own in whole else own  # 如皋市新建2家、如东县新建1家: this item's place
    if not places or "每" in label or "各" in label or any(p in label for p in re.split(r"[、和及与]", places)):
        return label
    return f"{label}({places})"


__all__ = ["CHANGE_VERBS", "INCREMENT_VERBS", "counted_label", "counted_subject", "list_tail", "place_qualifier",
           "object_after", "share_label", "with_list_tail", "subject_before", "with_verb"]
