"""Optional grounded generation: a short Chinese answer written by an OpenAI-compatible chat
endpoint (a local vLLM, Ollama or llama.cpp server…) from the top passages only.

Off unless HWS_LLM_BASE_URL is set (see `llm_config`); no model ships with the project for this
path. The model sees the question and the top passages numbered [1]..[n] and is asked to cite
them inline. Its reply is split into sentences; each sentence's [n] markers are mapped back to
the passages, and the verbatim-number rule (verbatim.py) is applied per sentence against the
passages it cites (their text and their citation header, which the model also saw). A sentence
with a number its passages do not write, or a number and no citation, is flagged and left out
of the answer text; the app and the CLI show it struck out, never as part of the answer.

The HTTP client is the standard library's urllib: one POST to {base_url}/chat/completions with
a timeout. Errors become GenerationError with a one-line message; callers then show the
extractive answer alone.
"""
from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from answer.model import Answer, Evidence, GeneratedSentence
from answer.verbatim import unsupported_numbers
from core.errors import HwsError
from core.types import Hit

ENV_VARS = {
    "HWS_LLM_BASE_URL": "base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1 (unset = generation off)",
    "HWS_LLM_MODEL": "model name the server expects (default: default)",
    "HWS_LLM_API_KEY": "bearer token, if the server wants one",
    "HWS_LLM_TIMEOUT": "seconds to wait for a reply (default 60)",
}
PASSAGES = 5
MAX_PASSAGE_CHARS = 600
MAX_TOKENS = 400

SYSTEM_PROMPT = (
    "你是卫生健康政策文件的问答助手。只能依据用户给出的编号段落回答, 不得使用段落以外的知识。"
    "用简洁的中文回答 (不超过三句话)。每句话末尾用方括号标注所依据段落的编号, 如 [1] 或 [1][3]。"
    "数字、单位和“以上”“不低于”等限定词必须照抄段落原文, 不要换算或估计。"
    "如果段落中没有答案, 只回答: 未找到明确答案。"
)
_CITATION = re.compile(r"[\[【［]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]】］]")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;]+|\n|$)(?:\s*(?:[\[【［]\s*\d+(?:\s*[,，、]\s*\d+)*\s*[\]】］]\s*)+)?")


class GenerationError(HwsError):
    """The chat endpoint cannot be used; str() says what is wrong in one line."""


@dataclass(frozen=True)
class LLMConfig:
    base_url: str
    model: str = "default"
    api_key: str = ""
    timeout: float = 60.0

    @property
    def endpoint(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"


def llm_config(environ: Mapping[str, str] | None = None) -> LLMConfig | None:
    """The endpoint configured in the environment (the one place HWS_LLM_* are read); None = off."""
    env = os.environ if environ is None else environ
    base_url = (env.get("HWS_LLM_BASE_URL") or "").strip()
    if not base_url:
        return None
    if not re.match(r"https?://", base_url):
        raise GenerationError(f"HWS_LLM_BASE_URL 应以 http:// 或 https:// 开头 (got {base_url!r})")
    try:
        timeout = float(env.get("HWS_LLM_TIMEOUT") or 60)
    except ValueError:
        raise GenerationError(f"HWS_LLM_TIMEOUT 应为秒数 (got {env.get('HWS_LLM_TIMEOUT')!r})") from None
    return LLMConfig(base_url=base_url, model=(env.get("HWS_LLM_MODEL") or "default").strip(),
                     api_key=(env.get("HWS_LLM_API_KEY") or "").strip(), timeout=timeout)


# -- prompt and client ---------------------------------------------------------------------
def passage_header(hit: Hit) -> str:
    """How a passage is introduced to the model; numbers in it count as cited text."""
    return hit.citation


def build_messages(query: str, hits: Sequence[Hit]) -> list[dict]:
    """System and user messages: the question, then the passages numbered [1]..[n]."""
    blocks = [f"[{i}] {passage_header(h)}\n{h.chunk.text[:MAX_PASSAGE_CHARS]}" for i, h in enumerate(hits, 1)]
    user = f"问题: {query}\n\n段落:\n" + "\n\n".join(blocks) + "\n\n请依据以上段落回答问题, 每句话标注出处编号。"
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def chat(config: LLMConfig, messages: list[dict]) -> str:
    """The assistant's reply text; GenerationError (one line) when the server cannot give one."""
    body = json.dumps({"model": config.model, "messages": messages, "temperature": 0,
                       "max_tokens": MAX_TOKENS, "stream": False}).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    request = urllib.request.Request(config.endpoint, data=body, headers=headers, method="POST")
    where = config.endpoint
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").replace("\n", " ")
        raise GenerationError(f"生成服务返回错误 HTTP {exc.code} ({where}): {detail}") from exc
    except TimeoutError as exc:
        raise GenerationError(f"生成服务超时 ({config.timeout:g} 秒, {where}); 可调大 HWS_LLM_TIMEOUT") from exc
    except urllib.error.URLError as exc:
        raise GenerationError(f"无法连接生成服务 {where} ({exc.reason}); 请检查 HWS_LLM_BASE_URL 或启动服务") from exc
    except OSError as exc:
        raise GenerationError(f"无法连接生成服务 {where} ({exc}); 请检查 HWS_LLM_BASE_URL 或启动服务") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise GenerationError(f"生成服务的回复不是 chat-completions 格式 ({where}): {raw[:120]!r}") from exc
    if not isinstance(content, str):
        raise GenerationError(f"生成服务的回复没有文本 ({where})")
    return content


# -- checking the reply --------------------------------------------------------------------
def citations_of(sentence: str) -> tuple[int, ...]:
    """[1], [1][3], [1,2], 【2】 → the cited passage numbers in order of first mention."""
    found: list[int] = []
    for m in _CITATION.finditer(sentence):
        for number in re.split(r"\s*[,，、]\s*", m.group(1)):
            if int(number) not in found:
                found.append(int(number))
    return tuple(found)


def strip_citations(sentence: str) -> str:
    return _CITATION.sub("", sentence).strip()


def split_reply(reply: str) -> list[str]:
    """Sentences of the reply, each with the citation markers that follow it."""
    return [s.strip() for s in _SENTENCE.findall(reply.strip()) if strip_citations(s.strip())]


def check_sentence(sentence: str, hits: Sequence[Hit]) -> GeneratedSentence:
    """The sentence with its citations and the numbers its cited passages do not write.

    A citation of a passage that was not given ([7] of five) supports nothing."""
    cited = citations_of(sentence)
    evidence = "\n".join(f"{passage_header(hits[n - 1])}\n{hits[n - 1].chunk.text}" for n in cited if 1 <= n <= len(hits))
    return GeneratedSentence(text=sentence, citations=cited,
                             unsupported=unsupported_numbers(strip_citations(sentence), evidence))


def check_reply(reply: str, hits: Sequence[Hit]) -> tuple[GeneratedSentence, ...]:
    return tuple(check_sentence(s, hits) for s in split_reply(reply))


def generate_answer(query: str, hits: Sequence[Hit], config: LLMConfig, passages: int = PASSAGES) -> Answer:
    """The generated answer from the top `passages` hits; flagged sentences are kept aside.

    Raises GenerationError when the endpoint fails (the caller shows the extractive answer)."""
    shown = tuple(hits[:passages])
    if not shown:
        return Answer(query=query, text="", kind="generated", note="没有可供生成的段落 (no passages)")
    sentences = check_reply(chat(config, build_messages(query, shown)), shown)
    kept = [s for s in sentences if s.supported]
    text = "".join(s.text for s in kept)
    if "未找到明确答案" in text:
        text = ""
    cited = [n for s in kept for n in s.citations if 1 <= n <= len(shown)]
    evidence = None
    if text and cited:
        hit = shown[cited[0] - 1]
        evidence = Evidence(hit.chunk.text, hit.chunk.start, hit.chunk.end, hit)
    flagged = len(sentences) - len(kept)
    note = f"{flagged} 句含原文中没有的数字, 已标出并略去 (sentences with unsupported numbers were dropped)" if flagged else ""
    return Answer(query=query, text=text, kind="generated", evidence=evidence, passages=tuple(hits), note=note,
                  sentences=sentences, cited=shown)


__all__ = ["ENV_VARS", "GenerationError", "LLMConfig", "build_messages", "chat", "check_reply", "citations_of",
           "generate_answer", "llm_config", "split_reply", "strip_citations"]
