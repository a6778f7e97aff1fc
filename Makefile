# Polku: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Build steps (catalogues) need no secrets: without a .env or an exported DEBUG they
# run with the development settings, so a clean clone and a production build both work.
BUILD := DEBUG=$${DEBUG:-true} $(MANAGE)
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_CLIENTS ?= 300

.DEFAULT_GOAL := help
.PHONY: help install run test lint format messages compilemessages check-translations lock clean \
	loadtest loadtest-stress

help:
	@echo "make run    - set everything up and serve the demo on http://$(HOST):$(PORT)"
	@echo "make test   - set everything up and run the whole suite"
	@echo "make lint   - ruff check, ruff format --check and mypy"
	@echo "make loadtest / loadtest-stress - Locust against gunicorn on PostgreSQL (README)"
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
	$(BUILD) compilemessages --ignore=.venv --verbosity 0
	$(BUILD) printmessages --compile

run: install compilemessages .env
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --clients $(DEMO_CLIENTS)
	$(MANAGE) runserver $(HOST):$(PORT)

test: install compilemessages .env
	$(BIN)/pytest

# The load test (README, "Load test"): gunicorn with the production settings on
# PostgreSQL and the demo data, Locust's office mix against it. The defaults are the
# office run; `make loadtest-stress` (or WAIT=0 RUN_TIME=30s) is the stress run.
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/polku_load
CLIENTS ?= 10000
USERS ?= 20
SPAWN_RATE ?= 5
RUN_TIME ?= 60s
WAIT ?= 1

loadtest: install compilemessages
	LOADTEST_DATABASE_URL=$(LOADTEST_DATABASE_URL) LOADTEST_CLIENTS=$(CLIENTS) \
	  LOADTEST_USERS=$(USERS) LOADTEST_SPAWN_RATE=$(SPAWN_RATE) LOADTEST_RUN_TIME=$(RUN_TIME) \
	  LOADTEST_WAIT=$(WAIT) $(BIN)/python loadtest/run.py

loadtest-stress:
	$(MAKE) loadtest WAIT=0 RUN_TIME=30s

# mypy's Django plugin loads the settings: like the build steps, it needs no .env.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=$${DEBUG:-true} $(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract strings into the .po files (needs GNU gettext): the interface's, then the
# client copy's print catalogues (locale_print), whose sources the interface leaves out
# (settings.PRINT_MESSAGE_SOURCES).
messages: install
	$(BUILD) makemessages --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=plans/print_texts.py \
	  --ignore='templates/print/plan_copy*' --no-obsolete -l fi -l sv -l en
	$(BUILD) printmessages

# Fails when Finnish or Swedish, or any print language, has an untranslated or fuzzy message.
check-translations: messages
	$(BIN)/python .ci/check_translations.py fi sv
	$(BIN)/python .ci/check_translations.py --print

lock:
	rm -rf /tmp/polku-lock && $(PYTHON) -m venv /tmp/polku-lock
	/tmp/polku-lock/bin/pip install --quiet --upgrade pip
	/tmp/polku-lock/bin/pip install --quiet -e ".[dev]"
	{ echo "# Pinned versions of every package Polku installs (make lock regenerates this)."; \
	  /tmp/polku-lock/bin/pip freeze --exclude-editable; } > constraints.txt

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
	find . -name '*.mo' -path './locale/*' -delete
	find . -name '*.mo' -path './locale_print/*' -delete
