"""PDF, Word and HTML files give the same sections as the plain text they were made from.

Each test writes real files of each kind from the body lines of a seed document (a PDF with
fpdf2, a .docx with python-docx, an HTML page wrapped in navigation and footer furniture), reads
them back through the corpus loader and compares with the .txt holding the same lines.
"""
from __future__ import annotations

import html
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from core.config import REPO_ROOT
from core.errors import DocumentReadError
from index import build_index, open_index
from ingest.corpus import load_corpus, load_document
from ingest.pdf_text import drop_page_numbers, unwrap
from ingest.reading import read_text
from ingest.sections import parse_sections

SEEDS = sorted((REPO_ROOT / "corpus").glob("*.txt"))
FORMATS = ("pdf", "docx", "html")
FONT_HINT = "no CJK font for fpdf2: run `make fonts` (apt-get install fonts-wqy-microhei)"


# -- writing real files ----------------------------------------------------------------------
def seed_lines(path: Path) -> list[str]:
    """The body lines of a seed document (its web furniture already removed)."""
    doc = load_document(path, path.parent)
    return [doc.text[a:b] for a, b in doc.body]


def cjk_fonts() -> list[Path]:
    """Font files on this machine that cover Chinese (fontconfig first, then the usual folders)."""
    found: list[Path] = []
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True).stdout
        found += [Path(line.split(":")[0].strip()) for line in listed.splitlines() if line.strip()]
    for pattern in ("*wqy*", "*[Nn]oto*CJK*", "*DroidSansFallback*"):
        found += Path("/usr/share/fonts").rglob(pattern)
    return [p for p in found if p.suffix.lower() in (".ttf", ".ttc", ".otf") and p.is_file()]


def write_pdf(lines: list[str], path: Path) -> None:
    """A real PDF: text set in a CJK font, wrapped at the margin like a typeset page, with page numbers."""
    from fpdf import FPDF

    class Page(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.cell(0, 10, f"- {self.page_no()} -", align="C")

    for font in cjk_fonts():
        pdf = Page()
        try:
            pdf.add_font("cjk", fname=str(font))
        except Exception:  # a font fpdf2 cannot embed (e.g. CFF outlines): try the next one
            continue
        pdf.set_font("cjk", size=11)
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT", wrapmode="CHAR")
        pdf.output(str(path))
        return
    pytest.skip(FONT_HINT)


def write_docx(lines: list[str], path: Path) -> None:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))


def write_html(lines: list[str], path: Path) -> None:
    """A government-site page: header, menu, breadcrumb, the article, related links, footer."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    path.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>卫生健康委员会</title></head><body>
<header><div class="logo">某市卫生健康委员会</div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/bsfw">办事服务</a></li>
<li><a href="/hdjl">互动交流</a></li></ul></nav></header>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg">通知公告</a></div>
<article><h1>{html.escape(lines[0])}</h1>
{body}
</article>
<aside><h3>相关链接</h3><ul><li><a href="/a">国家卫生健康委员会</a></li><li><a href="/b">省卫生健康委员会</a></li></ul></aside>
<footer><p>主办单位：某市卫生健康委员会 地址：世纪大道6号 邮编：226000</p><p>苏ICP备05000000号</p></footer>
</body></html>""", encoding="utf-8")


WRITERS = {"pdf": write_pdf, "docx": write_docx, "html": write_html}


def squash(text: str) -> str:
    """Text without whitespace: PDF and HTML extraction may change spaces, never characters."""
    return "".join(text.split())


# -- same sections from every format ---------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_each_format_gives_the_sections_of_the_plain_text(tmp_path, seed, fmt):
    lines = seed_lines(seed)
    (tmp_path / "plan.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    WRITERS[fmt](lines, tmp_path / f"plan.{fmt}")
    plain = load_document(tmp_path / "plan.txt", tmp_path)
    other = load_document(tmp_path / f"plan.{fmt}", tmp_path)
    plain_sections, other_sections = parse_sections(plain), parse_sections(other)
    assert [s.path_str for s in other_sections] == [s.path_str for s in plain_sections]
    assert [s.titles for s in other_sections] == [s.titles for s in plain_sections]
    assert ([squash(other.text[s.start:s.end]) for s in other_sections]
            == [squash(plain.text[s.start:s.end]) for s in plain_sections])


def test_every_chunk_offset_indexes_the_stored_text_in_every_format(make_corpus, quick_config):
    lines = seed_lines(SEEDS[-1])
    corpus = make_corpus({"plan.txt": "\n".join(lines)})
    for fmt in FORMATS:
        WRITERS[fmt](lines, corpus / f"plan_{fmt}.{fmt}")
    config = quick_config(corpus)
    report = build_index(config)
    assert report.documents == 4 and report.skipped == ()
    index = open_index(config.index_dir, model="hashing")
    chunks = index.all_chunks()
    assert {c.doc_id for c in chunks} == {"plan", "plan_pdf", "plan_docx", "plan_html"}
    for chunk in chunks:
        assert index.document_text(chunk.doc_id)[chunk.start:chunk.end] == chunk.text
    for hit in index.search(lines[len(lines) // 2][:30], k=8):
        assert index.document_text(hit.chunk.doc_id)[hit.chunk.start:hit.chunk.end] == hit.chunk.text


def test_html_page_furniture_stays_out_of_the_text(tmp_path):
    lines = ["某市2024年卫生健康工作要点", "一、深化医改", "（一）推进紧密型医联体建设。全市建成医联体12个。"]
    write_html(lines, tmp_path / "page.html")
    text = read_text(tmp_path / "page.html")
    assert "全市建成医联体12个" in text
    for furniture in ("政务公开", "办事服务", "当前位置", "ICP备", "相关链接"):
        assert furniture not in text


def test_html_declaring_gbk_is_decoded_by_its_declaration(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
            "<article><p>一、目标</p><p>（一）推进医共体建设。家庭医生签约服务覆盖率达到百分之四十。</p></article></body></html>")
    (tmp_path / "gbk.html").write_bytes(page.encode("gbk"))
    assert "家庭医生签约服务覆盖率" in read_text(tmp_path / "gbk.html")


# -- PDF text layer ---------------------------------------------------------------------------
def test_pdf_page_numbers_are_not_part_of_the_text(tmp_path):
    lines = seed_lines(SEEDS[0])
    write_pdf(lines, tmp_path / "long.pdf")
    text = read_text(tmp_path / "long.pdf")
    assert "- 2 -" not in text and "- 1 -" not in text
    assert squash(text) == squash("\n".join(lines))


def test_wrapped_lines_are_joined_but_sentence_ends_and_headings_are_kept():
    width = "甲" * 40
    lines = ["一、总体目标", width, "乙乙乙。", width[:-1] + "。", "丙丙丙。", width, "（二）新的小节", "短行"]
    assert unwrap(lines) == ["一、总体目标", width + "乙乙乙。", width[:-1] + "。", "丙丙丙。", width, "（二）新的小节", "短行"]


def test_lines_of_a_page_without_wrapped_paragraphs_stay_as_they_are():
    lines = ["关于印发工作要点的通知", "各区卫生健康局：", "现将工作要点印发给你们。", "市卫生健康委"]
    assert unwrap(lines) == lines


def test_page_number_lines_are_dropped_only_at_the_top_or_bottom_of_a_page():
    page = ["- 3 -", "一、目标", "2024", "全市建成医联体。", "第 3 页 共 10 页"]
    assert drop_page_numbers(page) == ["一、目标", "2024", "全市建成医联体。"]


def test_pdf_without_a_text_layer_is_skipped_with_a_reason(make_corpus, quick_config):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)  # a scanned page has pictures, no text
    corpus = make_corpus({"ok.txt": "一、目标\n（一）推进医共体建设。\n"})
    pdf.output(str(corpus / "scan.pdf"))
    report = build_index(quick_config(corpus))
    assert report.documents == 1
    assert len(report.skipped) == 1 and "scan.pdf" in report.skipped[0] and "OCR" in report.skipped[0]


# -- Word -------------------------------------------------------------------------------------
_NUMBERING = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""
_NUM = """<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="90">
  <w:abstractNumId w:val="90"/></w:num>"""


def _numbered(document, text: str, level: int):
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    return paragraph


def test_word_automatic_numbering_becomes_the_section_numbers(tmp_path):
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_NUMBERING))
    numbering.append(parse_xml(_NUM))
    document.add_paragraph("某市2024年卫生健康工作要点")
    _numbered(document, "深化医药卫生体制改革", 0)
    _numbered(document, "推进医联体建设。全市建成紧密型医联体8个。", 1)
    _numbered(document, "完善分级诊疗。基层就诊率达到65%。", 1)
    _numbered(document, "提升基层服务能力", 0)
    _numbered(document, "加强社区卫生服务中心建设", 1)
    _numbered(document, "新建社区卫生服务中心10家。", 2)
    document.save(str(tmp_path / "auto.docx"))
    doc = load_document(tmp_path / "auto.docx", tmp_path)
    assert "一、深化医药卫生体制改革" in doc.text and "（二）完善分级诊疗" in doc.text
    paths = [s.path_str for s in parse_sections(doc)]
    assert paths == ["前言", "一、", "一、/（一）", "一、/（二）", "二、", "二、/（一）", "二、/（一）/1."]


def test_word_tables_are_read_in_their_place(tmp_path):
    document = docx.Document()
    document.add_paragraph("一、主要指标")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "目标值"
    table.cell(1, 0).text, table.cell(1, 1).text = "每千人口执业医师数", "3.2"
    document.add_paragraph("二、保障措施")
    document.save(str(tmp_path / "table.docx"))
    text = read_text(tmp_path / "table.docx")
    assert text.index("一、主要指标") < text.index("表: 每千人口执业医师数 × 目标值 = 3.2") < text.index("二、保障措施")


# -- damaged files ----------------------------------------------------------------------------
def _damaged_files() -> dict[str, bytes]:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    word = buffer.getvalue()
    return {
        "truncated.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",
        "not-really.pdf": "一、目标\n这是一个改了扩展名的文本文件。".encode(),
        "truncated.docx": word[: len(word) // 2],
        "not-a-zip.docx": b"PK\x03\x04" + b"\x00" * 64,
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 4,
        "scripts-only.html": b"<html><head><script>var a = 1;</script></head><body><script>b()</script></body></html>",
    }


@pytest.mark.parametrize("name", sorted(_damaged_files()))
def test_a_damaged_file_raises_a_read_error_naming_it(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(_damaged_files()[name])
    with pytest.raises(DocumentReadError) as caught:
        read_text(path)
    assert name in str(caught.value) and "\n" not in str(caught.value)


def test_damaged_files_are_skipped_and_the_build_goes_on(make_corpus, quick_config):
    corpus = make_corpus({"good.txt": "一、目标\n（一）推进医共体建设。全市建成医共体8个。\n", **_damaged_files()})
    loaded = load_corpus(corpus)
    assert [d.doc_id for d in loaded.documents] == ["good"]
    report = build_index(quick_config(corpus))
    assert report.documents == 1
    assert sorted(line.split()[2].rstrip(":") for line in report.skipped) == sorted(_damaged_files())
