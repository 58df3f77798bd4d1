"""评测 Evaluation: the latest report of `python -m eval run` / `compare` — the metric tables, the
per-type plot, which differences are significant, and each failing question with what was
retrieved instead. The page only reads eval/results/*.json; it never runs an evaluation.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from hws import SearchIndex
from ui.safe_text import escape_markdown

URL_PATH = "evaluation"
# eval.* is imported inside the functions: it loads ranx and numba (~2 s), which the app
# should pay only when this page is opened.
REPORTS = {"compare": "配置对比 compare (python -m eval compare)", "run": "评测 run (python -m eval run)"}


def available_reports(folder: Path) -> list[str]:
    """Report kinds present in folder, newest first."""
    kinds = [kind for kind in REPORTS if (folder / f"{kind}.json").is_file()]
    return sorted(kinds, key=lambda kind: (folder / f"{kind}.json").stat().st_mtime, reverse=True)


def overall_table(report: dict) -> pd.DataFrame:
    labels = report["labels"]
    rows = [{"配置 config": c["name"], "问题数 n": c["rows"][0]["n"],
             **{labels.get(m, m): c["rows"][0][m] for m in report["metrics"]}, "说明 setup": c["description"]}
            for c in report["configs"]]
    return pd.DataFrame(rows)


def by_type_table(report: dict, metric: str) -> pd.DataFrame:
    """Question type × configuration for one metric."""
    groups = [r["group"] for r in report["configs"][0]["rows"]]
    data = {"类型 type": groups, "n": [r["n"] for r in report["configs"][0]["rows"]]}
    for c in report["configs"]:
        by_group = {r["group"]: r[metric] for r in c["rows"]}
        data[c["name"]] = [by_group.get(g) for g in groups]
    return pd.DataFrame(data)


def significance_table(report: dict) -> pd.DataFrame:
    """Each configuration against the baseline: Δ, p and whether it is significant, per metric."""
    labels, baseline = report["labels"], report["baseline"]
    rows = []
    for c in report["significance"]["comparisons"]:
        if c["a"] != baseline:
            continue
        mark = "✔✔" if c["significant_holm"] else "✔" if c["significant"] else ""
        rows.append({"配置 config": c["b"], "指标 metric": labels.get(c["metric"], c["metric"]),
                     f"Δ (− {baseline})": c["delta"], "p": c["p_value"], "显著 significant": mark,
                     "胜/平/负 W/T/L": f"{c['wins']}/{c['ties']}/{c['losses']}"})
    return pd.DataFrame(rows)


def _failures(report: dict) -> None:
    names = [c["name"] for c in report["configs"]]
    name = st.selectbox("配置 configuration", names, key="eval_fail_config")
    config = next(c for c in report["configs"] if c["name"] == name)
    failures = config["failures"]
    st.caption(f"{len(failures)} 个问题前 5 名中没有相关段落 (questions with no relevant section in the top 5)")
    for f in failures:
        with st.expander(f"{f['qid']} · {f['type']} · {f['question']}"):
            if f.get("answer"):
                st.markdown(f"**参考答案 answer:** {escape_markdown(f['answer'])}")
            st.markdown("**应找到 expected:**")
            st.dataframe(pd.DataFrame([{"段落 section": e["section_id"], "评分 grade": e["grade"],
                                        "位置 breadcrumb": e["breadcrumb"]} for e in f["expected"]]),
                         hide_index=True, width="stretch")
            st.markdown("**实际检索到 retrieved instead:**")
            if not f["retrieved"]:
                st.write("（无结果 nothing）")
            st.dataframe(pd.DataFrame([{"名次 rank": r["rank"], "出处 citation": r["citation"],
                                        "段落 text": r["text"]} for r in f["retrieved"]]),
                         hide_index=True, width="stretch")


def render(index: SearchIndex) -> None:
    from eval.report import RESULTS_DIR, read_report

    st.title("评测 Evaluation")
    kinds = available_reports(RESULTS_DIR)
    if not kinds:
        st.info("还没有评测报告。请运行 `python -m eval run`（或 `make eval`）与 `python -m eval compare`。"
                " (no report yet)")
        return
    kind = st.radio("报告 report", kinds, format_func=REPORTS.get, horizontal=True, key="eval_report_kind")
    try:
        report = read_report(RESULTS_DIR / f"{kind}.json")
    except ValueError as exc:
        st.error(escape_markdown(str(exc)))
        return
    q = report["questions"]
    st.caption(escape_markdown(f"{report['command']} · {report['created']} · k = {report['k']} · "
                               f"{q['evaluated']} answerable questions scored, {q['unanswerable']} unanswerable"))

    st.subheader("总体 Overall")
    st.dataframe(overall_table(report), hide_index=True, width="stretch")

    st.subheader("按问题类型 By question type")
    metric = st.selectbox("指标 metric", report["metrics"], format_func=lambda m: report["labels"].get(m, m),
                          key="eval_type_metric")
    st.dataframe(by_type_table(report, metric), hide_index=True, width="stretch")
    plot = RESULTS_DIR / Path(report.get("plot", "")).name
    if report.get("plot") and plot.is_file():
        st.image(str(plot), caption="各类型得分 scores by question type")

    if report["significance"]["comparisons"]:
        st.subheader("显著性 Significance")
        s = report["significance"]
        st.caption(escape_markdown(f"{s['test']}, {s['permutations']} permutations, α = {s['alpha']}; "
                                   "✔ p < α, ✔✔ also after Holm-Bonferroni"))
        st.dataframe(significance_table(report), hide_index=True, width="stretch")

    if report.get("no_answer"):
        st.subheader("无答案问题 Unanswerable questions: top dense score")
        rows = []
        for name, summary in report["no_answer"].items():
            for group in ("answerable", "unanswerable"):
                if summary.get(group):
                    rows.append({"配置 config": name, "问题 questions": group, **summary[group],
                                 "阈值 threshold": summary.get("threshold")})
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

    st.subheader("失败的问题 Failing questions")
    _failures(report)
