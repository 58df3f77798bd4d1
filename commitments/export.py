"""Choosing commitments (by city, year, kind) and writing them as CSV."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from commitments.model import Commitment, check_kind


def filter_commitments(commitments: Iterable[Commitment], cities: Sequence[str] = (), years: Sequence[int] = (),
                       kinds: Sequence[str] = ()) -> list[Commitment]:
    """Those of the given cities / years / kinds (an empty choice keeps everything)."""
    for kind in kinds:
        check_kind(kind)
    return [c for c in commitments if (not cities or c.city in cities) and (not years or c.year in years)
            and (not kinds or c.kind in kinds)]


CSV_FIELDS = ("city", "year", "kind", "indicator", "comparator", "value", "value_min", "value_max", "unit",
              "target_date", "number_text", "text", "title", "breadcrumb", "section_id", "source", "start", "end",
              "doc_id")


BOM = "\ufeff"  # Excel reads a CSV without it as the local code page: Chinese turns into garbage


def to_csv(commitments: Iterable[Commitment], scores: dict[tuple[str, int], float] | None = None,
           bom: bool = False) -> str:
    """CSV text with a header, one row per commitment; `scores` (by Commitment.key) adds a relevance
    column; `bom` starts it with a UTF-8 byte-order mark for Excel. Missing values are empty cells."""
    out = io.StringIO(BOM if bom else "")
    out.seek(0, io.SEEK_END)
    fields = CSV_FIELDS + (("score",) if scores is not None else ())
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for c in commitments:
        row = c.to_json()
        if scores is not None:
            row["score"] = round(scores.get(c.key, 0.0), 4)
        writer.writerow(row)
    return out.getvalue()


__all__ = ["BOM", "CSV_FIELDS", "filter_commitments", "to_csv"]
