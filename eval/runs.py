"""Turn searches into section-level runs: what each configuration retrieved for each question.

Relevance is judged per section, so a run lists section ids: each section once, at the rank of
its first (best) hit. The run score is 1/rank, not the retrieval score: with query scoping the
search puts passages of a city named in the question first, so raw fusion scores are not
monotone in rank, and an evaluator re-sorting by score would undo the ranking a user sees.

A hit stands for every section its text overlaps, in reading order. A section chunk lies inside
its own section, so this changes nothing for it; a fixed-size window of the baseline chunker
usually straddles several short sections and is credited with each of them (each then takes a
rank of its own), rather than only with the section it starts in, which would make the baseline
look worse than the text it retrieves.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ranx import Run
from tqdm.auto import tqdm

from eval.gold import Question
from eval.validate import SectionCatalogue
from hws import Config, Hit, SearchIndex, check_mode, top_score


@dataclass(frozen=True)
class RunConfig:
    """One configuration under evaluation: how the index is chunked and how it is searched."""

    name: str
    mode: str = "hybrid"
    auto_scope: bool = True
    chunker: str = Config.chunker
    chunk_size: int = Config.chunk_size
    chunk_overlap: int = Config.chunk_overlap

    def __post_init__(self) -> None:
        check_mode(self.mode)

    @property
    def index_key(self) -> str:
        """Configurations with the same key share one index."""
        return f"{self.chunker}-{self.chunk_size}-{self.chunk_overlap}"

    def describe(self) -> str:
        scope = "" if self.auto_scope else ", no query scope"
        return f"{self.mode}, {self.chunker} chunks {self.chunk_size}/{self.chunk_overlap}{scope}"


@dataclass(frozen=True)
class Retrieved:
    """A section as a run lists it, with what a person needs to see why it was retrieved."""

    section_id: str
    rank: int
    citation: str
    text: str

    def to_json(self) -> dict:
        return {"section_id": self.section_id, "rank": self.rank, "citation": self.citation, "text": self.text}


@dataclass
class RunResult:
    """A configuration's run over the questions, plus the top dense score of each (for calibration)."""

    config: RunConfig
    run: Run
    retrieved: dict[str, tuple[Retrieved, ...]]
    top_dense: dict[str, float | None]


def section_ranking(hits: Sequence[Hit], catalogue: SectionCatalogue | None = None) -> list[Retrieved]:
    """Sections in order of their first hit; later hits of an already listed section are dropped.

    With a catalogue, a hit lists every section its span overlaps (its own label when none)."""
    seen: set[str] = set()
    ranked: list[Retrieved] = []
    for hit in hits:
        c = hit.chunk
        covered = catalogue.sections_in(c.doc_id, c.start, c.end) if catalogue else []
        for sid in covered or [c.section_id]:
            if sid in seen:
                continue
            seen.add(sid)
            ranked.append(Retrieved(sid, len(ranked) + 1, hit.citation, c.text))
    return ranked


def to_run(rankings: dict[str, Sequence[Retrieved]], name: str) -> Run:
    """A ranx Run scored 1/rank; questions with nothing retrieved are simply absent (ranx's
    make_comparable adds them back as empty, scoring 0)."""
    return Run({qid: {r.section_id: 1.0 / r.rank for r in ranked} for qid, ranked in rankings.items() if ranked},
               name=name)


def run_questions(index: SearchIndex, questions: Iterable[Question], config: RunConfig, k: int = 10,
                  catalogue: SectionCatalogue | None = None, show_progress: bool = False) -> RunResult:
    """Search every question with one configuration (the index must match its chunking).

    `catalogue` (the corpus's sections) lets a hit count for each section it overlaps."""
    rankings: dict[str, tuple[Retrieved, ...]] = {}
    top_dense: dict[str, float | None] = {}
    questions = list(questions)
    for q in tqdm(questions, desc=config.name, disable=not show_progress, leave=False):
        hits = index.search(q.text, k=k, mode=config.mode, auto_scope=config.auto_scope)
        rankings[q.qid] = tuple(section_ranking(hits, catalogue))
        top_dense[q.qid] = top_score(hits)
    return RunResult(config, to_run(rankings, config.name), rankings, top_dense)


def write_trec_run(result: RunResult, path: Path) -> None:
    """`qid Q0 section_id rank score tag` lines, readable by trec_eval, ir-measures and ranx."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{qid} Q0 {r.section_id} {r.rank} {1.0 / r.rank:.6f} {result.config.name}"
             for qid, ranked in result.retrieved.items() for r in ranked]
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
