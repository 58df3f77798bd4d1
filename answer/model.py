"""What an answer is: a short answer, the sentence it comes from, and that sentence's citation.

JSON for the CLI and the app is made here, in one place (`Answer.to_json`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.types import Hit
from retrieval.confidence import NO_ANSWER_MESSAGE, absent_message

AnswerKind = Literal["quantity", "sentence", "generated", "none"]
Confidence = Literal["high", "low"]


@dataclass(frozen=True)
class Evidence:
    """A sentence of a retrieved passage: `text == document_text(hit.chunk.doc_id)[start:end]`."""

    text: str
    start: int
    end: int
    hit: Hit
    score: float = 0.0
    reading: str = ""  # a table row: the row read with its header (table_reading), where a cell's unit is written

    @property
    def citation(self) -> str:
        return self.hit.citation

    def to_json(self) -> dict:
        m = self.hit.meta
        return {"evidence": self.text, "source": m.source, "doc_id": m.doc_id, "start": self.start,
                "end": self.end, "citation": self.citation, "city": m.city, "year": m.year,
                "section_id": self.hit.chunk.section_id, "rank": self.hit.rank,
                **({"table_reading": self.reading} if self.reading else {})}


@dataclass(frozen=True)
class AnswerRow:
    """One document's answer when several documents answer (one line per city and year)."""

    answer: str
    evidence: Evidence

    def to_json(self) -> dict:
        return {"answer": self.answer, **self.evidence.to_json()}


@dataclass(frozen=True)
class GeneratedSentence:
    """One sentence of a generated answer, the passages it cites ([n], 1-based) and the numbers
    of it that those passages do not write (all of them when it cites nothing)."""

    text: str
    citations: tuple[int, ...]
    unsupported: tuple[str, ...] = ()

    @property
    def supported(self) -> bool:
        return not self.unsupported

    def to_json(self) -> dict:
        return {"text": self.text, "citations": list(self.citations), "supported": self.supported,
                "unsupported_numbers": list(self.unsupported)}


@dataclass(frozen=True)
class Answer:
    """The answer to one question; `text` is "" when there is no clear answer.

    kind: "quantity" (a number with unit and comparator taken from the evidence sentence),
    "sentence" (the evidence sentence itself), "generated" (an LLM's text, see generate.py),
    "none" (未找到明确答案: `passages` are the best passages to read instead, `note` says why)."""

    query: str
    text: str
    kind: AnswerKind
    evidence: Evidence | None = None
    rows: tuple[AnswerRow, ...] = ()
    passages: tuple[Hit, ...] = ()
    note: str = ""
    sentences: tuple[GeneratedSentence, ...] = ()  # generated answers only
    cited: tuple[Hit, ...] = ()  # generated answers only: the passages numbered [1]..[n]
    confidence: Confidence = "high"  # "low": candidates stay close; show `alternatives`, not a bare number
    alternatives: tuple[AnswerRow, ...] = ()  # low confidence: the candidate clauses, each with its citation
    missing: tuple[str, ...] = ()  # no answer: question terms no retrieved passage writes (救护车, GDP)

    @property
    def found(self) -> bool:
        return bool(self.text)

    @property
    def generated(self) -> bool:
        return self.kind == "generated"

    @property
    def message(self) -> str:
        """What the user reads when there is no answer."""
        if self.found:
            return ""
        return absent_message(self.missing) if self.missing else NO_ANSWER_MESSAGE

    def to_json(self) -> dict:
        """The CLI's and the app's JSON: answer, evidence, source, start, end, citation, generated, …"""
        data: dict = {"query": self.query, "answer": self.text, "kind": self.kind, "generated": self.generated,
                      "found": self.found}
        if self.evidence is not None:
            data.update(self.evidence.to_json())
        else:
            data.update({"evidence": "", "source": "", "doc_id": "", "start": None, "end": None, "citation": ""})
        if not self.found:
            data["message"] = self.message
            data["missing"] = list(self.missing)
        else:
            data["confidence"] = self.confidence
            data["alternatives"] = [r.to_json() for r in self.alternatives]
        if self.note:
            data["note"] = self.note
        data["rows"] = [r.to_json() for r in self.rows]
        if self.generated:
            data["sentences"] = [s.to_json() for s in self.sentences]
            data["cited"] = [{"n": i + 1, "source": h.meta.source, "doc_id": h.chunk.doc_id, "start": h.chunk.start,
                              "end": h.chunk.end, "citation": h.citation} for i, h in enumerate(self.cited)]
        data["passages"] = [{"rank": h.rank, "source": h.meta.source, "doc_id": h.chunk.doc_id, "start": h.chunk.start,
                             "end": h.chunk.end, "citation": h.citation} for h in self.passages]
        return data


__all__ = ["Answer", "AnswerRow", "Evidence", "GeneratedSentence", "AnswerKind", "Confidence"]
