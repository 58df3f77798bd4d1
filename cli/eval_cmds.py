"""`hws eval …`: the evaluation's commands (eval/), reached through the one CLI and its error mapping."""
from __future__ import annotations

import argparse
from collections.abc import Sequence

from cli.errors import run_command

HELP = "评测 evaluate retrieval and answers on the gold set (dev and test side by side)"


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """`eval` takes the rest of the line; its own parser is built only when it runs, because the
    evaluation imports ranx and numba (seconds), which `search` or `ask` must not pay for."""
    p = sub.add_parser("eval", help=HELP, add_help=False)
    p.add_argument("eval_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=run_eval)


def eval_parser(prog: str) -> argparse.ArgumentParser:
    from eval.cli import EPILOG, add_commands

    parser = argparse.ArgumentParser(prog=prog, description=HELP, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_commands(parser.add_subparsers(dest="eval_command", required=True, metavar="EVAL_COMMAND"))
    return parser


def run_eval(args: argparse.Namespace) -> int:
    parsed = eval_parser(args.eval_prog).parse_args(args.eval_args)
    return int(parsed.func(parsed))


def run_own_parser(command: str, argv: Sequence[str]) -> int:
    """`hws eval answers …` and `hws eval commitments …`, whose modules parse their own options."""
    from importlib import import_module

    module_main = import_module(f"eval.{command}").main
    return run_command(lambda _args: module_main(list(argv)), argparse.Namespace())
