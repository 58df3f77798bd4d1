"""Token lists of passages (jieba, for BM25) made by the embedding job, kept for `index build`.

After embedding, tokenising is the build's next cost (~1k chunks/s on one core: ~35 min for 2M
chunks). `python -m index embed --lexical` tokenises on the workers as well; their lists land
here, keyed by the tokenizer's identity and the passage text, and `index build` takes them instead
of running jieba. The identity covers jieba's version, the tokenizer's and text normaliser's code
and every file of index/data (stopwords, lexicon), so a changed lexicon never serves stale tokens.
A build only reads this cache: where no job has filled it, builds run exactly as before.

Token shards (`tokens-<batch id>.parquet`: key, tokens) are the job's checkpoints, written and
imported like the vector shards (embed.shards).
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from embed.keyed_store import KeyedStore
from embed.shards import ShardError, ShardImport, write_parquet_atomic
from retrieval import lexical
from text import normalise as textnorm

TOKENS_FILE = "tokens.sqlite"
_PREFIX, _SUFFIX = "tokens-", ".parquet"
_META_TOKENIZER = b"hws.tokenizer_id"


@lru_cache(maxsize=1)
def tokenizer_id() -> str:
    """Changes whenever the tokens of some text could change."""
    import jieba

    digest = hashlib.sha256(f"jieba {jieba.__version__}".encode())
    sources = [Path(lexical.__file__), Path(textnorm.__file__)]
    sources += sorted(p for p in lexical.DATA_DIR.glob("*") if p.is_file())
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return "jieba:" + digest.hexdigest()[:24]


def token_key(tok_id: str, text: str) -> str:
    return hashlib.sha256(f"{tok_id}\x00{text}".encode()).hexdigest()


class TokenCache(KeyedStore):
    """A SQLite table of token lists (JSON), like embed.VectorCache for vectors."""

    _CREATE = "CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, tokens TEXT)"
    _KNOWN = "SELECT key FROM tokens WHERE key IN "
    _GET = "SELECT key, tokens FROM tokens WHERE key IN "

    def get_many(self, keys: Sequence[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        with self._connect() as db:
            for batch, marks in self._batches(keys):
                for key, tokens in db.execute(self._GET + f"({marks})", batch):
                    found[key] = json.loads(tokens)
        return found

    def put_many(self, items: dict[str, list[str]]) -> None:
        with self._connect() as db:
            db.executemany("INSERT OR REPLACE INTO tokens (key, tokens) VALUES (?, ?)",
                           [(k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()])


def passage_tokens(tokenizer: Callable[[str], list[str]], texts: Sequence[str], cache_dir: Path) -> list[list[str]]:
    """Token lists of `texts`: from the cache where an embedding job left them, else tokenised here."""
    path = cache_dir / TOKENS_FILE
    if not path.exists():
        return [tokenizer(t) for t in texts]
    tok_id = tokenizer_id()
    keys = [token_key(tok_id, t) for t in texts]
    try:
        found = TokenCache(path).get_many(keys)
    except sqlite3.DatabaseError:  # a damaged cache only costs the time it would have saved
        found = {}
    return [found[k] if k in found else tokenizer(t) for k, t in zip(keys, texts)]


# -- token shards ----------------------------------------------------------------------------
def token_shard_dir(cache_dir: Path, tok_id: str) -> Path:
    return cache_dir / "token-shards" / hashlib.sha256(tok_id.encode()).hexdigest()[:16]


def write_token_shard(folder: Path, batch_id: str, tok_id: str, keys: Sequence[str],
                      token_lists: Sequence[list[str]]) -> Path:
    import pyarrow as pa

    if len(keys) != len(token_lists):
        raise ShardError(f"token shard {batch_id}: {len(keys)} keys but {len(token_lists)} token lists")
    table = pa.table({"key": pa.array(list(keys), type=pa.string()),
                      "tokens": pa.array([list(t) for t in token_lists], type=pa.list_(pa.string()))})
    table = table.replace_schema_metadata({_META_TOKENIZER: tok_id.encode()})
    return write_parquet_atomic(table, folder / f"{_PREFIX}{batch_id}{_SUFFIX}")


def done_token_batches(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {p.name[len(_PREFIX):-len(_SUFFIX)] for p in folder.glob(f"{_PREFIX}*{_SUFFIX}")}


def import_token_shards(cache: TokenCache, folder: Path, tok_id: str) -> ShardImport:
    """Token shards into the cache, then deleted; unusable ones renamed *.bad (see embed.shards)."""
    import pyarrow.parquet as pq

    if not folder.is_dir():
        return ShardImport(0, 0, ())
    shards = rows = 0
    bad: list[str] = []
    for path in sorted(folder.glob(f"{_PREFIX}*{_SUFFIX}")):
        try:
            table = pq.read_table(path)
            if (table.schema.metadata or {}).get(_META_TOKENIZER) != tok_id.encode():
                raise ShardError(f"{path.name}: 分词器不同 another tokenizer")
            items = dict(zip(table.column("key").to_pylist(), table.column("tokens").to_pylist()))
        except FileNotFoundError:
            continue
        except (ShardError, OSError, ValueError, KeyError) as exc:
            bad.append(f"{path.name}: {exc}")
            os.replace(path, path.with_name(path.name + ".bad"))
            continue
        cache.put_many(items)
        path.unlink(missing_ok=True)
        shards += 1
        rows += len(items)
    return ShardImport(shards, rows, tuple(bad))
