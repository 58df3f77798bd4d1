"""The gold set: questions (JSONL) and section-level graded judgements (TREC qrels).

questions.jsonl, one object per line::

    {"id": "q001", "question": "深圳家庭医生签约有什么安排?", "type": "paraphrase", "answer": "…"}

qrels.txt, one judgement per line, TREC style (the second column is unused, always 0)::

    q001 0 004_9ca4611f6f89f99b#四、/13. 2

Grades: 2 = the section answers the question, 1 = it partly does, 0 = judged not relevant.
Section ids are `doc_id#path` as the section chunker names them (`前言` for the preamble);
`python -m eval validate` checks that each still exists in the current chunking.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from hws import REPO_ROOT

GOLD_DIR = REPO_ROOT / "eval" / "gold"
QUESTIONS_PATH = GOLD_DIR / "questions.jsonl"
QRELS_PATH = GOLD_DIR / "qrels.txt"

QUESTION_TYPES = ("policy", "paraphrase", "numeric", "cross_doc", "english", "keyword", "unanswerable")
SPLITS = ("dev", "test")  # dev: tune on it; test: frozen, reported, never tuned on
UNANSWERABLE = "unanswerable"
JUDGED = "judged"  # questions typed by a judge in the app rather than written into the gold set
GRADES = (0, 1, 2)

# Accepted spellings of the id and text fields (the first is the documented one).
_ID_KEYS = ("id", "qid")
_TEXT_KEYS = ("question", "query", "text")


class GoldFormatError(ValueError):
    """A gold file line that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Question:
    qid: str
    text: str
    type: str
    answer: str = ""
    extra: dict = field(default_factory=dict, compare=False)  # any further fields, kept for reports

    @property
    def answerable(self) -> bool:
        return self.type != UNANSWERABLE

    def to_json(self) -> dict:
        return {"id": self.qid, "question": self.text, "type": self.type, "answer": self.answer, **self.extra}


@dataclass(frozen=True)
class Judgement:
    """One qrels line: how well a section answers a question."""

    qid: str
    section_id: str
    grade: int
    line: int = 0  # 1-based line in the file it came from, for messages


Qrels = dict[str, dict[str, int]]  # qid -> section id -> grade


def _first(record: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in record:
            return key
    return None


def parse_question(record: dict, where: str) -> Question:
    """A Question from one decoded JSON line; GoldFormatError saying what is missing."""
    if not isinstance(record, dict):
        raise GoldFormatError(f"{where}: expected a JSON object")
    id_key, text_key = _first(record, _ID_KEYS), _first(record, _TEXT_KEYS)
    if id_key is None or not str(record[id_key]).strip():
        raise GoldFormatError(f"{where}: missing \"id\"")
    if text_key is None or not str(record[text_key]).strip():
        raise GoldFormatError(f"{where}: missing \"question\"")
    if not str(record.get("type", "")).strip():
        raise GoldFormatError(f"{where}: missing \"type\" (one of {', '.join(QUESTION_TYPES)})")
    answer = record.get("answer", "")
    extra = {k: v for k, v in record.items() if k not in (id_key, text_key, "type", "answer")}
    return Question(qid=str(record[id_key]).strip(), text=str(record[text_key]).strip(),
                    type=str(record["type"]).strip(), answer="" if answer is None else str(answer), extra=extra)


def read_questions(path: Path = QUESTIONS_PATH) -> list[Question]:
    """All questions in file order; GoldFormatError on the first unreadable line."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFormatError(f"{path.name}:{number}: not valid JSON ({exc.msg})") from exc
        questions.append(parse_question(record, f"{path.name}:{number}"))
    return questions


def parse_qrels_line(line: str, number: int = 0, name: str = "qrels") -> Judgement | None:
    """One TREC qrels line (`qid 0 section_id grade`); None for blank and `#` comment lines."""
    where = f"{name}:{number}"
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    parts = text.split()
    if len(parts) != 4:
        raise GoldFormatError(f"{where}: expected 4 columns `qid 0 section_id grade`, got {len(parts)}")
    qid, _, section_id, grade = parts
    try:
        value = int(grade)
    except ValueError as exc:
        raise GoldFormatError(f"{where}: grade {grade!r} is not an integer") from exc
    if value not in GRADES:
        raise GoldFormatError(f"{where}: grade {value} is not one of {GRADES}")
    return Judgement(qid, section_id, value, number)


def read_judgements(path: Path = QRELS_PATH) -> list[Judgement]:
    """Every qrels line in file order; GoldFormatError on the first malformed one."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        judgement = parse_qrels_line(line, number, path.name)
        if judgement is not None:
            found.append(judgement)
    return found


def to_qrels(judgements: list[Judgement]) -> Qrels:
    qrels: Qrels = {}
    for j in judgements:
        qrels.setdefault(j.qid, {})[j.section_id] = j.grade
    return qrels


def read_qrels(path: Path = QRELS_PATH) -> Qrels:
    return to_qrels(read_judgements(path))


def write_qrels(qrels: Qrels, path: Path) -> None:
    """TREC qrels, sorted, so that exports diff cleanly."""
    lines = [f"{qid} 0 {section} {grade}" for qid in sorted(qrels) for section, grade in sorted(qrels[qid].items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def merge_qrels(gold: Qrels, judged: Qrels) -> Qrels:
    """Gold plus judged pairs; where both grade the same pair, the curated gold grade wins."""
    merged = {qid: dict(sections) for qid, sections in judged.items()}
    for qid, sections in gold.items():
        merged.setdefault(qid, {}).update(sections)
    return merged


@dataclass(frozen=True)
class GoldSet:
    questions: tuple[Question, ...]
    qrels: Qrels

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.qid == qid)

    @property
    def types(self) -> list[str]:
        """Question types present, in the documented order first, then any others."""
        present = {q.type for q in self.questions}
        return [t for t in QUESTION_TYPES if t in present] + sorted(present - set(QUESTION_TYPES))

    def evaluable(self) -> list[Question]:
        """Answerable questions with at least one section graded 1 or 2 (what ranking metrics score)."""
        return [q for q in self.questions
                if q.answerable and any(g > 0 for g in self.qrels.get(q.qid, {}).values())]

    def unanswerable(self) -> list[Question]:
        return [q for q in self.questions if not q.answerable]


def load_gold(questions_path: Path = QUESTIONS_PATH, qrels_path: Path = QRELS_PATH,
              judged: Path | None = None) -> GoldSet:
    """The gold set, optionally merged with judged qrels exported from the judging database
    (`judged` is their qrels file; new questions come from the questions file beside it)."""
    questions = read_questions(questions_path)
    qrels = read_qrels(qrels_path)
    if judged is not None:
        qrels = merge_qrels(qrels, read_qrels(judged))
        known = {q.qid for q in questions}
        sidecar = judged_questions_path(judged)
        if sidecar.exists():
            questions += [q for q in read_questions(sidecar) if q.qid not in known]
    return GoldSet(tuple(questions), qrels)


def judged_questions_path(qrels_path: Path) -> Path:
    """Where an export keeps the text of the questions its qrels refer to."""
    return qrels_path.with_name(qrels_path.stem + "-questions.jsonl")
