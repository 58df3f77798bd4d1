"""Lexical retrieval: jieba tokens (with the domain lexicon as user words) scored by BM25 (bm25s)."""
from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from text.lexicon import DATA_DIR
from text.normalise import normalise_for_match

_PUNCT_ONLY = re.compile(r"^[\W_]+$")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    lines = (DATA_DIR / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


class Tokenizer:
    """jieba's search-mode segmentation over normalised text, minus stopwords and punctuation.

    A private jieba.Tokenizer keeps user words (the lexicon) out of jieba's global state."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        import jieba

        jieba.setLogLevel(60)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        self._lock = threading.Lock()  # jieba's lazy structures are not thread safe
        for word in user_words:
            self._jieba.add_word(normalise_for_match(word), freq=20000)

    def __call__(self, text: str) -> list[str]:
        stop = stopwords()
        with self._lock:
            pieces = list(self._jieba.cut_for_search(normalise_for_match(text)))
        return [p for p in (t.strip() for t in pieces) if p and p not in stop and not _PUNCT_ONLY.match(p)]


class LexicalIndex:
    """BM25 (Lucene variant, k1=1.2, b=0.75) over token lists, with an optional document mask."""

    def __init__(self, retriever) -> None:
        from scipy.sparse import csc_matrix

        self._bm25 = retriever
        # bm25s keeps one column of (chunk, weight) postings per token; the same arrays as a scipy
        # matrix (a view: nothing copied, a mapped file stays mapped) sum a question's columns in C
        matrix = retriever.scores
        self._postings = csc_matrix((matrix["data"], matrix["indices"], matrix["indptr"]),
                                    shape=(self.size, len(matrix["indptr"]) - 1), copy=False)

    @classmethod
    def build(cls, token_lists: Sequence[list[str]], show_progress: bool = False) -> LexicalIndex:
        import bm25s

        retriever = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
        retriever.index([list(t) for t in token_lists], show_progress=show_progress)
        return cls(retriever)

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, mmap: bool = True) -> LexicalIndex:
        """With `mmap` the score matrix stays in its .npy files, mapped: a question reads only the
        postings of its own tokens, so opening costs no copy of the whole matrix."""
        import bm25s

        if not (folder / "params.index.json").exists():
            raise FileNotFoundError(folder / "params.index.json")
        return cls(bm25s.BM25.load(str(folder), mmap=mmap, show_progress=False, verbosity=0))

    @property
    def size(self) -> int:
        return int(self._bm25.scores["num_docs"])

    def scores(self, tokens: list[str], mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every chunk (0 where masked out or no token matches)."""
        vocab = self._bm25.vocab_dict
        ids = [vocab[t] for t in tokens if t in vocab]
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        # the query's columns times how often each token occurs (a repeated token counts again, as
        # in bm25s): 4 ms at a million chunks, where bm25s's get_scores (np.add.at) takes ~100 ms
        # and np.bincount (float64, converted copies of every posting) ~10 ms
        columns, repeats = np.unique(ids, return_counts=True)
        scores = np.asarray(self._postings[:, columns] @ repeats.astype(np.float32), dtype=np.float32)
        if mask is not None:
            scores[~mask] = 0.0
        return scores

    def coverage(self, tokens: list[str]) -> float:
        """Share of the query's tokens that occur in the indexed text (0 for no tokens).

        An English question over Chinese text shares almost no tokens with it; its BM25
        ranking is then noise, and hybrid fusion weighs it by this share."""
        if not tokens:
            return 0.0
        vocab = self._bm25.vocab_dict
        return sum(1 for t in tokens if t in vocab) / len(tokens)

    def idf(self, tokens: Iterable[str]) -> dict[str, float]:
        """log(N / df) of each token the index holds (a token in few chunks names a topic; one in
        most of them, like 服务 or 改革, says little about which passage is meant)."""
        vocab, indptr = self._bm25.vocab_dict, self._bm25.scores["indptr"]
        out = {}
        for t in tokens:
            i = vocab.get(t)
            if i is not None and i + 1 < len(indptr) and (df := int(indptr[i + 1] - indptr[i])) > 0:
                out[t] = math.log(self.size / df)
        return out

    def top(self, tokens: list[str], k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        scores = self.scores(tokens, mask)
        return top_k(scores, k)


def top_k(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Indices and scores of the k largest positive scores, best first (ties by index)."""
    # BM25 scores are sparse (0 wherever no token matches): partition only the positive ones,
    # a few thousand rows instead of every chunk (3 ms per call at a million chunks)
    rows = np.flatnonzero(scores > 0)
    k = min(k, len(rows))
    if k <= 0:
        return []
    part = rows[np.argpartition(-scores[rows], k - 1)[:k]] if k < len(rows) else rows
    order = part[np.lexsort((part, -scores[part]))]
    return [(int(i), float(scores[i])) for i in order]
