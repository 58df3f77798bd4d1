"""The app's few CSS rules (cards, highlighted sentences, the viewer), sent once per page run."""
from __future__ import annotations

import streamlit as st

CSS = """
<style>
.hws-card { line-height: 1.7; }
.hws-crumb { font-weight: 600; font-size: 1.05rem; margin-bottom: .25rem; }
.hws-rank { color: #6b7280; font-weight: 400; margin-right: .5rem; }
.hws-tags { display: flex; flex-wrap: wrap; gap: .35rem; align-items: center; margin-bottom: .5rem; }
.hws-tag { background: #eef2ff; color: #3730a3; border-radius: .6rem; padding: 0 .55rem; font-size: .82rem; }
.hws-tag.hws-title { background: #f1f5f9; color: #1f2937; }
.hws-score { color: #9ca3af; font-size: .75rem; margin-left: auto; }
.hws-passage { white-space: pre-wrap; color: #1f2937; }
mark.hws-hl { background: #fde68a; padding: 0 .1rem; border-radius: .15rem; }
.hws-doc { white-space: pre-wrap; line-height: 1.8; font-size: .97rem; }
mark.hws-cited { background: #fef3c7; box-shadow: -4px 0 0 #f59e0b; padding: .1rem 0; }
.hws-anchor { scroll-margin-top: 1rem; }
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
.hws-outline { list-style: none; padding-left: 0 !important; margin: 0 !important; font-size: .88rem; line-height: 1.5; }
.hws-outline li { margin: .15rem 0 !important; list-style: none; }
.hws-outline a { color: #1f2937; text-decoration: none; }
.hws-outline a:hover { text-decoration: underline; }
.hws-outline li.hws-current > a { font-weight: 700; color: #b45309; }
.hws-muted { color: #6b7280; font-size: .85rem; }
</style>
"""


def inject_style() -> None:
    st.html(CSS)
