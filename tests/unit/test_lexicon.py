"""The health-policy lexicon (index/data/lexicon.tsv): a curated data file, checked like one, and
what it does to tokenising and to queries."""
from __future__ import annotations

from collections import Counter

import pytest

from core.config import REPO_ROOT
from index import build_index, open_index
from index.search import SearchOptions
from retrieval.lexical import Tokenizer
from text.lexicon import LEXICON_PATH, expand_text, expand_tokens, lexicon_terms, read_lexicon
from text.normalise import normalise_for_match

CORPUS = REPO_ROOT / "corpus"


@pytest.fixture(scope="module")
def groups():
    return read_lexicon()


def test_lexicon_has_at_least_60_groups_each_with_a_source_sentence_or_a_note(groups):
    assert len(groups) >= 60
    for group in groups:
        assert len(group.terms) >= 2, group.group_id
        if group.source_doc in ("", "-"):
            assert group.evidence.startswith("note:"), group.group_id
        else:
            assert group.evidence, group.group_id


def test_source_sentences_are_copied_verbatim_from_the_named_corpus_file(groups):
    for group in groups:
        if group.source_doc in ("", "-"):
            continue
        path = CORPUS / f"{group.source_doc}.txt"
        assert path.exists(), f"{group.group_id}: no corpus file {path.name}"
        sentence = group.evidence.split(" // ")[0]
        assert sentence in path.read_text(encoding="utf-8"), group.group_id
        assert any(term in sentence for term in group.terms), group.group_id


def test_no_term_belongs_to_two_groups_and_ids_are_unique(groups):
    terms = Counter(normalise_for_match(t) for g in groups for t in g.terms)
    assert [t for t, n in terms.items() if n > 1] == []
    ids = Counter(g.group_id for g in groups)
    assert [i for i, n in ids.items() if n > 1] == []


def test_issue_pairs_are_in_the_lexicon(groups):
    """The pairs the issue names: abbreviations and the 2018 renaming map onto each other."""
    together = {normalise_for_match(t): g.group_id for g in groups for t in g.terms}
    for short, full in [("卫生计生", "卫生健康"), ("家签", "家庭医生签约"), ("医联体", "医疗联合体"), ("医共体", "医疗共同体"),
                        ("社康", "社区健康服务"), ("基药", "基本药物"), ("规培", "住院医师规范化培训"), ("户厕", "厕所"),
                        ("120", "急救")]:
        assert together.get(short) and together.get(short) == together.get(full), (short, full)


def test_lexicon_terms_tokenise_as_single_words():
    tokenizer = Tokenizer(lexicon_terms())
    tokens = tokenizer("推进家签和医联体建设, 落实基药制度, 加强规培")
    for word in ("家签", "医联体", "基药", "规培"):
        assert word in tokens


def test_named_illnesses_jieba_does_not_know_tokenise_whole_so_an_absent_one_is_noticed():
    # jieba alone cuts 新冠 and 慢阻肺 into single characters, which name nothing: the question
    # would then be "covered" by any passage about 疫苗 or 患者
    tokens = Tokenizer(lexicon_terms())("新冠疫苗加强针接种, 慢阻肺患者规范管理率, 骨质疏松筛查")
    for word in ("新冠", "慢阻肺", "骨质疏松"):
        assert word in tokens


TINY = "group_id\tterms\trelation\tsource_doc\tevidence\n" \
       "# a comment line\n" \
       "alliance\t医疗联合体|医联体\tabbreviation\t-\tnote: test\n" \
       "signing\t家庭医生签约|家签\tabbreviation\t-\tnote: test\n"


def test_query_tokens_expand_to_the_other_terms_of_their_group(tmp_path):
    path = tmp_path / "lexicon.tsv"
    path.write_text(TINY, encoding="utf-8")
    assert expand_tokens(["医联体", "建设"], path) == ["医联体", "建设", "医疗联合体"]
    assert expand_tokens(["建设"], path) == ["建设"]


def test_query_text_expands_once_per_term(tmp_path):
    path = tmp_path / "lexicon.tsv"
    path.write_text(TINY, encoding="utf-8")
    assert expand_text("家签和医联体", path) == "家签和医联体 家庭医生签约 医疗联合体"
    assert expand_text("家庭医生签约", path) == "家庭医生签约 家签"
    assert expand_text("没有术语", path) == "没有术语"


def test_missing_lexicon_file_is_an_empty_lexicon(tmp_path):
    assert read_lexicon(tmp_path / "absent.tsv") == ()


def test_lexical_search_finds_the_spelled_out_form_only_with_expansion(make_corpus, quick_config):
    corpus = make_corpus({"a.txt": "某市工作要点\n一、医疗资源\n1.推进医疗联合体建设。组建城市医疗联合体3个。\n",
                          "b.txt": "某县工作要点\n一、公共卫生\n1.加强疾病防控。做好传染病监测。\n"})
    config = quick_config(corpus)
    build_index(config)
    index = open_index(config.index_dir)
    off = SearchOptions().with_expansion("lexical", tokens=False, text=False)
    assert index.search("医联体", mode="lexical", options=off) == []
    on = off.with_expansion("lexical", tokens=True, text=False)
    hits = index.search("医联体", mode="lexical", options=on)
    assert hits and "医疗联合体" in hits[0].chunk.text


def test_lexicon_file_is_the_one_search_reads():
    assert LEXICON_PATH == REPO_ROOT / "text" / "data" / "lexicon.tsv" and LEXICON_PATH.exists()
