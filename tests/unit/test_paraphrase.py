"""The embedder's paraphrase escape (retrieval/paraphrase.py), with word vectors set by hand so the
rule is pinned whatever a model's cosines are."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from retrieval.paraphrase import stand_ins

AXES = {"带状疱疹": 0, "麻疹": 0, "狂犬病": 1, "疾病": 1, "抽烟": 2, "吸烟": 2, "接种": 3}


class HandMadeVectors:
    """Each word is a unit vector on its axis: words on one axis have cosine 1."""

    model_id, dim = "hand-made", 4

    def encode_queries(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i, AXES[text]] = 1.0
        return out

    encode_passages = encode_queries


def _hits(words):
    return [SimpleNamespace(chunk=SimpleNamespace(text="、".join(words)))]


def test_an_illness_is_not_stood_in_for_by_another_illness_or_by_the_word_for_illness():
    passage = ["麻疹", "疾病", "吸烟", "接种"]
    found = stand_ins(["带状疱疹", "狂犬病", "抽烟"], _hits(passage), lambda text: passage, HandMadeVectors(), None)
    assert found == {"抽烟": "吸烟"}  # the colloquial word still finds its synonym


def test_an_illness_is_found_as_itself_by_the_ordinary_path_not_the_escape():
    passage = ["带状疱疹", "接种"]
    found = stand_ins(["带状疱疹"], _hits(passage), lambda text: passage, HandMadeVectors(), None)
    assert found == {"带状疱疹": "带状疱疹"}
