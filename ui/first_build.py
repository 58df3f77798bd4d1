"""First run without an index: build it in the page with a progress bar a person can watch."""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import streamlit as st

from hws import BuildLockedError, BuildReport, Config, Embedder, EmbedderError, HwsError, build_index
from ui.safe_text import escape_markdown

# Fractions of the whole build that index.build reports around the embedding stage.
_EMBED_FROM, _EMBED_TO = 0.2, 0.85
_BATCH = 16


class ProgressEmbedder:
    """An embedder that encodes passages in batches and reports the fraction done after each.

    build_index embeds every uncached passage in one call; this lets the progress bar move
    through the longest stage instead of sitting at its start."""

    def __init__(self, inner: Embedder, on_fraction: Callable[[float], None]) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self._on_fraction = on_fraction

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        parts = []
        for at in range(0, len(texts), _BATCH):
            parts.append(self.inner.encode_passages(texts[at:at + _BATCH]))
            self._on_fraction(min(at + _BATCH, len(texts)) / len(texts))
        return np.concatenate(parts) if parts else np.zeros((0, self.dim), dtype=np.float32)


def build_with_progress(config: Config, embedder: Embedder) -> BuildReport | None:
    """Build the index from config.corpus_dir, showing stages and a progress bar; None (with a
    message on the page) when it could not be built."""
    box = st.empty()
    with box.container():
        st.info(f"首次运行：正在从 {escape_markdown(str(config.corpus_dir))} 构建索引，请稍候 "
                "(first run: building the index; this happens once)")
        bar = st.progress(0.0, text="准备 preparing…")
    stage = {"text": "", "at": 0.0}

    def on_stage(text: str, fraction: float) -> None:
        stage.update(text=text, at=fraction)
        bar.progress(min(max(fraction, 0.0), 1.0), text=text)

    def on_embedded(done: float) -> None:
        fraction = _EMBED_FROM + (_EMBED_TO - _EMBED_FROM) * done
        bar.progress(fraction, text=f"{stage['text']} {done:.0%}")

    try:
        report = build_index(config, embedder=ProgressEmbedder(embedder, on_embedded), progress=on_stage)
    except BuildLockedError:
        box.info("另一个会话或命令正在构建索引，完成后即可使用；请稍候刷新页面 "
                 "(another session is building the index; refresh in a moment)")
        st.button("刷新 Refresh")
        return None
    except (HwsError, EmbedderError) as exc:
        box.error(escape_markdown(str(exc)))
        return None
    box.success(escape_markdown(report.summary()))
    return report
