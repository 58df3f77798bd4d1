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


def asks_quantity(question: str) -> bool:
    """The question asks for a figure: 多少张床位, 签约率是多少, How many beds, what share."""
    return bool(_ASKS_NUMBER.search(question) or _ASKS_NUMBER_EN.search(question))


def states_number(sentence: str) -> bool:
    """The sentence writes a figure in digits (years alone do not count)."""
    stripped = re.sub(r"(?<!\d)(?:19|20)\d\d年", "", sentence)
    return bool(_DIGIT.search(stripped))
