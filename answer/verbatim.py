"""The verbatim-number rule: a number shown in an answer must be written in the evidence it cites.

An answer that says "1000张" while its sentence says "10000张" is worse than no answer, so the
check compares whole numbers, not substrings: "1000" is not supported by "10000", "4.7" is not
supported by "4.7万" (a different number), and "47%" is supported by "47%以上". Arabic numbers
are compared after folding full-width digits and thousands separators (１,０００ = 1000); Chinese
numerals (三家, 两轮, 百分之五十) are compared as written, as whole runs of numeral characters.
A Chinese numeral counts as a number only when a unit follows it (三家, 两轮): 进一步 or 统一
holds the character 一 but states no quantity.
"""
from __future__ import annotations

import re
import unicodedata

from text.numbers import CN_DIGITS, find_quantities

_ARABIC = re.compile(r"(?<![\d.])\d+(?:,\d{3})*(?:\.\d+)?(?:千万|百万|万亿|万|亿)?")
_CN_NUMERAL = CN_DIGITS + "万亿"


def _fold(text: str) -> str:
    """Full-width digits and punctuation to ASCII, so ２０２４ and 2024 are the same number."""
    return unicodedata.normalize("NFKC", text)


def arabic_numbers(text: str) -> set[str]:
    """Every Arabic number of text with its 万/亿 multiplier, thousands separators removed."""
    return {m.group(0).replace(",", "") for m in _ARABIC.finditer(_fold(text))}


def chinese_numbers(text: str) -> set[str]:
    """Chinese numerals that state a quantity (a unit or % follows): 三家 → 三, 百分之五十 → 百分之五十."""
    found = set()
    for q in find_quantities(_fold(text)):
        if q.chinese and q.unit:
            found.add(q.number_text)
    return found


def numbers_in(text: str) -> set[str]:
    """The numbers the rule checks: all Arabic numbers plus Chinese numerals with a unit."""
    return arabic_numbers(text) | chinese_numbers(text)


def _written(numeral: str, evidence: str) -> bool:
    """A Chinese numeral occurs in evidence as a whole run (三 is not inside 三十)."""
    pattern = rf"(?<![{_CN_NUMERAL}]){re.escape(numeral)}(?![{_CN_NUMERAL}])"
    return re.search(pattern, _fold(evidence)) is not None


def unsupported_numbers(answer: str, evidence: str) -> tuple[str, ...]:
    """Numbers of `answer` that `evidence` does not write, in the order they appear ('' answer → ())."""
    written = arabic_numbers(evidence)
    missing = [n for n in sorted(arabic_numbers(answer), key=_fold(answer).find) if n not in written]
    missing += [n for n in sorted(chinese_numbers(answer), key=_fold(answer).find) if not _written(n, evidence)]
    return tuple(dict.fromkeys(missing))


def numbers_supported(answer: str, evidence: str) -> bool:
    """True when every number of `answer` is written in `evidence` (see the module docstring)."""
    return not unsupported_numbers(answer, evidence)


__all__ = ["numbers_in", "numbers_supported", "unsupported_numbers"]
