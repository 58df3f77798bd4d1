"""The configurations `python -m eval compare` sets side by side, and the indexes they need.

Each chunking setting needs its own index; they are built under eval/results/cache/ (git-ignored)
and rebuilt only when the corpus or settings change. Passage vectors come from the shared
vector cache, so a rebuild re-embeds only chunks whose text is new.
"""
from __future__ import annotations

from pathlib import Path

from eval.report import RESULTS_DIR
from eval.runs import RunConfig
from hws import Config, Embedder, SearchIndex, build_index, is_current, open_index

BASELINE = "hybrid"
CACHE_DIR = RESULTS_DIR / "cache"

SIZE = Config.chunk_size
COMPARE_CONFIGS: tuple[RunConfig, ...] = (
    RunConfig(BASELINE),  # the shipped default: hybrid, section chunks, query scope on
    RunConfig("dense", mode="dense"),
    RunConfig("lexical", mode="lexical"),
    RunConfig(f"hybrid-{SIZE // 2}", chunk_size=SIZE // 2, chunk_overlap=SIZE // 16),
    RunConfig(f"hybrid-{SIZE * 2}", chunk_size=SIZE * 2, chunk_overlap=SIZE // 4),
    RunConfig("hybrid-window", chunker="window"),
    RunConfig("hybrid-noscope", auto_scope=False),
)
MODE_CONFIGS: tuple[RunConfig, ...] = COMPARE_CONFIGS[:3]


def select(names: list[str] | None, choices: tuple[RunConfig, ...] = COMPARE_CONFIGS) -> list[RunConfig]:
    """The named configurations (all when none are named); ValueError listing the valid names."""
    if not names:
        return list(choices)
    by_name = {c.name: c for c in choices}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ValueError(f"unknown config {', '.join(unknown)}; choose from: {', '.join(by_name)}")
    return [by_name[n] for n in names]


def index_config(base: Config, run: RunConfig, cache_dir: Path = CACHE_DIR) -> Config:
    """The build settings of the index a configuration runs on (in its own cache folder)."""
    return base.with_(index_dir=cache_dir / run.index_key, chunker=run.chunker, chunk_size=run.chunk_size,
                      chunk_overlap=run.chunk_overlap)


def ensure_index(config: Config, embedder: Embedder | None = None) -> SearchIndex:
    """The index for these settings, built first when missing or stale (one embedder can serve all)."""
    if not is_current(config):
        report = build_index(config, embedder=embedder)
        print(report.summary(), flush=True)
    return open_index(config.index_dir, embedder=embedder, model=config.model)


def index_facts(index: SearchIndex) -> dict:
    """What a report says about the index a run used."""
    m = index.manifest
    return {"version": index.version, "model_id": m.model_id, "chunker": m.chunker, "chunk_size": m.chunk_size,
            "chunk_overlap": m.chunk_overlap, "chunk_count": m.chunk_count, "build_time": m.build_time}
