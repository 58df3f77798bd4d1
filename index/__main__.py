"""`python -m index …`, the documented command: the same as `hws …` (cli/ owns parsing and errors)."""
from cli.main import main

raise SystemExit(main(prog="python -m index"))
