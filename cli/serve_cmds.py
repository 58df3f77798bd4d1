"""`prepare-serve`: what `make run` does before starting the app, so serving never waits for a rebuild.

With an index already published the app can serve it at once: a stale index is rebuilt by a detached
`build --if-stale` in the background (its output in <index-dir>/rebuild.log) while the app shows its
rebuild notice and follows the new version when it is published (ui/serving.py, index/live.py).
With no index yet there is nothing to serve, so the index is built here, in the foreground with its
progress bars (as `hws build` does), and the app starts on it.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from cli.options import add_build_options, add_index_options, config_from
from hws import REPO_ROOT, Config, build_index, index_status, is_current

Plan = Literal["first-run", "up-to-date", "building", "background"]
REBUILD_LOG = "rebuild.log"
Spawn = Callable[[list[str], Path], object]


def serve_plan(config: Config) -> Plan:
    """first-run: no index (built here, then served); building: a build already holds the lock;
    up-to-date: nothing to do; background: serve the last good index and rebuild behind it."""
    status = index_status(config.index_dir)
    if not status.ready:
        return "first-run"
    if status.building:
        return "building"
    return "up-to-date" if is_current(config) else "background"


def build_command(config: Config) -> list[str]:
    """The detached rebuild: the same folders and model as the app's, no progress bars."""
    return [sys.executable, "-m", "index", "build", "--if-stale", "-q", "--index-dir", str(config.index_dir),
            "--corpus", str(config.corpus_dir), "--model", config.model, "--max-file-mb", str(config.max_file_mb)]


def spawn_detached(command: list[str], log: Path) -> subprocess.Popen:
    """Start the command in its own session (Ctrl-C on the app does not kill a half-done build;
    the vector cache keeps its finished batches either way), output appended to the log."""
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def cmd_prepare_serve(args: argparse.Namespace, spawn: Spawn = spawn_detached) -> int:
    config = config_from(args)
    plan = serve_plan(config)
    if plan == "first-run":
        print("尚无索引: 先构建索引, 然后启动应用 (no index yet: building it first, then the app starts)")
        report = build_index(config, index_type=args.index_type, lock_wait=args.wait)
        print(report.summary())
    elif plan == "building":
        print("索引正在构建中: 应用先使用当前版本 (a build is running: the app serves the current version)")
    elif plan == "up-to-date":
        print(f"索引已是最新 (index is up to date): {config.index_dir}")
    else:
        log = config.index_dir / REBUILD_LOG
        spawn(build_command(config), log)
        print(f"语料或设置已变化: 后台重建索引, 应用先使用上一版本; 日志 {log} "
              "(corpus or settings changed: rebuilding in the background while the last good index serves)")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("prepare-serve", help="启动应用前 before `make run`: rebuild a stale index in the background")
    add_index_options(p)
    add_build_options(p)
    p.set_defaults(func=cmd_prepare_serve)
