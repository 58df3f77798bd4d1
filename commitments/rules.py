"""The rules that read one quantity of a sentence: is it a commitment, its comparator, indicator,
kind (target or result) and deadline. Pure functions of the text; extract.py applies them."""
from __future__ import annotations

import re
from collections.abc import Sequence

from commitments.labels import label_problem
from text.numbers import Quantity
from text.quantity_rules import ACTION_WORDS, HEDGE_WORDS, LEVEL_WORDS, adjacent_level, strip_fillers

_LIST_SEP = "、"
_CAUSATIVES = ("通过", "推动", "支持", "鼓励", "引导", "督促", "指导", "组织", "启动")
_NOUN_HEADS = re.compile(r"中心|率|员|基地|机构|站|室|项目|费|量|数|人员|合格|能力|体系|网络|平台|设施|标准|经费|资金")
# Every multi-character verb, longest first, matched at every position (the lookahead overlaps).
_VERBS = re.compile("(?=(" + "|".join(sorted({re.escape(w) for w in ACTION_WORDS + LEVEL_WORDS if len(w) > 1},
                                              key=len, reverse=True)) + "))")
_MODIFIERS = re.compile(r"人均|每人|平均|约|近|共计|共|累计|总计|分别|均|了")
_GENERIC = ("总数", "总量", "数量", "人数", "比例", "占比", "总额", "规模")

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
    r"^(?:(?:到|至)?(?:(?:19|20)\d{2}|今|明)?年(?:底|末)前?|(?:到|至)?(?:19|20)\d{2}年度?|[一二三四五六七八九十]+是|"
    r"年内|全年|今年|其中|同时|并|使|把|将|"
    r"要|全市|全省|全区|全县|全国|我市|我省|各地|各区|每地|共|进一步|全面|继续|持续|积极|努力|逐步|实现|确保|推动)+")


def _last_word(text: str, words: Sequence[str]) -> tuple[str, int]:
    """The last occurrence of any of `words` in text (longest at that place) and its end offset."""
    best, best_end = "", -1
    for word in words:
        i = text.rfind(word)
        if i >= 0 and (i + len(word) > best_end or i + len(word) == best_end and len(word) > len(best)):
            best, best_end = word, i + len(word)
    return best, best_end


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
    level = adjacent_level(before)
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
            if (head.startswith(word) and len(head) > len(word) and not _is_nominal(head, len(word))
                    and label_problem(_strip_tail(head[len(word):])) not in ("generic", "duration")):  # 帮扶时间
                head = head[len(word):]
                break
        if head == before:
            break
    return _strip_tail(head)


def _strip_tail(head: str) -> str:
    """Without fillers, hedges and 累计/全部/分别 at the end: 帮扶时间累计 → 帮扶时间."""
    while True:
        before = head
        head = strip_fillers(head.rstrip("的要将已均是都"))
        for word in HEDGE_WORDS + ("累计", "全部", "分别"):
            if head.endswith(word) and len(head) > len(word):
                head = head[:-len(word)]
        if head == before:
            return head.strip()


_MAX_LABEL = 24


def _shorten(noun: str, size: int = _MAX_LABEL) -> str:
    """At most `size` characters, cut at a word joint (的, 并, 和) rather than inside a word."""
    noun = re.split(r"并(?=[\u4e00-\u9fff]{2})|(?<=.)(?:为期|历时)", noun, maxsplit=1)[0]
    if len(noun) <= size:
        return noun
    joint = max(noun.rfind(mark, 0, size) for mark in "的和及与、")
    return noun[:joint] if joint >= size // 2 else noun[:size]


def _indicator(clause: str, q_start: int, verb_start: int, verb_end: int, noun: str, unit: str,
               previous: str, earlier_clause: str) -> tuple[str, str]:
    """(label, head): what is measured — the thing counted after the unit, else the subject before
    the comparator, else the previous commitment's indicator in the same sentence (…提高了2.69岁,
    达到81.08岁), else what the clause before names (开展老年人免费体检,完成40万人次) — and the
    subject written before the number (for commitments.labelling)."""
    if verb_start >= 0:
        between = _MODIFIERS.sub("", strip_fillers(clause[verb_end:q_start]))
        head = clause[verb_end:q_start] if between else clause[:verb_start]
    else:
        head = clause[:q_start]
    if clause[:q_start].rstrip().endswith("各") and not noun:  # 胸痛、创伤、卒中救治中心各1-2个: the list, each
        head = _clean_head(head.rstrip()[:-1])
        return (f"{head}(各)" if head else ""), head
    each = _clean_head(head.rstrip()[:-1]) if head.rstrip().endswith("各") else ""  # 海安县、如皋市各建成1家…
    # 高血压、糖尿病患者规范管理率(均)达到65%: a list subject without numbers of its own shares the number
    whole = (not noun and "分别" not in clause and not re.search(r"\d", head)
             and _clean_head(head.split(_LIST_SEP)[0]) not in ("", *ACTION_WORDS))  # 新建、改建健身路径: verbs
    head = _clean_head(head if whole else _after_list_mark(head))
    if noun:
        if unit in ("%", "‰"):
            thing = _shorten(noun, 20)
            return (head + thing if head and len(thing) <= 4 else thing), head
        verb, start, verb_end = _first_verb(noun)
        if verb and 1 <= start <= 3 and len(noun) - start <= _MAX_LABEL - 4:
            thing = f"{noun[start:].rstrip('的等')}的{noun[:start]}"  # 10个区全部通过…评审 → 全部通过…评审的区
        elif verb and verb_end == len(noun):  # a verb closing the phrase is its head noun: 村卫生室运行补助
            thing = _shorten(noun)
        elif verb and start >= 4:
            thing = noun[:start]
        else:
            thing = _shorten(noun)
        thing = thing.rstrip("的等")
        return (f"{thing}({each}各)" if each and thing else thing), head
    if head in _GENERIC and previous:
        return previous + head, head
    return head or previous or _clean_head(_after_list_mark(earlier_clause)), head


def _kind(sentence_upto: str, year: int | None, breadcrumb: str) -> str:
    """Target or result: the cue nearest the number wins, then years, then the section heading."""
    past = [m.end() for m in _PAST.finditer(sentence_upto)]
    plan = [m.end() for m in _PLAN.finditer(sentence_upto)
            if not (year and m.group().startswith("到") and int(m.group()[1:5]) < year)]  # 提高到2020年的 in 2021
    if year:
        for m in _YEAR.finditer(sentence_upto):
            mentioned = int(m.group(1))
            before = sentence_upto[max(0, m.start() - 1):m.start()]
            if before in ("由", "从"):
                continue  # 由2020年的24.6%提高到27%: the year dates the baseline, not the number
            # 到2020年 in a 2018 plan is a deadline; a year before the plan's dates a result, however it is
            # introduced (截至2017年底 in a 2018 plan, 提高到2020年的77.48岁 in a 2021 plan)
            (past if mentioned < year else plan).append(m.end())
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
