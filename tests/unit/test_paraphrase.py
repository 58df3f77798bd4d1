"""The embedder's paraphrase escape (retrieval/paraphrase.py), with word vectors set by hand so the
rule is pinned whatever a model's cosines are."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from retrieval.paraphrase import stand_ins

AXES = {"带状疱疹": 0, "麻疹": 0, "狂犬病": 1, "疾病": 1, "抽烟": 2, "吸烟": 2, "接种": 3, "梅尼埃病": 4, "患者": 4,
        "梅尼埃": 4, "骨质疏松": 0, "老年人": 0}


class HandMadeVectors:
    """Each word is a unit vector on its axis: words on one axis have cosine 1."""

    model_id = "hand-made"

    def __init__(self, axes: dict[str, int] = AXES) -> None:
        self.axes = axes
        self.dim = max(axes.values()) + 1

    def encode_queries(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i, self.axes[text]] = 1.0
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


def test_a_named_illness_is_stood_in_for_only_by_its_own_stem():
    # 患者 sits next to 梅尼埃病 (here on one axis) but is not the illness; 梅尼埃 is its name
    found = stand_ins(["梅尼埃病"], _hits(["患者", "接种"]), lambda text: ["患者", "接种"], HandMadeVectors(), None)
    assert found == {}
    found = stand_ins(["梅尼埃病"], _hits(["梅尼埃"]), lambda text: ["梅尼埃", "接种"], HandMadeVectors(), None)
    assert found == {"梅尼埃病": "梅尼埃"}


def test_a_word_the_lexicon_names_as_an_illness_is_one_whatever_its_ending(monkeypatch):
    # 骨质疏松 does not end like an illness, but its lexicon group's formal name (骨质疏松症) does: 老年人,
    # however close, does not stand in for it
    import retrieval.paraphrase as paraphrase

    monkeypatch.setattr(paraphrase, "synonym_map", lambda: {"骨质疏松": ("骨质疏松症",), "骨质疏松症": ("骨质疏松",)})
    found = stand_ins(["骨质疏松"], _hits(["老年人", "接种"]), lambda text: ["老年人", "接种"], HandMadeVectors(), None)
    assert found == {}
    monkeypatch.setattr(paraphrase, "synonym_map", lambda: {})
    found = stand_ins(["骨质疏松"], _hits(["老年人", "接种"]), lambda text: ["老年人", "接种"], HandMadeVectors(), None)
    assert found == {"骨质疏松": "老年人"}  # without the lexicon it is an ordinary word, stood in for by similarity


KIND_AXES = {"税收收入": 0, "服务收入": 0, "收入": 0, "税收": 1, "服务": 2, "看病费用": 3, "医疗费用": 3, "看病": 4,
             "医疗": 4, "托位数": 5, "托位": 5, "远景规划": 6, "规划": 6, "接种": 7}


def test_a_word_is_not_stood_in_for_by_itself_without_its_modifier():
    # the passage writes 收入 (any income), the question asks about 税收收入; 托位 is 托位数 without a measure
    words = ["收入", "托位", "接种"]
    found = stand_ins(["税收收入", "托位数"], _hits(words), lambda text: words, HandMadeVectors(KIND_AXES), None)
    assert found == {"托位数": "托位"}


def test_two_kinds_of_one_head_stand_in_only_when_their_modifiers_are_near():
    # 服务收入 and 税收收入 share 收入; 服务 is far from 税收, so one is not the other. 看病 is near 医疗.
    words = ["服务收入", "医疗费用", "接种"]
    found = stand_ins(["税收收入", "看病费用"], _hits(words), lambda text: words, HandMadeVectors(KIND_AXES), None)
    assert found == {"看病费用": "医疗费用"}


PROFESSION_AXES = {"药师": 0, "医药": 0, "医生": 0, "医师": 0, "药剂师": 0, "接种": 1}


def test_a_profession_is_stood_in_for_only_by_people_who_do_what_it_does():
    # 医药 is not a person, 医生 and 医师 are other professions; 药剂师 is the pharmacist
    for words, expected in ((["医药", "医生", "医师", "接种"], {}), (["医药", "药剂师", "接种"], {"药师": "药剂师"})):
        found = stand_ins(["药师"], _hits(words), lambda text, w=words: w, HandMadeVectors(PROFESSION_AXES), None)
        assert found == expected


FOCUS_AXES = {"托儿位置": 0, "托位": 0, "税收": 1, "收入": 2}


def test_an_unwritten_asked_indicator_with_a_close_passage_word_is_a_paraphrase_not_an_absence():
    from answer.extractive import focus_stood_in

    passage = ["托位", "收入"]
    index = SimpleNamespace(query_tokens=lambda text: passage, embedder=HandMadeVectors(FOCUS_AXES))
    assert focus_stood_in(index, "渝北区能提供多少个托儿位置?", ["托儿位置"], _hits(passage), None)
    assert not focus_stood_in(index, "渝北区税收有多少?", ["税收"], _hits(passage), None)


def test_an_illness_is_never_a_citizens_description_of_a_measure():
    from answer.extractive import a_described_policy

    assert a_described_policy("丁市是否要求医院制定内部管理的基本规矩?", ["规矩"], 5)
    assert not a_described_policy("丁市是否给医院配备狂犬病疫苗门诊的专门医生?", ["狂犬病"], 5)
    assert not a_described_policy("丁市医院内部管理规矩要制定多少条?", ["规矩"], 5)  # a number question
    assert not a_described_policy("丁市是否要求医院制定规矩?", ["规矩"], 4)  # too few words written around it
