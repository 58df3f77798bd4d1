"""A comparison question (各地…) lists every city-year that answers it, each from the best
*answering* sentence of its document, even when that document's best passage is another section.
Tiny documents of their own (hashing embedder), so the rule is general."""
from __future__ import annotations

import pytest

from answer import answer_question
from index import open_index

MANIFEST = ("file,title,city,year,doc_type\n"
            "jia.txt,甲市2023年卫生健康工作要点,甲市,2023,工作要点\n"
            "yi.txt,乙市2023年卫生健康工作要点,乙市,2023,工作要点\n")
# 甲市: many sections about beds without a number, then the answering one
JIA = "甲市2023年卫生健康工作要点\n" + "".join(
    f"{n}、床位管理第{n}项\n加强床位管理,规范床位使用,提高床位周转效率,优化床位结构。\n" for n in range(1, 13)
) + "十三、扩充医疗资源\n全年计划新增床位1000张。\n"
# 乙市: the section that talks most about beds has no number; the answer sits in a projects section
YI = """乙市2023年卫生健康工作要点
一、床位规划
优化床位布局,加强床位统筹,提升床位使用效率。
二、推动卫生重大项目建设
加快市第二医院改扩建工程,全年预计新增病床800张,新增三级医院2家。
"""


@pytest.fixture(scope="module")
def two_cities(indexed_corpus):
    config = indexed_corpus("comparison", {"jia.txt": JIA, "yi.txt": YI, "manifest.csv": MANIFEST})
    return open_index(config.index_dir)


def test_each_city_year_with_an_answer_gets_its_row(two_cities):
    question = "各地计划新增多少张床位?"
    found = answer_question(two_cities, question, two_cities.search(question, k=10))
    rows = {(r.evidence.hit.meta.city, r.answer) for r in found.rows}
    assert ("甲市", "1000张") in rows and ("乙市", "800张") in rows
    for row in found.rows:  # each row keeps its citation and its verbatim number
        assert row.answer.rstrip("张") in row.evidence.text


def test_a_question_about_one_city_gets_no_rows(two_cities):
    question = "乙市计划新增多少张床位?"
    found = answer_question(two_cities, question, two_cities.search(question, k=10))
    assert found.text == "800张" and not found.rows
