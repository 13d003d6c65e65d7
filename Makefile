# Thin wrappers around tools/kpi_dev.py; README.md explains each target.
# The Python used for the tools and tier-1 tests is .run/venv (made by
# `make venv`) when it exists, python3 otherwise; override with
# `make test PYTHON=/path/to/python`.

VENV := .run/venv
PYTHON := $(if $(wildcard $(VENV)/bin/python),$(VENV)/bin/python,python3)

.PHONY: run test i18n bench lint format venv

run:
	$(PYTHON) tools/kpi_dev.py run

test:
	$(PYTHON) tools/kpi_dev.py test

i18n:
	$(PYTHON) tools/kpi_dev.py i18n

bench:
	$(PYTHON) tools/kpi_dev.py bench

lint:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

format:
	$(PYTHON) -m ruff check --fix .
	$(PYTHON) -m ruff format .

venv:
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --quiet --disable-pip-version-check -r requirements-dev.txt
