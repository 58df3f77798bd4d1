"""The layers of docs/architecture.md hold: every import runs downward, and the code above the library
(cli/, ui/, eval/, bench/, app.py) reaches the library only through its public API, `hws`."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from hws import REPO_ROOT

# Lower number = lower layer. A module may import its own package or a strictly lower layer.
LAYERS = {
    "core": 0, "embed": 1, "text": 1, "ingest": 2, "retrieval": 3, "index": 4, "commitments": 5, "answer": 6,
    "hws": 7, "eval": 8, "bench": 8, "ui": 9, "cli": 9, "app": 10,
}
LIBRARY = {name for name, rank in LAYERS.items() if rank < LAYERS["hws"]}
ENTRY_SHIMS = {"index/__main__.py", "eval/__main__.py"}  # `python -m index/eval …` hand over to cli/


def _sources() -> list[Path]:
    files = [REPO_ROOT / "app.py"]
    for package in LAYERS:
        if (REPO_ROOT / package).is_dir():
            files += sorted((REPO_ROOT / package).rglob("*.py"))
    return files


def _imported_packages(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return [(line, name) for line, name in found if name in LAYERS]


def _package(path: Path) -> str:
    relative = path.relative_to(REPO_ROOT)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _violations(rule) -> list[str]:
    bad = []
    for path in _sources():
        relative = path.relative_to(REPO_ROOT).as_posix()
        if relative in ENTRY_SHIMS:
            continue
        own = _package(path)
        for line, target in _imported_packages(path):
            if target != own and rule(own, target):
                bad.append(f"{relative}:{line} imports {target}")
    return bad


def test_every_import_runs_downward():
    assert _violations(lambda own, target: LAYERS[target] >= LAYERS[own]) == []


def test_code_above_the_library_uses_only_the_public_api():
    above = {name for name, rank in LAYERS.items() if rank > LAYERS["hws"]}
    assert _violations(lambda own, target: own in above and target in LIBRARY) == []


@pytest.mark.parametrize("source, target", [("text", "ingest"), ("index", "answer"), ("answer", "eval")])
def test_the_check_catches_an_upward_import(tmp_path, source, target):
    """The rule itself can fail: an upward import in a scratch module is reported."""
    assert LAYERS[target] >= LAYERS[source]
    module = tmp_path / "probe.py"
    module.write_text(f"from {target} import something\n", encoding="utf-8")
    assert _imported_packages(module) == [(1, target)]
