"""The embed command: fill the vector cache ahead of `build`, on a Ray cluster or in this process."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.options import add_index_options, config_from
from hws import DEVICES, EMBED_ENGINES, run_embed_job


def cmd_embed(args: argparse.Namespace) -> int:
    """Embed the chunks the vector cache lacks (on Ray or in this process); `build` then embeds nothing."""
    report = run_embed_job(config_from(args), engine=args.engine, address=args.address, workers=args.workers,
                           device=args.device, batch_tokens=args.batch_tokens, lexical=args.lexical)
    for warning in report.warnings:
        print(f"警告 warning: {warning}", file=sys.stderr)
    print(report.summary())
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("embed", help="嵌入 embed the chunks the vector cache lacks, on Ray or in this process "
                                     "(then the build command embeds nothing)")
    add_index_options(p)
    p.add_argument("--corpus", type=Path, help="语料目录 corpus folder (default: corpus/)")
    p.add_argument("--engine", default="ray", choices=EMBED_ENGINES,
                   help="ray = Ray Data 工作进程池 actor pool; local = 本进程 this process (default ray)")
    p.add_argument("--address", help="Ray 集群地址 cluster address (e.g. HEAD:6379 or auto); "
                                     "默认在本机启动 default: start a local Ray")
    p.add_argument("--workers", type=int, help="工作进程数 actors, one model each (default: one per CPU, or GPU)")
    p.add_argument("--device", default="auto", metavar="|".join(DEVICES) + "|cuda:N",
                   help="sentence-transformers 模型的设备 device (default auto: cuda when torch sees one; "
                        "the bundled and hashing models run on the CPU)")
    p.add_argument("--batch-tokens", type=int, help="每批的 token 数 padded tokens per batch (default by device)")
    p.add_argument("--lexical", action="store_true",
                   help="同时为 BM25 分词 also tokenise the chunks (jieba) on the workers; build then reuses them")
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度条 no progress bars")
    p.set_defaults(func=cmd_embed)
