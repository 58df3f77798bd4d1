"""Reports a person reads and a program re-reads: a Markdown file, a JSON file and a per-type plot.

The JSON is the source the app's evaluation page shows; the Markdown carries the same tables for
reading in an editor or a pull request.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from eval.gold import GoldSet
from eval.metrics import LABELS, METRICS, OVERALL, label
from eval.scoring import Scored
from eval.significance import ALPHA, PERMUTATIONS, TEST_NAME, Comparison

RESULTS_DIR = Path(__file__).resolve().parent / "results"
FORMAT_VERSION = 1
PLOT_METRICS = ("recall@5", "mrr@10")


@dataclass
class Report:
    kind: str  # "run" or "compare"
    command: str
    k: int
    gold: GoldSet
    scored: list[Scored]
    baseline: str
    descriptions: dict[str, str] = field(default_factory=dict)  # config name -> how it is set up
    indexes: dict[str, dict] = field(default_factory=dict)  # config name -> index facts
    comparisons: list[Comparison] = field(default_factory=list)
    no_answer: dict[str, dict] = field(default_factory=dict)  # config name -> no_answer_summary
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    plot: str = ""

    # -- JSON ------------------------------------------------------------------------------
    def to_json(self) -> dict:
        evaluable = self.gold.evaluable()
        return {
            "format_version": FORMAT_VERSION,
            "kind": self.kind,
            "created": self.created,
            "command": self.command,
            "k": self.k,
            "metrics": list(METRICS),
            "labels": dict(LABELS),
            "baseline": self.baseline,
            "questions": {
                "evaluated": len(evaluable),
                "unanswerable": len(self.gold.unanswerable()),
                "by_type": {t: sum(q.type == t for q in self.gold.questions) for t in self.gold.types},
            },
            "configs": [{"name": s.name, "description": self.descriptions.get(s.name, ""),
                         "index": self.indexes.get(s.name, {}), "rows": [r.to_json() for r in s.rows],
                         "splits": {split: {"n": n, "means": {m: round(v, 4) for m, v in means.items()}}
                                    for split, (n, means) in self.split_means(s).items()},
                         "failures": [f.to_json() for f in s.failures],
                         "per_question": {m: {q: round(v, 4) for q, v in per.items()}
                                          for m, per in s.per_question.items()}}
                        for s in self.scored],
            "significance": {"test": TEST_NAME, "permutations": PERMUTATIONS, "alpha": ALPHA,
                             "comparisons": [c.to_json() for c in self.comparisons]},
            "no_answer": self.no_answer,
            "plot": self.plot,
        }

    # -- Markdown --------------------------------------------------------------------------
    def to_markdown(self) -> str:
        """The whole report: summary tables, then every failing question with what came back instead."""
        out = self.summary_markdown().rstrip("\n").split("\n") + self._failure_details()
        if self.plot:
            out += ["", f"![per-type scores]({self.plot})"]
        return "\n".join(out) + "\n"

    def summary_markdown(self) -> str:
        """The tables: configurations, overall, by question type, significance, no-answer scores, failures."""
        out = [f"# 检索评测 Retrieval evaluation ({self.kind})", "",
               f"`{self.command}` · {self.created} · k = {self.k} · "
               f"{len(self.gold.evaluable())} answerable questions scored, "
               f"{len(self.gold.unanswerable())} unanswerable (used for the no-answer threshold)", ""]
        out += ["## Configurations", ""]
        out += _table(["config", "setup", "index"],
                      [[s.name, self.descriptions.get(s.name, ""), _index_text(self.indexes.get(s.name, {}))]
                       for s in self.scored])
        out += ["", "## Overall", ""]
        out += _table(["config", "n"] + [label(m) for m in METRICS],
                      [[s.name, str(s.rows[0].n)] + [_fmt(s.overall(m)) for m in METRICS] for s in self.scored])
        out += self._split_markdown()
        for s in self.scored:
            out += ["", f"## By question type: {s.name}", ""]
            out += _table(["type", "n"] + [label(m) for m in METRICS],
                          [[r.group, str(r.n)] + [_fmt(r.means[m]) for m in METRICS] for r in s.rows])
        if self.comparisons:
            out += self._significance_markdown()
        if self.no_answer:
            out += self._no_answer_markdown()
        out += self._failure_counts()
        return "\n".join(out) + "\n"

    def split_means(self, s: Scored) -> dict[str, tuple[int, dict[str, float]]]:
        """Per split ("test" first: the headline; "dev" is tuned on): n and mean of each metric."""
        out = {}
        for split in ("test", "dev"):
            qids = [q.qid for q in self.gold.evaluable() if q.extra.get("split") == split]
            if qids:
                out[split] = (len(qids), {m: sum(s.per_question[m][q] for q in qids) / len(qids) for m in METRICS})
        return out

    def _split_markdown(self) -> list[str]:
        """Test (frozen, never tuned on) next to dev (tuned on): the gap between them is the point."""
        rows = [[s.name, split, str(n)] + [_fmt(means[m]) for m in METRICS]
                for s in self.scored for split, (n, means) in self.split_means(s).items()]
        if not rows:
            return []
        return ["", "## By split (test = frozen, never tuned on; dev = tuned on)", ""] + _table(
            ["config", "split", "n"] + [label(m) for m in METRICS], rows)

    def type_split_means(self, s: Scored, split: str) -> list[tuple[str, int, dict[str, float]]]:
        """(type, n, mean of each metric) over one split's answerable questions, all types first."""
        questions = [q for q in self.gold.evaluable() if q.extra.get("split") == split]
        groups = [("all", questions)] + [(t, [q for q in questions if q.type == t]) for t in self.gold.types]
        return [(name, len(qs), {m: sum(s.per_question[m][q.qid] for q in qs) / len(qs) for m in METRICS})
                for name, qs in groups if qs]

    def readme_markdown(self) -> str:
        """What the README quotes: every config by split, then the first config by type on test and on dev."""
        out = [f"`{self.command}` ({self.created[:10]}; {self.k} passages a question)"]
        out += self._split_markdown()
        first = self.scored[0]
        for split in ("test", "dev"):
            rows = [[t, str(n)] + [_fmt(means[m]) for m in METRICS] for t, n, means in self.type_split_means(first, split)]
            if rows:
                out += ["", f"By question type, {split} split ({first.name}):", ""]
                out += _table(["type", "n"] + [label(m) for m in METRICS], rows)
        return "\n".join(out).replace("## By split", "By split").lstrip() + "\n"

    def _significance_markdown(self) -> list[str]:
        against = [c for c in self.comparisons if c.a == self.baseline]
        out = ["", f"## Significance against `{self.baseline}`", "",
               f"{TEST_NAME}, {PERMUTATIONS} permutations, α = {ALPHA}. Δ = other − {self.baseline}; "
               "`*` p < α, `**` also significant after Holm-Bonferroni over the comparisons with the baseline. "
               "W/T/L = questions where the other config scores higher / the same / lower.", ""]
        others = [s.name for s in self.scored if s.name != self.baseline]
        rows = []
        for name in others:
            row = [name]
            for m in METRICS:
                c = next(c for c in against if c.b == name and c.metric == m)
                mark = "**" if c.holm else "*" if c.significant else ""
                row.append(f"{c.delta:+.3f}{mark} ({_p(c.p_value)}, {c.wins}/{c.ties}/{c.losses})")
            rows.append(row)
        out += _table(["config"] + [label(m) for m in METRICS], rows)
        rest = [c for c in self.comparisons if c.a != self.baseline and c.significant]
        if rest:
            out += ["", "Other significant pairs (p < α, uncorrected): "
                    + "; ".join(f"{c.b} vs {c.a} {label(c.metric)} {c.delta:+.3f} ({_p(c.p_value)})" for c in rest)]
        return out

    def _no_answer_markdown(self) -> list[str]:
        out = ["", "## Top dense score: answerable vs unanswerable", "",
               "The dense cosine of each question's top hit. A no-answer threshold is chosen from these "
               "(`python -m eval calibrate`).", ""]
        rows = []
        for name, s in self.no_answer.items():
            for group in ("answerable", "unanswerable"):
                d = s.get(group)
                if d:
                    rows.append([name, group, str(d["n"]), _fmt(d["minimum"]), _fmt(d["p10"]), _fmt(d["median"]),
                                 _fmt(d["p90"]), _fmt(d["maximum"])])
        out += _table(["config", "questions", "n", "min", "p10", "median", "p90", "max"], rows)
        for name, s in self.no_answer.items():
            if s.get("threshold") is not None and "accuracy" in s:
                out += ["", f"`{name}` at threshold {s['threshold']:.4f}: accuracy {s['accuracy']:.3f}, "
                            f"answerable kept {s['answerable_kept']:.3f}, unanswerable caught {s['unanswerable_caught']:.3f}, "
                            f"separability (ROC AUC) {s['auc']:.3f}"]
        return out

    def _failure_counts(self) -> list[str]:
        out = ["", "## Failures (no section graded 1–2 in the top 5)", "",
               f"`new` = failed here but not by `{self.baseline}`; `fixed` = failed by `{self.baseline}` but not here.",
               ""]
        groups = [r.group for r in self.scored[0].rows if r.group != OVERALL]
        base = next((s for s in self.scored if s.name == self.baseline), self.scored[0])
        base_failed = {f.question.qid for f in base.failures}
        rows = []
        for s in self.scored:
            failed = {f.question.qid for f in s.failures}
            rows.append([s.name, str(len(failed)), str(len(failed - base_failed)), str(len(base_failed - failed))]
                        + [str(sum(f.question.type == g for f in s.failures)) for g in groups])
        return out + _table(["config", "failed", "new", "fixed"] + groups, rows)

    def _failure_details(self) -> list[str]:
        out: list[str] = []
        for s in self.scored:
            if not s.failures:
                continue
            out += ["", f"### {s.name}", ""]
            for f in s.failures:
                expected = "; ".join(f"{sid} ({g})" for sid, g, _ in f.expected)
                got = "; ".join(r.citation for r in f.retrieved[:3]) or "(nothing)"
                out.append(f"- **{f.question.qid}** [{f.question.type}] {f.question.text} — expected {expected}; "
                           f"got {got}")
        return out


def _row(scored: Scored, group: str):
    return next(r for r in scored.rows if r.group == group)


def _p(p_value: float) -> str:
    """A permutation p-value for reading: 0 means no permutation was as extreme (p < 1/PERMUTATIONS)."""
    if p_value <= 0:
        return f"p<{1 / PERMUTATIONS:g}"
    return "p<0.001" if p_value < 0.001 else f"p={p_value:.3f}"


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def _index_text(index: dict) -> str:
    if not index:
        return ""
    return f"{index.get('version', '')} ({index.get('chunk_count', '?')} chunks)"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    def cell(text: str) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def plot_by_type(report: Report, path: Path) -> None:
    """Grouped bars: one group per question type (and overall), one bar per configuration."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    groups = [r.group for r in report.scored[0].rows]
    fig, axes = plt.subplots(len(PLOT_METRICS), 1, figsize=(max(7.0, 1.3 * len(groups) + 2), 3.2 * len(PLOT_METRICS)),
                             squeeze=False)
    width = 0.8 / len(report.scored)
    x = np.arange(len(groups))
    for ax, metric in zip(axes[:, 0], PLOT_METRICS):
        for i, s in enumerate(report.scored):
            values = [_row(s, g).means[metric] for g in groups]
            ax.bar(x + (i - (len(report.scored) - 1) / 2) * width, values, width, label=s.name)
        ax.set_xticks(x, [f"{g}\n(n={_row(report.scored[0], g).n})" for g in groups], fontsize=8)
        ax.set_ylim(0, 1.05)
        ax.set_ylabel(label(metric))
        ax.grid(axis="y", alpha=0.3)
    axes[0, 0].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.suptitle(f"{report.kind}: scores by question type")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(report: Report, folder: Path = RESULTS_DIR, stem: str | None = None) -> dict[str, Path]:
    """<stem>.md, <stem>.json and <stem>.png in folder (stem defaults to the report kind)."""
    stem = stem or report.kind
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"plot": folder / f"{stem}.png", "markdown": folder / f"{stem}.md", "json": folder / f"{stem}.json"}
    plot_by_type(report, paths["plot"])
    report.plot = paths["plot"].name
    paths["markdown"].write_text(report.to_markdown(), encoding="utf-8")
    (folder / f"{stem}-readme.md").write_text(report.readme_markdown(), encoding="utf-8")
    paths["json"].write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return paths


def read_report(path: Path) -> dict:
    """A report JSON as written by write_report; ValueError with a one-line reason otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValueError(f"还没有评测报告 ({path.name}); 请运行 python -m eval run (no report yet)") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"评测报告已损坏 ({path.name}); 请重新运行 python -m eval run (report unreadable)") from exc
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"评测报告格式不符 ({path.name}); 请重新运行 python -m eval run (report format changed)")
    return data
