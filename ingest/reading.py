"""Turn a file on disk into one decoded text; every offset in the index refers to that text.

Plain text is decoded once: a BOM decides (UTF-8, UTF-16 LE/BE), then strict UTF-8, then GB18030
when the bytes decode to ordinary Chinese (charset-normalizer guesses wrong on short GBK files,
e.g. as UTF-16), then charset-normalizer's best guess with GBK/GB2312 widened to GB18030. HTML
honours its declared charset and goes through trafilatura's main-text extraction; PDF and Word
files give their text layer (pdf_text.py, word_text.py). Line endings become "\\n" and other
control characters a space, so no document can carry terminal escapes into the CLI's output.
An unreadable file raises DocumentReadError naming it; the build skips it and goes on.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from core.errors import DocumentReadError
from ingest.pdf_text import pdf_text
from ingest.word_text import docx_text

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}

_WIDER = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "big5": "big5hkscs"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,30})""", re.IGNORECASE)
_COMMON_CHINESE = 0.95  # share of non-ASCII characters that must be in GB2312 to trust a GB18030 decode


def decode_bytes(data: bytes, name: str = "<bytes>", declared: str | None = None) -> str:
    """Decode text of unknown encoding; raise DocumentReadError rather than guess garbage."""
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data[len(codecs.BOM_UTF8):], "utf-8", name)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16", name)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_declared(data, declared) or _as_chinese(data) or _decode_detected(data, name)
    if "\x00" in text:
        raise DocumentReadError(f"{name}: 不是文本文件 (binary content, NUL bytes)")
    return clean_controls(text)


def clean_controls(text: str) -> str:
    """"\\n" line endings; every other control character (escapes, form feeds) becomes a space."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DocumentReadError(f"{name}: 按 {encoding} 解码失败 ({exc.__class__.__name__}); 请另存为 UTF-8") from exc


def _decode_declared(data: bytes, declared: str | None) -> str | None:
    if not declared:
        return None
    encoding = _WIDER.get(declared.lower().replace("_", "").replace("-", ""), declared)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _as_chinese(data: bytes) -> str | None:
    """The GB18030 reading of `data` when it is ordinary Chinese text, else None.

    Latin-1 or Big5 bytes also often decode as GB18030, but into rare characters; text whose
    non-ASCII characters are nearly all in GB2312 (the common 6,763 hanzi and CJK punctuation)
    is Chinese written in GBK or GB18030."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide or not any("\u4e00" <= ch <= "\u9fff" for ch in wide):
        return None
    common = sum(1 for ch in wide if _in_gb2312(ch))
    return text if common >= _COMMON_CHINESE * len(wide) else None


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _decode_detected(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not best.encoding:
        raise DocumentReadError(f"{name}: 无法识别文件编码 (cannot detect the encoding); 请另存为 UTF-8")
    encoding = _WIDER.get(best.encoding.lower().replace("_", ""), best.encoding)
    return _decode(data, encoding, name)


def declared_charset(html: bytes) -> str | None:
    """The charset a page declares in <meta charset> or <meta http-equiv content-type>, if any."""
    found = _DECLARED.search(html[:4096])
    return found.group(1).decode("ascii") if found else None


def html_to_text(html: str, name: str = "<html>") -> str:
    """Main text of a web page (navigation, menus and footers dropped by trafilatura).

    Precision first: on a page with a short article, trafilatura's default and recall modes keep
    the site menu as text. Recall only when precision finds nothing."""
    import trafilatura

    try:
        text = (trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
                or trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True))
    except Exception as exc:  # malformed markup must cost one file, not the build
        raise DocumentReadError(f"{name}: 网页无法解析 ({exc.__class__.__name__})") from exc
    if not text or not text.strip():
        raise DocumentReadError(f"{name}: 网页中没有找到正文 (no main text found in the HTML page)")
    header = html_header(html)
    return f"{header}\n\n{text}" if header else text


_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_SITE_SUFFIX = re.compile(r"\s*[_|—–-]\s*[^_|—–-]{2,30}$")
_INFO_LINE = re.compile(r"(发布时间|发布日期|来源|信息来源|发布机构)\s*[:：]")


def _first(pattern: str, html: str) -> str:
    import html as htmllib

    found = re.search(pattern, html, re.IGNORECASE | re.DOTALL)
    return " ".join(htmllib.unescape(_TAG.sub("", found.group(1))).split()) if found else ""


def html_header(html: str) -> str:
    """Header lines trafilatura drops: '标题: <h1> or og:title or <title>' and the page's info line.

    Written as header fields (标题:, 来源:, 发布时间:) so boilerplate.py files them as metadata and
    no body passage repeats them; a <title> loses its site suffix (…工作要点_佛山市卫生健康局)."""
    import html as htmllib

    h1 = _first(r"<h1\b[^>]*>(.*?)</h1>", html)
    og = _first(r"<meta[^>]+property=[\"']og:title[\"'][^>]+content=[\"']([^\"']+)", html)
    page = _first(r"<title\b[^>]*>(.*?)</title>", html)
    if page and not h1 and not og:
        page = _SITE_SUFFIX.sub("", page) if _SITE_SUFFIX.search(page) and len(_SITE_SUFFIX.sub("", page)) >= 6 else page
    title = next((t for t in (h1, og, page) if t and any("\u4e00" <= c <= "\u9fff" or c.isalnum() for c in t)), "")
    lines = [f"标题: {title}"] if title else []
    plain = htmllib.unescape(_TAG.sub("\n", _SCRIPT.sub("", html)))
    for line in plain.split("\n"):
        line = " ".join(line.split())
        if _INFO_LINE.search(line) and len(line) <= 160:
            lines.append(line)
            break
    return "\n".join(clean_controls(x) for x in lines)


def read_text(path: Path) -> str:
    """Decoded text of a supported file; raises DocumentReadError naming the file on failure."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentReadError(f"{path.name}: 不支持的文件类型 {suffix} (supported: {sorted(SUPPORTED_SUFFIXES)})")
    if suffix == ".pdf":
        text = clean_controls(pdf_text(path))
    elif suffix == ".docx":
        text = clean_controls(docx_text(path))
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentReadError(f"{path.name}: 无法读取 ({exc.strerror})") from exc
        if suffix in HTML_SUFFIXES:
            text = clean_controls(html_to_text(decode_bytes(data, path.name, declared_charset(data)), path.name))
        else:
            text = decode_bytes(data, path.name)
    if not text.strip():
        raise DocumentReadError(f"{path.name}: 文件没有文字内容 (empty document)")
    return text
