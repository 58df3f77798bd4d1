"""Run in a fresh process and print JSON: a cold start split into parts, or the memory of one index.

    python -m bench.probe search INDEX_DIR "问题" [--mode hybrid]   # import, open, first answer, RSS
    python -m bench.probe dense FILE                                # RSS added by loading a FAISS file
    python -m bench.probe lexical FOLDER                            # RSS added by loading a bm25s index

The benchmarks start it as a subprocess so that resident memory belongs to one index alone."""
from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.probe")
    parser.add_argument("what", choices=["search", "dense", "lexical"])
    parser.add_argument("path", type=Path)
    parser.add_argument("question", nargs="?", default="家庭医生签约服务")
    parser.add_argument("--mode", default="hybrid")
    args = parser.parse_args()
    import psutil

    rss = lambda: psutil.Process().memory_info().rss  # noqa: E731
    if args.what == "search":
        from hws import open_index

        imported = time.perf_counter()
        index = open_index(args.path)
        opened = time.perf_counter()
        hits = index.search(args.question, k=10, mode=args.mode)
        answered = time.perf_counter()
        print(json.dumps({"import_s": imported - STARTED, "open_s": opened - imported,
                          "first_search_s": answered - opened, "hits": len(hits), "rss_bytes": rss()}))
        return
    if args.what == "dense":
        from hws.parts import load_dense as load
    else:
        from hws.parts import LexicalIndex

        load = LexicalIndex.load
    before = rss()
    began = time.perf_counter()
    loaded = load(args.path)
    print(json.dumps({"load_s": time.perf_counter() - began, "rss_added_bytes": rss() - before}))
    del loaded


if __name__ == "__main__":
    main()
