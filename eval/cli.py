"""`python -m eval …`: validate the gold set, evaluate, compare configurations, calibrate, export judgements."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eval.calibrate import Distribution, choose_threshold, no_answer_summary
from eval.configs import (
    BASELINE,
    CACHE_DIR,
    COMPARE_CONFIGS,
    MODE_CONFIGS,
    ensure_index,
    index_config,
    index_facts,
    select,
)
from eval.gold import (
    JUDGED,
    QRELS_PATH,
    QUESTIONS_PATH,
    GoldSet,
    Question,
    judged_questions_path,
    load_gold,
    read_questions,
    write_qrels,
)
from eval.gold_index import open_gold_index
from eval.metrics import ranx_qrels
from eval.report import RESULTS_DIR, Report, write_report
from eval.runs import RunConfig, RunResult, run_questions, write_trec_run
from eval.scoring import score
from eval.significance import compare_all
from eval.validate import SectionCatalogue, validate
from hws import (
    MODES,
    THRESHOLD_PATH,
    Calibration,
    Config,
    IndexMissingError,
    SearchIndex,
    build_index,
    is_current,
    load_embedder,
    no_answer_threshold,
    open_index,
    write_calibration,
)

EPILOG = """示例 examples:
  python -m eval validate                    # 检查金标准 check the gold set against the current chunking
  python -m eval run                         # 评测默认配置 evaluate the shipped configuration (make eval)
  python -m eval run --mode all              # lexical, dense, hybrid side by side
  python -m eval compare                     # 配置对比与显著性检验 configurations + paired significance tests
  python -m eval answers                     # 直接答案 direct answers, test and dev side by side
  python -m eval calibrate                   # 选择"未找到明确答案"阈值 choose the no-answer threshold
  python -m eval commitments                 # 承诺抽取 commitments: precision, recall, usable labels
  python -m eval readme                      # 把结果表写入 README copy the result tables into README.md
  python -m eval export-qrels                # 导出评审结果 judged passages → TREC qrels
  python -m eval run --judged eval/results/judged-qrels.txt   # gold + judged qrels
"""
JUDGED_QRELS = RESULTS_DIR / "judged-qrels.txt"


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _gold_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--questions", type=Path, default=QUESTIONS_PATH, help="questions JSONL (default: eval/gold/questions.jsonl)")
    parser.add_argument("--qrels", type=Path, default=QRELS_PATH, help="TREC qrels (default: eval/gold/qrels.txt)")


def _eval_args(parser: argparse.ArgumentParser) -> None:
    _gold_args(parser)
    parser.add_argument("--judged", type=Path, help="也计入评审导出的 qrels: merge judged qrels exported by export-qrels")
    parser.add_argument("-k", "--k", type=_positive_int, default=10, help="每个问题检索的段落数 hits per question (default 10)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="报告目录 report folder (default: eval/results/)")
    parser.add_argument("-q", "--quiet", action="store_true", help="不显示进度条 no progress bars")


def _command() -> str:
    """The command line as typed, for the report."""
    return " ".join(["python -m eval" if sys.argv[0].endswith("__main__.py") else "hws", *sys.argv[1:]])


def _load(args: argparse.Namespace, config: Config) -> tuple[GoldSet, SectionCatalogue]:
    """The gold set and section catalogue; gold problems are printed as warnings, not fatal."""
    catalogue = SectionCatalogue.from_corpus(config)
    problems = validate(config, args.questions, args.qrels, catalogue)
    if problems:
        print(f"警告 warning: 金标准有 {len(problems)} 个问题 (gold set problems; see python -m eval validate):",
              file=sys.stderr)
        for p in problems[:5]:
            print(f"  {p}", file=sys.stderr)
    return load_gold(args.questions, args.qrels, judged=args.judged), catalogue


def _open_or_build(config: Config, explicit: bool = True) -> SearchIndex:
    """The index at config.index_dir, built with these settings when there is none yet; without an
    explicit --index-dir, the evaluation's own index of the gold documents (eval/gold_index.py)."""
    if not explicit:
        return open_gold_index(config)
    try:
        index = open_index(config.index_dir, model=None)
    except IndexMissingError:
        print(f"索引不存在, 正在构建 (no index in {config.index_dir}; building it)", file=sys.stderr)
        print(build_index(config).summary(), file=sys.stderr)
        return open_index(config.index_dir)
    if not is_current(config):
        print("警告 warning: 索引不是由当前语料和设置构建的 (the index is stale); "
              "评测的是现有索引 — python -m index build 可更新", file=sys.stderr)
    return index


def _evaluate(args: argparse.Namespace, gold: GoldSet, catalogue: SectionCatalogue,
              runs: list[tuple[RunResult, dict]], kind: str) -> Report:
    """Score the runs, test their differences, summarise no-answer scores, write the report files."""
    scored = [score(gold, result, catalogue.breadcrumbs) for result, _ in runs]
    names = [s.name for s in scored]
    baseline = BASELINE if BASELINE in names else names[0]
    comparisons = compare_all(ranx_qrels(gold.qrels, gold.evaluable()), scored, baseline)
    no_answer = {}
    for result, facts in runs:
        answerable = [result.top_dense[q.qid] for q in gold.questions if q.answerable]
        unanswerable = [result.top_dense[q.qid] for q in gold.unanswerable()]
        if any(v is not None for v in answerable):
            threshold = no_answer_threshold(facts.get("model_id") or "")
            no_answer[result.config.name] = no_answer_summary(
                [v for v in answerable if v is not None], [v for v in unanswerable if v is not None], threshold)
    report = Report(kind=kind, command=_command(), k=args.k, gold=gold, scored=scored, baseline=baseline,
                    descriptions={r.config.name: r.config.describe() for r, _ in runs},
                    indexes={r.config.name: facts for r, facts in runs}, comparisons=comparisons,
                    no_answer=no_answer)
    paths = write_report(report, args.out, kind)
    trec_dir = args.out / "runs" / kind
    for result, _ in runs:
        write_trec_run(result, trec_dir / f"{result.config.name}.trec")
    print(report.summary_markdown())
    print(f"报告 report: {paths['markdown']}  {paths['json']}  {paths['plot']}  (TREC runs: {trec_dir})")
    return report


# -- commands ------------------------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    config = Config.from_env()
    problems = validate(config, args.questions, args.qrels)
    for p in problems:
        print(p)
    if problems:
        print(f"发现 {len(problems)} 个问题 ({len(problems)} problems)", file=sys.stderr)
        return 1
    gold = load_gold(args.questions, args.qrels)
    by_type = ", ".join(f"{t} {sum(q.type == t for q in gold.questions)}" for t in gold.types)
    print(f"金标准有效 (gold set valid): {len(gold.questions)} questions ({by_type}), "
          f"{sum(len(v) for v in gold.qrels.values())} judgements")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    config = Config.from_env(index_dir=args.index_dir, show_progress=not args.quiet)
    gold, catalogue = _load(args, config)
    index = _open_or_build(config, explicit=args.index_dir is not None)
    facts = index_facts(index)
    chunking = dict(chunker=facts["chunker"] or config.chunker, chunk_size=facts["chunk_size"] or config.chunk_size,
                    chunk_overlap=facts["chunk_overlap"] or config.chunk_overlap)
    modes = MODES if args.mode == "all" else (args.mode,)
    configs = [RunConfig(m, mode=m, auto_scope=not args.no_scope, **chunking)
               for m in sorted(modes, key=[c.mode for c in MODE_CONFIGS].index)]
    runs = [(run_questions(index, gold.questions, c, k=args.k, catalogue=catalogue, show_progress=not args.quiet), facts)
            for c in configs]
    _evaluate(args, gold, catalogue, runs, "run")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    base = Config.from_env(show_progress=not args.quiet)
    gold, catalogue = _load(args, base)
    configs = select(args.configs)
    embedder = load_embedder(base.model)
    indexes: dict[str, SearchIndex] = {}
    runs = []
    for c in configs:
        if c.index_key not in indexes:
            indexes[c.index_key] = ensure_index(index_config(base, c, args.cache_dir), embedder)
        index = indexes[c.index_key]
        runs.append((run_questions(index, gold.questions, c, k=args.k, catalogue=catalogue,
                                   show_progress=not args.quiet), index_facts(index)))
    _evaluate(args, gold, catalogue, runs, "compare")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    config = Config.from_env(index_dir=args.index_dir, show_progress=not args.quiet)
    gold = load_gold(args.questions, args.qrels)
    index = _open_or_build(config, explicit=args.index_dir is not None)
    result = run_questions(index, gold.questions, RunConfig(args.mode, mode=args.mode), k=args.k,
                           show_progress=not args.quiet)
    answerable = [result.top_dense[q.qid] for q in gold.questions if q.answerable]
    unanswerable = [result.top_dense[q.qid] for q in gold.unanswerable()]
    choice = choose_threshold(answerable, unanswerable)
    model_id = index.embedder.model_id
    for name, scores in (("answerable", answerable), ("unanswerable", unanswerable)):
        d = Distribution.of(scores)
        print(f"{name:13s} n={d.n:3d}  min {d.minimum:.4f}  p10 {d.p10:.4f}  median {d.median:.4f}  "
              f"p90 {d.p90:.4f}  max {d.maximum:.4f}")
    print(f"可分性 separability (ROC AUC) {choice.auc:.3f}  (0.5 = the score cannot tell them apart)")
    print(f"阈值 threshold {choice.threshold:.4f}: accuracy {choice.accuracy:.3f} (leave-one-out {choice.loo_accuracy:.3f}), "
          f"balanced {choice.balanced_accuracy:.3f}, answerable kept {choice.answerable_kept:.3f}, "
          f"unanswerable caught {choice.unanswerable_caught:.3f}")
    args.out.mkdir(parents=True, exist_ok=True)
    detail = {"model_id": model_id, "mode": args.mode, "k": args.k, "choice": choice.to_json(),
              "scores": {q.qid: {"type": q.type, "top_dense": result.top_dense[q.qid]} for q in gold.questions}}
    (args.out / "calibration.json").write_text(json.dumps(detail, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _plot_scores(answerable, unanswerable, choice.threshold, args.out / "calibration.png")
    if args.dry_run:
        print("(--dry-run: 未写入阈值文件 threshold file not written)")
        return 0
    from datetime import date

    write_calibration(Calibration(model_id, choice.threshold, args.mode, len(answerable), len(unanswerable),
                                  choice.accuracy, date.today().isoformat()), args.threshold_file)
    print(f"已写入 written: {args.threshold_file} ({model_id})")
    return 0


def _plot_scores(answerable: list[float], unanswerable: list[float], threshold: float, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3.2))
    bins = 30
    ax.hist(answerable, bins=bins, alpha=0.6, label=f"answerable (n={len(answerable)})")
    ax.hist(unanswerable, bins=bins, alpha=0.6, label=f"unanswerable (n={len(unanswerable)})")
    ax.axvline(threshold, color="black", linestyle="--", label=f"threshold {threshold:.3f}")
    ax.set_xlabel("dense cosine of the top hit")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def cmd_export(args: argparse.Namespace) -> int:
    from eval.agreement import agreement
    from eval.judging import JudgingStore

    if not args.db.exists():
        raise ValueError(f"评审数据库不存在 ({args.db}); 请先在应用的评审页评分 (no judgements yet)")
    store = JudgingStore(args.db)
    qrels = store.to_qrels()
    write_qrels(qrels, args.out)
    known = {q.qid for q in read_questions(args.questions)} if args.questions.exists() else set()
    new = [Question(qid, text, JUDGED) for qid, text in store.questions().items() if qid not in known]
    sidecar = judged_questions_path(args.out)
    sidecar.write_text("".join(json.dumps(q.to_json(), ensure_ascii=False) + "\n" for q in new), encoding="utf-8")
    pairs = sum(len(v) for v in qrels.values())
    print(f"已导出 exported: {pairs} judged pairs for {len(qrels)} questions ({len(new)} not in the gold set) "
          f"→ {args.out}, {sidecar.name}")
    for a in agreement(store.assessments(latest=True)):
        kappa = "n/a" if a.kappa is None else f"{a.kappa:.3f}"
        print(f"一致性 agreement {a.judge_a} vs {a.judge_b}: {a.shared} shared pairs, agreed {a.agreed:.3f}, "
              f"Cohen's kappa {kappa}")
    return 0


# -- parser --------------------------------------------------------------------------------
def cmd_readme(args: argparse.Namespace) -> int:
    from eval.readme import fill_readme

    used = fill_readme()
    print(f"README.md 已更新 (updated) from eval/results/: {', '.join(used) or 'no generated blocks'}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """The evaluation's subcommands, registered under `hws eval` by cli/ (python -m eval is the same)."""
    from eval.judging import DB_PATH


    p = sub.add_parser("validate", help="检查金标准 check questions and qrels against the current chunking")
    _gold_args(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("run", help="评测 evaluate the index: table overall and by question type, TREC run files")
    _eval_args(p)
    p.add_argument("--index-dir", type=Path, help="索引目录 index folder (default: .index/ or $HWS_INDEX_DIR)")
    p.add_argument("--mode", default="hybrid", choices=(*MODES, "all"), help="检索方式 retrieval mode (default hybrid)")
    p.add_argument("--no-scope", action="store_true", help="不按问题中的城市/年份优先 (auto_scope=False)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("compare", help="对比配置 compare configurations with paired significance tests")
    _eval_args(p)
    p.add_argument("--configs", nargs="+", metavar="NAME",
                   help="只比较这些配置 only these configs: " + ", ".join(c.name for c in COMPARE_CONFIGS))
    p.add_argument("--cache-dir", type=Path, default=CACHE_DIR, help="对比用索引目录 where comparison indexes are built")
    p.set_defaults(func=cmd_compare)

    sub.add_parser("answers", help="直接答案评测 direct answers by split and type (python -m eval answers --help)")
    sub.add_parser("commitments", help="承诺抽取评测 commitments precision/recall and label usability "
                                       "(python -m eval commitments --help)")

    p = sub.add_parser("calibrate", help="选择无答案阈值 choose the no-answer threshold from the gold set")
    _gold_args(p)
    p.add_argument("--index-dir", type=Path, help="索引目录 index folder (default: .index/ or $HWS_INDEX_DIR)")
    p.add_argument("--mode", default="hybrid", choices=("hybrid", "dense"), help="retrieval mode (default hybrid)")
    p.add_argument("-k", "--k", type=_positive_int, default=10, help="hits per question (default 10)")
    p.add_argument("--out", type=Path, default=RESULTS_DIR, help="where calibration.json/.png go")
    p.add_argument("--threshold-file", type=Path, default=THRESHOLD_PATH, help="阈值文件 (default: index/data/no_answer.json)")
    p.add_argument("--dry-run", action="store_true", help="只显示, 不写入阈值文件 show, do not write")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser("readme", help="把评测结果表写入 README copy the result tables of run / answers into README.md")
    p.set_defaults(func=cmd_readme)

    p = sub.add_parser("export-qrels", help="导出评审 export judged passages to TREC qrels (+ their questions)")
    p.add_argument("--db", type=Path, default=DB_PATH, help="评审数据库 judgements database (default: eval/judgements.sqlite)")
    p.add_argument("--out", type=Path, default=JUDGED_QRELS, help="qrels file (default: eval/results/judged-qrels.txt)")
    p.add_argument("--questions", type=Path, default=QUESTIONS_PATH, help="gold questions (their ids are not re-exported)")
    p.set_defaults(func=cmd_export)
