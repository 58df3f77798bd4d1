"""Options several commands share, and the one place a command's flags become a Config."""
from __future__ import annotations

import argparse
from pathlib import Path

from hws import INDEX_TYPES, MODEL_ALIASES, MODES, Config, Filters


def add_index_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index-dir", type=Path, help="索引目录 index folder (default: .index/ in the repo, or $HWS_INDEX_DIR)")
    parser.add_argument("--model", help="嵌入模型 embedding model: " + "; ".join(f"{k} = {v}" for k, v in MODEL_ALIASES.items())
                        + "; or a sentence-transformers hub id / local folder (default: bundled)")


def add_build_options(parser: argparse.ArgumentParser) -> None:
    """What build, add and remove share: where the corpus is, the index type, waiting, progress."""
    parser.add_argument("--corpus", type=Path, help="语料目录 corpus folder (default: corpus/)")
    parser.add_argument("--max-file-mb", type=float,
                        help="单个文件大小上限 per-file size limit in MB (default 10, or $HWS_MAX_FILE_MB)")
    parser.add_argument("--index-type", default="auto", choices=["auto", *INDEX_TYPES],
                        help="FAISS index type (default: auto, by corpus size)")
    parser.add_argument("--wait", type=float, default=0.0, help="等待另一个构建结束的秒数 seconds to wait for a running build")
    parser.add_argument("-q", "--quiet", action="store_true", help="不显示进度条 no progress bars")


def add_question_options(parser: argparse.ArgumentParser, k_help: str) -> None:
    """What `search` and `ask` share: the question, how many passages, the retrieval mode, output."""
    add_index_options(parser)
    parser.add_argument("query", nargs="?", help="问题 the question (omit with --stdin)")
    parser.add_argument("-k", type=int, default=10, help=f"{k_help} (default 10)")
    parser.add_argument("--mode", default="hybrid", choices=MODES, help="检索方式 retrieval mode (default hybrid)")


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--city", action="append", help="只看该地区 filter by place: city, province or county (repeatable)")
    parser.add_argument("--year", action="append", type=int, help="只看该年份 filter by year (repeatable)")


def config_from(args: argparse.Namespace) -> Config:
    return Config.from_env(index_dir=getattr(args, "index_dir", None), model=getattr(args, "model", None),
                           corpus_dir=getattr(args, "corpus", None), max_file_mb=getattr(args, "max_file_mb", None),
                           show_progress=not getattr(args, "quiet", False))


def filters_from(args: argparse.Namespace) -> Filters:
    return Filters(cities=tuple(args.city or ()), years=tuple(args.year or ()), doc_types=tuple(args.doc_type or ()))
