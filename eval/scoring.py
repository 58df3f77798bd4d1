"""Score runs against the gold set: metric tables overall and by type, and where each config fails."""
from __future__ import annotations

from dataclasses import dataclass

from eval.gold import GoldSet, Question
from eval.metrics import METRICS, Row, per_question, ranx_qrels, summarise
from eval.runs import Retrieved, RunResult

FAIL_METRIC = "recall@5"  # a question fails when no section graded 1 or 2 is in the top five
SHOWN_RETRIEVED = 5


@dataclass(frozen=True)
class Failure:
    """A question a configuration failed, with what it should have found and what it found instead."""

    question: Question
    expected: tuple[tuple[str, int, str], ...]  # (section id, grade, breadcrumb)
    retrieved: tuple[Retrieved, ...]

    def to_json(self) -> dict:
        return {"qid": self.question.qid, "type": self.question.type, "question": self.question.text,
                "answer": self.question.answer,
                "expected": [{"section_id": s, "grade": g, "breadcrumb": b} for s, g, b in self.expected],
                "retrieved": [{**r.to_json(), "text": r.text[:160]} for r in self.retrieved]}


@dataclass
class Scored:
    """One configuration's scores: per question (metric -> qid -> value), table rows, failures."""

    result: RunResult
    per_question: dict[str, dict[str, float]]
    rows: list[Row]
    failures: list[Failure]

    @property
    def name(self) -> str:
        return self.result.config.name

    def overall(self, metric: str) -> float:
        return self.rows[0].means[metric]


def score(gold: GoldSet, result: RunResult, breadcrumbs: dict[str, str] | None = None,
          metrics: tuple[str, ...] = METRICS) -> Scored:
    """Evaluate one run on the gold set's evaluable questions (answerable, with judged sections)."""
    breadcrumbs = breadcrumbs or {}
    questions = gold.evaluable()
    scores = per_question(ranx_qrels(gold.qrels, questions), result.run, metrics)
    failures = []
    for q in questions:
        if scores[FAIL_METRIC][q.qid] > 0:
            continue
        expected = tuple(sorted(((s, g, breadcrumbs.get(s, "")) for s, g in gold.qrels[q.qid].items() if g > 0),
                                key=lambda e: (-e[1], e[0])))
        failures.append(Failure(q, expected, result.retrieved.get(q.qid, ())[:SHOWN_RETRIEVED]))
    return Scored(result, scores, summarise(scores, questions, gold.types), failures)
