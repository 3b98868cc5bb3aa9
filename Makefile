# Two entry points: `make demo` and `make test`. Both create .venv and install what they need,
# so they work on a fresh machine with nothing but Python 3.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest dist bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[pelican,mkdocs,sandbox]' --group dev
	touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(MAKE) --no-print-directory dist

pytest: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# The wheel and sdist as they would be published: built from this checkout (no download: the
# backend comes from the dev group), checked by twine, and both must carry the LICENSE.
dist: $(STAMP)
	rm -rf dist
	$(PY) -m build --no-isolation --outdir dist . > dist.log 2>&1 || { cat dist.log; exit 1; }
	rm -f dist.log
	$(VENV)/bin/twine check --strict dist/*
	$(PY) -m zipfile -l dist/*.whl | grep -q 'dist-info/licenses/LICENSE' \
		|| { echo "the wheel does not carry LICENSE"; exit 1; }
	tar -tzf dist/*.tar.gz | grep -q '^[^/]*/LICENSE$$' \
		|| { echo "the sdist does not carry LICENSE"; exit 1; }

demo: $(STAMP)
	$(PY) examples/demo.py

# Figures, not tests: each script prints its measurements next to a baseline run in the same
# process (see bench/). Several minutes in all.
bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) build dist dist.log *.egg-info .pytest_cache .mypy_cache .ruff_cache
