"""Tables as printed and saved: JSON for machines, Markdown for the README, a plot for people."""
from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass
class Table:
    """One printed table: a title, column names, rows of cells, and notes under it."""

    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *cells) -> None:
        self.rows.append([_cell(c) for c in cells])

    def markdown(self) -> str:
        lines = [f"**{self.title}**", "", "| " + " | ".join(self.columns) + " |",
                 "|" + "|".join("---" for _ in self.columns) + "|"]
        lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in self.rows]
        if self.notes:
            lines += [""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {"title": self.title, "columns": self.columns, "rows": self.rows, "notes": self.notes}


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def print_table(table: Table) -> None:
    print("\n" + table.markdown() + "\n", flush=True)


def environment() -> dict:
    """What the numbers depend on: machine, load from other processes, library versions."""
    import bm25s
    import faiss
    import numpy

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python -m bench", *sys.argv[1:]]),
        "cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
        "numpy": numpy.__version__, "faiss": faiss.__version__, "bm25s": bm25s.__version__,
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def write_results(out_dir: Path, tables: list[Table], raw: dict, env: dict) -> list[Path]:
    """bench/results/latest.{json,md} plus a time-stamped copy of the JSON; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {**env, "load_average_end": [round(x, 2) for x in os.getloadavg()]}
    payload = {"environment": env, "tables": [t.to_json() for t in tables], "raw": raw}
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    paths = [out_dir / "latest.json", out_dir / f"bench-{stamp}.json", out_dir / "latest.md"]
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    paths[0].write_text(text, encoding="utf-8")
    paths[1].write_text(text, encoding="utf-8")
    header = (f"Command: `{env['command']}` · {env['date']} · {env['cpus']} cores ({env['cpu']}) · "
              f"load average {env['load_average_start'][0]} at start, {env['load_average_end'][0]} at end "
              "(other processes on the machine)")
    paths[2].write_text(header + "\n\n" + "\n\n".join(t.markdown() for t in tables) + "\n", encoding="utf-8")
    return paths


def plot_scale(scale: list[dict], path: Path) -> Path | None:
    """Query latency (p50) against corpus size, one line per index type and yardstick (log-log)."""
    if not scale:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series: dict[str, list[tuple[int, float]]] = {}
    for run in scale:
        size = run["size"]
        for name, entry in run["dense"].items():
            series.setdefault(f"dense {name}", []).append((size, entry["latency"]["p50_ms"]))
        series.setdefault("numpy brute force", []).append((size, run["numpy"]["p50_ms"]))
        series.setdefault("bandwidth bound (scan)", []).append((size, run["scan_bound_ms"]))
        if run.get("lexical"):
            series.setdefault("lexical bm25s", []).append((size, run["lexical"]["latency"]["p50_ms"]))
        if run.get("rank_bm25"):
            series.setdefault("rank_bm25", []).append((size, run["rank_bm25"]["latency"]["p50_ms"]))
        if run.get("pipeline"):
            series.setdefault("SearchIndex.search hybrid", []).append(
                (size, run["pipeline"]["modes"]["hybrid"]["p50_ms"]))
    fig, ax = plt.subplots(figsize=(7.5, 5))
    for name, points in series.items():
        xs, ys = zip(*sorted(points))
        style = "--" if name in ("numpy brute force", "bandwidth bound (scan)", "rank_bm25") else "-"
        ax.plot(xs, ys, style, marker="o", label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("corpus size (chunks)")
    ax.set_ylabel("query latency p50 (ms)")
    ax.set_title("Query latency vs corpus size (2 cores; dashed = yardsticks)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
