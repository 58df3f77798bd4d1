"""Sentence postings: BM25 over every sentence of every chunk, each sentence pointing at its chunk.

A chunk is scored as a whole, and a long section chunk that mentions a figure once among thirty
other commitments ranks in neither the BM25 nor the dense top-100 for a question about that
figure. Scored sentence by sentence, the one sentence that writes it ranks first, so the search
can add the chunk it lies in to the candidates (more lists in the fusion). Sentence vectors
(optional, vectors.faiss) do the same for a paraphrase: one sentence says what the question
means, among a chunk of other things. They cost about the chunks' embedding time (the same
tokens, shorter sequences) and are cached by text like the chunks' vectors.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.dense import build_dense, load_dense, save_dense, search_dense
from retrieval.highlight import split_sentences
from retrieval.lexical import LexicalIndex

MIN_SENTENCE_CHARS = 6  # headings and list numbers ("一、", "（三）") are not sentences
ROWS_FILE = "rows.npy"
LEXICAL_SUBDIR = "bm25"
VECTORS_FILE = "vectors.faiss"


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

    def __init__(self, lexical: LexicalIndex, rows: np.ndarray, dense=None) -> None:
        if lexical.size != len(rows):
            raise ValueError(f"sentence index: {lexical.size} sentences but {len(rows)} rows")
        if dense is not None and dense.ntotal != len(rows):
            raise ValueError(f"sentence index: {dense.ntotal} vectors but {len(rows)} rows")
        self._lexical = lexical
        self._dense = dense
        self.rows = rows

    @property
    def has_vectors(self) -> bool:
        return self._dense is not None

    @classmethod
    def build(cls, units: SentenceUnits, tokenize: Callable[[Sequence[str]], list[list[str]]],
              embed: Callable[[Sequence[str]], np.ndarray] | None = None) -> SentenceIndex:
        """`tokenize` turns the sentence texts into token lists (the chunks' tokenizer, maybe cached);
        `embed` (optional) into unit vectors."""
        token_lists = tokenize(units.texts) if units.texts else []
        if not token_lists:  # bm25s needs at least one document
            return cls(LexicalIndex.build([[]]), np.array([-1], dtype=np.int32))
        rows = np.asarray(units.rows, dtype=np.int32)
        dense = build_dense(embed(units.texts), "flat" if len(rows) < 200_000 else "auto")[0] if embed else None
        return cls(LexicalIndex.build(token_lists), rows, dense)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._lexical.save(folder / LEXICAL_SUBDIR)
        np.save(folder / ROWS_FILE, self.rows)
        if self._dense is not None:
            save_dense(self._dense, folder / VECTORS_FILE)

    @classmethod
    def load(cls, folder: Path) -> SentenceIndex:
        """Raises OSError/ValueError/RuntimeError on missing or damaged files."""
        vectors = folder / VECTORS_FILE
        dense = load_dense(vectors) if vectors.exists() else None
        return cls(LexicalIndex.load(folder / LEXICAL_SUBDIR), np.load(folder / ROWS_FILE), dense)

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
        return self._best_per_chunk([(int(i), float(scores[i])) for i in order], n)

    def top_chunks_dense(self, vector: np.ndarray, n: int, chunk_mask: np.ndarray | None = None
                         ) -> list[tuple[int, float]]:
        """Up to n chunk rows, best first, each at the cosine of its best sentence ([] without vectors)."""
        if self._dense is None:
            return []
        allowed = None if chunk_mask is None else np.flatnonzero(chunk_mask[np.maximum(self.rows, 0)])
        if allowed is not None and allowed.size == 0:
            return []
        return self._best_per_chunk(search_dense(self._dense, vector, 4 * n, allowed), n)

    def _best_per_chunk(self, ranked: Sequence[tuple[int, float]], n: int) -> list[tuple[int, float]]:
        out: list[tuple[int, float]] = []
        seen: set[int] = set()
        for i, score in ranked:
            row = int(self.rows[i])
            if row in seen or row < 0:
                continue
            seen.add(row)
            out.append((row, score))
            if len(out) == n:
                break
        return out


__all__ = ["MIN_SENTENCE_CHARS", "SentenceIndex", "SentenceUnits", "sentence_units"]
