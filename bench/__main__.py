"""`python -m bench`: print benchmark tables and save them under bench/results/ (git-ignored).

    python -m bench                                   # everything: seed queries, builds, 10k/100k/1M chunks
    python -m bench --quick                           # routine run: 10k and 100k chunks only, fewer repeats
    python -m bench --only query                      # one part: query | build | scale | ray (comma-separated)
    python -m bench --only ray                        # embedding on a local Ray (1, 2 workers) vs one process
    python -m bench --only scale --sizes 10000,100000,1000000 --types flat,hnsw,ivf,ivfpq
    python -m bench --only scale --vectors random     # i.i.d. random vectors: the worst case for ANN

The full run takes 20-30 minutes on two cores (the 1M-chunk HNSW build alone ~10 minutes).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hws import REPO_ROOT, Config

PARTS = ("query", "build", "scale", "ray")
FULL_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为逗号分隔的整数 (comma-separated chunk counts), got {text!r}") from None
    if not sizes or min(sizes) < 1000:
        raise argparse.ArgumentTypeError("每个规模至少 1000 个段落 (each size must be at least 1000 chunks)")
    return sizes


def _choice_list(valid: tuple[str, ...]):
    def parse(text: str) -> list[str]:
        names = [s.strip() for s in text.split(",") if s.strip()]
        unknown = [n for n in names if n not in valid]
        if unknown or not names:
            raise argparse.ArgumentTypeError(f"unknown {unknown or text!r}; choose from {', '.join(valid)}")
        return names
    return parse


def build_parser() -> argparse.ArgumentParser:
    from bench.synthetic import VECTOR_KINDS
    from hws import INDEX_TYPES

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", type=_choice_list(PARTS), default=list(PARTS), metavar="|".join(PARTS),
                        help="run only these parts (comma-separated; default all)")
    parser.add_argument("--quick", action="store_true",
                        help=f"sizes {','.join(map(str, QUICK_SIZES))}, one repeat, fewer cold starts (routine use)")
    parser.add_argument("--sizes", type=_sizes, help=f"synthetic corpus sizes in chunks (default {','.join(map(str, FULL_SIZES))})")
    parser.add_argument("--types", type=_choice_list(INDEX_TYPES), default=list(INDEX_TYPES),
                        help=f"dense index types at scale (default {','.join(INDEX_TYPES)})")
    parser.add_argument("--vectors", choices=VECTOR_KINDS, default="composed",
                        help="synthetic vectors: composed from real sentence vectors (default) or random")
    parser.add_argument("--repeat", type=int, help="rounds over the questions for latency figures (default 3, quick 1)")
    parser.add_argument("--st-model", default="minilm", help="sentence-transformers model for the embedding speed row")
    parser.add_argument("--no-pipeline", action="store_true", help="at scale, skip publishing and querying a full index")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "results", help="results folder")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from bench import build, query, scale
    from bench.queries import benchmark_questions
    from bench.report import environment, plot_scale, print_table, write_results
    from bench.yardsticks import copy_bandwidth
    from hws import load_embedder

    config = Config.from_env(show_progress=False)
    repeat = args.repeat or (1 if args.quick else 3)
    questions, source = benchmark_questions()
    env = environment()
    bandwidth = copy_bandwidth()
    env["copy_bandwidth_gb_s"] = round(bandwidth / 1e9, 2)
    print(f"python -m bench: {env['cpus']} cores, load average {env['load_average_start']}, "
          f"copy bandwidth {bandwidth / 1e9:.1f} GB/s (read + write), {source}", flush=True)
    tables, raw = [], {"questions": source, "repeat": repeat}
    began = time.perf_counter()
    if "query" in args.only:
        found, raw["query"] = query.run(config, query.QuerySettings(questions, source, repeat,
                                                                    cold_runs=2 if args.quick else 5, bandwidth=bandwidth))
        _show(found, tables, print_table)
    if "build" in args.only:
        found, raw["build"] = build.run(config, build.BuildSettings(embed_sample=8 if args.quick else 24,
                                                                    st_model=args.st_model, command_runs=True))
        _show(found, tables, print_table)
    if "scale" in args.only:
        sizes = args.sizes or list(QUICK_SIZES if args.quick else FULL_SIZES)
        settings = scale.ScaleSettings(sizes, args.types, args.vectors, questions, source, repeat, bandwidth,
                                       pipeline=not args.no_pipeline)
        found, raw["scale"] = scale.run(config, load_embedder(config.model), settings)
        tables.extend(found)
    if "ray" in args.only:
        from bench import ray_embed

        found, raw["ray"] = ray_embed.run(config, ray_embed.RaySettings(sample=48 if args.quick else 0))
        _show(found, tables, print_table)
    env["seconds"] = round(time.perf_counter() - began, 1)
    paths = write_results(args.out, tables, raw, env)
    plot = plot_scale(raw.get("scale", []), args.out / "scale.png")
    print("saved: " + ", ".join(str(p.relative_to(REPO_ROOT) if p.is_relative_to(REPO_ROOT) else p)
                                for p in [*paths, *([plot] if plot else [])]))
    return 0


def _show(found, tables, print_table) -> None:
    for table in found:
        print_table(table)
    tables.extend(found)


if __name__ == "__main__":
    sys.exit(main())
