"""检索 Search: one question box, filters in the sidebar, results as cited cards.

The question, filters, k and mode live in the URL (see search_request.py), so a link reproduces
a search. Each search shows its own time ("用时 23 ms"), measured around `SearchIndex.search`.

The answer box (issue 8, ui/answer_box.py): `render_answer_slot(index, query, hits)` is called
after the result summary and before the cards, on every search that returned hits. If it raises,
the page logs the error, shows a one-line warning and still renders the cards.
"""
from __future__ import annotations

import logging
import time

import streamlit as st

from hws import MODE_LABELS, MODES, Hit, HwsError, SearchIndex, judge_search
from ui.cards import render_card
from ui.safe_text import escape_markdown
from ui.search_request import K_MAX, SearchRequest

log = logging.getLogger(__name__)
PLACEHOLDER = "例如：深圳2019年对家庭医生有什么安排？ / e.g. family doctor contracts in Shenzhen"
# Session-state keys of the widgets; seeded from the URL when a widget has no state yet.
_KEYS = {"query": "search_q", "cities": "search_cities", "years": "search_years",
         "doc_types": "search_types", "k": "search_k", "mode": "search_mode"}


def render_answer_slot(index: SearchIndex, query: str, hits: list[Hit]) -> None:
    """The answer box above the cards (issue 8): a short answer, its sentence and citation."""
    from ui.answer_box import render_answer_box  # imported on first search: keeps page load light

    render_answer_box(index, query, hits)


def _seed_widgets(request: SearchRequest) -> None:
    """Give each widget the URL's value the first time it appears in this session (or again
    after another page was shown, when Streamlit has dropped the widget's state)."""
    values = {"query": request.query, "cities": list(request.cities), "years": list(request.years),
              "doc_types": list(request.doc_types), "k": request.k, "mode": request.mode}
    for field, key in _KEYS.items():
        if key not in st.session_state:
            st.session_state[key] = values[field]


def _controls(index: SearchIndex) -> SearchRequest:
    facets = index.facets()
    _seed_widgets(SearchRequest.from_params(st.query_params.get_all, facets))
    with st.sidebar:
        st.subheader("筛选 Filters")
        st.multiselect("地区 Place (省/市/县)", facets.get("places", facets["cities"]), key=_KEYS["cities"],
                       placeholder="全部 all")
        st.multiselect("年份 Year", facets["years"], key=_KEYS["years"], placeholder="全部 all")
        st.multiselect("文档类型 Type", facets["doc_types"], key=_KEYS["doc_types"], placeholder="全部 all")
        st.slider("结果数 Results", 1, K_MAX, key=_KEYS["k"])
        st.radio("检索方式 Mode", MODES, format_func=MODE_LABELS.get, key=_KEYS["mode"],
                 help="混合 = 语义 + 关键词 (reciprocal rank fusion); 可切换比较 (switch to compare)")
    st.text_input("问题 Question", key=_KEYS["query"], placeholder=PLACEHOLDER,
                  help="按回车检索 (press Enter). 中文或英文 Chinese or English.")
    state = st.session_state
    request = SearchRequest(
        query=state[_KEYS["query"]], cities=tuple(state[_KEYS["cities"]]), years=tuple(state[_KEYS["years"]]),
        doc_types=tuple(state[_KEYS["doc_types"]]), k=int(state[_KEYS["k"]]), mode=state[_KEYS["mode"]])
    st.query_params.from_dict(request.to_params())
    return request


def render(index: SearchIndex) -> None:
    st.title("卫生健康工作要点检索")
    st.caption("Semantic search over Chinese health work plans · 每条结果附出处，可在原文中核对 "
               "(every passage is cited and can be checked in context)")
    request = _controls(index)
    if not request.query:
        st.info("请输入问题并按回车。可按城市、年份、文档类型筛选（左侧）。"
                "(Type a question and press Enter; filters are in the sidebar.)")
        return
    started = time.perf_counter()
    try:
        hits = index.search(request.query, k=request.k, mode=request.mode, filters=request.filters)
    except HwsError as exc:
        st.warning(escape_markdown(str(exc)))
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    if not hits:
        st.info("没有找到相关段落。请换个说法，或放宽左侧的筛选条件。"
                "(No matching passages: rephrase the question or widen the filters.)")
        st.caption(f"用时 {elapsed_ms:.0f} ms")
        return
    st.caption(f"{len(hits)} 条结果 results · {MODE_LABELS[request.mode]} · 用时 {elapsed_ms:.0f} ms")
    try:
        render_answer_slot(index, request.query, hits)
    except Exception:  # the answer is an extra: its failure must not cost the user the passages
        log.exception("answer slot failed")
        st.warning("未能生成答案，以下为检索到的原文段落 (the answer could not be composed; passages below)")
    _judgement_notice(index, request.query, hits)
    for hit in hits:
        render_card(hit)


def _judgement_notice(index: SearchIndex, query: str, hits: list[Hit]) -> None:
    """The evidence judgement of the answer, over the cards: when the passages do not write what
    the question asks about, say so (and which term) before the least unrelated passages."""
    try:
        judged = judge_search(index, query, hits)
    except Exception:  # a notice is an extra: never cost the user the passages
        log.exception("search judgement failed")
        return
    if not judged.found:
        st.warning(f"{escape_markdown(judged.message)}。以下段落与问题可能无关, 仅供参考 "
                   "(the passages below are the least unrelated ones, not answers)", icon="⚠️")
