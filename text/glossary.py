"""English → Chinese health-policy glossary (text/data/glossary_en.tsv), for English questions.

The documents are Chinese; an English question shares no tokens with them, so BM25 cannot help
it. Each English form found in a question (whole words, longest first, non-overlapping) adds the
Chinese terms of its entry to the lexical query: "How many beds …" also searches 床位 床位数 病床.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from text.lexicon import DATA_DIR

GLOSSARY_PATH = DATA_DIR / "glossary_en.tsv"
_LATIN = re.compile(r"[a-z]")


@dataclass(frozen=True)
class GlossaryEntry:
    entry_id: str
    english: tuple[str, ...]
    chinese: tuple[str, ...]
    source_doc: str
    evidence: str


def read_glossary(path: Path = GLOSSARY_PATH) -> tuple[GlossaryEntry, ...]:
    """Entries of the glossary file; '#' lines are comments. A missing file is an empty glossary."""
    if not path.exists():
        return ()
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    entries = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        english = tuple(_norm_en(t) for t in (row.get("english") or "").split("|") if t.strip())
        chinese = tuple(t.strip() for t in (row.get("chinese") or "").split("|") if t.strip())
        if english and chinese:
            entries.append(GlossaryEntry((row.get("entry_id") or "").strip(), english, chinese,
                                         (row.get("source_doc") or "").strip(), (row.get("evidence") or "").strip()))
    return tuple(entries)


def _norm_en(text: str) -> str:
    """Lower case, hyphens and apostrophes as spaces, single spaces: 'Nursing-type' → 'nursing type'."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^a-z0-9,.%]+", " ", text)
    text = re.sub(r"(?<=[a-z])[,.]|[,.](?![0-9])", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=4)
def _forms(path: Path = GLOSSARY_PATH) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """First word → (English form, Chinese terms) pairs starting with it, longest form first."""
    pairs: dict[str, list[str]] = {}
    for entry in read_glossary(path):
        for form in entry.english:
            terms = pairs.setdefault(form, [])
            terms.extend(t for t in entry.chinese if t not in terms)
    by_word: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for form, terms in sorted(pairs.items(), key=lambda p: (-len(p[0]), p[0])):
        by_word.setdefault(form.split()[0], []).append((form, tuple(terms)))
    return {w: tuple(f) for w, f in by_word.items()}


def is_english(query: str) -> bool:
    """Mostly Latin letters: the question is written in English (pinyin city names included)."""
    latin = sum(1 for ch in query if "a" <= ch.lower() <= "z")
    cjk = sum(1 for ch in query if "\u4e00" <= ch <= "\u9fff")
    return latin > 2 * cjk and latin >= 3


def chinese_terms(query: str, path: Path = GLOSSARY_PATH) -> tuple[str, ...]:
    """Chinese terms for the English forms in the query, in the order the query writes them."""
    if not _LATIN.search(query.lower()):
        return ()
    text = f" {_norm_en(query)} "
    found: list[tuple[int, tuple[str, ...]]] = []
    taken: list[tuple[int, int]] = []
    forms = _forms(path)
    candidates = sorted((f for w in set(text.split()) for f in forms.get(w, ())), key=lambda p: (-len(p[0]), p[0]))
    for form, terms in candidates:
        start = text.find(f" {form} ")
        while start >= 0:
            span = (start + 1, start + 1 + len(form))
            if not any(s < span[1] and span[0] < e for s, e in taken):
                taken.append(span)
                found.append((span[0], terms))
                break
            start = text.find(f" {form} ", start + 1)
    out: list[str] = []
    for _, terms in sorted(found):
        out.extend(t for t in terms if t not in out)
    return tuple(out)
