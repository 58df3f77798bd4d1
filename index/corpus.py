"""Load a corpus folder into Documents: decode, strip boilerplate, attach metadata."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from .boilerplate import strip_boilerplate
from .config import REPO_ROOT
from .domain import Document
from .errors import CorpusError, DocumentReadError
from .metadata import MANIFEST_NAME, apply_manifest, detect_meta, load_manifest
from .reading import SUPPORTED_SUFFIXES, read_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedCorpus:
    documents: tuple[Document, ...]
    skipped: tuple[str, ...]  # one warning line per file that could not be read


def doc_id_for(path: Path, corpus_dir: Path) -> str:
    """Stable id from the path inside the corpus: 'sub/file.txt' → 'sub__file'."""
    rel = path.relative_to(corpus_dir).with_suffix("")
    return "__".join(rel.parts)


def source_for(path: Path) -> str:
    """The path a citation shows: relative to the repository when inside it."""
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Supported files under the corpus folder, sorted; links that leave the folder are ignored."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"语料目录不存在: {corpus_dir} (corpus folder not found; pass --corpus DIR)")
    root = corpus_dir.resolve()
    files = []
    for path in sorted(corpus_dir.rglob("*")):
        if path.name.startswith(".") or path.name == MANIFEST_NAME or not path.is_file():
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        if not path.resolve().is_relative_to(root):
            log.warning("skipping %s: it points outside the corpus folder", path)
            continue
        files.append(path)
    return files


def load_document(path: Path, corpus_dir: Path, manifest_row: dict | None = None) -> Document:
    text = read_text(path)
    cleaned = strip_boilerplate(text)
    meta = detect_meta(doc_id_for(path, corpus_dir), source_for(path), text, cleaned)
    return Document(meta=apply_manifest(meta, manifest_row), text=text, body=cleaned.body)


def load_corpus(corpus_dir: Path, files: list[Path] | None = None) -> LoadedCorpus:
    """Every readable document; unreadable ones become warnings and the rest go on."""
    manifest = load_manifest(corpus_dir)
    documents, skipped = [], []
    for path in files if files is not None else corpus_files(corpus_dir):
        try:
            documents.append(load_document(path, corpus_dir, manifest.get(path.relative_to(corpus_dir).as_posix())))
        except DocumentReadError as exc:
            skipped.append(f"跳过 (skipped) {path.name}: {exc}")
    return LoadedCorpus(tuple(documents), tuple(skipped))


def text_fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
