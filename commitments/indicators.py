"""Finding commitments by indicator: text and semantic search over the indicator labels."""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from commitments.model import Commitment
from embed.cache import embed_queries
from text.lexicon import synonym_map
from text.normalise import normalise_for_match

# A query matches an indicator written with it (or a lexicon synonym), or one the embedder puts
# far above the rest: the similarity is hub-corrected (indicators close to everything, such as
# 项目, are discounted) and standardised over all indicators, so the cut-offs hold across models.
# A weak semantic match also needs a character in common (病床 → 床位), a strong one does not.
Z_STRONG = 4.0
Z_WEAK = 2.0
_HUB_NEIGHBOURS = 10
_GENERIC_CHARS = set("率数量人医院卫生健康服务中心机构级市国家省区县的和及与年个总比例占水平")
TEXT_MATCH_SCORE = 10.0


class IndicatorSearch:
    """Text and semantic search over the indicators of a set of commitments; vectors are cached."""

    def __init__(self, commitments: Sequence[Commitment], embedder, cache=None) -> None:
        self.commitments = list(commitments)
        self.embedder = embedder
        self.indicators = sorted({c.indicator for c in self.commitments if c.indicator})
        self._vectors = self._encode(self.indicators, cache)
        self._hub = self._hubness(self._vectors)

    def _encode(self, texts: list[str], cache) -> np.ndarray:
        """Indicators are short phrases compared with short queries: both take the query encoding.
        embed.cache owns the cache: one key scheme and one writer for every vector."""
        return embed_queries(self.embedder, [normalise_for_match(t) for t in texts], cache, namespace="indicator")

    @staticmethod
    def _hubness(vectors: np.ndarray, batch: int = 2048) -> np.ndarray:
        """Mean similarity of each indicator to its nearest other indicators (CSLS, Conneau et al. 2018)."""
        n = len(vectors)
        if n < 2:
            return np.zeros(n, dtype=np.float32)
        k = min(_HUB_NEIGHBOURS, n - 1)
        hub = np.empty(n, dtype=np.float32)
        for i in range(0, n, batch):
            sims = vectors[i:i + batch] @ vectors.T
            sims[np.arange(len(sims)), np.arange(i, i + len(sims))] = -np.inf
            hub[i:i + batch] = np.sort(np.partition(sims, -k, axis=1)[:, -k:], axis=1).mean(axis=1)
        return hub

    def indicator_scores(self, query: str) -> dict[str, float]:
        """Matching indicators → score (TEXT_MATCH_SCORE for a written match, else a z-score)."""
        normed = normalise_for_match(query.strip())
        if not normed or not self.indicators:
            return {}
        terms = {normed, *synonym_map().get(normed, ())}
        vector = self.embedder.encode_queries([normed])[0]
        raw = 2 * (self._vectors @ vector) - self._hub
        spread = float(raw.std()) or 1.0
        z = (raw - raw.mean()) / spread
        query_chars = set(re.findall(r"[\u4e00-\u9fff]", normed)) - _GENERIC_CHARS
        scores: dict[str, float] = {}
        for indicator, score in zip(self.indicators, z.tolist()):
            text = normalise_for_match(indicator)
            if any(t in text for t in terms):
                scores[indicator] = TEXT_MATCH_SCORE + score
            elif score >= Z_STRONG or score >= Z_WEAK and query_chars & set(text):
                scores[indicator] = score
        return scores

    def search(self, query: str) -> list[tuple[Commitment, float]]:
        """Commitments whose indicator matches the query, best first (document order on ties)."""
        scores = self.indicator_scores(query)
        normed = normalise_for_match(query.strip())
        hits = [(c, scores[c.indicator]) for c in self.commitments if c.indicator in scores]
        hits += [(c, TEXT_MATCH_SCORE) for c in self.commitments
                 if not c.indicator and normed and normed in normalise_for_match(c.text)]
        return sorted(hits, key=lambda h: -h[1])


__all__ = ["IndicatorSearch"]
