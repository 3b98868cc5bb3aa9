"""The example blog (examples/pelican-blog) builds and registers its articles, as `make demo`
runs it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "pelican-blog" / "build.py"


def _load_build():
    spec = importlib.util.spec_from_file_location("pelican_blog_build", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_the_example_blog_registers_its_articles_once(flattr_sandbox, tmp_path):
    build = _load_build()
    token = flattr_sandbox.mint_token("alice")

    first = build.build_example(tmp_path / "out", api_url=flattr_sandbox.api_url, token=token)
    before = flattr_sandbox.request_count()
    again = build.build_example(
        tmp_path / "out", api_url=flattr_sandbox.api_url, token=token, list_things=False
    )

    assert len(first.sync.created) == 5 and len(first.things) == 5
    assert "Grüße aus Zürich: ein Café am See" in {t["title"] for t in first.things}
    assert "housekeeping.html" not in first.pages_with_button  # Flattr: no
    assert "pages/about.html" in first.pages_with_button
    assert again.sync.created == [] and len(again.sync.unchanged) == 5
    assert flattr_sandbox.request_count() == before  # nothing changed: no request at all
    assert again.things == []
    assert all(token not in p.read_text("utf-8", "replace") for p in first.output_dir.rglob("*.*"))
    assert "Flattr sync: 5 created" in first.summary()
