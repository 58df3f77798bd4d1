"""Is there anything to find? The evidence judgement of `ask`, for search results too.

`search --min-score auto` and the app's result list use the same rule as the answer: the top
passages must write what the question asks about (content-word coverage with lexicon synonyms
and the embedder's paraphrase escape, answer.extractive.absent_terms), and the places and years
it names must be in the corpus (answer.scope). "明天天气怎么样" then says 未找到明确答案 and
names 天气, instead of ten confident cards.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from answer.extractive import PASSAGES_MANY, absent_terms, question_terms
from answer.scope import evidence_covers, unknown_scope
from core.types import Hit
from embed import VectorCache
from index.search import SearchIndex
from retrieval.confidence import NO_ANSWER_MESSAGE, absent_message


@dataclass(frozen=True)
class SearchJudgement:
    """found False: the passages do not write what the question asks; `message` says what is absent."""

    found: bool
    missing: tuple[str, ...] = ()
    message: str = ""

    def to_json(self) -> dict:
        return {"found": self.found, "missing": list(self.missing), "message": self.message}


def judge_search(index: SearchIndex, query: str, hits: Sequence[Hit],
                 cache: VectorCache | None = None) -> SearchJudgement:
    """The evidence judgement on the passages retrieved for `query` (no sentence is embedded)."""
    hits = list(hits)
    if not hits:
        return SearchJudgement(False, (), NO_ANSWER_MESSAGE)
    places = unknown_scope(query, index.documents)
    if places and not any(evidence_covers(places, h.chunk.text, h.meta, query) for h in hits[:PASSAGES_MANY]):
        return SearchJudgement(False, tuple(places), absent_message(places))
    absent = absent_terms(index, query, question_terms(index, query), hits, cache)
    if absent is None:
        return SearchJudgement(True)
    return SearchJudgement(False, tuple(absent), absent_message(absent))


__all__ = ["SearchJudgement", "judge_search"]
