"""Judging: the SQLite store round trip, export to qrels, concurrent judges, agreement, label-free pools."""
from __future__ import annotations

import threading

import pytest

from cli.main import main
from eval.agreement import agreement, cohen_kappa
from eval.gold import load_gold, read_qrels
from eval.judging import Assessment, JudgingStore, question_id
from eval.pooling import POOL_CONFIGS, PooledPassage, pool
from index import build_index, open_index


def eval_main(argv: list[str]) -> int:
    """`python -m eval ARGV`, in this process."""
    return main(["eval", *argv])


def _a(judge: str, grade: int, section: str = "d#一、", qid: str = "q1", note: str = "") -> Assessment:
    return Assessment(qid=qid, query="家庭医生签约率?", section_id=section, judge=judge, grade=grade, note=note,
                      doc_id="d", start=0, end=10)


def test_judgements_round_trip_with_every_field_and_the_latest_grade_counts(tmp_path):
    store = JudgingStore(tmp_path / "j.sqlite")
    tricky = "'); DROP TABLE judgements; -- 引号\""
    store.add([_a("张三", 1, note=tricky)])
    store.add([_a("张三", 2), _a("李四", 0)])
    rows = store.assessments()
    assert [(r.judge, r.grade) for r in rows] == [("张三", 1), ("张三", 2), ("李四", 0)]
    assert rows[0].note == tricky and rows[0].start == 0 and rows[0].end == 10 and rows[0].created
    latest = store.assessments(latest=True)
    assert sorted((r.judge, r.grade) for r in latest) == [("张三", 2), ("李四", 0)]
    assert store.judges() == sorted(["张三", "李四"])
    reopened = JudgingStore(tmp_path / "j.sqlite")
    assert len(reopened.assessments()) == 3


def test_database_runs_in_wal_mode(tmp_path):
    import sqlite3

    JudgingStore(tmp_path / "j.sqlite")
    with sqlite3.connect(tmp_path / "j.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_bad_row_is_refused_and_nothing_of_its_batch_is_written(tmp_path):
    store = JudgingStore(tmp_path / "j.sqlite")
    with pytest.raises(ValueError, match="grade"):
        store.add([_a("张三", 2), _a("张三", 3, section="d#二、")])
    with pytest.raises(ValueError, match="judge"):
        store.add([_a("  ", 1)])
    with pytest.raises(ValueError, match="whitespace"):
        store.add([_a("张三", 1, section="d#一 、")])
    assert store.assessments() == []


def test_concurrent_judges_in_two_threads_lose_no_write(tmp_path):
    store = JudgingStore(tmp_path / "j.sqlite")
    errors: list[BaseException] = []

    def judge(name: str) -> None:
        try:
            for i in range(60):
                store.add([_a(name, i % 3, section=f"d#{i}.")])
        except BaseException as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=judge, args=(n,)) for n in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    rows = store.assessments()
    assert len(rows) == 120 and len({r.id for r in rows}) == 120
    assert {r.judge for r in rows} == {"甲", "乙"}


def test_export_writes_qrels_combining_judges_by_lower_grade_and_the_harness_counts_them(tmp_path, capsys):
    db = tmp_path / "j.sqlite"
    store = JudgingStore(db)
    new_q = "东莞托位目标是多少"
    store.add([_a("甲", 2, "d#一、"), _a("乙", 1, "d#一、"), _a("甲", 0, "d#二、"),
               Assessment(question_id(new_q), new_q, "d#三、", "甲", 2)])
    gold_q = tmp_path / "questions.jsonl"
    gold_q.write_text('{"id": "q1", "question": "家庭医生签约率?", "type": "numeric", "answer": "70%"}\n', encoding="utf-8")
    gold_r = tmp_path / "qrels.txt"
    gold_r.write_text("q1 0 d#二、 2\n", encoding="utf-8")
    out = tmp_path / "judged.txt"
    assert eval_main(["export-qrels", "--db", str(db), "--out", str(out), "--questions", str(gold_q)]) == 0
    printed = capsys.readouterr().out
    assert "乙 vs 甲: 1 shared pairs, agreed 0.000" in printed
    assert read_qrels(out) == {"q1": {"d#一、": 1, "d#二、": 0}, question_id(new_q): {"d#三、": 2}}
    merged = load_gold(gold_q, gold_r, judged=out)
    assert merged.qrels["q1"] == {"d#一、": 1, "d#二、": 2}  # the curated grade wins
    assert {q.qid: q.type for q in merged.evaluable()} == {"q1": "numeric", question_id(new_q): "judged"}


def test_export_without_a_database_says_so_in_one_line(tmp_path, capsys):
    assert eval_main(["export-qrels", "--db", str(tmp_path / "none.sqlite"), "--out", str(tmp_path / "x.txt")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "评审数据库不存在" in err


def test_question_ids_are_stable_under_width_and_script_variants():
    assert question_id("家庭醫生 签约率？") == question_id("家庭医生 签约率?")
    assert question_id("家庭医生") != question_id("社区医生")


def test_cohen_kappa_matches_a_hand_computed_value_and_is_undefined_for_one_grade():
    # p_o = 3/4; p_e = (2/4)(1/4) + (2/4)(3/4) = 1/2 → κ = (0.75 − 0.5) / 0.5 = 0.5
    assert cohen_kappa([2, 2, 0, 0], [2, 0, 0, 0]) == pytest.approx(0.5)
    assert cohen_kappa([1, 1], [1, 1]) is None
    assert cohen_kappa([0, 2], [2, 0]) == pytest.approx(-1.0)


def test_agreement_counts_only_pairs_both_judges_graded():
    rows = [_a("甲", 2, "s1"), _a("乙", 2, "s1"), _a("甲", 0, "s2"), _a("乙", 1, "s2"), _a("甲", 1, "s3")]
    (found,) = agreement(rows)
    assert (found.judge_a, found.judge_b, found.shared, found.agreed) == ("乙", "甲", 2, 0.5)


def test_pool_is_the_label_free_union_of_each_config_in_a_stable_shuffled_order(make_corpus, quick_config,
                                                                                hashing_embedder):
    items = "\n".join(f"{i}.第{i}项工作。推进家庭医生签约和社区卫生服务第{i}批任务。" for i in range(1, 13))
    config = quick_config(make_corpus({"plan.txt": f"某市2023年卫生健康工作要点\n一、基层\n{items}\n"}))
    build_index(config, embedder=hashing_embedder)
    index = open_index(config.index_dir, embedder=hashing_embedder)
    query = "家庭医生签约"
    pooled = pool(index, query, depth=3)
    assert pool(index, query, depth=3) == pooled
    sections = [p.section_id for p in pooled]
    assert len(sections) == len(set(sections))
    expected = {h.chunk.section_id for c in POOL_CONFIGS
                for h in index.search(query, k=3, mode=c.mode, auto_scope=c.auto_scope)}
    assert set(sections) == expected
    assert set(PooledPassage.__dataclass_fields__) == {"section_id", "chunk", "meta"}  # nothing names a config
    ranked = [h.chunk.section_id for h in index.search(query, k=len(sections))]
    orders = {tuple(p.section_id for p in pool(index, q, depth=3)) for q in (query, query + "服务", query + "工作")}
    assert len(sections) < 3 or any(list(o) != ranked[:len(o)] for o in orders)
