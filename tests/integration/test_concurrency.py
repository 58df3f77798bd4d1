"""Many threads searching one loaded index (as Streamlit's server runs page scripts) get exactly
the answers a single thread gets, also while a rebuild publishes new versions underneath.

Throughput is printed (run with -s to see it), never asserted; tests/search_throughput.py
prints a table for any index."""
from __future__ import annotations

import random
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.config import REPO_ROOT
from index import Config, build_index, open_index
from index.live import LiveIndex

QUERIES = [
    "家庭医生签约服务", "托位数", "医联体建设", "公立医院综合改革", "基本公共卫生服务项目", "疫苗接种率",
    "健康城市建设", "中医药传承创新", "卫生应急能力", "药品集中采购", "全科医生培养", "妇幼健康服务",
    "老年健康服务体系", "智慧医疗 互联网医院", "What are the targets for family doctors?", "2018年 南通 医改",
    "精神卫生", "院前急救", "职业病防治", "爱国卫生运动",
]
THREADS = 8


def signature(hits) -> list[tuple]:
    return [(h.chunk.doc_id, h.chunk.start, h.chunk.end, round(h.score, 6), tuple(sorted(h.scores))) for h in hits]


def run_concurrently(search, queries: list[str], threads: int, rounds: int) -> tuple[dict, float]:
    """Each thread runs every query `rounds` times in its own shuffled order.

    Returns {query: set of signatures seen} and the elapsed seconds."""
    seen: dict[str, set] = {q: set() for q in queries}
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def worker(seed: int) -> None:
        order = queries * rounds
        random.Random(seed).shuffle(order)
        start.wait()
        for query in order:
            result = tuple(signature(search(query)))
            with lock:
                seen[query].add(result)

    began = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(worker, i) for i in range(threads)]:
            future.result()
    return seen, time.perf_counter() - began


@pytest.fixture(scope="module")
def hashing_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("concurrency")
    corpus = root / "corpus"
    shutil.copytree(REPO_ROOT / "corpus", corpus)
    config = Config(corpus_dir=corpus, index_dir=root / "index", cache_dir=root / "cache", model="hashing",
                    show_progress=False)
    build_index(config)
    return config, open_index(config.index_dir, model="hashing")


@pytest.mark.parametrize("mode", ["hybrid", "lexical", "dense"])
def test_threads_get_the_same_results_as_one_thread(hashing_index, mode):
    _, index = hashing_index
    search = lambda q: index.search(q, k=10, mode=mode)  # noqa: E731
    began = time.perf_counter()
    expected = {q: tuple(signature(search(q))) for q in QUERIES}
    sequential = time.perf_counter() - began
    rounds = 3
    seen, elapsed = run_concurrently(search, QUERIES, THREADS, rounds)
    for query in QUERIES:
        assert seen[query] == {expected[query]}, query
    total = len(QUERIES) * rounds * THREADS
    print(f"\n[{mode}, hashing] sequential {len(QUERIES) / sequential:.0f} searches/s; "
          f"{THREADS} threads × {len(QUERIES) * rounds}: {total / elapsed:.0f} searches/s")


def test_threads_share_the_bundled_model_safely(seed_index):
    search = lambda q: seed_index.search(q, k=5)  # noqa: E731
    queries = QUERIES[:8]
    expected = {q: tuple(signature(search(q))) for q in queries}
    seen, elapsed = run_concurrently(search, queries, 4, 1)
    for query in queries:
        assert seen[query] == {expected[query]}, query
    print(f"\n[hybrid, bundled] 4 threads × {len(queries)}: {4 * len(queries) / elapsed:.0f} searches/s")


def test_searches_keep_answering_while_rebuilds_publish_new_versions(hashing_index, tmp_path):
    config, _ = hashing_index
    config = config.with_(index_dir=tmp_path / "index")
    build_index(config)
    live = LiveIndex(config.index_dir, model="hashing")
    stop = threading.Event()
    failures: list[BaseException] = []
    versions: set[str] = set()
    answered = [0]

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            try:
                index = live.current()
                hits = index.search(rng.choice(QUERIES), k=5)
                assert hits
                for hit in hits:
                    assert index.document_text(hit.chunk.doc_id)[hit.chunk.start:hit.chunk.end] == hit.chunk.text
                versions.add(index.version)
                answered[0] += 1
            except BaseException as exc:  # collected and re-raised in the test thread
                failures.append(exc)
                return

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    try:
        for i in range(2):
            (config.corpus_dir / f"added{i}.txt").write_text(
                f"一、新增任务\n（一）第{i}批家庭医生签约服务扩面。\n", encoding="utf-8")
            build_index(config)
        time.sleep(1.5)  # time for the readers to reopen the last version
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        for i in range(2):
            (config.corpus_dir / f"added{i}.txt").unlink(missing_ok=True)
    assert not failures, failures[0]
    assert answered[0] > 0 and len(versions) >= 2  # the readers moved on to a rebuilt version
