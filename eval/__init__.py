"""Judging retrieval: the gold set, standard IR metrics (ranx), runs, comparisons, human judgements.

    python -m eval run --mode all        # recall@5/10, MRR@10, nDCG@10, success@1, overall and by type
    python -m eval compare               # configurations side by side, paired significance tests

    from eval import load_gold, run_questions, score, RunConfig
    gold = load_gold()
    result = run_questions(index, gold.questions, RunConfig("hybrid"))
    score(gold, result).rows[0].means["mrr@10"]

Names are imported on first use (PEP 562), so that reading gold files or the judging database
does not load ranx and numba, which take seconds to import.
"""
from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "GoldSet": "gold", "Question": "gold", "load_gold": "gold",
    "RunConfig": "runs", "RunResult": "runs", "run_questions": "runs",
    "Scored": "scoring", "score": "scoring",
    "validate": "validate",
}


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'eval' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)


__all__ = sorted(_EXPORTS)
