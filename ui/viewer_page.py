"""原文 Viewer: a whole document with the cited span marked and scrolled into view, and the
document's section outline beside it for navigation.

Opened by `viewer_link(doc_id, start, end)` (query parameters `doc`, `start`, `end`). Text comes
only from `SearchIndex.document_text`: the doc id is looked up in the index, never turned into a
path, and an unknown id gets a message.
"""
from __future__ import annotations

import streamlit as st

from hws import Chunk, DocumentMeta, SearchIndex
from ui.links import VIEWER_PATH
from ui.outline import OutlineEntry, document_outline, innermost
from ui.safe_text import Anchor, Mark, escape_html, escape_markdown, marked_html

URL_PATH = VIEWER_PATH
CITED_ID = "hws-cited"
CURRENT_ID = "hws-outline-current"
PANE_HEIGHT = 560

# Our own constant script (no document or query text in it): scroll the document pane, not the
# page, so the marked span (and its outline entry) sit in the upper third once drawn. Runs only because
# unsafe_allow_javascript is set for this one constant.
_SCROLL_TO_CITED = f"""<script>
(function () {{
  let tries = 0;
  const pane = (el) => {{
    for (let p = el.parentElement; p; p = p.parentElement) {{
      const overflow = getComputedStyle(p).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && p.scrollHeight > p.clientHeight) return p;
    }}
    return null;
  }};
  const reveal = (id) => {{
    const el = document.getElementById(id);
    const box = el && pane(el);
    if (!box) return false;
    const top = el.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTop = Math.max(top - box.clientHeight / 3, 0);
    return true;
  }};
  const go = () => {{
    if (reveal("{CITED_ID}")) {{ reveal("{CURRENT_ID}"); }}
    else if (tries++ < 50) {{ setTimeout(go, 100); }}
  }};
  go();
}})();
</script>"""


def _int_param(name: str) -> int | None:
    raw = st.query_params.get(name, "").strip()
    return int(raw) if raw.isdigit() else None


def _label(meta: DocumentMeta) -> str:
    return " · ".join(str(v) for v in (f"《{meta.title or meta.doc_id}》", meta.city, meta.year) if v)


def _pick_document(index: SearchIndex, current: str | None) -> str | None:
    """A document picker; choosing another document opens it (and drops the cited span)."""
    options = [m.doc_id for m in index.documents]
    titles = {m.doc_id: _label(m) for m in index.documents}
    choice = st.selectbox("文档 Document", options, index=options.index(current) if current in options else None,
                          format_func=titles.get, placeholder="选择文档 choose a document",
                          key=f"viewer_doc_{current}")
    if choice is not None and choice != current:
        st.query_params.from_dict({"doc": choice})
        st.rerun()
    return current if current in titles else None


def cited_span(text: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """The span to mark, when the link carries a valid one for this text."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None
    return start, end


def _citing_chunk(chunks: list[Chunk], span: tuple[int, int]) -> Chunk | None:
    start, end = span
    exact = [c for c in chunks if (c.start, c.end) == span]
    holding = [c for c in chunks if c.start <= start < c.end]
    return (exact or holding or [None])[0]


def _tags_html(meta: DocumentMeta) -> str:
    values = (meta.city, meta.year, meta.doc_type, meta.publisher, meta.published)
    tags = "".join(f'<span class="hws-tag">{escape_html(str(v))}</span>' for v in values if v)
    return f'<div class="hws-tags">{tags}</div>'


def outline_html(outline: list[OutlineEntry], current: OutlineEntry | None) -> str:
    items = []
    for i, entry in enumerate(outline):
        css = f' class="hws-current" id="{CURRENT_ID}"' if entry == current else ""
        items.append(f'<li{css} style="padding-left:{entry.depth * 0.9:.1f}rem">'
                     f'<a href="#hws-sec-{i}">{escape_html(entry.label)}</a></li>')
    return f'<ul class="hws-outline">{"".join(items)}</ul>'


def document_html(text: str, outline: list[OutlineEntry], span: tuple[int, int] | None) -> str:
    marks = [Mark(span[0], span[1], "hws-cited", CITED_ID)] if span else []
    anchors = [Anchor(entry.start, f"hws-sec-{i}") for i, entry in enumerate(outline)]
    return f'<div class="hws-doc">{marked_html(text, marks, anchors)}</div>'


def render(index: SearchIndex) -> None:
    st.subheader("原文 Document viewer")
    doc_id = st.query_params.get("doc", "") or None
    known = doc_id is not None and any(m.doc_id == doc_id for m in index.documents)
    if doc_id is not None and not known:
        st.error(f"找不到文档 “{escape_markdown(doc_id)}”：它不在当前索引中，请从下面的列表选择 "
                 "(unknown document id; choose one below)")
    doc_id = _pick_document(index, doc_id if known else None)
    if doc_id is None:
        if "doc" not in st.query_params:
            st.info("请选择要阅读的文档，或在检索结果中点击 “📄 原文” (choose a document, or open one from a search result)")
        return
    try:
        text = index.document_text(doc_id)
    except KeyError:
        st.error("该文档的原文不在索引中，请重新构建索引 (document text missing; rebuild the index)")
        return
    meta = index.meta(doc_id)
    st.html(_tags_html(meta))
    chunks = index.document_chunks(doc_id)
    outline = document_outline(chunks)
    start, end = _int_param("start"), _int_param("end")
    span = cited_span(text, start, end)
    if span is None and (start is not None or end is not None or "start" in st.query_params):
        st.warning("链接中的引用位置无效，已显示全文 (the link's span is not valid for this document)")
    current = innermost(outline, *span) if span else None
    chunk = _citing_chunk(chunks, span) if span else None
    if chunk is not None:
        st.code(f"《{meta.title}》{chunk.citation_path}", language=None, wrap_lines=True)
    nav, body = st.columns([1, 3], gap="medium")
    with nav:
        st.markdown("**目录 Outline**")
        with st.container(height=PANE_HEIGHT, border=True):
            if outline:
                st.html(outline_html(outline, current))
            else:
                st.caption("此文档没有编号章节 (no numbered sections)")
    with body:
        st.caption(f"{len(text):,} 字 characters · {len(chunks)} 段落 chunks · {escape_markdown(meta.source)}")
        with st.container(height=PANE_HEIGHT, border=True):
            st.html(document_html(text, outline, span))
    if span:
        st.html(_SCROLL_TO_CITED, unsafe_allow_javascript=True)
