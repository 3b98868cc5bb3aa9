"""Build the example MkDocs site with the Flattr plugin against a Flattr-compatible server.

Used by ``examples/demo.py`` (``make demo``)::

    from build import build_example          # examples/mkdocs-site on sys.path
    report = build_example("/tmp/demo/mkdocs-site", api_url=sb.api_url, token=token)
    print(report.summary())

or from a shell, with the server and token in the environment::

    FLATTR_API_URL=http://127.0.0.1:8765/rest/v2 FLATTR_ACCESS_TOKEN=... \\
        .venv/bin/python examples/mkdocs-site/build.py /tmp/demo/mkdocs-site

The token is handed over through ``FLATTR_ACCESS_TOKEN`` for the duration of the build only (the
plugin never reads it from mkdocs.yml). Against a local server (the sandbox) the site is built as a
local preview, ``site_url: http://127.0.0.1:8001/``, so that its buttons may point at the sandbox:
a public site URL never links to a local server. The sync state goes next to ``site_dir``
(``<site_dir>.flattr-state.json``), so the example folder stays clean.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# A static preview (`python -m http.server 8001 -d SITE_DIR`); not 8000, `mkdocs serve`'s address,
# where the plugin never syncs.
PREVIEW_URL = "http://127.0.0.1:8001/"


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    old = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def build_example(
    site_dir: str | os.PathLike[str],
    *,
    api_url: str,
    token: str,
    state_file: str | os.PathLike[str] | None = None,
    strict: bool = True,
    site_url: str | None = None,
) -> Any:
    """Build the site into ``site_dir`` and sync it; returns the plugin's ``SyncReport``
    (None if the sync did not run, which the build log explains). ``site_url`` defaults to
    mkdocs.yml's, or to a local preview URL when ``api_url`` is local."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from flattr_core.publish.hosts import is_local_url

    site = Path(site_dir).resolve()
    state = Path(state_file) if state_file else site.with_name(site.name + ".flattr-state.json")
    with _environment(FLATTR_API_URL=api_url, FLATTR_ACCESS_TOKEN=token):
        config = load_config(
            config_file=str(HERE / "mkdocs.yml"), site_dir=str(site), strict=strict
        )
        preview = PREVIEW_URL if is_local_url(api_url) else None
        config["site_url"] = site_url or preview or config["site_url"]
        plugin = config.plugins["flattr"]
        plugin.config["state_file"] = str(state.resolve())
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    return plugin.last_report


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} SITE_DIR  (with FLATTR_API_URL and FLATTR_ACCESS_TOKEN set)")
        return 2
    api_url, token = os.environ.get("FLATTR_API_URL"), os.environ.get("FLATTR_ACCESS_TOKEN")
    if not api_url or not token:
        print("set FLATTR_API_URL (e.g. the sandbox's .../rest/v2) and FLATTR_ACCESS_TOKEN")
        return 2
    # Outside the `mkdocs` command nothing shows MkDocs' log (the plugin's warnings included):
    # print its warnings the way `mkdocs build` does.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
    from mkdocs.exceptions import Abort

    try:
        report = build_example(argv[1], api_url=api_url, token=token)
    except Abort as exc:  # a --strict build with warnings; the log above says which
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(report.summary() if report is not None else "no sync ran (see the log above)")
    return 0 if report is not None and report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
