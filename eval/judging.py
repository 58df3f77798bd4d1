"""Judges' grades of retrieved passages, kept in SQLite so several judges can work at once.

One row per grading act: (question, passage's section and span, judge, grade, note, time). A judge
who changes their mind adds a row; their latest row for a (question, section) pair is the one
that counts. The database runs in WAL mode with a busy timeout, every statement is
parameterised, and each call opens its own short-lived connection, so concurrent judges (Streamlit
sessions are threads) never share a connection or lose a write.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from eval.gold import GRADES, Qrels
from hws import REPO_ROOT, normalise_for_match

DB_PATH = REPO_ROOT / "eval" / "judgements.sqlite"  # git-ignored
BUSY_TIMEOUT_MS = 30_000
MAX_NOTE_CHARS = 2000
MAX_JUDGE_CHARS = 80

_SCHEMA = """
CREATE TABLE IF NOT EXISTS judgements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    qid TEXT NOT NULL,
    query TEXT NOT NULL,
    section_id TEXT NOT NULL,
    doc_id TEXT NOT NULL DEFAULT '',
    start INTEGER,
    "end" INTEGER,
    judge TEXT NOT NULL,
    grade INTEGER NOT NULL CHECK (grade IN (0, 1, 2)),
    note TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS judgements_pair ON judgements (qid, section_id, judge);
"""


_BUSY_PRAGMA = f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}"
# Optional filters as parameters (NULL / 0 = no filter), so the SQL text never varies.
_SELECT_ASSESSMENTS = (
    'SELECT qid, query, section_id, judge, grade, note, doc_id, start, "end", created, id FROM judgements '
    "WHERE (? IS NULL OR qid = ?) AND (? IS NULL OR judge = ?) "
    "AND (? = 0 OR id IN (SELECT MAX(id) FROM judgements GROUP BY qid, section_id, judge)) ORDER BY id")


@dataclass(frozen=True)
class Assessment:
    """One judge's grade for one passage retrieved for one question."""

    qid: str
    query: str
    section_id: str
    judge: str
    grade: int
    note: str = ""
    doc_id: str = ""
    start: int | None = None
    end: int | None = None
    created: str = ""
    id: int | None = None

    def checked(self) -> Assessment:
        """This assessment with its fields trimmed; ValueError naming what is wrong."""
        judge = self.judge.strip()
        if not judge:
            raise ValueError("请填写评审人 (judge name is empty)")
        if len(judge) > MAX_JUDGE_CHARS:
            raise ValueError(f"评审人名称过长 (judge name over {MAX_JUDGE_CHARS} characters)")
        if self.grade not in GRADES:
            raise ValueError(f"评分须为 0/1/2 (grade must be one of {GRADES}, got {self.grade!r})")
        if not self.qid.strip() or not self.query.strip() or not self.section_id.strip():
            raise ValueError("问题和段落不能为空 (question and section are required)")
        if any(ch.isspace() for ch in self.qid + self.section_id):
            raise ValueError("问题编号和段落编号不能含空白 (ids may not contain whitespace: they go into qrels)")
        note = self.note.strip()[:MAX_NOTE_CHARS]
        return Assessment(self.qid.strip(), self.query.strip(), self.section_id.strip(), judge, int(self.grade), note,
                          self.doc_id, self.start, self.end, self.created, self.id)


def question_id(query: str) -> str:
    """A stable id for a question typed by a judge: the same words (after NFKC, t2s, lower) → same id."""
    digest = hashlib.sha1(normalise_for_match(query.strip()).encode("utf-8")).hexdigest()
    return f"u-{digest[:10]}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class JudgingStore:
    """The judgements database at `path` (created on first use)."""

    def __init__(self, path: Path = DB_PATH) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            db.execute(_BUSY_PRAGMA)
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"评审数据库无法打开 ({self.path}: {exc}) (judgements database unreadable)") from exc
        return db

    def add(self, assessments: Iterable[Assessment]) -> list[int]:
        """Store assessments in one transaction (all or none); returns their row ids."""
        rows = [a.checked() for a in assessments]
        created = _now()
        ids: list[int] = []
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                for a in rows:
                    cursor = db.execute(
                        'INSERT INTO judgements (qid, query, section_id, doc_id, start, "end", judge, grade, note, '
                        "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (a.qid, a.query, a.section_id, a.doc_id, a.start, a.end, a.judge, a.grade, a.note,
                         a.created or created))
                    ids.append(int(cursor.lastrowid))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return ids

    def assessments(self, qid: str | None = None, judge: str | None = None, latest: bool = False) -> list[Assessment]:
        """Stored rows, oldest first; `latest` keeps each judge's last word on each (question, section)."""
        params = (qid, qid, judge, judge, int(latest))
        with closing(self._connect()) as db:
            return [Assessment(*row) for row in db.execute(_SELECT_ASSESSMENTS, params).fetchall()]

    def judges(self) -> list[str]:
        with closing(self._connect()) as db:
            return [r[0] for r in db.execute("SELECT DISTINCT judge FROM judgements ORDER BY judge").fetchall()]

    def questions(self) -> dict[str, str]:
        """qid -> question text of everything judged (the latest wording stored for each id)."""
        with closing(self._connect()) as db:
            rows = db.execute("SELECT qid, query FROM judgements WHERE id IN "
                              "(SELECT MAX(id) FROM judgements GROUP BY qid) ORDER BY qid").fetchall()
        return dict(rows)

    def to_qrels(self) -> Qrels:
        """Judged qrels: each judge's latest grade, combined over judges by the lower median.

        With two judges that is the lower grade: a pair counts as relevant only as far as every
        judge agrees, which keeps disputed passages from inflating scores."""
        grades: dict[tuple[str, str], list[int]] = {}
        for a in self.assessments(latest=True):
            grades.setdefault((a.qid, a.section_id), []).append(a.grade)
        qrels: Qrels = {}
        for (qid, section), values in sorted(grades.items()):
            values.sort()
            qrels.setdefault(qid, {})[section] = values[(len(values) - 1) // 2]
        return qrels
