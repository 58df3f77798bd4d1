"""Measurements of whole processes: wall time and peak memory of a command, per-line batch latency."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from hws import REPO_ROOT


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_bytes: int
    returncode: int
    stdout: str
    stderr: str


def python_command(*args: str) -> list[str]:
    return [sys.executable, *args]


def run_timed(cmd: list[str], stdin: str | None = None, env: dict[str, str] | None = None) -> Run:
    """Wall time from spawn to exit, and the child's peak resident memory.

    The peak is the kernel's high-water mark of the process's own memory (VmHWM in
    /proc/PID/status), read every few milliseconds until it exits; the last reading belongs to the
    executed program. (wait4's ru_maxrss would also count the parent's pages inherited at fork.)"""
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **env} if env else None)
    peak = [0]
    done = threading.Event()
    watcher = threading.Thread(target=_watch_peak, args=(proc.pid, done, peak))
    watcher.start()
    try:
        out, err = proc.communicate(stdin)
    finally:
        done.set()
        watcher.join()
    return Run(time.perf_counter() - began, peak[0], proc.returncode, out, err)


def _watch_peak(pid: int, done: threading.Event, peak: list[int]) -> None:
    status = Path(f"/proc/{pid}/status")
    while not done.is_set():
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak[0] = int(line.split()[1]) * 1024
        except OSError:
            return
        done.wait(0.005)


def batch_latencies(cmd: list[str], lines: list[str]) -> tuple[list[float], float, int]:
    """Feed `lines` to a batch command at once and time the arrival of each output line.

    Returns (seconds between consecutive answers, from the second answer on; total wall time;
    return code). The first answer also carries the process start-up, so it is left out."""
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, bufsize=1)
    writer = threading.Thread(target=lambda: (proc.stdin.write("".join(f"{q}\n" for q in lines)), proc.stdin.close()))
    writer.start()
    arrivals = [time.perf_counter() for _ in proc.stdout]
    writer.join()
    proc.wait()
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    return gaps, time.perf_counter() - began, proc.returncode
