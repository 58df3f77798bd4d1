"""Any sentence-transformers model, by hub id or local folder, with its family's prompts.

e5 models want "query: " / "passage: "; bge-zh wants an instruction before queries only. A
model that declares its own prompts (config_sentence_transformers.json) is used as declared.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embed.base import EmbedderError, normalise
from embed.device import batch_size_for

BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章："


def family_prompts(name: str) -> tuple[str, str]:
    """(query prefix, passage prefix) for a model name, by family."""
    lowered = name.lower()
    if "e5" in lowered:
        return "query: ", "passage: "
    if "bge" in lowered and "zh" in lowered:
        return BGE_ZH_QUERY, ""
    return "", ""


class SentenceTransformerEmbedder:
    """A sentence-transformers model on the CPU (or `device`, see embed.device); vectors are L2-normalised."""

    def __init__(self, name_or_path: str, model_id: str | None = None, batch_size: int | None = None,
                 device: str = "cpu") -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover
            raise EmbedderError("未安装 sentence-transformers: pip install -r requirements.txt") from exc
        try:
            self._model = SentenceTransformer(name_or_path, device=device)
        except Exception as exc:  # the library raises many kinds (OSError, HTTP, ValueError)
            where = "本地目录" if Path(name_or_path).exists() else "模型 id"
            raise EmbedderError(
                f"无法加载模型 {name_or_path} ({where}): {exc.__class__.__name__}. "
                "离线环境请使用 --model bundled 或一个包含 sentence-transformers 模型的本地目录"
            ) from exc
        self.model_id = model_id or f"st:{name_or_path}"
        dim = self._model.get_embedding_dimension()
        if dim is None:
            raise EmbedderError(f"模型 {name_or_path} 没有声明向量维度 (the model does not declare its embedding dimension)")
        self.dim = int(dim)
        self.device = device
        self._batch_size = batch_size or batch_size_for(device)
        declared = getattr(self._model, "prompts", {}) or {}
        default_query, default_passage = family_prompts(name_or_path)
        self._query_prefix = declared.get("query", default_query)
        self._passage_prefix = declared.get("passage", declared.get("document", default_passage))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self._query_prefix + t for t in texts], False)

    def encode_passages(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        return self._encode([self._passage_prefix + t for t in texts], show_progress)

    def _encode(self, texts: list[str], show_progress: bool) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=self._batch_size, show_progress_bar=show_progress,
            convert_to_numpy=True, normalize_embeddings=True,
        )
        return normalise(vectors)
