"""A search result as a card: breadcrumb, document tags, the passage with its best sentences
marked, a citation to copy as is, and a link to the passage in context."""
from __future__ import annotations

import streamlit as st

from hws import Hit
from ui.links import viewer_link
from ui.safe_text import Mark, escape_html, marked_html


def card_html(hit: Hit) -> str:
    """The card's body as HTML built only from escaped pieces."""
    chunk, meta = hit.chunk, hit.meta
    marks = [Mark(s.start - chunk.start, s.end - chunk.start, "hws-hl") for s in hit.highlight]
    tags = [f'<span class="hws-tag hws-title">《{escape_html(meta.title or meta.doc_id)}》</span>']
    tags += [f'<span class="hws-tag">{escape_html(str(v))}</span>' for v in (meta.city, meta.year, meta.doc_type) if v]
    tags.append(f'<span class="hws-score" title="{escape_html(_score_detail(hit))}">得分 score {hit.score:.4f}</span>')
    return (
        '<div class="hws-card">'
        f'<div class="hws-crumb"><span class="hws-rank">{hit.rank}</span>{escape_html(chunk.citation_path)}</div>'
        f'<div class="hws-tags">{"".join(tags)}</div>'
        f'<div class="hws-passage">{marked_html(chunk.text, marks)}</div>'
        + (f'<div class="hws-tags">分工 duties: {escape_html(chunk.duties)}</div>' if chunk.duties else "")
        + "</div>"
    )


def _score_detail(hit: Hit) -> str:
    return " · ".join(f"{name} {value:.4f}" for name, value in sorted(hit.scores.items()))


def render_card(hit: Hit) -> None:
    with st.container(border=True):
        st.html(card_html(hit))
        cite, link = st.columns([5, 1], vertical_alignment="center")
        with cite:
            st.code(hit.citation, language=None, wrap_lines=True)
        with link:
            st.markdown(f"[📄 原文 context]({viewer_link(hit.chunk.doc_id, hit.chunk.start, hit.chunk.end)})",
                        help="在原文中查看并定位此段 (open the document at this passage)")
