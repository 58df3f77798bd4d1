"""Indicator labels a reader can use, decided per sentence once every quantity of it has a first label.

rules._indicator names each quantity from its own clause; some names need the sentence around it:
- 分别 splits: 三级医院、三甲医院分别增加至36家和16家 and 城市和农村居民…覆盖率分别达到30%、80% give
  one record per item with its own label (城市居民…覆盖率, 农村居民…覆盖率);
- a label of a bad type (commitments.labels) is repaired from its neighbours: a bare verb takes the
  subject (100%接入、100%共享 → 政务信息资源共享), a generic word takes the verb or a neighbour's
  label (资助项目, 业务用房补贴标准), a level or place becomes the qualifier of what is measured
  (如皋市 → 达到省定示范化建设标准的乡镇卫生院(如皋市)), an item of a list without its counted thing
  takes the thing named after the list's last item (引进不少于20项、…不少于10项新技术), a share labelled by a bare facility
  borrows the measure of the record before (城市二级综合医院 → 城市二级综合医院基本药物使用比例);
- units keep their denominator (text.rate_units).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from commitments.labels import label_problem
from commitments.readable import counted_subject, list_tail, place_qualifier, with_list_tail
from text.rate_units import per_unit

_ITEM_SEP = re.compile(r"[、和及与]")
_DURATION_PREFIX = re.compile(r"^(?:为期|历时)[^的，,]{1,8}的")
_PER_PLACE = re.compile(r"每(?:个)?(?:行政)?(?:县|市|区|镇|乡|街道|地|村)(?![属级直管])(?:\([^)]*\)|（[^）]*）)?")
_PERSON_UNITS = ("人", "名", "人次", "万人", "万人次", "位")
_MEASURE = re.compile(r"率|比例|比重|占比|水平|降幅|增幅")


@dataclass(frozen=True)
class Draft:
    """A quantity's first reading: its label, the subject written before it (`head`), the verb that
    governs it, the thing counted after it (`noun`), its unit and where it sits in the sentence."""

    index: int          # position among the sentence's accepted quantities
    label: str
    head: str
    verb: str
    noun: str
    unit: str
    clause_start: int
    number_start: int   # offsets in the sentence
    respectively: bool  # 分别 written before the number in its clause
    continuous: bool = False  # 连续 written right before the number (连续4年下降)
    before: str = ""          # the clause up to the number (人均85元, 每服务人口每年15元)
    shared: str = ""          # the part a 分别 split gave every item (居民家庭签约服务覆盖率)


def _items(head: str) -> list[str]:
    """The items of a list subject outside brackets: 三级医院、三甲医院 → [三级医院, 三甲医院]."""
    items, depth, begin = [], 0, 0
    for i, ch in enumerate(head):
        depth += ch in "(（"
        depth -= ch in ")）" and depth > 0
        if depth == 0 and _ITEM_SEP.match(ch):
            items.append(head[begin:i])
            begin = i + 1
    items.append(head[begin:])
    return [item.strip() for item in items]


def split_respectively(drafts: list[Draft]) -> list[Draft]:
    """One label per item when a list subject is followed by 分别 and as many quantities.

    城市和农村居民家庭签约服务覆盖率: the first item is short and the last one carries the shared rest,
    which every item takes (城市 + 居民家庭签约服务覆盖率)."""
    out = list(drafts)
    groups: dict[int, list[int]] = {}
    for i, d in enumerate(drafts):
        if d.respectively:
            groups.setdefault(d.clause_start, []).append(i)
    for members in groups.values():
        head = drafts[members[0]].head
        items = _items(head)
        if len(items) == 1 and head.startswith("城乡") and len(members) == 2:  # 城乡居民…率分别达到70%和65%
            items = ["城市" + head[2:], "农村" + head[2:]]
        if len(items) < 2 or len(items) != len(members) or not all(items):
            continue
        first, last = items[0], items[-1]
        shared = ""
        if len(last) >= len(first) + 3 and all(len(item) == len(first) for item in items[:-1]):
            shared, items[-1] = last[len(first):], last[:len(first)]
        for item, i in zip(items, members):
            out[i] = replace(out[i], label=item + shared, head=item + shared, shared=shared)
    return out


def _shared_measure(label: str, previous: str) -> str:
    """The measure of `previous` that `label` (a facility) takes: 城市二级综合医院 + 三级综合医院基本药物使用比例
    → 基本药物使用比例 (the part after the facility word both end with); '' when there is none."""
    for size in (3, 2):
        tail = label[-size:]
        at = previous.rfind(tail)
        if at >= 0 and _MEASURE.search(previous[at + size:]):
            return previous[at + size:]
    return ""


def _repair(d: Draft, before: list[Draft], after: list[Draft], sentence_subject: str) -> Draft:
    """A usable label for one draft whose label has a problem, from its own parts and its neighbours."""
    problem = label_problem(d.label, d.unit)
    if problem is None:
        return d
    label = d.label
    noun = _DURATION_PREFIX.sub("", d.noun)
    prev = before[-1] if before else None
    nxt = after[0] if after else None
    if problem == "duration" and noun != d.noun:  # 50-100人为期1个月的培训 → 培训人数
        label = noun
        problem = label_problem(label, d.unit)
    if problem == "verb":
        if label in ("培训", "培养", "接种", "筛查", "救治") and d.unit in _PERSON_UNITS:
            return replace(d, label=label + "人数")
        subject = d.head if d.head and d.head != label else (prev.head if prev and prev.head != prev.label else "")
        if subject and label_problem(subject) is None:
            return replace(d, label=subject + ("连续" if d.continuous else "") + label)
    if problem in ("generic", "level") and d.noun == d.label:
        if d.verb and label_problem(d.verb + label) is None and d.verb != label:  # 资助 + 项目
            neighbour = nxt or prev
            if label == "标准" and neighbour:
                return replace(d, label=neighbour.label + label)
            return replace(d, label=d.verb + label)
        neighbour = nxt or prev
        if neighbour and label_problem(neighbour.label) is None:  # 15元的标准, 给予…业务用房补贴
            return replace(d, label=neighbour.label + label)
    if problem == "generic" and d.head and label_problem(d.head + label) is None:  # 帮扶 + 时间
        return replace(d, label=d.head + label)
    if problem in ("level", "place"):
        counted = d.noun or next((n.noun for n in after if n.noun), "")
        if counted and label_problem(counted) is None:  # 如皋市新建2家、…达到标准的乡镇卫生院
            return replace(d, label=f"{counted}({label})")
        if sentence_subject and label_problem(sentence_subject) is None:  # 一级覆盖80%
            measure = "覆盖率" if "覆盖" in d.verb and d.unit == "%" else ""
            return replace(d, label=f"{sentence_subject}{measure}({label})")
    if problem == "fragment" and label.endswith("各"):
        return replace(d, label=label[:-1] + "(各)")
    if problem == "no_measure" and prev:
        measure = _shared_measure(label, prev.label) or (prev.shared if _MEASURE.search(prev.shared) else "")
        if measure:
            return replace(d, label=label + measure)
    return d


def finish_labels(drafts: list[Draft], sentence_subject: str) -> list[Draft]:
    """Split 分别 lists, repair labels of a bad type (in sentence order, so a repaired label can
    lend its measure to the next one), add per-place qualifiers and rate denominators."""
    drafts = split_respectively(drafts)
    done: list[Draft] = []
    for i, d in enumerate(drafts):
        later = next((n for n in drafts[i + 1:] if n.clause_start == d.clause_start and n.noun), None)
        if (not d.noun and later and later.unit == d.unit and d.label == d.head and not d.respectively
                and label_problem(d.label, d.unit) is None):  # 甲院引进不少于20项、乙院引进不少于10项新技术
            d = replace(d, label=d.label + later.noun)
        last = [n for n in drafts[i + 1:] if n.clause_start == d.clause_start and n.noun and n.unit == d.unit]
        if last and d.noun and d.label == d.noun:  # 12个乡镇卫生院、86个村卫生室标准化建设项目
            d = replace(d, label=with_list_tail(d.label, list_tail(last[-1].noun)))
        d = _repair(d, done, drafts[i + 1:], sentence_subject)
        if done and label_problem(d.label, d.unit) == "clause" and done[-1].noun:  # 14个乡镇卫生院…,其中3家达到推荐标准
            subject = counted_subject(done[-1].noun)
            if label_problem(subject) is None and not d.label.endswith(subject):
                d = replace(d, label=f"{d.label}的{subject}")
        d = replace(d, label=place_qualifier(d.label, d.before))
        per = _PER_PLACE.search(d.head) if d.head else None
        if per and per.group(0) not in d.label:
            d = replace(d, label=f"{d.label}({per.group(0)})")
        d = replace(d, unit=per_unit(d.unit, d.label or d.head, d.before))
        done.append(d)
    return done


__all__ = ["Draft", "finish_labels", "split_respectively"]
