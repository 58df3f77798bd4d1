"""IndicatorSearch fills the vector cache through embed.cache, the cache's one owner."""
from __future__ import annotations

import numpy as np

from commitments.extract import extract_text
from commitments.indicators import IndicatorSearch
from embed.cache import VectorCache, embed_queries


class CountingEmbedder:
    """Wraps an embedder and counts the texts it is asked to encode as queries."""

    def __init__(self, inner) -> None:
        self.inner, self.model_id, self.dim, self.encoded = inner, inner.model_id, inner.dim, 0

    def encode_queries(self, texts):
        self.encoded += len(texts)
        return self.inner.encode_queries(texts)

    def encode_passages(self, texts, show_progress=False):
        return self.inner.encode_passages(texts, show_progress)


def test_query_vectors_are_cached_apart_from_passages(tmp_path, hashing_embedder):
    cache = VectorCache(tmp_path / "v.sqlite")
    counting = CountingEmbedder(hashing_embedder)
    first = embed_queries(counting, ["床位", "签约率"], cache, namespace="indicator")
    again = embed_queries(counting, ["签约率", "床位"], cache, namespace="indicator")
    assert counting.encoded == 2 and np.allclose(first[::-1], again)
    embed_queries(counting, ["床位"], cache, namespace="other")  # another namespace is another vector
    assert counting.encoded == 3
    assert embed_queries(counting, [], cache).shape == (0, hashing_embedder.dim)


def test_indicator_search_reuses_the_cache_on_a_second_build(tmp_path, hashing_embedder):
    found = extract_text("新增病床100张,建成3家医联体,家庭医生签约率达到45%。", year=2021, heading="重点任务")
    cache = VectorCache(tmp_path / "v.sqlite")
    counting = CountingEmbedder(hashing_embedder)
    IndicatorSearch(found, counting, cache)
    built = counting.encoded
    assert built == len({c.indicator for c in found})
    IndicatorSearch(found, counting, cache)
    assert counting.encoded == built
