"""Precision and recall of the commitment extractor against the hand-labelled sample.

    python -m eval.commitments                 # table + misses + false positives
    python -m eval.commitments --json          # the same numbers as one JSON object
    python -m eval.commitments --corpus ../shared/wild --gold eval/gold/wild/commitments_wild.jsonl
    python -m eval.commitments --sample --gold eval/gold/wild/commitments_seed_sample.jsonl

A label is located by its `context` (an exact, unique substring of the document) and its
`number_text` inside that context; an extracted record matches a label when both are in the same
document and their number spans overlap. The sample is taken as exhaustive: an extracted number
that no positive label covers is a false positive (listed apart when a hard negative names it).
Field accuracy (value, unit, comparator, kind) is computed over the matched pairs. A sample that
is not exhaustive (`--sample`) counts as false positives only the records that hit a hard negative.

Indicator labels are judged by commitments.labels (the rubric in eval/gold/wild/label_rubric.md as
rules, given the record's clause): the share of usable labels over every extracted record of the labelled documents.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from hws import PROBLEM_LABELS, REPO_ROOT, Commitment, Config, extract_chunks, label_problem

GOLD_PATH = REPO_ROOT / "eval" / "gold" / "commitments.jsonl"
FIELDS = ("value", "unit", "comparator", "kind")


@dataclass(frozen=True)
class Label:
    """One hand-labelled number: a commitment, or a hard negative (`negative`)."""

    doc_id: str
    start: int  # span of number_text in the document
    end: int
    record: dict
    negative: bool


@dataclass
class Scores:
    """Counts for one document (or all): tp/fp/fn and per-field agreement on matched pairs."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    agree: dict = field(default_factory=lambda: {f: 0 for f in FIELDS})

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        return self.agree[name] / self.tp if self.tp else 0.0

    def to_json(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "field_accuracy": {f: round(self.accuracy(f), 4) for f in FIELDS}}


@dataclass
class Report:
    overall: Scores
    per_doc: dict[str, Scores]
    misses: list[Label]
    false_positives: list[tuple[Commitment, Label | None]]  # with the hard negative it hit, if any
    disagreements: list[tuple[str, Label, Commitment]]
    gold_errors: list[str]
    labelled: list[Commitment] = field(default_factory=list)  # every record of the labelled documents

    @property
    def unusable(self) -> list[tuple[Commitment, str]]:
        """Records whose indicator label the rubric's rules reject, with the reason."""
        return [(c, problem) for c in self.labelled if (problem := label_problem(c.indicator, c.unit, c.text))]

    @property
    def usable_share(self) -> float:
        return 1 - len(self.unusable) / len(self.labelled) if self.labelled else 0.0

    def to_json(self) -> dict:
        return {
            "overall": self.overall.to_json(),
            "labels": {"records": len(self.labelled), "usable": round(self.usable_share, 4),
                       "unusable": [{"indicator": c.indicator, "problem": p, "text": c.text} for c, p in self.unusable]},
            "per_doc": {d: s.to_json() for d, s in self.per_doc.items()},
            "misses": [{"doc_id": m.doc_id, "context": m.record["context"], "number_text": m.record["number_text"]}
                       for m in self.misses],
            "false_positives": [{"doc_id": c.doc_id, "text": c.text, "number_text": c.number_text,
                                 "negative_label": bool(n), "why": n.record.get("why") if n else None}
                                for c, n in self.false_positives],
            "disagreements": [{"field": f, "context": lab.record["context"], "gold": lab.record.get(f),
                               "extracted": getattr(c, f)} for f, lab, c in self.disagreements],
            "gold_errors": self.gold_errors,
        }


def read_gold(path: Path, texts: dict[str, str]) -> tuple[list[Label], list[str]]:
    """Labels located in their documents, and one message per record that cannot be located."""
    labels, errors = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        text = texts.get(record["doc_id"])
        context, number = record.get("context", ""), record.get("number_text", "")
        if text is None:
            errors.append(f"line {n}: unknown doc_id {record['doc_id']}")
            continue
        at = text.find(context)
        if at < 0 or text.find(context, at + 1) >= 0:
            errors.append(f"line {n}: context {'not found' if at < 0 else 'not unique'}: {context!r}")
            continue
        inside = context.find(number)
        if inside < 0:
            errors.append(f"line {n}: number_text {number!r} not in context {context!r}")
            continue
        start = at + inside
        labels.append(Label(record["doc_id"], start, start + len(number), record, bool(record.get("not_commitment"))))
    return labels, errors


def _same(name: str, gold, got) -> bool:
    if name == "value":
        try:
            return gold is not None and abs(float(gold) - float(got)) <= 1e-6 * max(1.0, abs(float(gold)))
        except (TypeError, ValueError):
            return False
    if name == "comparator":
        return (gold or "") == (got or "")
    return gold == got


def evaluate(extracted: list[Commitment], labels: list[Label], gold_errors: list[str] | None = None,
             exhaustive: bool = True) -> Report:
    """Match extracted records to labels by document and overlapping number span, then count.

    With `exhaustive=False` (a sample) an unmatched record is a false positive only when it hits a
    hard negative; records no label mentions are not judged."""
    positives = [lab for lab in labels if not lab.negative]
    negatives = [lab for lab in labels if lab.negative]
    docs = sorted({lab.doc_id for lab in labels} | {c.doc_id for c in extracted})
    per_doc = {d: Scores() for d in docs}
    overall = Scores()
    used: set[int] = set()
    false_positives, disagreements = [], []

    def overlaps(lab: Label, c: Commitment) -> bool:
        return lab.doc_id == c.doc_id and max(lab.start, c.number_start) < min(lab.end, c.number_end)

    for c in extracted:
        match = next((i for i, lab in enumerate(positives) if i not in used and overlaps(lab, c)), None)
        scores = per_doc[c.doc_id]
        if match is None:
            negative = next((lab for lab in negatives if overlaps(lab, c)), None)
            if negative is None and not exhaustive:
                continue
            false_positives.append((c, negative))
            scores.fp += 1
            overall.fp += 1
            continue
        used.add(match)
        lab = positives[match]
        for s in (scores, overall):
            s.tp += 1
        for name in FIELDS:
            if _same(name, lab.record.get(name), getattr(c, name)):
                scores.agree[name] += 1
                overall.agree[name] += 1
            else:
                disagreements.append((name, lab, c))
    misses = [lab for i, lab in enumerate(positives) if i not in used]
    for lab in misses:
        per_doc[lab.doc_id].fn += 1
        overall.fn += 1
    labelled_docs = {lab.doc_id for lab in labels}
    return Report(overall, {d: s for d, s in per_doc.items() if d in labelled_docs or s.fp}, misses, false_positives,
                  disagreements, gold_errors or [], [c for c in extracted if c.doc_id in labelled_docs])


def extract_from_corpus(config: Config) -> tuple[list[Commitment], dict[str, str]]:
    """Extract from the corpus as the index would chunk it, without building an index or loading a model."""
    from hws import chunk_document, load_corpus

    corpus = load_corpus(config.corpus_dir)
    extracted, texts = [], {}
    for doc in corpus.documents:
        chunks = chunk_document(doc, config.chunker, config.chunk_size, config.chunk_overlap)
        extracted.extend(extract_chunks(doc.text, doc.meta, chunks))
        texts[doc.doc_id] = doc.text
    return extracted, texts


def run(config: Config, gold_path: Path = GOLD_PATH, exhaustive: bool = True) -> Report:
    extracted, texts = extract_from_corpus(config)
    labels, errors = read_gold(gold_path, texts)
    return evaluate(extracted, labels, errors, exhaustive)


def print_report(report: Report, details: bool = True) -> None:
    header = (f"{'document':<24}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}"
              + "".join(f"{f:>12}" for f in FIELDS))
    print(header)
    print("-" * len(header))
    rows = list(report.per_doc.items()) + [("overall", report.overall)]
    for name, s in rows:
        print(f"{name:<24}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
              + "".join(f"{s.accuracy(f):>12.3f}" for f in FIELDS))
    print(f"\n可用指标名 usable indicator labels: {report.usable_share:.3f} "
          f"({len(report.labelled) - len(report.unusable)}/{len(report.labelled)} records of the labelled documents)")
    if not details:
        return
    print(f"\n不可用指标名 unusable labels ({len(report.unusable)}):")
    for c, problem in report.unusable:
        print(f"  {c.doc_id[:3]}  {PROBLEM_LABELS[problem]:<28} {c.indicator!r:<16} {c.text[:50]}")
    print(f"\n漏检 misses ({len(report.misses)}):")
    for lab in report.misses:
        print(f"  {lab.doc_id[:3]}  {lab.record['number_text']:<8} {lab.record['context']}")
    print(f"\n误检 false positives ({len(report.false_positives)}; * = a labelled hard negative):")
    for c, negative in report.false_positives:
        print(f"  {c.doc_id[:3]} {'*' if negative else ' '} {c.number_text:<8} {c.text}")
    print(f"\n字段不一致 field disagreements ({len(report.disagreements)}):")
    for name, lab, c in report.disagreements:
        print(f"  {name:<10} gold={lab.record.get(name)!r:<14} got={getattr(c, name)!r:<14} {lab.record['context']}")
    if report.gold_errors:
        print(f"\n标注问题 gold records that could not be located ({len(report.gold_errors)}):")
        for line in report.gold_errors:
            print(f"  {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval commitments", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, help="语料目录 corpus folder (default: corpus/)")
    parser.add_argument("--gold", type=Path, default=GOLD_PATH, help="labelled sample (JSON lines)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--sample", action="store_true",
                        help="标注不完整: 只有命中反例的记录算误检 (the labels are a sample, not exhaustive)")
    parser.add_argument("--summary", action="store_true", help="only the table, no lists")
    args = parser.parse_args(argv)
    if not args.gold.exists():
        print(f"错误 error: 标注文件不存在 {args.gold} (labelled sample not found)", file=sys.stderr)
        return 2
    report = run(Config.from_env(corpus_dir=args.corpus, show_progress=False), args.gold, exhaustive=not args.sample)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        print_report(report, details=not args.summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
