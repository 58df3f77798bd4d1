"""Sentences and clauses of Chinese text as (start, end) spans, so citations keep exact offsets.

A sentence ends in 。！？； or a line break; a clause also ends in ，： (but 1,000 is one number)."""
from __future__ import annotations

SENTENCE_END = "。！？!?；;\n"
CLAUSE_END = SENTENCE_END + "，,：:"


def is_break(text: str, i: int, breaks: str) -> bool:
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
        if i == end or is_break(text, i, SENTENCE_END):
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


def clause_span(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause (between ，；。…) of text[lo:hi] holding position pos, punctuation excluded."""
    s = pos
    while s > lo and not is_break(text, s - 1, CLAUSE_END):
        s -= 1
    e = pos
    while e < hi and not is_break(text, e, CLAUSE_END):
        e += 1
    while s < e and text[s].isspace():
        s += 1
    return s, e



__all__ = ["CLAUSE_END", "SENTENCE_END", "clause_span", "is_break", "sentence_spans"]
