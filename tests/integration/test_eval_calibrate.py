"""The no-answer threshold: chosen from data, stored per model, applied to hits and in `index search`."""
from __future__ import annotations

import json

import pytest

from cli.main import main as index_main
from core.types import Chunk, DocumentMeta, Hit
from eval.calibrate import choose_threshold, no_answer_summary
from index import build_index
from retrieval.confidence import (
    DEFAULT_THRESHOLDS,
    Calibration,
    has_clear_answer,
    no_answer_threshold,
    read_calibrations,
    top_score,
    write_calibration,
)


def test_threshold_separates_separable_scores_at_the_middle_of_the_gap():
    choice = choose_threshold([0.90, 0.92, 0.95], [0.80, 0.82])
    assert choice.threshold == pytest.approx(0.86)
    assert (choice.accuracy, choice.answerable_kept, choice.unanswerable_caught) == (1.0, 1.0, 1.0)
    assert choice.loo_accuracy == 1.0


def test_overlapping_scores_get_the_most_accurate_threshold_and_an_honest_leave_one_out():
    answerable = [0.70, 0.90, 0.91, 0.93, 0.95]
    unanswerable = [0.80, 0.85, 0.89]
    choice = choose_threshold(answerable, unanswerable)
    assert 0.89 < choice.threshold < 0.90  # 7 of 8 right; the widest best gap
    assert choice.accuracy == pytest.approx(7 / 8)
    assert choice.loo_accuracy <= choice.accuracy
    with pytest.raises(ValueError, match="unanswerable"):
        choose_threshold([0.9], [])


def test_no_answer_summary_reports_both_distributions_and_the_threshold_in_use():
    summary = no_answer_summary([0.9, 0.95], [0.7], 0.8)
    assert summary["answerable"]["median"] == pytest.approx(0.925) and summary["unanswerable"]["n"] == 1
    assert summary["accuracy"] == 1.0


def _hit(rank: int, scores: dict) -> Hit:
    chunk = Chunk("d", "d#一、", "一、", "一、", "t", "text", 0, 4)
    return Hit(rank=rank, score=0.1, chunk=chunk, meta=DocumentMeta("d", "d.txt"), scores=scores)


def test_confidence_uses_the_top_hits_dense_score_and_cannot_judge_lexical_hits():
    hits = [_hit(1, {"dense": 0.80, "lexical": 9.0}), _hit(2, {"dense": 0.95})]
    assert top_score(hits) == 0.80
    assert not has_clear_answer(hits, 0.85) and has_clear_answer(hits, 0.75)
    lexical_top = [_hit(1, {"lexical": 9.0}), _hit(2, {"dense": 0.9})]
    assert top_score(lexical_top) == 0.9  # best dense score among the hits stands in
    assert has_clear_answer([_hit(1, {"lexical": 3.0})], 0.99)  # nothing to judge by
    assert not has_clear_answer([], 0.5) and has_clear_answer(hits, None)


def test_threshold_file_is_per_model_and_keeps_other_models(tmp_path):
    path = tmp_path / "no_answer.json"
    assert no_answer_threshold(next(iter(DEFAULT_THRESHOLDS)), path) == next(iter(DEFAULT_THRESHOLDS.values()))
    write_calibration(Calibration("model-a", 0.81, answerable=10, unanswerable=3, accuracy=0.9), path)
    write_calibration(Calibration("model-b", 0.55), path)
    assert no_answer_threshold("model-a", path) == 0.81 and no_answer_threshold("model-b", path) == 0.55
    assert no_answer_threshold("never-calibrated", path) is None
    assert read_calibrations(path)["model-a"].answerable == 10
    assert json.loads(path.read_text(encoding="utf-8"))["format_version"] == 1
    path.write_text("{broken", encoding="utf-8")
    with pytest.raises(ValueError, match="calibrate"):
        no_answer_threshold("model-a", path)


def test_search_min_score_prints_no_answer_or_an_empty_json_array(make_corpus, quick_config, hashing_embedder,
                                                                  capsys):
    config = quick_config(make_corpus({"p.txt": "某市2023年卫生健康工作要点\n一、基层\n1.推进家庭医生签约服务。\n"}))
    build_index(config, embedder=hashing_embedder)
    base = ["search", "家庭医生签约", "--index-dir", str(config.index_dir)]
    assert index_main(base + ["--json", "--min-score", "0.999"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert index_main(base + ["--min-score", "0.999"]) == 0
    assert "未找到明确答案" in capsys.readouterr().out
    assert index_main(base + ["--json", "--min-score", "-1"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {"rank", "score", "doc_id", "section", "breadcrumb", "start", "end", "highlight"} <= set(hits[0])
    assert index_main(base + ["--mode", "lexical", "--min-score", "0.5"]) == 2
    assert "dense" in capsys.readouterr().err
    # `auto` is the evidence judgement (tests/test_search_judgement.py), which needs no calibration:
    # the question's words are written in the passage, so its hits are shown
    assert index_main(base + ["--json", "--min-score", "auto"]) == 0
    assert json.loads(capsys.readouterr().out)


def test_when_no_threshold_beats_flagging_nothing_the_lowest_score_is_chosen():
    answerable = [0.80, 0.86, 0.90, 0.91, 0.93, 0.94]
    unanswerable = [0.88, 0.92]  # inside the answerable range: any cut loses more than it catches
    choice = choose_threshold(answerable, unanswerable)
    assert choice.threshold == 0.80 and choice.answerable_kept == 1.0 and choice.unanswerable_caught == 0.0
    assert 0.4 < choice.auc < 0.7
    assert choose_threshold([0.9, 0.95], [0.5, 0.6]).auc == 1.0
