"""Shared fixtures: the seed corpus indexed once per session with the real bundled model.

Vectors are cached in the repository's git-ignored .cache/, so only the first run on a machine
pays for embedding the corpus (about a minute on two cores).

tests/unit/ holds the fast tests (pure functions, tiny indexes with the hashing model);
tests/integration/ (the seed index, the CLI in subprocesses, faults, Ray, benchmarks) and tests/app/
(Streamlit AppTest and the browser) are marked `slow` here, so `pytest -m "not slow"` runs the
unit tests alone."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.config import REPO_ROOT
from index import Config, build_index, open_index

CORPUS = REPO_ROOT / "corpus"
_SLOW_FOLDERS = {"integration", "app"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _SLOW_FOLDERS & set(item.path.parent.relative_to(Path(__file__).parent).parts):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def seed_config(tmp_path_factory) -> Config:
    """Config for an index of the real corpus built with the bundled offline model."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    return Config(corpus_dir=CORPUS, index_dir=index_dir, cache_dir=REPO_ROOT / ".cache", show_progress=False)


@pytest.fixture(scope="session")
def seed_index(seed_config):
    """The loaded seed index (read-only: tests must not rebuild it)."""
    build_index(seed_config)
    return open_index(seed_config.index_dir)


@pytest.fixture(scope="session")
def hashing_embedder():
    from embed.hashing import HashingEmbedder

    return HashingEmbedder()


@pytest.fixture(scope="session")
def indexed_corpus(tmp_path_factory):
    """Build an index of {file name: text} with the hashing model in a fresh folder; returns its Config.
    For module-scoped fixtures whose tests only read the index."""

    def build(name: str, files: dict[str, str]) -> Config:
        root = tmp_path_factory.mktemp(name)
        corpus = root / "corpus"
        corpus.mkdir()
        for file_name, text in files.items():
            (corpus / file_name).write_text(text, encoding="utf-8")
        config = Config(corpus_dir=corpus, index_dir=root / "index", cache_dir=root / "cache", model="hashing",
                        show_progress=False)
        build_index(config)
        return config

    return build


@pytest.fixture
def make_corpus(tmp_path):
    """Write {file name: text or bytes} into a fresh corpus folder and return its path."""

    def make(files: dict, copy_seeds: bool = False) -> Path:
        corpus = tmp_path / "corpus"
        corpus.mkdir(exist_ok=True)
        if copy_seeds:
            for path in CORPUS.iterdir():
                shutil.copy(path, corpus / path.name)
        for name, content in files.items():
            target = corpus / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return corpus

    return make


@pytest.fixture
def quick_config(tmp_path):
    """Config for small throwaway indexes built with the model-free hashing embedder."""

    def make(corpus_dir: Path, **changes) -> Config:
        base = Config(corpus_dir=corpus_dir, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache",
                      model="hashing", show_progress=False)
        return base.with_(**changes)

    return make


def write_targets_docx(path: Path) -> Path:
    """A Word plan with a table of targets by year (指标 × 2019年 × 2020年目标), as city pages attach them."""
    import docx

    document = docx.Document()
    document.add_paragraph("惠州市2020年卫生健康工作要点")
    document.add_paragraph("一、医疗资源")
    document.add_paragraph("（一）扩容医疗资源。全年新增医疗床位1200张。")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["指标", "2019年", "2020年目标"], ["每千人口床位数", "4.1张", "4.5张"],
                             ["每千人口执业医师数", "2.5人", "2.8人"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(str(path))
    return path

