"""Load a corpus folder into Documents: decode, strip boilerplate, attach metadata."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from core.config import REPO_ROOT
from core.errors import CorpusError, DocumentReadError
from core.types import Document
from ingest.boilerplate import strip_boilerplate
from ingest.metadata import MANIFEST_NAME, apply_manifest, detect_meta, load_manifest
from ingest.reading import SUPPORTED_SUFFIXES, read_text

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class LoadedCorpus:
    documents: tuple[Document, ...]
    skipped: tuple[str, ...]  # one warning line per file that could not be read


def printable(name: str) -> str:
    """A file name fit to print and store: control characters (newlines, terminal escapes) written
    as \\xNN, bytes that are not UTF-8 (surrogate-escaped by the OS layer) as U+FFFD."""
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", name)


def doc_id_for(path: Path, corpus_dir: Path) -> str:
    """Stable id from the path inside the corpus: 'sub/file.txt' → 'sub__file'."""
    rel = path.relative_to(corpus_dir).with_suffix("")
    return printable("__".join(rel.parts))


def source_for(path: Path) -> str:
    """The path a citation shows: relative to the repository when inside it."""
    try:
        return printable(path.resolve().relative_to(REPO_ROOT).as_posix())
    except ValueError:
        return printable(path.as_posix())


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Supported files under the corpus folder, sorted; links that leave the folder are ignored."""
    return _scan(corpus_dir)[0]


def _scan(corpus_dir: Path) -> tuple[list[Path], list[str]]:
    """(files to read, one warning per file refused because it resolves outside the folder).

    Hidden files and folders (".git", ".~lock") are not documents. A symbolic link is followed
    only when its target lies inside the corpus folder, so a link cannot pull /etc/passwd in."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"语料目录不存在: {corpus_dir} (corpus folder not found; pass --corpus DIR)")
    root = corpus_dir.resolve()
    files, refused = [], []
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if any(part.startswith(".") for part in rel.parts) or rel.as_posix() == MANIFEST_NAME:
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES or not path.is_file():
            continue
        if not path.resolve().is_relative_to(root):
            refused.append(f"跳过 (skipped) {printable(rel.as_posix())}: 链接指向语料目录之外 (link points outside the corpus folder)")
            continue
        files.append(path)
    return files, refused


def load_document(path: Path, corpus_dir: Path, manifest_row: dict | None = None, doc_id: str | None = None) -> Document:
    text = read_text(path)
    cleaned = strip_boilerplate(text)
    meta = detect_meta(doc_id or doc_id_for(path, corpus_dir), source_for(path), text, cleaned)
    return Document(meta=apply_manifest(meta, manifest_row), text=text, body=cleaned.body)


def load_corpus(corpus_dir: Path, files: list[Path] | None = None, max_bytes: int | None = None) -> LoadedCorpus:
    """Every readable document; unreadable ones (and, given max_bytes, oversized ones) become
    warnings and the rest go on."""
    manifest = load_manifest(corpus_dir)
    if files is None:
        files, skipped = _scan(corpus_dir)
    else:
        skipped = []
    documents = []
    used: dict[str, Path] = {}
    for path in files:
        name = printable(path.relative_to(corpus_dir).as_posix())
        doc_id = _unique_doc_id(path, corpus_dir, used)
        if doc_id is None:
            other = printable(used[doc_id_for(path, corpus_dir)].relative_to(corpus_dir).as_posix())
            skipped.append(f"跳过 (skipped) {name}: 文档编号与 {other} 相同 (same doc id); 请重命名其中一个文件")
            continue
        try:
            if max_bytes is not None and path.stat().st_size > max_bytes:
                raise DocumentReadError(f"文件太大 ({path.stat().st_size / 1048576:.1f} MB > {max_bytes / 1048576:.0f} MB); "
                                        "用 --max-file-mb N 或 HWS_MAX_FILE_MB 提高上限 (raise the limit)")
            documents.append(load_document(path, corpus_dir, manifest.get(path.relative_to(corpus_dir).as_posix()), doc_id))
        except DocumentReadError as exc:
            skipped.append(printable(f"跳过 (skipped) {name}: {exc}"))
            continue
        used[doc_id] = path
    return LoadedCorpus(tuple(documents), tuple(skipped))


def _unique_doc_id(path: Path, corpus_dir: Path, used: dict[str, Path]) -> str | None:
    """The usual id, or, when another file already has it ('plan.txt' and 'plan.pdf', 'a/b.txt'
    and 'a__b.txt'), the id with the file's suffix kept; None when that is taken too."""
    for candidate in (doc_id_for(path, corpus_dir), printable("__".join(path.relative_to(corpus_dir).parts))):
        if candidate not in used:
            return candidate
    return None


def text_fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
