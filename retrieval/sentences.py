"""Sentence postings: BM25 over every sentence of every chunk, each sentence pointing at its chunk.

A chunk is scored as a whole, and a long section chunk that mentions a figure once among thirty
other commitments ranks in neither the BM25 nor the dense top-100 for a question about that
figure. Scored sentence by sentence, the one sentence that writes it ranks first, so the search
can add the chunk it lies in to the candidates (a third list in the fusion). Postings only: the
sentence vectors would cost several times the chunks' embedding time for the same tokens.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from retrieval.highlight import split_sentences
from retrieval.lexical import LexicalIndex

MIN_SENTENCE_CHARS = 6  # headings and list numbers ("一、", "（三）") are not sentences
ROWS_FILE = "rows.npy"
LEXICAL_SUBDIR = "bm25"


@dataclass(frozen=True)
class SentenceUnits:
    """The sentences of a list of chunks: their text and the row of the chunk each lies in."""

    texts: tuple[str, ...]
    rows: tuple[int, ...]


def sentence_units(chunk_texts: Sequence[str]) -> SentenceUnits:
    """Every sentence of at least MIN_SENTENCE_CHARS characters, in chunk order."""
    texts: list[str] = []
    rows: list[int] = []
    for row, text in enumerate(chunk_texts):
        for span in split_sentences(text):
            if len(span.text) >= MIN_SENTENCE_CHARS:
                texts.append(span.text)
                rows.append(row)
    return SentenceUnits(tuple(texts), tuple(rows))


class SentenceIndex:
    """BM25 over sentences; answers with chunk rows ranked by their best sentence."""

    def __init__(self, lexical: LexicalIndex, rows: np.ndarray) -> None:
        if lexical.size != len(rows):
            raise ValueError(f"sentence index: {lexical.size} sentences but {len(rows)} rows")
        self._lexical = lexical
        self.rows = rows

    @classmethod
    def build(cls, units: SentenceUnits, tokenize: Callable[[Sequence[str]], list[list[str]]]) -> "SentenceIndex":
        """`tokenize` turns the sentence texts into token lists (the chunks' tokenizer, maybe cached)."""
        token_lists = tokenize(units.texts) if units.texts else []
        if not token_lists:  # bm25s needs at least one document
            token_lists, rows = [[]], np.array([-1], dtype=np.int32)
        else:
            rows = np.asarray(units.rows, dtype=np.int32)
        return cls(LexicalIndex.build(token_lists), rows)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._lexical.save(folder / LEXICAL_SUBDIR)
        np.save(folder / ROWS_FILE, self.rows)

    @classmethod
    def load(cls, folder: Path) -> "SentenceIndex":
        return cls(LexicalIndex.load(folder / LEXICAL_SUBDIR), np.load(folder / ROWS_FILE))

    @property
    def size(self) -> int:
        return len(self.rows)

    def top_chunks(self, tokens: list[str], n: int, chunk_mask: np.ndarray | None = None
                   ) -> list[tuple[int, float]]:
        """Up to n chunk rows, best first, each at the BM25 score of its best sentence."""
        if not tokens:
            return []
        scores = self._lexical.scores(tokens)
        valid = self.rows >= 0
        if chunk_mask is not None:
            valid = valid & chunk_mask[np.maximum(self.rows, 0)]
        scores = np.where(valid, scores, 0.0)
        order = np.flatnonzero(scores > 0)
        if order.size == 0:
            return []
        if order.size > 8 * n:  # a chunk holds a few matching sentences at most; no full sort
            order = order[np.argpartition(-scores[order], 8 * n - 1)[:8 * n]]
        order = order[np.lexsort((order, -scores[order]))]
        out: list[tuple[int, float]] = []
        seen: set[int] = set()
        for i in order:
            row = int(self.rows[i])
            if row in seen:
                continue
            seen.add(row)
            out.append((row, float(scores[i])))
            if len(out) == n:
                break
        return out


__all__ = ["MIN_SENTENCE_CHARS", "SentenceIndex", "SentenceUnits", "sentence_units"]
