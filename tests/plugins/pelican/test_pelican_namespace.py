"""Found by its namespace: installed, the plugin is ``pelican.plugins.flattr``, so a Pelican site
with no ``PLUGINS`` setting loads it, ``PLUGINS = ["flattr"]`` names it, and the older
``PLUGINS = ["pelican_flattr"]`` keeps working. Real ``pelican`` processes, as a user runs them.

Pelican finds namespace plugins in any ``pelican/plugins/`` folder on ``sys.path`` (its package
extends its own path), which is how the editable install of this checkout is found: the runs
put the repository's ``plugins/`` folder on ``PYTHONPATH``, where a wheel would put the files
into ``site-packages`` (the wheel itself is tested in tests/docs/test_wheel_quickstart.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.plugins.pelican.pelican_site import SITE, SITEURL

PLUGINS_DIR = Path(__file__).resolve().parents[3] / "plugins"
UNSET = object()


def _pelican(tmp_path: Path, plugins: object, flattr: dict | None) -> subprocess.CompletedProcess:
    shutil.copytree(SITE / "content", tmp_path / "content")
    settings: dict[str, object] = {
        "SITEURL": SITEURL,
        "SITENAME": "Alice's Example Blog",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "PAGE_PATHS": ["pages"],
        "ARTICLE_EXCLUDES": ["pages"],
    }
    if plugins is not UNSET:
        settings["PLUGINS"] = plugins
    if flattr is not None:
        settings["FLATTR"] = flattr
    conf = "\n".join(f"{k} = {v!r}" for k, v in settings.items())
    (tmp_path / "pelicanconf.py").write_text(conf + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLATTR_")}
    env["PYTHONPATH"] = os.pathsep.join([str(PLUGINS_DIR), env.get("PYTHONPATH", "")])
    env["COLUMNS"] = "300"
    return subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output"]
        + ["--fatal", "warnings"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _payment_links(tmp_path: Path) -> int:
    return (tmp_path / "output" / "grusse.html").read_text(encoding="utf-8").count('rel="payment"')


@pytest.mark.parametrize(
    "plugins",
    [UNSET, ["flattr"], ["pelican.plugins.flattr"], ["pelican_flattr"]],
    ids=["no PLUGINS setting", "flattr", "pelican.plugins.flattr", "pelican_flattr"],
)
def test_the_plugin_is_loaded_by_any_of_its_names(tmp_path, plugins):
    result = _pelican(tmp_path, plugins, {"user": "alice"})

    assert result.returncode == 0, result.stdout + result.stderr
    assert _payment_links(tmp_path) == 1


def test_both_names_listed_still_add_one_link(tmp_path):
    result = _pelican(tmp_path, ["flattr", "pelican_flattr"], {"user": "alice"})

    assert result.returncode == 0, result.stdout + result.stderr
    assert _payment_links(tmp_path) == 1


def test_a_site_without_flattr_settings_is_left_alone(tmp_path):
    result = _pelican(tmp_path, UNSET, None)

    assert result.returncode == 0, result.stdout + result.stderr
    assert _payment_links(tmp_path) == 0
    assert not list((tmp_path / "output").rglob("flattr*.svg"))
    assert "flattr" not in (result.stdout + result.stderr).lower()


def test_the_namespace_package_re_exports_the_plugins_register():
    import pelican.plugins.flattr  # not at collection: importing pelican changes logging
    import pelican_flattr

    assert pelican.plugins.flattr.register is pelican_flattr.register


def test_the_namespace_package_is_a_namespace_portion_only():
    # pelican/ and pelican/plugins/ belong to Pelican: an __init__.py of ours there would
    # shadow Pelican itself in a wheel install.
    assert not (PLUGINS_DIR / "pelican" / "__init__.py").exists()
    assert not (PLUGINS_DIR / "pelican" / "plugins" / "__init__.py").exists()
    assert (PLUGINS_DIR / "pelican" / "plugins" / "flattr" / "__init__.py").is_file()
