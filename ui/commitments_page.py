"""承诺/目标 Commitments: every quantified target and reported result, as a table a journalist can
sort, filter, search by indicator (text and meaning: 病床 also finds 床位), export as CSV, and
compare across cities and years in a chart. Each row links to its clause in the document viewer.

Records come from `commitments.extract.extract_commitments` (rule-based, offsets exactly as in
search hits); extraction and indicator vectors are computed once per index version.
"""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from hws import (
    DEFAULT_GROUPS,
    KIND_LABELS,
    Commitment,
    Config,
    IndicatorSearch,
    SearchIndex,
    VectorCache,
    comparable_groups,
    extract_commitments,
    filter_commitments,
    to_csv,
)
from ui.links import viewer_link
from ui.safe_text import escape_markdown

URL_PATH = "commitments"
EXAMPLES = ("床位", "家庭医生签约率", "托位", "健康素养", "三甲医院", "死亡率")
_KEYS = {"query": "cm_query", "cities": "cm_cities", "years": "cm_years", "kinds": "cm_kinds", "unit": "cm_unit",
         "indicators": "cm_indicators"}
COLUMNS = {
    "city": "城市 City", "year": "年份 Year", "kind": "类型 Kind", "indicator": "指标 Indicator",
    "comparator": "表述 Comparator", "value": "数值 Value", "unit": "单位 Unit", "target_date": "期限 By",
    "text": "原文 Clause", "link": "查看 Open", "citation": "出处 Citation", "value_min": "下限 Min",
    "value_max": "上限 Max",
}


MISSING = "—"  # shown for a missing year, deadline or bound: never None


def _shown(value) -> str:
    """A cell as text: numbers without a trailing .0, a missing value as —."""
    if value is None or value == "" or isinstance(value, float) and value != value:
        return MISSING
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@st.cache_resource(show_spinner="提取量化承诺 extracting commitments…", max_entries=4)
def _extracted(folder: str, _index: SearchIndex) -> tuple[Commitment, ...]:
    """All commitments of one index version (`folder` is the cache key; the index is not hashed)."""
    return tuple(extract_commitments(_index))


@st.cache_resource(show_spinner="嵌入指标 embedding the indicators…", max_entries=4)
def _searcher(folder: str, _index: SearchIndex) -> IndicatorSearch:
    cache = VectorCache(Config.from_env().cache_dir / "vectors.sqlite")
    return IndicatorSearch(_extracted(folder, _index), _index.embedder, cache)


def commitments_table(commitments: list[Commitment], scores: dict[tuple[str, int], float] | None = None
                      ) -> pd.DataFrame:
    """One row per commitment with the columns shown (and exported), plus a viewer link."""
    rows = []
    for c in commitments:
        row = {key: getattr(c, key) for key in COLUMNS if key not in ("kind", "citation", "link")}
        for key in ("city", "year", "target_date", "value_min", "value_max", "comparator", "indicator", "unit"):
            row[key] = _shown(row[key])
        row["kind"] = KIND_LABELS[c.kind]
        row["citation"] = c.citation
        row["link"] = viewer_link(c.doc_id, c.start, c.end)
        if scores is not None:
            row["score"] = round(scores.get(c.key, 0.0), 2)
        rows.append(row)
    columns = list(COLUMNS) + (["score"] if scores is not None else [])
    table = pd.DataFrame(rows, columns=columns)
    return table.rename(columns={**COLUMNS, "score": "相关度 Score"})


def comparison_table(commitments: list[Commitment]) -> pd.DataFrame:
    """One bar per commitment, labelled by city, year, indicator and what was promised.

    Callers pass commitments of one unit: 3500张 and 47% cannot share an axis. A range is drawn
    at its upper bound."""
    rows = []
    for c in commitments:
        shown = f"{c.number_text}{'' if c.number_text.endswith(('%', '‰')) else c.unit}"
        label = f"{c.city or MISSING} {c.year or ''} · {c.indicator or '?'} · {c.comparator.replace(';', ' ')} {shown}"
        rows.append({"对象 Where": label, "数值 Value": float(c.value_max if c.value_max is not None else c.value),
                     "类型 Kind": KIND_LABELS[c.kind]})
    table = pd.DataFrame(rows, columns=["对象 Where", "数值 Value", "类型 Kind"])
    repeats = table.groupby("对象 Where").cumcount()  # identical labels would merge into one bar
    table["对象 Where"] = [w if n == 0 else f"{w} ({n + 1})" for w, n in zip(table["对象 Where"], repeats)]
    return table


def lineup_table(commitments: list[Commitment]) -> pd.DataFrame:
    """Indicators down, city and year across; each cell says what was promised or reported."""
    rows = [{"指标 Indicator": c.indicator or "?", "城市 年份": f"{c.city or MISSING} {c.year or ''}".strip(),
             "cell": f"{c.comparator.replace(';', ' ')} {c.number_text}"
                     f"{'' if c.number_text.endswith(('%', '‰')) else c.unit}"
                     f"{' (成果)' if c.kind == 'result' else ''}"}
            for c in commitments]
    if not rows:
        return pd.DataFrame()
    table = pd.DataFrame(rows)
    return table.pivot_table(index="指标 Indicator", columns="城市 年份", values="cell",
                             aggfunc=lambda cells: "；".join(cells)).fillna("")


def _controls(commitments: tuple[Commitment, ...]) -> tuple[str, list[str], list[int], list[str]]:
    cities = sorted({c.city for c in commitments if c.city})
    years = sorted({c.year for c in commitments if c.year})
    with st.sidebar:
        st.subheader("筛选 Filters")
        chosen_cities = st.multiselect("城市 City", cities, key=_KEYS["cities"], placeholder="全部 all")
        chosen_years = st.multiselect("年份 Year", years, key=_KEYS["years"], placeholder="全部 all")
        kinds = st.multiselect("类型 Kind", list(KIND_LABELS), format_func=KIND_LABELS.get, key=_KEYS["kinds"],
                               placeholder="目标与成果 both")
    query = st.text_input("指标检索 Indicator search", key=_KEYS["query"],
                          placeholder="例如 e.g. " + " / ".join(EXAMPLES),
                          help="按文字和语义匹配指标：“病床”也能找到“床位” (matches indicators by text and meaning)")
    return query.strip(), chosen_cities, chosen_years, kinds


def _file_name(query: str) -> str:
    safe = re.sub(r"[^\w-]+", "_", query)[:40].strip("_")
    return f"commitments-{safe}.csv" if safe else "commitments.csv"


def _compare(found: list[Commitment]) -> None:
    """Line up comparable records across cities and years: one indicator family in one unit at a time
    (a per-thousand rate never beside a total), opening on the group with the most places and years."""
    st.subheader("对比 Compare across cities and years")
    st.caption("同一指标、同一单位的记录才放在一起；可用上方的指标检索缩小范围（如“床位”“签约率”） "
               "(only the same indicator in the same unit is lined up; narrow with the indicator search)")
    groups = comparable_groups(found)
    labels = [g.label for g in groups]
    # widgets keyed by their choices, so a new search starts from its best group
    first = st.selectbox("指标组 Indicator group", range(len(groups)), format_func=lambda i: labels[i],
                         key=f"{_KEYS['unit']}:{'|'.join(labels)}",
                         help="同一指标族、同一单位 (same indicator family and unit)")
    unit = groups[first].unit
    same_unit = [i for i, g in enumerate(groups) if g.unit == unit and i != first]
    more = st.multiselect("加入同单位的其他指标 Add indicators in the same unit", same_unit,
                          default=same_unit[:DEFAULT_GROUPS - 1], format_func=lambda i: labels[i],
                          key=f"{_KEYS['indicators']}:{first}:{'|'.join(labels)}")
    rows = [c for i in [first, *more] for c in groups[i].records]
    if not rows:
        return
    chart = comparison_table(rows)
    st.bar_chart(chart, x="对象 Where", y="数值 Value", color="类型 Kind", horizontal=True, sort=False,
                 height=max(200, 30 * len(chart) + 80))
    st.caption(f"单位 unit: {escape_markdown(unit or MISSING)} · 区间取上限 (ranges drawn at their upper bound)")
    st.dataframe(lineup_table(rows), width="stretch")


def render(index: SearchIndex) -> None:
    st.title("承诺/目标 Commitments")
    st.caption("各地工作要点中的量化目标与已报告成果，均可在原文中核对 "
               "(quantified targets and reported results, each linked to its clause in the document)")
    folder = str(index.folder)
    commitments = _extracted(folder, index)
    if not commitments:
        st.info("索引中没有找到量化承诺 (no quantified commitments in the indexed documents)")
        return
    query, cities, years, kinds = _controls(commitments)
    found = filter_commitments(commitments, cities=cities, years=years, kinds=kinds)
    scores = None
    if query:
        hits = _searcher(folder, index).search(query)
        allowed = {c.key for c in found}
        found = [c for c, _ in hits if c.key in allowed]
        scores = {c.key: s for c, s in hits}
    targets = sum(c.kind == "target" for c in found)
    st.caption(f"{len(found)} 条 records · 目标 targets {targets} · 成果 results {len(found) - targets}")
    if not found:
        st.info("没有匹配的承诺。请换个指标说法，或放宽左侧筛选。(No matching commitments: rephrase or widen the filters.)")
        return
    st.dataframe(
        commitments_table(found, scores), hide_index=True, width="stretch",
        column_config={
            COLUMNS["link"]: st.column_config.LinkColumn(COLUMNS["link"], display_text="原文 open"),
            COLUMNS["text"]: st.column_config.TextColumn(COLUMNS["text"], width="large"),
        },
    )
    st.download_button("下载 CSV Download", to_csv(found, scores).encode("utf-8-sig"),
                       file_name=_file_name(query), mime="text/csv")
    _compare(found)
