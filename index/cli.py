"""`python -m index …`: build, inspect and search the index from the command line."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

from embed import ALIASES, EmbedderError

from .config import Config
from .errors import SearchError
from .search import MODES, Filters, SearchIndex, open_index

EPILOG = """示例 examples:
  python -m index build                      # 构建索引 (corpus/ → .index/)
  python -m index search "深圳2019年对家庭医生有什么安排?" -k 5
  python -m index search "托位数" --city 东莞 --json
  echo "家庭医生签约率" | python -m index search --stdin
  python -m index info
  python -m index add ~/下载/惠州2024.txt            # 添加文档并更新索引 add a document, rebuild
  python -m index remove 002_bdc7d27108e4aeeb       # 删除文档并更新索引 remove a document, rebuild
  python -m index commitments --query 床位 --kind target   # 量化承诺 quantified commitments
  python -m index ask "东莞2024年新增多少张医疗床位?"      # 直接答案 a direct answer with its source
  python -m index embed --engine ray --workers 2         # 分布式嵌入 embed on Ray (then: python -m index build)
"""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index-dir", type=Path, help="索引目录 index folder (default: .index/ in the repo, or $HWS_INDEX_DIR)")
    parser.add_argument("--model", help="嵌入模型 embedding model: " + "; ".join(f"{k} = {v}" for k, v in ALIASES.items())
                        + "; or a sentence-transformers hub id / local folder (default: bundled)")


def _question_args(parser: argparse.ArgumentParser, k_help: str) -> None:
    """What `search` and `ask` share: the question, how many passages, the retrieval mode."""
    _common(parser)
    parser.add_argument("query", nargs="?", help="问题 the question (omit with --stdin)")
    parser.add_argument("-k", type=int, default=10, help=f"{k_help} (default 10)")
    parser.add_argument("--mode", default="hybrid", choices=MODES, help="检索方式 retrieval mode (default hybrid)")


def _config(args: argparse.Namespace) -> Config:
    return Config.from_env(index_dir=args.index_dir, model=getattr(args, "model", None),
                           corpus_dir=getattr(args, "corpus", None),
                           show_progress=not getattr(args, "quiet", False))


# C1 controls (U+0080–U+009F) stay raw in ensure_ascii=False JSON; some terminals obey them.
_C1_ESCAPES = {c: f"\\u{c:04x}" for c in range(0x80, 0xA0)}


def _emit_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False).translate(_C1_ESCAPES))


# -- build / info --------------------------------------------------------------------------
def cmd_build(args: argparse.Namespace) -> int:
    from .build import is_current

    config = _config(args)
    if args.if_stale and is_current(config):
        print(f"索引已是最新 (index is up to date): {config.index_dir}")
        return 0
    return _build_and_report(config, args)


def _build_and_report(config: Config, args: argparse.Namespace) -> int:
    """Publish a new index version and print its summary; a running app follows it
    (index.live.LiveIndex) without a restart."""
    from .build import build_index

    report = build_index(config, index_type=args.index_type, lock_wait=args.wait)
    for warning in report.skipped:
        print(f"警告 warning: {warning}", file=sys.stderr)
    print(report.summary())
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Copy documents into the corpus folder, then rebuild (only their chunks are embedded)."""
    from .updates import add_documents

    config = _config(args)
    for path in add_documents(config.corpus_dir, [Path(p) for p in args.paths], replace=args.replace, name=args.name):
        print(f"已添加 added: {path}")
    return _rebuild_after_change(config, args)


def cmd_remove(args: argparse.Namespace) -> int:
    """Delete documents' files from the corpus folder, then rebuild."""
    from .updates import remove_documents

    config = _config(args)
    for path in remove_documents(config.corpus_dir, args.doc_ids):
        print(f"已删除 removed: {path}")
    return _rebuild_after_change(config, args)


def _rebuild_after_change(config: Config, args: argparse.Namespace) -> int:
    """Rebuild after add/remove; a failure says the corpus changed but the index did not."""
    try:
        return _build_and_report(config, args)
    except SearchError as exc:
        raise SearchError(f"{exc} (语料目录已更新, 索引未更新: 请稍后运行 python -m index build; "
                          "the corpus folder changed but the index was not rebuilt)") from exc


def cmd_info(args: argparse.Namespace) -> int:
    from . import store

    config = _config(args)
    folder = store.current_version(config.index_dir)
    manifest = store.read_manifest(folder)
    index = SearchIndex(folder, embedder=_NoModel(manifest)) if not args.check_model else open_index(config.index_dir)
    counts = index.chunk_counts()
    if args.json:
        _emit_json({"version": folder.name, "manifest": manifest,
                    "documents": [{**store.meta_to_json(m), "chunks": counts[m.doc_id]} for m in index.documents]})
        return 0
    print(f"索引 index: {folder}")
    for key in ("model_id", "dim", "index_type", "dense_params", "doc_count", "chunk_count", "chunk_size", "chunk_overlap",
                "build_time", "build_seconds", "corpus_fingerprint", "format_version"):
        print(f"  {key}: {manifest.get(key)}")
    print("文档 documents (* = 从文本推测 guessed from the text, not in corpus/manifest.csv):")
    for m in index.documents:
        def mark(name: str, value) -> str:
            return f"{value or '-'}{'*' if name in m.guessed else ''}"
        print(f"  {m.doc_id}  《{mark('title', m.title)}》 {mark('city', m.city)} {mark('year', m.year)} "
              f"{mark('doc_type', m.doc_type)} 发布 {mark('publisher', m.publisher)} {mark('published', m.published)} "
              f"段落 {counts[m.doc_id]}  {m.source}")
    for warning in manifest.get("skipped", []):
        print(f"  警告 warning: {warning}")
    return 0


class _NoModel:
    """Stands in for the embedder where only metadata is read (info must not need the model)."""

    def __init__(self, manifest: dict) -> None:
        self.model_id, self.dim = manifest.get("model_id"), manifest.get("dim")

    def encode_queries(self, texts):  # pragma: no cover - never called
        raise EmbedderError("info does not embed")

    encode_passages = encode_queries


# -- search --------------------------------------------------------------------------------
def _filters(args: argparse.Namespace) -> Filters:
    return Filters(cities=tuple(args.city or ()), years=tuple(args.year or ()), doc_types=tuple(args.doc_type or ()))


def _print_hits(hits) -> None:
    if not hits:
        print("没有找到相关段落 (no matching passages)")
    for hit in hits:
        c, m = hit.chunk, hit.meta
        print(f"{hit.rank}. {hit.citation}   [{hit.score:.4f}]")
        print(f"   {m.city or '-'} · {m.year or '-'} · {m.doc_type or '-'} · {m.source}:{c.start}-{c.end}")
        shown = "…".join(s.text for s in hit.highlight) or c.text[:120]
        print(f"   {shown}")


def cmd_search(args: argparse.Namespace) -> int:
    if not args.stdin and not args.query:
        raise SearchError("请给出问题, 或使用 --stdin 逐行读取 (give a question, or --stdin)")
    index = open_index(_config(args).index_dir, model=args.model)
    filters = _filters(args)
    threshold = _min_score(args, index)

    def run(query: str):
        from .confidence import has_clear_answer

        hits = index.search(query, k=args.k, mode=args.mode, filters=filters, auto_scope=not args.no_scope)
        return hits if threshold is None or has_clear_answer(hits, threshold) else []

    if args.stdin:
        return _batch(lambda q: [h.to_json() for h in run(q)])
    started = time.perf_counter()
    hits = run(args.query)
    if args.json:
        _emit_json([h.to_json() for h in hits])
    elif threshold is not None and not hits:
        from .confidence import NO_ANSWER_MESSAGE

        print(f"{NO_ANSWER_MESSAGE}: 最佳段落的语义相似度低于 {threshold:.3f} (top dense score below --min-score)")
    else:
        _print_hits(hits)
        print(f"({(time.perf_counter() - started) * 1000:.0f} ms, {args.mode})", file=sys.stderr)
    return 0


def _min_score(args: argparse.Namespace, index: SearchIndex) -> float | None:
    """The no-answer threshold asked for with --min-score (a number, or `auto` = the calibrated one)."""
    if args.min_score is None:
        return None
    if args.mode == "lexical":
        raise SearchError("--min-score 需要 hybrid 或 dense 模式 (lexical hits carry no dense score)")
    if args.min_score != "auto":
        return float(args.min_score)
    from .confidence import no_answer_threshold

    threshold = no_answer_threshold(index.embedder.model_id)
    if threshold is None:
        raise SearchError(f"模型 {index.embedder.model_id} 没有校准过的阈值; 请运行 python -m eval calibrate, "
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


def _batch(answer: Callable[[str], object]) -> int:
    """One JSON value per input line; a bad line gets {"error": …} and the batch goes on.

    A line that is not UTF-8 is read with its bytes escaped, refused by the search, and echoed
    with U+FFFD in their place, so the output stays valid UTF-8 JSON."""
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="surrogateescape")
    for line in sys.stdin:
        query = line.rstrip("\n")
        try:
            _emit_json(answer(query))
        except SearchError as exc:
            shown = query.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            _emit_json({"error": str(exc), "query": shown})
        sys.stdout.flush()
    return 0


def cmd_sections(args: argparse.Namespace) -> int:
    """List the sections and chunks a document is cut into (for curators and gold-set writers)."""
    from .chunking import chunk_sections
    from .corpus import load_document
    from .sections import parse_sections

    config = _config(args)
    path = Path(args.path).resolve()
    corpus_dir = config.corpus_dir.resolve()
    corpus_dir = corpus_dir if path.is_relative_to(corpus_dir) else path.parent
    doc = load_document(path, corpus_dir)
    sections = parse_sections(doc)
    chunks = chunk_sections(doc, sections, config.chunk_size, config.chunk_overlap)
    if args.json:
        _emit_json([{"section_id": c.section_id, "breadcrumb": c.breadcrumb, "start": c.start, "end": c.end,
                     "text": c.text} for c in chunks])
        return 0
    per_section: dict[str, int] = {}
    for c in chunks:
        per_section[c.section_id] = per_section.get(c.section_id, 0) + 1
    for s in sections:
        print(f"{s.section_id}\t{per_section.get(s.section_id, 0)} chunk(s)\t{s.breadcrumb}")
    return 0


# -- commitments ---------------------------------------------------------------------------
def cmd_commitments(args: argparse.Namespace) -> int:
    """Quantified commitments (targets and results) of the indexed documents, filtered and searched."""
    from embed import VectorCache

    from . import store
    from .commitments import KIND_LABELS, IndicatorSearch, extract_commitments, filter_commitments, to_csv
    from .search import clean_query

    config = _config(args)
    query = clean_query(args.query) if args.query is not None else None
    if query:  # only a query needs the model
        index = open_index(config.index_dir, model=args.model)
    else:
        folder = store.current_version(config.index_dir)
        index = SearchIndex(folder, embedder=_NoModel(store.read_manifest(folder)))
    everything = extract_commitments(index)
    found = filter_commitments(everything, cities=args.city or (), years=args.year or (),
                               kinds=(args.kind,) if args.kind else ())
    scores = None
    if query:  # scored against all indicators, so filters do not change what matches
        cache = VectorCache(config.cache_dir / "vectors.sqlite")
        hits = IndicatorSearch(everything, index.embedder, cache).search(query)
        allowed = {c.key for c in found}
        found = [c for c, _ in hits if c.key in allowed]
        scores = {c.key: s for c, s in hits}
    if args.json:
        _emit_json([{**c.to_json(), **({"score": round(scores[c.key], 4)} if scores else {})} for c in found])
    elif args.csv:
        sys.stdout.write(to_csv(found, scores))
    else:
        for c in found:
            shown = f"{c.number_text}{'' if c.number_text.endswith(('%', '‰')) else c.unit}"
            date = f" ({c.target_date})" if c.target_date else ""
            print(f"{c.city or '-'} {c.year or '-'} {KIND_LABELS[c.kind].split()[0]}  {c.indicator or '?'}  "
                  f"{c.comparator or '-'} {shown}{date}")
            print(f"   {c.text}")
            print(f"   {c.citation}  {c.source}:{c.start}-{c.end}")
        targets = sum(c.kind == "target" for c in found)
        print(f"共 {len(found)} 条 (目标 targets {targets}, 成果 results {len(found) - targets})", file=sys.stderr)
    return 0


# -- ask -----------------------------------------------------------------------------------
def cmd_ask(args: argparse.Namespace) -> int:
    """A direct answer: the short answer, its evidence sentence and citation (the answer/ package)."""
    from embed import VectorCache

    from answer import answer_question
    from answer.generate import GenerationError, generate_answer, llm_config

    if not args.stdin and not args.query:
        raise SearchError("请给出问题, 或使用 --stdin 逐行读取 (give a question, or --stdin)")
    llm = llm_config() if args.generate else None
    if args.generate and llm is None:
        raise SearchError("--generate 需要生成服务: 请设置 HWS_LLM_BASE_URL (及 HWS_LLM_MODEL) "
                          "(set HWS_LLM_BASE_URL to an OpenAI-compatible endpoint)")
    config = _config(args)
    index = open_index(config.index_dir, model=args.model)
    cache = VectorCache(config.cache_dir / "vectors.sqlite")

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
        return _batch(run)
    data = run(args.query)
    if args.json:
        _emit_json(data)
    else:
        _print_answer(data)
    return 0


def _print_answer(data: dict) -> None:
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
    print(f"答案 answer: {data['answer']}")
    if data["answer"] != data["evidence"]:
        print(f"依据 evidence: {data['evidence']}")
    print(f"出处 citation: {cite(data)}")
    if data["rows"]:
        print("各地 by city and year:")
        for row in data["rows"]:
            print(f"  {row['city'] or '-'} {row['year'] or '-'}  {row['answer']}")
            print(f"     {cite(row)}")


# -- embed ---------------------------------------------------------------------------------
def cmd_embed(args: argparse.Namespace) -> int:
    """Embed the chunks the vector cache lacks (on Ray or in this process); `build` then embeds nothing."""
    from .embed_job import run_embed_job

    report = run_embed_job(_config(args), engine=args.engine, address=args.address, workers=args.workers,
                           device=args.device, batch_tokens=args.batch_tokens, lexical=args.lexical)
    for warning in report.warnings:
        print(f"警告 warning: {warning}", file=sys.stderr)
    print(report.summary())
    return 0


def _add_embed_parser(sub) -> None:
    from embed.device import DEVICES

    from .embed_job import ENGINES

    p = sub.add_parser("embed", help="嵌入 embed the chunks the vector cache lacks, on Ray or in this process "
                                     "(then python -m index build embeds nothing)")
    _common(p)
    p.add_argument("--corpus", type=Path, help="语料目录 corpus folder (default: corpus/)")
    p.add_argument("--engine", default="ray", choices=ENGINES,
                   help="ray = Ray Data 工作进程池 actor pool; local = 本进程 this process (default ray)")
    p.add_argument("--address", help="Ray 集群地址 cluster address (e.g. HEAD:6379 or auto); "
                                     "默认在本机启动 default: start a local Ray")
    p.add_argument("--workers", type=int, help="工作进程数 actors, one model each (default: one per CPU, or GPU)")
    p.add_argument("--device", default="auto", metavar="|".join(DEVICES) + "|cuda:N",
                   help="sentence-transformers 模型的设备 device (default auto: cuda when torch sees one; "
                        "the bundled and hashing models run on the CPU)")
    p.add_argument("--batch-tokens", type=int, help="每批的 token 数 padded tokens per batch (default by device)")
    p.add_argument("--lexical", action="store_true",
                   help="同时为 BM25 分词 also tokenise the chunks (jieba) on the workers; index build then reuses them")
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度条 no progress bars")
    p.set_defaults(func=cmd_embed)


# -- parser --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m index", description="卫生健康工作要点语义检索 — semantic search over Chinese health work plans",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="构建或更新索引 build or update the index from the corpus folder")
    _common(p)
    p.add_argument("--corpus", type=Path, help="语料目录 corpus folder (default: corpus/)")
    p.add_argument("--index-type", default="auto", choices=["auto", "flat", "hnsw", "ivf", "ivfpq"],
                   help="FAISS index type (default: auto, by corpus size)")
    p.add_argument("--wait", type=float, default=0.0, help="等待另一个构建结束的秒数 seconds to wait for a running build")
    p.add_argument("--if-stale", action="store_true",
                   help="仅当语料或设置变化时构建 build only when the corpus or settings changed")
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度条 no progress bars")
    p.set_defaults(func=cmd_build)

    for name, helptext in (("add", "添加文档并更新索引 copy documents into the corpus folder and rebuild"),
                           ("remove", "删除文档并更新索引 delete documents from the corpus folder and rebuild")):
        p = sub.add_parser(name, help=helptext)
        _common(p)
        if name == "add":
            p.add_argument("paths", nargs="+", metavar="PATH", help="文档文件 document files (.txt .html .pdf .docx)")
            p.add_argument("--replace", action="store_true", help="覆盖同名文件 overwrite a document of the same name")
            p.add_argument("--name", help="在语料目录中的文件名 name inside the corpus folder, e.g. 广东/深圳2020.txt "
                                          "(one PATH only)")
        else:
            p.add_argument("doc_ids", nargs="+", metavar="DOC_ID", help="文档编号 document ids, as python -m index info lists them")
        p.add_argument("--corpus", type=Path, help="语料目录 corpus folder (default: corpus/)")
        p.add_argument("--index-type", default="auto", choices=["auto", "flat", "hnsw", "ivf", "ivfpq"],
                       help="FAISS index type (default: auto, by corpus size)")
        p.add_argument("--wait", type=float, default=0.0, help="等待另一个构建结束的秒数 seconds to wait for a running build")
        p.add_argument("-q", "--quiet", action="store_true", help="不显示进度条 no progress bars")
        p.set_defaults(func=cmd_add if name == "add" else cmd_remove)

    p = sub.add_parser("info", help="索引信息 describe the index: model, build time, documents, guessed metadata")
    _common(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--check-model", action="store_true", help="also load the model and check it matches the index")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("search", help="检索 search: print the passages that answer a question, with citations")
    _question_args(p, k_help="结果数 number of results")
    p.add_argument("--city", action="append", help="只看该城市 filter by city (repeatable)")
    p.add_argument("--year", action="append", type=int, help="只看该年份 filter by year (repeatable)")
    p.add_argument("--doc-type", action="append", help="只看该文档类型 filter by document type (repeatable)")
    p.add_argument("--no-scope", action="store_true",
                   help="不按问题中的城市/年份优先排序 do not rank documents of cities/years named in the question first")
    p.add_argument("--json", action="store_true", help="输出 JSON 数组 print one JSON array of hits")
    p.add_argument("--stdin", action="store_true", help="批量: 每行一个问题, 每行输出一个 JSON 数组 (batch mode)")
    p.add_argument("--min-score", type=_score_arg, metavar="X|auto",
                   help="无答案阈值: 最佳段落语义相似度低于 X 时显示 未找到明确答案 (JSON: []); auto = 校准值 "
                        "(no-answer threshold on the top hit's dense cosine; auto = python -m eval calibrate's)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="问答 answer: a short answer (1000张) with its evidence sentence and citation")
    _question_args(p, k_help="检索段落数 passages retrieved")
    p.add_argument("--json", action="store_true",
                   help="输出 JSON: answer, evidence, source, start, end, citation, generated, rows, …")
    p.add_argument("--stdin", action="store_true", help="批量: 每行一个问题, 每行输出一个 JSON 对象 (batch mode)")
    p.add_argument("--generate", action="store_true",
                   help="由语言模型生成答案 (需设置 HWS_LLM_BASE_URL; 默认关闭) write the answer with an "
                        "OpenAI-compatible chat endpoint; numbers are checked against the cited passages")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("sections", help="显示文档的章节切分 show how a document is cut into sections and chunks")
    _common(p)
    p.add_argument("path", help="文档路径 path of a document file")
    p.add_argument("--json", action="store_true", help="print the chunks as JSON")
    p.set_defaults(func=cmd_sections)

    p = sub.add_parser("commitments", help="承诺/目标 list quantified targets and results (新增病床3500张, 签约率达47%%以上)")
    _common(p)
    p.add_argument("--city", action="append", help="只看该城市 filter by city (repeatable)")
    p.add_argument("--year", action="append", type=int, help="只看该年份 filter by year (repeatable)")
    p.add_argument("--kind", choices=["target", "result"], help="目标或成果 only targets or only reported results")
    p.add_argument("--query", help="指标检索 match indicators by text and meaning (病床 also finds 床位)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="输出 JSON 数组 print one JSON array of records")
    out.add_argument("--csv", action="store_true", help="输出 CSV print CSV with a header row")
    p.set_defaults(func=cmd_commitments)
    _add_embed_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (SearchError, EmbedderError) as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断 interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(f"错误 error: 无法读写 {exc.filename or ''} ({exc.strerror or exc}); 请检查路径和权限 (check the path)",
              file=sys.stderr)
        return 2
