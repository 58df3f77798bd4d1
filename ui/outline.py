"""A document's section outline, rebuilt from its indexed chunks (no re-parsing of the file).

Chunks carry their section path ("四、/13.") and breadcrumb ("四、… > 13.…"); a parent section
whose bare heading is not a chunk still appears, placed at its first descendant."""
from __future__ import annotations

from dataclasses import dataclass

from hws import PREAMBLE, Chunk

_CRUMB_SEPARATOR = " > "


@dataclass(frozen=True)
class OutlineEntry:
    path: tuple[str, ...]  # section markers, () for the preamble
    label: str  # marker and title, e.g. "13.建立家庭医生守门人制度"
    start: int  # first character of the section's text in the document
    end: int

    @property
    def depth(self) -> int:
        return max(len(self.path) - 1, 0)

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def document_outline(chunks: list[Chunk]) -> list[OutlineEntry]:
    """Sections and their ancestors in reading order."""
    spans: dict[tuple[str, ...], list] = {}
    for chunk in chunks:
        if chunk.path == PREAMBLE:
            levels = [((), PREAMBLE)]
        else:
            markers = tuple(chunk.path.split("/"))
            labels = chunk.breadcrumb.split(_CRUMB_SEPARATOR)
            if len(labels) == len(markers):
                levels = [(markers[:i + 1], labels[i]) for i in range(len(markers))]
            else:  # a title containing the separator: keep the section itself, labelled in full
                levels = [(markers, chunk.breadcrumb)]
        for path, label in levels:
            entry = spans.setdefault(path, [label, chunk.start, chunk.end])
            entry[1], entry[2] = min(entry[1], chunk.start), max(entry[2], chunk.end)
    entries = [OutlineEntry(path, label, start, end) for path, (label, start, end) in spans.items()]
    return sorted(entries, key=lambda e: (e.start, len(e.path)))


def innermost(outline: list[OutlineEntry], start: int, end: int) -> OutlineEntry | None:
    """The deepest section that contains [start, end), if any."""
    holding = [e for e in outline if e.contains(start, end)]
    return max(holding, key=lambda e: len(e.path)) if holding else None
