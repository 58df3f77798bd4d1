"""Streamlit entry point: the list of pages and the frame every page runs in.

    streamlit run app.py            (or: make run)

Every page gets the live index (loaded once per process, first built with a progress bar when
missing) and runs inside one error boundary, so a user sees a message, never a traceback.
To add a page, add one line to PAGES: page(module, title, icon, url_path), where the module
has `render(index: SearchIndex) -> None`.
"""
from __future__ import annotations

import logging
from types import ModuleType

import streamlit as st

from hws import Config, HwsError
from ui import commitments_page, documents_page, eval_page, judge_page, search_page, viewer_page
from ui.safe_text import escape_markdown
from ui.serving import serving_index
from ui.style import inject_style

st.set_page_config(page_title="卫生健康工作要点检索", page_icon="🔎", layout="wide")
CONFIG = Config.from_env(show_progress=False)
log = logging.getLogger("hws.app")


def page(module: ModuleType, title: str, icon: str, url_path: str, default: bool = False) -> st.Page:
    """A navigation page whose body is `module.render(index)`, run inside the error boundary."""

    def run() -> None:
        try:
            index = serving_index(CONFIG)
            if index is not None:
                module.render(index)
        except HwsError as exc:
            st.error(escape_markdown(str(exc)))
        except Exception:  # the boundary: log the traceback for us, show one line to the user
            log.exception("page %s failed", url_path)
            st.error("出错了，这个页面没能显示完整；请刷新重试，若仍出错请联系维护者 "
                     "(something went wrong on this page; refresh, or report it)")

    return st.Page(run, title=title, icon=icon, url_path=url_path, default=default)


PAGES = [
    page(search_page, "检索 Search", "🔎", "search", default=True),
    page(documents_page, "文档 Documents", "📚", "documents"),
    page(commitments_page, "承诺/目标 Commitments", "🎯", commitments_page.URL_PATH),
    page(viewer_page, "原文 Viewer", "📄", viewer_page.URL_PATH),
    page(eval_page, "评测 Evaluation", "📊", eval_page.URL_PATH),
    page(judge_page, "评审 Judge", "⚖️", judge_page.URL_PATH),
]

inject_style()
st.navigation(PAGES).run()
