# Two commands set everything up on a fresh Debian/Ubuntu machine with Python 3.11:
#   make run   – create .venv, install, open the web app on the bundled sample reports (127.0.0.1:7860)
#   make test  – create .venv, install with test tools, lint, run the tests
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench browser postgres clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/gongkai serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# the browser tests drive Debian's chromium (Chinese fonts so screenshots are readable)
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "noto.*cjk" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# the facts-store and library tests also run on PostgreSQL: Debian's server binaries (the tests
# start a throw-away cluster of their own as an unprivileged user; no service is started here)
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; }

test: $(STAMP) browser postgres lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/parse_speed.py
	$(BIN)/python bench/index_bench.py
	$(BIN)/python bench/answer_bench.py
	$(BIN)/python bench/concurrent_chat.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
