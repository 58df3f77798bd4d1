"""Grounded generation against a local server that speaks the chat-completions protocol.

The server runs on 127.0.0.1 on a free port, in a thread, and answers with scripted replies; the
real HTTP client (urllib) talks to it. No model is involved."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from answer.generate import (
    GenerationError,
    LLMConfig,
    build_messages,
    check_reply,
    citations_of,
    generate_answer,
    llm_config,
    split_reply,
)
from cli.main import main
from core.config import REPO_ROOT
from core.types import Chunk, DocumentMeta, Hit
from index import Config, build_index


class ScriptedChat:
    """A chat-completions endpoint: each POST gets the next scripted (status, reply, delay)."""

    def __init__(self) -> None:
        self.script: list[tuple[int, str, float]] = []
        self.requests: list[dict] = []
        chat = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                chat.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
                status, reply, delay = chat.script.pop(0) if chat.script else (200, "未找到明确答案。", 0.0)
                time.sleep(delay)
                if status == 200:
                    payload = {"id": "x", "object": "chat.completion", "model": body.get("model"),
                               "choices": [{"index": 0, "finish_reason": "stop",
                                            "message": {"role": "assistant", "content": reply}}]}
                else:
                    payload = {"error": {"message": reply}}
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def config(self, timeout: float = 10.0) -> LLMConfig:
        return LLMConfig(base_url=self.url, model="scripted-model", api_key="secret-token", timeout=timeout)


@pytest.fixture
def chat():
    server = ScriptedChat()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
    server.thread.join(timeout=5)


def _hit(rank: int, text: str, doc_id: str = "d1", title: str = "某市2024年卫生健康工作要点") -> Hit:
    meta = DocumentMeta(doc_id=doc_id, source=f"corpus/{doc_id}.txt", title=title, city="某市", year=2024)
    chunk = Chunk(doc_id, f"{doc_id}#{rank}.", f"{rank}.", f"{rank}.小节", "小节", text, 100 * rank, 100 * rank + len(text))
    return Hit(rank=rank, score=1.0, chunk=chunk, meta=meta)


HITS = [_hit(1, "全年新增医疗床位1000张,新建社区卫生服务中心3所。"), _hit(2, "力争全市家庭医生签约率达47%以上。")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- parsing and checking replies --------------------------------------------------------------
def test_citations_are_read_in_their_usual_spellings():
    assert citations_of("新增床位1000张[1][2]。") == (1, 2)
    assert citations_of("签约率达47%以上【2】, 见[1,2]") == (2, 1)
    assert citations_of("没有出处。") == ()


def test_reply_is_split_into_sentences_with_their_markers():
    assert split_reply("新增床位1000张[1]。签约率达47%以上。[2]\n") == ["新增床位1000张[1]。", "签约率达47%以上。[2]"]


def test_a_number_not_in_the_cited_passage_is_flagged():
    supported, unsupported, wrong_passage = check_reply(
        "新增医疗床位1000张[1]。新增医疗床位2000张[1]。签约率达47%以上[1]。", HITS)
    assert supported.supported and supported.citations == (1,)
    assert not unsupported.supported and unsupported.unsupported == ("2000",)
    assert not wrong_passage.supported and wrong_passage.unsupported == ("47",)  # 47% is in [2], not [1]


def test_citing_a_passage_that_was_not_given_supports_nothing():
    (sentence,) = check_reply("新增医疗床位1000张[7]。", HITS)
    assert not sentence.supported and sentence.unsupported == ("1000",)


def test_year_in_the_cited_passage_title_counts_as_written():
    (sentence,) = check_reply("某市2024年新增医疗床位1000张[1]。", HITS)
    assert sentence.supported


def test_prompt_holds_only_the_numbered_passages():
    messages = build_messages("新增多少张床位?", HITS)
    user = messages[-1]["content"]
    assert messages[0]["role"] == "system" and "[1]" in user and "[2]" in user
    assert HITS[0].chunk.text in user and HITS[1].citation in user and "[3]" not in user


# -- the HTTP client against the scripted server ---------------------------------------------------
def test_generated_answer_keeps_supported_sentences_with_citations(chat):
    chat.script.append((200, "全年新增医疗床位1000张[1]。签约率目标为47%以上[2]。", 0.0))
    found = generate_answer("某市2024年新增多少张床位?", HITS, chat.config())
    assert found.generated and found.kind == "generated"
    assert found.text == "全年新增医疗床位1000张[1]。签约率目标为47%以上[2]。"
    assert [s.citations for s in found.sentences] == [(1,), (2,)]
    assert found.evidence.hit is HITS[0] and found.evidence.text == HITS[0].chunk.text
    assert found.cited == tuple(HITS)
    data = found.to_json()
    assert data["generated"] is True and data["cited"][1]["citation"] == HITS[1].citation


def test_reply_with_an_unsupported_number_is_flagged_and_dropped(chat):
    chat.script.append((200, "全年新增医疗床位1000张[1]。另将新增床位2500张[1]。", 0.0))
    found = generate_answer("某市2024年新增多少张床位?", HITS, chat.config())
    flagged = [s for s in found.sentences if not s.supported]
    assert len(flagged) == 1 and flagged[0].unsupported == ("2500",)
    assert "2500" not in found.text and found.text == "全年新增医疗床位1000张[1]。"
    assert found.note and found.to_json()["sentences"][1]["supported"] is False


def test_request_carries_model_key_and_passages(chat):
    chat.script.append((200, "未找到明确答案。", 0.0))
    found = generate_answer("某市新增多少张床位?", HITS, chat.config())
    assert not found.found and found.generated
    (request,) = chat.requests
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer secret-token"
    assert request["body"]["model"] == "scripted-model" and request["body"]["temperature"] == 0
    assert HITS[1].chunk.text in request["body"]["messages"][-1]["content"]


def test_server_down_is_a_one_line_error():
    config = LLMConfig(base_url=f"http://127.0.0.1:{_free_port()}/v1", timeout=5)
    with pytest.raises(GenerationError) as failure:
        generate_answer("问题", HITS, config)
    assert "\n" not in str(failure.value) and "无法连接" in str(failure.value)


def test_http_error_is_a_one_line_error(chat):
    chat.script.append((500, "model not loaded", 0.0))
    with pytest.raises(GenerationError) as failure:
        generate_answer("问题", HITS, chat.config())
    assert "HTTP 500" in str(failure.value) and "\n" not in str(failure.value)


def test_slow_server_times_out(chat):
    chat.script.append((200, "太慢了。", 3.0))
    started = time.monotonic()
    with pytest.raises(GenerationError) as failure:
        generate_answer("问题", HITS, chat.config(timeout=0.5))
    assert "超时" in str(failure.value) and time.monotonic() - started < 3.0


def test_configuration_comes_from_the_environment_and_is_off_by_default():
    assert llm_config({}) is None
    config = llm_config({"HWS_LLM_BASE_URL": "http://127.0.0.1:8000/v1", "HWS_LLM_MODEL": "qwen", "HWS_LLM_TIMEOUT": "5"})
    assert config.endpoint == "http://127.0.0.1:8000/v1/chat/completions" and config.model == "qwen"
    assert config.timeout == 5.0 and config.api_key == ""
    with pytest.raises(GenerationError):
        llm_config({"HWS_LLM_BASE_URL": "localhost:8000"})


# -- the command line ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen-index")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("苏州市2024年卫生健康工作要点\n一、医疗资源\n1.加强医院建设。全年新增医疗床位1200张。\n",
                                  encoding="utf-8")
    (corpus / "manifest.csv").write_text("file,title,city,year\na.txt,苏州市2024年卫生健康工作要点,苏州,2024\n",
                                         encoding="utf-8")
    config = Config(corpus_dir=corpus, index_dir=root / "index", cache_dir=root / "cache", model="hashing",
                    show_progress=False)
    build_index(config)
    return config


def _ask(config: Config, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "index", "ask", "苏州2024年新增多少张医疗床位?", "--json",
                           "--index-dir", str(config.index_dir), *args], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=300,
                          env={**os.environ, "HWS_CACHE_DIR": str(config.cache_dir), **env})


def _ask_here(config: Config, monkeypatch, capsys, env: dict) -> tuple[int, str, str]:
    """`python -m index ask … --json --generate`, run in this process (same parser and handler)."""
    monkeypatch.setenv("HWS_CACHE_DIR", str(config.cache_dir))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(["ask", "苏州2024年新增多少张医疗床位?", "--json", "--generate", "--index-dir", str(config.index_dir)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_generate_shows_the_generated_answer_and_the_extractive_one(small_index, chat, monkeypatch, capsys):
    chat.script.append((200, "全年新增医疗床位1200张[1]。", 0.0))
    code, out, _ = _ask_here(small_index, monkeypatch, capsys,
                             {"HWS_LLM_BASE_URL": chat.url, "HWS_LLM_MODEL": "scripted-model"})
    data = json.loads(out)
    assert code == 0 and data["generated"] is True and data["answer"] == "全年新增医疗床位1200张[1]。"
    assert data["extractive"]["answer"] == "1200张" and data["extractive"]["generated"] is False


def test_cli_generate_with_server_down_warns_once_and_keeps_the_extractive_answer(small_index, monkeypatch, capsys):
    code, out, err = _ask_here(small_index, monkeypatch, capsys,
                               {"HWS_LLM_BASE_URL": f"http://127.0.0.1:{_free_port()}/v1"})
    data = json.loads(out)
    assert code == 0 and data["generated"] is False and data["answer"] == "1200张"
    warnings = [line for line in err.splitlines() if line.startswith("警告")]
    assert len(warnings) == 1 and "generation_error" in data


def test_cli_generate_without_endpoint_says_how_to_configure(small_index):
    result = _ask(small_index, {"HWS_LLM_BASE_URL": ""}, "--generate")
    assert result.returncode == 2 and "HWS_LLM_BASE_URL" in result.stderr and "Traceback" not in result.stderr


# -- the app ----------------------------------------------------------------------------------------
def _answer_box_page(index_dir: str, cache_dir: str, question: str) -> None:
    """Run by Streamlit's AppTest as a page script (so it imports what it uses)."""
    import os
    from pathlib import Path

    os.environ["HWS_CACHE_DIR"] = cache_dir
    from index import open_index
    from ui.answer_box import render_answer_box

    index = open_index(Path(index_dir))
    render_answer_box(index, question, index.search(question, k=5))


def test_app_labels_the_generated_answer_and_strikes_out_unsupported_sentences(small_index, chat, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("HWS_LLM_BASE_URL", chat.url)
    chat.script.append((200, "全年新增医疗床位1200张[1]。另新增床位3000张[1]。", 0.0))
    app = AppTest.from_function(_answer_box_page, args=(str(small_index.index_dir), str(small_index.cache_dir),
                                                        "苏州2024年新增多少张医疗床位?"), default_timeout=120)
    app.run()
    assert not app.exception and chat.requests == []  # off until the user switches it on
    app.toggle[0].set_value(True).run()
    assert not app.exception and len(chat.requests) == 1
    html = " ".join(str(e.proto.body) for e in app.get("html"))
    assert "生成的答案" in html and "1200张&#91;1&#93;" in html and "3000" not in html.split("生成的答案")[1]
    assert any("已略去" in m.value and "3000" in m.value for m in app.markdown)
    assert "1200张" in html.split("生成的答案")[0]  # the extractive answer stays above it


def test_app_says_so_in_one_line_when_the_server_is_down(small_index, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("HWS_LLM_BASE_URL", f"http://127.0.0.1:{_free_port()}/v1")
    app = AppTest.from_function(_answer_box_page, args=(str(small_index.index_dir), str(small_index.cache_dir),
                                                        "苏州2024年新增多少张医疗床位?"), default_timeout=120)
    app.run()
    app.toggle[0].set_value(True).run()
    assert not app.exception
    assert any("无法连接" in w.value for w in app.warning)
    assert "1200张" in " ".join(str(e.proto.body) for e in app.get("html"))
