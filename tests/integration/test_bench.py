"""The benchmark runs end to end and records what it claims to measure (numbers are never asserted:
they depend on the machine; `python -m bench` prints them)."""
from __future__ import annotations

import json

import pytest

import bench.__main__ as bench_main


@pytest.fixture
def hashing_env(monkeypatch, tmp_path):
    """The model-free embedder and a throwaway cache, for this process and the probes it starts."""
    monkeypatch.setenv("HWS_MODEL", "hashing")
    monkeypatch.setenv("HWS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HWS_INDEX_DIR", str(tmp_path / "index"))


def test_scale_benchmark_measures_every_index_type_against_exact_search(hashing_env, tmp_path, capsys):
    out = tmp_path / "results"
    code = bench_main.main(["--only", "scale", "--sizes", "2000", "--types", "flat,hnsw,ivf,ivfpq",
                            "--vectors", "random", "--no-pipeline", "--repeat", "1", "--out", str(out)])
    assert code == 0
    result = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    (run,) = result["raw"]["scale"]
    assert run["size"] == 2000 and run["auto_type"] == "flat"
    assert set(run["dense"]) == {"flat", "hnsw", "ivf", "ivfpq"}
    assert run["dense"]["flat"]["recall@10"] == 1.0  # exact search is its own ground truth
    for kind, entry in run["dense"].items():
        assert 0.0 <= entry["recall@10"] <= 1.0, kind
        assert entry["latency"]["p50_ms"] > 0 and entry["disk_bytes"] > 0
        assert entry["rss_added_bytes"] is not None, f"{kind}: the memory probe process failed"
        assert entry["params"]["index_type"] == kind
    assert run["lexical"]["latency"]["p50_ms"] > 0 and run["rank_bm25"]["latency"]["p50_ms"] > 0
    table = (out / "latest.md").read_text(encoding="utf-8")
    assert "Dense search at scale" in table and "numpy brute force (yardstick)" in table
    assert (out / "scale.png").stat().st_size > 0
    assert "recall@10" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--sizes", "10"], ["--sizes", "ten"], ["--only", "everything"],
                                  ["--types", "annoy"]])
def test_bad_arguments_are_refused_with_a_message(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        bench_main.build_parser().parse_args(argv)
    assert exit_info.value.code == 2
    assert "error" in capsys.readouterr().err


def test_query_and_build_benchmarks_time_the_real_commands_and_rebuild_incrementally(hashing_env, tmp_path):
    out = tmp_path / "results"
    code = bench_main.main(["--only", "query,build", "--quick", "--st-model", "hashing", "--out", str(out)])
    assert code == 0
    raw = json.loads((out / "latest.json").read_text(encoding="utf-8"))["raw"]
    query = raw["query"]
    assert set(query["modes"]) == {"hybrid", "dense", "lexical"}
    assert query["cold_start_parts"]["hits"] > 0, "the cold-start probe found nothing"
    assert len(query["cold_start_s"]) == 2 and query["cli_batch"]["p50_ms"] > 0
    runs = {r["change"].split(" (")[0].split(" of ")[0]: r for r in raw["build"]["rebuilds"]["runs"]}
    assert runs["nothing changed"]["embedded"] == 0
    assert 1 <= runs["edit one sentence"]["embedded"] <= 3  # only the edited chunk(s), not the document
    assert runs["add a new document"]["returncode"] == 0 and runs["add a new document"]["embedded"] > 3
    assert runs["remove it"]["returncode"] == 0 and runs["remove it"]["embedded"] == 0


def test_scale_pipeline_reports_served_recall_and_memory_after_all_questions(hashing_env, tmp_path):
    out = tmp_path / "results"
    code = bench_main.main(["--only", "scale", "--sizes", "2000", "--types", "flat", "--vectors", "random",
                            "--repeat", "1", "--out", str(out)])
    assert code == 0
    (run,) = json.loads((out / "latest.json").read_text(encoding="utf-8"))["raw"]["scale"]
    pipe = run["pipeline"]
    assert pipe["cold_start_ok"] and pipe["served_recall@10"] == 1.0  # flat, memory-mapped: still exact
    warm = pipe["warm_parts"]
    assert warm["warm_questions"] > 1 and warm["warm_rss_bytes"] >= warm["warm_rss_anon_bytes"] > 0
    assert "served recall@10" in (out / "latest.md").read_text(encoding="utf-8")
