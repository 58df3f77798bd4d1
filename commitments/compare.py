"""Which commitments can share a chart: the same indicator family in the same unit.

新增床位 3500张 and 每千人口床位数 5.9张/千人口 are different units and never share an axis; 病床 and
新增医疗床位 (both 张) are one family. Groups are ordered so the comparison view opens on the one
that lines up the most places and years, not on every indicator at once."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from commitments.model import Commitment
from text.lexicon import synonym_map
from text.normalise import normalise_for_match
from text.quantity_rules import ACTION_WORDS, HEDGE_WORDS, LEVEL_WORDS

DEFAULT_GROUPS = 1  # groups shown when the view opens
_QUALIFIER = re.compile(r"\([^()]*(?:\([^()]*\)[^()]*)*\)|（[^（）]*）")
_LEADING = tuple(sorted(set(ACTION_WORDS + LEVEL_WORDS + HEDGE_WORDS + ("全年", "全市", "全省", "累计", "年度")),
                        key=len, reverse=True))


@dataclass(frozen=True)
class Group:
    """Commitments of one indicator family in one unit, in document order."""

    family: str
    unit: str
    records: tuple[Commitment, ...]

    @property
    def places(self) -> int:
        """Distinct (city, year) pairs: what a comparison lines up."""
        return len({(c.city, c.year) for c in self.records})

    @property
    def name(self) -> str:
        """The indicator as most records of the group write it."""
        counts: dict[str, int] = {}
        for c in self.records:
            counts[c.indicator or "?"] = counts.get(c.indicator or "?", 0) + 1
        return max(counts, key=lambda k: (counts[k], -len(k)))

    @property
    def label(self) -> str:
        return f"{self.name} · {self.unit or '-'} · {len(self.records)} 条 · {self.places} 地/年"


def family(indicator: str) -> str:
    """The indicator without qualifiers (…(如皋市), (各)), leading verbs and scope words, a whole-label
    lexicon synonym folded (新增病床 and 全年新增床位 are one family; 医疗床位 stays its own)."""
    text = _QUALIFIER.sub("", indicator or "").strip()
    changed = True
    while changed:
        changed = False
        for word in _LEADING:
            if text.startswith(word) and len(text) > len(word) + 1:
                text, changed = text[len(word):], True
                break
    text = normalise_for_match(text)
    synonyms = synonym_map().get(text, ())
    return min((text, *synonyms)) if synonyms else text or "?"


def comparable_groups(commitments: Iterable[Commitment]) -> list[Group]:
    """Groups of the same family and unit, most places/years first, then the largest."""
    groups: dict[tuple[str, str], list[Commitment]] = {}
    for c in commitments:
        groups.setdefault((family(c.indicator), c.unit), []).append(c)
    out = [Group(f, u, tuple(records)) for (f, u), records in groups.items()]
    return sorted(out, key=lambda g: (-g.places, -len(g.records), g.family, g.unit))


__all__ = ["DEFAULT_GROUPS", "Group", "comparable_groups", "family"]
