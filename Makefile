# Set-up and checks. `make demo` then `make test` from a fresh clone; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit install clean golden bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	# compat: a plain path in a .pth file, which type checkers follow (the default editable
	# mode is an import hook that mypy cannot see), so `mypy --strict` finds clipper's py.typed.
	$(BIN)/python -m pip install --quiet -e '.[dev,dask,scrapy]' --config-settings editable_mode=compat
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/clipper clean seeds/ -o out/seeds.jsonl --force
	$(BIN)/clipper clean seeds/ -o out/seeds.warc.gz --force
	@echo "wrote out/seeds.jsonl and out/seeds.warc.gz"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest

test: lint typecheck unit

golden: $(STAMP)
	$(BIN)/python fixtures/regenerate.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
