"""The project installs as a package: one set of pins, a console script, importable from anywhere."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from hws import REPO_ROOT

_PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([\w.]+)")


def _requirement_pins(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("-r "):
            pins.update(_requirement_pins(path.parent / line[3:].strip()))
        elif (m := _PIN.match(line)):
            pins[_name(m.group(1))] = m.group(2)
    return pins


def _name(spec: str) -> str:
    return re.sub(r"\[.*\]", "", spec).lower().replace("_", "-")


def _project_pins() -> dict[str, str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"]) + [s for extra in project["optional-dependencies"].values() for s in extra]
    pins = {}
    for spec in specs:
        m = _PIN.match(spec)
        assert m, f"pyproject.toml: {spec!r} is not pinned with =="
        pins[_name(m.group(1))] = m.group(2)
    return pins


def test_pyproject_and_requirements_pin_the_same_versions():
    required = _requirement_pins(REPO_ROOT / "requirements-dev.txt")
    project = _project_pins()
    assert {n: v for n, v in project.items() if required.get(n) != v} == {}
    runtime = _requirement_pins(REPO_ROOT / "requirements.txt")
    assert {n: v for n, v in runtime.items() if project.get(n) != v} == {}


def test_torch_is_an_extra_not_a_dependency_of_the_default_path():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(_name(_PIN.match(s).group(1)) in {"torch", "sentence-transformers"} for s in project["dependencies"])
    assert any(s.startswith("torch==2.13.0") for s in project["optional-dependencies"]["st"])


def test_the_console_script_runs_from_another_folder(tmp_path):
    script = Path(sys.executable).with_name("hws")
    assert script.exists(), "run `make install` (pip install -e .) to get the hws command"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0 and "hws" in result.stdout.splitlines()[0]
