"""The package root is lazy: the engine's render path and the sandbox do not pay for the client."""

import subprocess
import sys

import pytest

import flattr_core


def _modules_loaded_by(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return set(out.split())


def test_importing_the_render_path_loads_neither_requests_nor_the_client():
    loaded = _modules_loaded_by("import flattr_core.publish.render")
    assert "requests" not in loaded
    assert "flattr_core.api" not in loaded
    assert "flattr_core.models" not in loaded


def test_the_root_still_offers_the_whole_public_surface():
    for name in flattr_core.__all__:
        assert getattr(flattr_core, name) is not None, name
    assert flattr_core.api.get.__module__ == "flattr_core.api"
    assert flattr_core.Thing.__module__ == "flattr_core.models"
    assert "FlattrApi" in dir(flattr_core)


def test_an_unknown_name_is_an_attribute_error_naming_it():
    with pytest.raises(AttributeError, match="NoSuchThing"):
        flattr_core.NoSuchThing  # noqa: B018
