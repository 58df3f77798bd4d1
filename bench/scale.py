"""Scale: synthetic corpora of 10k, 100k, 1M chunks; dense index types, BM25, the whole pipeline.

For each size: build time, size on disk and resident memory (measured in a fresh process) of each
FAISS index type and of the BM25 index; query latency p50/p95 with recall@10 and @100 against
exact search; parameter sweeps (HNSW efSearch, IVF nprobe); filtered searches (one city and year,
one city, one year); and the real pipeline (SearchIndex.search, a cold `python -m index search`)
over a published index version holding the synthetic corpus. Queries are the benchmark questions
embedded by the real model; vectors are composed or random (bench/synthetic.py says why).
"""
from __future__ import annotations

import gc
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.processes import python_command, run_timed
from bench.report import Table, print_table
from bench.stats import fmt_ms, ratio, timed
from bench.synthetic import Seed, SyntheticCorpus
from bench.yardsticks import RankBM25, exact_top_k, numpy_top_k, recall_at, scan_bound_ms
from hws import CANDIDATES, MODES, Config, Embedder, Manifest, SearchIndex
from hws.parts import (
    CHUNKS_DB,
    LexicalIndex,
    RefinedGraph,
    Tokenizer,
    build_dense,
    choose_index_type,
    dense_files,
    dense_params,
    lexicon_terms,
    load_dense,
    save_dense,
    search_dense,
    write_chunk_store,
)
from hws.parts import index_store as store

EF_SWEEP = (64, 128, 256, 512, 1024, 1536, 2048)
NPROBE_SWEEP = (8, 16, 32, 64, 128)
SWEEP_QUESTIONS = 80
FILTER_QUESTIONS = 40
JIEBA_SAMPLE = 2000


@dataclass(frozen=True)
class ScaleSettings:
    sizes: list[int]
    types: list[str]
    vectors: str
    questions: list[str]
    source: str
    repeat: int
    bandwidth: float
    rank_bm25_limit: int = 100_000
    pipeline: bool = True


def run(config: Config, embedder: Embedder, settings: ScaleSettings) -> tuple[list[Table], list[dict]]:
    seed = Seed.from_corpus(config)
    sentence_vectors = (seed.sentence_vectors(embedder, config.vector_cache_path)
                        if settings.vectors == "composed" else None)
    queries = embedder.encode_queries(settings.questions)
    if settings.vectors == "random":
        queries = np.random.default_rng(7).standard_normal(queries.shape).astype(np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    tokenizer = Tokenizer(lexicon_terms())
    query_tokens = [tokenizer(q) for q in settings.questions]
    runs = []
    for size in settings.sizes:
        print(f"== scale: {size:,} chunks ==", flush=True)
        runs.append(_one_size(size, seed, sentence_vectors, queries, query_tokens, tokenizer, embedder, config, settings))
        for table in tables_for(runs[-1:], settings):
            print_table(table)
    return tables_for(runs, settings), runs


def _one_size(size: int, seed: Seed, sentence_vectors, queries: np.ndarray, query_tokens: list[list[str]],
              tokenizer: Tokenizer, embedder: Embedder, config: Config, settings: ScaleSettings) -> dict:
    began = time.perf_counter()
    corpus = SyntheticCorpus(seed, size)
    vectors = corpus.vectors(settings.vectors, queries.shape[1], sentence_vectors)
    result: dict = {"size": size, "documents": len(corpus.documents), "vectors": settings.vectors,
                    "generate_s": time.perf_counter() - began, "vector_bytes": int(vectors.nbytes)}
    truth = exact_top_k(vectors, queries, CANDIDATES)
    result["numpy"] = timed(lambda q, v=vectors: numpy_top_k(v, q, CANDIDATES), queries, 1)[0].to_json()
    result["scan_bound_ms"] = scan_bound_ms(vectors.nbytes, settings.bandwidth)
    result["auto_type"] = choose_index_type(size)
    filters = _filters(corpus)
    with tempfile.TemporaryDirectory(prefix=f"bench-scale-{size}-") as tmp:
        work = Path(tmp)
        result["dense"] = {}
        for kind in settings.types:
            _progress(f"dense {kind}")
            result["dense"][kind] = _dense(kind, vectors, queries, truth, filters, work, settings.repeat)
            gc.collect()
        _progress("lexical")
        tokens_began = time.perf_counter()
        token_lists = corpus.token_lists(tokenizer)
        result["token_lists_s"] = time.perf_counter() - tokens_began
        result["jieba_chunks_per_s"] = _jieba_speed(corpus, tokenizer)
        result["lexical"] = _lexical(token_lists, query_tokens, work, settings.repeat)
        if size <= settings.rank_bm25_limit:
            _progress("rank_bm25")
            result["rank_bm25"] = _rank_bm25(token_lists, query_tokens)
        del token_lists
        gc.collect()
        if settings.pipeline:
            _progress("pipeline")
            result["pipeline"] = _pipeline(corpus, vectors, work, embedder, config, settings, queries, truth)
    del vectors
    gc.collect()
    return result


def _progress(stage: str) -> None:
    print(f"   … {stage}", flush=True)


def _dense(kind: str, vectors: np.ndarray, queries: np.ndarray, truth: np.ndarray, filters: dict,
           work: Path, repeat: int) -> dict:
    began = time.perf_counter()
    index, _ = build_dense(vectors, kind)
    build_s = time.perf_counter() - began
    path = work / f"{kind}.faiss"
    save_dense(index, path)
    memory = _probe_memory("dense", path)
    latency, found = timed(lambda q, ix=index: [r for r, _ in search_dense(ix, q, CANDIDATES)], queries, repeat)
    entry = {"build_s": build_s, "disk_bytes": sum(p.stat().st_size for p in dense_files(path)), "rss_added_bytes": memory.get("rss_added_bytes"),
             "load_s": memory.get("load_s"), "params": dense_params(index), "latency": latency.to_json(),
             "recall@10": _mean_recall(found, truth, 10), "recall@100": _mean_recall(found, truth, CANDIDATES)}
    entry["sweep"] = _sweep(index, queries[:SWEEP_QUESTIONS], truth[:SWEEP_QUESTIONS])
    entry["filtered"] = {name: _filtered(index, vectors, queries[:FILTER_QUESTIONS], rows)
                         for name, rows in filters.items()}
    del index
    return entry


def _sweep(index, queries: np.ndarray, truth: np.ndarray) -> list[dict]:
    """Latency and recall@10 for each efSearch (HNSW) or nprobe (IVF) setting."""
    import faiss

    points = []
    graph = index.graph if isinstance(index, RefinedGraph) else index
    if isinstance(graph, faiss.IndexHNSW):
        name, values, saved = "efSearch", EF_SWEEP, graph.hnsw.efSearch
        setter = lambda v: setattr(graph.hnsw, "efSearch", v)  # noqa: E731
    elif isinstance(index, faiss.IndexIVF):
        name, values, saved = "nprobe", [v for v in NPROBE_SWEEP if v <= index.nlist], index.nprobe
        setter = lambda v: setattr(index, "nprobe", v)  # noqa: E731
    else:
        return points
    for value in values:
        setter(value)
        latency, found = timed(lambda q, ix=index: [r for r, _ in search_dense(ix, q, CANDIDATES)], queries)
        points.append({"param": name, "value": value, "p50_ms": latency.p50_ms,
                       "recall@10": _mean_recall(found, truth, 10), "recall@100": _mean_recall(found, truth, CANDIDATES)})
    setter(saved)
    return points


def _filters(corpus: SyntheticCorpus) -> dict[str, np.ndarray]:
    """Rows of one city-and-year, one city, one year: what a filter or a question's scope selects."""
    meta = corpus.documents[0]
    cities = np.array([m.city for m in corpus.documents])
    years = np.array([m.year for m in corpus.documents])
    doc_ok = {"city+year": (cities == meta.city) & (years == meta.year), "city": cities == meta.city,
              "year": years == meta.year}
    return {name: np.flatnonzero(ok[corpus.chunk_doc]) for name, ok in doc_ok.items()}


def _filtered(index, vectors: np.ndarray, queries: np.ndarray, rows: np.ndarray) -> dict:
    subset = vectors[rows]
    truth = rows[exact_top_k(subset, queries, 10)]
    latency, found = timed(lambda q: [r for r, _ in search_dense(index, q, CANDIDATES, rows)], queries)
    return {"rows": int(len(rows)), "p50_ms": latency.p50_ms, "p95_ms": latency.p95_ms,
            "recall@10": _mean_recall(found, truth, 10)}


def _mean_recall(found: list, truth: np.ndarray, k: int) -> float:
    return float(np.mean([recall_at(f, t, k) for f, t in zip(found, truth)]))


def _probe_memory(what: str, path: Path) -> dict:
    result = run_timed(python_command("-m", "bench.probe", what, str(path)))
    return json.loads(result.stdout) if result.returncode == 0 else {}


def _jieba_speed(corpus: SyntheticCorpus, tokenizer: Tokenizer) -> float:
    """Chunks per second that jieba tokenises whole synthetic passages (for the full-build estimate)."""
    from hws import passage_text

    texts: list[str] = []
    for meta, _, chunks in corpus.documents_with_text():
        texts += [passage_text(c, meta) for c in chunks]
        if len(texts) >= JIEBA_SAMPLE:
            break
    began = time.perf_counter()
    for text in texts:
        tokenizer(text)
    return len(texts) / (time.perf_counter() - began)


def _lexical(token_lists: list[list[str]], query_tokens: list[list[str]], work: Path, repeat: int) -> dict:
    began = time.perf_counter()
    lexical = LexicalIndex.build(token_lists)
    build_s = time.perf_counter() - began
    folder = work / "lexical"
    lexical.save(folder)
    memory = _probe_memory("lexical", folder)
    latency, _ = timed(lambda t: lexical.top(t, CANDIDATES), query_tokens, repeat)
    return {"build_s": build_s, "disk_bytes": _folder_bytes(folder), "rss_added_bytes": memory.get("rss_added_bytes"),
            "load_s": memory.get("load_s"), "latency": latency.to_json(),
            "tokens": int(sum(len(t) for t in token_lists))}


def _rank_bm25(token_lists: list[list[str]], query_tokens: list[list[str]]) -> dict:
    began = time.perf_counter()
    yardstick = RankBM25(token_lists)
    build_s = time.perf_counter() - began
    latency, _ = timed(lambda t: yardstick.top(t, CANDIDATES), query_tokens[:40])
    return {"build_s": build_s, "latency": latency.to_json()}


def _pipeline(corpus: SyntheticCorpus, vectors: np.ndarray, work: Path, embedder: Embedder, config: Config,
              settings: ScaleSettings, queries: np.ndarray, truth: np.ndarray) -> dict:
    """Publish the synthetic corpus as an index version (auto index type) and query it for real."""
    began = time.perf_counter()
    index_dir = work / "index"
    staging = store.new_version_dir(index_dir)
    kind = choose_index_type(corpus.size)
    built = work / f"{kind}.faiss"
    if built.exists():
        for part in dense_files(built):
            shutil.copyfile(built.parent / part.name, staging / part.name.replace(built.name, store.DENSE_FILE))
    else:
        save_dense(build_dense(vectors, kind)[0], staging / store.DENSE_FILE)
    shutil.copytree(work / "lexical", staging / store.LEXICAL_DIR)
    documents, chunks = [], []
    for meta, text, doc_chunks in corpus.documents_with_text():
        documents.append((meta, "", text))
        chunks.extend(doc_chunks)
    write_chunk_store(staging, documents, chunks)
    del documents, chunks
    manifest = Manifest.new(
        model_id=embedder.model_id, model=config.model, dim=int(embedder.dim), corpus_dir="(synthetic)",
        corpus_fingerprint=f"synthetic-{corpus.size}", documents={}, doc_count=len(corpus.documents),
        chunk_count=corpus.size, index_type=kind, chunker=config.chunker, chunk_size=config.chunk_size,
        chunk_overlap=config.chunk_overlap)
    folder = store.publish(index_dir, staging, manifest)
    publish_s = time.perf_counter() - began
    cold = run_timed(python_command("-m", "index", "search", settings.questions[0], "--json", "--index-dir",
                                    str(index_dir)))
    probe = run_timed(python_command("-m", "bench.probe", "search", str(index_dir), settings.questions[1]))
    parts = json.loads(probe.stdout) if probe.returncode == 0 else {}
    warm = run_timed(python_command("-m", "bench.probe", "search", str(index_dir), settings.questions[1], "--warm"),
                     stdin="\n".join(settings.questions))
    warm_parts = json.loads(warm.stdout) if warm.returncode == 0 else {}
    served = load_dense(folder / store.DENSE_FILE)  # as SearchIndex opens it (memory-mapped)
    served_recall = _mean_recall([[r for r, _ in search_dense(served, q, CANDIDATES)] for q in queries], truth, 10)
    del served
    index = SearchIndex(folder, embedder=embedder)
    index.query_cache_size = 0  # every repeat embeds its question again
    for q in settings.questions[:3]:
        index.search(q)
    repeat = settings.repeat if corpus.size < 1_000_000 else 1
    modes = {m: timed(lambda q, m=m, ix=index: ix.search(q, k=10, mode=m), settings.questions, repeat)[0].to_json()
             for m in MODES}
    embed = timed(index.query_vector, settings.questions)[0].to_json()
    del index
    gc.collect()
    return {"index_type": kind, "publish_s": publish_s, "disk_bytes": _folder_bytes(folder),
            "chunk_store_bytes": (folder / CHUNKS_DB).stat().st_size,
            "cold_start_s": cold.seconds, "cold_start_ok": cold.returncode == 0, "cold_peak_rss_bytes": cold.peak_rss_bytes,
            "cold_parts": parts, "warm_parts": warm_parts, "served_recall@10": served_recall,
            "modes": modes, "query_embedding": embed}


def _recall(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _rss_split(parts: dict) -> str:
    if "warm_rss_bytes" not in parts:
        return "-"
    anon, file = parts.get("warm_rss_anon_bytes", 0), parts.get("warm_rss_file_bytes", 0)
    return f"{parts['warm_rss_bytes'] / 2**20:,.0f} ({anon / 2**20:,.0f} + {file / 2**20:,.0f})"


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _mb(n: int | None) -> str:
    return "-" if n is None else f"{n / 1e6:,.0f}" if n >= 10e6 else f"{n / 1e6:.1f}"


def tables_for(runs: list[dict], settings: ScaleSettings) -> list[Table]:
    """The printed tables for the given runs (one row group per corpus size)."""
    vectors_note = ("vectors: composed from the bundled model's vectors of each chunk's sentences "
                    "(bench/synthetic.py), not embedded: embedding a million chunks takes days on two cores"
                    if settings.vectors == "composed" else
                    "vectors: i.i.d. random unit vectors (no neighbourhood structure: the worst case for ANN)")
    dense = Table(f"Dense search at scale (top-{CANDIDATES} per query, {settings.source})",
                  ["chunks", "index", "build s", "disk MB", "RSS MiB", "p50 ms", "p95 ms", "recall@10", "recall@100",
                   "p50 vs numpy", "p50 vs bound"])
    sweep = Table("Approximate index settings (recall@10 against exact; the default is marked *)",
                  ["chunks", "index", "setting", "p50 ms", "recall@10", "recall@100"])
    filtered = Table(f"Filtered dense search (first {FILTER_QUESTIONS} questions; recall against exact search "
                     "within the filter)", ["chunks", "index", "filter", "rows", "p50 ms", "p95 ms", "recall@10"])
    lexical = Table(f"Lexical search at scale (BM25 top-{CANDIDATES}; jieba tokens)",
                    ["chunks", "tokens", "build s", "disk MB", "RSS MiB", "p50 ms", "p95 ms", "rank_bm25 build s",
                     "rank_bm25 p50 ms", "p50 vs rank_bm25"])
    pipeline = Table("Whole pipeline at scale (SearchIndex.search, k=10, model embeds each query; auto index type)",
                     ["chunks", "index", "publish s", "disk MB", "cold start s", "peak RSS MiB", "hybrid p50/p95 ms",
                      "dense p50/p95 ms", "lexical p50/p95 ms", "query embedding p50 ms", "served recall@10",
                      "RSS after all questions MiB (anon + file)", "bound ms"])
    for run in runs:
        size = f"{run['size']:,}"
        numpy_ms, bound = run["numpy"]["p50_ms"], run["scan_bound_ms"]
        dense.add(size, "numpy brute force (yardstick)", "-", "-", f"{run['vector_bytes'] / 2**20:,.0f}",
                  fmt_ms(numpy_ms), fmt_ms(run["numpy"]["p95_ms"]), "1", "1", "1×", ratio(numpy_ms, bound))
        dense.add(size, f"bandwidth bound ({run['vector_bytes'] / 1e6:,.0f} MB scan)", "-", "-", "-", fmt_ms(bound),
                  "-", "-", "-", "-", "1×")
        for kind, entry in run["dense"].items():
            lat = entry["latency"]
            rss = entry["rss_added_bytes"]
            auto = " (auto)" if kind == run["auto_type"] else ""
            dense.add(size, kind + auto, f"{entry['build_s']:.1f}", _mb(entry["disk_bytes"]),
                      "-" if rss is None else f"{rss / 2**20:,.0f}", fmt_ms(lat["p50_ms"]), fmt_ms(lat["p95_ms"]),
                      f"{entry['recall@10']:.3f}", f"{entry['recall@100']:.3f}", ratio(lat["p50_ms"], numpy_ms),
                      ratio(lat["p50_ms"], bound))
            default = entry["params"].get("ef_search", entry["params"].get("nprobe"))
            for point in entry["sweep"]:
                mark = "*" if point["value"] == default else ""
                sweep.add(size, kind, f"{point['param']}={point['value']}{mark}", fmt_ms(point["p50_ms"]),
                          f"{point['recall@10']:.3f}", f"{point['recall@100']:.3f}")
            for name, f in entry["filtered"].items():
                filtered.add(size, kind, name, f"{f['rows']:,}", fmt_ms(f["p50_ms"]), fmt_ms(f["p95_ms"]),
                             f"{f['recall@10']:.3f}")
        lex = run["lexical"]
        rank = run.get("rank_bm25")
        lexical.add(size, f"{lex['tokens']:,}", f"{lex['build_s']:.1f}", _mb(lex["disk_bytes"]),
                    "-" if lex["rss_added_bytes"] is None else f"{lex['rss_added_bytes'] / 2**20:,.0f}",
                    fmt_ms(lex["latency"]["p50_ms"]), fmt_ms(lex["latency"]["p95_ms"]),
                    f"{rank['build_s']:.1f}" if rank else "not run", fmt_ms(rank["latency"]["p50_ms"]) if rank else "-",
                    ratio(lex["latency"]["p50_ms"], rank["latency"]["p50_ms"]) if rank else "-")
        pipe = run.get("pipeline")
        if pipe:
            m = pipe["modes"]
            pipeline.add(size, pipe["index_type"], f"{pipe['publish_s']:.1f}", _mb(pipe["disk_bytes"]),
                         f"{pipe['cold_start_s']:.1f}", f"{pipe['cold_peak_rss_bytes'] / 2**20:,.0f}",
                         *(f"{fmt_ms(m[k]['p50_ms'])} / {fmt_ms(m[k]['p95_ms'])}" for k in ("hybrid", "dense", "lexical")),
                         fmt_ms(pipe["query_embedding"]["p50_ms"]), _recall(pipe.get("served_recall@10")),
                         _rss_split(pipe.get("warm_parts") or {}), fmt_ms(bound))
    dense.notes += [vectors_note, "RSS: memory added by loading the saved index in a fresh process (bench.probe); "
                    "bound: vector bytes ÷ measured copy bandwidth; build time includes IVF training on a sample"]
    lexical.notes.append("chunk token lists are assembled from per-sentence jieba tokens (same result as tokenising "
                         "each passage); a real build also runs jieba over every chunk: "
                         + "; ".join(f"{r['size']:,} chunks ≈ {r['size'] / r['jieba_chunks_per_s']:,.0f} s "
                                     f"at {r['jieba_chunks_per_s']:,.0f} chunks/s" for r in runs))
    lexical.notes.append(f"rank_bm25 is run up to {settings.rank_bm25_limit:,} chunks (pure Python; its index of "
                         "dicts needs several GB beyond that)")
    pipeline.notes.append("targets at 1M chunks: hybrid p50 ≤ 30 ms, cold start ≤ 5 s, resident memory ≤ 2 GB, "
                          "recall@10 ≥ 0.98; served recall@10: the index file as SearchIndex opens it (memory-mapped) "
                          "against exact search; RSS after all questions: a fresh process (bench.probe --warm) after "
                          "searching every benchmark question once; file pages are the mapped index files (shared "
                          "between processes, reclaimable); bound: dense vector bytes ÷ copy bandwidth")
    pipeline.notes.append("publish: writing chunks.sqlite and the manifest, copying the dense and BM25 files built "
                          "above; cold start: `python -m index search Q --json`, process start to exit")
    parts = [f"{r['size']:,}: imports {p['import_s']:.1f} s, open {p['open_s']:.1f} s, first search "
             f"{p['first_search_s'] * 1000:.0f} ms, RSS {p['rss_bytes'] / 2**20:,.0f} MiB"
             for r in runs if (p := (r.get("pipeline") or {}).get("cold_parts"))]
    if parts:
        pipeline.notes.append("cold start by part (bench.probe): " + "; ".join(parts))
    return [t for t in (dense, sweep, filtered, lexical, pipeline) if t.rows]
