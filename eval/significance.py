"""Which differences between configurations are real: paired tests over questions with ranx.compare.

The test is Fisher's randomization (permutation) test, paired by question, two-sided, as
ranx implements it (Smucker, Allan & Carterette, CIKM 2007, recommend it for IR evaluation): it
assumes nothing about the distribution of per-question differences, which for recall@5 and
success@1 on ~100 questions are far from normal. Seven configurations make many comparisons, so
besides raw p-values each comparison against the baseline carries a Holm-Bonferroni decision.
"""
from __future__ import annotations

from dataclasses import dataclass

from ranx import Qrels, compare

from eval.metrics import METRICS
from eval.scoring import Scored

TEST_NAME = "Fisher's randomization test (paired over questions, two-sided)"
PERMUTATIONS = 10_000
ALPHA = 0.05
SEED = 42


@dataclass(frozen=True)
class Comparison:
    """A paired comparison of config `b` against config `a` on one metric."""

    a: str
    b: str
    metric: str
    mean_a: float
    mean_b: float
    p_value: float
    significant: bool  # p < ALPHA, uncorrected
    holm: bool | None  # significant after Holm-Bonferroni over the baseline comparisons of this metric
    wins: int  # questions where b scores higher than a
    ties: int
    losses: int

    @property
    def delta(self) -> float:
        return self.mean_b - self.mean_a

    def to_json(self) -> dict:
        return {"a": self.a, "b": self.b, "metric": self.metric, "mean_a": round(self.mean_a, 4),
                "mean_b": round(self.mean_b, 4), "delta": round(self.delta, 4), "p_value": round(self.p_value, 5),
                "significant": self.significant, "significant_holm": self.holm,
                "wins": self.wins, "ties": self.ties, "losses": self.losses}


def holm(p_values: list[float], alpha: float = ALPHA) -> list[bool]:
    """Holm-Bonferroni step-down decisions, in the order the p-values were given."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    decisions = [False] * len(p_values)
    m = len(p_values)
    for step, i in enumerate(order):
        if p_values[i] >= alpha / (m - step):
            break
        decisions[i] = True
    return decisions


def compare_all(qrels: Qrels, scored: list[Scored], baseline: str, metrics: tuple[str, ...] = METRICS,
                permutations: int = PERMUTATIONS) -> list[Comparison]:
    """Every pair of configurations on every metric; Holm decisions for the pairs with the baseline."""
    if len(scored) < 2:
        return []
    runs = [s.result.run for s in scored]
    report = compare(qrels, runs, list(metrics), stat_test="fisher", n_permutations=permutations,
                     max_p=ALPHA, random_seed=SEED, make_comparable=True)
    names = [s.name for s in scored]
    found: list[Comparison] = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            first, second = (a, b) if a == baseline or b != baseline else (b, a)
            outcome = report.comparisons[frozenset((first, second))]
            for m in metrics:
                wtl = report.win_tie_loss[(second, first)][m]
                p = float(outcome[m]["p_value"])
                found.append(Comparison(first, second, m, report.results[first][m], report.results[second][m],
                                        p, p < ALPHA, None, wtl["W"], wtl["T"], wtl["L"]))
    for m in metrics:
        against = [c for c in found if c.metric == m and c.a == baseline]
        for c, decision in zip(against, holm([c.p_value for c in against])):
            found[found.index(c)] = Comparison(**{**c.__dict__, "holm": decision})
    return found
