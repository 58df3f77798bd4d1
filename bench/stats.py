"""Latency figures: medians and 95th percentiles over repeated timed calls."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import TypeVar

import numpy as np

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Latency:
    """Milliseconds per call over `n` calls."""

    p50_ms: float
    p95_ms: float
    mean_ms: float
    n: int

    @classmethod
    def of(cls, seconds: Iterable[float]) -> Latency:
        values = np.asarray(list(seconds), dtype=float) * 1000
        if not len(values):
            return cls(float("nan"), float("nan"), float("nan"), 0)
        return cls(float(np.median(values)), float(np.percentile(values, 95)), float(values.mean()), len(values))

    def to_json(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}

    def __str__(self) -> str:
        return f"{fmt_ms(self.p50_ms)} / {fmt_ms(self.p95_ms)}"


def timed(fn: Callable[[T], R], items: Iterable[T], repeat: int = 1) -> tuple[Latency, list[R]]:
    """Call fn on every item `repeat` times; the latency of each call and the first round's results."""
    items = list(items)
    seconds: list[float] = []
    results: list[R] = []
    for round_ in range(repeat):
        for item in items:
            began = time.perf_counter()
            result = fn(item)
            seconds.append(time.perf_counter() - began)
            if round_ == 0:
                results.append(result)
    return Latency.of(seconds), results


def best_of(fn: Callable[[], object], times: int = 3) -> float:
    """Shortest wall time of `times` calls, in seconds (for one-off costs such as builds)."""
    best = float("inf")
    for _ in range(times):
        began = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - began)
    return best


def fmt_ms(ms: float) -> str:
    """Milliseconds with sensible precision: 0.042, 3.17, 41.2, 1234."""
    if ms != ms:
        return "-"
    if ms < 1:
        return f"{ms:.3f}"
    if ms < 10:
        return f"{ms:.2f}"
    if ms < 100:
        return f"{ms:.1f}"
    return f"{ms:.0f}"


def ratio(a: float, b: float) -> str:
    """a / b as '2.4×' (how many times the yardstick b the measured a takes)."""
    if not b or a != a or b != b:
        return "-"
    return f"{a / b:.2f}×" if a / b < 10 else f"{a / b:.0f}×"
