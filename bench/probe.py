"""Run in a fresh process and print JSON: a cold start split into parts, or the memory of one index.

    python -m bench.probe search INDEX_DIR "问题" [--mode hybrid]   # import, open, first answer, RSS
    python -m bench.probe search INDEX_DIR "问题" --warm < questions # … then every question on stdin, RSS after
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
    parser.add_argument("--warm", action="store_true", help="after the first answer, search every question on stdin")
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
        result = {"import_s": imported - STARTED, "open_s": opened - imported,
                  "first_search_s": answered - opened, "hits": len(hits), "rss_bytes": rss(), **_rss_parts("")}
        if args.warm:
            import sys

            questions = [q.strip() for q in sys.stdin if q.strip()]
            for q in questions:
                index.search(q, k=10, mode=args.mode)
            result.update({"warm_questions": len(questions), "warm_rss_bytes": rss(), **_rss_parts("warm_")})
        print(json.dumps(result))
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


def _rss_parts(prefix: str) -> dict:
    """Resident memory split into anonymous pages (the process's own) and file pages (mapped index
    files: shared with other processes serving the same version, and reclaimable by the kernel)."""
    fields = {"RssAnon:": "rss_anon_bytes", "RssFile:": "rss_file_bytes"}
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        parts = line.split()
        if parts and parts[0] in fields:
            out[prefix + fields[parts[0]]] = int(parts[1]) * 1024
    return out


if __name__ == "__main__":
    main()
