"""Ranking rules on tiny documents (hashing model): best chunk of a section, English glossary,
comparison diversification, year scope, tie breaks, and SearchOptions instead of module globals."""
from __future__ import annotations

import dataclasses

import pytest

from core.types import Chunk, DocumentMeta
from index import open_index
from index import search as search_module
from index.search import SearchOptions
from retrieval.rerank import Candidate, by_section, topic_first
from retrieval.scope import asks_comparison, detect_scope
from text.glossary import chinese_terms, is_english, read_glossary
from text.questions import without_document_frame

MANIFEST_HEAD = "file,title,city,year,doc_type,publisher,published,url\n"
FILLER = "继续推进妇幼健康服务体系建设,完善妇幼保健机构服务网络,加强妇幼健康宣传教育和培训工作。"
LEAD = "降低孕产妇死亡率是妇幼工作的重点,要加强孕产妇死亡率监测,开展孕产妇死亡率评审。"


def manifest(*rows: tuple[str, str, str, int]) -> str:
    return MANIFEST_HEAD + "".join(f"{f},{t},{c},{y},工作要点,{c}市卫生健康委,{y}-02-01,\n" for f, t, c, y in rows)


@pytest.fixture(scope="module")
def long_section(indexed_corpus):
    """One long section whose figure sits in its last chunk, after many sentences on the same topic."""
    body = LEAD + "".join(f"孕产妇健康管理工作第{i}项:{FILLER}" for i in range(1, 12))
    text = ("甲市2020年卫生健康工作要点\n一、妇幼健康\n" + body
            + "全市孕产妇死亡率控制在6.5/10万以内,婴儿死亡率控制在3‰以内。\n"
            + "二、疾病预防控制\n做好传染病监测和免疫规划工作。\n")
    files = {"a.txt": text, "manifest.csv": manifest(("a.txt", "甲市2020年卫生健康工作要点", "甲市", 2020))}
    config = indexed_corpus("long-section", files)
    return open_index(config.index_dir)


def test_a_figure_in_a_later_chunk_of_a_long_section_is_the_chunk_shown(long_section):
    chunks = [c for c in long_section.all_chunks() if c.path == "一、"]
    assert len(chunks) >= 3 and "6.5/10万" not in chunks[0].text  # the figure is not in the first chunk
    hits = long_section.search("孕产妇死亡率是多少?", k=5)
    sections = [h.chunk.section_id for h in hits]
    assert len(sections) == len(set(sections))  # still one hit per section
    shown = next(h for h in hits if h.chunk.path == "一、")
    lexical = long_section._lexical.top(long_section.query_tokens("孕产妇死亡率是多少?"), 10, None)
    assert lexical[0][0] != next(i for i, c in enumerate(long_section.all_chunks()) if "6.5/10万" in c.text)
    assert "6.5/10万" in shown.chunk.text
    assert any("6.5/10万" in s.text for s in shown.highlight)


@pytest.fixture(scope="module")
def beds_and_cities(indexed_corpus):
    files = {
        "jia20.txt": "甲市2020年卫生健康工作要点\n一、医疗资源\n1.新增病床800张,全市床位总数达到2万张。\n"
                     "2.推进医联体建设,新增床位的使用效率要提高。\n二、公共卫生\n3.做好传染病监测。\n"
                     "三、医疗服务\n4.增加儿科床位200张。\n",
        "yi20.txt": "乙市2020年卫生健康工作要点\n一、医疗资源\n1.全年新增床位500张。\n二、公共卫生\n2.家庭医生签约率达到40%。\n",
        "jia21.txt": "甲市2021年卫生健康工作要点\n一、医疗资源\n1.新增床位1000张。\n二、基层卫生\n2.家庭医生签约率达到45%以上。\n",
        "bing19.txt": "丙市2019年卫生健康工作要点\n一、基层卫生\n1.家庭医生签约率达到50%,重点人群签约率达到70%。\n"
                      "二、医疗保障\n2.推进医保支付方式改革。\n",
        "manifest.csv": manifest(("jia20.txt", "甲市2020年卫生健康工作要点", "甲市", 2020),
                                 ("yi20.txt", "乙市2020年卫生健康工作要点", "乙市", 2020),
                                 ("jia21.txt", "甲市2021年卫生健康工作要点", "甲市", 2021),
                                 ("bing19.txt", "丙市2019年卫生健康工作要点", "丙市", 2019)),
    }
    return open_index(indexed_corpus("beds-cities", files).index_dir)


def test_english_beds_search_the_chinese_床位_lexically(beds_and_cities):
    assert {"床位", "病床"} <= set(chinese_terms("How many new hospital beds will be added?"))
    hits = beds_and_cities.search("How many beds?", k=3, mode="lexical")
    assert hits and all("床" in h.chunk.text for h in hits)
    without = beds_and_cities.search("How many beds?", k=3, mode="lexical",
                                     options=SearchOptions(glossary=False))
    assert without == []  # the English word alone matches nothing in Chinese text
    assert "乙市" in beds_and_cities.query_tokens("How many beds will Yishi add?", glossary=True)  # pinyin city


def test_glossary_matches_whole_words_longest_first(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("# c\nentry_id\tenglish\tchinese\tsource_doc\tevidence\n"
                    "beds\tbeds|bed\t床位\t-\tx\nnursing\tnursing beds\t护理型床位\t-\tx\n"
                    "aed\tdefibrillators|AED\tAED|除颤仪\t-\tx\n", encoding="utf-8")
    assert len(read_glossary(path)) == 3
    assert chinese_terms("How many nursing beds?", path) == ("护理型床位",)
    assert chinese_terms("Bedside care", path) == ()  # no partial words
    assert chinese_terms("Shenzhen's AEDs and defibrillators", path) == ("AED", "除颤仪")
    assert chinese_terms("床位 beds", path) == ("床位",) and not is_english("床位 beds")
    assert is_english("How many beds?")


def test_comparison_questions_get_one_passage_per_city_year_first(beds_and_cities):
    assert asks_comparison("各地计划新增多少张床位?") and asks_comparison("Compare the bed targets of the cities")
    assert not asks_comparison("甲市计划新增多少张床位?")
    hits = beds_and_cities.search("各地计划新增多少张床位?", k=6)
    groups = [(h.meta.city, h.meta.year) for h in hits]
    with_beds = {("甲市", 2020), ("乙市", 2020), ("甲市", 2021)}
    assert with_beds <= set(groups[:4])
    assert len(set(groups[:len(set(groups))])) == len(set(groups))  # every city-year once before any repeat
    plain = beds_and_cities.search("新增多少张床位?", k=6, diversify=True)
    assert len({(h.meta.city, h.meta.year) for h in plain[:4]}) == 4


@pytest.fixture(scope="module")
def elder_care(indexed_corpus):
    """Sections close in meaning to 医养结合 (养老, 老年人) that never write it, and sections that
    write it only in passing at the end of another topic."""
    near = "各地要结合实际安排养老服务,结合老年人健康需求安排健康管理和医疗服务。"
    aside = "做强社区卫生服务中心,完善家庭医生签约服务,规范慢性病管理,加强基层人员培训和绩效考核,"
    files = {
        "jia.txt": "甲市2020年卫生健康工作要点\n一、老年健康\n1." + near * 2 + "\n"
                   "二、基层卫生\n2." + aside * 3 + "鼓励社区开展医养结合。\n"
                   "三、公共卫生\n3.做好传染病监测和免疫规划。\n",
        "yi.txt": "乙市2020年卫生健康工作要点\n一、老年健康\n1." + near * 2 + "\n"
                  "二、医疗服务\n2." + aside * 3 + "落实医养结合签约。\n",
        "bing.txt": "丙市2020年卫生健康工作要点\n一、老年健康\n1." + near * 2 + "\n二、医疗保障\n2.推进医保支付方式改革。\n",
        "manifest.csv": manifest(("jia.txt", "甲市2020年卫生健康工作要点", "甲市", 2020),
                                 ("yi.txt", "乙市2020年卫生健康工作要点", "乙市", 2020),
                                 ("bing.txt", "丙市2020年卫生健康工作要点", "丙市", 2020)),
    }
    return open_index(indexed_corpus("elder-care", files).index_dir)


def test_a_comparison_puts_the_sections_writing_its_topic_first_in_every_city(elder_care):
    hits = elder_care.search("各地对医养结合有什么安排?", k=6)
    writes = ["医养结合" in h.chunk.text for h in hits]
    assert sum(writes) == 2 and writes[:2] == [True, True]  # 甲 and 乙 each by the section writing it
    assert {h.meta.city for h in hits[:3]} == {"甲市", "乙市", "丙市"}  # 丙, which never writes it, still shown
    plain = elder_care.search("各地对医养结合有什么安排?", k=6, options=SearchOptions(topic_first=False))
    assert ["医养结合" in h.chunk.text for h in plain][:2] != [True, True]  # the fused order alone: close meaning first
    assert {h.chunk.section_id for h in plain} == {h.chunk.section_id for h in hits}  # reordered, not refiltered


def test_topic_words_weigh_by_rarity_not_by_count():
    common = dataclasses.replace(_candidate(1, "一、", 0.05, 0.5, 3.0), topic=frozenset({"改革", "深化", "综合"}))
    rare = dataclasses.replace(_candidate(2, "二、", 0.01, 0.1, 1.0), topic=frozenset({"上海"}))
    none = _candidate(3, "三、", 0.04, 0.1, 1.0)
    weights = {"改革": 0.9, "深化": 1.4, "综合": 1.2, "上海": 4.5}
    assert [c.row for c in topic_first([common, none, rare], weights)] == [2, 1, 3]
    assert [c.row for c in topic_first([none, common], {})] == [3, 1]  # no weights: the order stands


def test_a_year_alone_does_not_boost_when_an_unknown_city_is_named(beds_and_cities):
    docs = beds_and_cities.documents
    assert detect_scope("北京2020年家庭医生签约率是多少?", docs).years == frozenset()
    assert detect_scope("2020年家庭医生签约率是多少?", docs).years == {2020}
    assert detect_scope("甲市2020年家庭医生签约率是多少?", docs).years == {2020}
    hits = beds_and_cities.search("北京2020年家庭医生签约率是多少?", k=3)
    assert "签约率" in hits[0].chunk.text  # content decides, not the 2020 documents
    # a year with a known city boosts only that city's documents of that year
    scope = detect_scope("甲市2020年家庭医生签约率", docs)
    by_doc = {(m.city, m.year): scope.priority(m) for m in docs}
    assert by_doc[("甲市", 2020)] > by_doc[("甲市", 2021)] > by_doc[("乙市", 2020)] == by_doc[("丙市", 2019)]


def test_a_year_named_with_a_county_of_an_indexed_city_is_kept():
    """龙门县 lies in 惠州: 2017年龙门县… asks about 2017 in 惠州's plans, unlike 北京2017年…."""
    docs = [DocumentMeta("h", "h.txt", "惠州市2018年卫生计生工作要点", "惠州", 2018, regions=("广东省/惠州市",)),
            DocumentMeta("z", "z.txt", "郑州市2017年卫生计生工作要点", "郑州", 2017, regions=("河南省/郑州市",))]
    assert detect_scope("2017年龙门县的县域内住院率达到多少?", docs).years == {2017}
    assert detect_scope("北京2017年县域内住院率达到多少?", docs).years == frozenset()


def test_a_named_places_own_plan_ranks_before_plans_of_places_inside_it():
    """四川's plan, then 眉山's (which lies in 四川), then others: a question about 四川 is answered by
    四川's own plan, so a city plan of the same year must not crowd it out of the top passages."""
    province = DocumentMeta("s", "s.txt", "四川省2021年卫生健康工作要点", "", 2021, province="四川省", regions=("四川省",))
    city = DocumentMeta("m", "m.txt", "眉山市2021年卫生健康工作要点", "眉山", 2021, regions=("四川省/眉山市",))
    other = DocumentMeta("z", "z.txt", "郑州市2021年卫生健康工作要点", "郑州", 2021, regions=("河南省/郑州市",))
    scope = detect_scope("四川2021年每千常住人口床位数目标是多少?", [province, city, other])
    assert scope.priority(province) > scope.priority(city) > scope.priority(other)
    city_scope = detect_scope("眉山2021年每千常住人口床位数目标是多少?", [province, city, other])
    assert city_scope.priority(city) > city_scope.priority(province)


def _candidate(row: int, section: str, score: float, sentence: float, lexical: float) -> Candidate:
    chunk = Chunk("d", f"d#{section}", section, section, section, f"text {row}", row * 10, row * 10 + 5)
    return Candidate(row, score, {}, chunk, sentence, lexical)


def test_ties_break_on_sentence_evidence_then_bm25_not_insertion_order():
    a = _candidate(1, "一、", 0.03, sentence=0.2, lexical=5.0)
    b = _candidate(2, "二、", 0.03, sentence=0.8, lexical=1.0)
    c = _candidate(3, "三、", 0.03, sentence=0.2, lexical=9.0)
    for order in ([a, b, c], [c, b, a], [b, a, c]):
        assert [x.row for x in by_section(order)] == [2, 3, 1]


def test_a_section_is_shown_by_its_best_sentence_chunk_at_its_best_score():
    first = _candidate(1, "一、", 0.05, sentence=0.1, lexical=3.0)
    later = _candidate(2, "一、", 0.01, sentence=0.9, lexical=1.0)
    other = _candidate(3, "二、", 0.04, sentence=0.5, lexical=2.0)
    ranked = by_section([first, other, later])
    assert [c.chunk.section_id for c in ranked] == ["d#一、", "d#二、"]
    assert ranked[0].row == 2 and ranked[0].score == pytest.approx(0.05)


def test_search_options_replace_module_globals():
    assert not hasattr(search_module, "EXPAND_TOKENS") and not hasattr(search_module, "EXPAND_TEXT")
    options = SearchOptions()
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.glossary = False  # type: ignore[misc]
    changed = options.with_expansion("dense", tokens=False, text=True)
    assert "dense" in changed.expand_text and changed.expand_tokens == options.expand_tokens
    assert options.expand_text == frozenset()


@pytest.mark.parametrize("question,searched", [
    ("戊市2021年卫生健康工作要点里，人均预期寿命的目标是多少岁？", "戊市2021年，人均预期寿命的目标是多少岁？"),
    ("戊市2021年工作会议报告提到，全市新增多少张床位？", "戊市2021年，全市新增多少张床位？"),
    ("戊市2021年卫生健康工作会议是哪天开的？", "戊市2021年卫生健康工作会议是哪天开的？"),  # the meeting is the topic
    ("戊市2021年计划新增多少张床位？", "戊市2021年计划新增多少张床位？"),
])
def test_words_naming_the_document_to_look_in_are_not_searched(question, searched):
    assert without_document_frame(question) == searched


def test_naming_the_document_to_look_in_does_not_change_the_ranking(indexed_corpus):
    text = ("戊市卫生健康委员会关于印发2021年全市卫生健康工作要点的通知\n\n"
            + "各区卫生健康局：现将《2021年全市卫生健康工作要点》印发给你们，请结合实际认真抓好落实。" * 10 + "\n\n"
            "主要预期目标：全市人均预期寿命达到80.6岁，孕产妇死亡率控制在10/10万以下。\n\n"
            "一、疫情防控\n（一）提升核酸检测能力。全市单日核酸检测能力提升到5万管以上。\n")
    title = "戊市卫生健康委员会关于印发2021年全市卫生健康工作要点的通知"
    files = {"w.txt": text, "manifest.csv": manifest(("w.txt", title, "戊市", 2021))}
    index = open_index(indexed_corpus("document-frame", files).index_dir)
    framed = index.search("戊市2021年卫生健康工作要点里，全市人均预期寿命的目标是多少岁？", k=3)
    plain = index.search("戊市2021年，全市人均预期寿命的目标是多少岁？", k=3)
    assert "80.6岁" in framed[0].chunk.text
    assert [(h.chunk.start, h.score) for h in framed] == [(h.chunk.start, h.score) for h in plain]


def test_an_english_question_naming_its_document_to_look_in_loses_those_words_too():
    question = "In Wushi's 2021 health work priorities, how many nurses per 1,000 residents?"
    assert without_document_frame(question) == "In Wushi's 2021 , how many nurses per 1,000 residents?"
    assert without_document_frame("When was the health work conference held?") == "When was the health work conference held?"
