"""A long-lived handle on the index directory that follows new versions without a restart.

A server (the Streamlit app) keeps one LiveIndex; each request asks for `.current()`, which
re-reads the CURRENT pointer (a tiny file) and opens the new version when a build or an
`add`/`remove` has published one. The embedder is loaded once and reused across versions.
"""
from __future__ import annotations

import threading
from pathlib import Path

from embed import Embedder
from index import store
from index.search import SearchIndex


class LiveIndex:
    def __init__(self, index_dir: Path, embedder: Embedder | None = None, model: str | None = None) -> None:
        self.index_dir = index_dir
        self._embedder = embedder
        self._model = model
        self._lock = threading.Lock()
        self._index: SearchIndex | None = None

    def current(self) -> SearchIndex:
        """The live version, reopened when CURRENT names a newer one (the old one keeps serving
        until the new one has loaded and validated)."""
        folder = store.current_version(self.index_dir)
        with self._lock:
            if self._index is None or self._index.folder != folder:
                fresh = SearchIndex(folder, embedder=self._embedder, model=self._model)
                self._embedder = fresh.embedder
                self._index = fresh
            return self._index
