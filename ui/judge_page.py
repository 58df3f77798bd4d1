"""评审 Judge: grade the pooled results of several configurations for a gold question or a new one.

Passages come in a random order with no rank, score or configuration label (see eval.pooling),
so a judge grades the passage, not the system. Grades go to the judging database (SQLite, WAL:
several judges at once are fine); `python -m eval export-qrels` turns them into qrels that
`python -m eval run --judged …` counts. Agreement between judges on shared pairs is shown below.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from eval.agreement import agreement
from eval.gold import QUESTIONS_PATH, GoldFormatError, Question, read_questions
from eval.judging import Assessment, JudgingStore, question_id
from hws import SearchIndex, clean_query
from ui.links import viewer_link
from ui.safe_text import escape_html, escape_markdown

if TYPE_CHECKING:
    from eval.pooling import PooledPassage

URL_PATH = "judge"
POOL_DEPTH = 5  # top sections taken from each configuration
GRADE_LABELS = {0: "0 不相关 not relevant", 1: "1 部分回答 partly answers", 2: "2 回答了问题 answers it"}
NEW_QUESTION = "新问题 new question"


@st.cache_resource(max_entries=1)
def _store() -> JudgingStore:
    return JudgingStore()


@st.cache_data(max_entries=1)
def _gold_questions(mtime: float) -> list[Question]:
    """The gold questions (re-read when the file changes; `mtime` is the cache key)."""
    return read_questions(QUESTIONS_PATH)


@st.cache_resource(max_entries=64, show_spinner="检索中 pooling results…")
def _pool(version: str, query: str, _index: SearchIndex) -> list[PooledPassage]:
    from eval.pooling import pool  # loads ranx (~2 s): only when someone judges

    return pool(_index, query, depth=POOL_DEPTH)


def passage_html(p: PooledPassage, number: int) -> str:
    """A passage as the judge sees it: position in this list, where it is from, its text."""
    meta, chunk = p.meta, p.chunk
    tags = " ".join(f'<span class="hws-tag">{escape_html(str(v))}</span>'
                    for v in (meta.city, meta.year, meta.doc_type) if v)
    return ('<div class="hws-card">'
            f'<div class="hws-crumb"><span class="hws-rank">{number}</span>{escape_html(chunk.breadcrumb)}</div>'
            f'<div class="hws-tags"><span class="hws-tag hws-title">《{escape_html(meta.title or meta.doc_id)}》</span> {tags}</div>'
            f'<div class="hws-passage">{escape_html(chunk.text)}</div></div>')


def _pick_question() -> tuple[str, str, Question | None]:
    """(qid, question text, gold question or None) chosen by the judge; empty text when none yet."""
    questions: list[Question] = []
    if QUESTIONS_PATH.exists():
        try:
            questions = _gold_questions(QUESTIONS_PATH.stat().st_mtime)
        except GoldFormatError as exc:
            st.warning(escape_markdown(f"金标准问题无法读取 ({exc}); 只能输入新问题"))
    options = [NEW_QUESTION] + [q.qid for q in questions]
    by_id = {q.qid: q for q in questions}
    choice = st.selectbox("问题 question", options, key="judge_qid",
                          format_func=lambda o: o if o == NEW_QUESTION else f"{o} · {by_id[o].type} · {by_id[o].text}")
    if choice == NEW_QUESTION:
        text = st.text_input("输入问题 type a question", key="judge_new_query").strip()
        return (question_id(text) if text else "", text, None)
    q = by_id[choice]
    return q.qid, q.text, q


def _grade_form(store: JudgingStore, judge: str, qid: str, query: str, passages: list[PooledPassage]) -> None:
    mine = {a.section_id: a for a in store.assessments(qid=qid, judge=judge, latest=True)}
    st.caption(f"{len(passages)} 个段落, 已评 {sum(p.section_id in mine for p in passages)} "
               "(passages pooled from several configurations, in random order, unlabelled)")
    with st.form(key=f"judge_form_{qid}"):
        picked: list[tuple[PooledPassage, int | None, str]] = []
        for number, p in enumerate(passages, start=1):
            with st.container(border=True):
                st.html(passage_html(p, number))
                left, right, link = st.columns([3, 4, 1], vertical_alignment="center")
                before = mine.get(p.section_id)
                with left:
                    grade = st.radio("评分 grade", list(GRADE_LABELS), format_func=GRADE_LABELS.get, horizontal=True,
                                     index=None if before is None else before.grade,
                                     key=f"judge_grade_{qid}_{p.section_id}")
                with right:
                    note = st.text_input("备注 note", value=before.note if before else "",
                                         key=f"judge_note_{qid}_{p.section_id}")
                with link:
                    st.markdown(f"[📄 原文]({viewer_link(p.chunk.doc_id, p.chunk.start, p.chunk.end)})")
                picked.append((p, grade, note))
        submitted = st.form_submit_button("保存评分 save grades", type="primary")
    if not submitted:
        return
    rows = [Assessment(qid=qid, query=query, section_id=p.section_id, judge=judge, grade=int(grade), note=note,
                       doc_id=p.chunk.doc_id, start=p.chunk.start, end=p.chunk.end)
            for p, grade, note in picked
            if grade is not None and (p.section_id not in mine or (mine[p.section_id].grade, mine[p.section_id].note)
                                      != (grade, note.strip()))]
    if not rows:
        st.info("没有新的评分 (nothing new to save)")
        return
    try:
        store.add(rows)
    except ValueError as exc:
        st.error(escape_markdown(str(exc)))
        return
    st.success(f"已保存 {len(rows)} 条评分 (saved {len(rows)} grades)")


def _agreement(store: JudgingStore) -> None:
    st.subheader("评审一致性 Agreement between judges")
    found = agreement(store.assessments(latest=True))
    if not found:
        st.caption("还没有两位评审都评过的段落 (no passage graded by two judges yet)")
        return
    st.dataframe(pd.DataFrame([{"评审 A": a.judge_a, "评审 B": a.judge_b, "共同评分 shared": a.shared,
                                "一致率 agreed": round(a.agreed, 3),
                                "Cohen's κ": None if a.kappa is None else round(a.kappa, 3)} for a in found]),
                 hide_index=True, width="stretch")


def _export(store: JudgingStore) -> None:
    qrels = store.to_qrels()
    if not qrels:
        return
    lines = "".join(f"{qid} 0 {section} {grade}\n" for qid in sorted(qrels) for section, grade in sorted(qrels[qid].items()))
    st.download_button("下载 qrels download judged qrels", lines, file_name="judged-qrels.txt", mime="text/plain")
    st.caption("或运行 `python -m eval export-qrels`，再用 `python -m eval run --judged eval/results/judged-qrels.txt` "
               "计入评测 (merged with the gold set; gold grades win)")


def render(index: SearchIndex) -> None:
    st.title("评审 Judge")
    st.caption("为检索结果评分: 2 = 回答了问题, 1 = 部分回答, 0 = 不相关。段落来自多个配置, 顺序随机, 不显示来源配置。")
    store = _store()
    judge = st.text_input("评审人 your name", key="judge_name", max_chars=80).strip()
    qid, query, gold = _pick_question()
    if gold is not None and gold.answer:
        with st.expander("参考答案 reference answer (gold set)"):
            st.write(gold.answer)
    if not judge:
        st.info("请先填写评审人 (enter your name to grade)")
    elif query:
        query = clean_query(query)
        _grade_form(store, judge, qid, query, _pool(index.version, query, index))
    _agreement(store)
    _export(store)
