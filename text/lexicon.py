"""The health-policy lexicon (index/data/lexicon.tsv): synonym groups used for tokenising and expansion."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from text.normalise import normalise_for_match

DATA_DIR = Path(__file__).resolve().parent / "data"  # lexicon and stopwords: the tokeniser's language data
LEXICON_PATH = DATA_DIR / "lexicon.tsv"


@dataclass(frozen=True)
class SynonymGroup:
    group_id: str
    terms: tuple[str, ...]
    relation: str
    source_doc: str
    evidence: str


def read_lexicon(path: Path = LEXICON_PATH) -> tuple[SynonymGroup, ...]:
    """Groups of the lexicon file; '#' lines are comments. A missing file is an empty lexicon."""
    if not path.exists():
        return ()
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    groups = []
    for row in rows:
        terms = tuple(t.strip() for t in (row.get("terms") or "").split("|") if t.strip())
        if terms:
            groups.append(SynonymGroup(row["group_id"].strip(), terms, (row.get("relation") or "").strip(),
                                       (row.get("source_doc") or "").strip(), (row.get("evidence") or "").strip()))
    return tuple(groups)


@lru_cache(maxsize=4)
def lexicon_terms(path: Path = LEXICON_PATH) -> tuple[str, ...]:
    return tuple(t for g in read_lexicon(path) for t in g.terms)


@lru_cache(maxsize=4)
def synonym_map(path: Path = LEXICON_PATH) -> dict[str, tuple[str, ...]]:
    """normalised term → the other terms of its group (normalised)."""
    mapping: dict[str, tuple[str, ...]] = {}
    for group in read_lexicon(path):
        normed = tuple(dict.fromkeys(normalise_for_match(t) for t in group.terms))
        for term in normed:
            mapping[term] = tuple(t for t in normed if t != term)
    return mapping


def expand_tokens(tokens: list[str], path: Path = LEXICON_PATH) -> list[str]:
    """Query tokens plus the synonyms of every token that is a lexicon term (original order kept)."""
    mapping = synonym_map(path)
    out = list(tokens)
    for token in tokens:
        for synonym in mapping.get(token, ()):
            if synonym not in out:
                out.append(synonym)
    return out


def expand_text(query: str, path: Path = LEXICON_PATH) -> str:
    """The query followed by the synonyms of every lexicon term written in it (for embedding).

    家签率目标 → "家签率目标 家庭医生签约": the embedder sees the spelled-out form as well. Longer
    terms are matched first, and a term inside an already matched one adds nothing of its own."""
    normed = normalise_for_match(query)
    mapping = synonym_map(path)
    found: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for term in sorted(mapping, key=len, reverse=True):
        start = normed.find(term)
        if start < 0 or any(s <= start < e for s, e in covered):
            continue
        covered.append((start, start + len(term)))
        found.append((start, term))
    extra: list[str] = []
    for _, term in sorted(found):  # in the order the query writes them
        extra.extend(s for s in mapping[term] if s not in normed and s not in extra)
    return f"{query} {' '.join(extra)}" if extra else query
