# Mantle CE. `make run` serves the site on http://127.0.0.1:8000; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on every core (pytest-xdist); WORKERS=0 runs it in one process.
WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(WORKERS) --dist loadgroup

.DEFAULT_GOAL := help
.PHONY: help venv run setup test test-unit test-integration test-browser lint format migrations-check bench clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Mantle CE needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)  ## Create .venv and install the project with its dev tools

setup: $(STAMP)  ## Migrate, import content/ and create the demo accounts (SQLite)
	$(MANAGE) migrate --noinput
	$(MANAGE) import_content
	$(MANAGE) seed_demo

# The regrade worker runs beside the server and stops with it (Ctrl+C, or the server exiting).
run: setup  ## Set up and serve the site on http://127.0.0.1:8000, with a background-task worker
	@$(MANAGE) db_worker --backend regrade --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(STAMP)  ## Run the whole suite: unit, integration and browser tests
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "NOTE: $(CHROMIUM) not found, so the browser tests will be skipped."; \
	  echo "      Install it with: sudo apt-get install -y chromium"; \
	fi
	$(PYTEST) $(PYTEST_ARGS)

test-unit: $(STAMP)  ## Only the unit tests (no database)
	$(PYTEST) tests/unit $(PYTEST_ARGS)

test-integration: $(STAMP)  ## Only the integration tests
	$(PYTEST) tests/integration $(PYTEST_ARGS)

test-browser: $(STAMP)  ## Only the browser journeys (headless chromium)
	$(PYTEST) tests/browser $(PYTEST_ARGS)

lint: $(STAMP)  ## ruff check, ruff format --check, import-linter
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)  ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(STAMP)  ## Fail if a model change has no migration
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

bench: $(STAMP)  ## Throughput of key pages as ratios to a bare Django view (gunicorn, loopback)
	$(BIN)/python tests/perf/bench.py $(BENCH_ARGS)

clean:  ## Remove the virtualenv, the SQLite databases and collected static files
	rm -rf $(VENV) db.sqlite3 .test-db.sqlite3 staticfiles .pytest_cache
