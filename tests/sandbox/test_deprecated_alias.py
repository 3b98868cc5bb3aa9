"""``flattr_core.sandbox`` still works for one release, warning that the sandbox moved."""

import subprocess
import sys

import pytest

import flattr_sandbox


def test_the_old_import_path_warns_and_gives_the_same_server_class():
    code = (
        "import warnings; warnings.simplefilter('error', DeprecationWarning)\n"
        "try:\n"
        "    import flattr_core.sandbox\n"
        "except DeprecationWarning as warning:\n"
        "    print(warning)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "import flattr_sandbox instead" in out


def test_names_from_the_old_path_are_the_new_objects():
    with pytest.warns(DeprecationWarning):
        sys.modules.pop("flattr_core.sandbox", None)
        import flattr_core.sandbox as old
    assert old.SandboxServer is flattr_sandbox.SandboxServer
