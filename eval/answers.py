"""Measure direct answers on the gold set: `python -m eval.answers [--details]`.

- numeric questions: the share whose answer string equals the gold answer exactly (after
  NFKC, so full- and half-width forms are equal), and a relaxed share whose answer writes every
  number of the gold answer (不低于4.7万个 vs 4.7万个 matches relaxed, not exactly);
- the other answerable questions: the share whose evidence sentence lies in a section the qrels
  grade 1 or 2 (and, stricter, grade 2);
- unanswerable questions: the share answered 未找到明确答案; answerable ones: the share wrongly
  left without an answer.

Sentence vectors are cached in .cache/vectors.sqlite: the first run embeds the sentences of every
question's top passages (minutes with the bundled model), later runs take seconds.

`--lexicon` measures lexicon expansion instead: recall@5 and MRR@10 (ranx) per retrieval mode,
with and without expansion (see EXPANSION_VARIANTS), over the answerable gold questions.
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

from tqdm.auto import tqdm

from embed import VectorCache
from core.config import Config
from core.errors import SearchError
from index.search import MODES, SearchIndex, SearchOptions, open_index

from answer.model import Answer
from answer.extractive import answer_question
from answer.verbatim import numbers_in

NUMERIC = "numeric"


@dataclass
class Outcome:
    """One question's answer and how it scores."""

    qid: str
    type: str
    question: str
    gold: str
    answer: str
    evidence: str
    section_id: str
    grade: int  # grade of the evidence's section in the qrels (0 when unjudged or no answer)
    rows: int
    note: str = ""

    @property
    def exact(self) -> bool:
        return bool(self.answer) and _norm(self.answer) == _norm(self.gold)

    @property
    def relaxed(self) -> bool:
        wanted = numbers_in(self.gold)
        return bool(self.answer) and bool(wanted) and wanted <= numbers_in(self.answer)


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def _share(self, members: Sequence[Outcome], test) -> tuple[float, int, int]:
        hits = sum(1 for o in members if test(o))
        return (hits / len(members) if members else 0.0), hits, len(members)

    def rows(self) -> list[tuple[str, float, int, int]]:
        numeric = [o for o in self.outcomes if o.type == NUMERIC]
        others = [o for o in self.outcomes if o.type not in (NUMERIC, "unanswerable")]
        answerable = [o for o in self.outcomes if o.type != "unanswerable"]
        unanswerable = [o for o in self.outcomes if o.type == "unanswerable"]
        out = [
            ("numeric: answer == gold answer (exact)", *self._share(numeric, lambda o: o.exact)),
            ("numeric: gold number(s) in answer (relaxed)", *self._share(numeric, lambda o: o.relaxed)),
            ("numeric: evidence in a grade-1/2 section", *self._share(numeric, lambda o: o.grade > 0)),
            ("others: evidence in a grade-1/2 section", *self._share(others, lambda o: o.grade > 0)),
            ("others: evidence in a grade-2 section", *self._share(others, lambda o: o.grade == 2)),
        ]
        for kind in sorted({o.type for o in others}):
            members = [o for o in others if o.type == kind]
            out.append((f"  {kind}: evidence in a grade-1/2 section", *self._share(members, lambda o: o.grade > 0)))
        out += [
            ("unanswerable: 未找到明确答案 (correct abstention)", *self._share(unanswerable, lambda o: not o.answer)),
            ("answerable: 未找到明确答案 (wrong abstention)", *self._share(answerable, lambda o: not o.answer)),
        ]
        return out

    def to_json(self) -> dict:
        return {"summary": [{"measure": m, "share": round(s, 4), "hits": h, "n": n} for m, s, h, n in self.rows()],
                "questions": [{**o.__dict__, "exact": o.exact, "relaxed": o.relaxed} for o in self.outcomes]}


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def evaluate_answers(index: SearchIndex, questions, qrels: dict, cache: VectorCache | None, k: int = 10,
                     mode: str = "hybrid", show_progress: bool = True) -> Summary:
    summary = Summary()
    for q in tqdm(list(questions), desc="answers", unit="q", disable=not show_progress):
        hits = index.search(q.text, k=k, mode=mode)
        found: Answer = answer_question(index, q.text, hits, cache)
        ev = found.evidence
        section = ev.hit.chunk.section_id if (ev and found.found) else ""
        summary.outcomes.append(Outcome(
            qid=q.qid, type=q.type, question=q.text, gold=q.answer, answer=found.text,
            evidence=ev.text if ev and found.found else "", section_id=section,
            grade=int(qrels.get(q.qid, {}).get(section, 0)) if section else 0, rows=len(found.rows), note=found.note))
    return summary


# -- lexicon expansion ---------------------------------------------------------------------
# (name, mode, expand query tokens for BM25, expand the query text that is embedded)
EXPANSION_VARIANTS: tuple[tuple[str, str, bool, bool], ...] = (
    ("lexical", "lexical", False, False), ("lexical + tokens", "lexical", True, False),
    ("dense", "dense", False, False), ("dense + text", "dense", False, True),
    ("hybrid", "hybrid", False, False), ("hybrid + tokens", "hybrid", True, False),
    ("hybrid + text", "hybrid", False, True), ("hybrid + both", "hybrid", True, True),
)


def expansion(index: SearchIndex, mode: str, tokens: bool, text: bool) -> SearchOptions:
    """The index's search options with the given expansion for `mode`."""
    return index.options.with_expansion(mode, tokens, text)


def evaluate_expansion(index: SearchIndex, gold, show_progress: bool = True) -> list[dict]:
    """recall@5 and MRR@10 of each variant over the answerable, judged gold questions."""
    from eval.metrics import per_question, ranx_qrels
    from eval.runs import section_ranking, to_run

    questions = gold.evaluable()
    qrels = ranx_qrels(gold.qrels, questions)
    out = []
    base: dict[str, dict[str, float]] = {}
    for name, mode, tokens, text in tqdm(EXPANSION_VARIANTS, desc="variants", disable=not show_progress):
        options = expansion(index, mode, tokens, text)
        rankings = {q.qid: section_ranking(index.search(q.text, k=10, mode=mode, options=options))
                    for q in questions}
        scores = per_question(qrels, to_run(rankings, name), ["recall@5", "mrr@10"])
        mrr = scores["mrr@10"]
        reference = base.setdefault(mode, mrr)  # the first variant of a mode is its unexpanded run
        out.append({"variant": name, "mode": mode, "n": len(questions),
                    **{m: round(sum(v.values()) / len(v), 4) for m, v in scores.items()},
                    "mrr_better": sum(1 for q, v in mrr.items() if v > reference[q] + 1e-9),
                    "mrr_worse": sum(1 for q, v in mrr.items() if v < reference[q] - 1e-9)})
    return out


# -- command line --------------------------------------------------------------------------
def _print_table(rows: list[tuple[str, float, int, int]]) -> None:
    width = max(len(r[0]) for r in rows)
    for measure, share, hits, n in rows:
        print(f"{measure:<{width}}  {share:6.1%}  ({hits}/{n})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.answers", description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index-dir", help="索引目录 index folder (default: .index/)")
    parser.add_argument("--mode", default="hybrid", choices=MODES, help="retrieval mode for answers (default hybrid)")
    parser.add_argument("-k", type=int, default=10, help="passages retrieved per question (default 10)")
    parser.add_argument("--lexicon", action="store_true", help="measure lexicon expansion per mode instead")
    parser.add_argument("--details", action="store_true", help="one line per question")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    from eval.gold import load_gold

    config = Config.from_env(index_dir=args.index_dir)
    try:
        index = open_index(config.index_dir)
    except SearchError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return 2
    gold = load_gold()
    if args.lexicon:
        table = evaluate_expansion(index, gold, show_progress=not args.quiet)
        if args.json:
            print(json.dumps(table, ensure_ascii=False, indent=1))
        else:
            print(f"{'variant':<18} {'recall@5':>9} {'MRR@10':>8} {'MRR better/worse':>17}   (n = {table[0]['n']})")
            for row in table:
                print(f"{row['variant']:<18} {row['recall@5']:>9.4f} {row['mrr@10']:>8.4f} "
                      f"{row['mrr_better']:>8}/{row['mrr_worse']:<8}")
        return 0
    cache = VectorCache(config.cache_dir / "vectors.sqlite")
    summary = evaluate_answers(index, gold.questions, gold.qrels, cache, k=args.k, mode=args.mode,
                               show_progress=not args.quiet)
    if args.json:
        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=1))
        return 0
    if args.details:
        for o in summary.outcomes:
            mark = "=" if o.exact else ("~" if o.relaxed else ("g" if o.grade else "x"))
            print(f"{o.qid} {o.type:<12} {mark} {o.answer[:40]!r:<44} gold {o.gold[:30]!r} {o.note[:30]}")
    _print_table(summary.rows())
    return 0


if __name__ == "__main__":
    sys.exit(main())
