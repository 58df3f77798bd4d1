"""manifest.json of an index version: what was built, from what, with which model and settings.

Written last when a version is published, read first when it is opened. A typed record rather than a
dict, so a misspelt key is an AttributeError at the first test instead of a silent `None` in the app.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.errors import REBUILD_HINT, IndexCorruptError, IndexVersionError

FORMAT_VERSION = 4  # 2: documents gain province, county, regions, years; 3: chunks gain clause, duties, year;
#                    4: sentences/ postings and vectors
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Manifest:
    model: str                       # the name the user chose (bundled, minilm, a hub id or folder)
    model_id: str                    # the embedder's exact identity (name, engine, version)
    dim: int
    chunk_count: int
    doc_count: int
    index_type: str                  # flat | hnsw | ivf | ivfpq (retrieval.dense.INDEX_TYPES)
    chunker: str
    chunk_size: int
    chunk_overlap: int
    corpus_dir: str = ""
    corpus_fingerprint: str = ""
    documents: dict[str, str] = field(default_factory=dict)  # doc_id → text fingerprint
    dense_params: dict[str, Any] = field(default_factory=dict)
    build_time: str = ""             # ISO 8601, UTC
    build_seconds: float = 0.0
    embedded: int = 0                # chunks embedded by this build (the rest came from the vector cache)
    skipped: tuple[str, ...] = ()    # files the build could not read, with the reason
    sentences: int = 0               # sentence units in sentences/ (0: none; searched by chunks only)
    format_version: int = FORMAT_VERSION

    @classmethod
    def new(cls, **values: Any) -> Manifest:
        """A manifest stamped with the current time (UTC)."""
        return cls(build_time=datetime.now(UTC).isoformat(timespec="seconds"), **values)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["skipped"] = list(self.skipped)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], where: str = MANIFEST) -> Manifest:
        """Validated: a missing field or a format newer than this program is a one-line error."""
        version = data.get("format_version")
        if not isinstance(version, int):
            raise IndexCorruptError(f"索引 {where} 缺少 format_version; {REBUILD_HINT}")
        if version > FORMAT_VERSION:
            raise IndexVersionError(
                f"索引格式版本 {version} 比本程序支持的 {FORMAT_VERSION} 新 (built by a newer release): "
                f"请升级程序, 或 {REBUILD_HINT}")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["skipped"] = tuple(values.get("skipped") or ())
        try:
            manifest = cls(**values)
        except TypeError as exc:
            raise IndexCorruptError(f"索引 {where} 缺少字段 ({exc}); {REBUILD_HINT}") from exc
        return manifest

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")


def read_manifest(folder: Path) -> Manifest:
    """The manifest of one version folder; IndexCorruptError/IndexVersionError with the fix."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorruptError(f"索引缺少 manifest.json ({folder.name}); {REBUILD_HINT}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(f"索引 manifest.json 已损坏 ({folder.name}); {REBUILD_HINT}") from exc
    if not isinstance(data, dict):
        raise IndexCorruptError(f"索引 manifest.json 已损坏 ({folder.name}); {REBUILD_HINT}")
    return Manifest.from_json(data, f"manifest.json ({folder.name})")
