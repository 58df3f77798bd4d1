"""How many cores one question's embedding gets: all of them, or one — whichever is faster now.

On an idle two-core machine both cores embed a question faster; when other processes keep the cores
busy, two threads wait for each other and one thread wins (the measurements are in
docs/decisions.md). Neither setting is right everywhere and the load changes, so the choice is
measured: each setting's recent cost per character is kept, the cheaper one is used, and every
EXPLORE_EVERY-th question tries the other so a change of load is noticed within a few questions.
"""
from __future__ import annotations

import ctypes
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
ALL, ONE = "all", "one"
EXPLORE_EVERY = 24  # ~4% of questions: rarely enough to stay out of the p95
SMOOTHING = 0.3  # weight of the newest measurement in the running cost
FIXED_CHARS = 16  # the prefix and special tokens every query carries, in characters


def engine_openmp(package_dir: Path) -> ctypes.CDLL | None:
    """The OpenMP runtime an engine package vendors (wheels put it in <package>.libs/), or None."""
    path = next(iter(sorted((package_dir.parent / f"{package_dir.name}.libs").glob("libgomp*.so*"))), None)
    try:
        return None if path is None else ctypes.CDLL(str(path))
    except OSError:
        return None


class ThreadChooser:
    """Picks ALL or ONE per call from measured costs; not thread-safe (the caller holds a lock)."""

    def __init__(self) -> None:
        self.cost: dict[str, float | None] = {ALL: None, ONE: None}  # ms per character, smoothed
        self._calls = 0

    def pick(self) -> str:
        self._calls += 1
        known = {s: c for s, c in self.cost.items() if c is not None}
        if len(known) < len(self.cost):
            return next(s for s in self.cost if s not in known)
        faster = min(known, key=known.__getitem__)
        slower = ONE if faster == ALL else ALL
        return slower if self._calls % EXPLORE_EVERY == 0 else faster

    def record(self, setting: str, ms: float, chars: int) -> None:
        per_char = ms / (chars + FIXED_CHARS)
        old = self.cost[setting]
        self.cost[setting] = per_char if old is None else (1 - SMOOTHING) * old + SMOOTHING * per_char


def run_measured(openmp: ctypes.CDLL | None, chooser: ThreadChooser, chars: int, call: Callable[[], T]) -> T:
    """Run `call` with the thread count the chooser picks (in the calling thread only: OpenMP keeps
    the setting per thread), restore it, and record how long it took."""
    if openmp is None:
        return call()
    setting = chooser.pick()
    saved = openmp.omp_get_max_threads()
    if setting == ONE:
        openmp.omp_set_num_threads(1)
    began = time.perf_counter()
    try:
        return call()
    finally:
        chooser.record(setting, (time.perf_counter() - began) * 1000, chars)
        openmp.omp_set_num_threads(saved)


def set_openmp_wait(spin_count: str = "10000") -> None:
    """A short OpenMP spin for every libgomp copy loaded after this call (FAISS's, the engine's).

    Idle threads of one pool spinning on the cores another pool needs made a query embedding take
    1.7 s on a busy two-core machine; never spinning pays a wake-up per parallel region. The
    measurements behind the middle way are in docs/decisions.md. A user's own setting wins."""
    if "OMP_WAIT_POLICY" not in os.environ:
        os.environ.setdefault("GOMP_SPINCOUNT", spin_count)
