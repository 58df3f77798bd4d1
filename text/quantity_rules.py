"""Which numbers of a sentence are quantities a plan commits to, shared by commitments and direct answers.

A number counts when it carries a unit and none of the rules that recognise names and references
applies: years and dates, ordinals (第三, 前50名), rate denominators (每10万人口), baselines
(从2.7张提高到…), names in quotes (“12361”工程), ages and durations without a comparator (60岁以上老人,
为期3个月), counts of policy instruments (五项制度). Chinese numerals need a verb or comparator
right before them, since most Chinese numerals in these texts are slogans (四个意识)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from text.numbers import Quantity, find_quantities

# Comparators written right before the number (after optional fillers such as 了/共).
LEVEL_WORDS: tuple[str, ...] = (
    "不低于", "不少于", "不超过", "不高于", "不大于", "不小于", "不足", "少于", "低于", "高于", "多于", "大于", "小于",
    "超过", "超出", "逾", "超", "均达到", "均达", "达到", "达", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至",
    "增长到", "增长至", "增至", "扩大到", "扩大至", "上升到", "上升至", "下降到", "下降至", "降低到", "降低至", "降到", "降至",
    "减少到", "减少至", "减至", "缩短到", "缩短至", "缩短", "延长到", "延长至", "延长", "控制在", "保持在", "稳定在",
    "维持在", "同比增加", "同比增长", "同比下降", "同比降低", "同比减少", "提高", "提升", "增加", "增长", "下降", "降低",
    "减少", "连续", "接近", "将近", "近", "约", "覆盖",
)
# Verbs that govern a count, possibly with the counted thing in between (新增床位3000张).
ACTION_WORDS: tuple[str, ...] = (
    "新增配置", "新改扩建", "改扩建", "扩建", "改建", "新增", "新建", "新创", "新引进", "新设", "增设", "增配", "建成", "重点建设", "建设", "累计创建",
    "争创", "创建", "完成", "实现", "覆盖", "培养", "培训", "引进", "招收", "招聘", "招录", "配备", "配置", "开展", "组织",
    "举办", "择优选取", "选取", "遴选", "评选", "认定", "推广", "启动", "设立", "成立", "组建", "获得", "全部通过", "通过",
    "入选", "进入", "资助", "给予", "扶持", "投入", "投资", "接入", "办好", "推动", "调整", "设置", "打造", "培育", "改造",
    "立项", "开工建设", "规范实施", "实施", "牵头承担", "承担", "提供", "开设", "发放", "补助", "减免", "持续推进", "推进", "建立",
    "接种", "筛查", "救治", "选派", "派驻", "帮扶", "新创建", "创成", "建好", "开工", "投用", "投入使用",
)
# A population denominator (每千常住人口, 每万人口, 每10万人): the number written after it is a ratio.
DENOMINATOR = re.compile(r"每(?:[\d.,]+|[一二三四五六七八九十百千万]+)(?:万|千|百)?(?:常住|户籍|服务)?(?:人口|居民|人)")
HEDGE_WORDS: tuple[str, ...] = ("力争", "争取", "确保", "预计", "力求", "努力", "至少", "保证")
FILLERS = ("共计", "合计", "总计", "分别", "了", "共", "为")
# Policy instruments are counted (五项制度, 七项措施) but a count of them is not a quantified target.
_INSTRUMENTS = re.compile(r"制度|措施|行动|工程|计划|机制|政策|规范|原则|要求|任务|方面|环节|意识|清单|战略|举措|方针|理念|大类")
# Units that are a quantity only with a comparator: 不少于6个月, 提高了2.69岁 — not 为期3个月, 60岁以上老人.
DURATION_REJECTION = "duration or age without comparator"
ANNIVERSARY = "anniversary"
_QUALIFIED_UNITS = ("年", "个月", "天", "周", "小时", "分钟", "岁")
_GRADE_UNITS = ("类", "期")  # with Chinese numerals: 一类社康中心, 一期工程, 二期
_QUOTES = {"“": "”", "\"": "\"", "「": "」", "『": "』", "《": "》", "‘": "’"}
_MAX_QUOTED = 24


def ends_with(text: str, words: Sequence[str]) -> str:
    return next((w for w in sorted(words, key=len, reverse=True) if text.endswith(w)), "")


def strip_fillers(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for filler in FILLERS:
            if text.endswith(filler) and len(text) > len(filler):
                text, changed = text[:-len(filler)], True
    return text


_DATED = re.compile(r"(?:19|20)\d{2}年(?:底|末)?的$")


def adjacent_level(before: str) -> str:
    """The comparator written right before the number: 不低于4.7万个, 达到90%, 提高了2.69岁."""
    word = ends_with(before, LEVEL_WORDS)
    if word:
        return word
    undated = _DATED.sub("", before)  # 提高到2020年的80.21岁: the year between names when, not what
    if undated != before:
        return adjacent_level(undated)
    return ends_with(strip_fillers(before), LEVEL_WORDS)



def _in_quotes(sentence: str, pos: int) -> bool:
    """True when pos lies inside a short quotation or a title: “12361”工程, “三个100%”, 《…2030年》."""
    for open_mark, close_mark in _QUOTES.items():
        i = sentence.rfind(open_mark, 0, pos)
        if i < 0:
            continue
        if open_mark == close_mark and sentence.count(open_mark, 0, i) % 2:
            continue  # this straight quote closes an earlier one
        j = sentence.find(close_mark, pos)
        if j < 0 or close_mark in sentence[i + 1:pos] and open_mark != close_mark:
            continue
        if open_mark == "《" or j - i <= _MAX_QUOTED:
            return True
    return False


_LISTED_AFTER = re.compile(r"(?:[、和][\d.]+(?:/\d+万?)?[^\d、和，,。；]{0,4})*")


def _listed_end(after: str) -> int:
    """Where the list's items still to come end (、6.35‰、8.71‰下降到…: up to 下降到)."""
    found = _LISTED_AFTER.match(after)
    return found.end() if found else 0


def rejection(sentence: str, q: Quantity, clause_start: int = 0) -> str | None:
    """Why the quantity q (offsets into `sentence`) is not a commitment, or None when it is one.

    Returned as a short English reason so tests and curators can see which rule fired."""
    before = sentence[clause_start:q.number_start]
    prev = before[-1:] if before else ""
    after = sentence[q.end:]
    if not q.unit:
        return "no unit"
    if q.unit == "人" and after[:1] in ("口", "群", "员"):
        return "no unit"
    if q.unit == "年" and 1900 <= q.value <= 2100:
        return "year"
    if q.unit == "周年":
        return ANNIVERSARY  # 改革开放40周年 dates the plan's year; it commits to nothing
    if re.search(r"\d{4}[-/.]$", before):
        return "date"
    if _in_quotes(sentence, q.number_start):
        return "name in quotes"
    if prev == "第" or prev == "首":
        return "ordinal"
    if prev == "前" and not re.search(r"[底末年月日]前$", before):
        return "rank"
    if prev == "每":
        return "rate denominator"
    # 由2.96人、3.35人增加到…, 由10.35/10万和4.12‰下降到…: every number of a listed baseline, not only the first;
    # the verb is looked for past the items still listed after it (由19.62/10万、6.35‰、8.71‰下降到…); a rate's
    # period may open it (由每日1.8万份提升到每日4.5万份, 由每人每年420元提高到450元); a year or a word for one dates it (由2017年底的, 由年初的, 由上年的)
    if re.search(r"(?:从|由)(?:(?:(?:19|20)\d{2}年|上一?年度?|去年|前年|年初)(?:底|末|初)?的)?(?:每人|人均)?(?:每[日天月年]|日均|年均)?(?:[\d.]+(?:/\d+万?)?[^\d、和，,。；]{0,4}[、和])*$",
                 before) and re.search(r"到|至", after[:_listed_end(after) + 12]):
        return "baseline"
    level = adjacent_level(before)
    if q.unit in _QUALIFIED_UNITS and not level:
        return DURATION_REJECTION
    if q.chinese:
        if q.unit in _GRADE_UNITS:
            return "grade or phase"
        if q.number_text == "一" and not level:
            return "一 without comparator"
        if not level and not ends_with(strip_fillers(before), ACTION_WORDS):
            return "Chinese numeral without verb"
    noun = re.sub(r"“[^”]*”|《[^》]*》|\"[^\"]*\"", "", noun_after(sentence, q))
    if q.unit not in ("%", "‰") and _INSTRUMENTS.search(noun):
        return "count of policy instruments"
    return None


_DATED_BASELINE = re.compile(r"(?:从|由)((?:19|20)\d{2})年(?:底|末)?的?$")


def baseline_year(sentence: str, q: Quantity) -> int | None:
    """The year a baseline is dated by (由2017年的5.86张增加到7.24张 → 2017), or None: that year's
    figure, which a question about the year asks for."""
    m = _DATED_BASELINE.search(sentence[:q.number_start])
    return int(m.group(1)) if m and rejection(sentence, q) == "baseline" else None


def noun_after(sentence: str, q: Quantity) -> str:
    """The counted thing written after the unit: 3个省级创伤中心 → 省级创伤中心 ('' when none).

    A second quantity right after is skipped (1家1000平方米以上的一类社康中心, 14类55项服务);
    a list goes on past a very short item (200场国际、国内高水平医学学术会议)."""
    pos = q.end
    following = find_quantities(sentence[pos:pos + 20])
    if following and following[0].start == 0 and not following[0].chinese and following[0].unit:
        pos += following[0].end
    rest = sentence[pos:]
    m = re.match(r"的?((?:[^，,。；;：:、！？!?\n]{1,2}、(?!\d))*[^，,。；;：:、！？!?\n]*)", rest)
    noun = m.group(1).strip() if m else ""
    if not noun or noun[0].isdigit() or re.match(r"[和及与][\d一二三四五六七八九十两]", noun):
        return ""
    noun = re.split(r"[和及与]\d", noun, maxsplit=1)[0]
    return noun[:24]


def counted_subject_terms(counted: str, subjects: Iterable[str], focus: Iterable[str]) -> int:
    """How many of the question's subject terms a number merely counts (0 when it counts none).

    In "按每服务人口每年15元的标准,给予76家社区卫生服务中心业务用房补贴", 76家 counts 社区卫生服务中心,
    which "社区卫生服务中心业务用房补贴标准是多少" names as its subject while it asks for the 补贴标准
    (its focus, next to 多少): the subject's words in 76家's clause say nothing about the 标准.

    counted: noun_after the number; subjects: question terms away from 多少; focus: those next to it."""
    focus = [f for f in focus if f]
    subjects = [t for t in subjects if len(t) >= 2 and t not in focus]
    if not counted or any(counted.startswith(f) for f in focus) or not any(counted.startswith(t) for t in subjects):
        return 0
    return sum(1 for t in subjects if t in counted)


__all__ = ["ACTION_WORDS", "DENOMINATOR", "DURATION_REJECTION", "FILLERS", "HEDGE_WORDS", "LEVEL_WORDS", "adjacent_level", "baseline_year", "counted_subject_terms", "ends_with", "noun_after",
           "rejection", "strip_fillers"]
