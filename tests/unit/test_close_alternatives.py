"""When the answer's confidence is low (answer/extractive.close_alternatives): a different number
scoring within CLOSE_MARGIN of the best, whatever words its sentence writes; the same value written
twice is no rival."""
from __future__ import annotations

from answer.extractive import Candidate, close_alternatives
from answer.model import Evidence
from answer.quantity import QuantityAnswer
from core.types import Chunk, DocumentMeta, Hit


def candidate(text: str, number: str, score: float, lexical: float) -> Candidate:
    chunk = Chunk("d", "d#1", "1", "1", "1", text, 0, len(text))
    hit = Hit(rank=1, score=1.0, chunk=chunk, meta=DocumentMeta("d", "d.txt", title="T"))
    at = text.index(number)
    quantity = QuantityAnswer(number, at, at + len(number), 1.0, at)
    return Candidate(Evidence(text, 0, len(text), hit, score), 0.9, lexical, quantity)


BEDS = "全县医疗卫生机构床位总数达到2380张。"
CARE_BEDS = "医养结合机构达到6家，医养结合床位达到560张。"


def test_a_rival_far_behind_with_fewer_question_words_is_no_rival():
    assert close_alternatives([candidate(BEDS, "2380张", 1.14, 0.5), candidate(CARE_BEDS, "560张", 1.10, 0.4)]) == ()


def test_a_rival_a_little_behind_that_writes_more_question_words_makes_the_answer_doubtful():
    close = close_alternatives([candidate(BEDS, "2380张", 1.14, 0.44), candidate(CARE_BEDS, "560张", 1.125, 0.56)])
    assert [row.answer for row in close] == ["2380张", "560张"]


def test_a_rival_within_the_close_margin_is_a_rival_whatever_its_words():
    close = close_alternatives([candidate(BEDS, "2380张", 1.14, 0.6), candidate(CARE_BEDS, "560张", 1.135, 0.1)])
    assert len(close) == 2
    # two hundredths behind is still a near tie: on dev, wrong numbers shown high lay that close
    assert len(close_alternatives([candidate(BEDS, "2380张", 1.14, 0.6), candidate(CARE_BEDS, "560张", 1.12, 0.1)])) == 2
