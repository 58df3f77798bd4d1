"""Quantified commitments: every "新增病床3500张" or "签约率达47%以上" in the index, as a structured record.

Rule-based and transparent. A number becomes a commitment when it carries a unit (张, 家, %, …)
and none of the rules that recognise names and references applies: years and dates, ordinals
(第三, 前50名), rate denominators (每10万人口), baselines (从2.7张提高到…), names in quotes
(“12361”工程, “三个100%”), ages and durations without a comparator (60岁以上老人, 为期3个月),
counts of policy instruments (五项制度, 七项措施). Chinese numerals (两轮, 五个) need a verb
or comparator right before them, since most Chinese numerals in these texts are slogans (四个意识).

Each record says whether it is a target for the plan year or a reported result: cues in the
sentence (力争, 到2020年, 年底前 vs 已, 累计, 五年来, an earlier year) decide first, then the
section heading (回顾, 过去一年, 工作情况 → result), and a plan is the default.
"""
from __future__ import annotations

from collections.abc import Iterable

from commitments.labelling import Draft, finish_labels
from commitments.labels import label_problem
from commitments.model import Commitment, Place
from commitments.readable import counted_label, object_after, share_label, with_verb
from commitments.rules import _clean_head, _comparator, _indicator, _kind, _target_date
from core.types import PREAMBLE, Chunk, DocumentMeta
from text.normalise import to_simplified
from text.numbers import Quantity, find_quantities
from text.quantity_rules import noun_after, rejection
from text.sentences import CLAUSE_END, clause_span, sentence_spans


def _reading(text: str) -> str:
    """The text the rules read: 繁體 mapped to 简体 when that keeps every offset (達到 → 达到, 張 → 张),
    so a traditional-Chinese page yields the same records; citations still quote the original."""
    simple = to_simplified(text)
    return simple if len(simple) == len(text) else text


# -- extraction ----------------------------------------------------------------------------
def _sentence_subject(sentence: str) -> str:
    """What the sentence's first clause names (医疗机构…监测报告,二级以上实现全覆盖,一级覆盖80%)."""
    end = next((i for i, ch in enumerate(sentence) if ch in CLAUSE_END), len(sentence))
    subject = _clean_head(sentence[:end])
    return subject if 2 <= len(subject) <= 30 else ""


def _extract_sentence(text: str, start: int, end: int, place: Place, read: str | None = None) -> list[Commitment]:
    """Commitments in the sentence text[start:end]; offsets stay those of `text`. The rules read `read`
    (the simplified text, same offsets) when given; the record quotes `text`."""
    original = text[start:end]
    sentence = (read or text)[start:end]
    accepted: list[tuple[Quantity, int, int, str]] = []
    drafts: list[Draft] = []
    previous = ""
    for q in find_quantities(sentence):
        c_start, c_end = clause_span(sentence, q.number_start, 0, len(sentence))
        if rejection(sentence, q, c_start):
            continue
        clause = sentence[c_start:c_end]
        q_start = q.number_start - c_start
        noun = noun_after(sentence, q)
        comparator, verb_start, verb_end = _comparator(clause, q_start, q, noun)
        earlier = sentence[:c_start].rstrip(CLAUSE_END)
        earlier = earlier[clause_span(earlier, len(earlier), 0, len(earlier))[0]:] if earlier else ""
        indicator, head = _indicator(clause, q_start, verb_start, verb_end, noun, q.unit, previous, earlier)
        previous = indicator  # borrowed as read, before a verb is added (…总数增加至 is a total, not an increment)
        indicator = _readable(indicator, clause, q.end - c_start, verb_start, verb_end, q_start, noun, q.unit, earlier)
        at = clause.find("分别", 0, q_start)
        if at > 0:  # the whole list before 分别 is the subject the items split
            head = _clean_head(clause[:at])
        verb = clause[verb_start:verb_end] if verb_start >= 0 else ""
        drafts.append(Draft(len(accepted), indicator, head, verb, noun, q.unit, c_start, q.number_start, at > 0,
                            clause[:q_start].endswith("连续"), clause[:q_start]))
        accepted.append((q, c_start, c_end, comparator))
    found: list[Commitment] = []
    meta = place.meta
    for d, (q, c_start, c_end, comparator) in zip(finish_labels(drafts, _sentence_subject(sentence)), accepted):
        upto = sentence[:q.number_start]
        kind = _kind(upto, place.meta.year, place.breadcrumb)
        found.append(Commitment(
            doc_id=meta.doc_id, source=meta.source, start=start + c_start, end=start + c_end, text=original[c_start:c_end],
            number_text=original[q.number_start:q.number_end], number_start=start + q.number_start, number_end=start + q.number_end,
            indicator=d.label, value=q.value, value_min=q.value_min, value_max=q.value_max, unit=d.unit,
            comparator=comparator, target_date=_target_date(upto) if kind == "target" else None, kind=kind,
            city=meta.city, year=meta.year, title=meta.title, section=place.section, section_id=place.section_id,
            breadcrumb=place.breadcrumb))
    return found


def _readable(indicator: str, clause: str, q_end: int, verb_start: int, verb_end: int, q_start: int, noun: str,
              unit: str, earlier: str) -> str:
    """The label rewritten where it names a clause rather than a noun (commitments.readable)."""
    verb = clause[verb_start:verb_end] if verb_start >= 0 else ""
    if unit in ("%", "‰") and noun:
        indicator = share_label(clause[q_end:], earlier if label_problem(indicator, unit) else "") or indicator
    elif noun and "各)" not in indicator:
        indicator = counted_label(clause[q_end:].lstrip("的")) or indicator
    elif not noun and verb and earlier and label_problem(indicator, unit) == "clause":
        indicator = object_after(earlier, verb) or indicator  # 支持…参与创建广东省高水平医院,力争全市创建3家
    return with_verb(indicator, verb, clause[verb_end:q_start] if verb_start >= 0 else "-")


def extract_text(text: str, year: int | None = None, heading: str = PREAMBLE, doc_id: str = "") -> list[Commitment]:
    """Commitments in a plain text, as if it were one section under `heading` of a plan for `year`."""
    place = Place(DocumentMeta(doc_id=doc_id, source="", year=year), breadcrumb=heading)
    out: list[Commitment] = []
    read = _reading(text)
    for s, e in sentence_spans(read):
        out.extend(_extract_sentence(text, s, e, place, read))
    return out


def extract_chunks(text: str, meta: DocumentMeta, chunks: Iterable[Chunk]) -> list[Commitment]:
    """Commitments in the sentences a document's chunks cover, each once.

    Sentences are cut from the whole document text, so a sentence split between two overlapping
    chunks is read whole and only once; its section is that of the first chunk holding its start."""
    chunks = sorted(chunks, key=lambda c: (c.start, c.end))
    read = _reading(text)
    sentences = sentence_spans(read)
    owner: dict[tuple[int, int], Chunk] = {}
    for s, e in sentences:
        holding = [c for c in chunks if c.start <= s < c.end] or [c for c in chunks if s < c.end and c.start < e]
        if holding:
            owner[(s, e)] = holding[0]
    out: list[Commitment] = []
    seen: set[int] = set()
    for (s, e), chunk in owner.items():
        place = Place(meta, section=chunk.path, section_id=chunk.section_id, breadcrumb=chunk.breadcrumb)
        for commitment in _extract_sentence(text, s, e, place, read):
            if commitment.number_start not in seen:
                seen.add(commitment.number_start)
                out.append(commitment)
    return sorted(out, key=lambda c: c.number_start)


def extract_commitments(index, show_progress: bool = False) -> list[Commitment]:
    """Every commitment in a loaded SearchIndex, in document order."""
    by_doc: dict[str, list[Chunk]] = {}
    for chunk in index.all_chunks():
        by_doc.setdefault(chunk.doc_id, []).append(chunk)
    docs = [m for m in index.documents if m.doc_id in by_doc]
    if show_progress:
        from tqdm import tqdm

        docs = tqdm(docs, desc="commitments", unit="doc")
    out: list[Commitment] = []
    for meta in docs:
        out.extend(extract_chunks(index.document_text(meta.doc_id), meta, by_doc[meta.doc_id]))
    return out


__all__ = ["extract_chunks", "extract_commitments", "extract_text"]
