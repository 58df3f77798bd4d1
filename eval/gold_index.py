"""The evaluation's own index: exactly the documents the gold set was written for.

`make eval` used to score whatever corpus/ held, added documents included, so a new document
could move the numbers without any change to the code. eval/gold/documents.txt lists the gold
documents (file name and sha1); they are copied, with their manifest rows, into
<cache>/eval-corpus and indexed into <cache>/eval-index (rebuilt only when stale; passage
vectors come from the shared vector cache). A listed file that is missing or whose bytes
changed is a GoldDocumentsError naming it: the scores would otherwise be about other text.
"""
from __future__ import annotations

import csv
import hashlib
import io
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from eval.gold import GOLD_DIR
from hws import CORPUS_MANIFEST_NAME as MANIFEST_NAME
from hws import Config, Embedder, HwsError, SearchIndex, build_index, is_current, open_index

DOCUMENTS_PATH = GOLD_DIR / "documents.txt"
CORPUS_NAME = "eval-corpus"
INDEX_NAME = "eval-index"


class GoldDocumentsError(HwsError):
    """A gold document is missing or changed; the message names it."""


@dataclass(frozen=True)
class GoldDocument:
    name: str  # file name in the corpus folder
    sha1: str


def read_documents(path: Path = DOCUMENTS_PATH) -> tuple[GoldDocument, ...]:
    """The listed documents ('#' lines are comments)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise GoldDocumentsError(f"{path}:{n}: 应为 文件名<TAB>sha1 (expected name<TAB>sha1)")
        out.append(GoldDocument(parts[0].strip(), parts[1].strip()))
    return tuple(out)


def sha1_of(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def check_documents(corpus_dir: Path, documents: tuple[GoldDocument, ...]) -> None:
    """GoldDocumentsError when a listed file is missing from corpus_dir or its sha1 differs."""
    problems = []
    for doc in documents:
        path = corpus_dir / doc.name
        if not path.is_file():
            problems.append(f"缺少 missing: {path}")
        elif sha1_of(path) != doc.sha1:
            problems.append(f"已改变 changed: {path} (sha1 {sha1_of(path)[:12]}…, gold set expects {doc.sha1[:12]}…)")
    if problems:
        raise GoldDocumentsError("金标准文档与语料不一致 (the gold set's documents are not in the corpus as written); "
                                 + "; ".join(problems) + f"; 见 see {DOCUMENTS_PATH.name}")


def _manifest_rows(corpus_dir: Path, names: set[str]) -> str:
    """The corpus manifest restricted to the gold documents ('' when there is none)."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return ""
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [], lineterminator="\n")
    writer.writeheader()
    for row in reader:
        if (row.get("file") or "").strip() in names:
            writer.writerow(row)
    return out.getvalue()


def gold_corpus(config: Config, documents: tuple[GoldDocument, ...] | None = None) -> Path:
    """<cache>/eval-corpus holding exactly the gold documents (checked), refreshed in place."""
    documents = read_documents() if documents is None else documents
    check_documents(config.corpus_dir, documents)
    target = config.cache_dir / CORPUS_NAME
    target.mkdir(parents=True, exist_ok=True)
    names = {d.name for d in documents}
    for stale in target.iterdir():
        if stale.name not in names and stale.name != MANIFEST_NAME:
            stale.unlink() if stale.is_file() else shutil.rmtree(stale)
    for doc in documents:
        dest = target / doc.name
        if not dest.exists() or sha1_of(dest) != doc.sha1:
            shutil.copyfile(config.corpus_dir / doc.name, dest)
    manifest = _manifest_rows(config.corpus_dir, names)
    manifest_path = target / MANIFEST_NAME
    if manifest and (not manifest_path.exists() or manifest_path.read_text(encoding="utf-8") != manifest):
        manifest_path.write_text(manifest, encoding="utf-8")
    return target


def gold_index_config(config: Config) -> Config:
    """Build settings of the evaluation index (same model and chunking, its own folders)."""
    return config.with_(corpus_dir=config.cache_dir / CORPUS_NAME, index_dir=config.cache_dir / INDEX_NAME)


def open_gold_index(config: Config, embedder: Embedder | None = None) -> SearchIndex:
    """The evaluation index of the gold documents, built first when missing or stale."""
    gold_corpus(config)
    eval_config = gold_index_config(config)
    if not is_current(eval_config):
        print(build_index(eval_config, embedder=embedder).summary(), file=sys.stderr, flush=True)
    return open_index(eval_config.index_dir, embedder=embedder, model=eval_config.model)


# -- the unseen pages ----------------------------------------------------------------------
UNSEEN_DIR = GOLD_DIR / "unseen"
UNSEEN_INDEX_NAME = "eval-index-unseen"


def unseen_index_config(config: Config) -> Config:
    """Build settings of the unseen pages' index: eval/gold/unseen/corpus, its own index folder."""
    return config.with_(corpus_dir=UNSEEN_DIR / "corpus", index_dir=config.cache_dir / UNSEEN_INDEX_NAME)


def open_unseen_index(config: Config, embedder: Embedder | None = None) -> SearchIndex:
    """The index of the unseen pages (documents no rule was written against), built when stale.

    These pages live in the repository beside their questions, so they need no sha1 list: a
    change to a page is a change to the gold set, reviewed with it."""
    unseen_config = unseen_index_config(config)
    if not is_current(unseen_config):
        print(build_index(unseen_config, embedder=embedder).summary(), file=sys.stderr, flush=True)
    return open_index(unseen_config.index_dir, embedder=embedder, model=unseen_config.model)


__all__ = ["DOCUMENTS_PATH", "UNSEEN_DIR", "GoldDocument", "GoldDocumentsError", "check_documents", "gold_corpus",
           "gold_index_config", "open_gold_index", "open_unseen_index", "read_documents",
           "unseen_index_config"]
