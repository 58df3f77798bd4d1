"""The app's answer box (ui/answer_box.py) as a user sees it: confidence, 可能的答案 with each
clause's citation when confidence is low, a link to the sentence in the viewer, a copy button.
Answers are built here from a tiny made-up sentence, so the box is tested without an index."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from streamlit.testing.v1 import AppTest

from ui.answer_box import quotable, tools_html

SCRIPT = """
from core.types import Chunk, DocumentMeta, Hit
from hws import Answer, AnswerRow, Evidence
from ui.answer_box import render_extractive

TEXT = "全市人均预期寿命提高了1.37岁,达到79.5岁。<b>x</b>"
meta = DocumentMeta(doc_id="d1", source="corpus/d1.txt", title="某市2024年工作要点", city="某市", year=2024)
hit = Hit(rank=1, score=1.0, chunk=Chunk("d1", "d1#一、", "一、", "一、健康", "健康", TEXT, 40, 40 + len(TEXT)), meta=meta)
ev = Evidence(TEXT, 40, 40 + len(TEXT), hit)
LOW = {low}
if LOW:
    rows = (AnswerRow("79.5岁", ev), AnswerRow("提高了1.37岁", ev))
    found = Answer(query="q", text="79.5岁", kind="quantity", evidence=ev, confidence="low", alternatives=rows)
else:
    found = Answer(query="q", text="79.5岁", kind="quantity", evidence=ev)
render_extractive(found)
"""


def run(low: bool) -> AppTest:
    at = AppTest.from_string(SCRIPT.format(low=low), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def html_of(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def test_a_high_confidence_answer_shows_confidence_link_and_copy_button():
    page = html_of(run(low=False))
    assert "置信度 Confidence: 高 high" in page
    assert "hws-copy" in page and "79.5岁" in page
    href = page[page.index('class="hws-answer-link" href="') + len('class="hws-answer-link" href="'):].split('"')[0]
    params = {k: v[0] for k, v in parse_qs(urlsplit(href.replace("&amp;", "&")).query).items()}
    assert params == {"doc": "d1", "start": "40", "end": str(40 + len("全市人均预期寿命提高了1.37岁,达到79.5岁。<b>x</b>"))}


def test_a_low_confidence_answer_shows_possible_answers_each_with_its_citation():
    at = run(low=True)
    page = html_of(at)
    assert "可能的答案" in page and "置信度 Confidence: 低 low" in page
    assert "1. 79.5岁" in page and "2. 提高了1.37岁" in page
    assert page.count("出处 Citation:") == 2 and page.count('class="hws-copy"') == 2
    assert '<div style="font-size:1.6rem' not in page  # no bare number in the big answer font


def test_copied_text_is_escaped_in_the_button():
    from core.types import Chunk, DocumentMeta, Hit
    from hws import Evidence

    text = '新增"床位"<script>1000张。'
    meta = DocumentMeta(doc_id="d2", source="corpus/d2.txt", title="某市要点", city="某市", year=2024)
    ev = Evidence(text, 0, len(text), Hit(rank=1, score=1.0, chunk=Chunk("d2", "d2#1", "1", "1", "1", text, 0,
                                                                            len(text)), meta=meta))
    markup = tools_html("1000张", ev)
    assert "<script>" not in markup and '"床位"' not in markup
    assert quotable("1000张", ev).startswith("1000张") and ev.citation in quotable("1000张", ev)
