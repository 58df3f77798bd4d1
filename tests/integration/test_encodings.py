"""Encodings and character variants: the same document gives the same chunks however it is stored,
an undecodable file is skipped with a warning naming it, and full-width, traditional and spaced
variants of text and queries find the same sections."""
from __future__ import annotations

import codecs
import os
import subprocess
import sys

import pytest

from core.config import REPO_ROOT
from index import Config, build_index, open_index
from ingest.chunking import chunk_document
from ingest.corpus import load_corpus, load_document
from ingest.reading import decode_bytes
from ingest.sections import parse_sections

PLAN = """某市2019年卫生健康工作要点
一、深化医药卫生体制改革
（一）推进紧密型医联体建设。全市组建基层医疗集团12家，实现社区健康服务机构全覆盖。
（二）完善分级诊疗制度。家庭医生签约服务覆盖率达到40%以上，重点人群签约率达到70%。
二、提升公共卫生服务能力
1. 加强疾病预防控制。适龄儿童免疫规划疫苗接种率保持在95%以上。
2. 推进健康城市建设。新建健康社区20个、健康单位50个。
三、保障措施
加强组织领导，落实部门责任，确保各项任务按期完成。"""

ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "gb18030": lambda text: text.encode("gb18030"),
    "gbk": lambda text: text.encode("gbk"),
    "utf-16-le with BOM": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be with BOM": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "gbk, windows line endings": lambda text: text.replace("\n", "\r\n").encode("gbk"),
}


def _chunks(tmp_path, name: str, data: bytes):
    folder = tmp_path / name.replace(" ", "_").replace(",", "")
    folder.mkdir()
    (folder / "plan.txt").write_bytes(data)
    doc = load_document(folder / "plan.txt", folder)
    return doc, [(c.section_id, c.text, c.start, c.end) for c in chunk_document(doc, size=60, overlap=10)]


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_every_encoding_gives_identical_chunks(tmp_path, encoding):
    expected_doc, expected = _chunks(tmp_path, "reference", PLAN.encode("utf-8"))
    doc, chunks = _chunks(tmp_path, encoding, ENCODINGS[encoding](PLAN))
    assert doc.text == PLAN == expected_doc.text
    assert chunks == expected and len(chunks) == 6


@pytest.mark.parametrize("text", ["1. 医改 ok", "二、规范", "家庭医生", "（一）托育服务。"])
def test_short_gbk_text_is_not_mistaken_for_another_encoding(text):
    assert decode_bytes(text.encode("gbk")) == text


def test_latin_text_is_not_forced_into_chinese():
    text = "Résumé des activités de santé publique: l'élève a été vacciné à l'hôpital."
    assert decode_bytes(text.encode("cp1252")) == text


def test_big5_traditional_text_is_decoded():
    text = "醫療衛生服務體系建設，推進家庭醫生簽約服務。一、總體要求"
    assert decode_bytes(text.encode("big5")) == text


def test_control_characters_in_a_document_become_spaces():
    assert decode_bytes("一、目标\x1b[31m\x0c内容\r\n".encode()) == "一、目标 [31m 内容\n"


# -- undecodable files ------------------------------------------------------------------------
UNDECODABLE = bytes(range(1, 256)) * 8 + b"\x00\x00"


def test_undecodable_file_is_skipped_with_a_warning_and_the_build_goes_on(make_corpus, quick_config):
    corpus = make_corpus({"plan.txt": PLAN, "损坏的文件.txt": UNDECODABLE})
    report = build_index(quick_config(corpus))
    assert report.documents == 1
    assert len(report.skipped) == 1 and "损坏的文件.txt" in report.skipped[0]
    index = open_index(quick_config(corpus).index_dir, model="hashing")
    assert [m.doc_id for m in index.documents] == ["plan"]
    assert index.manifest.skipped == tuple(report.skipped)


def test_cli_build_warns_about_an_undecodable_file_by_name(make_corpus, tmp_path):
    corpus = make_corpus({"plan.txt": PLAN, "broken.txt": UNDECODABLE})
    result = subprocess.run(
        [sys.executable, "-m", "index", "build", "--corpus", str(corpus), "--index-dir", str(tmp_path / "idx"),
         "--model", "hashing", "-q"],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=120, env={**os.environ, "HWS_CACHE_DIR": str(tmp_path / "c")})
    assert result.returncode == 0, result.stderr
    assert "broken.txt" in result.stderr and "warning" in result.stderr
    assert "1 篇文档" in result.stdout and "Traceback" not in result.stderr


def test_manifest_saved_by_excel_in_gbk_is_read(make_corpus):
    corpus = make_corpus({"plan.txt": PLAN})
    rows = "file,title,city,year,doc_type,publisher,published,url\r\nplan.txt,某市卫生健康工作要点,某市,2019,工作要点,某市卫健委,,\r\n"
    (corpus / "manifest.csv").write_bytes(rows.encode("gbk"))
    meta = load_corpus(corpus).documents[0].meta
    assert (meta.title, meta.city, meta.year, meta.publisher) == ("某市卫生健康工作要点", "某市", 2019, "某市卫健委")


# -- character variants -----------------------------------------------------------------------
def _paths(tmp_path, text: str, name: str = "plan.txt") -> list[str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return [s.path_str for s in parse_sections(load_document(tmp_path / name, tmp_path))]


def test_full_width_and_half_width_numbering_give_the_same_sections(tmp_path):
    full = "一、目标\n（一）推进医联体建设。\n1．完善制度。\n（1）细化方案。\n二、保障\n（一）加强领导。"
    half = "一、目标\n(一)推进医联体建设。\n1.完善制度。\n(1)细化方案。\n二、保障\n(一)加强领导。"
    assert _paths(tmp_path, full, "full.txt") == _paths(tmp_path, half, "half.txt") == [
        "一、", "一、/（一）", "一、/（一）/1.", "一、/（一）/1./（1）", "二、", "二、/（一）"]


@pytest.mark.parametrize("heading", ["(六) 规范", "（六）　规范", "( 六 )规范", "（ 六 ） 规范"])
def test_stray_spaces_inside_a_heading_do_not_hide_it(tmp_path, heading):
    text = "一、目标\n" + "".join(f"（{n}）第{n}项。\n" for n in "一二三四五") + heading + "提升药品集中采购。\n"
    (tmp_path / "plan.txt").write_text(text, encoding="utf-8")
    sections = parse_sections(load_document(tmp_path / "plan.txt", tmp_path))
    assert sections[-1].path_str == "一、/（六）"
    assert sections[-1].title.startswith("规范提升药品集中采购")


@pytest.mark.parametrize("last", ["三、保障措施", "三、保障措施。", "（三）加强督导"])
def test_heading_on_the_last_line_without_a_newline_is_a_section(tmp_path, last):
    text = "一、目标\n（一）推进医联体建设。\n（二）完善分级诊疗。\n二、任务\n（一）加强基层。\n（二）加强人才。\n" + last
    (tmp_path / "plan.txt").write_text(text, encoding="utf-8")
    doc = load_document(tmp_path / "plan.txt", tmp_path)
    sections = parse_sections(doc)
    assert sections[-1].end == len(doc.text) and doc.text[sections[-1].start:sections[-1].end] == last
    chunks = chunk_document(doc)
    assert chunks[-1].text == last and chunks[-1].end == len(doc.text)


@pytest.fixture(scope="module")
def variant_index(tmp_path_factory):
    """Three one-topic documents, indexed once for the module with the hashing embedder."""
    root = tmp_path_factory.mktemp("variants")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in {
        "care.txt": "一、托育服务\n（一）发展普惠托育。每千人口拥有3岁以下婴幼儿托位数达到4.5个。",
        "doctor.txt": "一、家庭医生\n（一）推进家庭医生签约服务。重点人群签约率达到70%，医疗卫生服务体系更加完善。",
        "vaccine.txt": "一、免疫规划\n（一）加强疫苗管理。适龄儿童免疫规划疫苗接种率保持在95%以上。",
    }.items():
        (corpus / name).write_text(text, encoding="utf-8")
    config = Config(corpus_dir=corpus, index_dir=root / "index", cache_dir=root / "cache", model="hashing",
                    show_progress=False)
    build_index(config)
    return open_index(config.index_dir, model="hashing")


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
@pytest.mark.parametrize("query,doc_id", [
    ("家庭醫生簽約服務", "doctor"),          # traditional characters, simplified text
    ("醫療衛生服務體系", "doctor"),
    ("托位數", "care"),
    ("疫苗接種率９５％", "vaccine"),         # full-width digits and percent sign
    ("ＦＡＭＩＬＹ 家庭医生", "doctor"),
])
def test_variant_queries_find_the_simplified_half_width_text(variant_index, mode, query, doc_id):
    hits = variant_index.search(query, k=1, mode=mode)
    assert hits and hits[0].chunk.doc_id == doc_id


def test_full_width_and_half_width_queries_rank_alike(variant_index):
    full = variant_index.search("托位数达到４．５个？", k=3, mode="lexical")
    half = variant_index.search("托位数达到4.5个?", k=3, mode="lexical")
    assert [(h.chunk.doc_id, h.chunk.start) for h in full] == [(h.chunk.doc_id, h.chunk.start) for h in half]
