"""Large and slow input: a per-file size limit, an add that leaves nothing behind when interrupted,
embedding saved batch by batch, and Word tables that keep their header row."""
from __future__ import annotations

import numpy as np
import pytest

from cli import index_cmds
from cli.main import main
from embed.cache import CACHE_BATCH, VectorCache, embed_passages
from embed.hashing import HashingEmbedder
from index import build_index, open_index
from ingest.word_text import docx_text, table_lines
from tests.conftest import write_targets_docx

PLAN = "绍兴市2022年卫生健康工作要点\n一、医疗资源\n（一）新增医疗床位600张。\n"
OTHER = "台州市2022年卫生健康工作要点\n一、基层卫生\n（一）家庭医生签约率达到40%以上。\n"


@pytest.fixture
def cli_corpus(make_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("HWS_CACHE_DIR", str(tmp_path / "cache"))
    corpus = make_corpus({"sx.txt": PLAN})
    args = ["--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), "--model", "hashing", "-q"]
    assert main(["build", *args]) == 0
    return corpus, args


def test_a_file_over_the_size_limit_is_refused_with_its_name_and_the_flag(cli_corpus, tmp_path, capsys):
    corpus, args = cli_corpus
    big = tmp_path / "大文件.txt"
    big.write_text(OTHER * 200, encoding="utf-8")
    capsys.readouterr()
    assert main(["add", str(big), *args, "--max-file-mb", "0.01"]) != 0
    err = capsys.readouterr().err
    assert "大文件.txt" in err and "--max-file-mb" in err
    assert not (corpus / "大文件.txt").exists()
    assert main(["add", str(big), *args, "--max-file-mb", "1"]) == 0 and (corpus / "大文件.txt").exists()


def test_an_interrupted_add_leaves_the_corpus_as_it_was(cli_corpus, tmp_path, monkeypatch):
    corpus, args = cli_corpus
    source = tmp_path / "tz.txt"
    source.write_text(OTHER, encoding="utf-8")
    replacement = tmp_path / "sx.txt"
    replacement.write_text(PLAN.replace("600张", "900张"), encoding="utf-8")

    def interrupted(config, args):
        raise KeyboardInterrupt

    monkeypatch.setattr(index_cmds, "_build_and_report", interrupted)
    assert main(["add", str(source), *args]) != 0
    assert main(["add", str(replacement), "--replace", *args]) != 0
    assert sorted(p.name for p in corpus.iterdir()) == ["sx.txt"]
    assert (corpus / "sx.txt").read_text(encoding="utf-8") == PLAN


class FailingEmbedder(HashingEmbedder):
    """Fails on its n-th call, as a build does when the user presses Ctrl-C."""

    def __init__(self, fail_on: int) -> None:
        super().__init__()
        self.calls, self.fail_on = 0, fail_on

    def encode_passages(self, texts, show_progress=False):
        self.calls += 1
        if self.calls == self.fail_on:
            raise KeyboardInterrupt
        return super().encode_passages(texts)


def test_embedding_is_saved_batch_by_batch_so_a_restart_continues(tmp_path):
    texts = [f"第{i}项工作: 新增床位{i}张" for i in range(CACHE_BATCH * 3)]
    cache = VectorCache(tmp_path / "vectors.sqlite")
    with pytest.raises(KeyboardInterrupt):
        embed_passages(FailingEmbedder(fail_on=3), texts, cache)
    vectors, fresh = embed_passages(HashingEmbedder(), texts, cache)
    assert fresh == CACHE_BATCH  # the two finished batches were kept
    assert np.allclose(vectors, HashingEmbedder().encode_passages(texts), atol=1e-5)


def test_table_lines_keep_the_header_for_every_cell():
    lines = table_lines([["指标", "2019年", "2020年目标"], ["每千人口床位数", "4.1张", "4.5张"]])
    assert lines == ["表头: 指标 | 2019年 | 2020年目标",
                     "表: 每千人口床位数 × 2019年 = 4.1张", "表: 每千人口床位数 × 2020年目标 = 4.5张"]


def test_a_table_without_a_header_row_stays_as_rows():
    assert table_lines([["床位", "4.1张"], ["医生", "2.9人"]]) == ["床位  4.1张", "医生  2.9人"]


def _docx(path):
    write_targets_docx(path)


def test_a_2020_target_question_finds_the_2020_cell_of_a_word_table(make_corpus, quick_config, hashing_embedder):
    corpus = make_corpus({})
    _docx(corpus / "hz2020.docx")
    assert "表: 每千人口床位数 × 2020年目标 = 4.5张" in docx_text(corpus / "hz2020.docx")
    config = quick_config(corpus)
    build_index(config, embedder=hashing_embedder)
    hit = open_index(config.index_dir, embedder=hashing_embedder).search("每千人口床位数2020年目标是多少", k=1,
                                                                        mode="lexical")[0]
    assert "每千人口床位数 × 2020年目标 = 4.5张" in hit.chunk.text
