"""The questions every latency figure is measured over: the gold set's, or a built-in list."""
from __future__ import annotations

import json
from pathlib import Path

from hws import REPO_ROOT

GOLD_QUESTIONS = REPO_ROOT / "eval" / "gold" / "questions.jsonl"

# Used when the gold set is absent: the kinds of question the product's users ask.
BUILTIN = (
    "深圳2019年对家庭医生有什么安排?", "托位数达到多少", "医联体建设有哪些举措", "公立医院综合改革怎么推进",
    "基本公共卫生服务项目人均补助标准", "疫苗接种率目标", "健康城市建设", "中医药传承创新发展",
    "卫生应急能力建设", "药品集中带量采购", "全科医生培养", "妇幼健康服务", "老年健康服务体系",
    "互联网医院建设", "南通2018年医改重点是什么", "精神卫生服务", "院前急救网络", "职业病防治",
    "爱国卫生运动", "东莞2024年新增多少张床位", "郑州2017年分级诊疗", "家庭医生签约率达到多少",
    "社区卫生服务中心标准化建设", "What are the targets for family doctors?", "How many hospital beds will be added?",
    "医保支付方式改革", "智慧医院和信息化建设", "传染病防控", "无偿献血", "卫生健康人才引进",
)


def benchmark_questions(path: Path = GOLD_QUESTIONS) -> tuple[list[str], str]:
    """(questions, where they came from). Gold questions when the file exists and is readable."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        questions = [json.loads(line)["question"] for line in lines if line.strip()]
    except (OSError, ValueError, KeyError):
        questions = []
    if questions:
        return questions, f"{len(questions)} gold questions ({path.relative_to(REPO_ROOT).as_posix()})"
    return list(BUILTIN), f"{len(BUILTIN)} built-in questions (no gold set at {path})"
