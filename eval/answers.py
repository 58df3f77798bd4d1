"""Measure direct answers on the gold set: `python -m eval answers [--split dev] [--details]`.

Test (frozen, never tuned on) and dev (tuned on) are reported side by side, on the evaluation's
own index of the gold documents (eval/gold_index.py), whatever corpus/ holds besides them.

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
from collections.abc import Sequence
from dataclasses import dataclass, field

from tqdm.auto import tqdm

from eval.report import RESULTS_DIR
from hws import (
    MODES,
    Answer,
    Config,
    HwsError,
    SearchIndex,
    SearchOptions,
    VectorCache,
    answer_question,
    numbers_in,
    open_index,
)

NUMERIC = "numeric"
SPLITS = ("test", "dev")  # test first: the headline (frozen, never tuned on); dev is tuned on


def numbers_right(answer: str, gold: str) -> bool:
    """The answer states exactly the numbers of the gold answer: the same set of numbers (as the
    verbatim rule reads them: 4.7万 ≠ 4.7, 50% = 50%), none missing and none extra. Wording
    around them (不低于, 以上, 达到) is not compared: the number is what a reader quotes."""
    wanted = numbers_in(gold)
    return bool(answer) and bool(wanted) and numbers_in(answer) == wanted


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
    split: str = ""
    confidence: str = ""  # "high" / "low" for an answer, "" for none
    unanswerable_kind: str = ""
    judged: bool = True  # the qrels judge some section for this question (else its grade says nothing)

    @property
    def exact(self) -> bool:
        return bool(self.answer) and _norm(self.answer) == _norm(self.gold)

    @property
    def relaxed(self) -> bool:
        wanted = numbers_in(self.gold)
        return bool(self.answer) and bool(wanted) and wanted <= numbers_in(self.answer)

    @property
    def right(self) -> bool:
        """numbers_right: the numbers of the answer are those of the gold answer."""
        return numbers_right(self.answer, self.gold)

    @property
    def wrong_high(self) -> bool:
        """A number shown as the answer with confidence high that is not the gold answer's."""
        return bool(self.answer) and self.confidence == "high" and not self.right

    @property
    def numeric_gold(self) -> bool:
        return self.type != "unanswerable" and bool(numbers_in(self.gold))


Row = tuple[str, dict[str, tuple[float, int, int]]]  # measure, split -> (share, hits, n)


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def _share(self, members: Sequence[Outcome], test) -> tuple[float, int, int]:
        hits = sum(1 for o in members if test(o))
        return (hits / len(members) if members else 0.0), hits, len(members)

    def splits(self) -> list[str]:
        present = {o.split for o in self.outcomes}
        return [s for s in SPLITS if s in present] + sorted(present - set(SPLITS))

    def _measures(self) -> list[tuple[str, object, object]]:
        """(measure, which questions, test) — each computed per split by `table`."""
        numeric = lambda o: o.type == NUMERIC  # noqa: E731
        unanswerable = lambda o: o.type == "unanswerable"  # noqa: E731
        answerable = lambda o: o.type != "unanswerable"  # noqa: E731
        others = lambda o: o.type not in (NUMERIC, "unanswerable") and o.judged  # noqa: E731
        out: list[tuple[str, object, object]] = [
            ("numeric: answer's numbers == gold numbers", numeric, lambda o: o.right),
            ("numeric: wrong number shown as high confidence", numeric, lambda o: o.wrong_high),
            ("numeric: answered with confidence low", numeric, lambda o: bool(o.answer) and o.confidence == "low"),
            ("numeric: answer == gold answer (exact string)", numeric, lambda o: o.exact),
            ("english with a numeric gold: numbers right", lambda o: o.type == "english" and o.numeric_gold,
             lambda o: o.right),
            ("english with a numeric gold: wrong number shown high", lambda o: o.type == "english" and o.numeric_gold,
             lambda o: o.wrong_high),
            ("others (judged): evidence in a grade-1/2 section", others, lambda o: o.grade > 0),
            ("others (judged): evidence in a grade-2 section", others, lambda o: o.grade == 2),
            ("unanswerable: 未找到明确答案 (correct abstention)", unanswerable, lambda o: not o.answer),
        ]
        for kind in sorted({o.unanswerable_kind for o in self.outcomes if o.type == "unanswerable" and o.unanswerable_kind}):
            out.append((f"  unanswerable {kind}: refused",
                        lambda o, k=kind: o.type == "unanswerable" and o.unanswerable_kind == k, lambda o: not o.answer))
        out.append(("answerable: 未找到明确答案 (wrong abstention)", answerable, lambda o: not o.answer))
        for kind in sorted({o.type for o in self.outcomes if o.type != "unanswerable"}):
            out.append((f"  {kind}: wrongly refused", lambda o, k=kind: o.type == k, lambda o: not o.answer))
        return out

    def table(self) -> list[Row]:
        """Each measure per split (test first)."""
        return [(name, {split: self._share([o for o in self.outcomes if o.split == split and which(o)], test)
                        for split in self.splits()})
                for name, which, test in self._measures()]

    def rows(self) -> list[tuple[str, float, int, int]]:
        """Each measure over all questions (both splits together)."""
        return [(name, *self._share([o for o in self.outcomes if which(o)], test))
                for name, which, test in self._measures()]

    def to_json(self) -> dict:
        return {"summary": [{"measure": m, **{split: {"share": round(s, 4), "hits": h, "n": n}
                                               for split, (s, h, n) in by_split.items()}}
                            for m, by_split in self.table()],
                "questions": [{**o.__dict__, "exact": o.exact, "relaxed": o.relaxed, "right": o.right,
                               "wrong_high": o.wrong_high} for o in self.outcomes]}

    def markdown(self) -> str:
        """The table for the README: test (headline) and dev side by side."""
        splits = self.splits()
        out = ["| measure | " + " | ".join(splits) + " |", "|---|" + "---:|" * len(splits)]
        for name, by_split in self.table():
            cells = [f"{s:.1%} ({h}/{n})" if n else "–" for s, h, n in (by_split[sp] for sp in splits)]
            out.append(f"| {name.strip()} | " + " | ".join(cells) + " |")
        return "\n".join(out)


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
            grade=int(qrels.get(q.qid, {}).get(section, 0)) if section else 0, rows=len(found.rows), note=found.note,
            split=str(q.extra.get("split", "")), confidence=found.confidence if found.found else "",
            unanswerable_kind=str(q.extra.get("unanswerable_kind", "")), judged=q.qid in qrels))
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


def evaluate_expansion(index: SearchIndex, gold, show_progress: bool = True, split: str = "all") -> list[dict]:
    """recall@5 and MRR@10 of each variant over the answerable, judged gold questions (of `split`)."""
    from eval.metrics import per_question, ranx_qrels
    from eval.runs import section_ranking, to_run

    questions = [q for q in gold.evaluable() if split == "all" or q.extra.get("split") == split]
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
def _print_table(summary: Summary) -> None:
    table = summary.table()
    splits = summary.splits()
    width = max(len(name) for name, _ in table)
    print(f"{'measure':<{width}}  " + "  ".join(f"{sp + ' (tuned on)' if sp == 'dev' else sp + ' (frozen)':>22}"
                                              for sp in splits))
    for name, by_split in table:
        cells = [f"{s:6.1%} ({h:>3}/{n:<3})" if n else "–" for s, h, n in (by_split[sp] for sp in splits)]
        print(f"{name:<{width}}  " + "  ".join(f"{c:>22}" for c in cells))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval answers", description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index-dir", help="索引目录 index folder (default: the gold documents' own index, "
                                            "<cache>/eval-index, built from eval/gold/documents.txt)")
    parser.add_argument("--gold", choices=("seeds", "unseen"), default="seeds",
                        help="seeds: the gold set of the five seed documents (default); unseen: questions on "
                             "eval/gold/unseen, pages no rule was written against, with their own index")
    parser.add_argument("--split", choices=("all", *SPLITS), default="all",
                        help="only these questions (tune on dev; test is reported, never tuned on)")
    parser.add_argument("--mode", default="hybrid", choices=MODES, help="retrieval mode for answers (default hybrid)")
    parser.add_argument("-k", type=int, default=10, help="passages retrieved per question (default 10)")
    parser.add_argument("--lexicon", action="store_true", help="measure lexicon expansion per mode instead")
    parser.add_argument("--details", action="store_true", help="one line per question")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the README)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    from eval.gold import load_gold
    from eval.gold_index import UNSEEN_DIR, open_gold_index, open_unseen_index

    unseen = args.gold == "unseen"
    config = Config.from_env(index_dir=args.index_dir)
    try:
        if args.index_dir:
            index = open_index(config.index_dir)
        else:
            index = open_unseen_index(config) if unseen else open_gold_index(config)
    except HwsError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return 2
    gold = load_gold(UNSEEN_DIR / "questions.jsonl", UNSEEN_DIR / "qrels.txt") if unseen else load_gold()
    if args.lexicon:
        table = evaluate_expansion(index, gold, show_progress=not args.quiet, split=args.split)
        if args.json:
            print(json.dumps(table, ensure_ascii=False, indent=1))
        else:
            print(f"{'variant':<18} {'recall@5':>9} {'MRR@10':>8} {'MRR better/worse':>17}   (n = {table[0]['n']})")
            for row in table:
                print(f"{row['variant']:<18} {row['recall@5']:>9.4f} {row['mrr@10']:>8.4f} "
                      f"{row['mrr_better']:>8}/{row['mrr_worse']:<8}")
        return 0
    questions = [q for q in gold.questions if args.split == "all" or q.extra.get("split") == args.split]
    cache = VectorCache(config.vector_cache_path)
    summary = evaluate_answers(index, questions, gold.qrels, cache, k=args.k, mode=args.mode,
                               show_progress=not args.quiet)
    if args.split == "all" and args.mode == "hybrid" and not args.index_dir:  # what the README quotes
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        command = "python -m eval answers" + (" --gold unseen" if unseen else "") + (f" -k {args.k}" if args.k != 10 else "")
        stem = "answers-unseen" if unseen else "answers"
        (RESULTS_DIR / f"{stem}-readme.md").write_text(f"`{command}`\n\n{summary.markdown()}\n", encoding="utf-8")
        (RESULTS_DIR / f"{stem}.json").write_text(json.dumps(summary.to_json(), ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
    if args.json:
        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=1))
        return 0
    if args.details:
        for o in summary.outcomes:
            mark = "=" if o.right else ("~" if o.relaxed else ("g" if o.grade else "x"))
            print(f"{o.qid} {o.split:<4} {o.type:<12} {mark} {o.confidence:<4} {o.answer[:40]!r:<44} "
                  f"gold {o.gold[:30]!r} {o.note[:30]}")
    if args.markdown:
        print(summary.markdown())
    else:
        _print_table(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
