"""Sentences of a passage and the ones that best match a question, with exact offsets."""
from __future__ import annotations

import re

from core.types import Span
from retrieval.lexical import stopwords
from text.normalise import normalise_for_match

_SENTENCE_END = re.compile(r"[^。！？；!?;\n]*[。！？；!?;\n]?")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[a-z0-9][a-z0-9.%+-]*")


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentences ending in 。！？； or a line break; spans are offsets into the source (text + offset)."""
    spans = []
    for m in _SENTENCE_END.finditer(text):
        raw = m.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = offset + m.start() + lead
        spans.append(Span(stripped, start, start + len(stripped)))
    return spans


def query_terms(query: str) -> set[str]:
    """Character bigrams of the Chinese runs plus latin words and numbers, minus stopwords."""
    normed = normalise_for_match(query)
    stop = stopwords()
    terms = set()
    for run in _CJK.findall(normed):
        if len(run) == 1 and run not in stop:
            terms.add(run)
        terms.update(run[i:i + 2] for i in range(len(run) - 1))
    terms.update(_WORD.findall(normed))
    return {t for t in terms if t not in stop}


def best_sentences(query: str, text: str, offset: int = 0, limit: int = 2,
                   terms: set[str] | None = None) -> tuple[Span, ...]:
    """Up to `limit` sentences sharing the most query terms (a second one only if nearly as good).

    `terms` replaces the query's own terms (e.g. with an English question's glossary terms added)."""
    terms = query_terms(query) if terms is None else terms
    if not terms:
        return ()
    scored = []
    for span in split_sentences(text, offset):
        normed = normalise_for_match(span.text)
        score = sum(1 for t in terms if t in normed)
        if score:
            scored.append((score, -len(span.text), span))
    if not scored:
        return ()
    scored.sort(key=lambda item: (-item[0], -item[1], item[2].start))
    best = scored[0][0]
    chosen = [s for score, _, s in scored[:limit] if score >= 0.8 * best]
    return tuple(sorted(chosen, key=lambda s: s.start))
