"""Build costs on the seed corpus: each stage's throughput, and rebuilds after one document changes.

Rebuilds run on a temporary copy of corpus/ with a copy of the vector cache, both in-process with
the model already loaded (what a server does) and as the commands a user types
(`python -m index build`, `add`, `remove`), which also pay for start-up and loading the model.
"""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.processes import python_command, run_timed
from bench.report import Table
from bench.stats import best_of
from hws import Config, Embedder, build_index, chunk_document, load_corpus, load_embedder, passage_text
from hws.parts import LexicalIndex, Tokenizer, build_dense, lexicon_terms

EDIT_SENTENCE = "同时加强对重点任务落实情况的督导检查。"
NEW_CITY = "惠州"


@dataclass(frozen=True)
class BuildSettings:
    embed_sample: int  # chunks embedded per model to measure embedding speed
    st_model: str  # the sentence-transformers model compared with the default one
    command_runs: bool  # also time the CLI commands (subprocesses)


def run(config: Config, settings: BuildSettings) -> tuple[list[Table], dict]:
    embedder = load_embedder(config.model)
    throughput, raw_stages, n_chunks = _stages(config, embedder, settings)
    rebuild, raw_rebuild = _rebuilds(config, embedder, settings, raw_stages)
    return [throughput, rebuild], {"stages": raw_stages, "rebuilds": raw_rebuild, "chunks": n_chunks}


def _stages(config: Config, embedder: Embedder, settings: BuildSettings) -> tuple[Table, dict, int]:
    corpus = load_corpus(config.corpus_dir)
    load_s = best_of(lambda: load_corpus(config.corpus_dir))
    chunks = [c for d in corpus.documents for c in chunk_document(d, config.chunker, config.chunk_size, config.chunk_overlap)]
    chunk_s = best_of(lambda: [chunk_document(d, config.chunker, config.chunk_size, config.chunk_overlap)
                               for d in corpus.documents])
    metas = {d.doc_id: d.meta for d in corpus.documents}
    texts = [passage_text(c, metas[c.doc_id]) for c in chunks]
    began = time.perf_counter()
    tokenizer = Tokenizer(lexicon_terms())
    tokenizer_init_s = time.perf_counter() - began
    token_lists = [tokenizer(t) for t in texts]
    tokenize_s = best_of(lambda: [tokenizer(t) for t in texts])
    sample = texts[:settings.embed_sample]
    embedder.encode_passages(sample[:2])  # warm the engine
    embed_s = best_of(lambda: embedder.encode_passages(sample), times=1)
    began = time.perf_counter()
    st = load_embedder(settings.st_model)
    st_load_s = time.perf_counter() - began
    st.encode_passages(sample[:2])
    st_embed_s = best_of(lambda: st.encode_passages(sample), times=1)
    vectors = embedder.encode_passages(texts[:1]).repeat(len(texts), axis=0)
    dense_s = best_of(lambda: build_dense(vectors))
    lexical_s = best_of(lambda: LexicalIndex.build(token_lists))

    n, docs = len(chunks), len(corpus.documents)
    table = Table(f"Build stages on the seed corpus ({docs} documents, {n} chunks)",
                  ["stage", "seconds", "chunks/s", "what it runs"])
    table.add("read + clean documents", f"{load_s:.3f}", f"{n / load_s:,.0f}", "ingest.corpus.load_corpus")
    table.add("chunking", f"{chunk_s:.3f}", f"{n / chunk_s:,.0f}", f"ingest.chunking ({config.chunker}, {config.chunk_size})")
    table.add("tokenizing (jieba)", f"{tokenize_s:.3f}", f"{n / tokenize_s:,.0f}",
              f"retrieval.lexical.Tokenizer (+{tokenizer_init_s:.2f} s to load the dictionary and lexicon)")
    table.add(f"embedding, default model ({len(sample)} chunks)", f"{embed_s:.2f}", f"{len(sample) / embed_s:.1f}",
              embedder.model_id)
    table.add(f"embedding, sentence-transformers ({len(sample)} chunks)", f"{st_embed_s:.2f}",
              f"{len(sample) / st_embed_s:.1f}", f"{st.model_id} (+{st_load_s:.1f} s to load)")
    table.add("dense index (FAISS)", f"{dense_s:.4f}", f"{n / dense_s:,.0f}", "retrieval.dense.build_dense (auto)")
    table.add("lexical index (bm25s)", f"{lexical_s:.4f}", f"{n / lexical_s:,.0f}", "retrieval.lexical.LexicalIndex.build")
    table.notes.append(f"an empty vector cache costs ≈ {n} ÷ {len(sample) / embed_s:.1f} = "
                       f"{n / (len(sample) / embed_s):.0f} s of embedding with the default model (estimated, not run)")
    raw = {"documents": docs, "load_s": load_s, "chunk_s": chunk_s, "tokenize_s": tokenize_s,
           "tokenizer_init_s": tokenizer_init_s, "embed_sample": len(sample), "embed_s": embed_s,
           "embed_model": embedder.model_id, "st_embed_s": st_embed_s, "st_model": st.model_id,
           "st_load_s": st_load_s, "dense_s": dense_s, "lexical_s": lexical_s}
    return table, raw, n


def _rebuilds(config: Config, embedder: Embedder, settings: BuildSettings, stages: dict) -> tuple[Table, dict]:
    table = Table("Rebuilds after a change (temporary copy of corpus/ and of the vector cache)",
                  ["change", "how", "seconds", "chunks embedded", "where the time goes"])
    raw: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        shutil.copytree(config.corpus_dir, corpus)
        cache = root / "cache"
        _copy_cache(config.vector_cache_path, cache / "vectors.sqlite")
        local = config.with_(corpus_dir=corpus, index_dir=root / "index", cache_dir=cache, show_progress=False)

        def build(change: str) -> None:
            marks: list[tuple[str, float]] = []
            began = time.perf_counter()
            report = build_index(local, embedder=embedder, progress=lambda stage, _: marks.append((stage, time.perf_counter())))
            seconds = time.perf_counter() - began
            parts = _stage_seconds(marks, began)
            table.add(change, "build_index (in-process, model loaded)", f"{seconds:.2f}", report.embedded,
                      ", ".join(f"{k} {v:.2f}" for k, v in parts.items()))
            raw.append({"change": change, "how": "in-process", "seconds": seconds, "embedded": report.embedded,
                        "stages": parts})

        def command(change: str, *args: str) -> None:
            result = run_timed(python_command("-m", "index", *args, "--corpus", str(corpus), "--index-dir",
                                              str(local.index_dir), "-q"), env={"HWS_CACHE_DIR": str(cache)})
            embedded = _embedded(result.stdout)
            table.add(change, f"`python -m index {args[0]}` (subprocess)", f"{result.seconds:.2f}",
                      embedded, "start-up, imports and model load included" if result.returncode == 0
                      else f"exit {result.returncode}: {result.stderr.strip()[:80]}")
            raw.append({"change": change, "how": "cli " + args[0], "seconds": result.seconds, "embedded": embedded,
                        "returncode": result.returncode})

        build("first build (vectors cached)")
        build("nothing changed")
        target = max(corpus.glob("*.txt"), key=lambda p: p.stat().st_size)
        _edit(target)
        build(f"edit one sentence of {target.name}")
        if settings.command_runs:
            _edit(target)
            command(f"edit {target.name} again", "build")
        donor = min(corpus.glob("*.txt"), key=lambda p: p.stat().st_size)
        new_doc = root / f"{NEW_CITY}_{donor.name}"
        new_doc.write_text(_recity(donor.read_text(encoding="utf-8")), encoding="utf-8")
        if settings.command_runs:
            command(f"add a new document ({new_doc.name})", "add", str(new_doc))
            command("remove it", "remove", new_doc.stem)
        else:
            shutil.copy(new_doc, corpus / new_doc.name)
            build(f"add a new document ({new_doc.name})")
            (corpus / new_doc.name).unlink()
            build("remove it")
    table.notes.append("stage names are build_index's progress stages; 'loading model' is near zero in-process "
                       "because the loaded model is passed in")
    return table, {"runs": raw}


def _copy_cache(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite vector cache (the backup API, safe while others write)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not source.exists():
        return
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _edit(path: Path) -> None:
    """Add one sentence after the first full stop past the middle of the document."""
    text = path.read_text(encoding="utf-8")
    at = text.find("。", len(text) // 2) + 1
    path.write_text(text[:at] + EDIT_SENTENCE + text[at:], encoding="utf-8")


def _recity(text: str) -> str:
    from bench.synthetic import SEED_CITIES

    for city in SEED_CITIES:
        text = text.replace(city, NEW_CITY)
    return text


def _stage_seconds(marks: list[tuple[str, float]], began: float) -> dict[str, float]:
    """Seconds per build stage from the progress callback's time stamps."""
    parts: dict[str, float] = {}
    for (stage, at), (_, until) in zip(marks, marks[1:]):
        name = stage.split(" ", 1)[-1]
        parts[name] = parts.get(name, 0.0) + until - at
    return parts


def _embedded(summary: str) -> int | str:
    """'新嵌入 N' from the build summary line the CLI prints."""
    import re

    found = re.search(r"新嵌入 (\d+)", summary)
    return int(found.group(1)) if found else "?"
