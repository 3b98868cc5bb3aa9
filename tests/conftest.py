"""Shared test setup: the sandbox fixture (``flattr_sandbox``) and an isolated config directory."""

import pytest

pytest_plugins = ["flattr_core.sandbox.pytest_plugin"]


@pytest.fixture(autouse=True)
def _isolated_flattr_environment(tmp_path_factory, monkeypatch):
    """No test reads the developer's real token store or FLATTR_* variables."""
    monkeypatch.setenv("FLATTR_CONFIG_DIR", str(tmp_path_factory.mktemp("flattr-config")))
    for name in ("FLATTR_ACCESS_TOKEN", "FLATTR_API_URL", "FLATTR_WEB_URL",
                 "FLATTR_CLIENT_ID", "FLATTR_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
