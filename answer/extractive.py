"""The direct answer without a language model: the best sentence of the top passages, and for a
quantity question the number it states.

Candidate sentences are those of the top passages (retrieval.highlight.split_sentences, exact
offsets). Each is scored by the index's own embedder (cosine of the question, encoded as a
query, and the sentence, encoded as a passage with its section title in front) plus the share
of the question's words it contains (lexicon synonyms count), minus a small penalty per rank of
its passage, so that on a tie the higher-ranked passage wins. Sentence vectors are cached in
embed.VectorCache, so a repeated or similar question embeds nothing new.

There is no answer (未找到明确答案, the best passages instead) when
- retrieval itself is unsure (retrieval.confidence: the top hit's dense cosine under the threshold);
- the question names a place or year no indexed document covers, and no sentence writes it (scope.py);
- a quantity question finds no sentence stating a quantity of the kind asked (a rate for 率);
- a Chinese quantity question's focus words (next to 多少) are in no clause holding a number;
- a quantity question that cannot be checked that way (English) has near-tied different numbers;
- the answer fails the verbatim-number check (verbatim.py): it is then never shown.

When the question names no indexed city, every document whose best sentence scores close to
the best one answers too: one row per document (city and year), each with its own citation.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from answer.model import Answer, AnswerKind, AnswerRow, Evidence
from answer.quantity import (
                             QuantityAnswer,
                             asked_kind,
                             asks_for_quantity,
                             focus_terms,
                             pick_quantity,
                             quantity_kind,
                             unit_mismatch,
)
from answer.scope import evidence_covers, names_own_place, parts_named, speaks_for_parts, unknown_scope
from answer.table import pick_table_cell, table_reading
from answer.verbatim import numbers_supported
from core.types import Chunk, DocumentMeta, Hit, Span
from embed import VectorCache, embed_passages
from index.search import SearchIndex
from retrieval.confidence import has_clear_answer, judge_evidence, no_answer_threshold
from retrieval.highlight import split_sentences
from retrieval.paraphrase import names_illness, stand_ins
from retrieval.scope import asks_comparison
from text.coverage import Coverage, coverage, english_topics, glossary_terms, only_a_modifier, only_actions, written
from text.lexicon import synonym_map
from text.normalise import normalise_for_match
from text.numbers import find_quantities
from text.period import in_review
from text.quantity_roles import asks_over_years, writes_period
from text.tables import is_table_row, table_cells

PASSAGES = 5            # sentences come from this many top passages
PASSAGES_MANY = 10      # … or this many when the question names no city (several documents may answer)
LEXICAL_WEIGHT = 0.3    # weight of the share of question words a sentence contains (cosines span ~0.75–0.92)
RANK_PENALTY = 0.01     # per rank of the sentence's passage: the tie-breaker towards the top passage
QUANTITY_WEIGHT = 0.01  # per question term in the quantity's own clause
GUESS_MARGIN = 0.02     # without question words to check a number against, its sentence must lead by this
KIND_PENALTY = 0.1      # a reported result for a question about a plan (计划新增多少), or the reverse
COUNTED_PENALTY = 0.05  # the number counts another thing than the question (10家…村卫生室 for 几家…门诊)
ROW_MARGIN = 0.03       # a document answers too when its best sentence scores within this of the best
ROW_MARGIN_CHECKED = 0.1  # … or of this, when each number was checked against what the question asks
COMPARISON_PASSAGES = 40  # a comparison (各地…) reads this many passages, so each city-year's answering one is among them
COMPARISON_MARGIN = float("inf")  # … and lists each city-year with a number checked against the question's focus
# A word the question asks about next to 多少, unwritten, counts as paraphrased at this cosine (dev: 0.91
# answered 21 more answerable questions and 11 fewer unanswerable ones refused, 0.93 12 and 7, 0.95
# 10 and 5; seed and unseen dev together). Stricter than the topic escape's WORD_SIMILARITY.
FOCUS_STAND_IN = 0.95
SECTION_CHUNKS = 8      # chunks of one section read for the answer sentence (section_chunks)
# A different number this close to the best makes the answer's confidence low. Dev (seed and unseen, the
# best answer's lead over the best different number): between 0.01 and 0.03 lie 5 wrong numbers shown high
# and 14 right ones; between 0.03 and 0.05, 4 wrong and 25 right, so the margin stops at 0.03.
CLOSE_MARGIN = 0.03
HEADING_LEAD = 2.0      # a heading answers when it writes this many times the question's share any sentence does
MIN_SENTENCE_CHARS = 6  # shorter pieces are list markers, not answers
CALIBRATED = "calibrated"
_SCOPE_WORDS = frozenset({"各地", "各市", "各城市", "城市", "哪些城市", "全市", "我市", "各区", "文件", "哪些文件"})
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{2,}")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_WHOLE_ROW = re.compile(r"全[市县区省州盟旗]|合计|总计|小计|全部")

NOTE_ABSENT = "检索到的段落没有写到问题所问的内容 (the top passages do not write what the question asks about)"
NOTE_WEAK = "检索结果与问题的相关度低于阈值 (top passage below the no-answer threshold)"
NOTE_NO_QUANTITY = "候选句中没有回答该问题的数字 (no sentence of the top passages states a quantity)"
NOTE_NO_SENTENCE = "候选段落中没有可作答的句子 (no sentence to answer with)"
NOTE_OUT_OF_SCOPE = "语料中没有关于 {} 的文件 (no indexed document covers {})"
NOTE_UNFOCUSED = "候选句中的数字与所问指标无关 (no number in the top passages is about what the question asks)"
NOTE_TIED = "候选数字的得分过于接近, 无法确定 (several numbers are about equally likely answers)"
NOTE_CONFLICT = "该数字与问题所问的时间、指标或对象不完全一致, 请核对原文 (the number may not be the one asked for: check the clause)"
NOTE_REWORDED = "原文没有逐字写到问题中的全部词语, 请核对该句 (the sentence does not write every word of the question: check it)"
NOTE_NOT_IN_NAMED = "问题所问地方的文件中没有写到该内容 (the plans of the place asked about do not write it)"
NOTE_UNVERIFIED = "答案中的数字未在出处原文中出现, 已拒绝 (a number of the answer is not in its evidence)"


@dataclass(frozen=True)
class Candidate:
    """A sentence of a top passage with its scores; `quantity` for quantity questions."""

    evidence: Evidence
    dense: float
    lexical: float
    quantity: QuantityAnswer | None = None
    other_kind: bool = False  # a result where the question asks for a plan, or the reverse
    heading: bool = False  # a section heading names the topic but answers nothing: ranked last

    @property
    def answer_text(self) -> str:
        return self.quantity.text if self.quantity else self.evidence.text


def question_terms(index: SearchIndex, query: str) -> list[str]:
    """The question's words as the lexical index tokenises them, minus the cities and years it
    names (a passage rarely repeats its own city) and pure numbers."""
    scope = index.scope(query)
    names = {normalise_for_match(c) for c in scope.cities} | {str(y) for y in scope.years}
    out = []
    for token in index.query_tokens(query):
        if (token in names or token in _SCOPE_WORDS or re.fullmatch(r"[\d.]+", token)
                or any(token in n for n in names)):
            continue
        out.append(token)
    if _LATIN.search(query):  # English words are looked for in Chinese clauses by their glossary terms
        out += glossary_terms(query)
    return list(dict.fromkeys(out))


def lexical_overlap(terms: Sequence[str], sentence: str) -> float:
    """Share of the terms written in the sentence (a term or one of its lexicon synonyms)."""
    if not terms:
        return 0.0
    text = normalise_for_match(sentence)
    synonyms = synonym_map()
    hits = sum(1 for t in terms if t in text or any(s in text for s in synonyms.get(t, ())))
    return hits / len(terms)


def is_heading(text: str, titles: Sequence[str]) -> bool:
    """A sentence that is a section heading: its number marker plus one of the section titles."""
    core = text.rstrip("。；;：:！!？? ")
    return any(t and core.endswith(t) and len(core) - len(t) <= 8 for t in titles)


def _titles(hit: Hit) -> list[str]:
    return [hit.chunk.title] + [part.strip() for part in hit.chunk.breadcrumb.split(">")]


def _sentence_text(evidence: Evidence) -> str:
    """What is embedded for a sentence: its section title gives the topic a sentence may omit."""
    return f"{evidence.hit.chunk.title}：{evidence.text}"


def section_chunks(hit: Hit, document_chunks: Callable[[str], list[Chunk]]) -> list[Chunk]:
    """The hit's chunk, then the other chunks of its section (at most SECTION_CHUNKS in all). Search
    shows a section by its best chunk, but a long section (a news report without headings is one
    section) may write the answer in another of its chunks. Only sentences are read there: whether
    the question's words are written at all is judged on the passages search found."""
    siblings = [c for c in document_chunks(hit.chunk.doc_id)
                if c.section_id == hit.chunk.section_id and c.start != hit.chunk.start]
    return [hit.chunk, *siblings[:SECTION_CHUNKS - 1]]


def names_row(label: str, terms: Sequence[str], query: str, meta: DocumentMeta) -> bool:
    """The question is about what a table row's label names: it writes a word of the label (高血压患者
    规范管理率, 市中医医院新院区) and names no other county or district of the plan's area, or the
    label is the whole area (全市, 合计). Another project's or county's row is not."""
    if _WHOLE_ROW.fullmatch(label.strip()):
        return True
    parts = parts_named(label, meta)
    if parts and not set(parts) & set(parts_named(query, meta)):
        return False
    return lexical_overlap([t for t in terms if len(t) >= 2], label) > 0  # not 率 alone (孕产妇死亡率 for 管理率)


def reviewed_year_kind(years: Iterable[int], meta: DocumentMeta) -> str | None:
    """"result" when the question names only a year the document reviews before the year it plans
    (a 2020 work report asked about 2019): what was done then, not the next year's target."""
    years = set(years)
    return "result" if len(years) == 1 and years < set(meta.years) and max(years) < max(meta.years) else None


def candidates(index: SearchIndex, query: str, hits: Sequence[Hit], cache: VectorCache | None = None,
               passages: int = PASSAGES, terms: Sequence[str] | None = None) -> list[Candidate]:
    """Sentences of the top passages, scored; quantity questions keep only sentences with a quantity."""
    quantity_question = asks_for_quantity(query)
    terms = question_terms(index, query) if terms is None else list(terms)
    kind = asked_kind(query) if quantity_question else None
    scope_years = index.scope(query).years
    found: list[tuple[Evidence, QuantityAnswer | None, str]] = []
    seen: set[tuple[str, int]] = set()
    chunks_of = lru_cache(maxsize=None)(index.document_chunks)  # one read per document, not per hit
    text_of = lru_cache(maxsize=None)(index.document_text)
    for hit in hits[:passages]:
        parts = parts_named(query, hit.meta) if quantity_question else ()  # a county the question names in this plan
        for span in (s for chunk in section_chunks(hit, chunks_of) for s in split_sentences(chunk.text, chunk.start)):
            key = (hit.chunk.doc_id, span.start)
            if len(span.text) < MIN_SENTENCE_CHARS or key in seen:
                continue
            seen.add(key)
            quantity = pick_quantity(span.text, span.start, terms, query) if quantity_question else None
            if quantity is not None:
                quantity = part_quantity(span, quantity, parts, terms, query)
            header = ""  # a table cell's column header: the words that name the cell, written above its row
            reading = ""  # … and the row read with its header, where the cell's unit is written
            if quantity_question and is_table_row(span.text):
                cells = table_cells(text_of(hit.chunk.doc_id), span.start)
                cell = pick_table_cell(cells, terms, query)
                quantity = cell or quantity
                header = next((c.header for c in cells if cell and c.start == cell.start), "")
                reading = table_reading(cells) if cell else ""
                if header and not names_row(cells[0].label, terms, query, hit.meta):
                    header = ""  # 金寨县　89.6　91　64.9　67 names 金寨县's figures, not the city's asked for
            if quantity_question and quantity is None:
                continue
            found.append((Evidence(span.text, span.start, span.end, hit, reading=reading), quantity, header))
    if not found:
        return []
    vectors, _ = embed_passages(index.embedder, [_sentence_text(e) for e, _, _ in found], cache)
    dense = vectors @ index.query_vector(query)
    out = []
    for (evidence, quantity, header), cosine in zip(found, dense.tolist()):
        lexical = lexical_overlap(terms, f"{evidence.text}|{header}")
        score = cosine + LEXICAL_WEIGHT * lexical - RANK_PENALTY * (evidence.hit.rank - 1)
        other_kind = False
        if quantity is not None:
            score += QUANTITY_WEIGHT * quantity.score
            wanted = kind or reviewed_year_kind(scope_years, evidence.hit.meta)
            read = quantity_kind(evidence.text, quantity.number_start - evidence.start, evidence.hit.meta.year,
                                 evidence.hit.chunk.breadcrumb)
            if wanted and read != "result" and in_review(
                    text_of(evidence.hit.chunk.doc_id), evidence.start, evidence.hit.meta.year):
                read = "result"  # 一年来，…分别为36.4%和33.9%: the paragraph reports what was done
            other_kind = bool(wanted) and read not in (wanted, None)
            score -= KIND_PENALTY if other_kind else 0.0
            score -= COUNTED_PENALTY if "counted" in quantity.conflicts else 0.0
        # a numbered heading that states a quantity (1．三级医院平均住院日控制在9天以内) is a
        # commitment, not a topic: only headings without one are ranked last
        heading = quantity is None and is_heading(evidence.text, _titles(evidence.hit))
        out.append(Candidate(replace(evidence, score=score), cosine, lexical, quantity, other_kind, heading))
    out = [replace(c, heading=False) if c.heading and _alone_names(c, out) else c for c in out]
    out.sort(key=lambda c: (c.heading, -c.evidence.score, c.evidence.hit.rank, c.evidence.start))
    return out


def part_quantity(span: Span, quantity: QuantityAnswer, parts: Sequence[str], terms: Sequence[str],
                  query: str) -> QuantityAnswer:
    """For a question about a part of the plan's area (湘潭县 in 湘潭市's), the number the sentence writes
    after the part's name when the one picked comes before it (…比例达到56.3%，其中湘潭县达到63.1%):
    the whole area's number matches more of the question's words but answers for the whole. The part's
    clause is elliptical (其中湘潭县达到…): it is scored as the sentence's indicator was."""
    before = quantity.number_start - span.start
    after = [at for p in parts if p not in span.text[:before] and (at := span.text.find(p, before)) > 0]
    if not after:
        return quantity
    at = min(after)
    found = pick_quantity(span.text[at:], span.start + at, terms, query)
    return replace(found, score=quantity.score, matched=quantity.matched, focus=quantity.focus) if found else quantity


def _alone_names(heading: Candidate, ranked: Sequence[Candidate]) -> bool:
    """The heading writes more than twice the share of the question any sentence writes (推广家庭医生签约服务,
    then sentences about buildings that share only 服务): the plan says no more on the topic than its
    heading, so the heading answers."""
    return all(heading.lexical > HEADING_LEAD * c.lexical for c in ranked if not c.heading)


@dataclass(frozen=True)
class Gap:
    """What the evidence does not write of the question (evidence_gap)."""

    missing: tuple[str, ...] | None  # None: it writes what is asked; () when the question names nothing
    described: bool = False  # one word let through as a citizen's description of a measure (a_described_policy)


def absent_terms(index: SearchIndex, query: str, terms: Sequence[str], hits: Sequence[Hit],
                 cache: VectorCache | None = None) -> tuple[str, ...] | None:
    """None when the top passages write what the question asks about (evidence_gap), else the terms
    they do not write."""
    return evidence_gap(index, query, terms, hits, cache).missing


def evidence_gap(index: SearchIndex, query: str, terms: Sequence[str], hits: Sequence[Hit],
                 cache: VectorCache | None = None) -> Gap:
    """Nothing missing when the top passages write what the question asks about, and so do the plans
    of the place it names (place_texts); else the terms they do not write (() when the question names
    nothing they could write). A word is written as such, as a lexicon synonym, or as a passage
    word the embedder finds close to it (retrieval.paraphrase; the place's passages only, when
    the place's plans lack the word)."""
    judged = judge_evidence(query, terms, hits)
    texts = place_texts(index, query)
    placed = coverage(query, terms, texts, normalised=True) if texts else None
    if placed is not None and (placed.missing or placed.english_unknown):
        judged = Coverage(judged.terms, tuple(dict.fromkeys(judged.missing + placed.missing)),
                          judged.english_unknown or placed.english_unknown)
        hits = [h for h in hits if names_own_place(query, h.meta)]  # what stands in is the place's word too
    if judged.covered:
        return Gap(None)
    if not judged.terms and not judged.english_unknown and index.scope(query).cities:
        return Gap(None)  # 南通2018年如何推进健康南通建设?: nothing but the city's plan is asked about
    if judged.english_unknown or not judged.terms:
        return Gap(judged.missing)
    if len(judged.missing) == len(judged.terms) and not index.scope(query).cities:
        return Gap(judged.missing)  # 明天天气怎么样: nothing written, no plan named; stand-ins (季节) would be guesses
    replaced = stand_ins(judged.missing, hits, index.query_tokens, index.embedder, cache)
    left = tuple(t for t in judged.missing if t not in replaced)
    written_terms = len(judged.terms) - len(left)
    if not left or only_a_modifier(left, written_terms) or only_actions(left, written_terms, query):
        return Gap(None)
    if a_described_policy(query, left, written_terms):
        return Gap(None, described=True)
    return Gap(left)


PARAPHRASED_POLICY = 5  # written words of a policy question around its one everyday word (a_described_policy)


def a_described_policy(query: str, left: Sequence[str], written_terms: int) -> bool:
    """A question about a policy, not a number, whose words are written but one (院内宪法那样的基本
    规矩, 健康小本子, 隔着屏幕看病): with PARAPHRASED_POLICY words written around it the one word is how a
    citizen describes a written measure, unless it names an illness (狂犬病, 罕见病: a topic the plans
    may not cover). A number question gets no such leeway: its one unwritten word is often the
    indicator itself (托位数, 平均住院日)."""
    return (len(left) == 1 and written_terms >= PARAPHRASED_POLICY and not asks_for_quantity(query)
            and bool(_CJK.search(left[0])) and not names_illness(left[0]))


def place_texts(index: SearchIndex, query: str) -> list[str]:
    """The whole text of each plan of the place the question names, normalised ([] when it names
    none or compares places). Only those plans may answer it (named_documents_first), so a word of
    the question none of them writes (平遥县…HPV疫苗) is absent however many other places' passages
    among the top ones write it."""
    if not index.scope(query).cities or asks_comparison(query):
        return []
    return [index.matchable_text(m.doc_id) for m in index.documents if names_own_place(query, m)]


def focus_stood_in(index: SearchIndex, query: str, terms: Sequence[str], hits: Sequence[Hit],
                   cache: VectorCache | None) -> bool:
    """Every Chinese word the question asks about next to 多少 (托儿位置, 省了多少钱) has a passage word
    the embedder places close to it (托位, 节约): a paraphrase of a written indicator, so the best
    clause is shown as 可能的答案 rather than refused."""
    focus = [t for t in focus_terms(query, terms) if _CJK.search(t)]
    if not focus:
        return False
    return set(focus) <= set(stand_ins(focus, hits, index.query_tokens, index.embedder, cache, threshold=FOCUS_STAND_IN))


def asks_about(query: str, terms: Sequence[str]) -> bool:
    """A Chinese quantity question that names what it asks about (focus terms next to 多少).

    Then only a number whose clause (or the clause before) names it can answer: 平均工资是多少
    is not answered by "推动28家镇街公立医院…". English questions are exempt: their words never
    occur in the Chinese clauses."""
    return asks_for_quantity(query) and any(_CJK.search(t) for t in focus_terms(query, terms))


def clear_lead(ranked: Sequence[Candidate]) -> bool:
    """The best sentence leads the best one with a different answer by GUESS_MARGIN.

    For a quantity question whose words cannot be checked against the clauses (an English
    question over Chinese text), scores of different numbers are often within a hundredth of each
    other; picking one of them is a guess, and a wrong number is worse than none."""
    best = ranked[0]
    runner_up = next((c for c in ranked[1:] if c.answer_text != best.answer_text), None)
    return runner_up is None or best.evidence.score - runner_up.evidence.score >= GUESS_MARGIN


def paragraph_until(document: str, evidence: Evidence) -> str:
    """The evidence sentence with what its paragraph writes before it (`document`: the text its offsets
    refer to): "2019年，全市…取得明显成效。…县域就诊率达到88.6%" dates the figure by the year that opens
    the paragraph. A table row's paragraph is its table: the header's 2021年实际 dates its cells."""
    if is_table_row(evidence.text):
        blank = document.rfind("\n\n", 0, evidence.start)
        return document[blank + 2 if blank >= 0 else 0:evidence.end]
    return document[document.rfind("\n", 0, evidence.start) + 1:evidence.end]


def dated(chunk: Chunk, text: str) -> str:
    """Evidence text with the year its section names (二、2017年工作回顾 → 2017年), which dates every
    sentence under it though none repeats it."""
    return f"{chunk.year}年|{text}" if chunk.year else text


def no_answer(query: str, hits: Sequence[Hit], note: str, missing: Sequence[str] = ()) -> Answer:
    """未找到明确答案, with the passages to read instead, the reason, and the terms no passage writes."""
    return Answer(query=query, text="", kind="none", passages=tuple(hits), note=note, missing=tuple(missing))


def verified(answer: Answer) -> Answer:
    """The answer if every number it shows is written in its evidence; rows that fail are dropped,
    and a failing main answer becomes 未找到明确答案 (never shown)."""
    if not answer.found or answer.evidence is None:
        return answer
    if not supported(answer.text, answer.evidence):
        return no_answer(answer.query, answer.passages, NOTE_UNVERIFIED)
    rows = tuple(r for r in answer.rows if supported(r.answer, r.evidence))
    alternatives = tuple(r for r in answer.alternatives if supported(r.answer, r.evidence))
    return replace(answer, rows=rows if len(rows) > 1 else (), alternatives=alternatives)


def supported(text: str, evidence: Evidence) -> bool:
    """Every number of `text` is written in the evidence, or for a table cell in its row read with its
    header: 13500万元 is 13500 under 总投资（万元）, both written in the table."""
    return numbers_supported(text, evidence.text) or bool(evidence.reading) and numbers_supported(text, evidence.reading)


def _rows(ranked: list[Candidate], margin: float = ROW_MARGIN) -> tuple[AnswerRow, ...]:
    """One row per document whose best sentence scores within `margin` of the best (and answers
    for the kind asked: a plan, not a result), ordered by city and year."""
    best_per_doc: dict[str, Candidate] = {}
    for c in ranked:
        best_per_doc.setdefault(c.evidence.hit.chunk.doc_id, c)
    top = ranked[0].evidence.score
    chosen = [c for c in best_per_doc.values()
              if c.evidence.score >= top - margin and not c.other_kind and not c.heading]
    if len(chosen) < 2:
        return ()
    chosen.sort(key=lambda c: (c.evidence.hit.meta.city, c.evidence.hit.meta.year or 0, c.evidence.start))
    return tuple(AnswerRow(c.answer_text, c.evidence) for c in chosen)


def answer_question(index: SearchIndex, query: str, hits: Sequence[Hit], cache: VectorCache | None = None,
                    threshold: float | None | str = None) -> Answer:
    """The extractive answer to `query` from `hits` (as returned by index.search for it).

    No answer when the passages do not write what the question asks about (retrieval.confidence.
    judge_evidence). threshold: an extra no-answer threshold on the top hit's dense cosine;
    CALIBRATED takes the index model's calibrated value, None (the default) applies none: on the
    gold set's dev questions it refused answerable questions and caught no unanswerable one."""
    hits = list(hits)
    if not hits:
        return no_answer(query, hits, NOTE_NO_SENTENCE)
    if threshold == CALIBRATED:
        threshold = no_answer_threshold(index.embedder.model_id)
    if not has_clear_answer(hits, threshold if not isinstance(threshold, str) else None):
        return no_answer(query, hits, NOTE_WEAK)
    named_cities = index.scope(query).cities
    several = not named_cities
    passages = PASSAGES_MANY if several else PASSAGES
    missing = unknown_scope(query, index.documents)
    if missing and not any(evidence_covers(missing, dated(h.chunk, h.chunk.text), h.meta, query) for h in hits[:passages]):
        names = "、".join(missing)  # decided before any sentence is embedded
        return no_answer(query, hits, NOTE_OUT_OF_SCOPE.format(names, names), missing)
    terms = question_terms(index, query)
    gap = evidence_gap(index, query, terms, hits, cache)
    if gap.missing is not None:
        return no_answer(query, hits, NOTE_ABSENT, gap.missing)
    ranked = candidates(index, query, hits, cache, passages, terms)
    if ranked and ranked[0].other_kind and passages < PASSAGES_MANY:
        # the top passages report a result for a question about a plan (or the reverse): the plan's
        # target section may rank lower (a review writes the indicator's words as often)
        wider = candidates(index, query, hits, cache, PASSAGES_MANY, terms)
        ranked = wider if not wider[0].other_kind else ranked
    if not ranked:
        return no_answer(query, hits, NOTE_NO_QUANTITY if asks_for_quantity(query) else NOTE_NO_SENTENCE)
    checked = asks_about(query, terms)
    unfocused = False
    if checked:
        focused = [c for c in ranked if c.quantity is not None and c.quantity.focus > 0]
        unfocused = not focused
        if unfocused and not focus_stood_in(index, query, terms, hits, cache):
            return no_answer(query, hits, NOTE_UNFOCUSED)
        ranked = focused or ranked
    elif asks_for_quantity(query) and not clear_lead(named_documents_first(index, query, ranked) or ranked):
        return no_answer(query, hits, NOTE_TIED)  # a near tie with another place's plan is none
    ranked = named_documents_first(index, query, ranked)
    if not ranked:
        return no_answer(query, hits, NOTE_NOT_IN_NAMED)
    text_of = lru_cache(maxsize=None)(index.document_text)  # one read per document, not per sentence
    if missing:
        # … and writes a word of the question too: 规划(2016-2020年) covers 2020 but says nothing of 结核病
        ranked = [c for c in ranked if c.lexical > 0 and evidence_covers(
            missing, dated(c.evidence.hit.chunk, paragraph_until(text_of(c.evidence.hit.chunk.doc_id), c.evidence)),
            c.evidence.hit.meta, query)]
        if not ranked:
            names = "、".join(missing)
            return no_answer(query, hits, NOTE_OUT_OF_SCOPE.format(names, names))
    ranked = written_out_first(period_first(text_of, query, parts_first(text_of, query, ranked)))
    best = ranked[0]
    if unfocused and best.quantity is not None and "rate" in best.quantity.conflicts:
        return no_answer(query, hits, NOTE_UNFOCUSED)  # 婴儿死亡率 is no possible answer for 新生儿死亡率
    kind: AnswerKind = "quantity" if best.quantity else "sentence"
    rows = _rows(ranked, ROW_MARGIN_CHECKED if checked else ROW_MARGIN) if several else ()
    if several and not missing and asks_comparison(query):
        rows = comparison_rows(index, query, terms, cache, checked) or rows
    close = close_alternatives(ranked) if best.quantity else ()
    doubtful = bool(best.quantity and (best.quantity.conflicts
                                       or unchecked(query, best.quantity, best.evidence.text, named_cities)))
    doubtful = doubtful or unfocused or not writes_parts(text_of, query, best) or not dated_as_asked(text_of, query, best)
    reworded = gap.described  # a sentence for a question one of whose words no passage writes: a possible answer
    if (doubtful or reworded) and not close:
        close = (AnswerRow(best.answer_text, best.evidence),)
    answer = Answer(query=query, text=best.answer_text, kind=kind, evidence=best.evidence, rows=rows,
                    passages=tuple(hits), confidence="low" if close else "high",
                    alternatives=close, note=NOTE_CONFLICT if doubtful else NOTE_REWORDED if reworded else "")
    return verified(answer)


def writes_parts(text_of: Callable[[str], str], query: str, candidate: Candidate) -> bool:
    """The candidate's paragraph (up to its sentence) writes every county or district the question
    names inside the plan's area (answer.scope.parts_named): 柘城县's target is not the city's 5.6张."""
    parts = parts_named(query, candidate.evidence.hit.meta)
    if not parts:
        return True
    paragraph = paragraph_until(text_of(candidate.evidence.hit.chunk.doc_id), candidate.evidence)
    return speaks_for_parts(parts, candidate.evidence.text, paragraph)


def parts_first(text_of: Callable[[str], str], query: str, ranked: list[Candidate]) -> list[Candidate]:
    """Only candidates whose paragraph writes the part of the area the question names, when any does
    (like named_documents_first for a city): the whole area's number is no rival of the part's."""
    writing = [c for c in ranked if writes_parts(text_of, query, c)]
    # … those whose sentence names it before the number first (岳阳县　26.3%　91.2%　112.4, not
    # 全市开展专项行动3次，平江县、岳阳县…分别比上年下降)
    before = [c for c in writing if c.quantity is not None and (parts := parts_named(query, c.evidence.hit.meta))
              and all(p in c.evidence.text[:c.quantity.end - c.evidence.start] for p in parts)]
    return before + [c for c in writing if c not in before] or ranked


def dated_as_asked(text_of: Callable[[str], str], query: str, candidate: Candidate) -> bool:
    """For a question about several years (过去五年, 累计), the candidate's paragraph (up to its
    sentence) writes a period (五年来, 累计, 以来): an undated figure of a plan is one year's."""
    if candidate.quantity is None or not asks_over_years(query):
        return True
    return writes_period(paragraph_until(text_of(candidate.evidence.hit.chunk.doc_id), candidate.evidence))


def period_first(text_of: Callable[[str], str], query: str, ranked: list[Candidate]) -> list[Candidate]:
    """Candidates dated over several years first, for a question about several years."""
    over_years = [c for c in ranked if dated_as_asked(text_of, query, c)]
    return over_years + [c for c in ranked if c not in over_years]


def written_out_first(ranked: list[Candidate]) -> list[Candidate]:
    """A table cell's value (9.46 under 孕产妇死亡率（/10万）) is shown from a sentence that writes the
    same value with its unit (下降到2018年的9.46/10万), when one is ranked: the bare cell drops its unit."""
    best = ranked[0]
    if best.quantity is None or not is_table_row(best.evidence.text):
        return ranked
    same = next((c for c in ranked[1:] if c.quantity is not None and not is_table_row(c.evidence.text)
                 and restates(c, best)), None)
    return ranked if same is None else [same, *(c for c in ranked if c is not same)]


def restates(a: Candidate, b: Candidate) -> bool:
    """One of two numbers is a table cell and the other states the same value (≥28 and 28%以上; 4.5
    under 年度投资（亿元） and 4.5亿元): the same answer twice, not two answers."""
    if a.quantity is None or b.quantity is None or not (is_table_row(a.evidence.text) or is_table_row(b.evidence.text)):
        return False
    first, second = _values(a.quantity.text), _values(b.quantity.text)
    return bool(first and second and (first[0] == second[0] or first[1] == second[1]))


def _values(text: str) -> tuple[float, float] | None:
    """The value a number states and the number as written (4.5亿元: 450000000 and 4.5): a bare table
    cell has no unit to scale it by."""
    found = find_quantities(text)
    if not found:
        return None
    written = _DECIMAL.match(found[0].number_text)
    return found[0].value, float(written.group(0)) if written else found[0].value


def unchecked(query: str, quantity: QuantityAnswer, sentence: str = "", places: Iterable[str] = ()) -> bool:
    """A number that cannot be checked against the question: its own clause writes none of the
    question's words (it was chosen for its sentence, not for what it measures), its unit is not
    the kind asked for (多少项 answered in 个, how many hospitals answered by a percentage), or one of
    an English question's topic phrases (not its places or frames such as "aim to build") is not
    written in the sentence: English words reach the Chinese only through the glossary, so a
    sentence that writes one topic of two may count something else. Such a number is shown as
    可能的答案 (confidence low)."""
    if quantity.matched == 0 or unit_mismatch(query, quantity.text):
        return True
    if not _LATIN.search(query):
        return False
    text = normalise_for_match(sentence)
    topics = english_topics(query, places)
    return not topics or not all(any(written(c, text) for c in chinese) for _, chinese in topics)


def comparison_rows(index: SearchIndex, query: str, terms: Sequence[str], cache: VectorCache | None,
                    checked: bool) -> tuple[AnswerRow, ...]:
    """One row per city-year for a comparison question (各地计划新增多少张床位?), each from the best
    *answering* sentence of that document among COMPARISON_PASSAGES passages.

    The top passages hold the best passage of each city-year (search diversifies comparisons),
    but that passage is often another section than the one that answers (深圳2019's best passage
    about 床位 is not the one writing 全年预计新增病床3500张), so its document was left out. Another
    city's wording scores lower than the best city's for reasons that say nothing of the answer,
    so a number checked against the question's focus words answers whatever its score."""
    more = index.search(query, k=COMPARISON_PASSAGES, diversify=True)
    pool = candidates(index, query, more, cache, len(more), terms)
    if checked:
        pool = [c for c in pool if c.quantity is not None and c.quantity.focus > 0]
    return _rows(pool, COMPARISON_MARGIN if checked else ROW_MARGIN) if pool else ()


def named_documents_first(index: SearchIndex, query: str, ranked: list[Candidate]) -> list[Candidate]:
    """Only sentences of the plans of the place the question names (and of its year, when named):
    乙市计划新增多少张床位? is not answered by 甲市's 1000张, however well it scores, nor a question
    about 云南 by a county of 云南 (answer.scope.names_own_place). None when no such plan answers,
    unless the question compares places."""
    scope = index.scope(query)
    if not scope.cities or not ranked:
        return ranked

    def level(meta: DocumentMeta) -> int:
        if not names_own_place(query, meta):
            return 0
        return 4 + 2 * (meta.year in scope.years) + bool(set(scope.years) & set(meta.years))

    levels = {id(c): level(c.evidence.hit.meta) for c in ranked}
    best = max(levels.values())
    if best < 4 and not asks_comparison(query):
        return []  # the named place's plan writes no answer: another place's number is not one
    return [c for c in ranked if levels[id(c)] == best] if best > 0 else ranked


def close_alternatives(ranked: Sequence[Candidate], margin: float = CLOSE_MARGIN) -> tuple[AnswerRow, ...]:
    """When a different number scores within `margin` of the best, or another number of the best
    sentence fits the question about as well (QuantityAnswer.rival), both (best first): picking
    one of two near-tied numbers is a guess, so the answer is shown as 可能的答案."""
    best = ranked[0]
    rivals = [c for c in ranked[1:] if c.quantity is not None and c.answer_text != best.answer_text
              and not c.heading and not restates(c, best)
              and best.evidence.score - c.evidence.score < margin]
    inside = best.quantity.rival if best.quantity is not None else ""  # a near tie in the same sentence
    if not rivals and not inside:
        return ()
    seen = {best.answer_text}
    out = [AnswerRow(best.answer_text, best.evidence)]
    if inside and inside not in seen:
        seen.add(inside)
        out.append(AnswerRow(inside, best.evidence))
    for c in rivals:
        if c.answer_text not in seen:
            seen.add(c.answer_text)
            out.append(AnswerRow(c.answer_text, c.evidence))
    return tuple(out[:3])


__all__ = ["CALIBRATED", "COMPARISON_PASSAGES", "Candidate", "answer_question", "candidates", "comparison_rows", "named_documents_first", "lexical_overlap", "no_answer", "question_terms",
           "verified"]
