"""The command line, run as a user runs it."""
from __future__ import annotations

import json
import subprocess
import sys

from cli.main import main
from core.config import REPO_ROOT

HIT_FIELDS = {"rank", "score", "doc_id", "source", "title", "city", "year", "section", "breadcrumb", "text", "start",
              "end", "highlight"}


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "index", *args], input=stdin, capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=300)


def test_search_json_has_the_documented_fields(seed_config, seed_index, capsys):
    assert main(["search", "托位数不低于多少", "--json", "-k", "3", "--index-dir", str(seed_config.index_dir)]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 3 and HIT_FIELDS <= set(hits[0])
    text = seed_index.document_text(hits[0]["doc_id"])
    assert text[hits[0]["start"]:hits[0]["end"]] == hits[0]["text"]
    assert hits[0]["source"].startswith("corpus/")


def test_search_filters_by_city_and_year(seed_config, seed_index, capsys):
    main(["search", "家庭医生", "--json", "--city", "深圳", "--year", "2018", "--index-dir", str(seed_config.index_dir)])
    hits = json.loads(capsys.readouterr().out)
    assert hits and {(h["city"], h["year"]) for h in hits} == {("深圳", 2018)}


def test_batch_mode_prints_one_json_value_per_line(seed_config, seed_index):
    result = run_cli("search", "--stdin", "-k", "2", "--index-dir", str(seed_config.index_dir),
                     stdin="家庭医生签约\n\n医联体建设\n")
    lines = result.stdout.strip().split("\n")
    assert result.returncode == 0 and len(lines) == 3
    first, empty, third = (json.loads(line) for line in lines)
    assert len(first) == 2 and len(third) == 2
    assert "请输入问题" in empty["error"]


def test_missing_index_is_one_line_naming_the_fix(tmp_path):
    result = run_cli("search", "医改", "--index-dir", str(tmp_path / "nothing"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "python -m index build" in result.stderr and "Traceback" not in result.stderr


def test_build_then_info_marks_guessed_fields(make_corpus, tmp_path):
    corpus = make_corpus({"hz.txt": "发布机构: 杭州市卫生健康委员会\n杭州市2021年卫生健康工作要点\n一、目标\n（一）推进医共体建设。内容。\n"})
    (corpus / "manifest.csv").write_text("file,title,city,year,doc_type,publisher,published,url\nhz.txt,,,2021,,,,\n",
                                         encoding="utf-8")
    index_dir = tmp_path / "idx"
    env_args = ["--index-dir", str(index_dir), "--model", "hashing"]
    built = run_cli("build", "--corpus", str(corpus), "-q", *env_args)
    assert built.returncode == 0, built.stderr
    assert "1 篇文档" in built.stdout and "秒" in built.stdout
    info = run_cli("info", "--index-dir", str(index_dir))
    assert "杭州*" in info.stdout and "2021 " in info.stdout and "2021*" not in info.stdout
    again = run_cli("build", "--corpus", str(corpus), "--if-stale", "-q", *env_args)
    assert "索引已是最新" in again.stdout


def test_help_explains_every_subcommand():
    result = run_cli("--help")
    for name in ("build", "info", "search", "sections"):
        assert name in result.stdout
    assert "示例" in result.stdout
