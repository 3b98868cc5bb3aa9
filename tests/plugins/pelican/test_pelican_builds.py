"""Whole builds: rebuilding on the same instance (``pelican -r``), ``pelican --fatal warnings``
from the command line, and what a build without an absolute SITEURL does."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from tests.plugins.pelican.pelican_site import FEEDS, SITE, SITEURL


def _snapshot(output: Path) -> dict[str, bytes]:
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*") if p.is_file()}


def test_running_twice_on_one_instance_adds_nothing_twice(build_site):
    built = build_site({"user": "alice", "button": "js"})
    first = _snapshot(built.output)

    built.run_again()  # what `pelican -r` does after a change

    assert _snapshot(built.output) == first
    page = built.page("grusse.html")
    assert len(page.buttons) == 1 and len(page.payment_links) == 1 and len(page.loaders) == 1


def test_an_edit_between_runs_shows_up_in_the_next_run(build_site, tmp_path):
    built = build_site({"user": "alice"})
    article = tmp_path / "content" / "grusse.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace(
            "Category: Reisen", "Category: Reisen\nFlattr_Category: images"
        ),
        encoding="utf-8",
    )

    built.run_again()

    assert "category=images" in built.page("grusse.html").payment_links[0].attrs["href"]


def test_an_empty_siteurl_warns_once_and_adds_nothing(build_site, caplog):
    with caplog.at_level(logging.WARNING, logger="pelican_flattr"):
        built = build_site({"user": "alice"}, SITEURL="")

    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("pelican_flattr")]
    assert len(warnings) == 1 and "SITEURL is empty" in warnings[0]
    assert built.page("grusse.html").buttons == []
    assert all(b'rel="payment"' not in p.read_bytes() for p in built.feeds())


def test_metadata_problems_are_warnings_naming_the_file(build_site, content_dir, caplog):
    (content_dir / "bad.md").write_text(
        "Title: A post in an unknown language\nDate: 2024-02-01\nSlug: bad\n"
        "Flattr_Language: klingon\nFlattr: maybe\n\nBody.\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="pelican_flattr"):
        build_site({"user": "alice"})

    messages = [r.getMessage() for r in caplog.records if r.name.startswith("pelican_flattr")]
    assert any("bad.md: metadata 'flattr' must be yes or no; got 'maybe'" in m for m in messages)
    assert any("bad.md" in m and "language" in m and "klingon" in m for m in messages)


def test_a_misspelt_flattr_metadata_key_is_a_warning_naming_the_known_keys(
    build_site, content_dir, caplog
):
    (content_dir / "typo.md").write_text(
        "Title: A post with a typo\nDate: 2024-02-01\nSlug: typo\nFlattr_Tag: oops\n\nBody.\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="pelican_flattr"):
        build_site({"user": "alice"})

    messages = [r.getMessage() for r in caplog.records if r.name.startswith("pelican_flattr")]
    (warning,) = [m for m in messages if "typo.md" in m]
    assert "tag: unknown per-page Flattr setting, ignored; known: user, category" in warning


def _pelican_cli(tmp_path: Path, flattr: dict, extra_article: str | None = None):
    """`pelican content -s pelicanconf.py --fatal warnings`, as a user runs it."""
    import shutil

    shutil.copytree(SITE / "content", tmp_path / "content")
    if extra_article:
        (tmp_path / "content" / "extra.md").write_text(extra_article, encoding="utf-8")
    settings = {
        "SITEURL": SITEURL,
        "SITENAME": "Alice's Example Blog",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "PLUGINS": ["pelican_flattr"],
        "PAGE_PATHS": ["pages"],
        "ARTICLE_EXCLUDES": ["pages"],
        "FLATTR": flattr,
        **FEEDS,
    }
    conf = "\n".join(f"{k} = {v!r}" for k, v in settings.items())
    (tmp_path / "pelicanconf.py").write_text(conf + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLATTR_ACCESS")}
    env["COLUMNS"] = "300"  # Pelican's rich log handler wraps at the terminal width
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            "pelicanconf.py",
            "-o",
            "output",
            "--fatal",
            "warnings",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_fatal_warnings_build_of_the_clean_fixture_passes(tmp_path):
    result = _pelican_cli(tmp_path, {"user": "alice", "pages": True, "button": "js"})

    assert result.returncode == 0, result.stdout + result.stderr
    assert 'rel="payment"' in (tmp_path / "output" / "grusse.html").read_text(encoding="utf-8")


def test_fatal_warnings_counts_the_plugins_warnings(tmp_path):
    bad = "Title: Unknown language here\nDate: 2024-02-01\nFlattr_Language: klingon\n\nBody.\n"
    result = _pelican_cli(tmp_path, {"user": "alice"}, extra_article=bad)

    assert result.returncode != 0
    assert "klingon" in result.stdout + result.stderr


def test_fatal_warnings_and_a_settings_mistake(tmp_path):
    result = _pelican_cli(tmp_path, {"user": "alice", "placement": "sideways"})

    assert result.returncode == 1
    out = " ".join((result.stdout + result.stderr).split())
    assert "FLATTR['placement'] must be one of bottom, top, manual; got 'sideways'" in out
    assert "Traceback" not in out  # the user's mistake, not a crash


def test_pages_rendered_elsewhere_are_fixed_up_after_writing(build_site, monkeypatch):
    # Without the render-time hook (a plugin's own Jinja environment, a custom writer), the
    # content_written fallback rewrites the file: same result.
    monkeypatch.setattr("pelican_flattr.pages.patch_environment", lambda env: None)
    built = build_site({"user": "alice", "button": "js"})

    page = built.page("grusse.html")
    assert len(page.buttons) == 1 and len(page.payment_links) == 1 and len(page.loaders) == 1
    assert len(built.page("index.html").payment_links) == 1
    assert built.page("no-button.html").buttons == []


def test_the_hook_and_the_fallback_write_the_same_bytes(build_site, tmp_path, monkeypatch):
    hooked = _snapshot(build_site({"user": "alice", "button": "js"}).output)
    monkeypatch.setattr("pelican_flattr.pages.patch_environment", lambda env: None)
    fallback = _snapshot(build_site({"user": "alice", "button": "js"}).output)

    assert hooked == fallback
