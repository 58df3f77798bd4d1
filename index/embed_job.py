"""`python -m index embed`: embed every chunk the vector cache lacks, on Ray or in this process.

The job chunks the corpus exactly as `index build` does (same chunks, same passage_text), keeps
the chunks whose (model, text) key is not cached, plans them as token-sized batches
(embed.batches) and embeds them with an engine: `ray` (index.ray_engine: an actor pool on a local
Ray or a cluster) or `local` (this process; the single-process baseline with the same shards).
Each finished batch becomes a Parquet shard (embed.shards); at the end the shards are imported
into the vector cache, where `index build` finds every vector and embeds nothing.

A job that is interrupted leaves its finished shards behind; the next run imports them first, so
it embeds only what is still missing.
"""
from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np
from filelock import FileLock, Timeout
from tqdm.auto import tqdm

from core.config import Config
from core.errors import CorpusError, HwsError
from core.types import Chunk
from embed import load_embedder
from embed.batches import Batch, approx_tokens, plan_batches
from embed.cache import VectorCache, cache_key
from embed.device import CPU_ONLY_MODELS, choose_device, token_budget_for
from embed.identity import model_id_for
from embed.shards import ShardImport, import_shards, remove_partial, shard_dir, write_shard
from index.build import passage_text
from index.ray_engine import BatchResult
from index.token_cache import (
    TOKENS_FILE,
    TokenCache,
    import_token_shards,
    token_key,
    token_shard_dir,
    tokenizer_id,
    write_token_shard,
)
from ingest.chunking import chunk_document
from ingest.corpus import load_corpus
from retrieval.sentences import sentence_units
from text.script import for_embedding

Engine = Literal["ray", "local"]
ENGINES: tuple[str, ...] = ("ray", "local")
TOKENIZE_BATCH_TOKENS = 200_000  # jieba does ~1k chunks/s: ≤ ~0.5 s of work per batch, enough to hide Ray's cost


class EmbedJobError(HwsError):
    """The embedding job cannot run as asked (another job holds the shards, a batch came back wrong)."""


@dataclass(frozen=True)
class EmbedJobReport:
    engine: str
    model_id: str
    device: str  # where the model ran: cpu or cuda[:N] ("-" when nothing was embedded)
    workers: int
    chunks: int  # chunks in the corpus
    unique: int  # distinct (model, text) keys among them
    cached: int  # keys already in the vector cache when the job started
    resumed: int  # vectors imported from shards an interrupted run had written
    embedded: int  # chunks embedded by this run
    batches: int
    seconds: float  # the whole job, reading the corpus included
    startup_seconds: float  # starting or joining Ray (0 for the local engine)
    embed_seconds: float  # after that: starting actors and loading models, to the last shard written
    worker_seconds: float  # time workers spent inside the model, added up
    warnings: tuple[str, ...]  # unreadable documents, shards set aside
    tokenized: int = 0  # chunks tokenised for BM25 by this run (--lexical)
    tokens_cached: int = 0  # chunks whose tokens were already cached (or resumed)
    token_seconds: float = 0.0  # the tokenising pass, actor start-up included

    @property
    def chunks_per_s(self) -> float:
        """Throughput of the job's embedding phase, start-up and model loading included."""
        return self.embedded / self.embed_seconds if self.embed_seconds > 0 else 0.0

    @property
    def worker_chunks_per_s(self) -> float:
        """One worker's throughput while it embeds: what a cluster of N such workers multiplies."""
        return self.embedded / self.worker_seconds if self.worker_seconds > 0 else 0.0

    def summary(self) -> str:
        if not self.embedded:
            return (f"无需嵌入 (nothing to embed): {self.chunks} 个段落 (chunks) 的向量都已缓存 "
                    f"(cached {self.cached}, resumed {self.resumed}), 用时 {self.seconds:.1f} 秒{self._lexical()}")
        speed = f", {self.chunks_per_s:.1f} 段/秒 chunks/s (每个工作进程 per worker {self.worker_chunks_per_s:.1f})"
        return (f"嵌入完成 (embedded): {self.chunks} 个段落 (chunks), 已缓存 cached {self.cached}, "
                f"续用分片 resumed {self.resumed}, 新嵌入 {self.embedded} ({self.batches} 批 batches, "
                f"{self.engine} × {self.workers}, {self.device}), 用时 {self.seconds:.1f} 秒{speed}{self._lexical()}")

    def _lexical(self) -> str:
        if not (self.tokenized or self.tokens_cached):
            return ""
        return f"; 分词 tokenised {self.tokenized} (已缓存 cached {self.tokens_cached}, {self.token_seconds:.1f} 秒)"


def _corpus_chunks(config: Config) -> tuple[list[str], list[Chunk], tuple[str, ...]]:
    corpus = load_corpus(config.corpus_dir)
    if not corpus.documents:
        detail = "; ".join(corpus.skipped) or "没有支持的文件 (.txt .html .pdf .docx)"
        raise CorpusError(f"语料目录中没有可读取的文档 ({config.corpus_dir}): {detail}")
    metas = {d.doc_id: d.meta for d in corpus.documents}
    chunks = [c for d in corpus.documents for c in chunk_document(d, config.chunker, config.chunk_size,
                                                                  config.chunk_overlap)]
    return [passage_text(c, metas[c.doc_id]) for c in chunks], chunks, corpus.skipped


def corpus_passages(config: Config) -> tuple[list[str], tuple[str, ...]]:
    """The chunk passages of config.corpus_dir as `index build` writes them, in its order, and the
    read warnings."""
    passages, _, skipped = _corpus_chunks(config)
    return passages, skipped


@dataclass(frozen=True)
class CorpusUnits:
    """Everything `index build` embeds and tokenises for a corpus: chunk passages and sentence units."""

    embed: list[str]      # as embedded: traditional-Chinese texts simplified (text.script.for_embedding)
    tokenise: list[str]   # as tokenised for BM25: the texts as written
    skipped: tuple[str, ...]


def corpus_units(config: Config) -> CorpusUnits:
    """What a build of config.corpus_dir will look up in the vector and token caches, so a job that
    fills them leaves the build nothing to embed or tokenise."""
    passages, chunks, skipped = _corpus_chunks(config)
    texts = passages + list(sentence_units([c.text for c in chunks]).texts)
    return CorpusUnits(list(dict.fromkeys(for_embedding(t) for t in texts)), texts, skipped)


def run_embed_job(config: Config, *, engine: Engine = "ray", address: str | None = None,
                  workers: int | None = None, device: str | None = None, batch_tokens: int | None = None,
                  lexical: bool = False, progress: bool | None = None) -> EmbedJobReport:
    """Embed the chunks of config.corpus_dir whose vectors config.cache_dir lacks.

    engine: 'ray' (address None: a local Ray with `workers` CPUs; else the cluster there) or
    'local'. workers: actors (None: one per CPU, or per GPU, of the Ray instance; 'local' is one).
    device: for sentence-transformers models, 'auto' (GPU when there is one), 'cpu', 'cuda'.
    batch_tokens: padded tokens per batch (None: by device, embed.device.token_budget_for).
    lexical: also tokenise the chunks for BM25 on the workers (index.token_cache).
    progress: a bar in chunks with chunks/s and ETA (None: config.show_progress)."""
    started = time.perf_counter()
    _check(engine, workers, batch_tokens)
    units = corpus_units(config)
    report = embed_missing(units.embed, config, engine=engine, address=address, workers=workers, device=device,
                           batch_tokens=batch_tokens, lexical=lexical, progress=progress, token_texts=units.tokenise)
    return replace(report, seconds=time.perf_counter() - started, warnings=tuple(units.skipped) + report.warnings)


def embed_missing(texts: Sequence[str], config: Config, *, engine: Engine = "ray", address: str | None = None,
                  workers: int | None = None, device: str | None = None, batch_tokens: int | None = None,
                  lexical: bool = False, progress: bool | None = None,
                  token_texts: Sequence[str] | None = None) -> EmbedJobReport:
    """The job for given passage texts (run_embed_job's, and the benchmark's on chosen chunks):
    embed those whose key config.cache_dir lacks with config.model, through shards; with
    `lexical`, tokenise those whose tokens it lacks the same way (`token_texts`, default `texts`)."""
    started = time.perf_counter()
    _check(engine, workers, batch_tokens)
    show = config.show_progress if progress is None else progress
    model_id = model_id_for(config.model)
    vectors = VectorCache(config.vector_cache_path)
    folder = shard_dir(config.cache_dir, model_id)
    with _job_lock(folder):
        remove_partial(folder)
        vec = _prepare({cache_key(model_id, t): t for t in texts}, vectors.known,
                       lambda: import_shards(vectors, folder, model_id))
        tok = _Pending({}, set(), set(), ())
        if lexical:
            tokens, tok_id = TokenCache(config.cache_dir / TOKENS_FILE), tokenizer_id()
            tok_folder = token_shard_dir(config.cache_dir, tok_id)
            remove_partial(tok_folder)
            tok = _prepare({token_key(tok_id, t): t for t in (texts if token_texts is None else token_texts)},
                           tokens.known,
                           lambda: import_token_shards(tokens, tok_folder, tok_id))
        with contextlib.ExitStack() as stack:
            starting = time.perf_counter()
            if engine == "ray" and (vec.pending or tok.pending):
                from index import ray_engine

                if ray_engine.start_ray(address, workers):
                    stack.callback(ray_engine.stop_ray)
            startup = time.perf_counter() - starting
            run = _embed(vec.pending, config, model_id, folder, engine=engine, workers=workers, device=device,
                         batch_tokens=batch_tokens, show=show)
            tok_run = _tokenize(tok.pending, tok_id, tok_folder, engine=engine, workers=workers,
                                show=show) if lexical else _Run("-", 0, 0, 0.0, 0.0)
        final = import_shards(vectors, folder, model_id)
        _all_there(vec, vectors.known, "向量 vector")
        bad = vec.bad + final.bad
        if lexical:
            bad += tok.bad + import_token_shards(tokens, tok_folder, tok_id).bad
            _all_there(tok, tokens.known, "分词 token list")
    return EmbedJobReport(
        engine=engine, model_id=model_id, device=run.device, workers=max(run.workers, tok_run.workers),
        chunks=len(texts), unique=len(vec.items), cached=len(vec.cached), resumed=len(vec.known) - len(vec.cached),
        embedded=len(vec.pending), batches=run.batches, seconds=time.perf_counter() - started,
        startup_seconds=startup, embed_seconds=run.seconds, worker_seconds=run.worker_seconds,
        tokenized=len(tok.pending), tokens_cached=len(tok.known), token_seconds=tok_run.seconds,
        warnings=bad)


def _check(engine: str, workers: int | None, batch_tokens: int | None) -> None:
    if engine not in ENGINES:
        raise EmbedJobError(f"未知引擎 unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if workers is not None and workers < 1:
        raise EmbedJobError(f"--workers 应至少为 1 (at least one worker), got {workers}")
    if batch_tokens is not None and batch_tokens < 1:
        raise EmbedJobError(f"--batch-tokens 应至少为 1 (at least one token), got {batch_tokens}")


@contextlib.contextmanager
def _job_lock(folder: Path) -> Iterator[None]:
    """One job at a time per model's shards (two would plan the same batches twice)."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / ".lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise EmbedJobError(f"另一个嵌入任务正在使用 {folder} (another embedding job is running on these shards)") from None
    try:
        yield
    finally:
        lock.release()


@dataclass(frozen=True)
class _Pending:
    items: dict[str, str]  # key → text, every text of the job
    cached: set[str]  # keys in the cache before the job
    known: set[str]  # … after importing an interrupted run's shards
    bad: tuple[str, ...]  # shards set aside

    @property
    def pending(self) -> dict[str, str]:
        return {k: t for k, t in self.items.items() if k not in self.known}


def _prepare(items: dict[str, str], known: Callable[[list[str]], set[str]],
             import_leftovers: Callable[[], ShardImport]) -> _Pending:
    cached = known(list(items))
    leftover = import_leftovers()
    return _Pending(items, cached, known(list(items)), leftover.bad)


def _all_there(job: _Pending, known: Callable[[list[str]], set[str]], what: str) -> None:
    missing = len(job.items) - len(known(list(job.items)))
    if missing:
        raise EmbedJobError(f"{missing} 个段落没有{what} (chunks left without one); 请重新运行 (run it again)")


@dataclass(frozen=True)
class _Run:
    device: str
    workers: int
    batches: int
    seconds: float
    worker_seconds: float


def _embed(pending: dict[str, str], config: Config, model_id: str, folder: Path, *, engine: Engine,
           workers: int | None, device: str | None, batch_tokens: int | None, show: bool) -> _Run:
    """Plan `pending` {key: text} as batches for the device the engine offers, and write each
    batch's vectors as a shard as it arrives."""
    if not pending:
        return _Run("-", 0, 0, 0.0, 0.0)
    began = time.perf_counter()
    if engine == "ray":
        from index import ray_engine

        gpu = ray_engine.wants_gpu(config.model, device)
        place = ray_engine.worker_device(config.model, device, gpu)
        size = workers or ray_engine.default_workers(gpu)
        ray_engine.check_capacity(size, gpu)
    else:
        place = "cpu" if config.model in CPU_ONLY_MODELS else choose_device(device)
        size = 1
    batches = plan_batches(pending, batch_tokens or token_budget_for(place))
    size = min(size, len(batches))  # an actor without a batch would only load the model
    if engine == "ray":
        results = ray_engine.embed_on_ray(batches, config.model, model_id, workers=size, gpu=gpu, device=place)
    else:
        results = _embed_here(batches, config.model, place)

    def write(batch: Batch, value) -> None:
        if not isinstance(value, np.ndarray) or value.shape[0] != len(batch.keys):
            raise EmbedJobError(f"批次结果不符 a batch came back wrong ({batch.batch_id})")
        write_shard(folder, batch.batch_id, model_id, batch.keys, value)

    worker_seconds = _drive(batches, results, write, f"嵌入 embedding ({engine} × {size})", show)
    return _Run(place, size, len(batches), time.perf_counter() - began, worker_seconds)


def _tokenize(pending: dict[str, str], tok_id: str, folder: Path, *, engine: Engine, workers: int | None,
              show: bool) -> _Run:
    """The lexical pass: jieba token lists of `pending`, written as token shards."""
    if not pending:
        return _Run("-", 0, 0, 0.0, 0.0)
    began = time.perf_counter()
    if engine == "ray":
        from index import ray_engine

        size = workers or ray_engine.default_workers(False)
        ray_engine.check_capacity(size, False)
    else:
        size = 1
    # Several batches per worker (a small corpus still keeps every worker busy), none above the cap.
    total = sum(approx_tokens(t) for t in pending.values())
    batches = plan_batches(pending, max(2048, min(TOKENIZE_BATCH_TOKENS, total // (4 * size) + 1)), max_items=2048)
    size = min(size, len(batches))
    if engine == "ray":
        results = ray_engine.tokenize_on_ray(batches, tok_id, workers=size)
    else:
        results = _tokenize_here(batches)

    def write(batch: Batch, value) -> None:
        if not isinstance(value, list) or len(value) != len(batch.keys):
            raise EmbedJobError(f"批次结果不符 a batch came back wrong ({batch.batch_id})")
        write_token_shard(folder, batch.batch_id, tok_id, batch.keys, value)

    worker_seconds = _drive(batches, results, write, f"分词 tokenising ({engine} × {size})", show)
    return _Run("cpu", size, len(batches), time.perf_counter() - began, worker_seconds)


def _drive(batches: list[Batch], results: Iterable[BatchResult], write: Callable[[Batch, object], None],
           desc: str, show: bool) -> float:
    """Write each result as it arrives (a progress bar in chunks: chunks/s and ETA); check that every
    batch came back exactly once. Returns the workers' seconds, added up."""
    by_id = {b.batch_id: b for b in batches}
    done: set[str] = set()
    worker_seconds = 0.0
    stream = iter(results)
    close = getattr(stream, "close", None)  # a Ray result stream stops its job when closed
    try:
        with tqdm(total=sum(len(b.keys) for b in batches), unit="chunk", desc=desc, disable=not show,
                  smoothing=0.05) as bar:
            for result in stream:
                batch = by_id.get(result.batch_id)
                if batch is None:
                    raise EmbedJobError(f"未知批次 a batch that was never planned came back ({result.batch_id})")
                if result.batch_id in done:  # a retried batch whose first run also arrived: same rows
                    continue
                write(batch, result.value)
                done.add(result.batch_id)
                worker_seconds += result.seconds
                bar.update(len(batch.keys))
    finally:
        if close is not None:
            close()
    if len(done) != len(batches):
        raise EmbedJobError(f"只完成了 {len(done)}/{len(batches)} 批 (only some batches came back); 请重新运行 (run it again)")
    return worker_seconds


def _embed_here(batches: list[Batch], model: str, device: str) -> Iterator[BatchResult]:
    """The single-process engine: the same batches and shards, one model in this process."""
    embedder = load_embedder(model, device=None if model in CPU_ONLY_MODELS else device)
    name = f"local:{os.getpid()}"
    for batch in batches:
        began = time.perf_counter()
        vectors = np.asarray(embedder.encode_passages(list(batch.texts)), dtype=np.float32)
        yield BatchResult(batch.batch_id, vectors, time.perf_counter() - began, name)


def _tokenize_here(batches: list[Batch]) -> Iterator[BatchResult]:
    from retrieval.lexical import Tokenizer
    from text.lexicon import lexicon_terms

    tokenizer = Tokenizer(lexicon_terms())
    name = f"local:{os.getpid()}"
    for batch in batches:
        began = time.perf_counter()
        lists = [tokenizer(t) for t in batch.texts]
        yield BatchResult(batch.batch_id, lists, time.perf_counter() - began, name)
