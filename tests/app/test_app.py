"""The Streamlit app as a user drives it (streamlit.testing AppTest), plus its pure pieces.

Real retrieval uses the session seed index; plumbing and escaping use tiny hashing-model indexes
built here. The app finds its index through the HWS_* environment variables, as deployed."""
from __future__ import annotations

import html
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.config import REPO_ROOT
from index import Chunk, Config, build_index, open_index, store
from ui.first_build import ProgressEmbedder
from ui.links import VIEWER_PATH, viewer_link
from ui.outline import document_outline, innermost
from ui.safe_text import Anchor, Mark, escape_html, escape_markdown, marked_html
from ui.search_request import K_DEFAULT, SearchRequest

APP = str(REPO_ROOT / "app.py")
TIMEOUT = 120
# A page module run on its own, the way app.py runs it (AppTest cannot open a callable page by URL).
PAGE_SCRIPT = """
from index import Config
from ui import {module}
from ui.serving import serving_index

index = serving_index(Config.from_env(show_progress=False))
if index is not None:
    {module}.render(index)
"""
HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))")

MANIFEST = "file,title,city,year,doc_type\n" \
    "a.txt,甲市2020年卫生健康工作要点,甲市,2020,工作要点\n" \
    "b.txt,乙市2021年卫生健康工作要点,乙市,2021,工作要点\n"
DOC_A = ("甲市2020年卫生健康工作要点\n一、基层服务\n1.做实家庭医生签约服务。重点人群签约率达到60%以上。\n"
         "2.脚本注入测试条目。" + " ".join(HOSTILE) + " 公式 $x^2$ 与 :red[彩色] 文本。\n"
         "二、托育服务\n3.发展普惠托育。新增托位1000个。\n")
DOC_B = ("乙市2021年卫生健康工作要点\n一、医院改革\n1.推进公立医院综合改革。完善薪酬制度。\n"
         "2.加强家庭医生队伍建设。培训全科医生200名。\n")


# -- fixtures --------------------------------------------------------------------------------
def _point_app_at(config: Config, monkeypatch) -> None:
    monkeypatch.setenv("HWS_INDEX_DIR", str(config.index_dir))
    monkeypatch.setenv("HWS_CORPUS_DIR", str(config.corpus_dir))
    monkeypatch.setenv("HWS_CACHE_DIR", str(config.cache_dir))
    monkeypatch.setenv("HWS_MODEL", config.model)


@pytest.fixture
def seed_app(seed_index, seed_config, monkeypatch):
    """The app serving the session's seed index (never rebuilt here)."""
    _point_app_at(seed_config, monkeypatch)
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


@pytest.fixture(scope="module")
def tiny_config(indexed_corpus) -> Config:
    """A two-document corpus (one hostile) indexed once with the hashing model; read-only."""
    return indexed_corpus("tiny", {"manifest.csv": MANIFEST, "a.txt": DOC_A, "b.txt": DOC_B})


@pytest.fixture
def tiny(tiny_config, monkeypatch) -> Config:
    """The app points at the shared tiny index."""
    _point_app_at(tiny_config, monkeypatch)
    return tiny_config


def page_app(module: str, **params: str) -> AppTest:
    at = AppTest.from_string(PAGE_SCRIPT.format(module=module), default_timeout=TIMEOUT)
    at.query_params.update(params)
    return at


def ask(at: AppTest, question: str, **params: str) -> AppTest:
    at.query_params.update(params)
    at.run()
    at.text_input(key="search_q").set_value(question)
    return at.run()


def citations(at: AppTest) -> list[str]:
    return [c.value for c in at.code]


def cards(at: AppTest) -> list[str]:
    return [h.value for h in at.html if 'class="hws-card"' in h.value]


def no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


# -- searching ------------------------------------------------------------------------------
def test_question_returns_cards_with_the_citations_the_engine_ranks(seed_app, seed_index):
    question = "深圳2019年对家庭医生有什么安排?"
    at = ask(seed_app, question)
    no_traceback(at)
    expected = [hit.citation for hit in seed_index.search(question, k=K_DEFAULT)]
    assert citations(at) == expected
    assert len(cards(at)) == len(expected)
    first = seed_index.search(question, k=1)[0]
    assert escape_html(first.chunk.breadcrumb) in cards(at)[0]
    assert all(c.startswith("《") and "》" in c for c in citations(at))
    assert any("用时" in c.value and "ms" in c.value for c in at.caption)


def test_city_filter_keeps_only_that_citys_documents(seed_app, seed_index):
    city = seed_index.facets()["cities"][0]
    titles = {m.title for m in seed_index.documents if m.city == city}
    at = ask(seed_app, "家庭医生签约服务")
    unfiltered = citations(at)
    at.multiselect(key="search_cities").set_value([city]).run()
    no_traceback(at)
    filtered = citations(at)
    assert filtered and filtered != unfiltered
    assert all(c[1:c.index("》")] in titles for c in filtered)
    assert at.query_params["city"] == city


def test_result_count_and_mode_follow_the_controls(tiny):
    at = ask(AppTest.from_file(APP, default_timeout=TIMEOUT), "家庭医生")
    at.slider(key="search_k").set_value(1).run()
    assert len(cards(at)) == 1
    at.radio(key="search_mode").set_value("lexical").run()
    no_traceback(at)
    assert any("关键词" in c.value for c in at.caption)
    assert at.query_params["mode"] == "lexical" and at.query_params["k"] == "1"


def test_a_search_link_reproduces_the_search(tiny):
    at = ask(AppTest.from_file(APP, default_timeout=TIMEOUT), "家庭医生")
    at.multiselect(key="search_years").set_value([2021]).run()
    at.slider(key="search_k").set_value(3).run()
    shared = dict(at.query_params)
    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.query_params.update(shared)
    again.run()
    no_traceback(again)
    assert again.text_input(key="search_q").value == "家庭医生"
    assert again.multiselect(key="search_years").value == [2021]
    assert citations(again) == citations(at) and citations(at)


def test_link_values_the_index_does_not_know_are_dropped(tiny):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"q": "家庭医生", "city": "不存在市", "year": "abc", "k": "9999", "mode": "magic"})
    at.run()
    no_traceback(at)
    assert at.multiselect(key="search_cities").value == []
    assert at.radio(key="search_mode").value == "hybrid"
    assert at.slider(key="search_k").value == 30
    assert cards(at)


def test_blank_question_asks_for_one(tiny):
    at = ask(AppTest.from_file(APP, default_timeout=TIMEOUT), "   ")
    no_traceback(at)
    assert any("请输入问题" in w.value for w in at.warning)
    assert not cards(at)


def test_empty_page_invites_a_question(tiny):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    no_traceback(at)
    assert any("请输入问题" in i.value for i in at.info)


def test_question_of_2000_characters_is_refused_with_a_message(tiny):
    at = ask(AppTest.from_file(APP, default_timeout=TIMEOUT), "家庭医生" * 500)
    no_traceback(at)
    assert any("问题过长" in w.value for w in at.warning)
    assert not cards(at)


def test_filters_that_exclude_everything_say_no_results(tiny):
    at = ask(AppTest.from_file(APP, default_timeout=TIMEOUT), "家庭医生", city="甲市", year="2021")
    no_traceback(at)
    assert any("没有找到" in i.value for i in at.info)
    assert not cards(at)


# -- untrusted text ---------------------------------------------------------------------------
def _assert_inert(at: AppTest) -> None:
    """No element carries the hostile markup as markup: HTML elements hold it escaped, Markdown
    elements never contain it at all."""
    for element in at.html:
        for raw in ("<script>alert", "<img", "](javascript", "javascript:"):
            assert raw not in element.value
    for element in [*at.markdown, *at.caption, *at.info, *at.warning, *at.error]:
        for raw in ("<img", "<script", "](javascript", "$x"):
            assert raw not in element.value, element.value


def test_script_injection_document_is_shown_as_text_in_cards(tiny):
    at = ask(AppTest.from_file(APP, default_timeout=TIMEOUT), "脚本注入测试条目", mode="lexical")
    no_traceback(at)
    body = next(c for c in cards(at) if "脚本注入" in c)
    assert escape_html("<script>alert(1)</script>") in body
    assert escape_html("[x](javascript:alert(1))") in body
    _assert_inert(at)


def test_hostile_question_is_shown_as_text(tiny):
    at = ask(AppTest.from_file(APP, default_timeout=TIMEOUT), HOSTILE[1] + " 家庭医生")
    no_traceback(at)
    assert at.text_input(key="search_q").value.startswith("<img")
    _assert_inert(at)


def test_script_injection_document_is_shown_as_text_in_the_viewer(tiny):
    doc_id = next(m.doc_id for m in open_index(tiny.index_dir).documents if m.city == "甲市")
    at = page_app("viewer_page", doc=doc_id).run()
    no_traceback(at)
    assert any(escape_html(HOSTILE[0]) in h.value for h in at.html)
    _assert_inert(at)


# -- the viewer -------------------------------------------------------------------------------
def test_card_link_opens_the_viewer_on_the_cited_span(seed_app, seed_index):
    at = ask(seed_app, "深圳2019年对家庭医生有什么安排?")
    link = next(m.value for m in at.markdown if f"]({VIEWER_PATH}?" in m.value)
    url = link[link.index("](") + 2:-1]
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    first = seed_index.search("深圳2019年对家庭医生有什么安排?", k=1)[0]
    assert params == {"doc": first.chunk.doc_id, "start": str(first.chunk.start), "end": str(first.chunk.end)}

    viewer = page_app("viewer_page", **params).run()
    no_traceback(viewer)
    text = seed_index.document_text(first.chunk.doc_id)
    document = next(h.value for h in viewer.html if 'class="hws-doc"' in h.value)
    cited = document[document.index('id="hws-cited">') + len('id="hws-cited">'):]
    assert cited.startswith(escape_html(text[first.chunk.start:first.chunk.end]) + "</mark>")
    outline = next(h.value for h in viewer.html if "hws-outline" in h.value)
    current = outline[outline.index('class="hws-current"'):]
    assert current.split("</a>")[0].endswith(escape_html(first.chunk.breadcrumb.split(" > ")[-1]))
    assert citations(viewer) == [first.citation]
    assert any("<script>" in h.value and "hws-cited" in h.value for h in viewer.html)  # our scroll script


@pytest.mark.parametrize("doc", ["../../etc/passwd", "nope", "corpus/a.txt"])
def test_viewer_with_an_unknown_document_says_so(tiny, doc):
    at = page_app("viewer_page", doc=doc, start="0", end="5").run()
    no_traceback(at)
    assert any("找不到文档" in e.value for e in at.error)
    assert not any('class="hws-doc"' in h.value for h in at.html)


def test_viewer_with_a_span_outside_the_document_shows_it_unmarked(tiny):
    doc_id = open_index(tiny.index_dir).documents[0].doc_id
    at = page_app("viewer_page", doc=doc_id, start="5", end="999999").run()
    no_traceback(at)
    assert any("引用位置无效" in w.value for w in at.warning)
    document = next(h.value for h in at.html if 'class="hws-doc"' in h.value)
    assert "hws-cited" not in document


# -- documents page, index lifecycle ------------------------------------------------------------
def test_documents_page_lists_documents_with_chunk_counts_and_model(tiny):
    index = open_index(tiny.index_dir)
    at = page_app("documents_page").run()
    no_traceback(at)
    table = at.dataframe[0].value
    assert list(table["标题 Title"]) == [m.title for m in index.documents]
    assert list(table["段落 Chunks"]) == [index.chunk_counts()[m.doc_id] for m in index.documents]
    assert list(table["原文 Open"]) == [viewer_link(m.doc_id) for m in index.documents]
    assert any(c.value == "hashing" for c in at.metric)
    assert any(escape_markdown(index.manifest.build_time) in c.value for c in at.caption)


def test_first_run_builds_the_index_then_serves(make_corpus, quick_config, monkeypatch):
    config = quick_config(make_corpus({"manifest.csv": MANIFEST, "a.txt": DOC_A, "b.txt": DOC_B}))
    _point_app_at(config, monkeypatch)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    no_traceback(at)
    assert (config.index_dir / store.CURRENT).exists()
    assert any("索引已构建" in s.value for s in at.success)
    at.text_input(key="search_q").set_value("托位").run()
    assert cards(at) and not at.success
    fresh = AppTest.from_file(APP, default_timeout=TIMEOUT).run()  # another session, same process
    assert not fresh.success  # served, not built again


def test_running_rebuild_is_announced_while_the_previous_version_serves(tiny):
    with store.build_lock(tiny.index_dir):
        at = ask(AppTest.from_file(APP, default_timeout=TIMEOUT), "家庭医生")
    no_traceback(at)
    assert any("正在重建" in i.value for i in at.info)
    assert cards(at)
    at.run()
    assert not any("正在重建" in i.value for i in at.info)


def test_new_index_version_is_served_without_restart(make_corpus, quick_config, monkeypatch):
    config = quick_config(make_corpus({"manifest.csv": MANIFEST, "a.txt": DOC_A}))
    build_index(config)
    _point_app_at(config, monkeypatch)
    at = ask(AppTest.from_file(APP, default_timeout=TIMEOUT), "丙市独有的眼健康筛查", mode="lexical")
    assert not any("眼健康" in c for c in citations(at))
    (config.corpus_dir / "c.txt").write_text("丙市2022年卫生健康工作要点\n一、眼健康\n1.开展丙市独有的眼健康筛查。\n",
                                            encoding="utf-8")
    build_index(config)
    at.run()
    no_traceback(at)
    assert any("眼健康" in c for c in citations(at))


# -- pure pieces --------------------------------------------------------------------------------
def test_marked_html_escapes_text_and_never_nests_marks():
    text = "<b>甲</b>乙丙丁戊"
    out = marked_html(text, [Mark(0, 8, "a"), Mark(5, 10, "b", "x")], [Anchor(9, "s")])
    assert out.count("<mark") == 2 and "<b>" not in out
    assert out.index("</mark>") < out.index('<mark class="b"')
    assert html.unescape(out.replace("</mark>", "").split(">", 1)[1]).startswith("<b>甲</b>")


def test_escape_markdown_leaves_no_live_markup():
    shown = escape_markdown("[x](javascript:alert(1)) $x$ <img src=x> **b**\n# h")
    for raw in ("[x](", " $x$", "**b**", "\n", " <img"):
        assert raw not in shown
    assert "\\<img" in shown and "\\# h" in shown


def test_outline_includes_parents_whose_heading_is_no_chunk():
    def chunk(path: str, crumb: str, start: int, end: int) -> Chunk:
        return Chunk("d", f"d#{path}", path, crumb, crumb.split(" > ")[-1], "x" * (end - start), start, end)

    chunks = [chunk("前言", "前言", 0, 10), chunk("一、/1.", "一、甲 > 1.乙", 15, 30), chunk("一、/2.", "一、甲 > 2.丙", 30, 50),
              chunk("二、", "二、丁", 50, 60)]
    outline = document_outline(chunks)
    assert [e.label for e in outline] == ["前言", "一、甲", "1.乙", "2.丙", "二、丁"]
    assert [e.depth for e in outline] == [0, 0, 1, 1, 0]
    assert outline[1].start == 15 and outline[1].end == 50
    assert innermost(outline, 31, 40).label == "2.丙"


def test_search_request_round_trips_through_query_params():
    facets = {"cities": ["甲市", "乙市"], "years": [2020, 2021], "doc_types": ["工作要点"]}
    request = SearchRequest("家庭医生", ("乙市",), (2021, 2020), ("工作要点",), 5, "dense")
    params = request.to_params()

    def get_all(key: str) -> list[str]:
        value = params.get(key, [])
        return value if isinstance(value, list) else [value]

    assert SearchRequest.from_params(get_all, facets) == request
    assert SearchRequest().to_params() == {}


def test_progress_embedder_reports_every_batch_and_keeps_vectors(hashing_embedder):
    seen: list[float] = []
    texts = [f"段落 {i}" for i in range(40)]
    wrapped = ProgressEmbedder(hashing_embedder, seen.append)
    vectors = wrapped.encode_passages(texts)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) == 3
    assert np.allclose(vectors, hashing_embedder.encode_passages(texts))
    assert wrapped.model_id == hashing_embedder.model_id


def test_failing_answer_slot_still_shows_the_cards(tiny, monkeypatch):
    from ui import search_page

    def broken(index, query, hits):
        raise RuntimeError("answer backend down")

    monkeypatch.setattr(search_page, "render_answer_slot", broken)
    at = ask(AppTest.from_file(APP, default_timeout=TIMEOUT), "家庭医生")
    no_traceback(at)
    assert any("未能生成答案" in w.value for w in at.warning)
    assert cards(at)


def test_a_failing_page_shows_one_line_not_a_traceback(tiny, monkeypatch):
    from index import SearchIndex

    def broken(self, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(SearchIndex, "search", broken)
    at = ask(AppTest.from_file(APP, default_timeout=TIMEOUT), "家庭医生")
    no_traceback(at)
    assert any("出错了" in e.value for e in at.error)
    assert not any("boom" in e.value for e in at.error)


def test_viewer_without_a_document_offers_the_list_and_opens_the_choice(tiny):
    index = open_index(tiny.index_dir)
    at = page_app("viewer_page").run()
    assert any("请选择" in i.value for i in at.info)
    choice = index.documents[-1]
    at.selectbox[0].set_value(choice.doc_id).run()
    no_traceback(at)
    assert at.query_params["doc"] == choice.doc_id
    document = next(h.value for h in at.html if 'class="hws-doc"' in h.value)
    assert escape_html(index.document_text(choice.doc_id)[:10]) in document


def test_a_filter_value_the_new_index_version_lacks_is_dropped(make_corpus, quick_config, monkeypatch):
    config = quick_config(make_corpus({"manifest.csv": MANIFEST, "a.txt": DOC_A, "b.txt": DOC_B}))
    build_index(config)
    _point_app_at(config, monkeypatch)
    at = ask(AppTest.from_file(APP, default_timeout=TIMEOUT), "家庭医生", city="乙市")
    assert at.multiselect(key="search_cities").value == ["乙市"]
    (config.corpus_dir / "b.txt").unlink()
    build_index(config)
    at.run()
    no_traceback(at)
    assert at.multiselect(key="search_cities").value == []
    assert cards(at)
