"""The index every page searches: loaded once per process, following new versions without a restart.

`serving_index(config)` is what a page run calls. It returns the live `SearchIndex` and says, in
Chinese, what is going on when that needs saying: the first build (with a progress bar), a
rebuild in progress (the previous version keeps serving), or an index that cannot be opened.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from hws import Config, Embedder, EmbedderError, HwsError, LiveIndex, SearchIndex, index_status, load_embedder
from ui.first_build import build_with_progress
from ui.safe_text import escape_markdown

WARM_UP_QUERY = "卫生健康工作 health"


@st.cache_resource(show_spinner="加载模型 loading the embedding model…")
def embedder_for(model: str) -> Embedder:
    """One embedder per model name per process, shared by the first build and every search."""
    return load_embedder(model)


@st.cache_resource(show_spinner="加载索引 loading the index…")
def live_index(index_dir: str, model: str) -> LiveIndex:
    """One LiveIndex per index folder and model; it reopens the folder when CURRENT changes.

    One throwaway search warms the tokenizer's dictionary and the model's first call here, under
    the loading spinner, so the user's first question is as fast as the ones after it."""
    live = LiveIndex(Path(index_dir), embedder=embedder_for(model))
    live.current().search(WARM_UP_QUERY, k=1)
    return live


def serving_index(config: Config) -> SearchIndex | None:
    """The live index, building it first when there is none; None after showing why not."""
    try:
        status = index_status(config.index_dir)
        if not status.ready:
            if status.building:
                st.info("索引正在构建中，完成后即可检索；请稍候刷新页面 (the index is being built; refresh in a moment)")
                st.button("刷新 Refresh")
                return None
            if build_with_progress(config, embedder_for(config.model)) is None:
                return None
            status = index_status(config.index_dir)
        index = live_index(str(config.index_dir), status.model or config.model).current()
    except (HwsError, EmbedderError) as exc:
        st.error(escape_markdown(str(exc)))
        return None
    if status.building:
        st.info(f"索引正在重建，完成后自动切换；当前仍使用版本 {escape_markdown(index.version)} "
                "(a rebuild is running; the previous version keeps serving)")
    return index
