"""The one mapping from failures to what a user sees: a one-line message and an exit code."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from hws import HwsError

Command = Callable[[argparse.Namespace], int]


def run_command(command: Command, args: argparse.Namespace) -> int:
    """Run one command; the project's errors and bad values print one line and exit 2, Ctrl-C 130."""
    try:
        return command(args)
    except (HwsError, ValueError) as exc:  # the project's errors (EmbedderError too) and bad values
        print(f"错误 error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断 interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(f"错误 error: 无法读写 {exc.filename or ''} ({exc.strerror or exc}); 请检查路径和权限 (check the path)",
              file=sys.stderr)
        return 2
