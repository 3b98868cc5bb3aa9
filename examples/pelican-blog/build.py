"""Build the example blog with pelican_flattr against a Flattr server (the sandbox in demos).

From Python (what ``examples/demo.py`` calls)::

    from build import build_example
    report = build_example("/tmp/blog", api_url=sandbox.api_url, token=sandbox.mint_token("alice"))
    print(report.summary())

From a shell, against the server and token in FLATTR_API_URL / FLATTR_ACCESS_TOKEN, or, when they
are not set, against a sandbox started in this process::

    .venv/bin/python examples/pelican-blog/build.py [OUTPUT_DIR]

The token is handed to the plugin through ``FLATTR_ACCESS_TOKEN`` for the duration of the build
only (the plugin never reads tokens from settings), and it never reaches the built site. Against a
local server (the sandbox) the blog is built as a local preview (``SITEURL =
"http://127.0.0.1:8000"``, what ``pelican --listen`` serves), so that its buttons may point at
the sandbox: a public site URL never links to a local server.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PREVIEW_URL = "http://127.0.0.1:8000"


@dataclass
class ExampleReport:
    """What the example build produced and registered."""

    output_dir: Path
    pages_with_button: list[str] = field(default_factory=list)  # output files, sorted
    feed_payment_links: int = 0  # rel="payment" links over all feeds (entries + channels)
    sync_summary: str = "sync did not run"
    sync: Any = None  # flattr_core.publish.SyncReport, or None
    things: list[dict[str, Any]] = field(default_factory=list)  # id, url, title on the server

    def summary(self) -> str:
        lines = [
            f"Pelican example blog built in {self.output_dir}",
            f"  {len(self.pages_with_button)} pages with a Flattr button, "
            f"{self.feed_payment_links} payment links in the feeds",
            f"  {self.sync_summary}",
        ]
        lines += [f"  thing {t['id']}: {t['title']}  <{t['url']}>" for t in self.things]
        return "\n".join(lines)


@contextmanager
def _environ(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def build_example(
    output_dir: str | os.PathLike[str],
    *,
    api_url: str,
    token: str,
    state_file: str | os.PathLike[str] | None = None,
    list_things: bool = True,
    site_url: str | None = None,
) -> ExampleReport:
    """Build the blog into ``output_dir``, syncing with the Flattr API at ``api_url``.

    ``state_file`` defaults to ``<output_dir>.flattr-state.json`` beside the output (never in it).
    ``list_things=False`` skips the one request that lists the registered things for the report
    (so a no-change rebuild sends no request at all). ``site_url`` defaults to pelicanconf.py's
    SITEURL, or to a local preview URL when ``api_url`` is local.
    """
    import pelican_flattr
    from pelican import Pelican
    from pelican.settings import read_settings

    from flattr_core.publish.hosts import is_local_url

    output = Path(output_dir).resolve()
    state = Path(state_file) if state_file else output.with_name(output.name + ".flattr-state.json")
    base = read_settings(str(HERE / "pelicanconf.py"))
    flattr = {**base["FLATTR"], "api_url": api_url, "state_file": str(state.resolve())}
    settings = read_settings(
        str(HERE / "pelicanconf.py"),
        override={
            "OUTPUT_PATH": str(output),
            "FLATTR": flattr,
            "CACHE_CONTENT": False,
            "SITEURL": site_url or (PREVIEW_URL if is_local_url(api_url) else base["SITEURL"]),
        },
    )
    with _environ(FLATTR_ACCESS_TOKEN=token):
        pelican = Pelican(settings)
        pelican.run()
        sync = pelican_flattr.last_report(pelican)
    return _report(output, sync, api_url, token if list_things else None)


def _report(output: Path, sync: Any, api_url: str, token: str | None) -> ExampleReport:
    import flattr_core.api

    report = ExampleReport(output_dir=output, sync=sync)
    for path in sorted(output.rglob("*.html")):
        if "flattr-button" in path.read_text(encoding="utf-8"):
            report.pages_with_button.append(str(path.relative_to(output)))
    for path in output.rglob("*.xml"):
        report.feed_payment_links += path.read_text(encoding="utf-8").count('rel="payment"')
    if sync is not None:
        report.sync_summary = sync.summary()
    if sync is not None and token is not None:
        ours = {*sync.created, *sync.updated, *sync.unchanged, *sync.adopted}
        with flattr_core.api.get(token, api_url=api_url) as api:
            report.things = sorted(
                (
                    {"id": t.id, "url": t.url, "title": t.title}
                    for t in api.authenticated.get_things()
                    if t.url in ours
                ),
                key=lambda t: t["url"],
            )
    return report


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="flattr-pelican-")) / "output"
    api_url = os.environ.get("FLATTR_API_URL")
    token = os.environ.get("FLATTR_ACCESS_TOKEN")
    if api_url and token:
        print(build_example(output, api_url=api_url, token=token).summary())
        return 0
    from flattr_sandbox import SandboxServer

    with SandboxServer() as sandbox:
        print(f"(no FLATTR_API_URL/FLATTR_ACCESS_TOKEN: using a sandbox at {sandbox.url})")
        report = build_example(output, api_url=sandbox.api_url, token=sandbox.mint_token("alice"))
        print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
