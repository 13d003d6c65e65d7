# Thin wrappers around the tools/kpi_dev package; README.md explains each target.
# The Python used for the tools and tier-1 tests is .run/venv (made by
# `make venv`) when it exists, python3 otherwise; override with
# `make test PYTHON=/path/to/python`.

VENV := .run/venv
PYTHON := $(if $(wildcard $(VENV)/bin/python),$(VENV)/bin/python,python3)

.PHONY: run test i18n bench lint format venv

run:
	$(PYTHON) -m tools.kpi_dev run

test:
	$(PYTHON) -m tools.kpi_dev test

i18n:
	$(PYTHON) -m tools.kpi_dev i18n

bench:
	$(PYTHON) -m tools.kpi_dev bench

lint:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

format:
	$(PYTHON) -m ruff check --fix .
	$(PYTHON) -m ruff format .

venv:
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --quiet --disable-pip-version-check -r requirements-dev.txt
