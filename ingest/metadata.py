"""Document metadata: the curator's manifest first, detection from the text for what it lacks."""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from core.errors import CorpusError, DocumentReadError
from core.types import DocumentMeta
from ingest.boilerplate import Cleaned
from ingest.places import detect_places
from ingest.reading import decode_bytes
from text.normalise import to_simplified
from text.places import short_name

MANIFEST_NAME = "manifest.csv"
META_FIELDS = ("title", "city", "year", "doc_type", "publisher", "published", "url")

_TITLE_WORDS = re.compile(r"工作要点|工作计划|工作会议|工作报告|工作总结|实施方案|行动计划|规划|要点|意见")
_QUOTED = re.compile(r"《([^《》]{4,60})》")
_YEAR = re.compile(r"(20\d\d|19\d\d)\s*年")
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_ORG_FIELDS = ("发布机构", "发文机关", "信息来源", "文章来源", "来源")
_DATE_FIELDS = ("发布日期", "发布时间", "发表时间", "信息提供日期", "成文日期")
_DOC_TYPES = (("任务分解", r"任务分解"), ("工作会议报告", r"工作会议.*报告|工作报告"), ("工作要点", r"工作要点|要点"),
              ("工作计划", r"工作计划|计划"), ("实施方案", r"实施方案|方案"), ("工作总结", r"总结"),
              ("工作会议报道", r"工作会议"))


def load_manifest(corpus_dir: Path) -> dict[str, dict[str, str]]:
    """Rows of corpus/manifest.csv keyed by file name; a missing manifest is an empty one.

    Decoded like a document (UTF-8 with or without BOM, or GBK as Excel saves it on Chinese Windows)."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        text = decode_bytes(path.read_bytes(), MANIFEST_NAME)
    except OSError as exc:
        raise CorpusError(f"{MANIFEST_NAME} 无法读取 ({exc.strerror})") from exc
    except DocumentReadError as exc:
        raise CorpusError(f"{exc}; 请另存为 UTF-8 的 CSV") from exc
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return {row["file"].strip(): {k: (row.get(k) or "").strip() for k in META_FIELDS} for row in rows if row.get("file")}


_NOTICE = re.compile(r"关于印发.{2,60}的通知")
_HEADLINE_WORDS = re.compile(r"召开|举行|开幕|闭幕|印发|发布|部署|启动|推进会|工作会")
_LEAD_PREFIX = re.compile(r"^.{0,60}?(?:报道|讯|电)\s*[:：]|^\s*[(（][^)）]{0,30}[)）]")
_DATE_PREFIX = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚上|晚)?|^(?:近日|日前|昨天|今天|近期)")
_BARE_ORG = re.compile(r"^[县区市省]卫")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff\d])[ \u3000\xa0]+(?=[\u4e00-\u9fff\d])")
_REVIEW = re.compile(r"过去一年|一年来|过去的一年|年度工作|总结回顾")


def tidy_title(value: str) -> str:
    """A title as stored: spaces a line break left between characters removed (印发 2023年 → 印发2023年),
    and the dash a subtitle line opens with (——在2022年全市卫生健康工作会议上的报告) dropped."""
    return _CJK_GAP.sub("", value.strip().lstrip("—-－ 　").strip())


def _is_heading(line: str) -> bool:
    """A line that reads as a document's heading: short, no sentence punctuation, a title word."""
    simple = to_simplified(line)
    return (6 <= len(line) <= 60 and "。" not in line and not re.search(r"[,，?？:：;；]", line)
            and bool(_TITLE_WORDS.search(simple) or _NOTICE.search(simple)))


def _title(cleaned: Cleaned, text: str) -> tuple[str, str]:
    """(title, where it came from): header field, heading line, notice line, 《…》, news headline."""
    for key in ("标题", "名称"):
        if cleaned.fields.get(key):
            return tidy_title(cleaned.fields[key]), key
    for start, end in cleaned.body[:15]:
        line = tidy_title(text[start:end])
        if _is_heading(line):
            return line, "heading"
    head = text[:3000]
    notice = _NOTICE.search(head)
    if notice and not re.search(r"[,，。]", notice.group()):
        return notice.group(), "notice"
    for quoted in _QUOTED.finditer(head):
        if _TITLE_WORDS.search(quoted.group(1)):
            return tidy_title(quoted.group(1)), "quoted"
    return _headline(cleaned, text), "headline"


def _headline(cleaned: Cleaned, text: str) -> str:
    """A news page's headline from its lead: the first clause that reports the event (…会议召开).

    Never the first sentence as such: 《卫生健康是热度极高的民生问题,…》 is a lead question."""
    for start, end in cleaned.body[:4]:
        line = _LEAD_PREFIX.sub("", text[start:end].strip()).strip()
        for clause in re.split(r"[,，。;；!！?？]", line):
            clause = _DATE_PREFIX.sub("", clause.strip()).strip()
            simple = to_simplified(clause)
            if 6 <= len(clause) <= 50 and _HEADLINE_WORDS.search(simple) and _YEAR.search(clause):
                return clause
    return ""


def _with_place(title: str, kind: str, city: str, county: str) -> str:
    """A headline that names no place gets its document's (县卫健局召开… → 竹溪县卫健局召开…)."""
    if kind != "headline" or not title:
        return title
    simple = to_simplified(title)
    if _BARE_ORG.match(simple) and county:
        return re.sub(r"(自治县|自治旗|县|区|市|旗)$", "", county) + title  # 黟县 + 縣衛健局 → 黟縣衛健局
    if city and short_name(city, "city") not in simple and re.match(r"^\d{4}年", title):
        event = re.match(r"^(.+?)(召开|举行|開幕|开幕|舉行|召開)$", title)
        return f"{city}{event.group(2)}{event.group(1)}" if event else city + title
    return title


_SUMMARY_THEN_PLAN = re.compile(r"(20\d\d)年[^0-9]{0,8}?总结[^0-9]{0,6}?(20\d\d)年[^0-9]{0,8}?(?:计划|要点|思路|安排|打算)")


def _year(title: str, text: str) -> int | None:
    """The document's year: the title's first year (of "2023年工作总结和2024年工作计划", the year the
    page is mostly about; its sections on 2024 state their own year)."""
    found = _YEAR.search(title)
    if found:
        return int(found.group(1))
    counts = Counter(int(y) for y in _YEAR.findall(text[:4000]))
    return counts.most_common(1)[0][0] if counts else None


def _years(plan_year: int | None, text: str, title: str = "") -> tuple[int, ...]:
    """The plan year, and the year before when the document reviews it (a 总结 + 要点 page, a
    conference report's 过去一年, a paragraph opening with "2021年，"), or the year after that a 2023年工作总结和2024年工作计划 plans;
    a cited plan period (2016-2020年) is not the document's year."""
    if plan_year is None:
        return ()
    both = _SUMMARY_THEN_PLAN.search(to_simplified(title))
    if both and int(both.group(1)) == plan_year and int(both.group(2)) == plan_year + 1:
        return (plan_year, plan_year + 1)
    simple = to_simplified(text[:20000])
    last = plan_year - 1  # 2021年工作总结, 回顾总结2021年和过去五年, 2021年和过去五年工作回顾
    reviewed = _REVIEW.search(simple) or re.search(rf"(?:总结|回顾)[^。；，,\d]{{0,4}}{last}年|{last}年[^。；，,\d]{{0,10}}"
                                                   r"(?:总结|回顾|完成情况)", simple)
    # … or a paragraph opens with that year (2021年，全市卫生健康系统…取得…): what it did then
    reviewed = reviewed or re.search(rf"(?m)^\s*{last}年[，,]", simple)
    return (plan_year - 1, plan_year) if reviewed else (plan_year,)


def _doc_type(title: str, text: str) -> str:
    if "记者" in text[:6000]:
        return "新闻稿"
    for name, pattern in _DOC_TYPES:
        if re.search(pattern, title):
            return name
    return ""


def _published(cleaned: Cleaned) -> str:
    candidates = [cleaned.fields.get(k, "") for k in _DATE_FIELDS] + list(cleaned.bullets)
    for value in candidates:
        m = _DATE.search(value)
        if m:
            return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return ""


def _publisher(cleaned: Cleaned) -> str:
    for key in _ORG_FIELDS:
        if cleaned.fields.get(key):
            return cleaned.fields[key]
    for bullet in cleaned.bullets:
        if re.search(r"(委|局|厅|政府|办公室|委员会|中心)$", bullet):
            return re.sub(r"^(发布|来源|发布机构|发布单位)\s*[:：]\s*", "", bullet)  # • 发布:湖州卫生健康委
    return ""


def _issuers(cleaned: Cleaned) -> list[str]:
    """Header fields and bullets that name who issued or published the page."""
    found = [cleaned.fields.get(k, "") for k in _ORG_FIELDS]
    found += [b for b in cleaned.bullets if re.search(r"(委|局|厅|政府|办公室|委员会|中心)$", b)]
    return [f for f in found if f]


def detect_meta(doc_id: str, source: str, text: str, cleaned: Cleaned) -> DocumentMeta:
    """Every field guessed from the text: title (field, heading, notice, 《…》, headline), place from
    the issuer, title and body (ingest/places.py), plan year and the years it reviews."""
    title, kind = _title(cleaned, text)
    body_text = "\n".join(text[s:e] for s, e in cleaned.body)
    places = detect_places(title, _issuers(cleaned), body_text)
    top = places[0] if places else None
    title = _with_place(title, kind, top.city if top else "", top.county if top else "")
    year = _year(title, body_text)
    values: dict[str, Any] = {
        "title": title,
        "city": short_name(top.city, "city") if top and top.city else "",
        "year": year,
        "doc_type": _doc_type(to_simplified(title), to_simplified(body_text)),
        "publisher": _publisher(cleaned),
        "published": _published(cleaned),
        "url": "",
    }
    guessed = tuple(k for k in META_FIELDS if values[k] not in ("", None))
    return DocumentMeta(doc_id=doc_id, source=source, guessed=guessed,
                        province=top.province if top else "", county=top.county if top else "",
                        regions=tuple(p.path for p in places), years=_years(year, body_text, title), **values)


def apply_manifest(meta: DocumentMeta, row: dict[str, str] | None) -> DocumentMeta:
    """Curated values override guesses; a field the row leaves empty keeps its guess."""
    if not row:
        return meta
    changes: dict = {}
    for key in META_FIELDS:
        value = row.get(key, "")
        if value and key == "year" and not value.isdigit():
            raise CorpusError(f"manifest.csv: {meta.doc_id} 的 year 不是年份 ({value!r}); 请填四位数字, 如 2024")
        if value:
            changes[key] = int(value) if key == "year" else value
    guessed = tuple(k for k in meta.guessed if k not in changes)
    return replace(meta, guessed=guessed, **changes)
