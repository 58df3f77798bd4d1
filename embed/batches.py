"""Plan embedding work as batches sized by tokens, each named by its content.

A model's cost grows with the tokens it reads (and, padded, with the longest text of a batch), not
with the number of texts, so batches are filled up to a token budget after sorting by length:
similar lengths share a batch and little is padded. A batch's id is a hash of its keys, so the
same work always has the same name: a shard written for it is found again after a restart, and a
batch run twice (a retried worker) writes the same shard, never a duplicate.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SPECIAL_TOKENS = 2  # [CLS] and [SEP] (and e5's "passage: " prefix is in the same order)


def approx_tokens(text: str) -> int:
    """Tokens a BERT-style multilingual tokenizer makes of `text`, without loading one: one per CJK
    character, about one per four other characters."""
    cjk = len(_CJK.findall(text))
    return cjk + -(-(len(text) - cjk) // 4) + SPECIAL_TOKENS


@dataclass(frozen=True)
class Batch:
    """Texts embedded together, with their cache keys (same order)."""

    batch_id: str
    keys: tuple[str, ...]
    texts: tuple[str, ...]
    tokens: int  # padded: texts × the longest text's tokens


def batch_id(keys: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(keys).encode("ascii")).hexdigest()[:20]


def plan_batches(items: dict[str, str], token_budget: int, max_items: int = 256) -> list[Batch]:
    """Batches of {key: text}, shortest texts first, each at most `token_budget` tokens once padded
    to its longest text (what a model's memory and time follow; a longer single text gets a batch
    of its own) and at most `max_items` texts. Deterministic for a given dict content, whatever
    its order."""
    if token_budget < 1 or max_items < 1:
        raise ValueError("token_budget and max_items must be positive")
    order = sorted(items, key=lambda k: (approx_tokens(items[k]), k))
    batches: list[Batch] = []
    keys: list[str] = []
    longest = 0

    def close() -> None:
        batches.append(Batch(batch_id(keys), tuple(keys), tuple(items[k] for k in keys), len(keys) * longest))

    for key in order:
        cost = approx_tokens(items[key])  # the longest so far: texts come sorted by this
        if keys and ((len(keys) + 1) * cost > token_budget or len(keys) >= max_items):
            close()
            keys = []
        keys.append(key)
        longest = cost
    if keys:
        close()
    return batches
