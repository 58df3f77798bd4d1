"""Is what the question asks about written in the evidence? Content-word coverage.

A retriever always returns the least unrelated passages, and their cosine says little: "东莞2024年
GDP增长多少?" reaches passages about 东莞 2024 that never write GDP. The question's content words
(its tokens minus function words, question frames, the cities and years it names, and numbers)
must each be written in the evidence, as such or as a lexicon synonym (社区医生 → 家庭医生); a
compound the tokeniser also splits (县级综合医院 → 县级, 综合, 医院) is covered when its parts are.
A term no passage writes (救护车, 护照, 天气) means there is nothing to answer from, and the
message names it.

English words are looked up in the English glossary (text/data/glossary_en.tsv): a phrase it
lists is covered when one of its Chinese terms is written. English words the glossary does not
know cannot be checked against Chinese text and are ignored, unless the question has no known
term at all: then it names nothing the documents could write.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from text.lexicon import DATA_DIR, synonym_map
from text.normalise import normalise_for_match
from text.places import gazetteer
from text.pos import tagged

GLOSSARY_PATH = DATA_DIR / "glossary_en.tsv"

# Words that frame a question or a plan but name no topic: they are in every document or in none.
FRAME_WORDS = frozenset("""
多少 几 几个 多大 多高 多长 什么 哪些 哪个 哪里 哪儿 怎么 怎样 怎么样 如何 是否 是不是 有没有 有何 为何 为什么 何时 什么样
目标 计划 要求 规定 任务 措施 举措 安排 部署 重点 主要 具体 情况 方面 内容 工作 相关 有关 关于 提到 提及 说 讲 写 里 中
达到 达 提高 提升 增加 增长 减少 降低 下降 新增 完成 实现 推进 推动 加强 开展 建设 做 做好 怎么办 要 应 应该 需要 能 可以 会
今年 明年 去年 当年 全年 年底 年内 目前 现在 截至 截止 以来 过去 五年 期间 每年 一年 两年 年度 时候 多久 什么时候
全市 我市 本市 各地 各市 各区 城市 地方 文件 报告 要点 工作要点 工作计划 会议 工作会议 政府 市里 市 省 区 县
比例 比重 占比 数量 数 总数 规模 水平 标准 指标 率 人数 个数 总量 万 亿 元 平均 人均 每 分别 一共 共 累计 约 左右 以上 以下 比率 名额
打算 准备 没有 不能 能否 可否 多久 怎么搞 搞 请问 告诉 介绍 一下 知道 问 我 我们 你 你们 他们 吗 呢 吧 啊 的 了 是 有 在 和 与 及 或 对 为 将 被 等 也 都 还 从 向 到 被 给
卫生 健康 卫生健康 卫生计生 医疗 医疗卫生 卫健委 卫生健康委 卫计委
""".split())
# Function words that name nothing in any question (a subset of the frame that also never names
# the indicator a number measures, unlike 标准 or 比例).
FUNCTION_WORDS = frozenset("""
每个 每家 每名 已经 一直 直接 别的 某种 因为 所以 之间 仍然 还是 曾经 总共 一共 到底 究竟 面向
不会 不用 不要 不能 不必 不需要 不可以 不算 不得
这方面 那方面 以后 之后 以前 之前 人家 一下子 下子 哪天 天开 前去 正值 照着 按照 依照 是从
""".split())  # negated modals (看病不用跑远) say whether, never what; 以后, 这方面 and 人家 (多少户人家)
# say when, which or how it is counted; 下子, 天开, 前去 are how jieba cuts 一下子, 哪天开, 婚前去
# Words that say what form the asked number takes (a year, a span, a bound, a total), never what it
# is about: 起始年份是哪一年, 时间跨度到哪一年, 数量有什么最低要求, 共有多少项.
ANSWER_FORM_WORDS = frozenset("""
年份 日期 区间 时间跨度 跨度 期限 年限 时限 为止 起始 开始 结束 起来 最低 最高 最少 最多 下限 上限 共有
""".split())
FRAME_WORDS = FRAME_WORDS | FUNCTION_WORDS | ANSWER_FORM_WORDS
# 几项, 几家, 哪一年, 多少钱, 能不能, 算不算: a question word with its measure word, or an A-not-A
# question, names no topic either.
_A_NOT_A = re.compile(r"([\u4e00-\u9fff]{1,2})[不没]\1")
_QUESTION_WORD = re.compile(rf"^(?:几|哪|多少).{{0,2}}$|^{_A_NOT_A.pattern}$")
EN_STOPWORDS = frozenset("""
the a an of in on for to and or is are was were be been being what which how does did do with about by at from as
that this these those it its their there will would should can could may might much many per each any all than
into under over more most less least new by end year years city cities plan plans target targets goal goals
s much what's whats who whom when where why number level share rate percent percentage total set aim aims
""".split())
# Glossary phrases of English questions that frame a plan rather than name its topic: a clause
# writing 力争 or 新增 is not thereby about what the question asks.
EN_FRAME_PHRASES = frozenset("""
aim|aim to|aims|strive|strive to|add|adds|added|new|build|built|building|construct|set up|establish|established
|reduce|reduced|reduction|decrease|cut|increase|increased|raise|raised|improve|control|contain|curb|keep within
|at least|more than|over|above|below|no less than|not less than|national|national-level|national level|state-level
|provincial|provincial-level|provincial level|county|counties|county-level|county level|city|city-level|municipal
|district|districts|district-level|district level|province|township|townships
|year on year|year-on-year|compared with last year|yoy|free|free of charge|standardized|standardised|plan|plans|planned|planning
|priorities|work priorities|tasks|key tasks|main tasks|key work|key points|work points|work plan|work report|annual plan
|health authorities|health authority|health departments|health department|health commission|municipal health commission|health bureau
|plan to|plans to|planned to|planning to
""".replace("\n", "").split("|"))
_LATIN = re.compile(r"[a-z](?:[a-z'\-]*[a-z])?(?:-\d+)?")  # covid-19 is one word, not "covid-"
# 比比 (jieba's cut of 占比比2017年), 常常, 天天: a doubled adverb character names no topic
_ADVERB_AA = re.compile(r"([比常多刚渐往仅稍略每天年时处])\1")
_NUMBER = re.compile(r"[\d.,%‰]+")
_ROMAN = re.compile(r"i{1,3}|iv|vi{0,3}|ix|x")  # Grade III is a level, not an acronym a passage must write


@dataclass(frozen=True)
class Coverage:
    """What the evidence writes of the question's content words."""

    terms: tuple[str, ...]      # content words of the question, as checked
    missing: tuple[str, ...]    # those no evidence text writes (nor a synonym of them)
    english_unknown: bool = False  # an English question with no term the glossary knows

    @property
    def covered(self) -> bool:
        return bool(self.terms) and not self.missing and not self.english_unknown


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """jieba's dictionary words: a token outside it was guessed by jieba's HMM from the question's
    own characters (比要 from 占比要提高, 台救 from 多少台救…) and names nothing."""
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return frozenset(w for w, f in tokenizer.FREQ.items() if f > 0)


# jieba's part-of-speech tags of words that say how, when or which, never what is asked about:
# adverbs (偷偷, 尽快), prepositions (除了), conjunctions (还要, 只是), pronouns (自己, 那样),
# numerals (一份, 一家), particles, modal particles and interjections.
FUNCTION_TAGS = frozenset({"d", "p", "c", "r", "m", "u", "y", "e"})


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    """jieba's part-of-speech tag of each dictionary word."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(w for w, tag in _tags().items() if tag in FUNCTION_TAGS)


# jieba's tags of words that describe rather than name: adjectives (糊涂, 直观), place words (隔壁,
# 当场) and localizers (之外). One such word unwritten, while the question's other content words
# (at least MODIFIED_TOPIC) are, is how a citizen words a written topic, not an absent one.
MODIFIER_TAGS = frozenset({"a", "s", "f"})
MODIFIED_TOPIC = 3


def modifies(token: str) -> bool:
    """A dictionary word jieba tags as an adjective, a place word or a localizer, and no lexicon
    term (罕见病, a lexicon term, is a topic; 罕见 alone describes)."""
    return _tags().get(token) in MODIFIER_TAGS and token not in synonym_map()


def only_a_modifier(missing: Sequence[str], written_terms: int) -> bool:
    """在普通医保之外, 跟隔壁深圳, 失智、糊涂: the one unwritten word describes a topic whose words
    (written_terms of them, at least MODIFIED_TOPIC) are written."""
    return len(missing) == 1 and modifies(missing[0]) and written_terms >= MODIFIED_TOPIC


_LEVEL_VERB_END = ("到", "至", "在")
_ASKED = re.compile(r"(?:多少|几|多大|多高|多长|什么水平|什么范围)")


# jieba's tag of a verb. A verb the evidence does not write, in a question whose other words are
# written, often says what people do with the thing asked about (在卫生院上班的医生,
# 用来补助, 提前预约), not what is counted: the plans write 在岗, 用于, 预约. Followed by a noun it
# is part of the topic instead (血液透析中心, 接待游客), and the topic is not written.
ACTION_TAG = "v"
_ACTION_NEXT = ("的", "了", "后", "着", "过", "完", "好")


def acts(token: str) -> bool:
    """A dictionary word jieba tags as a plain verb and no lexicon term (近视, tagged a verb, is a
    topic in the lexicon)."""
    return _tags().get(token) == ACTION_TAG and token not in synonym_map()


def describes(verb: str, question: str) -> bool:
    """Everywhere the question writes the verb, what follows is a particle, another verb, a
    punctuation mark, the number asked for or the end: 上班的医生, 用来补助, 建好后, 请来几位, not
    透析中心 or 接待游客."""
    pairs = tagged(question)
    places = [i for i, (word, _) in enumerate(pairs) if word == verb]
    for i in places:
        if i + 1 < len(pairs):
            word, flag = pairs[i + 1]
            if not (word in _ACTION_NEXT or flag.startswith(("v", "x", "u", "p", "m")) and flag != "vn"
                    or not re.match(r"[\u4e00-\u9fff]", word)):
                return False
    return bool(places)


def only_actions(missing: Sequence[str], written_terms: int, question: str) -> bool:
    """Every unwritten word is a verb that describes rather than names (acts, describes) or a
    modifier (从外面请来: 外面 with 请来), at least one is a verb, and at least MODIFIED_TOPIC of the
    question's words are written: how a citizen says what is done with a written topic."""
    return (any(acts(m) for m in missing) and written_terms >= MODIFIED_TOPIC
            and all(acts(m) and describes(m, question) or modifies(m) for m in missing))


CUT_REACH = 4  # the longest word looked for across a token's edge


def cut_across(token: str, question: str, text: str) -> bool:
    """A two-character token the tokeniser cut across a word boundary: everywhere the question writes
    it, a word takes one of its characters, and that word is a question frame (多加多少 → 加多 against
    多少; 一共生了 → 共生 against 一共) or is written in the evidence (门急诊人次要 → 次要 against 人次;
    德阳新出生 → 阳新 against 德阳). What is left of the token is one character, which names nothing."""
    if len(token) != 2:
        return False
    spots = [m.start() for m in re.finditer(re.escape(token), question)]

    def taken(i: int) -> bool:
        words = [question[j:i + 1] for j in range(max(0, i + 1 - CUT_REACH), i)]  # ends on the first character
        words += [question[i + 1:k] for k in range(i + 3, min(len(question), i + 1 + CUT_REACH) + 1)]  # starts on the second
        return any(is_word(w) and (w in FRAME_WORDS or written(w, text)) for w in words)
    return bool(spots) and all(taken(i) for i in spots)


def asks_level_by(token: str, question: str) -> bool:
    """The verb that sets the level asked for, right before 多少 (压到多少, 打到多大, 控制在什么范围):
    how a citizen says 控制在, not a topic the plans must write."""
    return token.endswith(_LEVEL_VERB_END) and bool(re.search(re.escape(token) + r"了?" + _ASKED.pattern, question))


def names_topic(token: str) -> bool:
    """A word whose absence from the evidence means the topic is absent: not a function word by
    jieba's tags (FUNCTION_TAGS)."""
    return token not in _function_words()


def is_word(token: str) -> bool:
    """A dictionary word or a lexicon term (not a fragment the tokeniser guessed)."""
    return token in _dictionary() or token in synonym_map()


@lru_cache(maxsize=2)
def glossary(path: Path = GLOSSARY_PATH) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(English phrases, Chinese terms) per glossary entry, normalised; () when the file is missing."""
    if not path.exists():
        return ()
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    out = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        english = tuple(normalise_for_match(t.strip()) for t in (row.get("english") or "").split("|") if t.strip())
        chinese = tuple(normalise_for_match(t.strip()) for t in (row.get("chinese") or "").split("|") if t.strip())
        if english and chinese and not all(c in FRAME_WORDS for c in chinese):
            out.append((english, chinese))  # entries for 目标, 比例, 率 name no topic
    return tuple(out)


def is_question_word(token: str) -> bool:
    """几项, 哪一年, 多少钱, 能不能, 已经: question words and function words, which name nothing."""
    return token in FUNCTION_WORDS or bool(_QUESTION_WORD.match(token))


def is_content(token: str) -> bool:
    """A token that can name a topic: two characters or more, not a frame word, not a number."""
    t = token.strip()
    if len(t) < 2 or t in FRAME_WORDS or _NUMBER.fullmatch(t) or _QUESTION_WORD.match(t) or _ADVERB_AA.fullmatch(t):
        return False
    if _LATIN.fullmatch(t):
        return t not in EN_STOPWORDS and len(t) >= 2
    return True


def written(term: str, text: str) -> bool:
    """The term, or one of its lexicon synonyms, is written in (normalised) text."""
    return term in text or any(s in text for s in synonym_map().get(term, ()))


def _latin_terms(question: str) -> list[str]:
    return [w for w in _LATIN.findall(normalise_for_match(question)) if w not in EN_STOPWORDS and len(w) >= 2]


def _phrase_text(question: str) -> str:
    """The question as glossary phrases are looked for in it: lower case, words between single
    spaces. A comma outside a number (HIV, syphilis; not 1,000), a semicolon, colon or bracket
    ends a phrase: "public health, emergency care" does not write "public health emergency"."""
    text = re.sub(r"(?<!\d),|,(?!\d)|[;:!?()]", " | ", normalise_for_match(question))
    return " " + re.sub(r"[^a-z0-9,%|]+", " ", text) + " "


def english_phrases(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """(glossary phrase, its Chinese terms) for each glossary entry the English question writes
    (longest phrase of the entry; "target" and other stopwords name no topic)."""
    q = _phrase_text(question)
    found = []
    for english, chinese in glossary():
        phrase = next((e for e in sorted(english, key=len, reverse=True) if f" {e} " in q), None)
        if phrase and phrase not in EN_STOPWORDS:
            found.append((phrase, chinese))
    # a phrase written only inside a longer one names nothing of its own: "medicine" (药品) in
    # "traditional chinese medicine" (中医药) is not a second topic the evidence must write
    unclaimed, kept = q, set()
    for phrase, _ in sorted(found, key=lambda item: -len(item[0])):
        if f" {phrase} " in unclaimed:
            kept.add(phrase)
            unclaimed = unclaimed.replace(f" {phrase} ", " | ")
    return [(phrase, chinese) for phrase, chinese in found if phrase in kept]


def english_topics(question: str, places: Iterable[str] = ()) -> list[tuple[str, tuple[str, ...]]]:
    """The glossary phrases of an English question that name a topic: not a frame (aim to, build,
    at least, national) and not one of `places` (Shenzhen → 深圳)."""
    named = {normalise_for_match(p) for p in places}
    return [(phrase, chinese) for phrase, chinese in english_phrases(question)
            if phrase not in EN_FRAME_PHRASES and not all(c.removesuffix("市") in named for c in chinese)]


def _english(phrases: Sequence[tuple[str, tuple[str, ...]]], text: str) -> tuple[list[str], list[str], bool]:
    """(glossary phrases found, those whose Chinese terms no evidence writes, no known term at all)."""
    found, missing = [], []
    for phrase, chinese in phrases:
        found.append(phrase)
        if not any(written(c, text) for c in chinese):
            missing.append(phrase)
    return found, missing, not found


def _is_place(chinese: Sequence[str]) -> bool:
    """The glossary's Chinese for an English phrase are all place names (Shenzhen → 深圳|深圳市)."""
    return bool(chinese) and all(gazetteer().lookup(c) for c in chinese)


def _only_places_known(found: Sequence[tuple[str, tuple[str, ...]]], latin: Sequence[str]) -> bool:
    """An English question whose glossary phrases are a place and frames only, while other words of
    it are unknown (Will it rain in Shenzhen on Saturday?): the glossary knows where it asks about
    but nothing of what, so nothing shows that the evidence writes it."""
    if not any(_is_place(c) for _, c in found) or any(p not in EN_FRAME_PHRASES and not _is_place(c)
                                                      for p, c in found):
        return False  # without a known place the question may be about a plan the glossary cannot name
    claimed = {w for p, _ in found for w in p.split()}
    return any(w.removesuffix("'s") not in claimed and w not in EN_FRAME_PHRASES for w in latin)


def glossary_terms(question: str) -> tuple[str, ...]:
    """The Chinese terms of the glossary phrases an English question writes (hospital beds →
    床位, 床位数, 病床), so its words can be looked for in Chinese clauses; () for Chinese text."""
    q = _phrase_text(question)
    if not q.strip():
        return ()
    out: list[str] = []
    for english, chinese in glossary():
        if any(f" {e} " in q for e in english):
            out += [c for c in chinese if c not in FRAME_WORDS]
    return tuple(dict.fromkeys(out))


def coverage(question: str, tokens: Sequence[str], texts: Iterable[str], normalised: bool = False) -> Coverage:
    """Which content tokens of the question the texts write.

    tokens: the question's tokens as the index tokenises them (cities and years it names already
    removed by the caller); texts: the evidence (top passages with their titles), already in
    normalise_for_match form when `normalised`."""
    joined = "\n".join(texts)
    text = joined if normalised else normalise_for_match(joined)
    latin = _latin_terms(question)
    asked = normalise_for_match(question)
    # glossary terms added for an English phrase are alternatives (any one will do, see _english),
    # not words each passage must write: 病人 need not be written when 患者 is
    alternatives = set(glossary_terms(question)) if latin else set()
    # 会不会, 要不要, 可以不可以: jieba cuts an A-not-A question into 会 + 不会; a token written only
    # inside one asks whether, and names nothing
    plain = _A_NOT_A.sub("|", asked)
    cjk = [t for t in dict.fromkeys(tokens) if is_content(t) and not _LATIN.fullmatch(t)
           and (t not in alternatives or t in asked) and (t in plain or t not in asked)]
    missing = []
    for t in cjk:
        if written(t, text):
            continue
        parts = [p for p in cjk if p != t and p in t]
        if parts and all(written(p, text) for p in parts):
            continue  # a compound whose parts are written: 县级综合医院 when 县级 and 综合医院 are
        if any(t in other and other != t and written(other, text) for other in cjk):
            continue
        if is_word(t) and names_topic(t) and not asks_level_by(t, asked) and not cut_across(t, asked, text):
            missing.append(t)
    if only_a_modifier(missing, len([t for t in cjk if written(t, text)])):
        missing = []
    english_unknown = False
    terms = list(cjk)
    if latin:
        phrases = english_phrases(question)
        found, absent, unknown = _english(phrases, text)
        absent = [p for p in absent if p not in EN_FRAME_PHRASES]  # national, county, aim to: no topic
        # GDP, HPV named as such: missing unless a glossary phrase holding it is written in Chinese
        # (TCM → 中医药, HIV/AIDS → 艾滋病)
        read = {w for phrase in found if phrase not in absent for w in phrase.split()}
        acronyms = [w for w in latin if not written(w, text) and w.upper() in question and not _ROMAN.fullmatch(w)
                    and not all(part in read for part in w.split("-"))]  # COVID-19 read as "covid 19"
        terms += found or latin
        missing += absent + [a for a in acronyms if a not in absent]
        english_unknown = (unknown and not cjk and not [w for w in latin if written(w, text)]) or (
            not cjk and _only_places_known(phrases, latin))
    # a part of a missing compound is not reported separately
    missing = [m for m in missing if not any(m != o and m in o for o in missing)]
    return Coverage(tuple(terms), tuple(dict.fromkeys(missing)), english_unknown)


__all__ = ["ANSWER_FORM_WORDS", "Coverage", "only_a_modifier", "only_actions", "EN_FRAME_PHRASES", "EN_STOPWORDS", "FRAME_WORDS", "english_phrases", "english_topics", "FUNCTION_WORDS", "coverage", "is_question_word", "glossary", "glossary_terms", "is_content", "written"]
