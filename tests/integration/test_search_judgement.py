"""Search says it too: `search --min-score auto` and the app's result list use the answer's
evidence judgement (answer/judgement.py), so a question whose words no passage writes gets
未找到明确答案 naming the term instead of confident cards. Tiny document of its own (hashing model)."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from answer.judgement import judge_search
from cli.main import main
from core.config import REPO_ROOT
from index import open_index

MANIFEST = "file,title,city,year,doc_type\njx.txt,嘉兴市2023年卫生健康工作要点,嘉兴,2023,工作要点\n"
JIAXING = """嘉兴市2023年卫生健康工作要点
一、做实基层服务
1.推进家庭医生签约服务。力争全市家庭医生签约率达到48%以上。
2.加强院前急救。新建急救站点6个,急救平均反应时间缩短到12分钟。
"""


@pytest.fixture(scope="module")
def jiaxing(indexed_corpus):
    config = indexed_corpus("judgement", {"jx.txt": JIAXING, "manifest.csv": MANIFEST})
    return config, open_index(config.index_dir)


def test_an_off_topic_question_is_judged_absent_and_the_term_named(jiaxing):
    _, index = jiaxing
    judged = judge_search(index, "明天天气怎么样", index.search("明天天气怎么样", k=5))
    assert not judged.found and "天气" in judged.missing
    assert judged.message.startswith("未找到明确答案") and "“天气”" in judged.message


def test_a_question_the_passages_answer_is_judged_found(jiaxing):
    _, index = jiaxing
    question = "嘉兴家庭医生签约率要达到多少?"
    assert judge_search(index, question, index.search(question, k=5)).found


def test_search_min_score_auto_prints_the_reason_instead_of_cards(jiaxing, capsys, monkeypatch):
    config, _ = jiaxing
    monkeypatch.setenv("HWS_CACHE_DIR", str(config.cache_dir))
    assert main(["search", "明天天气怎么样", "--min-score", "auto", "--index-dir", str(config.index_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("未找到明确答案: 文件中没有提到") and "天气" in out and "《" not in out
    assert main(["search", "明天天气怎么样", "--min-score", "auto", "--json",
                 "--index-dir", str(config.index_dir)]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["search", "家庭医生签约率", "--min-score", "auto", "--json",
                 "--index-dir", str(config.index_dir)]) == 0
    assert json.loads(capsys.readouterr().out)


def test_the_app_warns_over_the_cards_when_nothing_is_written(jiaxing, monkeypatch):
    config, _ = jiaxing
    for name, value in (("HWS_INDEX_DIR", config.index_dir), ("HWS_CORPUS_DIR", config.corpus_dir),
                        ("HWS_CACHE_DIR", config.cache_dir), ("HWS_MODEL", config.model)):
        monkeypatch.setenv(name, str(value))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    at.run()
    at.text_input(key="search_q").set_value("明天天气怎么样")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("天气" in w.value and "仅供参考" in w.value for w in at.warning)
    at.text_input(key="search_q").set_value("家庭医生签约率")
    at.run()
    assert not any("仅供参考" in w.value for w in at.warning)
