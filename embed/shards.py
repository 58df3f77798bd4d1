"""(key, vector) rows as Parquet shards: the output of a distributed embedding job.

One shard per batch, named `batch-<batch id>.parquet` (embed.batches: the id is a hash of the
batch's keys), written to a temporary name and renamed, so a shard on disk is always complete, a
restarted job knows by the names which batches are done, and a batch run twice replaces its shard
with the same rows instead of adding duplicates.

Why shards are imported into the SQLite VectorCache rather than read by it: `index build` then has
one place to look (embed_passages is unchanged and keeps its cache semantics), lookups stay
indexed by key, and SQLite already handles several processes at once. Shards are the job's
checkpoints and its transport format (Parquet is what Spark, Ray and pandas all read); once
imported (at the end of a job, or at the start of the next one after an interruption) they are
deleted, so vectors are not stored twice.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import HwsError
from embed.cache import VectorCache

FORMAT = b"1"
_PREFIX, _SUFFIX = "batch-", ".parquet"
_META_MODEL, _META_BATCH, _META_FORMAT = b"hws.model_id", b"hws.batch_id", b"hws.format"


class ShardError(HwsError):
    """A shard that cannot be used (unreadable, another model, inconsistent rows)."""


@dataclass(frozen=True)
class Shard:
    model_id: str
    batch_id: str
    keys: tuple[str, ...]
    vectors: np.ndarray  # (len(keys), dim) float32


@dataclass(frozen=True)
class ShardImport:
    shards: int
    vectors: int
    bad: tuple[str, ...]  # one message per shard set aside (renamed *.bad) instead of imported


def shard_dir(cache_dir: Path, model_id: str) -> Path:
    """Where one model's shards live under the cache folder (models never share a folder)."""
    return cache_dir / "shards" / hashlib.sha256(model_id.encode("utf-8")).hexdigest()[:16]


def shard_path(folder: Path, batch_id: str) -> Path:
    return folder / f"{_PREFIX}{batch_id}{_SUFFIX}"


def done_batches(folder: Path) -> set[str]:
    """Ids of the batches whose shard is on disk (complete: partial files have another name)."""
    if not folder.is_dir():
        return set()
    return {p.name[len(_PREFIX):-len(_SUFFIX)] for p in folder.glob(f"{_PREFIX}*{_SUFFIX}")}


def remove_partial(folder: Path) -> int:
    """Delete temporary files a killed writer left behind; returns how many."""
    found = list(folder.glob(".*.part")) if folder.is_dir() else []
    for path in found:
        path.unlink(missing_ok=True)
    return len(found)


def write_shard(folder: Path, batch_id: str, model_id: str, keys: Sequence[str], vectors: np.ndarray) -> Path:
    """Write one batch's rows atomically (temporary file, fsync, rename) and return its path."""
    import pyarrow as pa

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(keys):
        raise ShardError(f"shard {batch_id}: {len(keys)} keys but vectors of shape {vectors.shape}")
    dim = vectors.shape[1]
    column = pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1), type=pa.float32()), dim)
    table = pa.table({"key": pa.array(list(keys), type=pa.string()), "vector": column})
    table = table.replace_schema_metadata({_META_MODEL: model_id.encode("utf-8"), _META_BATCH: batch_id.encode(),
                                           _META_FORMAT: FORMAT})
    return write_parquet_atomic(table, shard_path(folder, batch_id))


def write_parquet_atomic(table, final: Path) -> Path:
    """Write a pyarrow table to `final` through a hidden temporary file (fsync, rename), so a
    reader sees the whole file or none; remove_partial cleans up after a killed writer."""
    import pyarrow.parquet as pq

    final.parent.mkdir(parents=True, exist_ok=True)
    temp = final.parent / f".{final.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.part"
    try:
        with open(temp, "wb") as handle:
            pq.write_table(table, handle, compression="zstd")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, final)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(final.parent)
    return final


def read_shard(path: Path) -> Shard:
    """A shard's rows, checked: known format, one row per key, no repeated key, finite vectors."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        raise ShardError(f"{path.name}: 无法读取 unreadable ({exc.__class__.__name__}: {exc})") from exc
    meta = table.schema.metadata or {}
    if meta.get(_META_FORMAT) != FORMAT or set(table.column_names) != {"key", "vector"}:
        raise ShardError(f"{path.name}: 不是嵌入分片 not an embedding shard (format {meta.get(_META_FORMAT)!r})")
    keys = tuple(table.column("key").to_pylist())
    column = table.column("vector").combine_chunks()
    dim = column.type.list_size
    vectors = column.flatten().to_numpy(zero_copy_only=False).astype(np.float32).reshape(len(keys), dim)
    if len(set(keys)) != len(keys) or not np.isfinite(vectors).all():
        raise ShardError(f"{path.name}: 重复的键或无效向量 repeated keys or non-finite vectors")
    return Shard(meta[_META_MODEL].decode("utf-8"), meta[_META_BATCH].decode(), keys, vectors)


def import_shards(cache: VectorCache, folder: Path, model_id: str) -> ShardImport:
    """Put every complete shard's vectors into the cache, then delete the shard.

    Idempotent (the cache replaces a key's row): a crash between the import and the deletion only
    means the next import writes the same rows again. A shard that cannot be used is renamed
    *.bad and reported; its keys stay missing, so the next job embeds them again."""
    if not folder.is_dir():
        return ShardImport(0, 0, ())
    shards = vectors = 0
    bad: list[str] = []
    for path in sorted(folder.glob(f"{_PREFIX}*{_SUFFIX}")):
        try:
            shard = read_shard(path)
            if shard.model_id != model_id:
                raise ShardError(f"{path.name}: 模型不同 another model ({shard.model_id}, expected {model_id})")
        except ShardError as exc:
            bad.append(str(exc))
            os.replace(path, path.with_name(path.name + ".bad"))
            continue
        except FileNotFoundError:  # another importer took it first
            continue
        cache.put_many(dict(zip(shard.keys, shard.vectors)))
        path.unlink(missing_ok=True)
        shards += 1
        vectors += len(shard.keys)
    return ShardImport(shards, vectors, tuple(bad))


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); silently skipped where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
