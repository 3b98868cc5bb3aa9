"""Importing a plugin without its site generator names the extra that installs it.

Each check runs in a fresh interpreter where the generator cannot be imported (``None`` in
``sys.modules`` is how Python spells "this module is missing"), as on a machine where
flattr-suite was installed without the extra.
"""

import subprocess
import sys

import pytest

CASES = [
    ("pelican_flattr", "pelican", "Pelican 4.12", "pip install 'flattr-suite[pelican]'"),
    ("mkdocs_flattr", "mkdocs", "MkDocs 1.6", "pip install 'flattr-suite[mkdocs]'"),
]


def import_without(package: str, missing: str) -> subprocess.CompletedProcess[str]:
    code = f"import sys; sys.modules[{missing!r}] = None; import {package}"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(("package", "missing", "needs", "install"), CASES)
def test_a_plugin_without_its_generator_says_which_extra_to_install(
    package, missing, needs, install
):
    run = import_without(package, missing)

    assert run.returncode == 1
    last_line = run.stderr.strip().splitlines()[-1]
    assert last_line.startswith("ImportError: "), run.stderr
    assert needs in last_line
    assert last_line.endswith(install)


@pytest.mark.parametrize("package", [case[0] for case in CASES])
def test_a_plugin_with_its_generator_imports(package):
    run = subprocess.run(
        [sys.executable, "-c", f"import {package}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert run.returncode == 0, run.stderr
