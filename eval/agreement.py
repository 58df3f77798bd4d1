"""How far judges agree on the pairs they both graded: raw agreement and Cohen's kappa.

Kappa corrects raw agreement for the agreement expected by chance from each judge's own grade
distribution: κ = (p_o − p_e) / (1 − p_e) (Cohen 1960). When both judges used a single grade
throughout, p_e = 1 and κ is undefined (None); raw agreement is still reported.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from eval.judging import Assessment


@dataclass(frozen=True)
class Agreement:
    judge_a: str
    judge_b: str
    shared: int  # (question, section) pairs both judged
    agreed: float  # share of shared pairs with the same grade
    kappa: float | None

    def to_json(self) -> dict:
        return {"judge_a": self.judge_a, "judge_b": self.judge_b, "shared": self.shared,
                "agreed": round(self.agreed, 4), "kappa": None if self.kappa is None else round(self.kappa, 4)}


def cohen_kappa(a: Sequence[int], b: Sequence[int]) -> float | None:
    """Cohen's kappa of two equally long label sequences; None when undefined."""
    if len(a) != len(b):
        raise ValueError("both judges must grade the same pairs")
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[g] * count_b[g] for g in set(a) | set(b)) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


def agreement(latest: Sequence[Assessment]) -> list[Agreement]:
    """Agreement for every pair of judges who share at least one graded pair (latest grades)."""
    by_judge: dict[str, dict[tuple[str, str], int]] = {}
    for a in latest:
        by_judge.setdefault(a.judge, {})[(a.qid, a.section_id)] = a.grade
    found = []
    for x, y in combinations(sorted(by_judge), 2):
        shared = sorted(set(by_judge[x]) & set(by_judge[y]))
        if not shared:
            continue
        ga, gb = [by_judge[x][p] for p in shared], [by_judge[y][p] for p in shared]
        found.append(Agreement(x, y, len(shared), sum(p == q for p, q in zip(ga, gb)) / len(shared),
                               cohen_kappa(ga, gb)))
    return found
