"""Turn a file on disk into one decoded text; every offset in the index refers to that text.

Plain text is decoded once (BOM, then strict UTF-8, then charset-normalizer's best guess, with
GBK/GB2312 widened to GB18030); HTML goes through trafilatura's main-text extraction; PDF and
Word files give their text layer. Line endings are normalised to "\\n" as part of decoding.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from .errors import DocumentReadError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}

_WIDER = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "big5": "big5hkscs"}


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode text of unknown encoding; raise DocumentReadError rather than guess garbage."""
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_detected(data, name)
    if "\x00" in text:
        raise DocumentReadError(f"{name}: 不是文本文件 (binary content, NUL bytes)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_detected(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not best.encoding:
        raise DocumentReadError(f"{name}: 无法识别文件编码 (cannot detect the encoding); 请另存为 UTF-8")
    encoding = _WIDER.get(best.encoding.lower().replace("_", ""), best.encoding)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DocumentReadError(f"{name}: 按 {encoding} 解码失败 ({exc.__class__.__name__}); 请另存为 UTF-8") from exc


def html_to_text(html: str, name: str = "<html>") -> str:
    """Main text of a web page (navigation, menus and footers dropped by trafilatura)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if not text or not text.strip():
        raise DocumentReadError(f"{name}: 网页中没有找到正文 (no main text found in the HTML page)")
    return text


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        raise DocumentReadError(f"{path.name}: PDF 无法读取 ({exc.__class__.__name__}: {exc})") from exc
    text = "\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise DocumentReadError(f"{path.name}: PDF 没有文本层 (no text layer; scanned PDFs need OCR first)")
    return text


def _docx_text(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise DocumentReadError(f"{path.name}: Word 文件无法读取 ({exc.__class__.__name__})") from exc
    return "\n".join(p.text for p in document.paragraphs)


def read_text(path: Path) -> str:
    """Decoded text of a supported file; raises DocumentReadError naming the file on failure."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentReadError(f"{path.name}: 不支持的文件类型 {suffix} (supported: {sorted(SUPPORTED_SUFFIXES)})")
    if suffix == ".pdf":
        return _pdf_text(path).replace("\r\n", "\n")
    if suffix == ".docx":
        return _docx_text(path).replace("\r\n", "\n")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentReadError(f"{path.name}: 无法读取 ({exc.strerror})") from exc
    text = decode_bytes(data, path.name)
    if suffix in HTML_SUFFIXES:
        text = html_to_text(text, path.name).replace("\r\n", "\n")
    return text
