"""Faults: a build killed at any moment, damaged index files, a newer format, another model, two
builds at once. The previous index keeps serving, the next build succeeds, and every refusal is
one line naming the fix (exit code 2 at the CLI, no traceback)."""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.config import REPO_ROOT
from core.errors import (
    BuildLockedError,
    HwsError,
    IndexCorruptError,
    IndexVersionError,
    ModelMismatchError,
    VectorCacheError,
)
from embed.hashing import HashingEmbedder
from index import Config, build_index, open_index, store
from index.chunk_store import CHUNKS_DB
from index.manifest import FORMAT_VERSION, MANIFEST, read_manifest

SEEDS = sorted((REPO_ROOT / "corpus").glob("*.txt"))

# A build in its own process, so it can be killed: prints "ready" once imported, then each stage.
# Its embedder is the hashing one, optionally slowed down, under the same model id.
BUILD_CHILD = """
import sys, time
from pathlib import Path
from embed.hashing import HashingEmbedder
from index import Config, build_index

corpus, index_dir, cache_dir, pause = sys.argv[1:5]

class Slow(HashingEmbedder):
    def encode_passages(self, texts, show_progress=False):
        time.sleep(float(pause))
        return super().encode_passages(texts, show_progress)

config = Config(corpus_dir=Path(corpus), index_dir=Path(index_dir), cache_dir=Path(cache_dir), model="hashing",
                show_progress=False)
print("ready", flush=True)
report = build_index(config, embedder=Slow(), progress=lambda stage, fraction: print("stage", stage, flush=True))
print("done", report.version, flush=True)
"""


def start_build(config: Config, pause: float = 0.0) -> subprocess.Popen:
    """A build subprocess, returned once it has finished importing (its timing starts now)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", BUILD_CHILD, str(config.corpus_dir), str(config.index_dir), str(config.cache_dir),
         str(pause)], cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline().strip()
    assert first == "ready", first + proc.stderr.read()
    return proc


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "index", *args], capture_output=True, text=True, cwd=REPO_ROOT,
                          timeout=300)


def assert_one_line_refusal(result: subprocess.CompletedProcess, *phrases: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("错误 error: "), result.stderr
    assert "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in result.stderr


def big_corpus(folder: Path, copies: int) -> Path:
    """`copies` documents made from the seed texts, enough for a build of a few seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        seed = SEEDS[i % len(SEEDS)]
        (folder / f"d{i:03d}.txt").write_text(f"第{i}号文件\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def answers(index_dir: Path) -> str:
    """Open the live index and search it; the version that answered."""
    index = open_index(index_dir, model="hashing")
    hits = index.search("家庭医生签约服务", k=3)
    assert hits and all(index.document_text(h.chunk.doc_id)[h.chunk.start:h.chunk.end] == h.chunk.text for h in hits)
    return index.version


# -- killed builds ----------------------------------------------------------------------------
def test_build_killed_at_random_points_keeps_the_previous_index_serving(tmp_path):
    config = Config(corpus_dir=big_corpus(tmp_path / "corpus", 6), index_dir=tmp_path / "index",
                    cache_dir=tmp_path / "cache", model="hashing", show_progress=False)
    published = {build_index(config).version}
    timed = start_build(config)  # an undisturbed build in a subprocess: how long one takes, from "ready"
    started = time.perf_counter()
    out, err = timed.communicate(timeout=300)
    duration = time.perf_counter() - started
    assert timed.returncode == 0, err
    published.add(out.split("done ", 1)[1].strip())
    assert answers(config.index_dir) in published

    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    runs = 4
    for i in range(runs):
        (config.corpus_dir / f"extra{i}.txt").write_text(f"一、补充\n（一）第{i}次补充内容。\n", encoding="utf-8")
        delay = duration * (i + rng.random()) / runs  # one random point in each quarter of a build
        proc = start_build(config)
        time.sleep(delay)
        proc.kill()
        proc.wait(timeout=60)
        out = proc.stdout.read()  # the buffered reader: communicate() would skip what readline() buffered
        reached = [line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("stage")]
        print(f"kill {i}: after {delay:.2f}s of a {duration:.2f}s build (seed {seed}); last stage {reached[-1:]}")
        if "done " in out:
            published.add(out.split("done ", 1)[1].strip())
        assert answers(config.index_dir) in published, f"seed {seed}, kill {i} after {delay:.2f}s"

    final = build_index(config)
    assert answers(config.index_dir) == final.version
    assert not list(config.index_dir.glob(".staging-*"))
    assert len([p for p in config.index_dir.glob("v*") if p.is_dir()]) <= store.KEEP_VERSIONS


def test_build_failing_midway_leaves_the_previous_index_and_no_debris(make_corpus, quick_config):
    config = quick_config(make_corpus({"plan.txt": "一、目标\n（一）推进家庭医生签约服务。\n"}))
    before = build_index(config).version

    class Broken(HashingEmbedder):
        def encode_passages(self, texts, show_progress=False):
            raise RuntimeError("model crashed")

    (config.corpus_dir / "new.txt").write_text("一、新增\n（一）新内容。\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        build_index(config, embedder=Broken())
    assert answers(config.index_dir) == before
    assert not list(config.index_dir.glob(".staging-*"))
    assert build_index(config).documents == 2


# -- two builds at once -----------------------------------------------------------------------
def test_second_build_is_refused_while_one_runs_and_waits_with_wait(make_corpus, quick_config):
    config = quick_config(make_corpus({"plan.txt": "一、目标\n（一）推进家庭医生签约服务。\n"}))
    slow = start_build(config, pause=3.0)
    assert slow.stdout.readline().startswith("stage")  # inside the lock now
    with pytest.raises(BuildLockedError, match="另一个构建正在进行"):
        build_index(config)
    refused = run_cli("build", "--corpus", str(config.corpus_dir), "--index-dir", str(config.index_dir),
                      "--model", "hashing", "-q")
    assert_one_line_refusal(refused, ".build.lock")
    waited = run_cli("build", "--corpus", str(config.corpus_dir), "--index-dir", str(config.index_dir),
                     "--model", "hashing", "-q", "--wait", "120")
    assert waited.returncode == 0, waited.stderr
    out, err = slow.communicate(timeout=120)
    assert slow.returncode == 0 and "done" in out, err
    answers(config.index_dir)
    versions = [p for p in config.index_dir.glob("v*") if p.is_dir()]
    assert len(versions) == 2 and all(read_manifest(v).chunk_count == 1 for v in versions)


# -- damaged or foreign index files -----------------------------------------------------------
@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A small healthy index, built once; each fault test damages a copy."""
    root = tmp_path_factory.mktemp("pristine")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS[2], corpus / SEEDS[2].name)
    config = Config(corpus_dir=corpus, index_dir=root / "index", cache_dir=root / "cache", model="hashing",
                    show_progress=False)
    build_index(config)
    return config.index_dir


def _truncate_dense(version: Path) -> None:
    path = version / store.DENSE_FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _drop_chunk_store(version: Path) -> None:
    (version / CHUNKS_DB).unlink()


def _newer_format(version: Path) -> None:
    manifest = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    manifest["format_version"] = FORMAT_VERSION + 1
    (version / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def _drop_lexical(version: Path) -> None:
    shutil.rmtree(version / store.LEXICAL_DIR)


def _drop_sentences(version: Path) -> None:
    shutil.rmtree(version / store.SENTENCES_DIR)


def _garble_manifest(version: Path) -> None:
    (version / MANIFEST).write_text('{"format_version": 1, "dim"', encoding="utf-8")


FAULTS = {
    "truncated dense.faiss": (_truncate_dense, IndexCorruptError, "dense.faiss"),
    "missing chunks.sqlite": (_drop_chunk_store, IndexCorruptError, "chunks.sqlite"),
    "newer format_version": (_newer_format, IndexVersionError, "请升级程序"),
    "missing lexical index": (_drop_lexical, IndexCorruptError, "lexical"),
    "missing sentence postings": (_drop_sentences, IndexCorruptError, "sentence postings"),
    "garbled manifest": (_garble_manifest, IndexCorruptError, "manifest.json"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_damaged_index_is_refused_with_a_one_line_fix(pristine, tmp_path, fault):
    damage, error, phrase = FAULTS[fault]
    index_dir = tmp_path / "index"
    shutil.copytree(pristine, index_dir)
    damage(store.current_version(index_dir))
    with pytest.raises(error) as caught:
        open_index(index_dir, model="hashing")
    message = str(caught.value)
    assert phrase in message and "python -m index build" in message and "\n" not in message
    assert_one_line_refusal(run_cli("search", "家庭医生", "--index-dir", str(index_dir), "--model", "hashing"),
                            phrase, "python -m index build")


def test_model_with_another_dimension_is_refused_naming_the_fix(pristine):
    with pytest.raises(ModelMismatchError) as caught:
        open_index(pristine, embedder=HashingEmbedder(dim=128))
    assert "256 ≠ 128" in str(caught.value) and "--model" in str(caught.value)
    result = run_cli("search", "家庭医生", "--index-dir", str(pristine), "--model", "bundled")
    assert_one_line_refusal(result, "索引由其他模型构建", "--model", "python -m index build")


def test_missing_index_and_pointer_outside_the_index_are_refused(pristine, tmp_path):
    assert_one_line_refusal(run_cli("search", "医改", "--index-dir", str(tmp_path / "none")), "python -m index build")
    index_dir = tmp_path / "index"
    shutil.copytree(pristine, index_dir)
    (index_dir / store.CURRENT).write_text("../../etc\n", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="CURRENT"):
        open_index(index_dir, model="hashing")


# -- bad settings and surroundings at build time ----------------------------------------------
def test_corrupt_vector_cache_is_refused_naming_the_file(make_corpus, quick_config):
    config = quick_config(make_corpus({"plan.txt": "一、目标\n（一）推进家庭医生签约服务。\n"}))
    config.cache_dir.mkdir(parents=True)
    (config.vector_cache_path).write_bytes(b"not a database at all" * 50)
    with pytest.raises(VectorCacheError, match="vectors.sqlite"):
        build_index(config)


def test_index_folder_that_cannot_be_created_is_one_line(make_corpus, tmp_path):
    corpus = make_corpus({"plan.txt": "一、目标\n（一）推进家庭医生签约服务。\n"})
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli("build", "--corpus", str(corpus), "--index-dir", str(blocker / "index"), "--model", "hashing", "-q")
    assert_one_line_refusal(result, "a-file")


def test_bad_year_in_the_manifest_names_the_row(make_corpus, quick_config):
    corpus = make_corpus({"plan.txt": "一、目标\n（一）推进家庭医生签约服务。\n",
                          "manifest.csv": "file,title,city,year\nplan.txt,要点,某市,二〇一九\n"})
    with pytest.raises(HwsError, match="plan.*year"):
        build_index(quick_config(corpus))


def test_corpus_of_page_furniture_only_is_refused(make_corpus, quick_config):
    with pytest.raises(HwsError, match="没有可检索的正文"):
        build_index(quick_config(make_corpus({"menu.txt": "菜单\n登录\n返回顶部\n"})))


def test_empty_corpus_folder_is_refused(make_corpus, quick_config):
    corpus = make_corpus({})
    with pytest.raises(HwsError, match="没有可读取的文档"):
        build_index(quick_config(corpus))
    assert os.listdir(corpus) == []
