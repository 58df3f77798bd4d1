"""The commitments command: quantified targets and results, filtered, searched, exported."""
from __future__ import annotations

import argparse
import sys

from cli.options import add_index_options, config_from
from cli.output import emit_json
from hws import (
    KIND_LABELS,
    IndexContents,
    IndicatorSearch,
    VectorCache,
    clean_query,
    extract_commitments,
    filter_commitments,
    open_index,
    to_csv,
)


def cmd_commitments(args: argparse.Namespace) -> int:
    """Quantified commitments (targets and results) of the indexed documents, filtered and searched."""
    config = config_from(args)
    query = clean_query(args.query) if args.query is not None else None
    searchable = open_index(config.index_dir, model=args.model) if query else None  # only a query needs the model
    index = searchable or IndexContents.open_current(config.index_dir)
    everything = extract_commitments(index)
    found = filter_commitments(everything, cities=args.city or (), years=args.year or (),
                               kinds=(args.kind,) if args.kind else ())
    scores = None
    if query and searchable is not None:  # scored against all indicators, so filters do not change what matches
        cache = VectorCache(config.vector_cache_path)
        hits = IndicatorSearch(everything, searchable.embedder, cache).search(query)
        allowed = {c.key for c in found}
        found = [c for c, _ in hits if c.key in allowed]
        scores = {c.key: s for c, s in hits}
    if args.json:
        emit_json([{**c.to_json(), **({"score": round(scores[c.key], 4)} if scores else {})} for c in found])
    elif args.csv:
        sys.stdout.write(to_csv(found, scores, bom=True))  # Excel needs the BOM
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


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("commitments", help="承诺/目标 list quantified targets and results (新增病床3500张, 签约率达47%%以上)")
    add_index_options(p)
    p.add_argument("--city", action="append", help="只看该城市 filter by city (repeatable)")
    p.add_argument("--year", action="append", type=int, help="只看该年份 filter by year (repeatable)")
    p.add_argument("--kind", choices=["target", "result"], help="目标或成果 only targets or only reported results")
    p.add_argument("--query", help="指标检索 match indicators by text and meaning (病床 also finds 床位)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="输出 JSON 数组 print one JSON array of records")
    out.add_argument("--csv", action="store_true", help="输出 CSV (UTF-8 with BOM, opens in Excel) print CSV with a header row")
    p.set_defaults(func=cmd_commitments)
