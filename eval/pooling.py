"""Pool the results of several configurations for judging, in a random order without labels.

A judge who sees which system found a passage grades the system, not the passage; so the pool
is the union of each configuration's top sections, shuffled. The shuffle is seeded by the
question, so the order is stable across page reruns but unrelated to any configuration.
"""
from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass

from eval.runs import RunConfig
from hws import Chunk, DocumentMeta, SearchIndex

# Configurations that differ only in search, so they all run on the one index the app serves.
POOL_CONFIGS = (
    RunConfig("hybrid"),
    RunConfig("dense", mode="dense"),
    RunConfig("lexical", mode="lexical"),
    RunConfig("hybrid-noscope", auto_scope=False),
)
POOL_DEPTH = 5


@dataclass(frozen=True)
class PooledPassage:
    """A passage to judge; deliberately carries no trace of which configuration found it."""

    section_id: str
    chunk: Chunk
    meta: DocumentMeta


def pool(index: SearchIndex, query: str, depth: int = POOL_DEPTH, configs: Sequence[RunConfig] = POOL_CONFIGS
         ) -> list[PooledPassage]:
    """The union of each configuration's top `depth` sections, one passage per section, shuffled."""
    found: dict[str, PooledPassage] = {}
    for config in configs:
        for hit in index.search(query, k=depth, mode=config.mode, auto_scope=config.auto_scope):
            found.setdefault(hit.chunk.section_id, PooledPassage(hit.chunk.section_id, hit.chunk, hit.meta))
    passages = sorted(found.values(), key=lambda p: p.section_id)
    random.Random(hashlib.sha256(query.strip().encode("utf-8")).digest()).shuffle(passages)
    return passages
