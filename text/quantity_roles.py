"""What each number of a sentence measures, and what a question asks a number to measure.

A sentence of a work plan often writes several numbers about one topic, and the wrong one is
still a verbatim slice of the right sentence: "人均期望寿命提高了2.69岁,达到81.08岁" holds a change
and a level; "三级综合医院…达到30%,县级综合医院不低于50%" two subjects; "五年来…新增1.65万张" a
five-year total where another sentence writes one year's. Each number gets a role:

- measure: "level" (达到/提高到/控制在/为), "change" (提高了/增加/下降/新增, 个百分点), or None;
- time: "period" (五年来/累计/近三年/以来), "year" (2017年…, with its value), "current" (全年/今年), "";
- subjects: contrastive subject words (县级 vs 三级 vs 基层, 城市 vs 农村) of its own words, or of
  the words before it when its own name none (县级综合医院不低于50%,基层达到100%);
- named: the words that name what it measures: from the previous number (or clause start) to it,
  less what that number counts (5个质控中心、6个专科联盟: 质控中心 is 5个's), or, when those name
  nothing, the previous number's (…提高了2.69岁,达到81.08岁) — unless the number names what it
  counts after it (…达到45个,全市有12个学科进入…: 12个 counts 学科 and borrows nothing).
  In a 分别 list (城市和农村…分别达到30%、80%以上) the listed items are mapped to the numbers in order.

A question gets the same cues (asked_role), and role_score says how well a number fits them.
Baselines (从X提高到Y) are rejected before this by text.quantity_rules.
"""
from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from text.normalise import to_simplified
from text.numbers import UNITS, Quantity
from text.places import gazetteer
from text.pos import tagged
from text.quantity_rules import DENOMINATOR, noun_after

Measure = Literal["level", "change"]
TimeKind = Literal["period", "year", "current", "total", ""]

# Subjects that contrast with each other: a number about one is not an answer about another.
_POPULATIONS = ("老年人", "儿童", "孕产妇", "妇女")  # 健康管理率达到老年人65%、0至36个月儿童70%
SUBJECT_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("三级", "二级", "一级", "县级", "基层", "乡镇", "村级"),
    ("城市", "农村"),
    ("国家级", "省级", "市级"),  # designations: 国家区域医疗中心2个、省级区域医疗中心10个
    ("常住人口", "户籍人口", "重点人群", "贫困人口"),  # 常住人口签约率38.6%，重点人群签约率76.2%
    _POPULATIONS,
    ("伤残家庭", "死亡家庭"),  # 计划生育特别扶助: 独生子女伤残家庭每人每月350元、死亡家庭450元
    ("基本标准", "推荐标准"),  # 优质服务基层行, 县医院能力: 达到基本标准的不少于78家，达到推荐标准的不少于15家
)
_SUBJECT_ALIASES = {"乡村": "农村", "城镇": "城市", "县域": "县级", "村卫生室": "村级", "村里": "村级", "国家": "国家级", "省属": "省级", "市属": "市级", "市县": "市级",
                    "常住居民": "常住人口", "户籍居民": "户籍人口", "重点人口": "重点人群", "困难群众": "贫困人口",
                    "老人": "老年人", "县城": "县级", "乡下": "农村", "城区": "城市"}
_SUBJECTS_EN = (
    (r"\btertiary\b|\bgrade[- ]?(?:3|iii|three)\b", "三级"), (r"\bsecondary\b|\bgrade[- ]?(?:2|ii|two)\b", "二级"),
    (r"\bcounty\b", "县级"), (r"\bgrass-?roots?\b|\bprimary[- ](?:level|care)\b|\bcommunity[- ]level\b", "基层"),
    (r"\btownships?\b", "乡镇"), (r"\bvillages?\b", "村级"), (r"\burban\b", "城市"), (r"\brural\b", "农村"),
    (r"\bnational[- ]level\b", "国家级"), (r"\bprovincial\b", "省级"), (r"\bmunicipal\b", "市级"),
    (r"\bkey (?:population|group)s?\b|\bpriority (?:population|group)s?\b", "重点人群"),
    (r"\b(?:permanent|resident) (?:residents|population)\b", "常住人口"), (r"\bpoor (?:population|households)\b", "贫困人口"),
    (r"\bchild(?:ren)?\b", "儿童"), (r"\belderly\b|\bolder (?:people|adults|residents)\b", "老年人"),
    (r"\bpregnant\b|\bmaternal\b", "孕产妇"), (r"\bwomen\b", "妇女"),
)
_SUBJECT_RE = re.compile("|".join(sorted({w for f in SUBJECT_FAMILIES for w in f} | set(_SUBJECT_ALIASES),
                                         key=len, reverse=True)))

_CHANGE_VERB = r"(?:同比)?(?:提高|提升|增加|增长|上升|下降|降低|减少|缩短|扩大|新增|净增|增|降|减)"
# Longest first, so 提高到 (a level) wins over 提高 (a change).
_LEVEL_RE = re.compile(r"(?:提高|提升|增加|增长|上升|下降|降低|减少|缩短|扩大|延长|增|降|减)(?:到|至)|达到|均达|达|控制在|保持在"
                       r"|稳定在|维持在|总数|总量|总计|合计|共有|共计|现有|[为是](?=\D{0,2}$)")
_CHANGE_RE = re.compile(_CHANGE_VERB + r"了?(?![到至])")
RATE_POINTS = ("个百分点", "百分点", "个千分点", "千分点", "个十万分点", "十万分点")  # a change of a %, ‰ or /10万 rate
_CHANGE_UNITS = (*RATE_POINTS, "倍")

_NUM = r"[一二两三四五六七八九十\d]+"
_PERIOD_RE = re.compile(rf"{_NUM}年(?:来|以来|间|中)|近{_NUM}年|过去{_NUM}?年|累计|以来|期间|“?十[二三四五]五”?时期")
_YEAR_RE = re.compile(r"(?<![比较与同从由])(?<!相比)(20\d\d)年(?![代以])")
THIS_YEAR_WORDS = ("今年", "全年", "本年", "年内", "年度")  # a figure for the plan's own year
_CURRENT_RE = re.compile("|".join(THIS_YEAR_WORDS))
# a project's total over its years (总投资3.2亿元,…,2022年计划完成投资1.5亿元): not one year's figure
_TOTAL_RE = re.compile(r"总(?:投资|投入|规模|金额|预算|造价)")
_Q_TOTAL = re.compile(_TOTAL_RE.pattern + r"|\btotal (?:investment|cost|budget|funding|spending)\b", re.IGNORECASE)

_Q_PERIOD = re.compile(rf"{_NUM}年(?:来|以来|间|中|里)|近{_NUM}?年|过去|累计|以来|这些年|这几年|这(?!一年){_NUM}年|近几年|总共"
                       r"|\bpast (?:\w+ )?years\b|\bsince\b|\bin total\b|\bcumulative", re.IGNORECASE)
# … 这一年 is one year (2020年这一年投入多少), 这三年 a span
_Q_CURRENT = re.compile(r"今年|全年|本年|\bthis year\b", re.IGNORECASE)
_Q_THIS_YEAR = re.compile(r"当年|年内")  # the current year, unless the question names which
_Q_CHANGE = re.compile(_CHANGE_VERB + r"了?(?:多少|几)|增幅|降幅|增速|增加值|\bby how (?:much|many)\b|\bincrease[ds]? by\b"
                       r"|\bpercentage points?\b|\b(?:increase|rise|growth|decline|drop|reduction|decrease|cut) (?:in|of)\b"
                       r"|\bhow much (?:did|has|have|will) .*\b(?:increase|rise|grow|fall|drop|decline|improve)",
                       re.IGNORECASE)
_Q_LEVEL = re.compile(r"(?:达到|提高到|提高至|提升到|提升至|增加到|增加至|降到|降至|下降到|控制在|保持在|是|为|有)了?(?:多少|几)"
                      r"|总数|总量|\breach\b|\bwhat (?:is|was) the (?:level|rate|share|average)\b", re.IGNORECASE)
_SUBSET = re.compile(r"其中")
_ASIDE = re.compile(r"[（(][^（()）]{1,6}[）)]")  # a short parenthesis: (市), （区）, (含中医院)
# Written before the first item of a list, it belongs to every item: a population denominator, or the area.
_SHARED_INSTITUTION = re.compile(r"(?:全[市县区省])?(?:三级|二级|县级|市级|省级|区级)?(?:公立医院|综合医院|医疗卫生机构|医疗机构)")
# a number with its unit (由78.5%, 比2022年的81.76岁): a baseline written before another number names nothing
_NUMBER_WRITTEN = re.compile(rf"[\d.]+[万亿千]?(?:%|‰|/10万|{'|'.join(UNITS)})?")
_PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{1,4}?[县区市]")  # 龙门县, 青秀区: looked up in the gazetteer
_INSTITUTION = re.compile(r"(?:综合|公立|专科|中医)?医院|医疗卫生机构|医疗机构|卫生院|机构|医疗|卫生")
_SHARED_HEAD = re.compile(rf"(?:全[市县区省]|{DENOMINATOR.pattern})+")
_LIST_SPLIT = re.compile(r"、|和|及|与|以及")
_BREAK = "，,；;：:。！？!?\n"
_MEASURE_END = re.compile(r"(?:率|数|比|比例|比重|量|费|额|次|金|标准)$")  # an item that names its own measure

SUBJECT_BONUS = 2.0    # the number's subject is the one asked about (县级 for 县级)
SUBJECT_PENALTY = 2.0  # … it is another of the same family (三级 for 县级)
SUBSET_PENALTY = 0.5   # a 其中 number: a tie with the whole goes to the whole, one word of its own wins
SPLIT_PENALTY = 1.0    # one item of a 分别 list split by a subject the question does not name
MEASURE_BONUS = 0.5    # level for a level question, change for a change question
MEASURE_PENALTY = 1.5  # the other one (提高了2.69岁 for 达到多少岁)
PERIOD_BONUS = 1.0     # a five-year figure for a five-year question, a year's for a year's
PERIOD_PENALTY = 2.0   # the other one
YEAR_PENALTY = 0.5     # a figure for another named year
# A project's total (总投资12.6亿元) for a question about one year's investment. Larger than PERIOD_PENALTY:
# the total's clause opens the sentence with the project's name, which the year's clause (年内完成投资
# 3.2亿元) only inherits, at PARALLEL_WEIGHT a word.
TOTAL_PENALTY = 4.0
NAMED_WEIGHT = 1.0     # per focus term written in the words that name this number


@dataclass(frozen=True)
class NumberRole:
    """What one number of a sentence measures (see the module docstring)."""

    measure: Measure | None
    time: TimeKind
    year: int | None
    subjects: tuple[str, ...]
    named: str      # its own words (or its 分别 item)
    inherited: str  # the nearest naming words before it in the sentence ('' for the first)
    elliptical: bool = False  # its own words name nothing but a subject: the inherited ones apply
    rivals: str = ""  # in a 分别 list, the other items: what they alone write names another number
    subset: bool = False  # 其中3家: part of what the number before counts, whose words it inherits
    parallel: bool = False  # names another kind of the indicator before (常住人口家庭医生签约率…，重点人群签约率):
    # the words it leaves out (家庭医生) are those of the clause before

    @property
    def naming(self) -> str:
        """The words that say what it measures."""
        return self.named + "|" + self.inherited if self.elliptical else self.named

    @property
    def shared(self) -> str:
        """The words every item of its 分别 list shares: the list with the items cut out
        (高血压、2型糖尿病患者规范管理率 → ''; 城市和农村居民签约率 → 居民签约率); else what it inherits."""
        common = self.inherited
        for item in (self.named, *self.rivals.split("|")) if self.rivals else ():
            common = common.replace(item, "|") if item else common
        return common


@dataclass(frozen=True)
class AskedRole:
    """The cues of a question: which measure, time and subjects it asks about."""

    measure: Measure | None
    time: TimeKind
    year: int | None
    subjects: tuple[str, ...]


def subjects_in(text: str) -> tuple[str, ...]:
    """Contrastive subject words written in text (aliases mapped: 乡村 → 农村), in order, once; an age
    group (60岁以上, 80周岁及以上 → 80岁以上) is one too: 60岁以上老年人…91.3%，80岁以上老年人…78.9%."""
    text = _ASIDE.sub("", text)  # 县(市)域 is 县域
    found = sorted([(m.start(), _SUBJECT_ALIASES.get(m.group(0), m.group(0))) for m in _SUBJECT_RE.finditer(text)
                    if not _in_place_name(text, m)]
                   + [(m.start(), _age_group(m)) for m in _AGE_GROUP.finditer(text)])
    named = [word for _, word in found]
    named += [zh for pattern, zh in _SUBJECTS_EN if re.search(pattern, text, re.IGNORECASE)]
    named += [f"{next(g for g in m.groups() if g)}岁以上" for m in _AGE_GROUP_EN.finditer(text)]
    return tuple(dict.fromkeys(named))


def _in_place_name(text: str, m: re.Match[str]) -> bool:
    """聊城市, 晋城市 write 城市 inside a city's name: no urban subject."""
    return m.group(0) == "城市" and any(m.start() >= k and gazetteer().lookup(text[m.start() - k:m.start() + 2])
                                          for k in (1, 2, 3))


_AGE_GROUP = re.compile(r"(?<![\d.])(\d{1,3})周?岁(?:及|或)?(以上|以下|以内)")
_AGE_GROUP_EN = re.compile(r"\b(?:aged )?(\d{1,3})(?: years)? (?:and|or) (?:over|above|older)\b"
                           r"|\b(?:over|above) (?:the age of (\d{1,3})|(\d{1,3})(?= years\b))", re.IGNORECASE)


def _age_group(m: re.Match[str]) -> str:
    """An age group as one word, whatever its wording (65周岁及以上 → 65岁以上, 3岁以内 → 3岁以下)."""
    return f"{m.group(1)}岁{'以上' if m.group(2) == '以上' else '以下'}"


def _family(word: str) -> int:
    if _AGE_GROUP.fullmatch(word):
        return len(SUBJECT_FAMILIES)  # age groups contrast with each other
    return next((i for i, f in enumerate(SUBJECT_FAMILIES) if word in f), -1)


def names_own_measure(words: str) -> bool:
    """The words end in what they measure (签约率, 床位数, 性别比), not a subject (岳阳县, 三级医院)."""
    return bool(_MEASURE_END.search(words.strip()))


def measure_of(own: str, unit: str) -> Measure | None:
    """level or change, from the last verb written before the number (提高到 → level, 提高了 → change)."""
    if unit in _CHANGE_UNITS:
        return "change"
    best: tuple[int, int, Measure] | None = None
    for pattern, kind in ((_LEVEL_RE, "level"), (_CHANGE_RE, "change")):
        for m in pattern.finditer(own):
            key = (m.end(), m.end() - m.start(), kind)
            if best is None or key[:2] > best[:2]:
                best = key  # type: ignore[assignment]
    return best[2] if best else None


# A question about several years, said outright (过去五年, 近三年, 累计); not 过去 alone (转过去), 总共 or
# "in total", which ask for a sum of any period.
_Q_YEARS = re.compile(rf"{_NUM}年(?:来|以来|间|中|里)|近{_NUM}?年|过去的?{_NUM}年|这些年|这几年|这(?!一年){_NUM}年|近几年|累计"
                      r"|\bpast (?:\w+ )?years\b|\bcumulative", re.IGNORECASE)


def asks_over_years(question: str) -> bool:
    """The question asks about several years (过去五年一共投入了多少)."""
    return bool(_Q_YEARS.search(to_simplified(question)))


def writes_period(text: str) -> bool:
    """The text dates something over several years (五年来, 近三年, 累计, 以来, “十三五”时期; 五年來 too)."""
    return bool(_PERIOD_RE.search(to_simplified(text)))


def time_of(before: str) -> tuple[TimeKind, int | None]:
    """The time cue written nearest before the number in its sentence."""
    cues: list[tuple[int, TimeKind, int | None]] = []
    cues += [(m.end(), "period", None) for m in _PERIOD_RE.finditer(before)]
    cues += [(m.end(), "year", int(m.group(1))) for m in _YEAR_RE.finditer(before)]
    cues += [(m.end(), "current", None) for m in _CURRENT_RE.finditer(before)]
    cues += [(m.end(), "total", None) for m in _TOTAL_RE.finditer(before)]
    if not cues:
        return "", None
    _, kind, year = max(cues, key=lambda c: c[0])
    return kind, year


def _clause_start(sentence: str, pos: int) -> int:
    while pos > 0 and sentence[pos - 1] not in _BREAK:
        pos -= 1
    return pos


def _respectively_items(sentence: str, quantities: Sequence[Quantity]) -> dict[int, tuple[str, str, str]]:
    """分别 lists: index of a quantity → the item listed for it and the whole list with what it
    shares (城市和农村居民签约率分别达到30%、80%: 30% → 城市, 80% → 农村居民签约率)."""
    out: dict[int, tuple[str, str, str]] = {}
    listed: list[str] = []  # the items of the 分别 before: 分别达到3.15人、3.62人,比2015年分别提高0.82人、1.05人
    listed_whole = ""
    for m in re.finditer("分别", sentence):
        start = _clause_start(sentence, m.start())
        items = [i.strip() for i in _LIST_SPLIT.split(sentence[start:m.start()]) if i.strip()]
        if len(items) == 1 and "城乡" in items[0]:  # 城乡居民…分别达到70%和65%: 城市 70%, 农村 65%
            items = ["城市", "农村" + items[0].split("城乡", 1)[1]]
        after = [i for i, q in enumerate(quantities) if q.number_start >= m.end()
                 and _clause_start(sentence, q.number_start) == start]
        whole = sentence[start:m.start()]
        if len(items) < 2 and start > 0:  # 高血压患者7.6万人、糖尿病患者2.8万人,规范管理率分别为71.4%和70.2%
            # the same items as the 分别 before, and its words (分别为15.2/10万和4.6‰，比上年分别下降…)
            if len(listed) == len(after):
                before, whole = listed, listed_whole + "|" + whole
            else:
                before = (_bracketed_items(sentence[:start], len(after))
                          or _counted_before(sentence, quantities, start, len(after)))
            items = before or items
        if len(items) >= 2 and len(after) >= len(items):
            # 城市和农村居民签约率, 高血压、糖尿病患者规范管理率, 博罗、惠东、龙门三县县域内就诊率: what the last
            # item writes beyond the first item's length is every item's (婴儿死亡率、5岁以下儿童死亡率: the first
            # item names its own measure, and they share nothing)
            institution = _SHARED_INSTITUTION.match(items[0])  # 三级公立医院门诊和住院次均费用增幅: 三级公立医院
            if institution and len(items[0]) > institution.end() + 1:  # is every item's, 门诊 the first's own
                items[0] = items[0][institution.end():]
            # 基层高血压、糖尿病患者规范管理率: 基层 is every item's, unless another item names its own subject
            # (城市和农村) or the first item is an institution of that level (县级医院、社区医院: 县级 is 县级医院's)
            # (a population opens its own item: 孕产妇死亡率、婴儿死亡率)
            subject = _SUBJECT_RE.match(items[0])
            if (subject and len(items[0]) > subject.end() + 1 and not any(subjects_in(i) for i in items[1:])
                    and subjects_in(subject.group(0))[0] not in _POPULATIONS
                    and not _INSTITUTION.match(items[0], subject.end())):
                items[0] = items[0][subject.end():]
            bare = min(items[:-1], key=len)  # 基层医疗卫生机构、二级和三级公立医院…: 二级 is a bare name too
            if len(items[-1]) > len(bare) + 1 and (subjects_in(bare) or not names_own_measure(bare)):
                items[-1] = items[-1][:_word_end(items[-1], len(bare))]  # 高血压、2型糖尿病…: 2型糖尿病, not 2型糖
            items = _own_parts(items)
            shared_head = _SHARED_HEAD.match(items[0])  # 每千常住人口床位数、全科医生数: 每千常住人口 is
            if shared_head and len(items[0]) > shared_head.end() + 1:  # every item's
                items[0] = items[0][shared_head.end():]
            for n, (item, i) in enumerate(zip(items, after[:len(items)])):
                out[i] = (item, whole, "|".join(items[:n] + items[n + 1:]))
            listed, listed_whole = items, whole
    return out


def _word_end(text: str, at: int) -> int:
    """The first word boundary (jieba's cut) at or after `at`: a cut never splits a word."""
    end = 0
    for word, _ in tagged(text):
        end += len(word)
        if end >= at:
            return end
    return len(text)


def _own_parts(items: list[str]) -> list[str]:
    """分别 items cut to their own words around the head they share: in 独生子女伤残家庭、死亡家庭扶助金
    标准 (head 家庭) 独生子女 and 扶助金标准 are every item's, so the items are 伤残家庭 and 死亡家庭: the
    first item loses what is written before its own part, the last what follows the head. Unchanged
    when the first item's last two characters are not written inside every other item."""
    head = items[0][-2:]
    at = [item.find(head) for item in items[1:]]
    if len(head) < 2 or any(p <= 0 for p in at):
        return items
    own = at[-1] + len(head)  # how long the last item's own part is
    first = items[0][len(items[0]) - own:] if len(items[0]) - own > 1 else items[0]
    return [first, *items[1:-1], items[-1][:own]]


_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")


def _bracketed_items(before: str, wanted: int) -> list[str]:
    """The `wanted` items a 、 list before a 分别 clause names, when they carry bracketed asides with
    numbers of their own (A项目（总投资3.9亿元，新增床位400张）、B项目（…）、C项目（…）建设，年内分别完成投资…):
    the items are the list's names, not what each of the asides' numbers is written after."""
    if not _BRACKETED.search(before):
        return []
    items = [i.strip("，,、 ") for i in _BRACKETED.sub("", before).split("、")]
    return items if len(items) == wanted and all(items) else []


def _counted_before(sentence: str, quantities: Sequence[Quantity], start: int, wanted: int) -> list[str]:
    """What each of the `wanted` numbers before the clause at `start` is written after, read back
    clause by clause (高血压患者7.6万人、糖尿病患者2.8万人 → 高血压患者, 糖尿病患者; 常住人口签约率29.9%，
    重点人群签约率62.4% → 常住人口签约率, 重点人群签约率): the items a following 分别 clause refers to."""
    items: list[str] = []
    end = start
    while len(items) < wanted and end > 0:
        before = _clause_start(sentence, end - 1)
        inside = [q for q in quantities if before <= q.number_start < end]
        if not inside:
            break
        edge, own = before, []
        for q in inside:
            own.append(sentence[edge:q.number_start].strip("、，, "))
            edge = q.end
        items, end = own + items, before
    items = items[-wanted:]
    return items if len(items) == wanted >= 2 and all(items) else []


def number_roles(sentence: str, quantities: Sequence[Quantity]) -> list[NumberRole]:
    """The role of each quantity (offsets into `sentence`), in order."""
    listed = _respectively_items(sentence, quantities)
    counted = [noun_after(sentence, q) for q in quantities]  # what each number counts, written after it
    roles: list[NumberRole] = []
    for i, q in enumerate(quantities):
        clause = _clause_start(sentence, q.number_start)
        prev = quantities[i - 1] if i else None
        start = max(clause, prev.end) if prev is not None else clause
        if prev is not None and start == prev.end:
            start = _past_counted(sentence, prev, counted[i - 1], q.number_start)
        own = sentence[start:q.number_start]
        named, inherited, rivals = listed.get(i, (own, "", ""))
        subjects = subjects_in(named)
        share_of = q.unit in ("%", "‰") and sentence[q.end:q.end + 1] == "的"  # 90%以上的乡镇卫生院: a share
        if share_of and subjects_in(counted[i]):  # of what is written after it, whose subject it is
            subjects = subjects_in(counted[i])
        if i in listed:
            own = sentence[clause:q.number_start]  # the list's verb says the measure of every item
        elif roles:
            last = roles[-1]
            inherited = last.named if names_something(last.named) else last.inherited
            if not subjects and not share_of and (not names_something(own) or own.startswith("、")):  # 农村…达到80%,提高了5个
                subjects = last.subjects  # 百分点; 农村妇女宫颈癌筛查20万人、乳腺癌筛查10万人: both 农村
        time, year = time_of(sentence[:q.number_start])
        # 20个学科进入… names what it counts after it: it does not borrow the words of the number before
        counts_own = i not in listed and names_something(counted[i])
        elliptical = bool(inherited) and (i in listed or not names_something(named)) and not counts_own
        subset = bool(prev is not None and _SUBSET.match(sentence[clause:q.number_start].strip("，,、 ")) and clause > 0)
        if subset:  # 14个乡镇卫生院…,其中3家…: 3 of those 卫生院, named by the clause before
            inherited, elliptical = _whole_of(sentence, quantities, i, clause), True
        elif roles and roles[-1].subset and start == clause and _same_head(named, _SUBSET.sub("", roles[-1].named)):
            # 其中城市居民41.2%，农村居民33.5%: the next part of the same whole, whose words it inherits too
            subset, inherited, elliptical = True, roles[-1].inherited, True
        parallel = (prev is not None and i not in listed and not subset and not elliptical
                    and start == clause and _same_head(named, roles[-1].named))
        roles.append(NumberRole(measure_of(own, q.unit), time, year, subjects, named, inherited, elliptical, rivals,
                                subset, parallel))
    return _parallel_items(sentence, quantities, _parts_as_rivals(sentence, quantities, roles))


def _parallel_items(sentence: str, quantities: Sequence[Quantity], roles: list[NumberRole]) -> list[NumberRole]:
    """Two numbers listed with 、 whose words end alike (为适龄妇女免费开展宫颈癌筛查6万人、乳腺癌筛查4.5万人;
    独生子女死亡家庭每人每月提高到800元、伤残家庭…提高到650元) are items of one list: what the first
    writes before its own part (为适龄妇女免费开展, 独生子女) is both items' head, and the part only one
    writes (乳腺癌, 伤残) names its number, as in a 分别 list."""
    out = list(roles)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        if a.rivals or b.rivals or a.subset or b.subset:
            continue
        if not sentence[quantities[i - 1].end:quantities[i].number_start].startswith("、"):
            continue
        first, second = a.named, b.named.removeprefix("、")
        tail = len(os.path.commonprefix([first[::-1], second[::-1]]))
        own = second[:len(second) - tail]
        if tail < HEAD_CHARS or not 1 <= len(own) <= PARALLEL_OWN_CHARS:
            continue
        head, own_first = first[:len(first) - tail - len(own)], first[len(first) - tail - len(own):len(first) - tail]
        if len(head) < HEAD_CHARS or not own_first:
            continue
        suffix = first[len(first) - tail:]
        out[i - 1] = replace(a, named=own_first + suffix, inherited=head, elliptical=False, rivals=own)
        out[i] = replace(b, named=own + suffix, inherited=head, elliptical=False, rivals=own_first)
    return out


def _parts_as_rivals(sentence: str, quantities: Sequence[Quantity], roles: list[NumberRole]) -> list[NumberRole]:
    """The parts listed after one 其中 (其中市本级达到4万份、县市区达到2万份) are items of one list, like a
    分别 list's: a word only one part writes (县市区) names that part's number."""
    groups: dict[int, list[int]] = defaultdict(list)
    for i, role in enumerate(roles):
        if role.subset and not role.rivals:
            groups[_clause_start(sentence, quantities[i].number_start)].append(i)
    out = list(roles)
    for members in (m for m in groups.values() if len(m) >= 2):
        own = {i: roles[i].named.strip("、，, ").removeprefix("其中") for i in members}
        for i in members:
            out[i] = replace(roles[i], rivals="|".join(own[j] for j in members if j != i))
    return out


def _whole_of(sentence: str, quantities: Sequence[Quantity], i: int, clause: int) -> str:
    """The words of the whole a 其中 number is part of: the clause of the last number before it in
    the same unit (累计投入…资金48.6亿元，新增床位4320张，其中2019年投入13.2亿元: 13.2亿元 is part of
    48.6亿元, not of 4320张; 8家社区卫生服务中心达到…基本标准，其中2家: words after the number too), else
    the clause just before."""
    unit = quantities[i].unit
    whole = next((q for q in reversed(quantities[:i]) if q.end <= clause and q.unit == unit), None)
    if whole is None:
        return sentence[_clause_start(sentence, clause - 1):clause]
    end = whole.end
    while end < clause and sentence[end] not in _BREAK:
        end += 1
    return sentence[_clause_start(sentence, whole.number_start):end]


_TRAILING_VERBS = re.compile(rf"(?:{_LEVEL_RE.pattern}|{_CHANGE_RE.pattern}|力争|确保|争取|分别|均|要|将|为|是)+$")
HEAD_CHARS = 2  # an indicator's head: 签约率, 接种率, 就诊率
PARALLEL_OWN_CHARS = 6  # the most a 、-listed item writes of its own (乳腺癌, 伤残)


def _same_head(named: str, before: str) -> bool:
    """Two clauses name kinds of one indicator: their words, without the verb, end alike and differ
    before (常住人口家庭医生签约率 / 重点人群签约率, 全程接种率 / 加强免疫接种率)."""
    own, other = (_TRAILING_VERBS.sub("", w.strip("，,；; ")) for w in (named, before))
    return (len(own) > HEAD_CHARS and len(other) > HEAD_CHARS and own != other
            and own[-HEAD_CHARS:] == other[-HEAD_CHARS:])


_NOT_A_NAME = re.compile(
    "|".join([r"[，,、；;：:\s]", _LEVEL_RE.pattern, _CHANGE_RE.pattern, _SUBJECT_RE.pattern,
              r"不低于|不少于|不超过|不高于|超过|力争|确保|争取|要|将|均|也|了|约|近|以上|左右|[比较]\S*?年|[和及与]",
              r"(?:到|至|截至)?(?:19|20)\d{2}年(?:底|末|前)?",  # ，到2022年达到60%: a date names nothing
              rf"{_PERIOD_RE.pattern}|{_NUM}年",  # 五年提高1.4岁: a span of years names nothing either
              r"综合医院|公立医院|医院|医疗卫生机构|医疗机构|卫生院|机构|居民|人群|地区|全市|各区",
              # a part of the area (中心城区…9.8/10万，而3县1市为18.7/10万) and the words contrasting it
              rf"(?:{_NUM}个?[县市区镇乡](?:（[^）]*）)?)+|(?:中心|主)?城区|而|则"]))


def _past_counted(sentence: str, prev: Quantity, counted: str, end: int) -> int:
    """Where the words before a number begin when the number before it counts a noun written after
    it (`counted`): in 建设5个中医医疗质控中心、6个中医专科联盟, 中医医疗质控中心 names 5个, not 6个."""
    at = sentence.find(counted, prev.end, end) if counted else -1
    return at + len(counted) if 0 <= at <= prev.end + 3 else prev.end


def names_something(words: str) -> bool:
    """The words before a number name what it measures, beyond a verb, comparator, subject, kind of
    institution or a county's or city's name: 县级综合医院不低于 and 龙门县由 name nothing (the
    indicator is written before them)."""
    rest = _NUMBER_WRITTEN.sub("", _NOT_A_NAME.sub("", words))  # 由78.5%提高到: a baseline names nothing
    rest = _PLACE_NAME.sub(lambda m: "" if gazetteer().lookup(m.group(0)) else m.group(0), rest)
    return len(rest) >= 2


def asked_role(question: str) -> AskedRole:
    """The measure, time and subjects a question asks about (None/'' when it does not say)."""
    measure: Measure | None = None
    if _Q_CHANGE.search(question):
        measure = "change"
    elif _Q_LEVEL.search(question):
        measure = "level"
    year = (re.search(r"(?:到|至|截至)(20\d\d)年?", question)  # 要点提出，到2022年…: the deadline's year
            or re.search(r"(?<![较比从由])(20\d\d)年?", question) or re.search(r"(20\d\d)年?", question))
    if _Q_TOTAL.search(question):
        time: TimeKind = "total"
    elif _Q_PERIOD.search(question):
        time = "period"
    elif _Q_CURRENT.search(question) or _Q_THIS_YEAR.search(question) and not year:
        time = "current"
    elif year:
        time = "year"
    else:
        time = ""
    return AskedRole(measure, time, int(year.group(1)) if year else None, subjects_in(question))


def a_projects_total(role: NumberRole) -> bool:
    """The number is a project's total (总投资12.6亿元) by the words that name it, not by a 总投资 written
    earlier in its sentence (…总投资6.2亿元，规划设置床位500张，其中负压病床60张: 60张 is no total)."""
    return role.time == "total" and bool(_TOTAL_RE.search(role.named))


def role_score(asked: AskedRole, role: NumberRole) -> float:
    """How well a number's role fits the question's cues: positive fits, negative contradicts."""
    score = 0.0
    for subject in asked.subjects:
        family = _family(subject)
        if not _single(subject, asked):
            continue  # 城市和农村…分别: the question asks about each
        mine = [s for s in role.subjects if _family(s) == family]
        if subject in mine:
            score += SUBJECT_BONUS
        elif mine:
            score -= SUBJECT_PENALTY
    if unasked_split(asked, role):
        score -= SPLIT_PENALTY
    if role.subset:
        score -= SUBSET_PENALTY  # it writes the whole's words too: only the words it adds may make it win
    if asked.measure and role.measure:
        score += MEASURE_BONUS if asked.measure == role.measure else -MEASURE_PENALTY
    if asked.time == "period":
        score += PERIOD_BONUS if role.time == "period" else (-PERIOD_PENALTY if role.time in ("year", "current") else 0)
    elif asked.time in ("year", "current") and role.time == "period":
        score -= PERIOD_PENALTY
    elif asked.time == "year" and role.time == "year" and asked.year and role.year:
        score += PERIOD_BONUS if role.year == asked.year else -YEAR_PENALTY
    if asked.time in ("year", "current") and role.time == "total":
        score -= TOTAL_PENALTY
    return score


def unasked_split(asked: AskedRole, role: NumberRole) -> bool:
    """The number is one item of a 分别 list split by subject (城市和农村…分别达到40%、75%) and the
    question names no subject of that family: which item it means is a guess."""
    families = {_family(s) for s in asked.subjects}
    return bool(role.rivals) and any(_family(s) not in families for s in role.subjects)


def _single(subject: str, asked: AskedRole) -> bool:
    """The only subject of its family the question names (城市和农村…分别 asks about each)."""
    return sum(1 for s in asked.subjects if _family(s) == _family(subject)) == 1


def role_conflicts(asked: AskedRole, role: NumberRole) -> tuple[str, ...]:
    """The cues of the question the number contradicts ("subject", "measure", "time"): a number
    chosen despite them is shown with confidence low (e.g. the only figure retrieved is a
    year's where the question asks for five years)."""
    out = []
    for subject in asked.subjects:
        family = _family(subject)
        mine = [s for s in role.subjects if _family(s) == family]
        if mine and subject not in mine and _single(subject, asked):
            out.append("subject")
    if unasked_split(asked, role):
        out.append("subject")
    if asked.measure and role.measure and asked.measure != role.measure:
        out.append("measure")
    if (asked.time == "period" and role.time in ("year", "current")
            or asked.time in ("year", "current") and role.time in ("period", "total")):
        out.append("time")
    return tuple(dict.fromkeys(out))


def named_score(focus: Sequence[str], role: NumberRole, written) -> float:
    """Focus terms written in the words naming this number; when its own words name nothing,
    those of the nearest number before it that names something (…提高了2.69岁,达到81.08岁)."""
    def counts(term: str) -> bool:
        return written(term, role.naming) and not (role.rivals and written(term, role.rivals)
                                                   and not written(term, role.named))
    return NAMED_WEIGHT * sum(1 for t in focus if counts(t))


__all__ = ["RATE_POINTS", "THIS_YEAR_WORDS", "AskedRole", "a_projects_total", "Measure", "NumberRole", "SUBJECT_FAMILIES", "TimeKind", "asked_role", "measure_of",
           "named_score", "names_own_measure", "names_something", "number_roles", "role_conflicts", "role_score", "subjects_in", "time_of", "asks_over_years", "writes_period"]
