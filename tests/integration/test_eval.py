"""The evaluation harness: gold-set validation, ranx metrics, section-level runs, the `python -m eval` CLI.

ranx compiles its metrics with numba on first use in a fresh environment (about a minute, once;
later runs load the compiled code from its cache), so ranx-backed tests share one module.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from ranx import Qrels, Run

from cli.main import main
from core.types import Chunk, DocumentMeta, Hit
from eval.gold import Question, load_gold, merge_qrels
from eval.metrics import OVERALL, per_question, summarise
from eval.runs import RunConfig, RunResult, section_ranking, to_run, write_trec_run
from eval.validate import SectionCatalogue, validate
from index import Config, build_index


def eval_main(argv: list[str]) -> int:
    """`python -m eval ARGV`, in this process."""
    return main(["eval", *argv])

PLAN_A = """南城市2021年卫生健康工作要点

一、深化医改
1.推进家庭医生签约服务。重点人群签约率达到70%以上。
2.推进公立医院综合改革。全面取消药品加成。
二、公共卫生
3.做好疫苗接种工作。适龄儿童免疫规划疫苗接种率保持在95%以上。
"""
PLAN_B = """北镇市2022年卫生健康工作要点

一、基层服务
1.建设社区卫生服务中心。新建社区卫生服务中心10家。
2.改造农村户厕。完成户厕改造2000户。
"""


@pytest.fixture
def tiny(make_corpus, quick_config) -> Config:
    """A two-document corpus (two cities) and its settings; the index is built by tests that need it."""
    return quick_config(make_corpus({"a.txt": PLAN_A, "b.txt": PLAN_B}))


def _write(folder: Path, questions: list[dict], qrels: list[str]) -> tuple[Path, Path]:
    q, r = folder / "questions.jsonl", folder / "qrels.txt"
    q.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in questions), encoding="utf-8")
    r.write_text("\n".join(qrels) + "\n", encoding="utf-8")
    return q, r


def _section(catalogue: SectionCatalogue, doc: str, needle: str) -> str:
    """The retrievable section of document `doc` whose breadcrumb contains `needle`."""
    return next(s for s in catalogue.retrievable if s.startswith(doc + "#") and needle in catalogue.breadcrumbs[s])


# -- validation ----------------------------------------------------------------------------
def test_validator_accepts_a_consistent_gold_set(tiny, tmp_path):
    cat = SectionCatalogue.from_corpus(tiny)
    q, r = _write(tmp_path, [{"id": "q1", "question": "家庭医生签约率目标?", "type": "numeric", "answer": "70%以上"},
                             {"id": "q2", "question": "火星医院", "type": "unanswerable", "answer": ""}],
                  [f"q1 0 {_section(cat, 'a', '家庭医生')} 2"])
    assert validate(tiny, q, r) == []


def test_validator_catches_an_orphaned_section_id_with_its_line(tiny, tmp_path):
    cat = SectionCatalogue.from_corpus(tiny)
    good = _section(cat, "a", "家庭医生")
    q, r = _write(tmp_path, [{"id": "q1", "question": "家庭医生签约", "type": "policy", "answer": "签约"}],
                  [f"q1 0 {good} 2", "q1 0 a#九、/99. 1"])
    problems = validate(tiny, q, r)
    assert [(p.where, "orphaned" in p.message) for p in problems] == [("qrels.txt:2", True)]


def test_validator_flags_a_bare_parent_heading_no_chunk_carries(tiny, tmp_path):
    cat = SectionCatalogue.from_corpus(tiny)
    parent = next(s for s in cat.sections - cat.retrievable if s.startswith("a#"))
    q, r = _write(tmp_path, [{"id": "q1", "question": "医改", "type": "policy", "answer": "医改"}],
                  [f"q1 0 {_section(cat, 'a', '公立医院')} 2", f"q1 0 {parent} 1"])
    problems = validate(tiny, q, r)
    assert len(problems) == 1 and "bare heading" in problems[0].message and problems[0].where == "qrels.txt:2"


def test_validator_reports_every_malformed_or_inconsistent_line(tiny, tmp_path):
    cat = SectionCatalogue.from_corpus(tiny)
    sid = _section(cat, "b", "户厕")
    q, r = _write(tmp_path, [{"id": "q1", "question": "厕所改造", "type": "paraphrase", "answer": "2000户"},
                             {"id": "q1", "question": "重复", "type": "policy", "answer": "x"},
                             {"id": "q3", "question": "无答案", "type": "unanswerable"},
                             {"id": "q4", "question": "没有标注", "type": "numeric", "answer": "1"},
                             {"id": "q5", "question": "类型不明", "type": "gossip", "answer": "x"}],
                  [f"q1 0 {sid} 2", f"q1 0 {sid} 1", f"q3 0 {sid} 2", f"qX 0 {sid} 1", "q1 0 only-three",
                   f"q5 0 {sid} 7"])
    messages = [str(p) for p in validate(tiny, q, r)]
    expected = ["duplicate id", "unknown type 'gossip'", "qrels.txt:2: q1 judges", "qrels.txt:4: question qX",
                "qrels.txt:5: expected 4 columns", "qrels.txt:6: grade 7", "q4: answerable question with no section",
                "q3: type unanswerable but 1 section"]
    for part in expected:
        assert any(part in m for m in messages), (part, messages)


# -- metrics (ranx) ------------------------------------------------------------------------
def test_metrics_come_from_ranx_and_match_hand_computed_values():
    qrels = Qrels({"q1": {"s1": 2, "s2": 1}, "q2": {"s9": 2}, "q3": {"s5": 1}})
    run = Run({"q1": {"x": 1.0, "s2": 0.5, "s1": 1 / 3}, "q2": {"s9": 1.0}}, name="t")  # q3 retrieved nothing
    scores = per_question(qrels, run)
    assert scores["recall@5"] == {"q1": 1.0, "q2": 1.0, "q3": 0.0}
    assert scores["mrr@10"] == pytest.approx({"q1": 0.5, "q2": 1.0, "q3": 0.0})
    assert scores["hit_rate@1"] == {"q1": 0.0, "q2": 1.0, "q3": 0.0}
    # graded nDCG (Järvelin): DCG = 1/log2(3) + 2/log2(4); IDCG = 2/log2(2) + 1/log2(3)
    dcg, idcg = 1 / 1.584962500721156 + 2 / 2, 2 / 1 + 1 / 1.584962500721156
    assert scores["ndcg@10"]["q1"] == pytest.approx(dcg / idcg)
    questions = [Question("q1", "a", "policy"), Question("q2", "b", "policy"), Question("q3", "c", "numeric")]
    rows = summarise(scores, questions, ["policy", "numeric"])
    assert [(r.group, r.n) for r in rows] == [(OVERALL, 3), ("policy", 2), ("numeric", 1)]
    assert rows[0].means["mrr@10"] == pytest.approx(0.5)
    assert rows[1].means["hit_rate@1"] == pytest.approx(0.5)


def _hit(rank: int, section: str, text: str) -> Hit:
    chunk = Chunk("d", section, section.split("#")[1], section, section, text, 0, len(text))
    return Hit(rank=rank, score=1.0 / rank, chunk=chunk, meta=DocumentMeta("d", "d.txt", title="T"))


def test_a_run_lists_each_section_once_at_its_first_rank_scored_by_rank():
    hits = [_hit(1, "d#一、", "a"), _hit(2, "d#二、", "b"), _hit(3, "d#一、", "c"), _hit(4, "d#三、", "d")]
    ranked = section_ranking(hits)
    assert [(r.section_id, r.rank) for r in ranked] == [("d#一、", 1), ("d#二、", 2), ("d#三、", 3)]
    run = to_run({"q": ranked}, "x")
    assert run.to_dict()["q"] == pytest.approx({"d#一、": 1.0, "d#二、": 0.5, "d#三、": 1 / 3})


def test_a_window_straddling_sections_counts_for_each_in_reading_order(tiny):
    cat = SectionCatalogue.from_corpus(tiny)
    first, second = cat.spans["a"][1], cat.spans["a"][2]
    window = Chunk("a", first[2], "", "", "", "x" * (second[1] - first[0] - 2), first[0] + 1, second[1] - 1)
    hit = Hit(rank=1, score=1.0, chunk=window, meta=DocumentMeta("a", "a.txt"))
    assert [r.section_id for r in section_ranking([hit], cat)] == [first[2], second[2]]
    assert [r.rank for r in section_ranking([hit], cat)] == [1, 2]


def test_trec_run_file_reads_back_in_ranx(tmp_path):
    ranked = section_ranking([_hit(1, "d#一、", "a"), _hit(2, "d#二、/1.", "b")])
    result = RunResult(RunConfig("hybrid"), to_run({"q1": ranked}, "hybrid"), {"q1": tuple(ranked)}, {"q1": 0.9})
    write_trec_run(result, tmp_path / "hybrid.trec")
    assert (tmp_path / "hybrid.trec").read_text(encoding="utf-8").splitlines()[0] == "q1 Q0 d#一、 1 1.000000 hybrid"
    back = Run.from_file(str(tmp_path / "hybrid.trec"), kind="trec")
    assert back.to_dict()["q1"] == pytest.approx({"d#一、": 1.0, "d#二、/1.": 0.5})


def test_judged_qrels_merge_with_gold_and_gold_grade_wins(tmp_path):
    assert merge_qrels({"q1": {"s": 2}}, {"q1": {"s": 0, "t": 1}, "u-1": {"s": 2}}) == {
        "q1": {"s": 2, "t": 1}, "u-1": {"s": 2}}
    q, r = _write(tmp_path, [{"id": "q1", "question": "问", "type": "policy", "answer": "答"}], ["q1 0 s 2"])
    judged = tmp_path / "judged.txt"
    judged.write_text("q1 0 t 1\nu-1 0 s 2\n", encoding="utf-8")
    (tmp_path / "judged-questions.jsonl").write_text(
        json.dumps({"id": "u-1", "question": "新问题", "type": "judged"}, ensure_ascii=False) + "\n", encoding="utf-8")
    gold = load_gold(q, r, judged=judged)
    assert [x.qid for x in gold.evaluable()] == ["q1", "u-1"]
    assert gold.qrels["q1"] == {"s": 2, "t": 1}


# -- the CLI, as a user runs it ------------------------------------------------------------
@pytest.fixture
def tiny_gold(tiny, tmp_path, hashing_embedder, monkeypatch) -> tuple[Config, Path, Path]:
    """The tiny corpus indexed (hashing embedder), with a five-question gold set and HWS_* pointing at it."""
    build_index(tiny, embedder=hashing_embedder)
    cat = SectionCatalogue.from_corpus(tiny)
    q, r = _write(tmp_path, [
        {"id": "q1", "question": "家庭医生签约率达到多少", "type": "numeric", "answer": "70%以上"},
        {"id": "q2", "question": "户厕改造完成多少户", "type": "numeric", "answer": "2000户"},
        {"id": "q3", "question": "疫苗接种率", "type": "policy", "answer": "95%以上"},
        {"id": "q4", "question": "新建社区卫生服务中心", "type": "policy", "answer": "10家"},
        {"id": "q5", "question": "火星基地医院建设", "type": "unanswerable", "answer": ""}],
        [f"q1 0 {_section(cat, 'a', '家庭医生')} 2", f"q2 0 {_section(cat, 'b', '户厕')} 2",
         f"q3 0 {_section(cat, 'a', '疫苗')} 2", f"q4 0 {_section(cat, 'b', '社区')} 2"])
    for var, value in (("HWS_CORPUS_DIR", tiny.corpus_dir), ("HWS_CACHE_DIR", tiny.cache_dir), ("HWS_MODEL", "hashing")):
        monkeypatch.setenv(var, str(value))
    return tiny, q, r


def test_eval_run_all_modes_prints_tables_and_writes_report_and_trec_runs(tiny_gold, tmp_path, capsys):
    config, q, r = tiny_gold
    out = tmp_path / "results"
    code = eval_main(["run", "--mode", "all", "--index-dir", str(config.index_dir), "--questions", str(q),
                      "--qrels", str(r), "--out", str(out), "-q"])
    printed = capsys.readouterr().out
    assert code == 0
    assert "| config | n | recall@5 | recall@10 | MRR@10 | nDCG@10 | success@1 |" in printed
    assert "## By question type: hybrid" in printed and "| numeric | 2 |" in printed
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [c["name"] for c in report["configs"]] == ["hybrid", "dense", "lexical"]
    assert report["questions"] == {"evaluated": 4, "unanswerable": 1,
                                   "by_type": {"policy": 2, "numeric": 2, "unanswerable": 1}}
    assert (out / "run.png").stat().st_size > 0 and (out / "run.md").exists()
    trec = (out / "runs" / "run" / "hybrid.trec").read_text(encoding="utf-8").splitlines()
    assert {line.split()[0] for line in trec} == {"q1", "q2", "q3", "q4", "q5"}
    assert {c["a"] for c in report["significance"]["comparisons"]} == {"hybrid", "dense"}


def test_eval_compare_builds_an_index_per_chunking_and_reports_failures(tiny_gold, tmp_path, capsys):
    config, q, r = tiny_gold
    out, cache = tmp_path / "results", tmp_path / "compare-indexes"
    code = eval_main(["compare", "--configs", "hybrid", "lexical", "hybrid-window", "--cache-dir", str(cache),
                      "--questions", str(q), "--qrels", str(r), "--out", str(out), "-q"])
    assert code == 0, capsys.readouterr().err
    assert sorted(p.name for p in cache.iterdir()) == ["section-480-60", "window-480-60"]
    report = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert report["baseline"] == "hybrid"
    for config_report in report["configs"]:
        failed = {f["qid"] for f in config_report["failures"]}
        assert failed == {qid for qid, v in config_report["per_question"]["recall@5"].items() if v == 0}
    assert "Fisher" in report["significance"]["test"]


def test_eval_cli_refuses_bad_input_with_one_line(tiny_gold, tmp_path, capsys):
    config, q, r = tiny_gold
    assert eval_main(["compare", "--configs", "nonsense", "--questions", str(q), "--qrels", str(r)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "unknown config nonsense" in err and "hybrid-window" in err
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    assert eval_main(["run", "--index-dir", str(config.index_dir), "--questions", str(broken), "--qrels", str(r)]) == 2
    assert "broken.jsonl:1" in capsys.readouterr().err


def test_eval_validate_exit_code_follows_problems(tiny_gold, tmp_path, capsys):
    _, q, r = tiny_gold
    assert eval_main(["validate", "--questions", str(q), "--qrels", str(r)]) == 0
    assert "gold set valid" in capsys.readouterr().out
    r.write_text(r.read_text(encoding="utf-8") + "q1 0 a#八、 1\n", encoding="utf-8")
    assert eval_main(["validate", "--questions", str(q), "--qrels", str(r)]) == 1
    assert "orphaned" in capsys.readouterr().out


def test_evaluation_page_shows_the_latest_report_tables_plot_and_failures(tiny_gold, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    import eval.report

    config, q, r = tiny_gold
    out = tmp_path / "results"
    q.write_text(q.read_text(encoding="utf-8")
                 + '{"id": "q6", "question": "宇宙飞船", "type": "policy", "answer": "x"}\n', encoding="utf-8")
    r.write_text(r.read_text(encoding="utf-8") + "q6 0 b#前言 2\n", encoding="utf-8")  # unlikely to rank first
    assert eval_main(["run", "--mode", "all", "-k", "1", "--index-dir", str(config.index_dir), "--questions", str(q),
                      "--qrels", str(r), "--out", str(out), "-q"]) == 0
    monkeypatch.setattr(eval.report, "RESULTS_DIR", out)

    def page():
        from ui import eval_page

        eval_page.render(None)

    at = AppTest.from_function(page, default_timeout=60).run()
    assert not at.exception
    assert [s.value for s in at.subheader][:2] == ["总体 Overall", "按问题类型 By question type"]
    overall = at.dataframe[0].value
    assert list(overall["配置 config"]) == ["hybrid", "dense", "lexical"] and "success@1" in overall.columns
    assert len(at.get("image")) == 1
    assert any("q6" in e.label for e in at.expander)  # the failing question, with what came back instead


def test_lexicon_expansion_is_measured_on_the_split_asked_for(tiny_gold):
    from eval.answers import evaluate_expansion
    from index import open_index

    config, q, r = tiny_gold
    rows = [json.loads(line) for line in q.read_text(encoding="utf-8").splitlines()]
    for i, row in enumerate(rows):
        row["split"] = "dev" if i < 2 else "test"
    q.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    gold, index = load_gold(q, r), open_index(config.index_dir)
    dev = evaluate_expansion(index, gold, show_progress=False, split="dev")
    everything = evaluate_expansion(index, gold, show_progress=False)
    assert dev[0]["n"] == 2 and everything[0]["n"] == 4
