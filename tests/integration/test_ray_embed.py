"""Distributed embedding on a local two-worker Ray: the vectors equal the single-process path's, a
worker killed mid-job is retried with no key missing or doubled, an interrupted job resumes from
the shards it wrote, an index built from Ray's vectors answers exactly like a local build, and the
command runs as a user types it.

One local Ray serves the module (starting one costs ~5 s of the two cores); the command-line test
starts its own, as a user's run does. The whole file takes about a minute and a half."""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from core.config import REPO_ROOT
from embed import VectorCache, load_embedder
from embed.cache import cache_key
from embed.shards import done_batches, shard_dir
from index import Config, build_index, open_index
from index.search import MODES

pytest.importorskip("ray", reason="ray is not installed: pip install -r requirements-ray.txt")

from index import embed_job, ray_engine  # noqa: E402
from index.embed_job import corpus_units, run_embed_job  # noqa: E402
from tests.integration.test_incremental import HZ  # noqa: E402  (the same small plan)

pytestmark = pytest.mark.slow

QUERIES = ("家庭医生签约", "疫苗接种率", "医疗床位", "托位数", "互联网医院", "公立医院高质量发展", "爱国卫生运动",
           "深圳2019年对家庭医生有什么安排?")
SMALL_BATCHES = 3000  # padded tokens: the seed corpus becomes ~15 batches, enough to kill and interrupt


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray with two CPUs for the module; jobs see it initialised and leave it running."""
    assert ray_engine.start_ray(None, 2)
    yield
    ray_engine.stop_ray()


def seed_config(tmp_path, name: str = "cache", model: str = "hashing") -> Config:
    return Config(corpus_dir=REPO_ROOT / "corpus", index_dir=tmp_path / f"index-{name}", cache_dir=tmp_path / name,
                  model=model, show_progress=False)


def cached_vectors(config: Config, embedder) -> tuple[list[str], np.ndarray]:
    """The corpus's passage texts and their vectors as the cache holds them (every one must be there)."""
    texts = corpus_units(config).embed  # chunk passages and sentence units, as the build embeds them
    keys = [cache_key(embedder.model_id, t) for t in texts]
    found = VectorCache(config.vector_cache_path).get_many(keys, embedder.dim)
    assert len(found) == len(set(keys)), "a chunk has no vector"
    return texts, np.stack([found[k] for k in keys])


def cache_rows(config: Config) -> int:
    import sqlite3

    with sqlite3.connect(config.vector_cache_path) as db:
        return db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]


@pytest.fixture
def written(monkeypatch):
    """Records the keys of every shard the job writes, in order."""
    keys: list[str] = []
    real = embed_job.write_shard

    def record(folder, batch_id, model_id, batch_keys, vectors):
        path = real(folder, batch_id, model_id, batch_keys, vectors)
        keys.extend(batch_keys)
        return path

    monkeypatch.setattr(embed_job, "write_shard", record)
    return keys


@pytest.fixture(scope="module")
def ray_hashing_run(local_ray, tmp_path_factory):
    """The seed corpus embedded on Ray with the hashing model: (config, report)."""
    config = seed_config(tmp_path_factory.mktemp("ray-hashing"))
    return config, run_embed_job(config, engine="ray", workers=2, batch_tokens=SMALL_BATCHES, lexical=True)


def test_ray_vectors_equal_the_single_process_path(ray_hashing_run, hashing_embedder):
    config, report = ray_hashing_run
    texts, vectors = cached_vectors(config, hashing_embedder)

    np.testing.assert_allclose(vectors, hashing_embedder.encode_passages(texts), atol=1e-6)
    assert report.embedded == report.unique == cache_rows(config) and report.batches > 2
    assert report.workers == 2 and report.cached == report.resumed == 0
    assert done_batches(shard_dir(config.cache_dir, hashing_embedder.model_id)) == set()  # all imported


def test_ray_token_lists_equal_the_tokenizers(ray_hashing_run):
    from index.token_cache import TOKENS_FILE, TokenCache, token_key, tokenizer_id
    from retrieval.lexical import Tokenizer
    from text.lexicon import lexicon_terms

    config, report = ray_hashing_run
    texts = corpus_units(config).tokenise  # chunk passages and sentence units, as the build tokenises them
    found = TokenCache(config.cache_dir / TOKENS_FILE).get_many([token_key(tokenizer_id(), t) for t in texts])
    tokenizer = Tokenizer(lexicon_terms())

    assert report.tokenized == len(found) == len(set(texts))
    assert [found[token_key(tokenizer_id(), t)] for t in texts] == [tokenizer(t) for t in texts]


def test_an_index_built_from_ray_vectors_gives_the_same_hits_as_a_local_build(ray_hashing_run, hashing_embedder,
                                                                             tmp_path, monkeypatch):
    from retrieval.lexical import Tokenizer

    config, _ = ray_hashing_run
    calls = []
    real = Tokenizer.__call__
    monkeypatch.setattr(Tokenizer, "__call__", lambda self, text: (calls.append(text), real(self, text))[1])
    from_ray = build_index(config, embedder=hashing_embedder)
    assert from_ray.embedded == 0 and not calls  # vectors and tokens (passages and sentences) came from the job
    local = seed_config(tmp_path, "local-cache")
    built_here = build_index(local, embedder=hashing_embedder)

    assert built_here.embedded == from_ray.chunks and set(calls) == set(corpus_units(local).tokenise)
    assert snapshot(config, hashing_embedder) == snapshot(local, hashing_embedder)


def snapshot(config: Config, embedder) -> dict:
    index = open_index(config.index_dir, embedder=embedder)
    return {(q, mode): [(h.chunk.doc_id, h.chunk.start, h.chunk.end, round(h.score, 6)) for h in
                        index.search(q, k=5, mode=mode)] for q in QUERIES for mode in MODES}


def test_the_bundled_model_on_ray_equals_it_in_one_process(local_ray, make_corpus, tmp_path):
    config = Config(corpus_dir=make_corpus({"hz.txt": HZ}), index_dir=tmp_path / "index", cache_dir=tmp_path / "cache",
                    model="bundled", show_progress=False)
    report = run_embed_job(config, engine="ray", workers=2, batch_tokens=200)
    model = load_embedder("bundled")
    texts, vectors = cached_vectors(config, model)

    assert report.embedded == len(texts) >= 3 and report.batches >= 2
    np.testing.assert_allclose(vectors, model.encode_passages(texts), atol=1e-5)


def test_a_killed_worker_is_retried_and_no_key_is_missing_or_doubled(local_ray, tmp_path, monkeypatch, written,
                                                                      hashing_embedder):
    marker = tmp_path / "crashed"
    monkeypatch.setenv(ray_engine.CRASH_ENV, str(marker))
    config = seed_config(tmp_path)

    report = run_embed_job(config, engine="ray", workers=2, batch_tokens=SMALL_BATCHES)

    assert marker.exists(), "no worker was killed"
    texts, vectors = cached_vectors(config, hashing_embedder)
    expected = {cache_key(hashing_embedder.model_id, t) for t in texts}
    assert sorted(written) == sorted(expected)  # each key written once: none missing, none doubled
    assert report.embedded == len(expected) == cache_rows(config)
    np.testing.assert_allclose(vectors, hashing_embedder.encode_passages(texts), atol=1e-6)


class Interrupted(Exception):
    """Stands in for Ctrl-C or a lost driver in the middle of a job."""


def test_an_interrupted_job_resumes_from_the_shards_it_wrote(local_ray, tmp_path, monkeypatch, hashing_embedder):
    config = seed_config(tmp_path)
    folder = shard_dir(config.cache_dir, hashing_embedder.model_id)
    real = embed_job.write_shard
    first: list[str] = []

    def write_two_then_stop(folder, batch_id, model_id, keys, vectors):
        if len(done_batches(folder)) == 2:
            raise Interrupted
        first.extend(keys)
        return real(folder, batch_id, model_id, keys, vectors)

    monkeypatch.setattr(embed_job, "write_shard", write_two_then_stop)
    with pytest.raises(Interrupted):
        run_embed_job(config, engine="ray", workers=2, batch_tokens=SMALL_BATCHES)
    assert len(done_batches(folder)) == 2 and cache_rows(config) == 0

    again: list[str] = []
    monkeypatch.setattr(embed_job, "write_shard", lambda *a: (again.extend(a[3]), real(*a))[1])
    report = run_embed_job(config, engine="ray", workers=2, batch_tokens=SMALL_BATCHES)

    texts, vectors = cached_vectors(config, hashing_embedder)
    unique = {cache_key(hashing_embedder.model_id, t) for t in texts}
    assert report.resumed == len(first) > 0 and report.embedded == len(again) == len(unique) - len(first)
    assert not set(first) & set(again) and set(first) | set(again) == unique  # only the rest was embedded
    np.testing.assert_allclose(vectors, hashing_embedder.encode_passages(texts), atol=1e-6)
    assert done_batches(folder) == set()


def test_without_ray_the_message_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ray_engine.RayUnavailableError, match=r"需要安装 ray: pip install ray\[data\]==2\.60\.0"):
        ray_engine.import_ray()


def test_the_embed_command_on_two_ray_workers_then_build_embeds_nothing(make_corpus, tmp_path):
    corpus = make_corpus({"hz.txt": HZ})
    env = {**os.environ, "HWS_CACHE_DIR": str(tmp_path / "cache")}
    env.pop(ray_engine.CRASH_ENV, None)
    args = ["--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), "--model", "hashing", "-q"]

    embedded = subprocess.run([sys.executable, "-m", "index", "embed", "--engine", "ray", "--workers", "2",
                               "--batch-tokens", "100", "--lexical", *args],
                              cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=240)
    built = subprocess.run([sys.executable, "-m", "index", "build", *args], cwd=REPO_ROOT, env=env,
                           capture_output=True, text=True, timeout=120)

    assert embedded.returncode == 0, embedded.stderr[-2000:]
    assert "嵌入完成" in embedded.stdout and "ray × 2" in embedded.stdout and "新嵌入 0" not in embedded.stdout
    assert "Traceback" not in embedded.stderr
    units = corpus_units(Config(corpus_dir=corpus, model="hashing"))  # the passages and sentences build tokenises
    assert f"分词 tokenised {len(set(units.tokenise))}" in embedded.stdout
    assert built.returncode == 0 and "新嵌入 0," in built.stdout


def test_a_pool_larger_than_the_cluster_or_a_gpu_it_lacks_is_refused(local_ray):
    with pytest.raises(ray_engine.RayJobError, match="--workers 3"):
        ray_engine.check_capacity(3, gpu=False)
    with pytest.raises(ray_engine.RayJobError, match="GPU"):
        ray_engine.wants_gpu("minilm", "cuda")
    assert not ray_engine.wants_gpu("minilm", "auto") and not ray_engine.wants_gpu("bundled", "cuda")
