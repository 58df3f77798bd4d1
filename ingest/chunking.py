"""Cut sections into searchable chunks that never cross a section boundary.

A section's own text (its heading line and the paragraphs up to the next heading) becomes one
chunk when it fits; a longer one is split inside the section by langchain's recursive splitter on
Chinese separators (paragraph, 。, ；, ，) with a small overlap. Boilerplate lines are never part of
a chunk. Every chunk satisfies `document.text[chunk.start:chunk.end] == chunk.text`.
"""
from __future__ import annotations

from functools import lru_cache

from langchain_text_splitters import RecursiveCharacterTextSplitter

from core.types import Chunk, Document, Section
from ingest.sections import parse_sections
from ingest.units import clause_units, part_lines, section_years, split_roles, year_at

SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", ";", "，", ",", "、", ""]


@lru_cache(maxsize=16)
def _splitter(size: int, overlap: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=overlap, separators=SEPARATORS, keep_separator="end",
        add_start_index=True, strip_whitespace=True, length_function=len,
    )


def _segments(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """Runs of consecutive body lines inside [start, end); a dropped line breaks a run."""
    runs: list[tuple[int, int]] = []
    for a, b in doc.body:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        if runs and not doc.text[runs[-1][1]:a].strip():
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    return runs


def _pieces(text: str, offset: int, size: int, overlap: int) -> list[tuple[int, int]]:
    if len(text) <= size:
        return [(offset, offset + len(text))]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _splitter(size, overlap).create_documents([text]):
        body = piece.page_content
        at = piece.metadata.get("start_index", -1)
        if at < 0 or text[at:at + len(body)] != body:
            at = text.find(body, cursor)
        if at < 0 or not body:
            continue
        spans.append((offset + at, offset + at + len(body)))
        cursor = at + 1
    return spans


def _has_children(section: Section, sections: list[Section]) -> bool:
    n = len(section.path)
    return n > 0 and any(len(s.path) > n and s.path[:n] == section.path for s in sections)


def chunk_sections(doc: Document, sections: list[Section], size: int = 480, overlap: int = 60) -> list[Chunk]:
    """Chunks of every section in reading order; a parent's bare heading line is not a chunk
    (its title lives on in every child's breadcrumb). Role lines (牵头责任单位:…) become the
    chunks' `duties`, each enumerated clause (一是…, 要坚持…；) its own labelled piece (ingest/units.py)."""
    chunks: list[Chunk] = []
    parts = part_lines(doc)
    years = section_years(sections, parts)
    for section in sections:
        runs = _segments(doc, section.start, section.end)
        if _has_children(section, sections):
            line = doc.text[runs[0][0]:runs[0][1]] if len(runs) == 1 else ""
            only_heading = bool(line) and "\n" not in line and "。" not in line[:-1]
            if not runs or only_heading:
                continue
        runs, duties = split_roles(doc.text, runs)
        for unit in clause_units(doc.text, runs):
            for start, end in _pieces(doc.text[unit.start:unit.end], unit.start, size, overlap):
                if not doc.text[start:end].strip():
                    continue
                chunks.append(Chunk(
                    doc_id=doc.doc_id, section_id=section.section_id, path=section.path_str,
                    breadcrumb=section.breadcrumb, title=section.title,
                    text=doc.text[start:end], start=start, end=end, clause=unit.clause, duties=duties,
                    year=year_at(parts, start, section, years[section.section_id]),
                ))
    return chunks


def chunk_windows(doc: Document, size: int = 480, overlap: int = 60) -> list[Chunk]:
    """Baseline chunker that ignores the numbering: fixed windows over the body text.

    Each window is still labelled with the section it starts in, so it can be judged against
    section-level gold labels."""
    sections = parse_sections(doc)
    chunks: list[Chunk] = []
    for a, b in _segments(doc, 0, len(doc.text)):
        for start, end in _pieces(doc.text[a:b], a, size, overlap):
            owner = next((s for s in reversed(sections) if s.start <= start), sections[0] if sections else None)
            if owner is None:
                continue
            chunks.append(Chunk(doc.doc_id, owner.section_id, owner.path_str, owner.breadcrumb, owner.title,
                                doc.text[start:end], start, end))
    return chunks


CHUNKERS = ("section", "window")


def chunk_document(doc: Document, chunker: str = "section", size: int = 480, overlap: int = 60) -> list[Chunk]:
    """Chunks of one document by the named strategy."""
    if chunker == "section":
        return chunk_sections(doc, parse_sections(doc), size, overlap)
    if chunker == "window":
        return chunk_windows(doc, size, overlap)
    raise ValueError(f"unknown chunker {chunker!r}; choose one of: {', '.join(CHUNKERS)}")
