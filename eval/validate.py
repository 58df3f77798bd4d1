"""Check the gold files against each other and against the current chunking.

A chunking change renames or drops sections; a judgement naming a section that no longer exists
(or exists only as a bare parent heading, which no chunk carries) would silently count as a miss
for every configuration. The validator reports each such line instead, with its file and line.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from eval.gold import (
    QRELS_PATH,
    QUESTION_TYPES,
    QUESTIONS_PATH,
    UNANSWERABLE,
    GoldFormatError,
    Judgement,
    Question,
    parse_qrels_line,
    parse_question,
)
from hws import Config, chunk_document, load_corpus, parse_sections


@dataclass(frozen=True)
class Problem:
    where: str  # file:line
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class SectionCatalogue:
    """Section ids of the corpus: all parsed sections, and those that some chunk carries."""

    sections: frozenset[str]
    retrievable: frozenset[str]
    breadcrumbs: dict  # section id -> readable breadcrumb, for messages and reports
    spans: dict = field(default_factory=dict)  # doc id -> [(start, end, section id)] of retrievable sections

    def sections_in(self, doc_id: str, start: int, end: int) -> list[str]:
        """Retrievable sections whose own text overlaps [start, end), in document order."""
        return [sid for a, b, sid in self.spans.get(doc_id, ()) if a < end and b > start]

    @classmethod
    def from_corpus(cls, config: Config) -> SectionCatalogue:
        """Parse and chunk the corpus exactly as a build with `config` would (no model needed)."""
        sections: set[str] = set()
        retrievable: set[str] = set()
        crumbs: dict[str, str] = {}
        spans: dict[str, list[tuple[int, int, str]]] = {}
        for doc in load_corpus(config.corpus_dir).documents:
            parsed = parse_sections(doc)
            chunked = {c.section_id for c in chunk_document(doc, "section", config.chunk_size, config.chunk_overlap)}
            for s in parsed:
                sections.add(s.section_id)
                crumbs[s.section_id] = s.breadcrumb
                if s.section_id in chunked:
                    spans.setdefault(doc.doc_id, []).append((s.start, s.end, s.section_id))
            retrievable.update(chunked)
        return cls(frozenset(sections), frozenset(retrievable), crumbs, spans)


def _read_questions(path: Path, problems: list[Problem]) -> list[Question]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            questions.append(parse_question(json.loads(line), where))
        except json.JSONDecodeError as exc:
            problems.append(Problem(where, f"not valid JSON ({exc.msg})"))
        except GoldFormatError as exc:
            problems.append(Problem(where, str(exc).split(": ", 1)[-1]))
    return questions


def _read_qrels(path: Path, problems: list[Problem]) -> list[Judgement]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        try:
            judgement = parse_qrels_line(line, number, path.name)
        except GoldFormatError as exc:
            problems.append(Problem(f"{path.name}:{number}", str(exc).split(": ", 1)[-1]))
            continue
        if judgement is not None:
            found.append(judgement)
    return found


def check(questions: list[Question], judgements: list[Judgement], catalogue: SectionCatalogue,
          questions_name: str = "questions.jsonl", qrels_name: str = "qrels.txt") -> list[Problem]:
    """Every problem with already-parsed gold data, in file order."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, q in enumerate(questions, start=1):
        where = f"{questions_name}:{q.qid}"
        if q.qid in seen:
            problems.append(Problem(where, "duplicate id"))
        seen[q.qid] = i
        if q.type not in QUESTION_TYPES:
            problems.append(Problem(where, f"unknown type {q.type!r}; choose one of {', '.join(QUESTION_TYPES)}"))
        if q.answerable and not q.answer.strip():
            problems.append(Problem(where, "answerable question without a short \"answer\""))

    positive: dict[str, int] = {}
    pairs: set[tuple[str, str]] = set()
    for j in judgements:
        where = f"{qrels_name}:{j.line}"
        if j.qid not in seen:
            problems.append(Problem(where, f"question {j.qid} is not in {questions_name}"))
        if (j.qid, j.section_id) in pairs:
            problems.append(Problem(where, f"{j.qid} judges {j.section_id} twice"))
        pairs.add((j.qid, j.section_id))
        if j.section_id not in catalogue.sections:
            problems.append(Problem(where, f"orphaned: section {j.section_id} does not exist in the current chunking"))
        elif j.section_id not in catalogue.retrievable:
            problems.append(Problem(where, f"section {j.section_id} is a bare heading that no chunk carries; "
                                           "judge its subsections instead"))
        if j.grade > 0:
            positive[j.qid] = positive.get(j.qid, 0) + 1

    for q in questions:
        where = f"{questions_name}:{q.qid}"
        if q.answerable and not positive.get(q.qid):
            problems.append(Problem(where, "answerable question with no section graded 1 or 2"))
        if not q.answerable and positive.get(q.qid):
            problems.append(Problem(where, f"type {UNANSWERABLE} but {positive[q.qid]} section(s) graded 1 or 2"))
    return problems


def validate(config: Config, questions_path: Path = QUESTIONS_PATH, qrels_path: Path = QRELS_PATH,
             catalogue: SectionCatalogue | None = None) -> list[Problem]:
    """All problems in the two gold files (empty list = valid)."""
    problems: list[Problem] = []
    for path in (questions_path, qrels_path):
        if not path.exists():
            problems.append(Problem(str(path), "file not found"))
    if problems:
        return problems
    questions = _read_questions(questions_path, problems)
    judgements = _read_qrels(qrels_path, problems)
    catalogue = catalogue or SectionCatalogue.from_corpus(config)
    return problems + check(questions, judgements, catalogue, questions_path.name, qrels_path.name)
