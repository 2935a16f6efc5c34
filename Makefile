# The two commands a newcomer needs:
#   make demo   install, load demo data, and run the app at http://127.0.0.1:8000
#   make test   install and run the test suite
# Both work on a fresh machine with Python 3.12 or 3.13 (pyenv reads .python-version).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
LOCK := requirements/dev.txt
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

# pyenv's shim for python3.12 honours .python-version; plain python3 is the fallback.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3.13 2>/dev/null || command -v python3)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install demo run test lint format messages lock check-deploy screenshots clean

help:
	@echo "make demo    install, load demo data and run the app on http://$(HOST):$(PORT)"
	@echo "make test    install and run the tests (ARGS='-k healthz' to pass pytest options)"
	@echo "make lint    ruff check and format check"
	@echo "make messages  update and compile the translation catalogues"
	@echo "make screenshots  write a PNG of every page type into screenshots/"
	@echo "make lock    re-resolve requirements/*.txt from pyproject.toml"

$(VENV)/.installed: $(LOCK) package-lock.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed; found " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# uv itself comes from the lock too, hashes checked.
	@awk '/^uv==/{p=1} p&&!/^ /&&!/^uv==/{p=0} p' $(LOCK) > $(VENV)/uv-requirement.txt
	@$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(VENV)/uv-requirement.txt
	@$(UV) pip sync --quiet --python $(PY) --require-hashes $(LOCK)
	@# The test-only front-end gates (axe-core, Nu Html Checker) come from npm.
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	 else echo "npm not found: the accessibility and HTML-validity tests will be skipped"; fi
	@touch $@

install: $(VENV)/.installed

demo: install
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py seed_demo
	@echo
	@echo "  Advocacy Hub is running at  http://$(HOST):$(PORT)/"
	@echo "  Admin:                      http://$(HOST):$(PORT)/admin/  (user admin, password admin)"
	@echo "  Emails the app sends:       http://$(HOST):$(PORT)/outbox/  (log in as admin first)"
	@echo "  Stop with Ctrl+C."
	@echo
	@$(PY) manage.py runserver $(HOST):$(PORT)

run: demo

test: install
	@$(VENV)/bin/pytest $(ARGS)

lint: install
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

format: install
	@$(VENV)/bin/ruff check --fix .
	@$(VENV)/bin/ruff format .

messages: install
	@$(PY) manage.py makemessages --all --ignore=.venv --ignore=var --ignore=tests --ignore=node_modules --ignore=benchmarks --no-obsolete
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

lock: install
	@$(UV) pip compile pyproject.toml --universal --python-version 3.12 --generate-hashes -q -o requirements/base.txt
	@$(UV) pip compile pyproject.toml --extra dev --universal --python-version 3.12 --generate-hashes -q -o requirements/dev.txt

check-deploy: install
	@DJANGO_SETTINGS_MODULE=advocacy_hub.settings.production $(PY) manage.py check --deploy --fail-level WARNING

screenshots: install
	@SCREENSHOTS_DIR=screenshots $(VENV)/bin/pytest -q tests/e2e/test_quality_gates.py -k axe
	@echo "PNG of every page type at 375 and 1280 px, light and dark: screenshots/"

clean:
	rm -rf $(VENV) node_modules var/*.sqlite3* .pytest_cache .ruff_cache screenshots
