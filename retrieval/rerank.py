"""After fusion: one entry per section, shown by its best chunk; ties broken on finer evidence;
optionally one passage per city-year first (comparison questions).

Fusion ranks chunks, but a person reads sections, and a long section is split into several
chunks: the one that ranks first is not always the one holding the figure asked for. Each section
is therefore represented by the chunk whose best sentence matches the question most, ranked at
its best chunk's fused score, so no figure is hidden behind a sibling chunk.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from core.types import Chunk
from text.coverage import written
from text.normalise import normalise_for_match
from text.questions import states_number

NUMBER_BONUS = 0.5  # in matched-term units
NUMBER_WINDOW = 12  # characters after a term in which its figure is written
_SENTENCE_BREAK = re.compile(r"[。！？；!?;\n]")  # as retrieval.highlight splits sentences


@dataclass(frozen=True)
class Candidate:
    """A fused chunk with the evidence used to order and represent it."""

    row: int
    score: float  # fused score (RRF, or the single mode's score)
    parts: dict  # per-mode scores, for inspection
    chunk: Chunk
    sentence: float = 0.0  # share of the question's terms in the chunk's best sentence
    lexical: float = 0.0  # BM25 score (0 when not retrieved lexically)
    sentence_bm25: float = 0.0  # BM25 of the chunk's best sentence (retrieval/sentences.py; 0 if unknown)
    topic: frozenset[str] = frozenset()  # the question's topic words this chunk (or section) writes


def sentence_evidence(terms: set[str], text: str, wants_number: bool = False) -> float:
    """Share of the question's terms found in the chunk's best-matching sentence (0..1).

    For a question asking for a figure, a matching sentence with a number right after one of the
    terms counts half a term more: of two sentences on 孕产妇死亡率, the one writing
    孕产妇死亡率6.27/10万 is the answer, not the one saying it stayed low."""
    if not terms:
        return 0.0
    best = 0.0
    whole = _normalised(text)
    for normed in _SENTENCE_BREAK.split(whole):
        found = [t for t in terms if t in normed]
        score = float(len(found))
        if found and wants_number and number_follows(normed, found):
            score += NUMBER_BONUS
        best = max(best, score)
    return best / len(terms)


@lru_cache(maxsize=8192)
def _normalised(text: str) -> str:
    """Chunks recur across searches; normalising (NFKC + OpenCC) them was most of the cost."""
    return normalise_for_match(text)


def number_follows(sentence: str, terms: Sequence[str], window: int = NUMBER_WINDOW) -> bool:
    """A digit within `window` characters after an occurrence of one of the terms."""
    for term in terms:
        start = sentence.find(term)
        while start >= 0:
            end = start + len(term)
            if states_number(sentence[end:end + window]):
                return True
            start = sentence.find(term, start + 1)
    return False


def by_section(candidates: Sequence[Candidate], sentence_weight: float = 0.0) -> list[Candidate]:
    """One candidate per section (and per distinct text), at the section's best fused score, carrying
    the chunk with the best sentence evidence; ordered by score, then finer evidence, then row.

    `sentence_weight` adds the best sentence's evidence to the fused score, so a section is also found
    by its best sentence. Ties break on sentence evidence and BM25, never on insertion order."""
    groups: dict[str, list[Candidate]] = {}
    for c in candidates:
        groups.setdefault(c.chunk.section_id, []).append(c)
    chosen: list[Candidate] = []
    for members in groups.values():
        top = max(members, key=lambda c: (c.score, c.sentence, c.sentence_bm25, c.lexical, -c.row))
        # Shown: the chunk whose best sentence matches most; of two equal shares, the one whose
        # sentence BM25 is higher (rarer terms: the figure's own sentence), not the better chunk.
        shown = max(members, key=lambda c: (c.sentence, c.sentence_bm25, c.score, -c.row))
        sentence = max(m.sentence for m in members)
        chosen.append(Candidate(shown.row, top.score + sentence_weight * sentence, top.parts, shown.chunk,
                                sentence, max(m.lexical for m in members), max(m.sentence_bm25 for m in members),
                                frozenset().union(*(m.topic for m in members))))
    chosen.sort(key=order_key)
    seen_text: set[str] = set()
    out = []
    for c in chosen:
        if c.chunk.text in seen_text:
            continue
        seen_text.add(c.chunk.text)
        out.append(c)
    return out


def order_key(c: Candidate) -> tuple:
    return (-round(c.score, 12), -c.sentence, -round(c.sentence_bm25, 9), -c.lexical, c.row)


def topic_words(terms: Sequence[str], text: str) -> frozenset[str]:
    """The topic words (or a lexicon synonym of them) written in the text."""
    normed = _normalised(text)
    return frozenset(t for t in terms if written(t, normed))


def topic_first(candidates: Sequence[Candidate], weights: Mapping[str, float]) -> list[Candidate]:
    """Sections writing more of the question's topic words first (each word weighed by its rarity,
    idf), in their fused order otherwise.

    A comparison (各地对医养结合有什么安排?) asks which documents write about a topic: a section
    that never writes 医养结合 answers it for nobody, however close its meaning, while a section
    writing it in passing does. Rarity keeps 上海 above 改革 and 深化, which most sections write.
    Stable, so among equals the fused order stands."""
    return sorted(candidates, key=lambda c: -round(sum(weights.get(t, 0.0) for t in c.topic), 9))


def diversify(candidates: Sequence[Candidate], group: Callable[[Candidate], Hashable]) -> list[Candidate]:
    """Best candidate of each group first (in their order), then the rest in their order."""
    seen: set = set()
    first: list[Candidate] = []
    rest: list[Candidate] = []
    for c in candidates:
        key = group(c)
        (rest if key in seen else first).append(c)
        seen.add(key)
    return first + rest
