"""Concurrent-search throughput of one loaded index: searches per second and latency by thread count.

    python tests/search_throughput.py                       # the seed corpus, bundled model (.index/)
    python tests/search_throughput.py --model hashing       # model-free, into a temporary index
    python tests/search_throughput.py --threads 1 2 4 8 --rounds 5 --mode lexical

Threads are what the Streamlit server uses for concurrent users. Prints a table; asserts nothing
(tests/test_concurrency.py checks that concurrent answers equal sequential ones).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hws import MODES, Config, build_index, is_current, open_index

QUERIES = [
    "深圳2019年对家庭医生有什么安排?", "托位数达到多少", "医联体建设", "公立医院综合改革", "基本公共卫生服务项目",
    "疫苗接种率", "健康城市建设", "中医药传承创新", "卫生应急能力", "药品集中采购", "全科医生培养",
    "妇幼健康服务", "老年健康服务体系", "互联网医院", "What are the targets for family doctors?",
    "南通2018年医改重点", "精神卫生", "院前急救", "职业病防治", "爱国卫生运动",
]


def measure(index, mode: str, threads: int, rounds: int) -> dict:
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(seed: int) -> None:
        order = QUERIES * rounds
        random.Random(seed).shuffle(order)
        for query in order:
            began = time.perf_counter()
            index.search(query, k=10, mode=mode)
            with lock:
                latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(worker, i) for i in range(threads)]:
            future.result()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"threads": threads, "searches": len(latencies), "seconds": elapsed, "per_second": len(latencies) / elapsed,
            "p50_ms": 1000 * statistics.median(latencies), "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="bundled", help="bundled (default) or hashing")
    parser.add_argument("--index-dir", type=Path, help="an existing index (default: .index/ for bundled, a temp one for hashing)")
    parser.add_argument("--mode", default="hybrid", choices=MODES)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--rounds", type=int, default=3, help="times each thread runs the query list")
    args = parser.parse_args()

    config = Config.from_env(model=args.model, show_progress=True)
    if args.index_dir:
        config = config.with_(index_dir=args.index_dir)
    elif args.model == "hashing":
        config = config.with_(index_dir=Path(tempfile.mkdtemp(prefix="throughput-")), show_progress=False)
    if not args.index_dir and not is_current(config):
        print(f"building {config.index_dir} …", file=sys.stderr)
        build_index(config)
    index = open_index(config.index_dir, model=args.model)
    index.query_cache_size = 0  # the rounds repeat the same queries: embed each one every time
    for query in QUERIES:  # warm up: lazy structures, caches
        index.search(query, k=10, mode=args.mode)
    print(f"index {index.version} ({index.manifest.chunk_count} chunks, {index.manifest.model_id}), "
          f"mode {args.mode}, {len(QUERIES)} queries × {args.rounds} rounds per thread")
    print(f"{'threads':>7} {'searches':>8} {'seconds':>8} {'searches/s':>10} {'p50 ms':>7} {'p95 ms':>7}")
    for threads in args.threads:
        row = measure(index, args.mode, threads, args.rounds)
        print(f"{row['threads']:>7} {row['searches']:>8} {row['seconds']:>8.2f} {row['per_second']:>10.1f} "
              f"{row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f}")


if __name__ == "__main__":
    main()
