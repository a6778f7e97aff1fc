# Polku: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_CLIENTS ?= 300

.DEFAULT_GOAL := help
.PHONY: help install run test lint format messages compilemessages check-translations lock clean

help:
	@echo "make run    - set everything up and serve the demo on http://$(HOST):$(PORT)"
	@echo "make test   - set everything up and run the whole suite"
	@echo "make lint   - ruff check and ruff format --check"
	@echo "make messages / check-translations / lock / clean"

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

# The development settings (DEBUG=true) for make run and make test only:
# make install never writes them, so a production install has none.
.env:
	cp .env.example .env

compilemessages: install
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

run: install compilemessages .env
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --clients $(DEMO_CLIENTS)
	$(MANAGE) runserver $(HOST):$(PORT)

test: install compilemessages .env
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract strings into the .po files (needs GNU gettext).
messages: install
	$(MANAGE) makemessages --ignore=.venv --ignore=staticfiles --no-obsolete -l fi -l sv -l en

# Fails when Finnish or Swedish has an untranslated or fuzzy message.
check-translations: messages
	$(BIN)/python .ci/check_translations.py fi sv

lock:
	rm -rf /tmp/polku-lock && $(PYTHON) -m venv /tmp/polku-lock
	/tmp/polku-lock/bin/pip install --quiet --upgrade pip
	/tmp/polku-lock/bin/pip install --quiet -e ".[dev]"
	{ echo "# Pinned versions of every package Polku installs (make lock regenerates this)."; \
	  /tmp/polku-lock/bin/pip freeze --exclude-editable; } > constraints.txt

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
	find . -name '*.mo' -path './locale/*' -delete
