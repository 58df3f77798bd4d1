# Two commands a new machine needs: `make run` (index the corpus, serve the app) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: install index run test eval bench browser fonts clean

$(STAMP): requirements.txt requirements-dev.txt requirements-ray.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

index: install  ## build the index if it is missing or stale
	$(PY) -m index build --if-stale

run: index  ## index the corpus if needed, then serve the app on http://localhost:$(PORT)
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true

browser:  ## best effort: Debian's Chromium for the end-to-end test (skipped when absent)
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "chromium not installed: the browser test will be skipped"; }

fonts:  ## best effort: a CJK font, so the PDF-reading test can write a Chinese PDF (skipped when absent)
	@fc-list :lang=zh 2>/dev/null | grep -q . || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null) || \
	  echo "no CJK font installed: the PDF test will be skipped"; }

test: install browser fonts  ## run the test suite
	$(PY) -m pytest -q

eval: install  ## evaluate retrieval on the gold set
	$(PY) -m eval run

bench: install  ## print benchmark tables
	$(PY) -m bench

clean:
	rm -rf .index .cache eval/results bench/results
