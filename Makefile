# The book's commands. `make lab` to read and run it, `make test` to test it.
# Everything is installed into .venv on first use; nothing goes outside this folder.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# PINS=exact (default): the versions in requirements.txt, which produced the stored outputs.
# PINS=latest: the newest releases allowed by pyproject.toml (the weekly CI job).
PINS ?= exact
STAMP := $(VENV)/.installed-$(PINS)
CELL_TIMEOUT ?= 120

# Stable set ordering in the kernels; Jupyter's new path layout (silences a deprecation).
export PYTHONHASHSEED := 0
export JUPYTER_PLATFORM_DIRS := 1

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb)) $(sort $(wildcard solutions/*.ipynb))

.PHONY: help setup lab test test-portable lint format nav execute bench slides book pdf clean

help:
	@echo "make lab      set up on first use, then open the book in JupyterLab"
	@echo "make test     set up on first use, then run every test (lint, helpers, notebooks)"
	@echo "make test-portable  the numerical tests and notebooks again, in environments that"
	@echo "              stand in for other machines (BLAS kernels, threads, SIMD loops)"
	@echo "make execute  re-run every notebook in a fresh kernel and store its outputs"
	@echo "make nav      regenerate the contents list, the prev/contents/next links, the slide metadata;"
	@echo "              check the slide marks"
	@echo "make bench    run the benchmarks and write benchmarks/RESULTS.md"
	@echo "make slides   build the offline lecture decks (reveal.js, 16:9) of every chapter into _build/slides"
	@echo "make book     build the offline HTML edition into _build/book"
	@echo "make pdf      print the book into one PDF, _build/book.pdf (needs Chromium, pdftotext)"
	@echo "make format   format helpers, tests, tools and notebooks with ruff"
	@echo "make clean    remove .venv and build products"

# JupyterLab settings for this environment only, never in the reader's home: no news prompt.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

setup: $(STAMP) $(LAB_SETTINGS)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "The book needs Python 3.10 or newer; $(PYTHON) is $$($(PYTHON) --version)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
ifeq ($(PINS),latest)
	$(BIN)/python -m pip install --quiet --upgrade -e ".[dev]"
else
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
endif
	rm -f $(VENV)/.installed-*
	touch $@

$(LAB_SETTINGS): tools/lab/overrides.json $(STAMP)
	mkdir -p "$(@D)"
	cp $< "$@"

# The server's root is the repository, so that the contents page's links into solutions/
# open too. JupyterLab refuses to run as root (containers, some CI) unless told it may.
# LAB_OPTIONS: more options; the browser test has the address printed instead of opened.
lab: setup
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) --ServerApp.root_dir=. \
		$(LAB_OPTIONS) notebooks/00-contents.ipynb

# With a headless Chromium present, the slides, the book and the PDF are built and tested in it too.
BROWSER := $(shell command -v chromium-headless-shell || command -v chromium || command -v google-chrome)
PDFTOTEXT := $(shell command -v pdftotext)

test: setup
	$(BIN)/ruff check helpers tests tools notebooks solutions benchmarks
	$(BIN)/ruff format --check helpers tests tools notebooks solutions benchmarks
	$(if $(BROWSER),$(MAKE) slides book $(if $(PDFTOTEXT),pdf),@echo "No headless Chromium: the slides, book and PDF are not tested.")
	$(BIN)/python -m pytest tests notebooks solutions --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval-sanitize.cfg --nbval-cell-timeout=$(CELL_TIMEOUT)

# The stored outputs must hold on other readers' machines: unit tests, notebooks and
# solutions again under other OpenBLAS kernels, thread counts and numpy SIMD loops.
test-portable: $(STAMP)
	$(BIN)/python tools/portable.py

lint: $(STAMP)
	$(BIN)/ruff check helpers tests tools notebooks solutions benchmarks
	$(BIN)/ruff format --check helpers tests tools notebooks solutions benchmarks

format: $(STAMP)
	$(BIN)/ruff check --fix helpers tests tools notebooks solutions benchmarks
	$(BIN)/ruff format helpers tests tools notebooks solutions benchmarks

# Ratios measured within one run; writes benchmarks/RESULTS.md. PyTorch is compared when installed.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

nav: $(STAMP)
	$(BIN)/python tools/nav.py
	$(BIN)/python tools/slides.py
	$(BIN)/python tools/lecture.py --check

# Top to bottom in a fresh kernel, outputs stored in place, no timing metadata. Then a
# second pass merges consecutive prints into one stream, so that how the kernel's messages
# happened to be chunked in time cannot change the file (nbconvert runs its stream
# coalescing before execution, so it cannot be done in the same pass).
execute: $(STAMP) nav
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.kernel_name=python3 \
		--ExecutePreprocessor.record_timing=False \
		--ExecutePreprocessor.timeout=$(CELL_TIMEOUT) $(NOTEBOOKS)
	$(BIN)/jupyter nbconvert --to notebook --inplace \
		--CoalesceStreamsPreprocessor.enabled=True $(NOTEBOOKS)

# Front-end packages for slides and book, pinned in tools/web/package-lock.json.
WEB_STAMP := tools/web/node_modules/.installed
$(WEB_STAMP): tools/web/package.json tools/web/package-lock.json
	cd tools/web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The lecture decks, from the slide marks of the notebooks (tools/lecture.py): checked, then built.
slides: $(STAMP) $(WEB_STAMP)
	$(BIN)/python tools/lecture.py --check
	$(BIN)/python tools/build_web.py slides

book: $(STAMP) $(WEB_STAMP)
	$(BIN)/python tools/build_web.py book

# The whole book as one PDF, printed by headless Chromium with tools/web/print.css.
pdf: $(STAMP) $(WEB_STAMP)
	$(BIN)/python tools/build_pdf.py

clean:
	rm -rf $(VENV) _build .pytest_cache .ruff_cache *.egg-info tools/web/node_modules
