"""Document metadata: the curator's manifest first, detection from the text for what it lacks."""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from ingest.boilerplate import Cleaned
from core.types import DocumentMeta
from core.errors import CorpusError, DocumentReadError
from ingest.reading import decode_bytes

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "title", "city", "year", "doc_type", "publisher", "published", "url")
META_FIELDS = ("title", "city", "year", "doc_type", "publisher", "published", "url")

_TITLE_WORDS = re.compile(r"工作要点|工作计划|工作会议|工作报告|工作总结|实施方案|行动计划|规划|要点|意见")
_QUOTED = re.compile(r"《([^《》]{4,60})》")
_YEAR = re.compile(r"(20\d\d|19\d\d)\s*年")
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_CITY_IN_ORG = re.compile(r"([\u4e00-\u9fff]{2,3}?)[市州盟]")
_HEALTHY_CITY = re.compile(r"健康([\u4e00-\u9fff]{2})(?:建设|行动)")
_GENERIC_PLACES = {"全市", "本市", "我市", "城市", "各市", "县市", "市区", "省市", "中国", "城乡", "村镇", "社区",
                   "家庭", "单位", "乡村", "广东", "河南", "江苏", "全国", "全省", "各地", "环境", "促进", "素养"}
_ORG_FIELDS = ("发布机构", "发文机关", "信息来源", "来源")
_DATE_FIELDS = ("发布日期", "发布时间", "信息提供日期", "成文日期")
_DOC_TYPES = (("工作会议报告", r"工作会议.*报告|工作报告"), ("工作要点", r"工作要点|要点"),
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


def _title(cleaned: Cleaned, text: str) -> str:
    for key in ("名称", "标题"):
        if key in cleaned.fields:
            value = cleaned.fields[key]
            quoted = _QUOTED.search(value)
            return quoted.group(1) if quoted else value
    for start, end in cleaned.body[:15]:
        line = text[start:end].strip()
        if 6 <= len(line) <= 50 and "。" not in line and not re.search(r"[,，?？:：]", line) and _TITLE_WORDS.search(line):
            quoted = _QUOTED.search(line)
            return quoted.group(1) if quoted else line
    head = text[:3000]
    for quoted in _QUOTED.finditer(head):
        if _TITLE_WORDS.search(quoted.group(1)):
            return quoted.group(1)
    if cleaned.body:
        start, end = cleaned.body[0]
        return text[start:end].strip()[:40]
    return ""


def _city(cleaned: Cleaned, title: str, text: str) -> str:
    orgs = [cleaned.fields.get(k, "") for k in _ORG_FIELDS] + list(cleaned.bullets) + [title]
    for org in orgs:
        for m in _CITY_IN_ORG.finditer(org):
            if m.group(1) not in _GENERIC_PLACES:
                return m.group(1)
    counts = Counter(m.group(1) for m in _HEALTHY_CITY.finditer(text) if m.group(1) not in _GENERIC_PLACES)
    if counts:
        return counts.most_common(1)[0][0]
    counts = Counter(m.group(1) for m in _CITY_IN_ORG.finditer(text) if m.group(1) not in _GENERIC_PLACES)
    return counts.most_common(1)[0][0] if counts else ""


def _year(title: str, text: str) -> int | None:
    found = _YEAR.search(title)
    if found:
        return int(found.group(1))
    counts = Counter(int(y) for y in _YEAR.findall(text[:4000]))
    return counts.most_common(1)[0][0] if counts else None


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
            return bullet
    return ""


def detect_meta(doc_id: str, source: str, text: str, cleaned: Cleaned) -> DocumentMeta:
    """Every field guessed from the text: title line, header fields, 《…》 titles, 健康XX建设, 20XX年."""
    title = _title(cleaned, text)
    body_text = "\n".join(text[s:e] for s, e in cleaned.body)
    values = {
        "title": title,
        "city": _city(cleaned, title, body_text),
        "year": _year(title, body_text),
        "doc_type": _doc_type(title, body_text),
        "publisher": _publisher(cleaned),
        "published": _published(cleaned),
        "url": "",
    }
    guessed = tuple(k for k in META_FIELDS if values[k] not in ("", None))
    return DocumentMeta(doc_id=doc_id, source=source, guessed=guessed, **values)


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
