"""Incremental updates: after adding, editing or removing one document a rebuild embeds only new
chunks and equals a full rebuild; `index add` / `remove` change the corpus folder and nothing else;
a running LiveIndex follows the new version with the same embedder."""
from __future__ import annotations

import pytest

from cli.main import main
from index import build_index, open_index
from index.live import LiveIndex
from index.search import MODES

HZ = """杭州市2021年卫生健康工作要点
一、深化医药卫生体制改革
（一）推进紧密型县域医共体建设。完善双向转诊机制，提升基层服务能力。
（二）推进家庭医生签约服务。重点人群签约率达到75%以上。
二、加强公共卫生体系建设
（一）提高疫苗接种率。适龄儿童免疫规划疫苗接种率保持在95%以上。
"""
NB = """宁波市2022年卫生健康工作要点
一、优化医疗资源布局
（一）新增医疗床位2000张。推进市第一医院扩建工程。
（二）发展普惠托育服务。每千人口托位数达到3个。
二、推进健康宁波建设
（一）开展爱国卫生运动。建设健康村镇50个。
"""
WZ = """温州市2023年卫生健康工作要点
一、提升医疗服务能力
（一）建设区域医疗中心。推进公立医院高质量发展。
（二）发展互联网医院。推广预约诊疗和检查结果互认。
"""
QUERIES = ("家庭医生签约", "疫苗接种率", "医疗床位", "托位数", "互联网医院", "公立医院高质量发展", "爱国卫生运动")


def snapshot(index_dir, embedder) -> tuple[list, dict]:
    """Everything a user can observe: the chunk rows and the hits of every mode for every query."""
    index = open_index(index_dir, embedder=embedder)
    rows = [(c.doc_id, c.section_id, c.breadcrumb, c.text, c.start, c.end) for c in index.all_chunks()]
    hits = {(q, mode): [(h.chunk.doc_id, h.chunk.section_id, h.chunk.start, round(h.score, 6)) for h in
                        index.search(q, k=5, mode=mode)] for q in QUERIES for mode in MODES}
    return rows, hits


def chunk_keys(index_dir, embedder) -> set:
    return {(c.doc_id, c.breadcrumb, c.text) for c in open_index(index_dir, embedder=embedder).all_chunks()}


@pytest.mark.parametrize("change", ["add", "edit", "remove"])
def test_rebuild_after_one_document_changes_embeds_only_new_chunks_and_equals_a_full_rebuild(
        change, make_corpus, quick_config, hashing_embedder, tmp_path):
    corpus = make_corpus({"hz.txt": HZ, "nb.txt": NB})
    config = quick_config(corpus)
    first = build_index(config, embedder=hashing_embedder)
    before = chunk_keys(config.index_dir, hashing_embedder)
    if change == "add":
        (corpus / "wz.txt").write_text(WZ, encoding="utf-8")
    elif change == "edit":
        (corpus / "nb.txt").write_text(NB.replace("新增医疗床位2000张", "新增医疗床位2500张"), encoding="utf-8")
    else:
        (corpus / "nb.txt").unlink()

    again = build_index(config, embedder=hashing_embedder)

    new_chunks = chunk_keys(config.index_dir, hashing_embedder) - before
    assert again.embedded == len(new_chunks)
    assert (again.embedded > 0) == (change != "remove")
    assert again.embedded < again.chunks or change == "add" and again.embedded < first.chunks + again.chunks
    full = quick_config(corpus, index_dir=tmp_path / "full-index", cache_dir=tmp_path / "empty-cache")
    assert build_index(full, embedder=hashing_embedder).embedded == again.chunks
    assert snapshot(config.index_dir, hashing_embedder) == snapshot(full.index_dir, hashing_embedder)


@pytest.fixture
def cli_corpus(make_corpus, tmp_path, monkeypatch):
    """A two-document corpus and the CLI arguments that point at it (hashing model, no index yet)."""
    monkeypatch.setenv("HWS_CACHE_DIR", str(tmp_path / "cache"))
    corpus = make_corpus({"hz.txt": HZ, "nb.txt": NB})
    args = ["--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), "--model", "hashing", "-q"]
    return corpus, args, tmp_path / "index"


@pytest.fixture
def built_corpus(cli_corpus):
    """cli_corpus with its index built."""
    assert main(["build", *cli_corpus[1]]) == 0
    return cli_corpus


def doc_ids(index_dir) -> set[str]:
    from embed.hashing import HashingEmbedder

    return {m.doc_id for m in open_index(index_dir, embedder=HashingEmbedder()).documents}


def test_add_copies_the_file_into_the_corpus_and_rebuilds(built_corpus, tmp_path, capsys):
    corpus, args, index_dir = built_corpus
    source = tmp_path / "incoming" / "wz.txt"
    source.parent.mkdir()
    source.write_text(WZ, encoding="utf-8")
    capsys.readouterr()

    assert main(["add", str(source), *args]) == 0

    assert (corpus / "wz.txt").read_text(encoding="utf-8") == WZ and source.exists()
    assert doc_ids(index_dir) == {"hz", "nb", "wz"}
    out = capsys.readouterr().out
    assert "已添加" in out and "新嵌入" in out


def test_add_refuses_an_existing_name_unless_replace(built_corpus, tmp_path, capsys):
    corpus, args, index_dir = built_corpus
    newer = tmp_path / "nb.txt"
    newer.write_text(NB.replace("2000张", "2600张"), encoding="utf-8")
    version = (index_dir / "CURRENT").read_text()
    capsys.readouterr()

    assert main(["add", str(newer), *args]) == 2
    err = capsys.readouterr().err
    assert "--replace" in err and err.count("\n") == 1
    assert "2000张" in (corpus / "nb.txt").read_text(encoding="utf-8")
    assert (index_dir / "CURRENT").read_text() == version

    assert main(["add", str(newer), "--replace", *args]) == 0
    assert "2600张" in (corpus / "nb.txt").read_text(encoding="utf-8")
    assert (index_dir / "CURRENT").read_text() != version


@pytest.mark.parametrize("name", ["../escaped.txt", "/tmp/escaped.txt", "sub/../../escaped.txt", ".hidden.txt",
                                  "manifest.csv", "plan.exe"])
def test_add_refuses_names_that_leave_the_corpus_or_are_not_documents(name, cli_corpus, tmp_path, capsys):
    corpus, args, _ = cli_corpus
    source = tmp_path / "wz.txt"
    source.write_text(WZ, encoding="utf-8")
    before = sorted(p.name for p in corpus.rglob("*"))

    assert main(["add", str(source), "--name", name, *args]) == 2

    assert "error" in capsys.readouterr().err
    assert sorted(p.name for p in corpus.rglob("*")) == before
    assert not (tmp_path / "escaped.txt").exists()


def test_add_refuses_a_folder_link_that_leads_outside_the_corpus(cli_corpus, tmp_path, capsys):
    corpus, args, _ = cli_corpus
    outside = tmp_path / "outside"
    outside.mkdir()
    (corpus / "linked").symlink_to(outside, target_is_directory=True)
    source = tmp_path / "wz.txt"
    source.write_text(WZ, encoding="utf-8")

    assert main(["add", str(source), "--name", "linked/wz.txt", *args]) == 2

    assert "语料目录之外" in capsys.readouterr().err
    assert not any(outside.iterdir())


def test_add_checks_every_file_before_copying_any(cli_corpus, tmp_path, capsys):
    corpus, args, _ = cli_corpus
    good = tmp_path / "wz.txt"
    good.write_text(WZ, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")

    assert main(["add", str(good), str(empty), *args]) == 2
    assert main(["add", str(tmp_path / "missing.txt"), *args]) == 2

    err = capsys.readouterr().err
    assert "empty.txt" in err and "missing.txt" in err
    assert not (corpus / "wz.txt").exists() and not (corpus / "empty.txt").exists()


def test_remove_deletes_the_documents_file_and_rebuilds(built_corpus, capsys):
    corpus, args, index_dir = built_corpus

    assert main(["remove", "nb", *args]) == 0

    assert not (corpus / "nb.txt").exists() and (corpus / "hz.txt").exists()
    assert doc_ids(index_dir) == {"hz"}
    assert "已删除" in capsys.readouterr().out


def test_remove_of_an_unknown_id_names_it_and_deletes_nothing(built_corpus, capsys):
    corpus, args, index_dir = built_corpus
    version = (index_dir / "CURRENT").read_text()

    assert main(["remove", "nb", "nbb", *args]) == 2

    err = capsys.readouterr().err
    assert "nbb" in err and "python -m index info" in err and err.count("\n") == 1
    assert (corpus / "nb.txt").exists() and (corpus / "hz.txt").exists()
    assert (index_dir / "CURRENT").read_text() == version


def test_live_index_follows_a_rebuild_and_keeps_its_embedder(make_corpus, quick_config, hashing_embedder):
    corpus = make_corpus({"hz.txt": HZ})
    config = quick_config(corpus)
    build_index(config, embedder=hashing_embedder)
    live = LiveIndex(config.index_dir, embedder=hashing_embedder)
    first = live.current()
    assert live.current() is first
    assert not first.search("医疗床位", k=3, mode="lexical")

    (corpus / "nb.txt").write_text(NB, encoding="utf-8")
    build_index(config, embedder=hashing_embedder)
    second = live.current()

    assert second is not first and second.folder != first.folder
    assert second.embedder is first.embedder is hashing_embedder
    assert second.search("医疗床位", k=3, mode="lexical")[0].chunk.doc_id == "nb"
