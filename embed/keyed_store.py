"""A SQLite table of values keyed by a hash, shared by processes: the common part of the vector and
token caches. Subclasses name their table in constant SQL (class attributes), so no value is ever
formatted into a statement."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

_BATCH = 500  # keys per `IN (…)` lookup, well under SQLite's parameter limit


class KeyedStore:
    _CREATE: str  # CREATE TABLE IF NOT EXISTS …
    _KNOWN: str   # SELECT key FROM … WHERE key IN   (followed by "(?,?,…)")

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        with self._connect() as db:
            db.execute(self._CREATE)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    @staticmethod
    def _batches(keys: Sequence[str]) -> Iterator[tuple[list[str], str]]:
        """Keys in batches, each with its `?,?,…` placeholder list."""
        for i in range(0, len(keys), _BATCH):
            batch = list(keys[i:i + _BATCH])
            yield batch, ",".join("?" * len(batch))

    def known(self, keys: Sequence[str]) -> set[str]:
        """The keys that have a stored value."""
        present: set[str] = set()
        with self._connect() as db:
            for batch, marks in self._batches(keys):
                present.update(k for (k,) in db.execute(self._KNOWN + f"({marks})", batch))
        return present
