"""`python -m eval …`, kept for habit: the same as `hws eval …` (cli/ owns parsing and errors)."""
import sys

from cli.main import main

sys.exit(main(["eval", *sys.argv[1:]], prog="python -m"))  # help then reads "python -m eval …"
