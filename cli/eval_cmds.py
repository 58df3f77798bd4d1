"""`hws eval …`: the evaluation's commands (eval/), reached through the one CLI and its error mapping."""
from __future__ import annotations

import argparse
from collections.abc import Sequence

from cli.errors import run_command


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from eval.cli import EPILOG, add_commands

    p = sub.add_parser("eval", help="评测 evaluate retrieval and answers on the gold set (dev and test side by side)",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_commands(p.add_subparsers(dest="eval_command", required=True, metavar="EVAL_COMMAND"))


def run_own_parser(command: str, argv: Sequence[str]) -> int:
    """`hws eval answers …` and `hws eval commitments …`, whose modules parse their own options."""
    from importlib import import_module

    module_main = import_module(f"eval.{command}").main
    return run_command(lambda _args: module_main(list(argv)), argparse.Namespace())
