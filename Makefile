# Two entry points: `make demo` and `make test`. Both create .venv and install what they need,
# so they work on a fresh machine with nothing but Python 3.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck typecheck-packages typecheck-tests pytest docs docs-check dist bench \
	clean browser screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[pelican,mkdocs,sandbox]' --group dev
	@# Pelican finds namespace plugins by listing pelican/plugins/ with pkgutil, which cannot see
	@# an editable install; a link makes this venv load pelican.plugins.flattr as a wheel would.
	@# (No Pelican below Python 3.11: then there is nothing to link into.)
	@dir="$$($(PY) -c 'import pelican.plugins; print(list(pelican.plugins.__path__)[0])' 2>/dev/null)" \
	    && ln -sfn $(CURDIR)/plugins/pelican/plugins/flattr "$$dir/flattr" \
	    || echo "Pelican is not installed (Python < 3.11): pelican.plugins.flattr is not linked"
	touch $(STAMP)

# The suite keeps Python's bytecode caches (__pycache__/, ignored by git) even where the shell
# sets PYTHONDONTWRITEBYTECODE: without them every xdist worker rewrites and compiles each test
# module and the package again (about 4 CPU seconds each), and each of the suite's hundreds of
# `flattr` and `pelican` subprocesses compiles the package again, run after run.
test pytest screenshots: export PYTHONDONTWRITEBYTECODE =

# pytest on every core. --dist worksteal: a worker that runs out of tests takes half of what
# another has left, so the run never ends with one core idle behind the other's last long tests.
PYTEST := $(PY) -m pytest -n auto --dist worksteal

# After the tests, the checks: independent of each other, so two at a time (-j2), each one's
# output printed whole when it ends (-O, from GNU make 4 on); any failure still fails `make test`.
OUTPUT_SYNC := $(if $(filter 3.%,$(MAKE_VERSION)),,-O)

test: $(STAMP) browser
	$(PYTEST)
	$(MAKE) --no-print-directory -j2 $(OUTPUT_SYNC) lint typecheck dist docs-check

pytest: $(STAMP) browser
	$(PYTEST)

# The browser tests (tests/browser/) drive Debian's chromium; install it when missing (apt-get,
# as root; otherwise the script says what to do). Playwright's own browser download is not used.
browser:
	@sh scripts/install-chromium

# Screenshots of the button in each theme, for the docs (docs/assets/screenshots/).
screenshots: $(STAMP) browser
	FLATTR_SCREENSHOT_DIR=docs/assets/screenshots $(PY) -m pytest -q -p no:xdist tests/browser -k natural_size

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Two passes with caches of their own (.mypy_cache, .mypy_cache/tests): with -j2 they run side by
# side.
typecheck: typecheck-packages typecheck-tests

typecheck-packages: $(STAMP)
	$(VENV)/bin/mypy

typecheck-tests: $(STAMP)
	$(VENV)/bin/mypy --config-file tests/mypy.ini tests

# The manual (docs/, mkdocs.yml) into site/, with our own Flattr plugin on every page; offline.
MKDOCS_BUILD := NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

docs: $(STAMP)
	$(MKDOCS_BUILD)

# The same build, quietly, as one of make test's checks.
docs-check: $(STAMP)
	$(MKDOCS_BUILD) --quiet

# The wheel and sdist as they would be published: built from this checkout (no download: the
# backend comes from the dev group), checked by twine, and both must carry the LICENSE.
dist: $(STAMP)
	rm -rf dist
	$(PY) -m build --no-isolation --outdir dist . > dist.log 2>&1 || { cat dist.log; exit 1; }
	rm -f dist.log
	$(VENV)/bin/twine check --strict dist/*
	@# grep reads the whole listing (no -q): quitting at the first match would break the pipe.
	$(PY) -m zipfile -l dist/*.whl | grep 'dist-info/licenses/LICENSE' > /dev/null \
		|| { echo "the wheel does not carry LICENSE"; exit 1; }
	tar -tzf dist/*.tar.gz | grep '^[^/]*/LICENSE$$' > /dev/null \
		|| { echo "the sdist does not carry LICENSE"; exit 1; }

demo: $(STAMP)
	$(PY) examples/demo.py

# Figures, not tests: each script prints its measurements next to a baseline run in the same
# process (see bench/). Several minutes in all.
bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) build dist dist.log site *.egg-info .pytest_cache .mypy_cache .ruff_cache
