"""`make demo`: start the sandbox, build both example sites against it, and report what happened.

1. A Flattr sandbox starts in this process on a free loopback port, and a token is minted for
   its demo blogger ``alice``.
2. The Pelican blog (examples/pelican-blog) and the MkDocs site (examples/mkdocs-site) are built
   with their Flattr plugins: buttons, ``rel="payment"`` links, feed links, and a sync that
   registers one Flattr thing per article or page.
3. Both sites are built a second time to show that an unchanged site costs zero API requests.
4. The things now on the server are listed through the client, and one button's auto-submit link
   is opened on the sandbox to show it leads somewhere real.

``python examples/demo.py --serve`` keeps the sandbox running afterwards (Ctrl-C stops it), so the
buttons in the built sites can be clicked through.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import requests

import flattr_core
import flattr_core.api
from flattr_sandbox import SandboxServer

HERE = Path(__file__).resolve().parent
PELICAN_OUTPUT = HERE / "pelican-blog" / "output"
MKDOCS_OUTPUT = HERE / "mkdocs-site" / "site"


def _load_builder(folder: str) -> ModuleType:
    """Import examples/<folder>/build.py under a unique name (both files are called build.py)."""
    path = HERE / folder / "build.py"
    spec = importlib.util.spec_from_file_location(f"flattr_demo_{folder.replace('-', '_')}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in build.py look their module up here
    spec.loader.exec_module(module)
    return module


def _state_file(output: Path) -> Path:
    return output.with_name(output.name + ".flattr-state.json")


def _sync_summary(report: Any) -> str:
    sync = getattr(report, "sync", report)  # the Pelican builder wraps the SyncReport
    return sync.summary() if sync is not None else "sync did not run (see the log above)"


def _first_payment_url(output: Path) -> str | None:
    for page in sorted(output.rglob("*.html")):
        match = re.search(r'<link rel="payment" href="([^"]+)"', page.read_text(encoding="utf-8"))
        if match:
            return match.group(1).replace("&amp;", "&")
    return None


def _build_both(
    sandbox: SandboxServer, token: str, pelican: ModuleType, mkdocs: ModuleType, label: str
) -> None:
    print(f"\n== {label} ==")
    before = sandbox.request_count()
    started = time.perf_counter()
    blog = pelican.build_example(
        PELICAN_OUTPUT,
        api_url=sandbox.api_url,
        token=token,
        state_file=_state_file(PELICAN_OUTPUT),
        list_things=False,  # listed once, below
    )
    print(blog.summary())
    docs = mkdocs.build_example(
        MKDOCS_OUTPUT,
        api_url=sandbox.api_url,
        token=token,
        state_file=_state_file(MKDOCS_OUTPUT),
    )
    pages = sum(
        1
        for page in MKDOCS_OUTPUT.rglob("*.html")
        if "flattr-button" in page.read_text(encoding="utf-8")
    )
    print(f"MkDocs example site built in {MKDOCS_OUTPUT}")
    print(f"  {pages} pages with a Flattr button")
    print(f"  {_sync_summary(docs)}")
    print(
        f"-> both builds took {time.perf_counter() - started:.1f} s and "
        f"{sandbox.request_count() - before} API requests"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--serve",
        action="store_true",
        help="keep the sandbox running after the builds (Ctrl-C stops it)",
    )
    args = parser.parse_args(argv)

    pelican, mkdocs = _load_builder("pelican-blog"), _load_builder("mkdocs-site")
    for output in (PELICAN_OUTPUT, MKDOCS_OUTPUT):
        # Each demo starts a fresh in-memory sandbox, so state from an earlier run is stale.
        _state_file(output).unlink(missing_ok=True)

    print(f"flattr-suite {flattr_core.__version__}")
    with SandboxServer(rate_limit=100_000) as sandbox:
        token = sandbox.mint_token("alice", scopes=("flattr", "thing"))
        print(
            f"Sandbox running at {sandbox.url} (API {sandbox.api_url}); "
            "token minted for the demo blogger 'alice'"
        )

        _build_both(sandbox, token, pelican, mkdocs, "First build: registers every article")
        _build_both(sandbox, token, pelican, mkdocs, "Second build: nothing changed")

        with flattr_core.api.get(token, api_url=sandbox.api_url) as api:
            things = list(api.authenticated.get_things())
        print(f"\n== alice now owns {len(things)} things on the sandbox ==")
        for thing in sorted(things, key=lambda t: t.id or 0):
            print(f"  {thing.id:>6}  {thing.language or '-':5}  {thing.title[:50]:50}  {thing.url}")

        payment = _first_payment_url(PELICAN_OUTPUT)
        if payment:
            answer = requests.get(payment, timeout=10)
            print(
                f"\nA payment link from the blog: {payment}\n"
                f"  -> the sandbox's auto-submit page answers {answer.status_code}"
            )

        print("\nOpen the built sites:")
        print(f"  {PELICAN_OUTPUT / 'index.html'}")
        print(f"  {MKDOCS_OUTPUT / 'index.html'}")
        if args.serve:
            print(f"\nSandbox still running at {sandbox.url}; Ctrl-C stops it.")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
        else:
            print(
                "The sandbox stops now; `python examples/demo.py --serve` keeps it running, "
                "`.venv/bin/flattr sandbox` starts one by itself."
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
