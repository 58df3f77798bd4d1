"""Streamlit app: ask a question, get the passages that answer it, each with its citation."""
from __future__ import annotations

import html

import streamlit as st

from index import Config, Filters, SearchError, build_index, open_index
from index.search import MODE_LABELS, MODES

st.set_page_config(page_title="卫生健康工作要点检索", page_icon="🔎", layout="wide")
CONFIG = Config.from_env(show_progress=False)


@st.cache_resource(show_spinner="加载索引和模型 (loading index and model)…")
def load_index(version_hint: str):
    return open_index(CONFIG.index_dir, model=None)


def ensure_index():
    from index import store

    try:
        return load_index(store.current_version(CONFIG.index_dir).name)
    except SearchError:
        bar = st.progress(0.0, text="首次运行: 正在构建索引 (first run: building the index)…")
        build_index(CONFIG, progress=lambda stage, f: bar.progress(min(f, 1.0), text=stage))
        bar.empty()
        return load_index(store.current_version(CONFIG.index_dir).name)


def main() -> None:
    st.title("卫生健康工作要点检索")
    st.caption("Semantic search over Chinese health work plans — 每条结果附带出处 (every passage cited)")
    try:
        index = ensure_index()
    except SearchError as exc:
        st.error(str(exc))
        return
    facets = index.facets()
    with st.sidebar:
        cities = st.multiselect("城市 City", facets["cities"])
        years = st.multiselect("年份 Year", facets["years"])
        k = st.slider("结果数 Results", 1, 30, 10)
        mode = st.radio("检索方式 Mode", MODES, format_func=MODE_LABELS.get)
    query = st.text_input("问题 Question", placeholder="例如: 深圳2019年对家庭医生有什么安排?")
    if not query:
        return
    try:
        hits = index.search(query, k=k, mode=mode, filters=Filters(tuple(cities), tuple(years)))
    except SearchError as exc:
        st.warning(str(exc))
        return
    if not hits:
        st.info("没有找到相关段落 (no matching passages)")
    for hit in hits:
        with st.container(border=True):
            st.markdown(f"**{html.escape(hit.chunk.breadcrumb)}**")
            st.caption(f"《{hit.meta.title}》 · {hit.meta.city} · {hit.meta.year} · 得分 {hit.score:.4f}")
            st.text(hit.chunk.text)
            st.code(hit.citation, language=None)


main()
