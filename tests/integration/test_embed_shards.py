"""The pieces of the distributed embedding job that need no Ray: token-sized batches named by their
content, atomic Parquet shards and their import into the vector cache, model ids known before any
model is loaded, the device choice, and the job's single-process engine."""
from __future__ import annotations

import numpy as np
import pytest

from core.config import REPO_ROOT
from embed import VectorCache, load_embedder
from embed.batches import approx_tokens, plan_batches
from embed.cache import cache_key
from embed.identity import model_id_for
from embed.shards import (
    ShardError,
    done_batches,
    import_shards,
    read_shard,
    remove_partial,
    shard_dir,
    shard_path,
    write_shard,
)

TEXTS = {f"k{i:03d}": "卫生健康" * (i % 17 + 1) + "plan" * (i % 5) for i in range(120)}


def test_batches_cover_every_key_once_within_the_padded_token_budget():
    batches = plan_batches(TEXTS, token_budget=200, max_items=16)

    keys = [k for b in batches for k in b.keys]
    assert sorted(keys) == sorted(TEXTS) and len(keys) == len(set(keys))
    for b in batches:
        longest = max(approx_tokens(t) for t in b.texts)
        assert len(b.keys) <= 16 and (len(b.keys) == 1 or len(b.keys) * longest <= 200)
        assert b.texts == tuple(TEXTS[k] for k in b.keys)


def test_batch_plans_and_ids_depend_on_content_not_order():
    shuffled = dict(reversed(list(TEXTS.items())))
    first, again = plan_batches(TEXTS, 300), plan_batches(shuffled, 300)

    assert [b.batch_id for b in first] == [b.batch_id for b in again]
    assert len({b.batch_id for b in first}) == len(first)


def test_a_text_longer_than_the_budget_gets_a_batch_of_its_own():
    batches = plan_batches({"a": "短", "b": "长" * 1000, "c": "中" * 10}, token_budget=50)
    assert [b.keys for b in batches] == [("a", "c"), ("b",)]


def test_approx_tokens_counts_chinese_characters_one_each():
    assert approx_tokens("卫生健康") == 4 + 2
    assert approx_tokens("abcdefgh") == 2 + 2


def test_a_shard_round_trips_and_is_named_by_its_batch(tmp_path):
    vectors = np.random.default_rng(0).standard_normal((3, 8)).astype(np.float32)
    path = write_shard(tmp_path, "b1", "model-x", ["k1", "k2", "k3"], vectors)

    assert path == shard_path(tmp_path, "b1") and done_batches(tmp_path) == {"b1"}
    shard = read_shard(path)
    assert (shard.model_id, shard.batch_id, shard.keys) == ("model-x", "b1", ("k1", "k2", "k3"))
    np.testing.assert_array_equal(shard.vectors, vectors)
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_a_partial_write_is_never_taken_for_a_shard(tmp_path):
    (tmp_path / ".batch-b2.parquet.123.ab.part").write_bytes(b"half a file")

    assert done_batches(tmp_path) == set()
    assert remove_partial(tmp_path) == 1 and not list(tmp_path.iterdir())


def test_import_fills_the_cache_deletes_the_shards_and_sets_bad_ones_aside(tmp_path):
    cache = VectorCache(tmp_path / "vectors.sqlite")
    folder = tmp_path / "shards"
    write_shard(folder, "b1", "m", ["k1", "k2"], np.eye(2, 4, dtype=np.float32))
    write_shard(folder, "b2", "other-model", ["k3"], np.ones((1, 4), dtype=np.float32))
    shard_path(folder, "b3").write_bytes(b"not parquet")

    found = import_shards(cache, folder, "m")

    assert (found.shards, found.vectors, len(found.bad)) == (1, 2, 2)
    assert cache.known(["k1", "k2", "k3"]) == {"k1", "k2"}
    np.testing.assert_array_equal(cache.get_many(["k2"], 4)["k2"], np.eye(2, 4, dtype=np.float32)[1])
    assert done_batches(folder) == set() and len(list(folder.glob("*.bad"))) == 2
    assert import_shards(cache, folder, "m").shards == 0


def test_a_shard_must_have_one_vector_per_key(tmp_path):
    with pytest.raises(ShardError):
        write_shard(tmp_path, "b1", "m", ["k1", "k2"], np.ones((3, 4), dtype=np.float32))


def test_models_never_share_a_shard_folder(tmp_path):
    assert shard_dir(tmp_path, "a") != shard_dir(tmp_path, "b")


@pytest.mark.parametrize("name", ["hashing", "bundled"])
def test_the_model_id_is_known_without_loading_the_model(name):
    assert model_id_for(name) == load_embedder(name).model_id


def test_the_model_id_of_a_sentence_transformers_model():
    assert model_id_for("BAAI/bge-small-zh-v1.5") == "st:BAAI/bge-small-zh-v1.5"


def test_cuda_is_chosen_only_when_torch_sees_a_gpu(monkeypatch):
    import torch

    from embed import EmbedderError
    from embed.device import CPU_BATCH, batch_size_for, choose_device, token_budget_for

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert choose_device(None) == choose_device("auto") == "cpu"
    with pytest.raises(EmbedderError, match="GPU"):
        choose_device("cuda")
    assert batch_size_for("cpu") == CPU_BATCH
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert choose_device("auto") == "cuda" and choose_device("cuda:1") == "cuda:1"
    assert choose_device("cpu") == "cpu"
    assert batch_size_for("cuda") > CPU_BATCH and token_budget_for("cuda") > token_budget_for("cpu")
    with pytest.raises(EmbedderError, match="unknown device"):
        choose_device("tpu")


def test_a_sentence_transformers_model_runs_where_the_device_says(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    model = load_embedder("minilm", device="auto")
    assert model.device == "cpu" and model._model.device.type == "cpu"


def test_the_local_engine_writes_the_vectors_the_single_process_path_computes(tmp_path, hashing_embedder):
    from core.config import Config
    from index.embed_job import corpus_units, run_embed_job

    config = Config(corpus_dir=REPO_ROOT / "corpus", index_dir=tmp_path / "index", cache_dir=tmp_path / "cache",
                    model="hashing", show_progress=False)
    report = run_embed_job(config, engine="local", batch_tokens=4000)

    texts = corpus_units(config).embed  # chunk passages and sentence units, as the build embeds them
    keys = [cache_key(hashing_embedder.model_id, t) for t in texts]
    assert report.embedded == report.unique == len(set(keys)) and report.batches > 1
    found = VectorCache(config.vector_cache_path).get_many(keys, hashing_embedder.dim)
    np.testing.assert_allclose(np.stack([found[k] for k in keys]), hashing_embedder.encode_passages(texts), atol=1e-6)
    assert run_embed_job(config, engine="local").embedded == 0
    again = run_embed_job(config, engine="local", lexical=True)
    assert again.embedded == 0 and again.tokenized == report.unique


def test_asking_for_cuda_without_a_gpu_is_refused_with_a_message(make_corpus, tmp_path, monkeypatch, capsys):
    import torch

    from cli.main import main

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setenv("HWS_CACHE_DIR", str(tmp_path / "cache"))
    corpus = make_corpus({"a.txt": "宁波市2022年卫生健康工作要点\n一、新增医疗床位2000张。\n"})

    code = main(["embed", "--engine", "local", "--model", "minilm", "--device", "cuda", "--corpus", str(corpus),
                 "--index-dir", str(tmp_path / "index"), "-q"])

    assert code == 2 and "没有可用的 GPU" in capsys.readouterr().err


def test_ray_actors_are_told_the_gpu_only_when_ray_gave_them_one():
    from index.ray_engine import worker_device

    assert worker_device("bundled", "cuda", gpu=True) == "cpu"
    assert worker_device("minilm", "auto", gpu=False) == "cpu"
    assert worker_device("minilm", "auto", gpu=True) == "cuda"
    assert worker_device("minilm", "cuda:1", gpu=True) == "cuda:1"


def test_token_shards_are_imported_into_the_token_cache_which_the_build_reads(tmp_path):
    from index.token_cache import (
        TOKENS_FILE,
        TokenCache,
        done_token_batches,
        import_token_shards,
        token_key,
        token_shard_dir,
        write_token_shard,
    )

    folder = token_shard_dir(tmp_path, "tok-1")
    write_token_shard(folder, "b1", "tok-1", [token_key("tok-1", "甲"), token_key("tok-1", "乙")], [["甲"], []])
    write_token_shard(folder, "b2", "tok-0", [token_key("tok-0", "丙")], [["丙"]])
    assert done_token_batches(folder) == {"b1", "b2"}
    cache = TokenCache(tmp_path / TOKENS_FILE)

    found = import_token_shards(cache, folder, "tok-1")

    assert (found.shards, found.vectors, len(found.bad)) == (1, 2, 1) and done_token_batches(folder) == set()
    assert cache.get_many([token_key("tok-1", "乙")]) == {token_key("tok-1", "乙"): []}


def test_the_build_takes_cached_tokens_and_tokenises_the_rest(tmp_path, monkeypatch):
    from index import token_cache
    from index.token_cache import TOKENS_FILE, TokenCache, passage_tokens, token_key

    def tokenize(text):
        return ["fresh", text]

    assert passage_tokens(tokenize, ["甲"], tmp_path) == [["fresh", "甲"]]  # no cache file: as before
    monkeypatch.setattr(token_cache, "tokenizer_id", lambda: "tok-1")
    TokenCache(tmp_path / TOKENS_FILE).put_many({token_key("tok-1", "甲"): ["cached"]})
    assert passage_tokens(tokenize, ["甲", "乙"], tmp_path) == [["cached"], ["fresh", "乙"]]


def test_the_tokenizer_id_changes_with_the_lexicon(tmp_path, monkeypatch):
    import shutil

    from index import token_cache
    from retrieval import lexical

    before = token_cache.tokenizer_id()
    data = tmp_path / "data"
    shutil.copytree(lexical.DATA_DIR, data)
    (data / "lexicon.tsv").write_text((data / "lexicon.tsv").read_text(encoding="utf-8") + "新词\n", encoding="utf-8")
    monkeypatch.setattr(lexical, "DATA_DIR", data)
    token_cache.tokenizer_id.cache_clear()
    try:
        assert token_cache.tokenizer_id() != before
    finally:
        token_cache.tokenizer_id.cache_clear()
