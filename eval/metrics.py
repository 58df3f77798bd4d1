"""Standard IR metrics from ranx (checked by its authors against trec_eval), per question and by type.

Metric names are ranx's own strings; success@1 is ranx's `hit_rate@1` (a relevant section at
rank 1). Graded relevance counts for nDCG; recall, MRR and success treat grades 1 and 2 alike.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from ranx import Qrels, Run, evaluate

from eval.gold import Qrels as QrelsDict
from eval.gold import Question

METRICS = ("recall@5", "recall@10", "mrr@10", "ndcg@10", "hit_rate@1")
LABELS = {"recall@5": "recall@5", "recall@10": "recall@10", "mrr@10": "MRR@10", "ndcg@10": "nDCG@10",
          "hit_rate@1": "success@1"}
OVERALL = "all"


def label(metric: str) -> str:
    return LABELS.get(metric, metric)


def ranx_qrels(qrels: QrelsDict, questions: Iterable[Question]) -> Qrels:
    """ranx Qrels of these questions only (each must have at least one judged section)."""
    return Qrels({q.qid: dict(qrels[q.qid]) for q in questions}, name="gold")


def per_question(qrels: Qrels, run: Run, metrics: Iterable[str] = METRICS) -> dict[str, dict[str, float]]:
    """metric -> qid -> score. The run is first made comparable: questions it lacks score 0."""
    metrics = list(metrics)
    run.make_comparable(qrels)
    scores = evaluate(qrels, run, metrics, return_mean=False, save_results_in_run=False)
    if len(metrics) == 1:
        scores = {metrics[0]: scores}
    qids = list(run.get_query_ids())
    return {m: {qid: float(v) for qid, v in zip(qids, scores[m])} for m in metrics}


@dataclass(frozen=True)
class Row:
    """Mean of each metric over a group of questions."""

    group: str
    n: int
    means: dict[str, float]

    def to_json(self) -> dict:
        return {"group": self.group, "n": self.n, **{m: round(v, 4) for m, v in self.means.items()}}


def summarise(scores: dict[str, dict[str, float]], questions: Iterable[Question], types: list[str]) -> list[Row]:
    """One row for all questions, then one per question type that has any."""
    questions = list(questions)
    groups = [(OVERALL, questions)] + [(t, [q for q in questions if q.type == t]) for t in types]
    rows = []
    for name, members in groups:
        if not members:
            continue
        means = {m: float(np.mean([per_q[q.qid] for q in members])) for m, per_q in scores.items()}
        rows.append(Row(name, len(members), means))
    return rows
