"""`hws eval readme`: copy the result tables the evaluation commands wrote into README.md.

The README quotes results only between markers such as

    <!-- generated: run-readme.md (python -m eval run) -->
    …
    <!-- end generated -->

and this command replaces what lies between them with eval/results/<file>, so a table in the README
is always the output of a command, never typed. A missing results file is an error naming the command
that writes it.
"""
from __future__ import annotations

import re
from pathlib import Path

from eval.report import RESULTS_DIR
from hws import REPO_ROOT

README = REPO_ROOT / "README.md"
_BLOCK = re.compile(r"(<!-- generated: (?P<file>[\w.-]+) \((?P<command>[^)]*)\) -->\n)(?P<body>.*?)(<!-- end generated -->)",
                    re.S)


def fill_readme(readme: Path = README, results: Path = RESULTS_DIR) -> list[str]:
    """Replace every generated block; returns the files used. ValueError when one is missing."""
    text = readme.read_text(encoding="utf-8")
    used: list[str] = []

    def replace(match: re.Match) -> str:
        source = results / match["file"]
        if not source.exists():
            raise ValueError(f"{source} 不存在: 请先运行 {match['command']} (run it first)")
        used.append(match["file"])
        return f"{match.group(1)}{source.read_text(encoding='utf-8').rstrip()}\n{match.group(5)}"

    readme.write_text(_BLOCK.sub(replace, text), encoding="utf-8")
    return used
