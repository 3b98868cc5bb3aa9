"""The example site (examples/mkdocs-site) builds strictly and syncs its pages, as `make demo`
does it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.plugins.mkdocs.mkdocs_project import Html

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "mkdocs-site"


def load_example_builder():
    spec = importlib.util.spec_from_file_location("mkdocs_example_build", EXAMPLE / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_example


def test_the_example_site_builds_and_syncs(tmp_path, flattr_sandbox) -> None:
    build_example = load_example_builder()
    token = flattr_sandbox.mint_token("alice")
    site = tmp_path / "site"

    report = build_example(site, api_url=flattr_sandbox.api_url, token=token)
    assert report is not None and report.ok
    assert len(report.created) == 5, "every page but the opted-out one"
    assert (tmp_path / "site.flattr-state.json").exists()
    assert not (EXAMPLE / ".flattr-state.json").exists(), "the example folder stays clean"

    home = Html.read(site / "index.html")
    (link,) = home.head_payment_links()
    assert link.attrs["href"].startswith(flattr_sandbox.url + "/submit/auto?")
    assert Html.read(site / "private" / "index.html").payment_links() == []

    again = build_example(site, api_url=flattr_sandbox.api_url, token=token)
    assert again is not None and len(again.unchanged) == 5
