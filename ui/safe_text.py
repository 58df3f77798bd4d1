"""Untrusted text (documents, questions) into safe markup: escaped HTML with marked ranges, escaped Markdown.

Document text and questions are user input. HTML is built only from `html.escape`d pieces plus
tags written here; Markdown characters are neutralised too, so a `[x](javascript:…)` link, a
`$…$` formula or a `:red[…]` directive in a document shows as the characters it is.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

# ASCII punctuation that Markdown (CommonMark + Streamlit's extensions: $ math, :directives:)
# may interpret; every one of them may be backslash-escaped in CommonMark.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=])")
# HTML's own specials, then Markdown's, as numeric entities: one table, applied in one pass.
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_[]()#+-!|~$:{}"}


def escape_markdown(text: str) -> str:
    """Text shown literally by st.markdown / st.info / st.caption, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def escape_html(text: str) -> str:
    """Text as HTML character data that no Markdown pass can reinterpret either."""
    return text.translate(_ENTITIES)


@dataclass(frozen=True)
class Mark:
    """A range [start, end) of the text to wrap in <mark class=…>; offsets relative to the text."""

    start: int
    end: int
    css_class: str
    element_id: str = ""


@dataclass(frozen=True)
class Anchor:
    """An empty, linkable <span id=…> placed before the character at `at`."""

    at: int
    element_id: str


def marked_html(text: str, marks: Sequence[Mark] = (), anchors: Sequence[Anchor] = ()) -> str:
    """`text` escaped, with marks and anchors inserted as tags.

    Marks are clipped to the text and never nest: a mark starting inside an earlier one starts
    where that one ends (spans may overlap, tags may not)."""
    n = len(text)
    clean: list[Mark] = []
    cursor = 0
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        start, end = max(mark.start, cursor, 0), min(mark.end, n)
        if start < end:
            clean.append(Mark(start, end, mark.css_class, mark.element_id))
            cursor = end
    events: list[tuple[int, int, str]] = []  # (offset, order, tag): closes before anchors before opens
    for mark in clean:
        ident = f' id="{html.escape(mark.element_id, quote=True)}"' if mark.element_id else ""
        events.append((mark.start, 2, f'<mark class="{html.escape(mark.css_class, quote=True)}"{ident}>'))
        events.append((mark.end, 0, "</mark>"))
    for anchor in anchors:
        at = min(max(anchor.at, 0), n)
        events.append((at, 1, f'<span class="hws-anchor" id="{html.escape(anchor.element_id, quote=True)}"></span>'))
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[str] = []
    position = 0
    for at, _, tag in events:
        out.append(escape_html(text[position:at]))
        out.append(tag)
        position = at
    out.append(escape_html(text[position:]))
    return "".join(out)
