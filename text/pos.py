"""Part-of-speech tags from jieba's shared tagger (jieba.posseg.dt), one caller at a time.

jieba initialises its tagger lazily and is not thread safe; the app answers several sessions at
once, so every use of the shared tagger goes through `tagged`. (answer/scope.py keeps a private
tagger of its own, built without the lexicon's user words.)
"""
from __future__ import annotations

import threading

_LOCK = threading.Lock()


def tagged(text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs of the text, as jieba.posseg.cut gives them."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    with _LOCK:
        return [(p.word, p.flag) for p in jieba.posseg.cut(text)]


__all__ = ["tagged"]
