"""Query latency on the seed corpus: the Python API, the CLI batch mode and a cold start.

Every figure stands beside its yardstick from the same run: the query embedding alone (the floor
of any dense or hybrid search with this model), numpy brute force and the bandwidth bound for the
vector scan, rank_bm25 for BM25, the Python API for the CLI, `python -c pass` for a cold start.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.processes import batch_latencies, python_command, run_timed
from bench.report import Table
from bench.stats import Latency, fmt_ms, ratio, timed
from bench.yardsticks import RankBM25, numpy_top_k, scan_bound_ms
from hws import CANDIDATES, MODES, Config, VectorCache, answer_question, build_index, open_index, passage_text
from hws.parts import LexicalIndex, load_dense, search_dense
from hws.parts import index_store as store


@dataclass(frozen=True)
class QuerySettings:
    questions: list[str]
    source: str
    repeat: int
    cold_runs: int
    bandwidth: float  # bytes/s, from yardsticks.copy_bandwidth


def run(config: Config, settings: QuerySettings) -> tuple[list[Table], dict]:
    """Build the seed index into a temporary folder (vectors from the shared cache) and time queries."""
    with tempfile.TemporaryDirectory(prefix="bench-seed-") as tmp:
        seed_config = config.with_(index_dir=Path(tmp) / "index", show_progress=False)
        report = build_index(seed_config)
        index = open_index(seed_config.index_dir)
        index.query_cache_size = 0  # every repeat embeds its question again
        return _measure(index, seed_config, settings, report.seconds)


def _measure(index, config: Config, settings: QuerySettings, build_seconds: float) -> tuple[list[Table], dict]:
    questions, repeat = settings.questions, settings.repeat
    for q in questions[:3]:  # warm caches, jieba, the engine's buffers
        index.search(q)
    modes = {mode: timed(lambda q, m=mode: index.search(q, k=10, mode=m), questions, repeat)[0] for mode in MODES}

    embed, vectors_q = timed(index.query_vector, questions, repeat)
    tokenize, tokens_q = timed(index.query_tokens, questions, repeat)
    dense = load_dense(index.folder / store.DENSE_FILE)
    stored = dense.reconstruct_n(0, dense.ntotal)
    faiss_part, _ = timed(lambda v: search_dense(dense, v, CANDIDATES), vectors_q, repeat)
    numpy_part, _ = timed(lambda v: numpy_top_k(stored, v, CANDIDATES), vectors_q, repeat)
    bound = scan_bound_ms(stored.nbytes, settings.bandwidth)
    lexical = LexicalIndex.load(index.folder / store.LEXICAL_DIR)
    bm25s_part, _ = timed(lambda t: lexical.top(t, CANDIDATES), tokens_q, repeat)
    chunk_tokens = [index.query_tokens(passage_text(c, index.meta(c.doc_id))) for c in index.all_chunks()]
    rank_bm25 = RankBM25(chunk_tokens)
    rank_part, _ = timed(lambda t: rank_bm25.top(t, CANDIDATES), tokens_q, repeat)

    ask_first, ask_again = _answer_latency(index, questions, repeat)

    cli = python_command("-m", "index", "search", "--stdin", "-k", "10", "--index-dir", str(config.index_dir))
    # each question once: the process caches question vectors, so a repeat would time a cache hit
    gaps, batch_wall, code = batch_latencies(cli, list(dict.fromkeys(questions)))
    batch = Latency.of(gaps)
    cold = [run_timed(python_command("-m", "index", "search", q, "--json", "-k", "10",
                                     "--index-dir", str(config.index_dir)))
            for q in questions[:settings.cold_runs]]
    bare = [run_timed(python_command("-c", "pass")) for _ in range(3)]
    probe = run_timed(python_command("-m", "bench.probe", "search", str(config.index_dir), questions[0]))
    parts = json.loads(probe.stdout) if probe.returncode == 0 else {}

    n = index.manifest.chunk_count
    table = Table(
        f"Query latency on the seed corpus ({n} chunks, {index.embedder.model_id}, warm, k=10; "
        f"{settings.source} × {repeat})",
        ["what", "p50 ms", "p95 ms", "yardstick (same run)", "yardstick p50 ms", "ratio"])
    table.add("search hybrid (SearchIndex.search)", fmt_ms(modes["hybrid"].p50_ms), fmt_ms(modes["hybrid"].p95_ms),
              "query embedding alone", fmt_ms(embed.p50_ms), ratio(modes["hybrid"].p50_ms, embed.p50_ms))
    table.add("search dense", fmt_ms(modes["dense"].p50_ms), fmt_ms(modes["dense"].p95_ms),
              "query embedding + numpy brute force", fmt_ms(embed.p50_ms + numpy_part.p50_ms),
              ratio(modes["dense"].p50_ms, embed.p50_ms + numpy_part.p50_ms))
    table.add("search lexical", fmt_ms(modes["lexical"].p50_ms), fmt_ms(modes["lexical"].p95_ms),
              "jieba + rank_bm25 top-100", fmt_ms(tokenize.p50_ms + rank_part.p50_ms),
              ratio(modes["lexical"].p50_ms, tokenize.p50_ms + rank_part.p50_ms))
    table.add("· query embedding (model)", fmt_ms(embed.p50_ms), fmt_ms(embed.p95_ms), "", "", "")
    table.add(f"· dense top-{CANDIDATES} given the vector (retrieval.dense)", fmt_ms(faiss_part.p50_ms),
              fmt_ms(faiss_part.p95_ms), "numpy brute force", fmt_ms(numpy_part.p50_ms),
              ratio(faiss_part.p50_ms, numpy_part.p50_ms))
    table.add("", "", "", f"bandwidth bound ({stored.nbytes / 1e6:.2f} MB scanned)", fmt_ms(bound),
              ratio(faiss_part.p50_ms, bound))
    table.add("· query tokens (jieba)", fmt_ms(tokenize.p50_ms), fmt_ms(tokenize.p95_ms), "", "", "")
    table.add(f"· BM25 top-{CANDIDATES} given the tokens (bm25s)", fmt_ms(bm25s_part.p50_ms),
              fmt_ms(bm25s_part.p95_ms), "rank_bm25 (BM25Okapi)", fmt_ms(rank_part.p50_ms),
              ratio(bm25s_part.p50_ms, rank_part.p50_ms))
    table.add("direct answer (search + answer_question), empty sentence cache", fmt_ms(ask_first.p50_ms),
              fmt_ms(ask_first.p95_ms), "SearchIndex.search hybrid", fmt_ms(modes["hybrid"].p50_ms),
              ratio(ask_first.p50_ms, modes["hybrid"].p50_ms))
    table.add("direct answer, sentence vectors cached (a question asked again)", fmt_ms(ask_again.p50_ms),
              fmt_ms(ask_again.p95_ms), "SearchIndex.search hybrid", fmt_ms(modes["hybrid"].p50_ms),
              ratio(ask_again.p50_ms, modes["hybrid"].p50_ms))
    table.add("CLI batch hybrid, per question (`search --stdin`, subprocess)", fmt_ms(batch.p50_ms),
              fmt_ms(batch.p95_ms), "SearchIndex.search hybrid", fmt_ms(modes["hybrid"].p50_ms),
              ratio(batch.p50_ms, modes["hybrid"].p50_ms))
    cold_lat = Latency.of(r.seconds for r in cold)
    bare_lat = Latency.of(r.seconds for r in bare)
    table.add(f"cold start: `python -m index search Q` start → answer (×{len(cold)})", fmt_ms(cold_lat.p50_ms),
              fmt_ms(max(r.seconds for r in cold) * 1000), "`python -c pass`", fmt_ms(bare_lat.p50_ms),
              ratio(cold_lat.p50_ms, bare_lat.p50_ms))
    if parts:
        table.notes.append(
            f"cold start by part (python -m bench.probe): imports {parts['import_s']:.2f} s, open index + load model "
            f"{parts['open_s']:.2f} s, first search {parts['first_search_s'] * 1000:.0f} ms; "
            f"RSS after the first answer {parts['rss_bytes'] / 2**20:.0f} MiB "
            f"(peak of the CLI run {max(r.peak_rss_bytes for r in cold) / 2**20:.0f} MiB)")
    table.notes.append(f"the index was built from the shared vector cache in {build_seconds:.1f} s; "
                       f"CLI batch exit code {code}, {len(gaps) + 1} answers in {batch_wall:.1f} s")
    raw = {
        "chunks": n, "model_id": index.embedder.model_id, "questions": settings.source, "repeat": repeat,
        "modes": {m: lat.to_json() for m, lat in modes.items()},
        "query_embedding": embed.to_json(), "query_tokens": tokenize.to_json(),
        "dense_given_vector": faiss_part.to_json(), "numpy_brute_force": numpy_part.to_json(),
        "scan_bound_ms": bound, "bm25s_given_tokens": bm25s_part.to_json(), "rank_bm25": rank_part.to_json(),
        "answer_first_pass": ask_first.to_json(), "answer_cached": ask_again.to_json(),
        "cli_batch": batch.to_json(), "cold_start_s": [r.seconds for r in cold],
        "cold_start_peak_rss_bytes": [r.peak_rss_bytes for r in cold], "python_startup_s": [r.seconds for r in bare],
        "cold_start_parts": parts,
    }
    return [table], raw


def _answer_latency(index, questions: list[str], repeat: int) -> tuple[Latency, Latency]:
    """The `ask` path: search, then the sentences of the top passages (up to SECTION_CHUNKS chunks of
    each hit's section) embedded and scored. First each question once with an empty sentence-vector
    cache (sentences shared by earlier questions are cached by then, as in a session), then again
    with every vector cached."""
    unique = list(dict.fromkeys(questions))
    with tempfile.TemporaryDirectory(prefix="bench-sentences-") as tmp:
        cache = VectorCache(Path(tmp) / "vectors.sqlite")

        def ask(question: str) -> object:
            return answer_question(index, question, index.search(question, k=10), cache)

        first, _ = timed(ask, unique)
        again, _ = timed(ask, unique, repeat)
    return first, again
