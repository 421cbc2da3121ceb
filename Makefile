# Two commands set everything up on a fresh Debian/Ubuntu machine with Python 3.11:
#   make run   – create .venv, install, check the bundled sample reports
#   make test  – create .venv, install with test tools, lint, run the tests
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/gongkai check data/reports

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/parse_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
