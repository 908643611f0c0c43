# Wegweiser: the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
WEGWEISER := $(BIN)/wegweiser
DEMO_ENV := WEGWEISER_DEBUG=1
# Two workers: the machines have two cores.
PYTEST_ARGS ?= -n 2

.PHONY: demo test lint bench install install-dev system-deps messages translations clean help openapi

help:
	@echo "make demo   – Umgebung anlegen, installieren, migrieren, Kassel-Demodaten laden, http://127.0.0.1:8000/ starten"
	@echo "make test   – Test-Abhängigkeiten installieren und alle Tests ausführen"
	@echo "make lint   – ruff und mypy"
	@echo "make bench  – Benchmarks ausführen, Ergebnisse nach bench/results/"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) fehlt: Python 3.11 installieren (z. B. apt-get install python3.11 python3.11-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamps: reinstall only when pyproject.toml changed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

# Translations: the catalogues (.po) are kept in git, the compiled ones (.mo) are built here.
PO_FILES := $(wildcard src/wegweiser/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
%.mo: %.po
	msgfmt --check -o $@ $<

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# WeasyPrint (the shortlist as PDF) renders with Pango; DejaVu covers Latin, Cyrillic and Arabic.
PDF_DEPS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

messages:
	@bash scripts/system-deps.sh gettext
	@$(MAKE) --no-print-directory --silent $(MO_FILES)

# After changing translatable strings: update the catalogues, then translate the new entries.
translations: install
	cd src/wegweiser && for language in en tr ru ar uk; do \
	  WEGWEISER_DEBUG=1 ../../$(WEGWEISER) makemessages -l $$language --no-location --no-obsolete -i "migrations/*"; \
	done

demo: install messages
	@bash scripts/system-deps.sh $(PDF_DEPS)
	mkdir -p var
	$(DEMO_ENV) $(WEGWEISER) migrate --no-input
	$(DEMO_ENV) $(WEGWEISER) load_demo
	$(DEMO_ENV) $(WEGWEISER) monitoring_demo
	$(DEMO_ENV) $(WEGWEISER) rebuild_search_index
	$(DEMO_ENV) $(WEGWEISER) demo_admin
	$(DEMO_ENV) $(WEGWEISER) demo_users
	$(DEMO_ENV) $(WEGWEISER) runserver 127.0.0.1:8000

# Debian packages the tests need: gettext (translations), chromium (browser tests), poppler-utils
# (reading PDFs back), and the PDF libraries.
system-deps:
	@bash scripts/system-deps.sh gettext chromium poppler-utils $(PDF_DEPS)

test: install-dev system-deps messages
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(DEMO_ENV) $(WEGWEISER) makemigrations --check --dry-run

# After changing the API: write the committed OpenAPI schemas (tests/test_api_schema.py checks them).
openapi: install
	$(DEMO_ENV) $(WEGWEISER) api_schema

bench: install-dev
	mkdir -p bench/results
	$(BIN)/python bench/run.py
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/monitoring_bench.py
	@if pg_isready -q -h 127.0.0.1 -p 5432; then $(BIN)/python bench/load.py && $(BIN)/python bench/api_load.py; \
	else echo "PostgreSQL nicht erreichbar: Lastmessung der Suche und der API übersprungen (bench/README.md)."; fi
	@if pg_isready -q -h 127.0.0.1 -p 5432; then \
	  DATABASE_URL=$${REPORTS_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/wegweiser_bench_reports} \
	  $(BIN)/python bench/reports_bench.py; \
	else echo "PostgreSQL nicht erreichbar: Messung der Berichte übersprungen (bench/README.md)."; fi

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
