"""Commands that build and inspect the index: build, add, remove, info, sections."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.options import add_build_options, add_index_options, config_from
from cli.output import emit_json
from hws import (
    Config,
    DocumentMeta,
    HwsError,
    IndexContents,
    build_index,
    chunk_sections,
    is_current,
    load_document,
    meta_to_json,
    open_index,
    parse_sections,
    remove_documents,
    staged_add,
)


def cmd_build(args: argparse.Namespace) -> int:
    config = config_from(args)
    if args.if_stale and is_current(config):
        print(f"索引已是最新 (index is up to date): {config.index_dir}")
        return 0
    return _build_and_report(config, args)


def _build_and_report(config: Config, args: argparse.Namespace) -> int:
    """Publish a new index version and print its summary; a running app follows it
    (index.live.LiveIndex) without a restart."""
    report = build_index(config, index_type=args.index_type, lock_wait=args.wait)
    for warning in report.skipped:
        print(f"警告 warning: {warning}", file=sys.stderr)
    print(report.summary())
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Copy documents into the corpus folder, then rebuild (only their chunks are embedded)."""
    config = config_from(args)
    # The files stay in the corpus only once the index that includes them is published: an
    # interrupted or failed build takes them out again (Ctrl-C leaves nothing behind).
    with staged_add(config.corpus_dir, [Path(p) for p in args.paths], replace=args.replace, name=args.name,
                    max_bytes=config.max_file_bytes) as added:
        for path in added:
            print(f"正在添加 adding: {path}")
        try:
            code = _build_and_report(config, args)
        except HwsError as exc:
            raise HwsError(f"{exc} (文件未添加, 语料目录未改变; nothing was added)") from exc
        if code != 0:
            raise HwsError("索引未更新, 文件未添加 (the index was not rebuilt; nothing was added)")
    for path in added:
        print(f"已添加 added: {path}")
    return code


def cmd_remove(args: argparse.Namespace) -> int:
    """Delete documents' files from the corpus folder, then rebuild."""
    config = config_from(args)
    for path in remove_documents(config.corpus_dir, args.doc_ids):
        print(f"已删除 removed: {path}")
    return _rebuild_after_change(config, args)


def _rebuild_after_change(config: Config, args: argparse.Namespace) -> int:
    """Rebuild after add/remove; a failure says the corpus changed but the index did not."""
    try:
        return _build_and_report(config, args)
    except HwsError as exc:
        raise HwsError(f"{exc} (语料目录已更新, 索引未更新: 请稍后运行 python -m index build; "
                          "the corpus folder changed but the index was not rebuilt)") from exc


def cmd_info(args: argparse.Namespace) -> int:
    config = config_from(args)
    index = IndexContents.open_current(config.index_dir) if not args.check_model else open_index(config.index_dir)
    manifest, folder = index.manifest, index.folder
    counts = index.chunk_counts()
    if args.json:
        emit_json({"version": folder.name, "manifest": manifest.to_json(),
                    "documents": [{**meta_to_json(m), "chunks": counts[m.doc_id]} for m in index.documents]})
        return 0
    print(f"索引 index: {folder}")
    for key in ("model_id", "dim", "index_type", "dense_params", "doc_count", "chunk_count", "chunk_size", "chunk_overlap",
                "build_time", "build_seconds", "corpus_fingerprint", "format_version"):
        print(f"  {key}: {getattr(manifest, key)}")
    print("文档 documents (* = 从文本推测 guessed from the text, not in corpus/manifest.csv):")
    for m in index.documents:
        def mark(name: str, value: object, m: DocumentMeta = m) -> str:
            return f"{value or '-'}{'*' if name in m.guessed else ''}"
        place = "/".join(x for x in (m.province, m.city, m.county) if x)  # at every level it is known
        print(f"  {m.doc_id}  《{mark('title', m.title)}》 {mark('city', place)} {mark('year', m.year)} "
              f"{mark('doc_type', m.doc_type)} 发布 {mark('publisher', m.publisher)} {mark('published', m.published)} "
              f"段落 {counts[m.doc_id]}  {m.source}")
    for warning in manifest.skipped:
        print(f"  警告 warning: {warning}")
    return 0


def cmd_sections(args: argparse.Namespace) -> int:
    """List the sections and chunks a document is cut into (for curators and gold-set writers)."""
    config = config_from(args)
    path = Path(args.path).resolve()
    corpus_dir = config.corpus_dir.resolve()
    corpus_dir = corpus_dir if path.is_relative_to(corpus_dir) else path.parent
    doc = load_document(path, corpus_dir)
    sections = parse_sections(doc)
    chunks = chunk_sections(doc, sections, config.chunk_size, config.chunk_overlap)
    if args.json:
        emit_json([{"section_id": c.section_id, "breadcrumb": c.breadcrumb, "start": c.start, "end": c.end,
                     "text": c.text} for c in chunks])
        return 0
    per_section: dict[str, int] = {}
    for c in chunks:
        per_section[c.section_id] = per_section.get(c.section_id, 0) + 1
    for s in sections:
        print(f"{s.section_id}\t{per_section.get(s.section_id, 0)} chunk(s)\t{s.breadcrumb}")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="构建或更新索引 build or update the index from the corpus folder")
    add_index_options(p)
    add_build_options(p)
    p.add_argument("--if-stale", action="store_true",
                   help="仅当语料或设置变化时构建 build only when the corpus or settings changed")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("add", help="添加文档并更新索引 copy documents into the corpus folder and rebuild")
    add_index_options(p)
    p.add_argument("paths", nargs="+", metavar="PATH", help="文档文件 document files (.txt .html .pdf .docx)")
    p.add_argument("--replace", action="store_true", help="覆盖同名文件 overwrite a document of the same name")
    p.add_argument("--name", help="在语料目录中的文件名 name inside the corpus folder, e.g. 广东/深圳2020.txt (one PATH only)")
    add_build_options(p)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("remove", help="删除文档并更新索引 delete documents from the corpus folder and rebuild")
    add_index_options(p)
    p.add_argument("doc_ids", nargs="+", metavar="DOC_ID", help="文档编号 document ids, as the info command lists them")
    add_build_options(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("info", help="索引信息 describe the index: model, build time, documents, guessed metadata")
    add_index_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--check-model", action="store_true", help="also load the model and check it matches the index")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("sections", help="显示文档的章节切分 show how a document is cut into sections and chunks")
    add_index_options(p)
    p.add_argument("path", help="文档路径 path of a document file")
    p.add_argument("--json", action="store_true", help="print the chunks as JSON")
    p.set_defaults(func=cmd_sections)
