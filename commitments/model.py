"""The commitment record: one quantified target or reported result, with its citation."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from core.types import PREAMBLE, DocumentMeta

Kind = Literal["target", "result"]
KINDS: tuple[Kind, ...] = ("target", "result")
KIND_LABELS = {"target": "目标 target", "result": "成果 result"}


@dataclass(frozen=True)
class Commitment:
    """A quantified commitment with its citation: `text == document_text[start:end]` (the clause)."""

    doc_id: str
    source: str
    start: int
    end: int
    text: str
    number_text: str
    number_start: int
    number_end: int
    indicator: str
    value: float | int
    value_min: float | int | None
    value_max: float | int | None
    unit: str
    comparator: str
    target_date: str | None
    kind: str  # "target" | "result"
    city: str = ""
    year: int | None = None
    title: str = ""
    section: str = PREAMBLE
    section_id: str = ""
    breadcrumb: str = PREAMBLE

    @property
    def citation(self) -> str:
        return f"《{self.title}》{self.breadcrumb}" if self.title else self.breadcrumb

    @property
    def key(self) -> tuple[str, int]:
        """Identifies the commitment: one number of one document."""
        return self.doc_id, self.number_start

    def to_json(self) -> dict:
        data = asdict(self)
        data["citation"] = self.citation
        return data


@dataclass(frozen=True)
class Place:
    """Where a sentence sits: its document and section, which decide citation and default kind."""

    meta: DocumentMeta
    section: str = PREAMBLE
    section_id: str = ""
    breadcrumb: str = PREAMBLE



def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    return kind


__all__ = ["Commitment", "KINDS", "KIND_LABELS", "Kind", "Place", "check_kind"]
