"""URLs between pages: any page can link to a passage shown in context in the document viewer."""
from __future__ import annotations

from urllib.parse import urlencode

VIEWER_PATH = "viewer"  # url_path of the viewer page in app.py's PAGES


def viewer_link(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    """Relative URL of the viewer opened on document `doc_id`, marking [start, end) when given.

    Relative, so it works under any server base path; the viewer reads `doc`, `start`, `end`."""
    params: dict[str, str | int] = {"doc": doc_id}
    if start is not None and end is not None:
        params.update(start=int(start), end=int(end))
    return f"{VIEWER_PATH}?{urlencode(params)}"
