"""Commands that answer questions: search (cited passages) and ask (a short answer with its evidence)."""
from __future__ import annotations

import argparse
import sys
import time

from cli.options import add_filter_options, add_question_options, config_from, filters_from
from cli.output import batch, emit_json, print_hits
from hws import (
    NO_ANSWER_MESSAGE,
    GenerationError,
    HwsError,
    SearchIndex,
    VectorCache,
    answer_question,
    generate_answer,
    has_clear_answer,
    judge_search,
    llm_config,
    no_answer_threshold,
    open_index,
)


def cmd_search(args: argparse.Namespace) -> int:
    if not args.stdin and not args.query:
        raise HwsError("请给出问题, 或使用 --stdin 逐行读取 (give a question, or --stdin)")
    index = open_index(config_from(args).index_dir, model=args.model)
    filters = filters_from(args)
    threshold = None if args.min_score == "auto" else _min_score(args, index)

    judged = args.min_score == "auto"  # the evidence judgement of `ask`, not a cosine
    cache = VectorCache(config_from(args).cache_dir / "vectors.sqlite") if judged else None
    reason = ""

    def run(query: str):
        nonlocal reason
        hits = index.search(query, k=args.k, mode=args.mode, filters=filters, auto_scope=not args.no_scope)
        if judged:
            judgement = judge_search(index, query, hits, cache)
            reason = judgement.message
            return hits if judgement.found else []
        return hits if threshold is None or has_clear_answer(hits, threshold) else []

    if args.stdin:
        return batch(lambda q: [h.to_json() for h in run(q)])
    started = time.perf_counter()
    hits = run(args.query)
    if args.json:
        emit_json([h.to_json() for h in hits])
    elif judged and not hits:
        print(reason or NO_ANSWER_MESSAGE)
    elif threshold is not None and not hits:
        print(f"{NO_ANSWER_MESSAGE}: 最佳段落的语义相似度低于 {threshold:.3f} (top dense score below --min-score)")
    else:
        print_hits(hits)
        print(f"({(time.perf_counter() - started) * 1000:.0f} ms, {args.mode})", file=sys.stderr)
    return 0


def _min_score(args: argparse.Namespace, index: SearchIndex) -> float | None:
    """The no-answer threshold asked for with --min-score (a number, or `auto` = the calibrated one)."""
    if args.min_score is None:
        return None
    if args.mode == "lexical":
        raise HwsError("--min-score 需要 hybrid 或 dense 模式 (lexical hits carry no dense score)")
    if args.min_score != "auto":
        return float(args.min_score)
    threshold = no_answer_threshold(index.embedder.model_id)
    if threshold is None:
        raise HwsError(f"模型 {index.embedder.model_id} 没有校准过的阈值; 请运行 python -m eval calibrate, "
                          "或给出数值 --min-score 0.85 (no calibrated threshold for this model)")
    return threshold


def _score_arg(text: str) -> str:
    """argparse type of --min-score: `auto` or a number in [-1, 1] (a cosine)."""
    if text == "auto":
        return text
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为数值或 auto (expected a number or auto), got {text!r}") from None
    if not -1.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"应在 -1 到 1 之间 (a cosine lies in [-1, 1]), got {value}")
    return text


def cmd_ask(args: argparse.Namespace) -> int:
    """A direct answer: the short answer, its evidence sentence and citation (the answer/ package)."""
    if not args.stdin and not args.query:
        raise HwsError("请给出问题, 或使用 --stdin 逐行读取 (give a question, or --stdin)")
    llm = llm_config() if args.generate else None
    if args.generate and llm is None:
        raise HwsError("--generate 需要生成服务: 请设置 HWS_LLM_BASE_URL (及 HWS_LLM_MODEL) "
                          "(set HWS_LLM_BASE_URL to an OpenAI-compatible endpoint)")
    config = config_from(args)
    index = open_index(config.index_dir, model=args.model)
    cache = VectorCache(config.vector_cache_path)

    def run(query: str) -> dict:
        hits = index.search(query, k=args.k, mode=args.mode)
        found = answer_question(index, query, hits, cache)
        data = found.to_json()
        if llm is not None:
            try:
                generated = generate_answer(query, hits, llm)
            except GenerationError as exc:
                print(f"警告 warning: {exc}; 仅显示抽取式答案 (showing the extractive answer)", file=sys.stderr)
                data["generation_error"] = str(exc)
            else:
                data = {**generated.to_json(), "extractive": data}
        return data

    if args.stdin:
        return batch(run)
    data = run(args.query)
    if args.json:
        emit_json(data)
    else:
        _print_answer(data)
    return 0


def _print_answer(data: dict) -> None:
    """A person's view of `ask --json`'s object (the same fields, so the two never disagree)."""
    def cite(item: dict) -> str:
        return f"{item['citation']}  ({item['source']}:{item['start']}-{item['end']})"

    extractive = data.get("extractive")
    if data["generated"]:
        print("生成的答案 generated answer (由语言模型生成, 请核对出处 LLM-written, check the sources):")
        print(f"  {data['answer'] or '未找到明确答案'}")
        for item in data["cited"]:
            print(f"  [{item['n']}] {cite(item)}")
        for sentence in data["sentences"]:
            if not sentence["supported"]:
                print(f"  已略去 dropped: {sentence['text']} (原文中没有 not in the cited passages: "
                      f"{', '.join(sentence['unsupported_numbers'])})")
        if extractive:
            print("\n抽取式答案 extractive answer:")
            data = extractive
    if not data["found"]:
        print(f"{data['message']}: {data.get('note', '')}")
        if data["passages"]:
            print("最相关的段落 best passages:")
            for item in data["passages"][:3]:
                print(f"  {item['rank']}. {cite(item)}")
        return
    low = data.get("confidence") == "low"
    if low and data.get("alternatives"):
        print(f"可能的答案 possible answers (置信度低 confidence low, 请核对原文 check each clause): {data.get('note', '')}")
        for n, alt in enumerate(data["alternatives"], 1):
            print(f"  {n}. {alt['answer']}")
            print(f"     依据 evidence: {alt['evidence']}")
            print(f"     出处 citation: {cite(alt)}")
        return
    print(f"答案 answer: {data['answer']}  (置信度 confidence: {data.get('confidence', 'high')})")
    if data["answer"] != data["evidence"]:
        print(f"依据 evidence: {data['evidence']}")
    print(f"出处 citation: {cite(data)}")
    if data["rows"]:
        print("各地 by city and year:")
        for row in data["rows"]:
            print(f"  {row['city'] or '-'} {row['year'] or '-'}  {row['answer']}")
            print(f"     {cite(row)}")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="检索 search: print the passages that answer a question, with citations")
    add_question_options(p, k_help="结果数 number of results")
    add_filter_options(p)
    p.add_argument("--doc-type", action="append", help="只看该文档类型 filter by document type (repeatable)")
    p.add_argument("--no-scope", action="store_true",
                   help="不按问题中的城市/年份优先排序 do not rank documents of cities/years named in the question first")
    p.add_argument("--json", action="store_true", help="输出 JSON 数组 print one JSON array of hits")
    p.add_argument("--stdin", action="store_true", help="批量: 每行一个问题, 每行输出一个 JSON 数组 (batch mode)")
    p.add_argument("--min-score", type=_score_arg, metavar="X|auto",
                   help="无答案判断: auto = 与 ask 相同的依据判断 (段落没有写到问题所问的词时显示 未找到明确答案 并说明缺少哪个词, "
                        "JSON: []); X = 最佳段落语义相似度阈值 (auto: the evidence judgement of ask, naming the "
                        "absent term; X: a threshold on the top hit's dense cosine)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="问答 answer: a short answer (1000张) with its evidence sentence and citation")
    add_question_options(p, k_help="检索段落数 passages retrieved")
    p.add_argument("--json", action="store_true",
                   help="输出 JSON: answer, evidence, source, start, end, citation, confidence, alternatives, rows, …")
    p.add_argument("--stdin", action="store_true", help="批量: 每行一个问题, 每行输出一个 JSON 对象 (batch mode)")
    p.add_argument("--generate", action="store_true",
                   help="由语言模型生成答案 (需设置 HWS_LLM_BASE_URL; 默认关闭) write the answer with an "
                        "OpenAI-compatible chat endpoint; numbers are checked against the cited passages")
    p.set_defaults(func=cmd_ask)
