"""Traditional-Chinese passages in the simplified form the embedding model reads best.

Only a passage that is clearly written in traditional characters is converted: a simplified passage
must stay byte-identical, because the vector cache is keyed by the exact text (converting it would
re-embed, and possibly move, every seed vector). Offsets never refer to this form: it is embedded only.
"""
from __future__ import annotations

import re

from text.normalise import to_simplified

_CJK = re.compile(r"[\u4e00-\u9fff]")
TRADITIONAL_SHARE = 0.05  # traditional pages change ~20–40% of their characters; simplified ones ~0%


def traditional_share(text: str) -> float:
    """Share of CJK characters that OpenCC t2s changes (1.0 when the conversion changes the length)."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return 0.0
    simple = to_simplified(text)
    if len(simple) != len(text):
        return 1.0
    return sum(a != b for a, b in zip(text, simple)) / cjk


def for_embedding(text: str) -> str:
    """The text to embed: simplified when the passage is traditional, otherwise exactly the input."""
    return to_simplified(text) if traditional_share(text) >= TRADITIONAL_SHARE else text


def simplified_reading(text: str) -> str:
    """The text as the simplified-Chinese rules read it: a traditional passage converted character
    for character (新增病床620張 → 新增病床620张), so every offset into it is an offset into the
    original; any other text, or a conversion that changes the length, is returned as is."""
    if traditional_share(text) < TRADITIONAL_SHARE:
        return text
    simple = to_simplified(text)
    return simple if len(simple) == len(text) else text


__all__ = ["TRADITIONAL_SHARE", "for_embedding", "simplified_reading", "traditional_share"]
