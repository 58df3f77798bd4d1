"""Embedding throughput on Ray (local) against one process, on the same chunks.

Rows: the default model over seed-corpus chunks in one process (what `index build` does), then the
same chunks through `python -m index embed`'s job on a local Ray with 1 and 2 workers (one CPU and
one model each), each with an empty vector cache so everything is embedded. A second table runs a
10k-chunk synthetic corpus through the same job with the hashing model: the model costs nothing,
so what remains is the job's own overhead (Ray, batches, shards, the cache import); the same job
also tokenises those chunks with jieba for BM25 (--lexical), in one process and on two workers.

A worker's throughput is measured inside the model (time in encode_passages); a cluster's is
projected as workers × that figure, which ignores the driver and the network: an estimate.

    python -m bench --only ray                      # the rows below, ~4 minutes on two cores
    python -m bench.ray_embed write-corpus DIR --size 10000   # a synthetic corpus folder for the CLI
"""
from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.report import Table
from hws import Config, EmbedJobReport, load_embedder
from hws.parts import corpus_passages, embed_missing

NATIONAL_CHUNKS = 2_000_000  # the README's national corpus: ~50,000 documents
CLUSTERS = (10, 100)  # two-core nodes in the projection
CPU_BATCH_TOKENS = 2_048  # small batches here: 2 workers must get several each from a sample of chunks


@dataclass(frozen=True)
class RaySettings:
    sample: int  # seed chunks each engine embeds with the default model (0 = all)
    workers: tuple[int, ...] = (1, 2)
    synthetic: int = 10_000  # chunks of the synthetic corpus (hashing model; 0 = skip)


def run(config: Config, settings: RaySettings) -> tuple[list[Table], dict]:
    texts, _ = corpus_passages(config)
    texts = texts[:settings.sample] if settings.sample else texts
    tables, raw = [_model_table(config, texts, settings)], {}
    raw["model"] = tables[0].to_json()
    if settings.synthetic:
        table, raw["synthetic"] = _overhead_table(config, settings.synthetic)
        tables.append(table)
    return tables, raw


def _model_table(config: Config, texts: list[str], settings: RaySettings) -> Table:
    model = load_embedder(config.model)
    model.encode_passages(texts[:2])  # warm the engine
    began = time.perf_counter()
    model.encode_passages(texts)
    single_s = time.perf_counter() - began
    single = len(texts) / single_s
    table = Table(f"Embedding on Ray (local) vs one process: {len(texts)} seed chunks, {model.model_id}",
                  ["engine", "workers", "wall s (Ray start)", "embed s", "chunks/s", "per worker chunks/s (in model)"])
    table.add("one process (index build's path, all cores)", 1, f"{single_s:.1f}", f"{single_s:.1f}", f"{single:.2f}",
              f"{single:.2f}")
    reports: dict[int, EmbedJobReport] = {}
    for workers in settings.workers:
        reports[workers] = report = _job(config, texts, "ray", workers, CPU_BATCH_TOKENS)
        table.add("ray local", workers, f"{report.seconds:.1f} ({report.startup_seconds:.1f})",
                  f"{report.embed_seconds:.1f}", f"{report.chunks_per_s:.2f}", f"{report.worker_chunks_per_s:.2f}")
    widest = reports[max(reports)]
    per_worker = widest.worker_chunks_per_s
    table.notes.append("embed s = from asking Ray for actors to the last shard: actor start-up and model loading "
                       "included; wall adds starting Ray and importing the shards into the vector cache")
    for nodes in CLUSTERS:
        hours = NATIONAL_CHUNKS / (nodes * max(reports) * per_worker) / 3600
        table.notes.append(f"projected, not measured: {nodes} two-core nodes × {max(reports)} workers × "
                           f"{per_worker:.2f} chunks/s = {nodes * max(reports) * per_worker:,.0f} chunks/s, "
                           f"{NATIONAL_CHUNKS:,} chunks in {hours:.1f} h")
    return table


def _overhead_table(config: Config, size: int) -> tuple[Table, dict]:
    from bench.synthetic import Seed, SyntheticCorpus
    from hws import passage_text

    corpus = SyntheticCorpus(Seed.from_corpus(config), size)
    texts = [passage_text(c, meta) for meta, _, chunks in corpus.documents_with_text() for c in chunks]
    hashing = config.with_(model="hashing")
    table = Table(f"The job's own cost: {len(texts):,} synthetic chunks, hashing model (no neural model), "
                  "and tokenising them for BM25 (--lexical)",
                  ["engine", "workers", "batches", "wall s (Ray start)", "embed chunks/s", "tokenise chunks/s (jieba)"])
    raw = []
    for engine, workers in (("local", 1), ("ray", 2)):
        report = _job(hashing, texts, engine, workers, None, lexical=True)
        table.add(engine, workers, report.batches, f"{report.seconds:.1f} ({report.startup_seconds:.1f})",
                  f"{report.chunks_per_s:,.0f}", f"{report.tokenized / report.token_seconds:,.0f}")
        raw.append({"engine": engine, "workers": workers, "chunks": report.embedded, "batches": report.batches,
                    "seconds": report.seconds, "startup_seconds": report.startup_seconds,
                    "embed_seconds": report.embed_seconds, "tokenized": report.tokenized,
                    "token_seconds": report.token_seconds})
    table.notes.append("shards are written and imported into a fresh SQLite vector (and token) cache in both rows; "
                       "the tokenise rate includes starting the tokenising actors (jieba's dictionary, the lexicon)")
    return table, {"runs": raw}


def _job(config: Config, texts: list[str], engine: str, workers: int, batch_tokens: int | None,
         lexical: bool = False) -> EmbedJobReport:
    """One job over `texts` with an empty cache (so every chunk is embedded), in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="bench-ray-") as tmp:
        fresh = config.with_(cache_dir=Path(tmp), show_progress=False)
        return embed_missing(texts, fresh, engine=engine, workers=workers, batch_tokens=batch_tokens,
                             lexical=lexical, progress=False)


# -- a synthetic corpus folder for the command line ------------------------------------------
def write_corpus(config: Config, folder: Path, size: int) -> int:
    """Write the synthetic corpus of `size` chunks as .txt documents whose numbered sections the
    real chunker cuts into about `size` chunks; returns the number of documents."""
    from bench.synthetic import Seed, SyntheticCorpus

    folder.mkdir(parents=True, exist_ok=True)
    corpus = SyntheticCorpus(Seed.from_corpus(config), size)
    count = 0
    for meta, _, chunks in corpus.documents_with_text():
        lines = [meta.title]
        for n, chunk in enumerate(chunks, 1):
            lines += [f"{n}、{chunk.title}", chunk.text]
        (folder / f"{meta.doc_id}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ray_embed", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("write-corpus", help="write a synthetic corpus folder")
    p.add_argument("folder", type=Path)
    p.add_argument("--size", type=int, default=10_000, help="chunks (default 10000)")
    args = parser.parse_args(argv)
    documents = write_corpus(Config.from_env(), args.folder, args.size)
    print(f"已写入 written: {documents} documents in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
