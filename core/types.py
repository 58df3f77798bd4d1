"""The domain's nouns: documents, sections, chunks, hits and citations, as small frozen records."""
from __future__ import annotations

from dataclasses import dataclass, field

PREAMBLE = "前言"


@dataclass(frozen=True)
class DocumentMeta:
    """What a citation needs to name a document; `guessed` lists fields detected from text, not curated."""

    doc_id: str
    source: str  # path relative to the repository (or corpus folder when outside it)
    title: str = ""
    city: str = ""
    year: int | None = None
    doc_type: str = ""
    publisher: str = ""
    published: str = ""
    url: str = ""
    guessed: tuple[str, ...] = ()
    province: str = ""  # full names from the gazetteer (浙江省); `city` stays for compatibility
    county: str = ""  # county, county-level city or district (灵璧县, 福田区)
    regions: tuple[str, ...] = ()  # every place the document covers, as paths ('浙江省/湖州市')
    years: tuple[int, ...] = ()  # years the document plans or reviews; `year` is the plan year


@dataclass(frozen=True)
class Document:
    """A decoded document: `text` is the single decoded form every offset refers to."""

    meta: DocumentMeta
    text: str
    body: tuple[tuple[int, int], ...]  # spans of `text` kept after boilerplate removal

    @property
    def doc_id(self) -> str:
        return self.meta.doc_id


@dataclass(frozen=True)
class Section:
    """A numbered section: `path` holds normalised markers such as ('四、', '13.')."""

    doc_id: str
    path: tuple[str, ...]
    titles: tuple[str, ...]  # title of each level of the path, same length as path
    start: int
    end: int  # end of the section's own text (up to the next heading of any level)

    @property
    def path_str(self) -> str:
        return "/".join(self.path) if self.path else PREAMBLE

    @property
    def section_id(self) -> str:
        return f"{self.doc_id}#{self.path_str}"

    @property
    def title(self) -> str:
        return self.titles[-1] if self.titles else PREAMBLE

    @property
    def breadcrumb(self) -> str:
        if not self.path:
            return PREAMBLE
        return " > ".join(f"{m}{t}" for m, t in zip(self.path, self.titles))


@dataclass(frozen=True)
class Chunk:
    """A searchable piece of one section; `text == document.text[start:end]` always holds."""

    doc_id: str
    section_id: str
    path: str
    breadcrumb: str
    title: str
    text: str
    start: int
    end: int
    clause: str = ""  # the enumerated clause this piece is (一是…, 要坚持…), cited after the breadcrumb
    duties: str = ""  # its task's role lines (牵头责任单位:…；主要协作单位:…), kept out of the text
    year: int | None = None  # the year its section names (2016年工作回顾); None: the document's year

    @property
    def citation_path(self) -> str:
        """Breadcrumb, then the clause when the piece is one (二、要求 > 一要坚持党的领导)."""
        return f"{self.breadcrumb} > {self.clause}" if self.clause else self.breadcrumb


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Hit:
    """One ranked result with everything its citation needs."""

    rank: int
    score: float
    chunk: Chunk
    meta: DocumentMeta
    highlight: tuple[Span, ...] = ()
    scores: dict = field(default_factory=dict, compare=False)  # per-mode scores, for inspection

    @property
    def citation(self) -> str:
        """A citation a user can paste: 《title》breadcrumb."""
        return f"《{self.meta.title}》{self.chunk.citation_path}"

    def to_json(self) -> dict:
        c, m = self.chunk, self.meta
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "doc_id": c.doc_id,
            "source": m.source,
            "title": m.title,
            "city": m.city,
            "year": m.year,
            "doc_type": m.doc_type,
            "section": c.path,
            "section_id": c.section_id,
            "section_title": c.title,
            "breadcrumb": c.breadcrumb,
            "clause": c.clause,
            "duties": c.duties,
            "section_year": c.year,
            "citation": self.citation,
            "text": c.text,
            "start": c.start,
            "end": c.end,
            "highlight": [{"text": s.text, "start": s.start, "end": s.end} for s in self.highlight],
            "scores": {k: round(float(v), 6) for k, v in self.scores.items()},
        }
