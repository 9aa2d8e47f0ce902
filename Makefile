# Blitz AR packets — the commands in CONTRACT.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck fuzz bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Blitz needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: install
	@set -e; for dir in handoffs/*/; do \
	  if [ -f "$$dir/handoff.yaml" ]; then echo "Preparing $$dir"; $(BIN)/blitz prepare "$$dir"; fi; \
	done
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site
	@echo
	@echo "The site is ready in site/."
	@echo "  Open it:   $(CURDIR)/site/index.html in your web browser (search works only when served)"
	@echo "  Serve it:  $(BIN)/python -m http.server --bind 127.0.0.1 --directory site 8000"
	@echo "             then visit http://127.0.0.1:8000/ (only this computer can reach it; Ctrl+C stops it)"

lint: install
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy

test: install lint
	$(BIN)/python -m pytest -q

fuzz: install
	BLITZ_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest -q tests/test_fuzz.py

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
