"""Printing for people and JSON for programs, in one place: the output edge of the CLI."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from hws import Hit, HwsError

# C1 controls (U+0080–U+009F) stay raw in ensure_ascii=False JSON; some terminals obey them.
_C1_ESCAPES = {c: f"\\u{c:04x}" for c in range(0x80, 0xA0)}


def emit_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False).translate(_C1_ESCAPES))


def batch(answer: Callable[[str], object]) -> int:
    """One JSON value per input line; a bad line gets {"error": …} and the batch goes on.

    A line that is not UTF-8 is read with its bytes escaped, refused by the search, and echoed
    with U+FFFD in their place, so the output stays valid UTF-8 JSON."""
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="surrogateescape")
    for line in sys.stdin:
        query = line.rstrip("\n")
        try:
            emit_json(answer(query))
        except HwsError as exc:
            shown = query.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            emit_json({"error": str(exc), "query": shown})
        sys.stdout.flush()
    return 0


def print_hits(hits: list[Hit]) -> None:
    if not hits:
        print("没有找到相关段落 (no matching passages)")
    for hit in hits:
        c, m = hit.chunk, hit.meta
        print(f"{hit.rank}. {hit.citation}   [{hit.score:.4f}]")
        print(f"   {m.city or '-'} · {m.year or '-'} · {m.doc_type or '-'} · {m.source}:{c.start}-{c.end}")
        shown = "…".join(s.text for s in hit.highlight) or c.text[:120]
        print(f"   {shown}")
        if c.duties:
            print(f"   分工 duties: {c.duties}")
