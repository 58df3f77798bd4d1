"""Quantity questions and their answers: "新增多少张床位?" → "1000张", "签约率目标?" → "47%以上".

Numbers are read by index/numbers.py (the commitments extractor's reader) and filtered by the
commitments rules (commitments.extract.rejection: years, ordinals, rate denominators, names in
quotes are not answers). This module only decides whether a question asks for a quantity, which
quantity of a sentence answers it, and how much of the text around the number the answer keeps:

- the unit and what is written after it (以上, 左右, 余): always;
- a bound or a change written right before the number (不低于, 超, 近, 同比降低, 下降, 提高了): kept,
  since "不低于4.7万个" and "4.7万个" are different answers; a verb that only says the level is
  reached (达到, 提高到, 新增) is not;
- 人均 right before the number (人均85元): kept, it says what the number counts;
- quantities written back to back (14类55项) or, when the question says 分别, listed with 、/和
  (30%、80%以上; 36家和16家): kept together.

The answer is always a verbatim slice of its sentence.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from commitments.extract import extract_text
from text.coverage import ANSWER_FORM_WORDS, FRAME_WORDS, is_question_word, is_word, names_topic
from text.lexicon import synonym_map
from text.normalise import normalise_for_match, to_simplified
from text.numbers import CN_DIGITS, UNITS, Quantity, find_quantities, parse_number
from text.quantity_roles import (
    RATE_POINTS,
    THIS_YEAR_WORDS,
    AskedRole,
    NumberRole,
    a_projects_total,
    asked_role,
    named_score,
    number_roles,
    role_conflicts,
    role_score,
)
from text.quantity_rules import (
    ACTION_WORDS,
    ANNIVERSARY,
    DENOMINATOR,
    DURATION_REJECTION,
    LEVEL_WORDS,
    baseline_year,
    counted_subject_terms,
    noun_after,
    rejection,
)
from text.script import simplified_reading

# Chinese cues: 多少/几/多大… ask for a number; 比例/目标/率/水平 do unless the question asks
# for measures or a description (哪些目标, 有什么要求).
_ASKS_NUMBER = re.compile(r"什么水平|什么比例|(?:控制|稳定|保持|降|压|提高|提升)[到在至]什么范围|多少|(?<!这)(?<!近)几(?!乎)|多大|多高|多长|多久|多远|百分之几")
_ASKS_LEVEL = re.compile(r"比例|比率|目标|[率]|水平|占比|指标")
_ASKS_DESCRIPTION = re.compile(r"哪些|什么|怎么|怎样|如何|是否|有没有|吗")
_ASKS_NUMBER_EN = re.compile(
    r"\bhow (?:many|much|long|far|high)\b|\bwhat (?:[a-z'\-]+ ){0,4}(?:share|percentage|proportion|rate|number|level|target|ratio)\b"
    r"|\bwhat is the (?:minimum|maximum)\b"
    # "what is Zunyi's 2022 ceiling for the infant mortality rate", "what life expectancy does … aim to reach"
    r"|\bwhat\b(?! (?:are|measures|steps|kinds?|types?)\b)[^?]*?\b(?:share|percentage|proportion|rate|ratio|coverage"
    r"|ceiling|cap|life expectancy|per[- ]capita|per (?:1,?000|10,?000|100,?000|thousand)"
    r"|average|incidence|prevalence|mortality|length of stay|response time|waiting time"
    r"|investment|spending|subsidy|allowance|amount|time limit|capacity)\b"
    r"|\bby how much\b|\btarget (?:for|of)\b|\b(?:what|which) is .*\btarget\b|\bpercent|\b(?:what|which) anniversary\b",
    re.IGNORECASE)
_ASKS_DESCRIPTION_EN = re.compile(r"\bwhich (?!share|percentage)|\bhow (?:does|do|will|is|are|can)\b|\bwhat (?:are|measures)\b",
                                  re.IGNORECASE)
_ASKS_RESULT = re.compile(r"[了过](?:多少|几)|截至|截止|累计|这几年|近几年|以来|过去|已经|\bhas\b|\bhave\b|\bdid\b|"
                          r"\breached\b|\bso far\b", re.IGNORECASE)
_ASKS_PLAN = re.compile(r"计划|目标|打算|预计|力争|[要将拟](?!求)|\btarget|\bplan|\bwill\b|\baim|\bgoal|\bceiling|\bcap\b|\bset\b(?!\s+up)",
                        re.IGNORECASE)
_AUXILIARY = re.compile(r"did|has|have", re.IGNORECASE)  # "what ceiling did … set": the plan word says which
# 覆盖率定了什么目标, 数量有什么最低要求, 每10万人口…医师配置有什么要求: the target or requirement of
# something measured (a rate, a count, a per-capita ratio) is a number.
_ASKS_MEASURED_TARGET = re.compile(r"(?:率|比例|占比|比重|数量|每[\d一二三四五六七八九十百千万]+(?:常住)?人口[^，,。？?；;]{0,16}?)"
                                   r"[^，,。？?；;]{0,6}什么(?:样的)?(?:最低|最高)?(?:目标|要求|标准)")
_RESPECTIVELY = re.compile(r"分别|respectively", re.IGNORECASE)
_PERCENT_CUES = re.compile(r"比例|比率|率|素养|占比|占(?!地|用)[^，。？?、]{0,8}(?:多少|几成)|百分|\bshare\b|\bpercent|\bproportion\b|\brate\b|\bliteracy\b", re.IGNORECASE)

# Written right before the number and kept in the answer (longest first).
BOUND_WORDS: tuple[str, ...] = (
    "不低于", "不少于", "不超过", "不高于", "不大于", "不小于", "不足", "少于", "低于", "高于", "多于", "大于", "小于",
    "超过", "超出", "逾", "超", "接近", "将近", "近", "约", "至少", "最多", "人均",
)
CHANGE_WORDS: tuple[str, ...] = (
    "同比增加", "同比增长", "同比下降", "同比降低", "同比减少", "同比提高", "提高", "提升", "增加", "增长", "下降", "降低",
    "减少", "缩短", "延长",
)
_KEPT = tuple(sorted(BOUND_WORDS + CHANGE_WORDS, key=len, reverse=True))
_VERBS = tuple(sorted(set(LEVEL_WORDS + ACTION_WORDS), key=len, reverse=True))
# 几 asks for a number, except in 这几年, 近几年, 过去几年 (a few years) and 几十/几百 (tens, hundreds)
HOW_MANY = r"(?:多少|(?<![这近前去])几(?![十百千万]))"
_CUE = re.compile(HOW_MANY + r"|多大|多高|多长|多久")
UNIT_BONUS = 1.5   # the quantity is in the unit the question asks for (多少张 → 张)
UNIT_MISMATCH = 0.5  # … or in another one
# the stems of 控制在/保持在… set a level and measure nothing: 控制 of 剖宫产率控制在多少 names no indicator
_VERB_STEMS = ("控制", "保持", "稳定", "维持")
_VERB_SET = frozenset(_VERBS + BOUND_WORDS + CHANGE_WORDS + _VERB_STEMS)
_FRAME = frozenset({"目标", "要求", "比例", "比率", "占比", "比重", "计划", "预计", "力争", "全年", "指标", "水平",
                    "总数", "总量", "总额", "今年"})  # 总数 of 医养结合机构总数…多少家, 今年: a total or a time, no indicator
# Words of this domain too common to say what is asked about (医生 in 医生平均工资 matches 家庭医生).
_GENERIC = frozenset({"医院", "医生", "健康", "服务", "卫生", "医疗", "机构", "工作", "建设", "管理", "居民", "全市"})
# Intentions a citizen wraps a question in (准备查多少人, 希望多少比例的病人…): never the indicator. Times
# (当年, 一年) stay: 当年完成投资多少 is not answered by the project's 总投资.
_INTENTIONS = frozenset("打算 准备 希望 想要 争取 下来".split())
_FRAME_WORDS_CJK = frozenset(w for w in FRAME_WORDS if len(w) >= 3)  # 卫计委, 卫生健康委, 工作要点
FOCUS_REACH = 8    # characters either side of 多少/几 that name what is asked about
VERB_BONUS = 1.0   # the verb before 多少 is written before the number (提高到多少 → 提高到人均85元)
CLOSING_REACH = 16  # characters after a number within which the verb closing a count question is looked for
NAMED_AFTER = 2.0  # what is written right after the number is what the question asks (15元的标准 for 补贴标准是多少)
SUBJECT_COUNT = 1.0  # a number counting the question's subject (76家社区卫生服务中心) when it asks for something else
ROLE_CLOSE = 1.0   # another number of the sentence scoring within this is a near tie: confidence low
PARALLEL_WEIGHT = 0.5  # per question term a parallel clause leaves to the clause before (less than its own words)
PARTIAL_PENALTY = 2.0  # a number about some of the units only (部分…不足50%) for a question about all
_PARTIAL = re.compile(r"部分(?!地区)|个别|少数|一些|有的")
DENSITY_PENALTY = 2.0  # a per-population ratio (每千人口床位数6.6张) for a question that asks no ratio
_ASKS_DENSITY = re.compile(DENOMINATOR.pattern + r"|人均|密度|\bper (?:capita|head|person|resident|1,?000|10,?000|100,?000"
                           r"|thousand|ten thousand|hundred thousand)\b|\bdensity\b|\bratio\b", re.IGNORECASE)
_PER_PERSON = re.compile(r"每人|人均|每[户名位个](?:每[年月])?")
# … or a person's pay (村医一年到手的收入: 人均年收入不低于5.5万元)
_ASKS_PER_PERSON = re.compile(r"每人|人均|每[户名位个]|一个人|一人|每个人|标准|补助|补贴|收入|工资|薪酬|报酬|待遇"
                              r"|\bper[- ](?:person|head|capita)\b|\beach\b|\bincome\b|\bsalar", re.IGNORECASE)
# the period an amount is counted over (每人每月450元, 每人每年960元): 日 and 天 name the same one
_PERIOD_OF_AMOUNT = re.compile(r"每(?:人|户|名)?每?(年|月|日|天|周)")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_RATE_WORD_END = re.compile(r"[\u4e00-\u9fff]率(?!先)")  # …筛查率, not 率先
RATE_REACH = 8  # characters before a rate word within which a synonym of the asked rate may begin
_QUALIFIERS = frozenset({"以下", "以上", "以内", "左右", "以外", "之内"})  # bounds written after a number
_CLAUSE_BREAK = "，,；;：:。！？!?\n"
_LIST_JOINERS = ("、", "和", "与", "及")  # between the items of a list (30%、80%; 36家和16家)
_JOINERS = (*_LIST_JOINERS, "")  # … or nothing: quantities written back to back (14类55项)


@dataclass(frozen=True)
class QuantityAnswer:
    """The short answer taken from a sentence; offsets are those of the sentence's document."""

    text: str
    start: int
    end: int
    score: float  # how well the quantity's clause matches the question (for choosing between sentences)
    number_start: int = 0  # where the (first) number begins, same offsets
    matched: int = 0  # question terms written in the quantity's clause
    focus: int = 0    # focus terms (next to 多少 in the question) written in its clause or the one before
    rival: str = ""   # another number of the sentence scoring within ROLE_CLOSE (a near tie), verbatim
    conflicts: tuple[str, ...] = ()  # cues of the question this number contradicts (time, measure, subject)


def asks_for_quantity(question: str) -> bool:
    """True for 多少/几/多大 questions, for 哪一年 questions, for the target or requirement of a
    rate or a count (覆盖率定了什么目标), and for 比例/目标/率 questions that do not ask 哪些/什么/如何."""
    if (_ASKS_NUMBER.search(question) or _ASKS_NUMBER_EN.search(question) or asks_year(question) or asks_date(question)
            or asked_ordinal(question) or _ASKS_MEASURED_TARGET.search(question)):
        return True
    if _ASKS_DESCRIPTION.search(question) or _ASKS_DESCRIPTION_EN.search(question):
        return False
    return bool(_ASKS_LEVEL.search(question))


def asked_unit(question: str) -> str:
    """The unit a question names after 多少/几 (多少张 → 张), '%' for a share, else ''."""
    m = re.search(HOW_MANY + r"(.{0,4})", question)
    if m:
        rest = m.group(1)
        unit = next((u for u in UNITS if rest.startswith(u)), "")
        if unit:
            return unit
    return "%" if _PERCENT_CUES.search(question) else ""


_ASKS_PERIOD = re.compile(r"年份区间|起止年份|起止时间|哪几年|\b(?:what|which) (?:period|years)\b|\btime ?(?:span|frame)\b",
                          re.IGNORECASE)
_ASKS_YEAR = re.compile(_ASKS_PERIOD.pattern + r"|哪一年|哪年|何年|\b(?:what|which) year\b"
                        r"|\b(?:what|which) (?:is|was) the (?:[a-z\-]+ )?year\b", re.IGNORECASE)


_MONEY = r"(?:投资|资金|经费|预算|投入|补助|补贴|费用|金额|收入|支出|奖励|奖补|扶助金|资助|(?<!免)费)"  # 服务费, 诊疗费: a fee
_ASKS_MONEY = re.compile(rf"多少钱|{_MONEY}(?:标准)?[了的是为达到共计有约]{{0,3}}多少|(?:安排|投入|投资|拨付|筹集|下达|节约|节省)了?多少[\u4e00-\u9fff]{{0,6}}{_MONEY}"
                         r"|多少[万亿]?元|\bhow much (?:money|funding|investment)\b"
                         r"|\bhow much (?:did|does|do|will|would|is|was) .*\b(?:spend|invest|save|cost)\b", re.IGNORECASE)
_NOT_MONEY = re.compile(r"比例|占比|比重|增长|增幅|增速|百分|率|报销|倍|\bshare\b|\bpercent|\brate\b|\bgrowth\b", re.IGNORECASE)
_ASKS_ANNIVERSARY = re.compile(r"周年|\banniversary\b", re.IGNORECASE)
_ASKS_DATE = re.compile(r"哪天|哪一天|几月几[日号]|什么日期|具体日期|\bwhat date\b|\bon what day\b|\bwhich day\b",
                        re.IGNORECASE)
_DATE = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")


def asks_date(question: str) -> bool:
    """哪天, 几月几日, on what date: the answer is a day of the year (2月2日)."""
    return bool(_ASKS_DATE.search(question))


def date_quantities(sentence: str) -> list[Quantity]:
    """The days a sentence writes (2月2日), which are never quantities otherwise."""
    return [Quantity(text=m.group(0), start=m.start(), end=m.end(), number_text=m.group(0), number_start=m.start(),
                     number_end=m.end(), value=int(m.group(1)) * 100 + int(m.group(2)), value_min=None,
                     value_max=None, unit="日", approximate="", modifier="", chinese=False)
            for m in _DATE.finditer(sentence) if 1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31]


def asks_year(question: str) -> bool:
    """哪一年/哪年/which year, or a period of years (年份区间, what period): the answer is a year
    (2030年) or a span of years (2016-2020年), which is never a quantity otherwise."""
    return bool(_ASKS_YEAR.search(question))


_ASKS_ORDINAL = re.compile(r"第几([\u4e00-\u9fff])")
_ASKS_ORDINAL_EN = re.compile(r"\bwhich (round|batch|edition|session|phase)\b", re.IGNORECASE)
_ORDINAL_MEASURES_EN = {"round": "轮", "batch": "批", "edition": "届", "session": "届", "phase": "期"}


def asked_ordinal(question: str) -> str:
    """The measure word of a 第几 question (第几届 → 届, 第几批 → 批, which round → 轮), '' for any
    other question."""
    m = _ASKS_ORDINAL.search(question)
    if m:
        return m.group(1)
    m = _ASKS_ORDINAL_EN.search(question)
    return _ORDINAL_MEASURES_EN[m.group(1).lower()] if m else ""


def ordinal_quantities(sentence: str, measure: str) -> list[Quantity]:
    """The ordinals a sentence writes with the measure word asked for (第八届, 第五批, and a phase
    in Chinese numerals: 二期): the answers of a 第几 question, which the commitment rules never
    take for quantities. 共举办3届 is a count, not an ordinal."""
    out = []
    for m in re.finditer(rf"(第?)([{CN_DIGITS}\d]+){re.escape(measure)}", sentence):
        value = parse_number(m.group(2))
        phase = measure == "期" and not m.group(2).isdigit()
        if value is not None and (m.group(1) or phase):
            out.append(Quantity(text=m.group(0), start=m.start(), end=m.end(), number_text=m.group(2),
                                number_start=m.start(), number_end=m.end(2), value=value, value_min=None,
                                value_max=None, unit=measure, approximate="", modifier="",
                                chinese=not m.group(2).isdigit()))
    return out


_NO_ROLE = NumberRole(measure=None, time="", year=None, subjects=(), named="", inherited="")


def year_quantities(sentence: str, question: str) -> list[Quantity]:
    """The years a sentence writes (2030年, also inside a quoted slogan or a title), minus those
    the question writes itself: 深圳2019年的计划要在哪一年… does not ask for 2019. A question about
    a period takes spans of years only (2016-2020年)."""
    named = set(re.findall(r"(?:19|20)\d{2}", question))
    period = bool(_ASKS_PERIOD.search(question))
    years = [q for q in find_quantities(sentence)
             if q.unit == "年" and 1900 <= q.value <= 2100 and not q.chinese and q.number_text not in named
             and (q.value_max is not None or not period)]
    return years if period else [_year_end(q, starts=bool(_ASKS_START.search(question))) for q in years]


# 从哪一年开始/起步, starting year: the first year of a span (2015—2020年 → 2015); any other single
# year asked of a span (到哪一年, 规划期到哪一年为止, by what year) is its last (→ 2020年).
_ASKS_START = re.compile(r"起始|开始|起步|启动|始于|从哪|\bstart|\bbegin|\bfrom which\b|\bfirst year\b", re.IGNORECASE)


def _year_end(q: Quantity, starts: bool) -> Quantity:
    """One year of a span of years, as a verbatim slice: the first (2015) or the last (2020年)."""
    first, last = re.match(r"\d{4}", q.text), re.search(r"(\d{4})年", q.text)
    if q.value_max is None or first is None or last is None:
        return q  # not a span written 2015—2020年: kept whole
    if starts:
        return replace(q, text=first.group(0), end=q.start + 4, number_text=first.group(0), number_end=q.start + 4,
                       value_min=None, value_max=None, unit="", modifier="")
    begin = q.start + last.start(1)
    return replace(q, text=q.text[last.start(1):], start=begin, number_text=last.group(1), number_start=begin,
                   value=q.value_max, value_min=None, value_max=None)


_COUNT_EN = re.compile(r"\bhow many\b|\bnumber of\b", re.IGNORECASE)  # "what total number of beds" counts too
# What an English "how many …" counts, and the Chinese measure words that can count it: "how many
# hospitals" is never answered by 6类15项, "how many beds" never by 3家. Nouns not listed are not checked.
EN_COUNTED_UNITS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(rf"^(?:{nouns})$", re.IGNORECASE), frozenset(units)) for nouns, units in (
        (r"hospitals?|clinics?|cent(?:re|er)s?|institutions?|enterprises?|compan(?:y|ies)|firms?|pharmac(?:y|ies)"
         r"|facilit(?:y|ies)|homes?|bases?|laborator(?:y|ies)|labs?|stations?|schools?|colleges?|universities",
         ("家", "个", "所", "座", "处", "间")),
        (r"beds?", ("张", "床")),
        # professionals are counted by head (招聘大学生村医20名), never in 人次 (培训乡村医生300人次 counts trainings)
        (r"doctors?|physicians?|nurses?|staff|specialists?|experts?|professionals?|graduates?|pharmacists?"
         r"|practitioners?|academicians?", ("人", "名", "位")),
        (r"people|persons?|residents?|students?|workers?|trainees?|volunteers?|patients?|children|women|elderly",
         ("人", "名", "位", "人次", "万人次", "户")),
        (r"vehicles?|ambulances?|cars?|devices?|machines?|defibrillators?|AEDs?", ("辆", "台", "套", "部", "个")),
        (r"projects?|items?|programm?es?|technologies|techniques?|tasks?|standards?|indicators?|measures?|systems?",
         ("项", "个", "类", "种", "条", "套", "批", "项次")),
        (r"sessions?|events?|conferences?|lectures?|campaigns?|trainings?|courses?|activities", ("场", "次", "期", "届", "个", "项", "轮")),
        # a team of doctors is counted as a team (组建家庭医生团队2650个), not by the residents it signs
        (r"teams?|squads?", ("个", "支", "组", "队")),
    ))


def english_counted_units(question: str) -> frozenset[str] | None:
    """The measure words that can count what an English "how many …" question counts (how many
    township hospitals → 家/个/所…), None when the question counts nothing listed."""
    m = _COUNT_EN.search(question)
    if not m:
        return None
    words = re.findall(r"[A-Za-z][\w'\-]*", question[m.end():])[:6]
    found = [next((units for nouns, units in EN_COUNTED_UNITS if nouns.match(word)), None) for word in words]
    first = next((i for i, units in enumerate(found) if units is not None), None)
    if first is None:
        return None
    while first + 1 < len(found) and found[first + 1] is not None:
        first += 1  # hospital beds are beds: the last noun of a compound is what is counted
    return found[first]


# 多久, and indicators that are themselves a span of time (平均住院日, 急救反应时间, length of stay)
_ASKS_DURATION = re.compile(r"多久|多长时间|住院日|住院天数|反应时间|等候时间|候诊时间|\bhow long\b|\blength of stay\b"
                            r"|\b(?:response|waiting) time\b", re.IGNORECASE)
DURATION_UNITS = frozenset({"年", "个月", "月", "周", "天", "日", "小时", "分钟"})


def asks_duration(question: str) -> bool:
    """多久, 多长时间, 多少年, 几年, how long: the answer is a span of time."""
    return bool(_ASKS_DURATION.search(question)) or asked_unit(question) in DURATION_UNITS


_MULTIPLIER = re.compile(r"^[千百]?[万亿](?=.)")


def unit_mismatch(question: str, answer: str) -> bool:
    """The answer is not in the kind of unit the question asks for: 多少家 answered in 个 or %,
    a share answered by a count, "how many hospitals" answered by a percentage."""
    found = find_quantities(to_simplified(answer))  # 620張 is counted in 张
    if not found or not found[0].unit:
        return False  # a bare number (a table's cell) has its unit in its row, not in the answer
    unit = found[0].unit
    asked = _MULTIPLIER.sub("", asked_unit(question))  # 多少亿元 asks for 元: 2.8亿元 reads as 2.8亿 in 元
    if asks_duration(question):  # 多少分钟 is not answered in 天 (平均住院日9.8天 for a response time)
        return unit not in DURATION_UNITS or asked in DURATION_UNITS and unit != asked
    if asked == "%":
        return not _answers_rate(unit, question)
    if asked:
        return unit != asked
    if _asks_count_en(question):
        counted = english_counted_units(question)
        return _percent_family(unit) or (counted is not None and unit not in counted)
    return False


@lru_cache(maxsize=256)
def asks_money(question: str) -> bool:
    """The question asks for a sum of money: 多少钱, 投资多少, 安排了多少资金, 补助标准是多少元 —
    and not for a share or change of one (投入增长多少, 报销比例是多少)."""
    q = normalise_for_match(question)
    return bool(_ASKS_MONEY.search(q)) and not _NOT_MONEY.search(q)


def never_answers(unit: str, question: str, asked: str | None = None) -> bool:
    """A number in `unit` cannot answer the question whatever its clause says: a share or rate
    is not 4年 or 28家, a count (多少家, how many) or a span of time (平均住院日多少天) is not a
    percentage, a span of time by nothing but a span (多少天 not by minutes, nor by 4个).
    `asked`: asked_unit(question), when already known."""
    asked = asked_unit(question) if asked is None else asked
    if asked == "%":
        return not _answers_rate(unit, question)
    if unit and not asked and asks_money(question):  # 计划完成投资多少 is not answered by 9个
        return not unit.endswith("元")
    if asks_duration(question):  # a bare number (a table's 7.5) may be a span; 4个 or 10% is not
        return asked in DURATION_UNITS and unit != asked if unit in DURATION_UNITS else bool(unit)
    if not _percent_family(unit):
        return False
    return bool(asked) or _asks_count_en(question)


def _asks_count_en(question: str) -> bool:
    """"How many" not about a share (how many percent of…)."""
    return bool(_COUNT_EN.search(question)) and not _PERCENT_CUES.search(question)


def asked_verb(question: str) -> str:
    """The verb right before 多少/几 (要提高到多少 → 提高到, 新增多少 → 新增), '' when none."""
    m = _CUE.search(question)
    if not m:
        return ""
    before = question[:m.start()]
    before = before[:-1] if before.endswith("了") else before  # 新增了多少 → 新增
    return next((v for v in _VERBS if before.endswith(v)), "")


def closing_verb(question: str) -> str:
    """The action verb a count question writes after what it counts (几个项目要投入使用 → 投入使用),
    '' when none: the number whose noun is followed by that verb (6个项目投入使用) answers, not the
    one followed by another (10个项目立项)."""
    m = _CUE.search(question)
    if not m:
        return ""
    rest = question[m.end():]
    written = [(rest.rfind(v) + len(v), len(v), v) for v in ACTION_WORDS if v in rest]
    return max(written)[2] if written else ""  # the last one written (重点建设项目要投入使用 → 投入使用)


def asked_kind(question: str) -> str | None:
    """"target" for a plan (计划新增多少, 目标, 要达到), "result" for what was done (新增了多少,
    截至2017年, 这几年), None when the question does not say or says both."""
    plan = bool(_ASKS_PLAN.search(question))
    past = any(not (plan and _AUXILIARY.fullmatch(m.group())) for m in _ASKS_RESULT.finditer(question))
    return None if past == plan else ("result" if past else "target")


def quantity_kind(sentence: str, number_start: int, year: int | None, heading: str) -> str | None:
    """Target or result, as the commitments extractor reads the number at number_start of the
    sentence (commitments.extract: cues such as 力争/已/累计, years, the section heading)."""
    for commitment in extract_text(sentence, year=year, heading=heading):
        if commitment.number_start == number_start:
            return commitment.kind
    return None


def _percent_family(unit: str) -> bool:
    return unit in ("%", "‰") or unit.startswith("/")


def _answers_rate(unit: str, question: str) -> bool:
    """The unit answers a question about a rate or share: a rate, or the change of one when the
    question asks for a change (提高了2.1个百分点 answers 就诊率比上年提高了多少, not 就诊率是多少)."""
    return _percent_family(unit) or unit in RATE_POINTS and asked_role(question).measure == "change"


def _same_verb(text: str, verb: str) -> bool:
    """The verb is written in text (到 and 至 alike: 提高到 = 提高至)."""
    return verb in text or verb.replace("到", "至") in text or verb.replace("至", "到") in text


def _prefix_start(sentence: str, number_start: int) -> int:
    """Where a kept bound/change word before the number begins (number_start when there is none)."""
    before = sentence[:number_start]
    core = before[:-1] if before.endswith("了") else before
    for word in _KEPT:
        if core.endswith(word):
            if word in ("提高", "提升", "增加", "增长", "下降", "降低", "减少") and re.search(r"[到至]$", core):
                continue  # 提高到 says the level, not the change
            return len(core) - len(word)
    return number_start


def _clause_span(sentence: str, pos: int) -> tuple[int, int]:
    s = pos
    while s > 0 and sentence[s - 1] not in _CLAUSE_BREAK:
        s -= 1
    e = pos
    while e < len(sentence) and sentence[e] not in _CLAUSE_BREAK:
        e += 1
    return s, e


def _clause(sentence: str, pos: int) -> str:
    s, e = _clause_span(sentence, pos)
    return sentence[s:e]


def _context(sentence: str, pos: int, ahead: bool = False) -> str:
    """The clause holding pos and the one before it: 创建广东省高水平医院,力争全市创建3家以上
    names what 3家 counts one clause earlier. With `ahead`, the clause after it too: a span of
    time or a year names what it is for one clause later (通过10-15年的努力,全面建成…制度体系;
    到2025年,全面建成…)."""
    s, e = _clause_span(sentence, pos)
    if ahead and e < len(sentence):
        e = _clause_span(sentence, e + 1)[1]
    return sentence[_clause_span(sentence, s - 1)[0] if s > 0 else s:e]


def _written(term: str, text: str) -> bool:
    return term in text or any(s in text for s in synonym_map().get(term, ()))


_THIS_YEAR = ("当年", *THIS_YEAR_WORDS)


def _this_year(term: str, text: str, year: int | None) -> bool:
    """A word of the question for the plan's year (当年, 今年) is written as any of them, or as the
    year the question names (2019年计划完成投资 for 2019年…当年计划完成投资)."""
    return term in _THIS_YEAR and (any(w in text for w in _THIS_YEAR) or year is not None and f"{year}年" in text)


def _year_of_a_level(asked: AskedRole) -> int | None:
    """The year whose figure the question asks for; None for a change (提高了多少 from 2017 to 2022)."""
    return asked.year if asked.measure != "change" else None


def answer_quantities(sentence: str, durations: bool = False, counted: str = "", before: str = "",
                      anniversaries: bool = False, year: int | None = None) -> list[Quantity]:
    """Quantities of the sentence that can answer a question: those the commitment rules accept
    (no years, ordinals, rate denominators, ages without a comparator such as 3岁以下婴幼儿); with
    `durations`, for a question asking how long, also a bare duration (通过10-15年的努力); with
    `counted` (what a 几个/几项 question counts, asked_noun), also a count the commitment rules
    pass over as a slogan or a list of instruments when it counts exactly that (六个国家区域医疗中心
    for 几个国家区域医疗中心, 6项基层人才培养计划 for 几项基层人才培养计划); `before` is what it counts
    when the question names it before the cue (健康南通行动共有多少项, asked_noun_before); with
    `anniversaries`, also 40周年 (改革开放多少周年, which anniversary); with `year` (the year a question
    asks about), also a baseline dated by that year (由2017年的5.86张 for 2017年…床位数是多少)."""
    def accepted(q: Quantity) -> bool:
        why = rejection(sentence, q, 0)
        if why is None or why == ANNIVERSARY and anniversaries:
            return True
        if why == "baseline":
            return year is not None and baseline_year(sentence, q) == year
        after = noun_after(sentence, q)
        named = bool(counted) and names_counted(after, counted)
        # written in digits, or followed by what the question names: 五年 of 第3个五年规划 names a
        # plan, not a span of time, but 未来三年的工作目标 answers 未来几年的工作目标
        if durations and why == DURATION_REJECTION and q.unit in DURATION_UNITS and (not q.chinese or named):
            return True
        if why == "no unit" and not q.chinese and _RATIO_LEVEL.search(sentence[:q.number_start]):
            return True  # 孕产妇死亡率为0, 出生人口性别比降至115以下: a rate or ratio written without a unit
        return why in _COUNTED_REJECTIONS and (named or bool(before) and ends_with_counted(after, before))
    return [q for q in find_quantities(sentence) if accepted(q)]


_RATIO_LEVEL = re.compile(r"(?:率|比)(?:为|是|降至|降到|下降到|控制在|保持在|稳定在|达到|达)$")
# Counts a 几个 question may take when they count what it names: slogans (六个坚持, “三个持续”),
# counts of instruments (6项…计划) and counts inside a quoted name (“十二项行动”).
_COUNTED_REJECTIONS = frozenset({"Chinese numeral without verb", "count of policy instruments", "name in quotes"})
_QUOTE_MARKS = re.compile(r"[“”\"‘’「」『』《》]")
_ASKED_NOUN = re.compile(HOW_MANY + "(" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")([^，,。；;？?！!\s]*)")
COUNTED_PREFIX = 4  # characters a counted noun must share with the question's, from their start


def _bare(text: str) -> str:
    """Text as counted nouns are compared: normalised, quote marks left out."""
    return _QUOTE_MARKS.sub("", normalise_for_match(text))


def asked_noun(question: str) -> str:
    """What a count question counts, written after 几/多少 and its unit: 几个国家区域医疗中心开展建设
    → 国家区域医疗中心开展建设 ('' when the question names no unit or nothing after it)."""
    m = _ASKED_NOUN.search(normalise_for_match(question))
    return m.group(2) if m else ""


_ASKED_BEFORE = re.compile(r"([^，,。；;？?！!\s的]{2,}?)(?:一共有|总共有|共有|一共|总共|共计|共|有|是|为|包括)?" + HOW_MANY + "(?:"
                           + "|".join(sorted(UNITS, key=len, reverse=True)) + r")[？?。！!\s]*$")


def asked_noun_before(question: str) -> str:
    """What a count question counts when it names it before the cue and nothing after the unit:
    健康南通行动共有多少项? → 健康南通行动 (a parenthesis left out; '' otherwise)."""
    if asked_noun(question):
        return ""
    m = _ASKED_BEFORE.search(re.sub(r"\([^)]*\)", "", normalise_for_match(question)))
    return m.group(1) if m else ""


def ends_with_counted(noun: str, before: str) -> bool:
    """The noun after a number is the end of what the question counts: 十二项“行动” and 5项制度
    count the 行动 of 健康南通行动 and the 制度 of 改善医疗服务制度 (two characters at least)."""
    noun = _bare(noun).removeprefix("的")
    return any(before.endswith(noun[:k]) for k in range(min(COUNTED_PREFIX, len(noun), len(before)), 1, -1))


def names_counted(noun: str, asked: str) -> bool:
    """The noun after a number is the one the question counts: both start with the same
    COUNTED_PREFIX characters (or the whole of the shorter, when it has at least two), quote
    marks aside (几个“坚持” counts the 坚持 of “六个坚持”)."""
    noun, asked = (_bare(text).removeprefix("的") for text in (noun, asked))
    need = min(COUNTED_PREFIX, len(noun), len(asked))
    return need >= 2 and noun[:need] == asked[:need]


_YEARS_COMPARED = re.compile(r"(?:较|比|与|同)(?:(?:19|20)\d{2}年(?:底|末)?|上年|去年|上一年)")


def focus_terms(question: str, terms: Iterable[str], reach: int = FOCUS_REACH) -> set[str]:
    """Terms written within `reach` characters of 多少/几 (or of the whole question when it has no
    such cue): in "基本公共卫生服务项目经费标准提高到多少" the indicator asked about is 经费标准,
    not 基本公共卫生服务, and a quantity's clause naming it should win."""
    normed = _YEARS_COMPARED.sub("", normalise_for_match(question))  # 寿命较2013年提高了多少: 寿命 is near
    m = _CUE.search(normed)
    content = {t for t in terms if _names_something(t)}
    if not m:
        return content
    window = normed[max(0, m.start() - reach):m.end() + reach]
    return {t for t in content if t in window}


@lru_cache(maxsize=4096)
def _names_something(term: str) -> bool:
    """A term that can name an indicator: not a verb (达到, 新增), comparator (人均, 提高), unit,
    question frame (目标, 比例, 多少, 已经, 每个), intention (打算, 希望), function word (他们, 一共), a piece of a
    frame (计委 of 卫计委) or a one-character fragment."""
    return (len(term) >= 2 and term not in _FRAME and term not in _GENERIC and term not in _VERB_SET
            and term not in ANSWER_FORM_WORDS and term not in _INTENTIONS and names_topic(term)
            and not is_question_word(term) and not any(term in f and term != f for f in _FRAME_WORDS_CJK)
            and term not in UNITS
            and not _CUE.search(term) and not term.endswith("要") and not term.startswith("要")
            and not _glued_to_verb(term) and term not in _QUALIFIERS and not _guessed_pair(term))


def _guessed_pair(term: str) -> bool:
    """Two characters jieba joined across a boundary of an everyday question, no dictionary or lexicon
    word (钱涨 of 服务钱涨到, 上花 of 卫生上花多少钱, 名刚 of 多少名刚毕业), or a verb with its complement
    (压到, 涨到, 减了): neither names what is asked about."""
    return len(term) == 2 and (term[1] in "到了得" or not is_word(term))


def rate_of_another(context: str, before: str, question: str, rates: Sequence[str], focus: Iterable[str]) -> bool:
    """The number measures another rate than one asked about (`rates`: focus words ending in 率):
    - the rate word nearest before it in its clause (`before`) is another one: 新生儿疾病筛查率达到98%
      does not answer 新生儿死亡率 (a word ending in the asked rate's last two characters, 规范化管理率
      for 规范管理率, or a lexicon synonym, is the same rate);
    - or its clause (`context`) writes the asked rate only after other words and never the question's
      modifier: 婴儿死亡率为2.08‰ does not answer 新生儿死亡率 either.
    All texts normalised (normalise_for_match) by the caller."""
    focus = list(focus)
    for head in rates:
        if _another_rate_word(before, head):
            return True
        for at in (m.start() for m in re.finditer(re.escape(head), question)):
            modifier = next((f for f in focus if f != head and question[:at].endswith(f)), "")
            if not modifier or head not in context or any(_written(modifier, _phrase_before(context, k))
                                                           for k in _starts(head, context)):
                continue  # 新生儿死亡率 written as such (not 新生儿 of 新生儿疾病筛查率 a clause before)
            if all(_CJK_CHAR.match(context[k - 1:k] or " ") for k in _starts(head, context)):
                return True
    return False


def _phrase_before(text: str, at: int) -> str:
    """The RATE_REACH characters before `at`, within its clause: where a rate's modifier is written."""
    window = text[max(0, at - RATE_REACH):at]
    cut = max(window.rfind(c) for c in _CLAUSE_BREAK + "|")
    return window[cut + 1:]


def _another_rate_word(before: str, head: str) -> bool:
    """The last word ending in 率 before the number is not the asked rate `head` (nor a synonym
    written in the RATE_REACH characters before its end)."""
    ends = [m.end() for m in _RATE_WORD_END.finditer(before)]
    if not ends:
        return False
    word = before[:ends[-1]]
    return not (word.endswith(head[-2:]) or _written(head, word[-len(head) - RATE_REACH:]))


def _starts(term: str, text: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(term), text)]


def _glued_to_verb(term: str) -> bool:
    """A token jieba cut across a boundary, one character glued to a verb (率控制 of 剖宫产率控制在):
    the verb's, not a name of what is asked."""
    return any(len(term) == len(v) + 1 and term.endswith(v) for v in _VERB_SET if len(v) >= 2)


def pick_quantity(sentence: str, offset: int, terms: Iterable[str], question: str) -> QuantityAnswer | None:
    """The quantity of `sentence` (at `offset` in its document) that answers `question`, or None.

    A traditional-Chinese sentence is read in its simplified form (same offsets: 張 is the unit 张,
    億元 is 亿元) and answered with the verbatim slice of the original."""
    reading = simplified_reading(sentence)
    found = _pick_quantity(reading, offset, terms, question)
    if found is None or reading is sentence:
        return found
    rival = reading.find(found.rival) if found.rival else -1
    return replace(found, text=sentence[found.start - offset:found.end - offset],
                   rival=sentence[rival:rival + len(found.rival)] if rival >= 0 else found.rival)


def _pick_quantity(sentence: str, offset: int, terms: Iterable[str], question: str) -> QuantityAnswer | None:
    """pick_quantity on a sentence written (or read) in simplified Chinese.

    Each quantity is scored by the question terms written in its clause (focus terms, next to
    多少 in the question, count twice), plus a bonus when its unit is the one asked for (多少张 →
    张) and when the verb before 多少 precedes the number too; ties go to the earlier quantity."""
    year = asks_year(question)
    duration = asks_duration(question) or year  # both name what they are for one clause later
    ordinal = asked_ordinal(question)
    counted_noun = asked_noun(question)  # what a 几个 question counts, named after its unit
    date = asks_date(question)
    named_after = year or bool(ordinal) or date  # what a year, an ordinal or a day is about is written after it
    asked = asked_role(question)
    if date:
        quantities = date_quantities(sentence)
    elif year:
        quantities = year_quantities(sentence, question)
    elif ordinal:
        quantities = ordinal_quantities(sentence, ordinal)
    else:
        quantities = answer_quantities(sentence, durations=duration, counted=counted_noun,
                                       before="" if counted_noun else asked_noun_before(question),
                                       anniversaries=bool(_ASKS_ANNIVERSARY.search(question)),
                                       year=_year_of_a_level(asked))
    if not quantities:
        return None
    terms = [t for t in terms if t and t not in _QUALIFIERS]  # 控制在多少以下: 以下 is no indicator word
    terms = part_terms(question, terms)
    focus = focus_terms(question, terms)
    normed = normalise_for_match(question)
    # the rates asked about, in a Chinese question (an English question's terms are glossary alternatives)
    rates = [] if _LATIN_WORD.search(question) else [f for f in focus if f.endswith("率") and len(f) >= 2]
    unit = asked_unit(question)
    counted_en = english_counted_units(question) if not unit else None
    verb = asked_verb(question)
    closing = closing_verb(question)
    asks_density = bool(_ASKS_DENSITY.search(question))
    asks_per_person = asks_density or bool(_ASKS_PER_PERSON.search(question))
    # a year's or an ordinal's words follow it (2030年消除…, 第八届“…”巡讲活动): the roles, read from
    # the words before each number, do not apply
    roles = [_NO_ROLE] * len(quantities) if named_after else number_roles(sentence, quantities)
    roles = [replace(r, time="year", year=dated) if (dated := baseline_year(sentence, q)) else r
             for q, r in zip(quantities, roles)]  # 由2017年的5.86张: that year's figure
    subjects = [t for t in terms if t not in focus and _names_something(t)]
    asked_period = "" if _LATIN_WORD.search(question) else _amount_period(normed)
    scored: list[tuple[float, int]] = []
    counts: dict[int, tuple[int, int]] = {}
    other_rates: set[int] = set()  # numbers measuring another rate than the one asked (rate_of_another)
    for i, (q, role) in enumerate(zip(quantities, roles)):
        if never_answers(q.unit, question, unit):
            continue  # a rate is never answered by 4年 or 28家, a count or a span of time by a percentage
        # an elliptical clause (…,县级综合医院不低于50%) is about the indicator named before it
        # … and a 分别 item is named by its item, even one listed in a clause before (比2015年分别提高0.82人)
        clause = normalise_for_match(_clause(sentence, q.number_start) + ("|" + role.inherited if role.elliptical else "")
                                     + ("|" + role.named if role.rivals else ""))
        context = normalise_for_match(_context(sentence, q.number_start, ahead=duration) + "|" + role.inherited)
        matched = sum(1 for t in terms if t in clause)
        clause_head = normalise_for_match(sentence[_clause_span(sentence, q.number_start)[0]:q.number_start])
        period = _amount_period(clause_head)
        if asked_period and period and period != asked_period:
            continue  # 每人每月多少 is not answered by 每人每年不低于60元
        if rates and rate_of_another(context, clause_head, normed, rates, focus):
            other_rates.add(i)
        counts[i] = (matched, 0 if i in other_rates
                     else sum(1 for t in focus if _written(t, context) or _this_year(t, context, asked.year))
                     + (period == asked_period != ""))  # 每人每月450元 is what 标准是每人每月多少 asks for
        score = float(matched + sum(1 for t in focus if _written(t, clause)))
        if role.parallel:  # 重点人群签约率 after 常住人口家庭医生签约率: 家庭医生 is left out, not another topic
            before = normalise_for_match(role.inherited)
            score += PARALLEL_WEIGHT * sum(1 for t in terms if t in before and t not in clause)
        if unit:
            score += UNIT_BONUS if unit == "%" or q.unit == unit else -UNIT_MISMATCH
        elif counted_en:  # how many doctors: 20名 rather than 300人次 of the same sentence
            score += UNIT_BONUS if q.unit in counted_en else -UNIT_MISMATCH
        head = quantities[list_start(sentence, quantities, i)].number_start  # 控制在6/10万、2.5‰: 2.5‰'s verb too
        lead = sentence[max(0, head - len(verb) - 4):head]
        if verb and _same_verb(lead, verb):
            score += VERB_BONUS
        if closing and _same_verb(sentence[q.end:_clause_span(sentence, q.end)[1]][:CLOSING_REACH], closing):
            score += VERB_BONUS  # … and the number is about what the question asks (its focus)
            counts[i] = (counts[i][0], counts[i][1] + 1)
        score -= DENSITY_PENALTY if _is_ratio(sentence, q) and not asks_density else 0.0
        score -= DENSITY_PENALTY if per_person(sentence, q) and not asks_per_person else 0.0
        score -= PARTIAL_PENALTY if partial(sentence, q.number_start, question) else 0.0
        after = noun_after(sentence, quantities[list_end(sentence, quantities, i)])  # 30元、60元、120元收费: every item's
        whole = noun_after(sentence, quantities[i - 1]) if role.subset else ""  # 其中2家 counts what 8家 counts
        if (any(after.startswith(f) or whole.startswith(f) for f in focus)
                or named_after and _names_after(sentence, quantities, i, focus)):
            score += NAMED_AFTER
        counted = counted_subject_terms(after, subjects, focus) if q.unit != unit and not named_after else 0
        score -= (counted + SUBJECT_COUNT) if counted else 0.0  # its subject words were matched only as what it counts
        # a 分别 item is also named by a question word that neither the other items nor the words they
        # share write (糖尿病 of 高血压患者、糖尿病患者…规范管理率分别为)
        naming = sorted(focus)
        if role.rivals:
            shared = normalise_for_match(role.rivals + "|" + role.shared)
            naming = sorted(set(focus) | {t for t in terms if t not in shared})
        score += role_score(asked, role) + named_score(naming, role, lambda t, text: _written(t, normalise_for_match(text)))
        scored.append((score, i))
    if not scored:
        return None
    # a number whose clause writes what the question asks about next to 多少 beats one whose clause does
    # not (当年完成投资多少: 年内完成投资1.4亿元, not the project's 总投资2.6亿元 written with its name);
    # ties go to the earlier quantity
    prefer_focus = bool(focus) and not _LATIN_WORD.search(question)
    # … and a year's figure beats the project's total (总投资27.9亿元，规划床位1500张，年内完成投资5.6亿元)
    # for a question about one year, however many of the project's words the total's clause writes
    one_year = asked.time in ("year", "current")
    score, i = max(scored, key=lambda s: (prefer_focus and counts[s[1]][1] > 0,
                                          not (one_year and a_projects_total(roles[s[1]])), s[0], -s[1]))
    end, last = _extent(sentence, quantities, i, question, scored)
    first = quantities[i]
    start = _prefix_start(sentence, first.number_start)
    rival = next((quantities[j] for s, j in sorted(scored, reverse=True)
                  if not i <= j <= last and score - s < ROLE_CLOSE
                  and not (one_year and a_projects_total(roles[j]) and not a_projects_total(roles[i]))), None)
    rival_text = sentence[_prefix_start(sentence, rival.number_start):rival.end] if rival else ""
    conflicts = role_conflicts(asked, roles[i])
    if i in other_rates:
        conflicts += ("rate",)  # 婴儿死亡率 for 新生儿死亡率: never shown as a possible answer either
    if partial(sentence, first.number_start, question):
        conflicts += ("subject",)
    if _is_ratio(sentence, first) and not asks_density or per_person(sentence, first) and not asks_per_person:
        conflicts += ("measure",)
    if not named_after and counts_another(sentence[first.end:_clause_span(sentence, first.end)[1]], counted_noun):
        conflicts += ("counted",)
    return QuantityAnswer(sentence[start:end], offset + start, offset + end, score, offset + first.number_start,
                          *counts[i], rival=rival_text, conflicts=conflicts)


def _amount_period(text: str) -> str:
    """The period the last per-period amount of `text` is counted over (每人每月 → 月), '' for none."""
    found = _PERIOD_OF_AMOUNT.findall(text)
    return {"天": "日"}.get(found[-1], found[-1]) if found else ""


_PART_OF = re.compile(r"(?:中|里|当中|之中)[，,]|其中")


def part_terms(question: str, terms: Sequence[str]) -> list[str]:
    """The terms of the part a question asks about: in 计划推进的重大项目中，新开工项目有几个 the
    whole (重大项目) only says where the part is counted, so a number matching the whole's words
    (重大项目28个) does not outscore the part's (其中新开工项目6个). All terms when the question
    names no part."""
    asked = normalise_for_match(question)
    m = _PART_OF.search(asked)
    if not m:
        return list(terms)
    return [t for t in terms if t in asked[m.end():]] or list(terms)


def partial(sentence: str, number_start: int, question: str) -> bool:
    """The number is about some of the units only (部分乡镇卫生院床位使用率不足50%: a problem stated
    for a few, not the level of all), and the question does not ask about some."""
    start, _ = _clause_span(sentence, number_start)
    return bool(_PARTIAL.search(sentence[start:number_start])) and not _PARTIAL.search(question)


def _is_ratio(sentence: str, q: Quantity) -> bool:
    """A population denominator is written before the number in its clause: the number is a ratio
    (每千常住人口床位数达到6.6张), not a count."""
    return bool(DENOMINATOR.search(sentence[_clause_span(sentence, q.number_start)[0]:q.number_start]))


def per_person(sentence: str, q: Quantity) -> bool:
    """An amount of money per person (奖励扶助标准为每人每年960元, 人均补助89元): a standard, not a total
    (发放资金3706万元) of a question that asks for no standard or per-person figure."""
    return q.unit.endswith("元") and bool(_PER_PERSON.search(sentence[_clause_span(sentence, q.number_start)[0]:q.number_start]))


def _head(noun: str) -> str:
    """The thing a noun phrase names: what follows its last 的 (达到…标准的村卫生室 → 村卫生室)."""
    return _bare(noun).rsplit("的", 1)[-1]


def counts_another(after: str, asked: str) -> bool:
    """The number counts something else than the question does: the rest of its clause (`after`)
    shares no two characters with the head of what the question counts, nor writes a lexicon
    synonym of it (几家…妇幼保健门诊 is not answered by 10家…村卫生室; 几个社康中心 may be by
    76家社区卫生服务中心, both 中心)."""
    noun, asked = _bare(after), _head(asked)
    if len(noun) < 2 or len(asked) < 2:
        return False
    if {noun[k:k + 2] for k in range(len(noun) - 1)} & {asked[k:k + 2] for k in range(len(asked) - 1)}:
        return False
    synonyms = synonym_map()
    return not any(s in noun for t, group in synonyms.items() if t in asked for s in group)


def _names_after(sentence: str, found: Sequence[Quantity], i: int, focus: Iterable[str]) -> bool:
    """A focus term is written between the year (or ordinal) and the next one or a clause break:
    in “2028年基本消除麻风病危害”和“2032年实现控烟目标”, 控烟 belongs to 2032年. A year that ends
    its clause (到2020年,全面建立…制度) is about the clause after it."""
    clause_end = _clause_span(sentence, found[i].end)[1]
    if not sentence[found[i].end:clause_end].strip() and clause_end < len(sentence):
        clause_end = _clause_span(sentence, clause_end + 1)[1]
    end = min([clause_end, *(y.number_start for y in found[i + 1:i + 2])])
    words = normalise_for_match(sentence[found[i].end:end])
    return any(_written(f, words) for f in focus)


def list_start(sentence: str, quantities: Sequence[Quantity], i: int) -> int:
    """The index of the first quantity of the 、/和 list quantities[i] is an item of (i when it is
    none): the verb before a list (分别控制在6/10万、2.5‰和3.5‰) is every item's."""
    while i > 0 and sentence[quantities[i - 1].end:quantities[i].number_start] in _LIST_JOINERS:
        i -= 1
    return i


def list_end(sentence: str, quantities: Sequence[Quantity], i: int) -> int:
    """The index of the last quantity of the 、/和 list quantities[i] is an item of (i when it is none):
    what is written after a list (按每人每年30元、60元、120元收费) is every item's."""
    while i + 1 < len(quantities) and sentence[quantities[i].end:quantities[i + 1].number_start] in _LIST_JOINERS:
        i += 1
    return i


def _extent(sentence: str, quantities: Sequence[Quantity], i: int, question: str,
            scored: Sequence[tuple[float, int]]) -> tuple[int, int]:
    """Where the answer starting with quantities[i] ends, and the index of its last quantity.

    Quantities written back to back (14类55项) stay together; a 、/和 list too when the question
    says 分别, or when the sentence says 分别 and the question does not pick one of the items
    (the listed numbers then score alike)."""
    by_index = dict((j, s) for s, j in scored)
    end, last = quantities[i].end, i
    asked_all = bool(_RESPECTIVELY.search(question))
    listed = "分别" in _clause(sentence, quantities[i].number_start)
    for j in range(i + 1, len(quantities)):
        q = quantities[j]
        gap = sentence[end:q.number_start]
        alike = listed and abs(by_index.get(j, float("-inf")) - by_index[i]) < 1e-9
        if gap == "" or (asked_all or alike) and gap in _JOINERS:
            end, last = q.end, j
        else:
            break
    return end, last


__all__ = ["BOUND_WORDS", "CHANGE_WORDS", "QuantityAnswer", "answer_quantities", "asked_kind", "asked_unit",
           "asked_verb", "asks_for_quantity", "focus_terms", "quantity_kind",
           "pick_quantity", "unit_mismatch"]
