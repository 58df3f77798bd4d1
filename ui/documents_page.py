"""文档 Documents: what is indexed — every document with its metadata and chunk count, and the
index's model, version and build time — so a user knows what the answers can come from."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from hws import SearchIndex
from ui.links import viewer_link
from ui.safe_text import escape_markdown

# Field names as shown; metadata detected from the text rather than curated is marked with *.
_FIELDS = (("title", "标题 Title"), ("city", "城市 City"), ("year", "年份 Year"), ("doc_type", "类型 Type"),
           ("publisher", "发布机构 Publisher"), ("published", "发布日期 Published"))


def documents_table(index: SearchIndex) -> pd.DataFrame:
    """One row per indexed document, in doc_id order."""
    counts = index.chunk_counts()
    rows = []
    for meta in index.documents:
        row = {label: _shown(getattr(meta, name), name in meta.guessed) for name, label in _FIELDS}
        row["段落 Chunks"] = counts.get(meta.doc_id, 0)
        row["文件 Source"] = meta.source
        row["原文 Open"] = viewer_link(meta.doc_id)
        rows.append(row)
    return pd.DataFrame(rows)


def _shown(value: object, guessed: bool) -> str:
    text = "" if value is None else str(value)
    return f"{text} *" if guessed and text else text


def render(index: SearchIndex) -> None:
    st.title("文档 Documents")
    manifest = index.manifest
    table = documents_table(index)
    count, chunks, model, built = st.columns([1, 1, 2, 2])
    count.metric("文档 Documents", len(table))
    chunks.metric("段落 Chunks", int(table["段落 Chunks"].sum()) if len(table) else 0)
    model.metric("模型 Model", str(manifest.model))
    built.metric("构建日期 Built (UTC)", str(manifest.build_time)[:10])
    st.caption(f"模型 model_id: {escape_markdown(str(manifest.model_id))} · "
               f"构建时间 built at {escape_markdown(str(manifest.build_time))} · "
               f"索引版本 version {escape_markdown(index.version)}")
    st.dataframe(
        table, hide_index=True, width="stretch",
        column_config={
            "原文 Open": st.column_config.LinkColumn("原文 Open", display_text="打开 open"),
            "年份 Year": st.column_config.TextColumn("年份 Year"),
        },
    )
    st.caption("\\* 由文本推测的元数据 (guessed from the text, not in corpus/manifest.csv)")
    with st.expander("索引详情 Index details"):
        details = {
            "版本 version": index.version,
            "模型标识 model_id": manifest.model_id,
            "向量维度 dim": manifest.dim,
            "索引类型 index_type": manifest.index_type,
            "切分 chunker": f"{manifest.chunker} · {manifest.chunk_size} / {manifest.chunk_overlap}",
            "构建用时 build_seconds": manifest.build_seconds,
            "语料目录 corpus_dir": manifest.corpus_dir,
            "跳过的文件 skipped": "; ".join(manifest.skipped or []) or "—",
        }
        st.dataframe(pd.DataFrame({"项 field": list(details), "值 value": [str(v) for v in details.values()]}),
                     hide_index=True, width="stretch")
