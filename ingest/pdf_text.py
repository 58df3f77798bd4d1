"""The text layer of a PDF as the document's lines: page numbers dropped, hard line wraps undone.

A PDF stores where each glyph goes, not paragraphs: pypdf gives one line per printed line, so a
paragraph set across five lines arrives as five lines. Left that way, every wrap would split
sentences for the chunker and the highlighter, and a wrapped line could start with a number
that reads like a heading. A printed line that runs to the right margin (within a few
characters of the widest line) and does not end a sentence is joined to the next one, unless that
one starts like a numbered heading. A paragraph wrapped right after a 。 stays two lines: without
glyph positions that cannot be told from a paragraph ending near the margin, and a wrongly
joined heading would cost a section, a wrongly kept break only a line.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

from core.errors import DocumentReadError

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－~]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[\s\-—–－~]*$")
_SENTENCE_END = tuple("。！？；：!?;:”’」』）)")
# What a numbered heading starts with (一、 （一） 1. （1） 第一章): a line starting so is never
# joined to the one before, even when that one ran to the margin.
_HEADING_START = re.compile(r"^[ \t\u3000]*(第\s*[一二三四五六七八九十百零〇两\d]+\s*[章节条]|[一二三四五六七八九十百零〇两]+\s*、"
                            r"|[（(]\s*[一二三四五六七八九十百零〇两\d]{1,4}\s*[）)]|\d{1,3}\s*[.．、])")
_FULL_LINE = 0.9  # a line this close to the widest one ran to the margin
_MIN_FULL_LINES = 3  # fewer full lines than this: not a wrapped text block, leave lines alone


def display_width(line: str) -> int:
    """Printed width in half-width cells: CJK and full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line.rstrip())


def drop_page_numbers(lines: list[str]) -> list[str]:
    """Remove a page-number line ("- 3 -", "第 3 页 共 10 页", "3/10") at the top or bottom of a page."""
    kept = list(lines)
    for at in (-1, 0):
        filled = [i for i, line in enumerate(kept) if line.strip()]
        if filled and _PAGE_NUMBER.match(kept[filled[at]]):
            del kept[filled[at]]
    return kept


def unwrap(lines: list[str]) -> list[str]:
    """Join each line that ran to the margin without ending a sentence to the line after it."""
    widths = [display_width(line) for line in lines]
    widest = max(widths, default=0)
    full = [w >= _FULL_LINE * widest and w > 0 for w in widths]
    if sum(full) < _MIN_FULL_LINES:
        return list(lines)
    joined: list[str] = []
    carry = False
    for line, is_full in zip(lines, full):
        if carry and line.strip() and not _HEADING_START.match(line):
            previous = joined[-1]
            glue = " " if previous[-1:].isascii() and previous[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum() else ""
            joined[-1] = previous + glue + line.strip()
        else:
            joined.append(line.rstrip())
        carry = is_full and not joined[-1].endswith(_SENTENCE_END)
    return joined


def pdf_text(path: Path) -> str:
    """The whole document's text; DocumentReadError when it is unreadable or has no text layer."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is reported once, by us
    try:
        reader = PdfReader(str(path))
        pages = [(page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n") for page in reader.pages]
    except Exception as exc:  # a parser of untrusted files can fail in any way; the build goes on
        raise DocumentReadError(f"{path.name}: PDF 无法读取 ({exc.__class__.__name__}); 文件可能已损坏或加密") from exc
    lines = [line for page in pages for line in drop_page_numbers(page.split("\n"))]
    text = "\n".join(unwrap(lines))
    if not text.strip():
        raise DocumentReadError(f"{path.name}: PDF 没有文本层 (no text layer; scanned PDFs need OCR first)")
    return text
