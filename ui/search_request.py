"""A search as the URL states it: question, filters, number of results and mode.

The query string is the shareable form of a search (`?q=…&city=深圳&year=2019&k=10&mode=hybrid`);
values a link carries that this index does not know (a city it lacks, k=abc) are dropped, never
an error, so an old or hand-edited link still opens."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from hws import MODES, Filters

K_DEFAULT = 10
K_MAX = 30


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    cities: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    doc_types: tuple[str, ...] = ()
    k: int = K_DEFAULT
    mode: str = "hybrid"

    @property
    def filters(self) -> Filters:
        return Filters(self.cities, self.years, self.doc_types)

    @classmethod
    def from_params(cls, get_all: Callable[[str], list[str]], facets: Mapping[str, list]) -> SearchRequest:
        """Read a request from query parameters (`get_all(key)` lists a key's values), keeping only
        filter values present in the index's facets."""
        years = []
        for raw in get_all("year"):
            if raw.strip().isdigit() and int(raw) in facets.get("years", []):
                years.append(int(raw))
        k_text, mode = _last(get_all("k")).strip(), _last(get_all("mode"))
        k = int(k_text) if k_text.isdigit() else K_DEFAULT
        return cls(
            query=_last(get_all("q")),
            cities=_known(get_all("city"), facets.get("places", facets.get("cities", []))),
            years=tuple(dict.fromkeys(years)),
            doc_types=_known(get_all("type"), facets.get("doc_types", [])),
            k=min(max(k, 1), K_MAX),
            mode=mode if mode in MODES else "hybrid",
        )

    def to_params(self) -> dict[str, str | list[str]]:
        """Query parameters that reproduce this request; defaults are left out to keep links short."""
        params: dict[str, str | list[str]] = {}
        if self.query:
            params["q"] = self.query
        if self.cities:
            params["city"] = list(self.cities)
        if self.years:
            params["year"] = [str(y) for y in self.years]
        if self.doc_types:
            params["type"] = list(self.doc_types)
        if self.k != K_DEFAULT:
            params["k"] = str(self.k)
        if self.mode != "hybrid":
            params["mode"] = self.mode
        return params


def _last(values: list[str]) -> str:
    """The last value of a repeated key wins, as in st.query_params."""
    return values[-1] if values else ""


def _known(values: list[str], allowed: list) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v in allowed))
