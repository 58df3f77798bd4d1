"""Normalise text for matching (never for display): full-width → half-width, 繁體 → 简体, lower case."""
from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalise_for_match(text: str) -> str:
    """The form both queries and passages take before tokenising or embedding a query.

    NFKC folds full-width letters, digits and punctuation (（一） → (一), ２０１９ → 2019); OpenCC
    maps traditional characters to simplified so a 繁體 query finds simplified text."""
    return _t2s().convert(unicodedata.normalize("NFKC", text)).lower()


def to_simplified(text: str) -> str:
    """繁體 → 简体 only (no case or width folding), for rules that read Chinese words; may change length."""
    return _t2s().convert(text) if text else text
