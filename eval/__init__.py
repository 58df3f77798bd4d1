"""Judging retrieval: the gold set, standard IR metrics (ranx), runs, comparisons, human judgements.

    python -m eval run --mode all        # recall@5/10, MRR@10, nDCG@10, success@1, overall and by type
    python -m eval compare               # configurations side by side, paired significance tests

    from eval import load_gold, run_questions, score, RunConfig
    gold = load_gold()
    result = run_questions(index, gold.questions, RunConfig("hybrid"))
    score(gold, result).rows[0].means["mrr@10"]
"""
from .gold import GoldSet, Question, load_gold
from .runs import RunConfig, RunResult, run_questions
from .scoring import Scored, score
from .validate import validate

__all__ = ["GoldSet", "Question", "RunConfig", "RunResult", "Scored", "load_gold", "run_questions", "score", "validate"]
