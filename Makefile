# Cramp Tracker: `make run` to use it, `make test` to check everything.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8501
HOST ?= 127.0.0.1
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
# Compiled bytecode: imports take ~1.3 s instead of ~4 s on machines with PYTHONDONTWRITEBYTECODE.
export UV_COMPILE_BYTECODE := 1
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test lint typecheck unit e2e bench system-deps audit clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-extras
	@touch $@

## install: create .venv with the exact versions of uv.lock (idempotent)
install: $(VENV)/.installed

## run: start the app on http://$(HOST):$(PORT) (embedded SQLite unless TRACKER_DATABASE_URL is set)
##   loopback only: `serve` refuses any other address (the app has no login; see the README)
run: install
	$(BIN)/python -m tracker serve --host $(HOST) --port $(PORT)

## system-deps: Chromium (browser tests), PostgreSQL (database tests), poppler (PDF checks)
##   apt-get installs what is missing (as root); otherwise it says what to install and fails
system-deps:
	@bash .ci/system-deps

## lint: ruff (style and bugs), mypy (types), import-linter (the layers of pyproject.toml, no cycles)
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Two xdist workers (the machines have 2 cores); each worker starts its own Streamlit server
# on a free port for the browser tests. Extra pytest options: make test PYTEST_ARGS="-x -k drinks".
# pytest's status is make's: "no tests collected" (5) fails like any failure, never passes.
PYTEST_PARALLEL := -n 2 --dist loadgroup
PYTEST_ARGS ?=

## audit: known vulnerabilities in uv.lock's pins (pip-audit, PyPI's advisory data; needs pypi.org)
##   fails on one with a fixed release, or when PyPI cannot be reached; warns on one without a fix
audit: install
	$(BIN)/python .ci/audit

## test: everything: lint, types, the audit, unit, page, database (SQLite and PostgreSQL), browser
test: install system-deps lint audit
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not bench" $(PYTEST_ARGS)

## unit: the fast tests only (no browser)
unit: install
	$(BIN)/pytest -m "not e2e and not bench"

## e2e: the browser tests only (Debian's Chromium against a real Streamlit server)
e2e: install system-deps
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "e2e and not bench" $(PYTEST_ARGS)

## bench: speed targets of the issues, measured
bench: install
	$(BIN)/pytest tests/bench -m bench -s -p no:xdist

clean:
	rm -rf $(VENV) .tools .pytest_cache .mypy_cache .ruff_cache
