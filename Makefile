# Two commands a new machine needs: `make run` (index the corpus, serve the app) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: install index run test test-fast lint eval bench browser fonts clean

# The pinned requirements first (pip then finds torch 2.13.0's CPU build on disk), then this project
# itself, editable and without dependencies: it adds the `hws` command and makes the packages importable
# from any folder.
$(STAMP): requirements.txt requirements-dev.txt requirements-ray.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

index: install  ## build the index if it is missing or stale
	$(PY) -m index build --if-stale

# Serving never waits for a rebuild: a stale index is rebuilt in the background (.index/rebuild.log)
# while the last good one serves; with no index yet it is built first, with progress bars.
run: install  ## index the corpus if there is no index, then serve on http://localhost:$(PORT) (stale: rebuilt in the background)
	$(PY) -m index prepare-serve
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true

browser:  ## best effort: Debian's Chromium for the end-to-end test (skipped when absent)
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "chromium not installed: the browser test will be skipped"; }

fonts:  ## best effort: a CJK font, so the PDF-reading test can write a Chinese PDF (skipped when absent)
	@fc-list :lang=zh 2>/dev/null | grep -q . || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null) || \
	  echo "no CJK font installed: the PDF test will be skipped"; }

lint: install  ## ruff (mistakes, imports) and mypy (types) over the product code
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: install browser fonts lint  ## lint, then the whole test suite (fast, slow, app and browser tests)
	$(PY) -m pytest -q

test-fast: install  ## the unit tests alone (under a minute): pytest -m "not slow"
	$(PY) -m pytest -q -m "not slow"

eval: install  ## evaluate retrieval on the gold set (dev and test side by side)
	$(PY) -m eval run

bench: install  ## print benchmark tables
	$(PY) -m bench

clean:
	rm -rf .index .cache eval/results bench/results
