"""The rules that read one quantity of a sentence: is it a commitment, its comparator, indicator,
kind (target or result) and deadline. Pure functions of the text; extract.py applies them."""
from __future__ import annotations

import re
from typing import Sequence

from text.numbers import Quantity, find_quantities

_SENTENCE_END = "。！？!?；;\n"
_CLAUSE_END = _SENTENCE_END + "，,：:"
_LIST_SEP = "、"

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
HEDGE_WORDS: tuple[str, ...] = ("力争", "争取", "确保", "预计", "力求", "努力", "至少", "保证")
_CAUSATIVES = ("通过", "推动", "支持", "鼓励", "引导", "督促", "指导", "组织", "启动")
_NOUN_HEADS = re.compile(r"中心|率|员|基地|机构|站|室|项目|费|量|数|人员|合格|能力|体系|网络|平台|设施|标准|经费|资金")
# Every multi-character verb, longest first, matched at every position (the lookahead overlaps).
_VERBS = re.compile("(?=(" + "|".join(sorted({re.escape(w) for w in ACTION_WORDS + LEVEL_WORDS if len(w) > 1},
                                              key=len, reverse=True)) + "))")
_MODIFIERS = re.compile(r"人均|每人|平均|约|近|共计|共|累计|总计|分别|均|了")
_GENERIC = ("总数", "总量", "数量", "人数", "比例", "占比", "总额", "规模")
_FILLERS = ("共计", "合计", "总计", "分别", "了", "共", "为")
# Policy instruments are counted (五项制度, 七项措施) but a count of them is not a quantified target.
_INSTRUMENTS = re.compile(r"制度|措施|行动|工程|计划|机制|政策|规范|原则|要求|任务|方面|环节|意识|清单|战略|举措|方针|理念|大类")
# Units that are a quantity only with a comparator: 不少于6个月, 提高了2.69岁 — not 为期3个月, 60岁以上老人.
_QUALIFIED_UNITS = ("年", "个月", "天", "周", "小时", "分钟", "岁")
_GRADE_UNITS = ("类", "期")  # with Chinese numerals: 一类社康中心, 一期工程, 二期
_QUOTES = {"“": "”", "\"": "\"", "「": "」", "『": "』", "《": "》", "‘": "’"}
_MAX_QUOTED = 24

_PAST = re.compile(r"已经|已|累计(?!不少于|不低于|不超过|达到|超过|达)|[一二三四五六七八九十两\d]+年来|过去|去年|上年|截至|截止|以来|完成了|"
                   r"(?<![为除])了(?![解])")
_PLAN = re.compile(r"力争|争取|确保|预计|力求|(?<![即])将(?!近)|(?<![需主重必只纲])要(?![求点素])|拟|"
                   r"到\d{4}年|年底前|年内|今年|明年")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_RESULT_HEADING = re.compile(r"回顾|过去|工作情况|成效|成绩|总结|进展|完成情况|取得|主要工作")
_PLAN_HEADING = re.compile(r"重点任务|工作安排|部署|要点|计划|目标|思路|任务|打算|重点工作")
_TARGET_DATES = (
    re.compile(r"(?:到|至|截至|截止到?)?(?:(?:19|20)\d{2}|今|明)?年(?:底|末)前?"),
    re.compile(r"(?:到|至)(?:19|20)\d{2}年"),
    re.compile(r"年内|全年|上半年|下半年|(?:19|20)\d{2}年"),
)
# Quotations, titles and year ranges: 2030年 in “2030年消除丙型肝炎危害” or (2016-2020年) is no deadline.
_NAMES = re.compile(r"“[^”]*”|《[^》]*》|\"[^\"]*\"|(?:19|20)\d{2}\s*[-—–~～至到]\s*(?:19|20)\d{2}年?")
_SCOPE_PREFIX = re.compile(
    r"^(?:(?:到|至)?(?:(?:19|20)\d{2}|今|明)?年(?:底|末)前?|(?:到|至)(?:19|20)\d{2}年|年内|全年|今年|其中|同时|并|使|把|将|"
    r"要|全市|全省|全区|全县|全国|我市|我省|各地|各区|每地|共|进一步|全面|继续|持续|积极|努力|逐步|实现|确保|推动)+")


# -- splitting -----------------------------------------------------------------------------
def _is_break(text: str, i: int, breaks: str) -> bool:
    ch = text[i]
    if ch not in breaks:
        return False
    # 1,000 is one number, not two clauses
    return not (ch == "," and 0 < i < len(text) - 3 and text[i - 1].isdigit() and text[i + 1:i + 4].isdigit())


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of text[start:end] ending in 。！？； or a line break, without surrounding blanks."""
    end = len(text) if end is None else end
    spans, begin = [], start
    for i in range(start, end + 1):
        if i == end or _is_break(text, i, _SENTENCE_END):
            stop = i + 1 if i < end else end
            s, e = begin, stop
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
            begin = stop
    return spans


def _clause(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause (between ，；。…) of text[lo:hi] holding position pos, punctuation excluded."""
    s = pos
    while s > lo and not _is_break(text, s - 1, _CLAUSE_END):
        s -= 1
    e = pos
    while e < hi and not _is_break(text, e, _CLAUSE_END):
        e += 1
    while s < e and text[s].isspace():
        s += 1
    return s, e


# -- the rules -----------------------------------------------------------------------------
def _ends_with(text: str, words: Sequence[str]) -> str:
    return next((w for w in sorted(words, key=len, reverse=True) if text.endswith(w)), "")


def _strip_fillers(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for filler in _FILLERS:
            if text.endswith(filler) and len(text) > len(filler):
                text, changed = text[:-len(filler)], True
    return text


def _adjacent_level(before: str) -> str:
    """The comparator written right before the number: 不低于4.7万个, 达到90%, 提高了2.69岁."""
    word = _ends_with(before, LEVEL_WORDS)
    if word:
        return word
    return _ends_with(_strip_fillers(before), LEVEL_WORDS)


def _last_word(text: str, words: Sequence[str]) -> tuple[str, int]:
    """The last occurrence of any of `words` in text (longest at that place) and its end offset."""
    best, best_end = "", -1
    for word in words:
        i = text.rfind(word)
        if i >= 0 and (i + len(word) > best_end or i + len(word) == best_end and len(word) > len(best)):
            best, best_end = word, i + len(word)
    return best, best_end


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
    if prev in ("从", "由") and re.search(r"到|至", after[:12]):
        return "baseline"
    level = _adjacent_level(before)
    if q.unit in _QUALIFIED_UNITS and not level:
        return "duration or age without comparator"
    if q.chinese:
        if q.unit in _GRADE_UNITS:
            return "grade or phase"
        if q.number_text == "一" and not level:
            return "一 without comparator"
        if not level and not _ends_with(_strip_fillers(before), ACTION_WORDS):
            return "Chinese numeral without verb"
    noun = re.sub(r"“[^”]*”|《[^》]*》|\"[^\"]*\"", "", _noun_after(sentence, q))
    if q.unit not in ("%", "‰") and _INSTRUMENTS.search(noun):
        return "count of policy instruments"
    return None


def _noun_after(sentence: str, q: Quantity) -> str:
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


def _is_nominal(text: str, end: int) -> bool:
    """A verb used inside a noun: 覆盖率, 培训学员, 救治中心, 建设项目 — not the clause's verb."""
    return bool(_NOUN_HEADS.match(text, end))


def _first_verb(text: str) -> tuple[str, int, int]:
    """The clause's main verb before the number: the first verb not used inside a noun (longest at its place).

    Single-character comparators (达, 超, 近, 约) count only right before the number, so 发达 or
    达标 never supply one."""
    for m in _VERBS.finditer(text):
        word, i = m.group(1), m.start()
        end = i + len(word)
        if _is_nominal(text, end):
            continue
        second = _VERBS.match(text, end + 1) if text[end:end + 1] in ("和", "及", "与", "或") else None
        if second:  # 引进和培养, 新建或改扩建: coordinated verbs are one comparator
            word, end = text[i:end + 1 + len(second.group(1))], end + 1 + len(second.group(1))
        return word, i, end
    return "", -1, -1


def _last_verb(text: str) -> tuple[str, int]:
    """The last verb of text not used inside a noun (通过改造升级建成 → 建成), with its start."""
    last, last_start, pos = "", -1, 0
    while True:
        verb, start, end = _first_verb(text[pos:])
        if not verb:
            return last, last_start
        last, last_start, pos = verb, pos + start, pos + end


def _comparator(clause: str, q_start: int, q: Quantity, noun: str) -> tuple[str, int, int]:
    """(comparator, start, end of its verb in the clause, -1 when none is written before the number).

    The comparator is hedge + verb (力争 + 提高到), then ';' and the modifier after the unit (以上).
    The verb is the one right before the number (达到90%), else the clause's first verb before it
    (新增床位3000张), else the verb after the counted thing (1320家企业配备健康副厂长)."""
    before = clause[:q_start]
    level = _adjacent_level(before)
    if level:
        verb, verb_start = level, before.rfind(level)
        verb_end = verb_start + len(verb)
    else:
        verb, verb_start, verb_end = ("", -1, -1) if before.endswith("等") else _first_verb(before)
        if verb in _CAUSATIVES:
            # 推动/通过/支持 take a clause: the verb that follows is the one that counts
            later, start = _last_verb(before[verb_end:])
            if later:
                verb, verb_start, verb_end = later, verb_end + start, verb_end + start + len(later)
            elif noun and _first_verb(noun)[0]:
                verb, verb_start, verb_end = _first_verb(noun)[0], -1, -1
        if not verb and noun:
            verb, verb_start, verb_end = _first_verb(noun)[0], -1, -1
    hedge, _ = _last_word(clause[:verb_start if verb_start >= 0 else q_start], HEDGE_WORDS)
    pre = verb
    if hedge and hedge not in verb:
        pre = hedge + verb
    post = q.modifier or q.approximate
    return ";".join(p for p in (pre, post) if p), verb_start, verb_end


def _after_list_mark(text: str) -> str:
    """The last item of a 、 list, ignoring 、 inside brackets (乡(镇、街道)为单位…)."""
    depth, cut = 0, 0
    for i, ch in enumerate(text):
        depth += ch in "(（[【"
        depth -= ch in ")）]】" and depth > 0
        if ch == _LIST_SEP and depth == 0:
            cut = i + 1
    return text[cut:]


def _clean_head(head: str) -> str:
    """The subject of a comparison without scope words, hedges or a leading verb:
    全年新增床位 → 床位, 力争每千人口医疗机构床位数 → 每千人口医疗机构床位数."""
    head = re.split(r"(?:从|由)[\d.一二三四五六七八九十两]+", head)[0]
    while True:
        before = head
        head = _SCOPE_PREFIX.sub("", head)
        for word in HEDGE_WORDS + ACTION_WORDS:
            if head.startswith(word) and len(head) > len(word) and not _is_nominal(head, len(word)):
                head = head[len(word):]
                break
        if head == before:
            break
    while True:
        before = head
        head = _strip_fillers(head.rstrip("的要将已均是都"))
        for word in HEDGE_WORDS + ("累计", "全部", "分别"):
            if head.endswith(word) and len(head) > len(word):
                head = head[:-len(word)]
        if head == before:
            return head.strip()


def _indicator(clause: str, q_start: int, verb_start: int, verb_end: int, noun: str, unit: str,
               previous: str, earlier_clause: str) -> str:
    """What is measured: the thing counted after the unit, else the subject before the comparator,
    else the previous commitment's indicator in the same sentence (…提高了2.69岁, 达到81.08岁),
    else what the clause before names (开展老年人免费体检,完成40万人次)."""
    if verb_start >= 0:
        between = _MODIFIERS.sub("", _strip_fillers(clause[verb_end:q_start]))
        head = clause[verb_end:q_start] if between else clause[:verb_start]
    else:
        head = clause[:q_start]
    head = _clean_head(_after_list_mark(head))
    if noun:
        if unit in ("%", "‰"):
            thing = noun[:20]
            return head + thing if head and len(thing) <= 4 else thing
        verb, start, _ = _first_verb(noun)
        thing = noun[:start] if verb and start >= 4 else noun[:16]
        return thing.rstrip("的等")
    if head in _GENERIC and previous:
        return previous + head
    return head or previous or _clean_head(_after_list_mark(earlier_clause))


def _kind(sentence_upto: str, year: int | None, breadcrumb: str) -> str:
    """Target or result: the cue nearest the number wins, then years, then the section heading."""
    past = [m.end() for m in _PAST.finditer(sentence_upto)]
    plan = [m.end() for m in _PLAN.finditer(sentence_upto)]
    if year:
        for m in _YEAR.finditer(sentence_upto):
            mentioned = int(m.group(1))
            if sentence_upto[max(0, m.start() - 1):m.start()] in ("到", "至"):
                plan.append(m.end())
            elif mentioned < year:
                past.append(m.end())
            else:
                plan.append(m.end())
    if past or plan:
        return "result" if max(past, default=-1) > max(plan, default=-1) else "target"
    for title in reversed(breadcrumb.split(" > ")):
        if _RESULT_HEADING.search(title):
            return "result"
        if _PLAN_HEADING.search(title):
            return "target"
        heading_year = _YEAR.search(title)
        if year and heading_year:
            return "result" if int(heading_year.group(1)) < year else "target"
    return "target"


def _target_date(sentence_upto: str) -> str | None:
    """The deadline written before the number (到年底, 2020年, 年内); names and titles do not count."""
    masked = _NAMES.sub(lambda m: " " * len(m.group(0)), sentence_upto)
    for pattern in _TARGET_DATES:
        found = list(pattern.finditer(masked))
        if found:
            return found[-1].group(0)
    return None
