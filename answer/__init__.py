"""Answers, not only passages: a short answer with its evidence sentence and citation.

    from answer import answer_question
    hits = index.search("东莞2024年新增多少张医疗床位?")
    found = answer_question(index, "东莞2024年新增多少张医疗床位?", hits, cache)
    found.text, found.evidence.text, found.evidence.citation    # "1000张", the sentence, 《…》…

Extractive by default (extractive.py); an OpenAI-compatible chat endpoint can write the answer
instead when one is configured (generate.py). Every number shown is checked against the text it
cites (verbatim.py).
"""
from answer.extractive import answer_question
from answer.model import Answer, AnswerRow, Evidence, GeneratedSentence
from answer.quantity import asks_for_quantity
from answer.verbatim import numbers_supported, unsupported_numbers

__all__ = ["Answer", "AnswerRow", "Evidence", "GeneratedSentence", "answer_question", "asks_for_quantity",
           "numbers_supported", "unsupported_numbers"]
