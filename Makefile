# Set-up and checks. `make demo` then `make test` from a fresh clone; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pywb in its own environment: it pins brotlipy, whose module is also named `brotli` and would
# shadow the brotli package clipper's capped decoder needs. The replay test runs it from here.
PYWB_VENV := .venv-pywb
PYWB_STAMP := $(PYWB_VENV)/.installed

.PHONY: demo test lint imports typecheck unit install clean golden bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	# compat: a plain path in a .pth file, which type checkers follow (the default editable
	# mode is an import hook that mypy cannot see), so `mypy --strict` finds clipper's py.typed.
	$(BIN)/python -m pip install --quiet -e '.[dev,dask,archive,scrapy]' --config-settings editable_mode=compat
	touch $(STAMP)

$(PYWB_STAMP):
	$(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PYWB_VENV)/bin/python -m pip install --quiet 'pywb>=2.8'
	touch $(PYWB_STAMP)

install: $(STAMP) $(PYWB_STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/clipper clean seeds/ -o out/seeds.jsonl --force
	$(BIN)/clipper clean seeds/ -o out/seeds.warc.gz --force
	@echo "wrote out/seeds.jsonl and out/seeds.warc.gz"
	$(BIN)/clipper archive -A out/archive init
	$(BIN)/clipper archive -A out/archive add seeds/
	$(BIN)/clipper archive -A out/archive search putin --since 2023-09

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The import contract in pyproject.toml ([tool.importlinter]; docs/architecture.md).
imports: $(STAMP)
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) $(PYWB_STAMP)
	$(BIN)/python -m pytest

test: lint imports typecheck unit

golden: $(STAMP)
	$(BIN)/python fixtures/regenerate.py

clean:
	rm -rf $(VENV) $(PYWB_VENV) out .pytest_cache .mypy_cache .ruff_cache
