"""Layouts below 一、/（一）: 一是…二是… and 要坚持…； clauses as cited units, task-role lines as metadata,
and a year per section (a 2016 总结 + 2017 要点 page). Small documents of their own, not the seeds."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.types import Document, DocumentMeta
from index import Filters, open_index
from ingest.boilerplate import strip_boilerplate
from ingest.chunking import chunk_document
from text.clauses import find_clauses, role_line
from text.period import stated_year


def doc(text: str) -> Document:
    return Document(DocumentMeta("d", "d.txt"), text, strip_boilerplate(text).body)


def chunks(text: str, size: int = 480, overlap: int = 40):
    return chunk_document(doc(text), "section", size, overlap)


# -- enumerations and parallel clauses --------------------------------------------------------------
def test_ordinal_enumeration_inside_a_paragraph_becomes_one_chunk_per_clause():
    text = ("一、重点任务\n今年重点抓好三件事：一是扩充托育服务，新增托位300个。二是推进家庭医生签约，"
            "签约率达到45%。三是建设智慧医院。\n其他工作按计划推进。")
    found = [c for c in chunks(text) if c.clause]
    assert [c.clause for c in found] == ["一是扩充托育服务", "二是推进家庭医生签约", "三是建设智慧医院"]
    assert found[1].text == "二是推进家庭医生签约，签约率达到45%。"
    assert all(text[c.start:c.end] == c.text and c.section_id == "d#一、" for c in found)
    rest = [c.text for c in chunks(text) if not c.clause]
    assert any(t.endswith("今年重点抓好三件事：") for t in rest) and any("其他工作" in t for t in rest)


def test_ordinal_enumeration_at_paragraph_starts_and_its_citation():
    text = "一、回顾\n  一是床位增加。全年新增床位500张。\n  二是人才引进。引进博士20名。\n全年工作总体平稳。"
    found = [c for c in chunks(text) if c.clause]
    assert [c.text for c in found] == ["一是床位增加。全年新增床位500张。", "二是人才引进。引进博士20名。"]
    assert found[0].citation_path == "一、回顾 > 一是床位增加"


def test_parallel_yao_clauses_after_an_introduction_are_units_in_simplified_and_traditional():
    simple = "会议要求，要坚持统筹推进，加强体系建设；要坚持提质增效，落实医改任务；要进一步坚持政治引领，加强党建。会后各单位分组讨论。"
    traditional = "會議要求,要堅持統籌推進,加強體系建設;要堅持提質增效,落實醫改任務;要進一步堅持政治引領,加強黨建。會後各單位分組討論。"
    for text, first in ((simple, "要坚持统筹推进"), (traditional, "要堅持統籌推進")):
        clauses = find_clauses(text, 0, len(text))
        assert len(clauses) == 3 and clauses[0].label == first
        assert text[clauses[0].start:clauses[0].end].endswith(("；", ";"))
        assert text[clauses[2].start:clauses[2].end].endswith("。")  # the closing remark is not part of it


def test_words_containing_a_numeral_are_not_an_enumeration():
    text = "统一是前提，唯一要求是质量；一是单独一项也不成列举。"
    assert find_clauses(text, 0, len(text)) == []


def test_two_yao_clauses_are_not_a_parallel_list():
    text = "会议强调，要加强领导；要狠抓落实。"
    assert find_clauses(text, 0, len(text)) == []


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.sampled_from(["一是", "二是", "三是", "一要", "二要", "要坚持", "要", "；", ";", "。", "，",
                                       "\n", "牵头责任单位：县卫健委\n", "统筹推进", "医疗", " ", "會議要求,"]),
                      max_size=40))
def test_clauses_are_exact_ordered_non_overlapping_spans(parts):
    text = "".join(parts)
    clauses = find_clauses(text, 0, len(text))
    for a, b in zip(clauses, clauses[1:]):
        assert a.end <= b.start
    for c in clauses:
        assert 0 <= c.start < c.end <= len(text) and text[c.start:c.end].strip() == text[c.start:c.end]
    for c in chunks(text, 30, 5):
        assert text[c.start:c.end] == c.text and c.text.strip()


# -- task-role lines -------------------------------------------------------------------------------
TASKS = ("2022年重点任务分解\n"
         "1.建设县级胸痛中心。\n牵头责任单位：县卫健委\n主要协作单位：县财政局、各乡镇\n"
         "2.完成100个村卫生室改造。\n牵头责任单位:县卫健委、县发改委\n主要协作单位:各乡镇人民政府\n")


def test_role_lines_become_the_duties_of_their_task_not_passages():
    pieces = chunks(TASKS)
    assert [c.text for c in pieces if c.path != "前言"] == ["1.建设县级胸痛中心。", "2.完成100个村卫生室改造。"]
    second = next(c for c in pieces if c.path == "2.")
    assert second.duties == "牵头责任单位:县卫健委、县发改委；主要协作单位:各乡镇人民政府"
    assert not any("牵头" in c.text or "协作" in c.text for c in pieces)


def test_role_line_rule_reads_traditional_and_ignores_sentences():
    assert role_line("牽頭責任單位：縣衛健局") == "牵头责任单位"
    assert role_line("  配合单位:县财政局") == "配合单位"
    assert role_line("牵头承担国家重大专项3项。") is None


def test_duties_and_clauses_reach_the_index_and_the_hit(indexed_corpus):
    config = indexed_corpus("layouts", {"tasks.txt": TASKS, "talk.txt": "一、要求\n会议要求，要坚持统筹推进，加强体系建设；"
                                        "要坚持提质增效，落实医改任务；要坚持惠民利民，推进健康县城建设。"})
    index = open_index(config.index_dir)
    hit = index.search("村卫生室改造", k=1, mode="lexical")[0]
    assert hit.chunk.duties.startswith("牵头责任单位:县卫健委、县发改委") and hit.to_json()["duties"] == hit.chunk.duties
    hit = index.search("提质增效 医改任务", k=1, mode="lexical")[0]
    assert hit.chunk.clause == "要坚持提质增效" and hit.citation.endswith("一、要求 > 要坚持提质增效")


# -- a year per section ----------------------------------------------------------------------------
REVIEW_AND_PLAN = ("某县2017年卫生计生工作要点\n"
                   "一、2016年工作回顾\n全年新增床位120张，家庭医生签约率达到30%。\n"
                   "二、2017年工作要点\n新增床位200张，家庭医生签约率达到40%。\n")


def test_part_lines_state_a_year_only_when_they_open_a_part():
    assert stated_year("2016年工作回顾") == 2016 and stated_year("2017年度衛生健康工作要點") == 2017
    assert stated_year("到2020年，每千人口床位数达到4.5张") is None
    assert stated_year("2017年底前完成任务") is None


def test_each_section_carries_the_year_its_heading_states():
    years = {c.path: c.year for c in chunks(REVIEW_AND_PLAN)}
    assert years["一、"] == 2016 and years["二、"] == 2017


def test_standalone_part_lines_set_the_year_of_what_follows():
    text = "2016年工作总结\n全年新增床位120张。\n2017年工作要点\n一、床位\n新增床位200张。\n"
    by_text = {c.text: c.year for c in chunks(text)}
    assert by_text["一、床位\n新增床位200张。"] == 2017
    assert [y for t, y in by_text.items() if "120张" in t] == [2016]


def test_a_question_naming_the_review_year_reaches_the_review_section(indexed_corpus):
    other = "某县2016年卫生计生工作要点\n一、床位\n新增床位90张。\n"
    config = indexed_corpus("years", {"plan2017.txt": REVIEW_AND_PLAN, "plan2016.txt": other})
    index = open_index(config.index_dir)
    assert index.documents and {m.year for m in index.documents} == {2016, 2017}
    hit = index.search("2016年新增床位多少张", k=1, mode="lexical")[0]
    assert hit.meta.year in (2016, 2017) and ("120张" in hit.chunk.text or "90张" in hit.chunk.text)
    hits = index.search("2016年新增床位多少张", k=3, mode="lexical", filters=Filters(years=(2017,)))
    assert "120张" in hits[0].chunk.text  # within the 2017 page, the 2016 review comes first


# -- traditional Chinese on the embedding side --------------------------------------------------------
def test_traditional_passages_are_embedded_simplified_and_simplified_ones_untouched(make_corpus, quick_config):
    from embed.hashing import HashingEmbedder
    from index import build_index
    from text.script import for_embedding

    simple = "一、医疗\n新增床位200张，推进家庭医生签约服务。"
    assert for_embedding(simple) == simple  # byte-identical: its cached vector stays valid
    assert for_embedding("會議要求,要堅持統籌推進,加強醫療衛生服務體系建設") == "会议要求,要坚持统筹推进,加强医疗卫生服务体系建设"

    seen: list[str] = []

    class Recording(HashingEmbedder):
        def encode_passages(self, texts, show_progress=False):
            seen.extend(texts)
            return super().encode_passages(texts, show_progress)

    corpus = make_corpus({"a.txt": simple, "b.txt": "縣衛健局召開會議。\n會議要求,要堅持統籌推進,加強醫療衛生服務體系建設。"})
    build_index(quick_config(corpus), embedder=Recording())
    assert any(t.endswith("新增床位200张，推进家庭医生签约服务。") for t in seen)
    assert any("坚持统筹推进" in t for t in seen) and not any("堅持" in t for t in seen)


# -- Word table cells, cited by their headers --------------------------------------------------------
def test_each_table_cell_line_is_a_unit_cited_by_row_and_column():
    text = ("一、资源\n表头: 指标 | 2019年 | 2020年目标\n表: 每千人口床位数 × 2019年 = 4.1张\n"
            "表: 每千人口床位数 × 2020年目标 = 4.5张\n")
    cells = [c for c in chunks(text) if c.clause]
    assert [c.clause for c in cells] == ["表: 每千人口床位数 × 2019年", "表: 每千人口床位数 × 2020年目标"]
    assert cells[1].text == "表: 每千人口床位数 × 2020年目标 = 4.5张"


def test_ask_answers_a_2020_target_from_a_word_table_with_the_cell_cited(make_corpus, tmp_path, monkeypatch, capsys):
    import json

    from cli.main import main
    from tests.conftest import write_targets_docx

    monkeypatch.setenv("HWS_CACHE_DIR", str(tmp_path / "cache"))
    corpus = make_corpus({})
    write_targets_docx(corpus / "hz2020.docx")
    index = ["--index-dir", str(tmp_path / "index")]
    assert main(["build", "--corpus", str(corpus), *index, "--model", "hashing", "-q"]) == 0
    capsys.readouterr()
    assert main(["ask", "惠州每千人口床位数2020年目标是多少?", *index, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answer"] == "4.5张"
    assert data["citation"].endswith("> 表: 每千人口床位数 × 2020年目标")


def test_an_index_of_format_2_reads_with_empty_clauses_duties_and_years(tmp_path):
    import sqlite3

    from index.chunk_store import CHUNKS_DB, ChunkStore

    db = sqlite3.connect(tmp_path / CHUNKS_DB)
    db.executescript('CREATE TABLE chunks (row INTEGER PRIMARY KEY, doc_id TEXT, section_id TEXT, path TEXT, '
                     'breadcrumb TEXT, title TEXT, start INTEGER, "end" INTEGER, text TEXT);')
    db.execute("INSERT INTO chunks VALUES (0, 'd', 'd#一、', '一、', '一、医疗', '医疗', 0, 4, '新增床位')")
    db.commit()
    db.close()
    chunk_store = ChunkStore(tmp_path)
    [chunk] = chunk_store.all_chunks()
    assert (chunk.text, chunk.clause, chunk.duties, chunk.year) == ("新增床位", "", "", None)
    assert chunk_store.chunk_years() == [None] and chunk_store.chunks([0]) == [chunk]


# -- make run: serve the last good index while a rebuild runs -----------------------------------------
def test_prepare_serve_rebuilds_a_stale_index_in_the_background_and_the_app_keeps_serving(
        make_corpus, tmp_path, monkeypatch, capsys):
    from cli import serve_cmds
    from cli.main import build_parser
    from index.status import index_status

    monkeypatch.setenv("HWS_CACHE_DIR", str(tmp_path / "cache"))
    corpus = make_corpus({"a.txt": "甲市2022年卫生健康工作要点\n一、医疗\n新增床位200张。\n"})
    args = ["--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), "--model", "hashing", "-q"]
    spawned: list[list[str]] = []

    def prepare() -> str:
        capsys.readouterr()
        parsed = build_parser().parse_args(["prepare-serve", *args])
        assert serve_cmds.cmd_prepare_serve(parsed, spawn=lambda cmd, log: spawned.append(cmd)) == 0
        return capsys.readouterr().out

    first = prepare()  # no index: built here, in the foreground, before the app starts
    assert "building it first" in first and "索引已构建" in first and not spawned
    assert index_status(tmp_path / "index").ready
    assert "up to date" in prepare() and not spawned
    (corpus / "b.txt").write_text("乙市2022年卫生健康工作要点\n一、基层\n签约率达到40%。\n", encoding="utf-8")
    assert "background" in prepare()
    [command] = spawned
    assert command[1:6] == ["-m", "index", "build", "--if-stale", "-q"] and str(corpus) in command
    version = index_status(tmp_path / "index").version
    # the real detached build publishes a new version; until then the last good one stays live
    process = serve_cmds.spawn_detached(command, tmp_path / "index" / serve_cmds.REBUILD_LOG)
    assert index_status(tmp_path / "index").ready
    assert process.wait(timeout=300) == 0
    assert index_status(tmp_path / "index").version != version
    assert "up to date" in prepare()
