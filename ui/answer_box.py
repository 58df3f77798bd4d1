"""The answer box above the result cards: a short answer, the sentence it comes from, its citation.

Filled by search_page.render_answer_slot. The extractive answer (answer/extractive.py) is always
shown; a generated one only when an OpenAI-compatible endpoint is configured (HWS_LLM_BASE_URL)
and the user switches it on, and then it is labelled as generated, with its flagged sentences
struck out. Nothing here may stop the cards from rendering: any failure becomes one line.
"""
from __future__ import annotations

import html
import logging
from pathlib import Path

import streamlit as st

from hws import (
    Answer,
    Config,
    Evidence,
    GenerationError,
    Hit,
    HwsError,
    LLMConfig,
    SearchIndex,
    VectorCache,
    answer_question,
    generate_answer,
    llm_config,
)
from ui.links import viewer_link
from ui.safe_text import escape_html, escape_markdown

log = logging.getLogger("hws.answer")
_GENERATE_KEY = "answer_generate"


@st.cache_resource
def _vector_cache(path: str) -> VectorCache:
    return VectorCache(Path(path))


def _answer_html(text: str, label: str, color: str = "#1f2937", size: str = "1.6rem") -> str:
    return (f'<div style="font-size:.8rem;color:#6b7280">{escape_html(label)}</div>'
            f'<div style="font-size:{size};font-weight:700;color:{color};line-height:1.4">{escape_html(text)}</div>')


def _source_line(citation: str) -> None:
    """The evidence's citation; the card of its passage, below, has the copy box and the link to
    the document (a link here would come before the first card's, which the app's tests click)."""
    st.html(f'<div style="color:#374151">出处 Citation: {escape_html(citation)}</div>')


# Our own constant script (no document or question text in it): a click on a .hws-copy button
# copies its data-copy attribute (escaped text) to the clipboard. unsafe_allow_javascript is set
# for this one constant only.
_COPY_SCRIPT = """<script>
document.querySelectorAll("button.hws-copy").forEach(function (b) {
  if (b.dataset.bound) { return; }
  b.dataset.bound = "1";
  b.addEventListener("click", function () {
    navigator.clipboard.writeText(b.dataset.copy).then(function () { b.textContent = "✓ 已复制 copied"; });
  });
});
</script>"""


def quotable(answer: str, evidence: Evidence) -> str:
    """What the copy button copies: the answer, its sentence and its citation, ready to paste."""
    return f"{answer}（原文：{evidence.text}）——{evidence.citation}"


def tools_html(answer: str, evidence: Evidence) -> str:
    """The link to the sentence in the viewer and the copy button, as escaped HTML (no script)."""
    href = html.escape(viewer_link(evidence.hit.chunk.doc_id, evidence.start, evidence.end), quote=True)
    return (f'<div class="hws-answer-tools" style="display:flex;gap:1rem;align-items:center">'
            f'<a class="hws-answer-link" href="{href}" target="_blank" rel="noopener noreferrer">📄 在原文中查看 view the sentence in context</a>'
            f'<button class="hws-copy" data-copy="{escape_html(quotable(answer, evidence))}">'
            f'📋 复制答案与出处 copy answer and citation</button></div>')


def _tools(answer: str, evidence: Evidence) -> None:
    st.html(tools_html(answer, evidence))
    st.html(_COPY_SCRIPT, unsafe_allow_javascript=True)


def _confidence_line(found: Answer) -> None:
    if found.confidence == "low":
        st.html('<div class="hws-confidence" style="color:#b45309">置信度 Confidence: 低 low — '
                '几个数字都可能是答案, 请核对各自的原文 (several numbers could answer: check each clause)</div>')
    else:
        st.html('<div class="hws-confidence" style="color:#047857">置信度 Confidence: 高 high</div>')


def render_alternatives(found: Answer) -> None:
    """Low confidence: 可能的答案, each candidate with its clause, citation and link, no bare number."""
    st.html(_answer_html("可能的答案 Possible answers", "置信度低 Low confidence", color="#b45309", size="1.2rem"))
    _confidence_line(found)
    if found.note:
        st.caption(escape_markdown(found.note))
    for n, row in enumerate(found.alternatives, 1):
        with st.container(border=True):
            st.html(f'<div class="hws-alternative"><b>{n}. {escape_html(row.answer)}</b></div>')
            st.markdown(f"依据 Evidence: {escape_markdown(row.evidence.text)}")
            _source_line(row.evidence.citation)
            _tools(row.answer, row.evidence)


def render_extractive(found: Answer) -> None:
    """The extractive answer, the table of cities when several documents answer, or 未找到明确答案."""
    if not found.found:
        st.info(f"{escape_markdown(found.message)}。{escape_markdown(found.note)}  \n"
                "以下是最相关的段落，请自行核对 (the best passages follow; read them instead).")
        return
    ev = found.evidence
    assert ev is not None
    if found.confidence == "low" and found.alternatives:
        render_alternatives(found)
        return
    label = "答案 Answer" if found.kind == "quantity" else "答案句 Answering sentence"
    if found.rows:
        label += f" · 最相关 {ev.hit.meta.city or ''}{ev.hit.meta.year or ''}"
    st.html(_answer_html(found.text, label, size="1.6rem" if found.kind == "quantity" else "1.05rem"))
    if found.kind == "quantity":
        _confidence_line(found)
        st.markdown(f"依据 Evidence: {escape_markdown(ev.text)}")
    _source_line(ev.citation)
    _tools(found.text, ev)
    if found.rows:
        st.markdown("**各地 By city and year** (每行一份文件 one line per document)")
        st.dataframe(
            [{"城市 City": r.evidence.hit.meta.city, "年份 Year": r.evidence.hit.meta.year, "答案 Answer": r.answer,
              "出处 Citation": r.evidence.citation, "原文 Context": viewer_link(r.evidence.hit.chunk.doc_id,
                                                                           r.evidence.start, r.evidence.end)}
             for r in found.rows],
            hide_index=True, width="stretch",
            column_config={"原文 Context": st.column_config.LinkColumn("原文 Context", display_text="📄")})


def render_generated(found: Answer) -> None:
    """A generated answer, clearly labelled, with [n] → passage and flagged sentences struck out."""
    st.html(_answer_html(found.text or "未找到明确答案", "🤖 生成的答案 Generated by a language model — 请核对出处 check the sources",
                         color="#1e3a8a", size="1.05rem"))
    for n, hit in enumerate(found.cited, 1):
        st.caption(f"[{n}] {escape_markdown(hit.citation)}")
    flagged = [s for s in found.sentences if not s.supported]
    for sentence in flagged:
        st.markdown(f"⚠️ 已略去 dropped: ~~{escape_markdown(sentence.text)}~~ — 数字 "
                    f"{escape_markdown('、'.join(sentence.unsupported))} 不在所引段落中 (not in the cited passages)")


def _generated(config: LLMConfig, query: str, hits: list[Hit]) -> None:
    try:
        with st.spinner("生成中 generating…"):
            found = generate_answer(query, hits, config)
    except GenerationError as exc:
        st.warning(f"{escape_markdown(str(exc))}；仅显示抽取式答案 (showing the extractive answer only)")
        return
    render_generated(found)


def render_answer_box(index: SearchIndex, query: str, hits: list[Hit]) -> None:
    """The whole box; never raises (a failure is one line and the cards still render)."""
    try:
        config = Config.from_env()
        found = answer_question(index, query, hits, _vector_cache(str(config.cache_dir / "vectors.sqlite")))
        llm = llm_config()
    except HwsError as exc:
        st.warning(escape_markdown(str(exc)))
        return
    except Exception:  # the box is an extra: log for us, one line for the user, cards still shown
        log.exception("answer box failed for %r", query)
        st.warning("未能生成答案，请直接查看下方段落 (the answer box failed; the passages follow)")
        return
    with st.container(border=True):
        render_extractive(found)
        if llm is not None:
            if st.toggle("用语言模型生成答案 Generate with the configured LLM", key=_GENERATE_KEY,
                         help=f"{llm.model} @ {llm.base_url}; 只依据下方前几条段落, 数字逐句核对原文"):
                try:
                    _generated(llm, query, hits)
                except Exception:
                    log.exception("generated answer failed for %r", query)
                    st.warning("生成失败，仅显示抽取式答案 (generation failed; extractive answer shown)")
