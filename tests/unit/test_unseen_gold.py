"""The unseen-pages gold set (eval/gold/unseen): its questions quote their pages, and scoring them
without section judgements reports no judged share rather than a 0% one."""
from __future__ import annotations

import re

from eval.answers import Outcome, Summary
from eval.gold import QUESTION_TYPES, load_gold
from eval.gold_index import UNSEEN_DIR
from text.tables import is_table_row


def test_every_unseen_question_quotes_its_page_and_its_answer_is_in_the_quote():
    gold = load_gold(UNSEEN_DIR / "questions.jsonl", UNSEEN_DIR / "qrels.txt")
    assert len(gold.questions) >= 150
    for q in gold.questions:
        assert q.type in QUESTION_TYPES and q.extra["split"] in ("dev", "test"), q.qid
        if not q.answerable:
            assert not q.answer, q.qid
            continue
        quotes = q.extra["evidence"]  # one quote, or several (a table cell and the sentence that restates it)
        # a table cell's answer carries the unit its column header writes (13500万元 under 总投资（万元）)
        cell = re.match(r"\d+(?:\.\d+)?", q.answer)
        assert quotes and any(q.answer in e["quote"] or cell and is_table_row(e["quote"]) and cell.group(0) in e["quote"]
                              for e in quotes), q.qid
        for evidence in quotes:
            page = (UNSEEN_DIR / "corpus" / evidence["doc"]).read_text(encoding="utf-8")
            assert evidence["quote"] in page, q.qid


def test_questions_without_section_judgements_are_left_out_of_the_evidence_share():
    outcome = dict(type="paraphrase", question="q", gold="1个", answer="1个", evidence="e", section_id="s",
                   grade=0, rows=0, split="dev")
    summary = Summary([Outcome(qid="a", judged=False, **outcome), Outcome(qid="b", **{**outcome, "grade": 2})])
    rows = {name: (share, hits, n) for name, share, hits, n in summary.rows()}
    assert rows["others (judged): evidence in a grade-1/2 section"][1:] == (1, 1)
