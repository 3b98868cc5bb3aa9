# Two entry points: `make demo` and `make test`. Both create .venv and install what they need,
# so they work on a fresh machine with nothing but Python 3.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,pelican,mkdocs,sandbox]'
	@# An editable install cannot put pelican/plugins/flattr inside Pelican's package; Pelican
	@# also looks in any pelican/ folder on sys.path, so this .pth makes the checkout's namespace
	@# plugin found the way a wheel install is (a site with no PLUGINS setting loads it).
	$(PY) -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "flattr_suite_plugins.pth").write_text("$(CURDIR)/plugins\n")'
	touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

demo: $(STAMP)
	$(PY) examples/demo.py

# Figures, not tests: each script prints its measurements next to a baseline run in the same
# process (see bench/). Several minutes in all.
bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
