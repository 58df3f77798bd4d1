"""`hws …` (also `python -m index …` and `python -m eval …`): the one command line of the project.

Each command group lives in its own module and registers its subcommands here; failures become one
line and an exit code in one place (cli/errors.py).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cli import commitments_cmds, embed_cmds, eval_cmds, index_cmds, search_cmds, serve_cmds
from cli.errors import run_command

EPILOG = """示例 examples (.venv/bin/hws, or python -m index with the same arguments):
  hws build                                  # 构建索引 (corpus/ → .index/)
  hws search "深圳2019年对家庭医生有什么安排?" -k 5
  hws search "托位数" --city 东莞 --json
  echo "家庭医生签约率" | hws search --stdin
  hws info
  hws add ~/下载/惠州2024.txt                 # 添加文档并更新索引 add a document, rebuild
  hws remove 002_bdc7d27108e4aeeb            # 删除文档并更新索引 remove a document, rebuild
  hws commitments --query 床位 --kind target  # 量化承诺 quantified commitments
  hws ask "东莞2024年新增多少张医疗床位?"       # 直接答案 a direct answer with its source
  hws eval run                               # 评测 evaluation on the gold set (dev and test)
  hws embed --engine ray --workers 2         # 分布式嵌入 embed on Ray (then: hws build)
"""


def build_parser(prog: str = "hws") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description="卫生健康工作要点语义检索 — semantic search over Chinese health work plans",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (index_cmds, embed_cmds, search_cmds, commitments_cmds, eval_cmds, serve_cmds):
        group.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "hws") -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["eval"] and args_list[1:2] in (["answers"], ["commitments"]):
        return eval_cmds.run_own_parser(args_list[1], args_list[2:])  # these parse their own options
    if args_list[:1] == ["eval"]:  # parsed by the evaluation's own parser, built only now (cli/eval_cmds.py)
        return run_command(eval_cmds.run_eval, argparse.Namespace(eval_args=args_list[1:], eval_prog=f"{prog} eval"))
    args = build_parser(prog).parse_args(args_list)
    return run_command(args.func, args)
