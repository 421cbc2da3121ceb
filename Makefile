# Two commands set everything up on a fresh Debian/Ubuntu machine with Python 3.11:
#   make run   – create .venv, install what the app needs (nothing more), open the web app on the
#                bundled sample reports and print its address (http://127.0.0.1:7860)
#   make test  – the same plus the test tools (pytest, playwright, ruff, torch, a small LLM), lint, run the tests
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
STAMP := $(VENV)/.installed

.PHONY: run test lint bench browser postgres poppler clean

$(BIN)/python:
	@echo "[1/3] 创建虚拟环境 $(VENV)"
	$(PY) -m venv $(VENV)

# the app alone, with uv (from PyPI; parallel downloads, its own cache) and pip when uv is not to be had
$(APP_STAMP): pyproject.toml | $(BIN)/python
	@echo "[2/3] 安装网页版所需的依赖（不含测试工具；首次约半分钟，有缓存时更快）"
	@$(BIN)/pip install -q --disable-pip-version-check uv 2>/dev/null || true
	@{ [ -x $(BIN)/uv ] && $(BIN)/uv pip install --python $(BIN)/python -e .; } || \
	  $(BIN)/pip install --disable-pip-version-check --progress-bar on -e .
	touch $(APP_STAMP)

$(STAMP): pyproject.toml $(APP_STAMP)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(APP_STAMP)
	@echo "[3/3] 启动网页版（资料库为空时先导入自带的样本年报），就绪后显示网址"
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

# the OCR tests render PDFs to page images with poppler's pdftoppm (as a scanner would give them)
poppler:
	@command -v pdftoppm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils >/dev/null; }

# two workers (pytest-xdist): a module whose tests share a library or a server on one worker (tests/conftest.py), the rest test by test
test: $(STAMP) browser postgres poppler lint
	$(BIN)/pytest -n 2 --dist loadgroup

bench: $(STAMP)
	$(BIN)/python bench/parse_speed.py
	$(BIN)/python bench/index_bench.py
	$(BIN)/python bench/answer_bench.py
	$(BIN)/python bench/concurrent_chat.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
