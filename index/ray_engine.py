"""Embed planned batches on Ray: Ray Data `map_batches` over a pool of actors, one model per actor.

Each dataset row is one planned batch (embed.batches: sized by tokens), and each row is its own
block, so a batch is the unit of scheduling, of progress and of retry: when a worker dies, Ray
restarts its actor (the model is loaded again) and re-runs only the batch it held. Results stream
back to the driver, which writes the shards (index.embed_job), so workers need no shared storage.

Without an address a local Ray is started on this machine with `workers` CPUs (the path the tests
run); with one, the job joins that cluster and ships this repository's code to its workers.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from core.config import REPO_ROOT
from core.errors import HwsError
from embed.batches import Batch
from embed.device import CPU_ONLY_MODELS, choose_device

RAY_PIN = "ray[data]==2.60.0"
MAX_RESTARTS = 4  # per actor: a worker that keeps dying fails the job instead of looping forever
MAX_TASK_RETRIES = 4
CRASH_ENV = "HWS_EMBED_TEST_CRASH_ONCE"  # tests: the first batch any actor takes kills it (a marker file)
UPLOAD_EXCLUDES = [".git", ".venv", ".cache", ".index", "corpus", "bench/results", "eval/results", "docs",
                   "**/__pycache__", "*.sqlite*"]


class RayUnavailableError(HwsError):
    """Ray (with Ray Data) is not installed."""


class RayJobError(HwsError):
    """The Ray job failed for good (a model that cannot load, a worker that keeps dying)."""


@dataclass(frozen=True)
class BatchResult:
    batch_id: str
    value: object  # one entry per text, in the batch's order: a (texts, dim) float32 array, or token lists
    seconds: float  # time the worker spent in the model (or the tokenizer)
    worker: str  # host:pid of the actor


def import_ray():
    """The ray module, or an error saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401  (Ray Data is the part this job needs)
    except ImportError as exc:
        raise RayUnavailableError(f"需要安装 ray: pip install {RAY_PIN} (Ray is not installed; "
                                  "pip install -r requirements-ray.txt)") from exc
    return ray


def start_ray(address: str | None, workers: int | None) -> bool:
    """Connect this process to Ray: a new local instance with `workers` CPUs, or the cluster at
    `address`. Returns False when Ray was already initialised here (the caller then must not shut
    it down). Logs are kept to errors; worker output stays in Ray's log folder."""
    ray = import_ray()
    if ray.is_initialized():
        return False
    quiet = {"include_dashboard": False, "logging_level": logging.ERROR, "log_to_driver": False}
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")  # Ray's C++ core prints its own notices to stderr
    logging.getLogger("ray.data").setLevel(logging.CRITICAL)  # a failure is reported once, by the job (RayJobError)
    if address:
        ray.init(address=address, runtime_env={"working_dir": str(REPO_ROOT), "excludes": UPLOAD_EXCLUDES}, **quiet)
    else:  # "local": never attach to some other Ray instance that happens to run on this machine
        ray.init(address="local", num_cpus=workers or os.cpu_count() or 1,
                 runtime_env={"env_vars": {"PYTHONPATH": os.pathsep.join(
                     p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p)}}, **quiet)
    return True


def default_workers(uses_gpu: bool) -> int:
    """One actor per GPU, or per CPU, of the Ray instance this process is connected to."""
    ray = import_ray()
    resources = ray.cluster_resources()
    return max(1, int(resources.get("GPU" if uses_gpu else "CPU", 1)))


def wants_gpu(model: str, device: str | None) -> bool:
    """Whether each actor should hold a GPU: asked for, or `auto` and the cluster has GPUs."""
    if model in CPU_ONLY_MODELS:
        return False
    wanted = (device or "auto").lower()
    has_gpu = import_ray().cluster_resources().get("GPU", 0) > 0
    if wanted.startswith("cuda") and not has_gpu:
        raise RayJobError(f"Ray 集群没有 GPU (--device {device}, but the Ray cluster has no GPU); "
                          "请使用 --device auto 或 cpu")
    return wanted.startswith("cuda") or (wanted == "auto" and has_gpu)


def check_capacity(workers: int, gpu: bool) -> None:
    """Refuse a pool the cluster cannot hold (Ray would wait for it forever)."""
    resources = import_ray().cluster_resources()
    kind = "GPU" if gpu else "CPU"
    have = int(resources.get(kind, 0))
    if workers > have:
        raise RayJobError(f"--workers {workers} 超过集群的 {kind} 数 {have} "
                          f"(each actor holds one {kind}; the Ray cluster has {have})")


def worker_device(model: str, device: str | None, gpu: bool) -> str:
    """The device each actor is told to use: the GPU it holds, else the CPU (never `auto`, so an
    actor cannot take a GPU that Ray did not give it)."""
    if model in CPU_ONLY_MODELS or not gpu:
        return "cpu"
    return device if device and device.startswith("cuda") else "cuda"


class _Worker:
    """What both kinds of actor share: a name, the crash hook, one result row per batch."""

    def __init__(self, crash_marker: str | None) -> None:
        self._crash_marker = crash_marker
        self._name = f"{socket.gethostname()}:{os.getpid()}"

    def __call__(self, batch):
        import pyarrow as pa

        out = []
        for row in batch.to_pylist():
            self._crash_once()
            began = time.perf_counter()
            value = self.work(row["texts"])
            out.append({"batch_id": row["batch_id"], "value": value, "seconds": time.perf_counter() - began,
                        "worker": self._name})
        return pa.Table.from_pylist(out)

    def work(self, texts: list[str]) -> bytes:
        raise NotImplementedError

    def _crash_once(self) -> None:
        """Test hook: die like a killed process (no cleanup, no exception) the first time any actor
        gets here; the marker file makes it once per job, across restarts."""
        if not self._crash_marker:
            return
        try:
            os.close(os.open(self._crash_marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        os._exit(1)


class EmbedWorker(_Worker):
    """A Ray actor: loads the model once, then embeds one planned batch per call."""

    def __init__(self, model: str, model_id: str, device: str | None, crash_marker: str | None) -> None:
        from embed import EmbedderError, load_embedder

        super().__init__(crash_marker)
        where = None if model in CPU_ONLY_MODELS else choose_device(device)
        self._embedder = load_embedder(model, device=where)
        if self._embedder.model_id != model_id:
            raise EmbedderError(f"worker model {self._embedder.model_id!r} differs from the job's {model_id!r}")

    def work(self, texts: list[str]) -> bytes:
        vectors = np.asarray(self._embedder.encode_passages(texts), dtype=np.float32)
        return np.int32(vectors.shape[1]).tobytes() + vectors.tobytes()


class TokenizeWorker(_Worker):
    """A Ray actor: loads jieba and the lexicon once, then tokenises one batch per call."""

    def __init__(self, tokenizer_id: str, crash_marker: str | None) -> None:
        from index.token_cache import tokenizer_id as local_id
        from retrieval.lexical import Tokenizer
        from text.lexicon import lexicon_terms

        super().__init__(crash_marker)
        if local_id() != tokenizer_id:
            raise RayJobError(f"worker tokenizer {local_id()} differs from the job's {tokenizer_id} "
                              "(other code or data on this node)")
        self._tokenizer = Tokenizer(lexicon_terms())

    def work(self, texts: list[str]) -> bytes:
        return json.dumps([self._tokenizer(t) for t in texts], ensure_ascii=False).encode("utf-8")


def decode_vectors(value: bytes) -> np.ndarray:
    dim = int(np.frombuffer(value[:4], dtype=np.int32)[0])
    return np.frombuffer(value[4:], dtype=np.float32).reshape(-1, dim)


def decode_tokens(value: bytes) -> list[list[str]]:
    return json.loads(value.decode("utf-8"))


def embed_on_ray(batches: Sequence[Batch], model: str, model_id: str, *, workers: int, gpu: bool,
                 device: str | None) -> Iterator[BatchResult]:
    """Embed `batches` on the Ray instance this process is connected to (start_ray), yielding each
    batch's vectors as soon as it is done, in completion order."""
    return _run_pool(batches, EmbedWorker, {"model": model, "model_id": model_id, "device": device},
                     workers=workers, gpu=gpu, decode=decode_vectors)


def tokenize_on_ray(batches: Sequence[Batch], tokenizer_id: str, *, workers: int) -> Iterator[BatchResult]:
    """Tokenise `batches` for BM25 (retrieval.lexical.Tokenizer) on the connected Ray instance."""
    return _run_pool(batches, TokenizeWorker, {"tokenizer_id": tokenizer_id}, workers=workers, gpu=False,
                     decode=decode_tokens)


def _run_pool(batches: Sequence[Batch], worker: type, kwargs: dict, *, workers: int, gpu: bool,
              decode: Callable[[bytes], object]) -> Iterator[BatchResult]:
    """One dataset row (and block) per batch, mapped by a pool of `workers` actors of class
    `worker`; results in completion order. A Ray failure ends in RayJobError, in one line."""
    ray = import_ray()
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the job draws its own bar, in chunks
    context.print_on_execution_start = False
    rows = [{"batch_id": b.batch_id, "texts": list(b.texts)} for b in batches]
    with warnings.catch_warnings():
        # Ray 2.60 warns that max_restarts / max_task_retries will go (2.64); Ray Data's defaults
        # then retry without limit, which is also correct, only never gives up on a broken model.
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
            worker, batch_size=1, batch_format="pyarrow",
            fn_constructor_kwargs={**kwargs, "crash_marker": os.environ.get(CRASH_ENV) or None},
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1, num_gpus=1 if gpu else 0, max_restarts=MAX_RESTARTS, max_task_retries=MAX_TASK_RETRIES,
        )
    rows_out = iter(dataset.iter_rows())
    while True:
        try:
            row = next(rows_out)
        except StopIteration:
            return
        except ray.exceptions.RayError as exc:  # its text is a remote traceback: keep the last line
            cause = next((line.strip() for line in reversed(str(exc).splitlines()) if line.strip()), repr(exc))
            raise RayJobError(f"Ray 任务失败 (the Ray job failed; finished batches are kept, "
                              f"run again to resume): {cause}") from exc
        yield BatchResult(row["batch_id"], decode(row["value"]), float(row["seconds"]), row["worker"])


def stop_ray() -> None:
    import_ray().shutdown()
