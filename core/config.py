"""One configuration object for building and searching, read from the environment in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, get_args

REPO_ROOT = Path(__file__).resolve().parent.parent
Chunker = Literal["section", "window"]  # numbered sections, or fixed-size windows (the baseline)
CHUNKERS: tuple[str, ...] = get_args(Chunker)

# Environment variables a deployment may set; documented in the README.
ENV_VARS = {
    "HWS_INDEX_DIR": "index_dir",
    "HWS_CORPUS_DIR": "corpus_dir",
    "HWS_MODEL": "model",
    "HWS_CACHE_DIR": "cache_dir",
    "HWS_MAX_FILE_MB": "max_file_mb",
}
MAX_FILE_FLAG = "--max-file-mb"


@dataclass(frozen=True)
class Config:
    """Where things live and how the index is built; defaults in code, overridable by env and flags."""

    corpus_dir: Path = REPO_ROOT / "corpus"
    index_dir: Path = REPO_ROOT / ".index"
    cache_dir: Path = REPO_ROOT / ".cache"
    model: str = "bundled"
    chunk_size: int = 480
    chunk_overlap: int = 60
    chunker: Chunker = "section"
    show_progress: bool = True
    max_file_mb: float = 10.0  # larger files are refused: 20 MB of text is ~25,000 chunks, hours of embedding

    @property
    def vector_cache_path(self) -> Path:
        """The one place the vector cache lives (embed.VectorCache), shared by builds and searches."""
        return self.cache_dir / "vectors.sqlite"

    @classmethod
    def from_env(cls, environ: dict | None = None, **overrides) -> Config:
        """Defaults, then HWS_* environment variables, then explicit overrides (CLI flags)."""
        env = os.environ if environ is None else environ
        values: dict = {}
        for var, name in ENV_VARS.items():
            if env.get(var):
                values[name] = Path(env[var]) if name.endswith("_dir") else float(env[var]) if name == "max_file_mb" else env[var]
        values.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("corpus_dir", "index_dir", "cache_dir"):
            if key in values:
                values[key] = Path(values[key])
        return cls(**values)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    def with_(self, **changes) -> Config:
        return replace(self, **changes)
