"""Lexical retrieval: jieba tokens (with the domain lexicon as user words) scored by BM25 (bm25s)."""
from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from retrieval.topk import best_of
from text.lexicon import DATA_DIR
from text.normalise import normalise_for_match

_PUNCT_ONLY = re.compile(r"^[\W_]+$")
# a scope of at most this share of the rows, in at most this many runs of consecutive rows, is scored
# from its own postings; a larger or more scattered one from every chunk's (both 2.5–3 ms at a million
# chunks: measurements in docs/decisions.md)
WITHIN_SHARE = 0.2
WITHIN_RUNS = 1000


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

    def _columns(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The query's distinct token columns and how often each token occurs (a repeated token
        counts again, as in bm25s)."""
        vocab = self._bm25.vocab_dict
        columns, repeats = np.unique([vocab[t] for t in tokens if t in vocab], return_counts=True)
        return columns.astype(np.int64), repeats.astype(np.float32)

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk (0 where no token matches)."""
        columns, repeats = self._columns(tokens)
        if not len(columns):
            return np.zeros(self.size, dtype=np.float32)
        # the query's columns times their counts: 4 ms at a million chunks, where bm25s's
        # get_scores (np.add.at) takes ~100 ms and np.bincount (float64 copies of every posting) ~10 ms
        return np.asarray(self._postings[:, columns] @ repeats, dtype=np.float32)

    def scores_within(self, tokens: list[str], rows: np.ndarray) -> np.ndarray:
        """BM25 scores of the given rows only (sorted ascending), equal to scores()[rows].

        A scoped question searches a city's or a year's rows, often 1% of a million: each token's
        postings (row numbers sorted, as bm25s writes them) are cut to those rows' runs by binary
        search, so only the postings inside the scope are read — not the ~1M a question's tokens
        hold. Sums run in float32 in column order, as the full product does, so scores are equal."""
        out = np.zeros(len(rows), dtype=np.float32)
        columns, repeats = self._columns(tokens)
        if not len(columns) or not len(rows):
            return out
        cuts = np.flatnonzero(np.diff(rows) != 1) + 1
        indptr, indices, data = self._postings.indptr, self._postings.indices, self._postings.data
        # bounds in the postings' own dtype: searchsorted would otherwise convert a whole column
        run_starts = rows[np.r_[0, cuts]].astype(indices.dtype)
        run_ends = (rows[np.r_[cuts - 1, len(rows) - 1]] + 1).astype(indices.dtype)
        run_offsets = np.r_[0, cuts] - rows[np.r_[0, cuts]]  # row number → position in rows
        for column, repeat in zip(columns, repeats):
            start, end = int(indptr[column]), int(indptr[column + 1])
            posted = indices[start:end]
            first, last = np.searchsorted(posted, run_starts), np.searchsorted(posted, run_ends)
            lengths = last - first
            total = int(lengths.sum())
            if total == 0:
                continue
            # positions first[i] .. last[i] of every run, as one index array, and where each
            # posting's row sits in `rows` (its run's offset there plus its distance from the run start)
            at = np.repeat(first - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
            out[posted[at] + np.repeat(run_offsets, lengths)] += data[start:end][at] * repeat
        return out

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

    def top(self, tokens: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k best (row, score), optionally among `allowed` rows (sorted row numbers)."""
        if allowed is None:
            return top_k(self.scores(tokens), k)
        if len(allowed) <= WITHIN_SHARE * self.size and _run_count(allowed) <= WITHIN_RUNS:
            scores = self.scores_within(tokens, allowed)
        else:
            scores = self.scores(tokens)[allowed]
        positive = scores > 0
        return best_of(allowed[positive], scores[positive], k)


def _run_count(rows: np.ndarray) -> int:
    """Runs of consecutive numbers in sorted rows."""
    return int(np.count_nonzero(np.diff(rows) != 1)) + 1 if len(rows) else 0


def top_k(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Indices and scores of the k largest positive scores, best first (ties by index)."""
    # BM25 scores are sparse (0 wherever no token matches): partition only the positive ones,
    # a few thousand rows instead of every chunk (3 ms per call at a million chunks)
    rows = np.flatnonzero(scores > 0)
    return best_of(rows, scores[rows], k)
