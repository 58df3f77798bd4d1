"""What kind of answer a question asks for, as far as ranking needs to know.

Ranking only needs one cue: does the question ask for a figure (多少, 几, how many, what share)?
Then, among sentences that match it equally, one that states a number is the better evidence.
(answer/quantity.py holds the answer layer's finer rules; this is the retrieval-side subset.)
"""
from __future__ import annotations

import re

_ASKS_NUMBER = re.compile(r"多少|(?<!这)(?<!近)几(?!乎)|多大|多高|多长|多久|多远|百分之几|比例是|占比")
_ASKS_NUMBER_EN = re.compile(
    r"\bhow (?:many|much|long|far|high)\b|\bwhat (?:share|percentage|proportion|rate|number|level|target|ratio)\b"
    r"|\bby how much\b|\btarget (?:for|of)\b|\bpercent", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# "…卫生健康工作要点里, …" / "…工作会议报告提到, …": the question names the document it asks about,
# whose title would then outrank the passage that answers (the title chunk matches those words best).
_DOCUMENT_FRAME = re.compile(
    r"(?:卫生健康|卫生计生|卫生和计划生育)?(?:工作)?(?:要点|计划|总结|会议报告|报告)(?:里面|里|中|上)?"
    r"(?:提到|提出|指出|写到|写明|明确|显示|说)?(?<=[里中上到出明示说])")
# "In Weifang's 2021 health work priorities, what…": the same in English, before the comma that ends it.
_DOCUMENT_FRAME_EN = re.compile(r"\b(?:health(?:care)? )?work (?:priorities|plan|points|report|conference report)(?=,)",
                                re.IGNORECASE)


def asks_quantity(question: str) -> bool:
    """The question asks for a figure: 多少张床位, 签约率是多少, How many beds, what share."""
    return bool(_ASKS_NUMBER.search(question) or _ASKS_NUMBER_EN.search(question))


def without_document_frame(question: str) -> str:
    """The question without the words that name its document as a place to look in (潍坊市2021年卫生
    健康工作要点里，人均预期寿命… → 潍坊市2021年，人均预期寿命…); unchanged when nothing else is left."""
    stripped = _DOCUMENT_FRAME_EN.sub("", _DOCUMENT_FRAME.sub("", question))
    return stripped if re.search(r"[\u4e00-\u9fffA-Za-z]{2}", stripped) else question


def states_number(sentence: str) -> bool:
    """The sentence writes a figure in digits (years alone do not count)."""
    stripped = re.sub(r"(?<!\d)(?:19|20)\d\d年", "", sentence)
    return bool(_DIGIT.search(stripped))
