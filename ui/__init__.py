"""The Streamlit app's pages and the pieces they share; app.py lists the pages.

    search_page     检索 Search: question, filters, cited result cards (default page)
    documents_page  文档 Documents: the indexed documents, chunk counts, model and build time
    viewer_page     原文 Viewer: a document with the cited span marked, and its outline
    serving         the live index, loaded once per process; first-run build; rebuild notice
    cards, outline, safe_text, search_request, links, style   shared pieces

A page module exposes `render(index: SearchIndex) -> None`. Link to a passage in context with
`viewer_link(doc_id, start, end)`. Untrusted text reaches HTML only through `safe_text`.
"""
from ui.links import viewer_link

__all__ = ["viewer_link"]
