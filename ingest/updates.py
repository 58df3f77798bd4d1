"""Adding and removing documents in the corpus folder (`python -m index add` / `remove`).

The corpus folder stays the single source of truth: these functions change files in it, never
outside it, and the caller rebuilds, which re-embeds only chunks whose text is new (the vector
cache). Every input is checked before anything is written or deleted, so a bad argument changes
nothing; a copy lands under a temporary name and is renamed into place, so a build running at the
same moment never reads half a file.
"""
from __future__ import annotations

import difflib
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from core.config import MAX_FILE_FLAG
from core.errors import CorpusError, FileTooLargeError
from ingest.corpus import corpus_files, load_corpus, printable, source_for
from ingest.metadata import MANIFEST_NAME
from ingest.reading import SUPPORTED_SUFFIXES, read_text


def check_size(path: Path, max_bytes: int | None) -> None:
    """FileTooLargeError naming the file, its size and the flag that raises the limit."""
    if max_bytes is None:
        return
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLargeError(
            f"{printable(path.name)} 太大 ({size / 1048576:.1f} MB, 上限 limit {max_bytes / 1048576:.0f} MB): "
            f"嵌入可能需要数小时 (embedding could take hours); 如确需添加, 请用 {MAX_FILE_FLAG} N 或环境变量 "
            f"HWS_MAX_FILE_MB 提高上限 (raise the limit)")


@contextmanager
def staged_add(corpus_dir: Path, paths: list[Path], replace: bool = False, name: str | None = None,
               max_bytes: int | None = None) -> Iterator[list[Path]]:
    """Add documents for the duration of the block; if the block fails or is interrupted (Ctrl-C),
    the added files are removed and replaced ones restored, so the corpus is as before."""
    kept: dict[Path, Path] = {}
    for source in paths:
        target = _target(corpus_dir, source, name)
        if replace and target.is_file():
            backup = target.parent / f".replaced-{uuid.uuid4().hex[:8]}{target.suffix}"
            shutil.copyfile(target, backup)
            kept[target] = backup
    added: list[Path] = []
    try:
        added = add_documents(corpus_dir, paths, replace=replace, name=name, max_bytes=max_bytes)
        yield added
    except BaseException:
        for target in added:
            if target in kept:
                os.replace(kept.pop(target), target)
            else:
                target.unlink(missing_ok=True)
        raise
    finally:
        for backup in kept.values():
            backup.unlink(missing_ok=True)


def add_documents(corpus_dir: Path, paths: list[Path], replace: bool = False, name: str | None = None,
                  max_bytes: int | None = None) -> list[Path]:
    """Copy readable documents into corpus_dir (as `name`, a path inside it, when one file is given).

    Refuses, before copying anything: a missing or unreadable file, an unsupported type, a target
    outside the corpus folder or hidden, and an existing target unless `replace`."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"语料目录不存在: {corpus_dir} (corpus folder not found; pass --corpus DIR)")
    if name is not None and len(paths) != 1:
        raise CorpusError("--name 只能用于单个文件 (--name takes exactly one PATH)")
    plan: list[tuple[Path, Path]] = []
    for source in paths:
        target = _target(corpus_dir, source, name)
        if not source.is_file():
            raise CorpusError(f"文件不存在或不是普通文件: {printable(str(source))} (no such file)")
        if source.resolve() == target.resolve():
            raise CorpusError(f"{printable(source.name)} 已在语料目录中 (already in the corpus folder); 请直接运行 python -m index build")
        if target.exists() and not replace:
            raise CorpusError(f"语料目录中已有 {_shown(corpus_dir, target)} (already exists); 使用 --replace 覆盖 (to overwrite)")
        if any(target == t for _, t in plan):
            raise CorpusError(f"两个文件都会成为 {_shown(corpus_dir, target)} (two files with the same name)")
        check_size(source, max_bytes)
        read_text(source)  # DocumentReadError names the file and the problem
        plan.append((source, target))
    for source, target in plan:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.parent / f".adding-{uuid.uuid4().hex[:8]}{target.suffix}"
        try:
            shutil.copyfile(source, partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return [t for _, t in plan]


def _target(corpus_dir: Path, source: Path, name: str | None) -> Path:
    """Where a file goes: corpus_dir/<name or the file's own name>, refused if it would leave the
    folder, be hidden (the loader ignores dot-files), shadow manifest.csv or have a type we cannot read."""
    relative = PurePosixPath(name.replace("\\", "/")) if name is not None else PurePosixPath(source.name)
    shown = printable(str(relative))
    if (relative.is_absolute() or not relative.parts or any(p in ("..", ".") for p in relative.parts)
            or Path(str(relative)).is_absolute()):
        raise CorpusError(f"文件名 {shown} 指向语料目录之外 (the name must stay inside the corpus folder)")
    if any(p.startswith(".") for p in relative.parts) or relative.as_posix() == MANIFEST_NAME:
        raise CorpusError(f"文件名 {shown} 不可用 (hidden names and {MANIFEST_NAME} are not documents)")
    if relative.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise CorpusError(f"{shown}: 不支持的文件类型 (supported: {' '.join(sorted(SUPPORTED_SUFFIXES))})")
    target = corpus_dir / Path(*relative.parts)
    root = corpus_dir.resolve()
    if not target.parent.resolve().is_relative_to(root) or (target.is_symlink() and not target.resolve().is_relative_to(root)):
        raise CorpusError(f"文件名 {shown} 指向语料目录之外 (a link leads outside the corpus folder)")
    return target


def remove_documents(corpus_dir: Path, doc_ids: list[str]) -> list[Path]:
    """Delete the files of these documents from corpus_dir; an unknown id deletes nothing.

    Ids are resolved the way the build assigns them (load_corpus), so they match `index info`."""
    corpus = load_corpus(corpus_dir)
    by_source = {source_for(p): p for p in corpus_files(corpus_dir)}
    known = {d.doc_id: by_source.get(d.meta.source) for d in corpus.documents}
    paths: list[Path] = []
    for doc_id in doc_ids:
        path = known.get(doc_id)
        if path is None:
            close = difflib.get_close_matches(doc_id, list(known), n=3)
            hint = f"; 是否指 (did you mean) {', '.join(close)}?" if close else ""
            raise CorpusError(f"语料目录中没有文档 {printable(doc_id)} (unknown doc id){hint} "
                              "编号见 python -m index info")
        if not path.parent.resolve().is_relative_to(corpus_dir.resolve()):
            raise CorpusError(f"{printable(doc_id)} 的文件不在语料目录中 (not inside the corpus folder)")
        if path not in paths:
            paths.append(path)
    for path in paths:
        path.unlink()
    return paths


def _shown(corpus_dir: Path, path: Path) -> str:
    return printable(path.relative_to(corpus_dir).as_posix())
