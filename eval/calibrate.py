"""Choose the no-answer threshold from data: top dense cosines of answerable vs unanswerable questions.

The rule: the threshold that classifies the gold questions best (score ≥ t ⇒ answerable), i.e.
maximal accuracy; among equally accurate thresholds, the midpoint of the widest gap between
observed scores, so that small shifts in scores do not flip decisions. Because the threshold is
fitted on the same questions it is scored on, a leave-one-out accuracy is reported beside it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Distribution:
    """Summary of a set of top scores."""

    n: int
    minimum: float
    p10: float
    median: float
    p90: float
    maximum: float
    mean: float

    @classmethod
    def of(cls, scores: Sequence[float]) -> Distribution | None:
        if not scores:
            return None
        a = np.asarray(scores, dtype=float)
        return cls(len(a), float(a.min()), float(np.percentile(a, 10)), float(np.median(a)),
                   float(np.percentile(a, 90)), float(a.max()), float(a.mean()))

    def to_json(self) -> dict:
        return {k: (v if k == "n" else round(v, 4)) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class ThresholdChoice:
    threshold: float
    accuracy: float  # share of all questions classified right
    answerable_kept: float  # share of answerable questions at or above the threshold (recall of answers)
    unanswerable_caught: float  # share of unanswerable questions below it
    loo_accuracy: float | None  # leave-one-out estimate of the rule's accuracy on unseen questions
    auc: float | None = None  # separability of the two groups by this score (0.5 = none)

    @property
    def balanced_accuracy(self) -> float:
        return (self.answerable_kept + self.unanswerable_caught) / 2

    def to_json(self) -> dict:
        return {"threshold": round(self.threshold, 4), "accuracy": round(self.accuracy, 4),
                "balanced_accuracy": round(self.balanced_accuracy, 4),
                "answerable_kept": round(self.answerable_kept, 4),
                "unanswerable_caught": round(self.unanswerable_caught, 4),
                "loo_accuracy": None if self.loo_accuracy is None else round(self.loo_accuracy, 4),
                "auc": None if self.auc is None else round(self.auc, 4)}


def classify(answerable: Sequence[float], unanswerable: Sequence[float], threshold: float
             ) -> tuple[float, float, float]:
    """(accuracy, share of answerable kept, share of unanswerable caught) at this threshold."""
    a, u = np.asarray(answerable, dtype=float), np.asarray(unanswerable, dtype=float)
    kept = float((a >= threshold).mean()) if len(a) else 0.0
    caught = float((u < threshold).mean()) if len(u) else 0.0
    accuracy = (float((a >= threshold).sum()) + float((u < threshold).sum())) / max(len(a) + len(u), 1)
    return accuracy, kept, caught


def _best(answerable: np.ndarray, unanswerable: np.ndarray) -> float:
    """The maximal-accuracy threshold, at the middle of the widest gap among the best ones.

    Besides the midpoints between observed scores, the candidates are the lowest score (flag
    nothing seen in the data, only questions less similar than any of them) and just above the
    highest (flag everything); these two have no gap to prefer them on ties."""
    points = np.unique(np.concatenate([answerable, unanswerable]))
    if len(points) == 0:
        raise ValueError("no scores to calibrate on")
    candidates = np.concatenate([[points[0]], (points[:-1] + points[1:]) / 2, [np.nextafter(points[-1], 2.0)]])
    gaps = np.concatenate([[0.0], points[1:] - points[:-1], [0.0]])
    accuracy = np.array([((answerable >= t).sum() + (unanswerable < t).sum()) for t in candidates])
    best = np.flatnonzero(accuracy == accuracy.max())
    return float(candidates[best[np.argmax(gaps[best])]])


def separability(answerable: Sequence[float], unanswerable: Sequence[float]) -> float:
    """ROC AUC: the chance that an answerable question outscores an unanswerable one (ties half).

    0.5 means the score cannot tell them apart at all, 1.0 that some threshold separates them."""
    a, u = np.asarray(answerable, dtype=float)[:, None], np.asarray(unanswerable, dtype=float)[None, :]
    return float(((a > u).sum() + 0.5 * (a == u).sum()) / (a.size * u.size))


def choose_threshold(answerable: Sequence[float], unanswerable: Sequence[float]) -> ThresholdChoice:
    """Fit the threshold on all questions and estimate its accuracy by leave-one-out."""
    a, u = np.asarray(answerable, dtype=float), np.asarray(unanswerable, dtype=float)
    if len(a) == 0 or len(u) == 0:
        raise ValueError("calibration needs both answerable and unanswerable questions "
                         f"(got {len(a)} answerable, {len(u)} unanswerable)")
    threshold = _best(a, u)
    accuracy, kept, caught = classify(a, u, threshold)
    right = 0
    for i in range(len(a)):
        right += a[i] >= _best(np.delete(a, i), u)
    for i in range(len(u)):
        right += u[i] < _best(a, np.delete(u, i))
    return ThresholdChoice(threshold, accuracy, kept, caught, right / (len(a) + len(u)), separability(a, u))


def no_answer_summary(answerable: Sequence[float], unanswerable: Sequence[float], threshold: float | None
                      ) -> dict:
    """Top-score distributions of both groups and how the threshold in use classifies them."""
    summary: dict = {
        "statistic": "dense cosine of the top hit",
        "answerable": (d.to_json() if (d := Distribution.of(answerable)) else None),
        "unanswerable": (d.to_json() if (d := Distribution.of(unanswerable)) else None),
        "threshold": threshold,
    }
    if threshold is not None and answerable and unanswerable:
        accuracy, kept, caught = classify(answerable, unanswerable, threshold)
        summary.update(accuracy=round(accuracy, 4), answerable_kept=round(kept, 4),
                       unanswerable_caught=round(caught, 4))
    if answerable and unanswerable:
        summary["auc"] = round(separability(answerable, unanswerable), 4)
    return summary
