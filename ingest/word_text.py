"""The text of a Word (.docx) file: paragraphs and table rows in reading order, with the numbers
of Word's automatic numbering written out.

Headings of official documents are often numbered by Word itself ("一、" from a list style), and
python-docx gives a paragraph's typed text only, so without rendering the numbering the section
parser would see headings without their numbers. The renderer covers the formats such documents
use (一二三, 1 2 3, ①, a b c, i ii iii) and the lvlText pattern ("%1、", "（%2）", "%1.%2").
"""
from __future__ import annotations

import re
from pathlib import Path

from core.errors import DocumentReadError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    import cn2an

    return cn2an.an2cn(n) if n > 0 else "〇"


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One level's number in Word's numFmt; unknown formats fall back to decimal."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographLegalTraditional"):
        return _chinese(n)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    return str(n)


def _val(element, tag: str) -> str | None:
    found = element.find(f"{_W}{tag}") if element is not None else None
    return found.get(f"{_W}val") if found is not None else None


class _Numbering:
    """Counters for every list in the document, advanced paragraph by paragraph."""

    def __init__(self, document) -> None:
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId → ilvl → (start, fmt, lvlText)
        self._counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    int(_val(lvl, "start") or 1), _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "")
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            levels = dict(abstract.get(_val(num, "abstractNumId"), {}))
            for override in num.findall(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl", "0"))
                start = _val(override, "startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = (int(start),) + levels[ilvl][1:]
            self._levels[num.get(f"{_W}numId")] = levels

    def label(self, paragraph) -> str:
        """The number Word shows before this paragraph ("" when it is not in a numbered list)."""
        num_id, ilvl = _num_pr(paragraph)
        levels = self._levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id or "", {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        _, fmt, pattern = levels[ilvl]
        if fmt == "bullet":
            return ""
        text = pattern
        for level in range(ilvl, -1, -1):
            if f"%{level + 1}" in text:
                value = counters.get(level, levels.get(level, (1, "decimal", ""))[0])
                text = text.replace(f"%{level + 1}", format_number(value, levels.get(level, (1, "decimal", ""))[1]))
        return text


def _num_pr(paragraph) -> tuple[str | None, int]:
    """numId and level of a paragraph, from its own properties or its style's."""
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for ppr in candidates:
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is not None:
            num_id = _val(num_pr, "numId")
            return (num_id if num_id != "0" else None), int(_val(num_pr, "ilvl") or 0)
    return None, 0


_QUANTITY = re.compile(r"\d+(?:\.\d+)?\s*(?:%|‰|张|个|家|人|名|元|万|亿|岁|次|所|床)")


def _cells(row) -> list[str]:
    """Every cell of a row, merged cells (repeated by python-docx) once."""
    cells: list[str] = []
    for cell in row.cells:
        text = " ".join(cell.text.split())
        if not cells or text != cells[-1]:
            cells.append(text)
    return cells


def table_lines(rows: list[list[str]]) -> list[str]:
    """A table as lines that keep its header: '表头: 指标 | 2019年 | 2020年目标', then one line a
    cell, '表: 每千人口床位数 × 2020年目标 = 4.5张', so a "2020年目标" question finds the 2020 cell
    and cites it with its header. A first row holding quantities is data, not a header."""
    rows = [r for r in rows if any(r)]
    if len(rows) < 2 or any(_QUANTITY.search(c) for c in rows[0]):
        return ["  ".join(c for c in r if c) for r in rows]
    header = rows[0]
    lines = ["表头: " + " | ".join(header)]
    for row in rows[1:]:
        label = row[0] if row else ""
        for i, value in enumerate(row[1:], start=1):
            if value:
                column = header[i] if i < len(header) else f"第{i + 1}列"
                lines.append(f"表: {label} × {column} = {value}")
    return lines


def docx_text(path: Path) -> str:
    """Paragraphs and table rows in order; DocumentReadError when the file cannot be read."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        numbering = _Numbering(document)
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(table_lines([_cells(row) for row in block.rows]))
            else:
                lines.append(numbering.label(block) + block.text)
    except Exception as exc:  # a damaged zip or XML can fail anywhere inside python-docx/lxml
        raise DocumentReadError(f"{path.name}: Word 文件无法读取 ({exc.__class__.__name__}); 文件可能已损坏, "
                                "请用 Word 另存为 .docx") from exc
    return "\n".join(lines)
