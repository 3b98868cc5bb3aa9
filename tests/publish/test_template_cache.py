"""Compiled templates are kept between builds in the user's cache folder, and a cache never
fails a build or runs code from a folder someone else could write to."""

from __future__ import annotations

import os

import jinja2
import pytest

from flattr_core.publish import PublishOptions, Renderer
from flattr_core.publish import template_cache as cache_module
from flattr_core.publish.template_cache import cache_folder, template_cache
from tests.factories import make_item

OPTIONS = PublishOptions(site_url="https://example.com", user="alice", site_name="Alice's blog")
ITEM = make_item(url="https://example.com/hello/", title="Hello & welcome")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A fresh cache folder, as a new user's would be (the checks are remembered per folder)."""
    monkeypatch.setenv("FLATTR_CACHE_DIR", str(tmp_path / "cache"))
    cache_module._cache_in.cache_clear()
    yield tmp_path / "cache" / "templates"
    cache_module._cache_in.cache_clear()


@pytest.fixture
def compiles(monkeypatch):
    """The names of the templates Jinja compiled from source, in order."""
    names: list[str] = []
    real = jinja2.Environment._compile

    def counting(self, source, filename):
        names.append(os.path.basename(filename))
        return real(self, source, filename)

    monkeypatch.setattr(jinja2.Environment, "_compile", counting)
    return names


def _page(template_dirs=()):
    renderer = Renderer(OPTIONS, template_dirs=template_dirs)
    return str(renderer.button(ITEM)) + str(renderer.head(ITEM))


def test_a_second_build_renders_the_same_page_without_compiling(folder, compiles):
    first = _page()
    assert compiles == ["button-static.html", "head.html"]
    assert len(list(folder.glob("*.cache"))) == 2
    assert _page() == first  # a new Renderer, as in the next `mkdocs build`
    assert compiles == ["button-static.html", "head.html"]


def test_a_theme_template_is_compiled_again_after_it_changed(folder, compiles, tmp_path):
    theme = tmp_path / "theme" / "flattr"
    theme.mkdir(parents=True)
    (theme / "button-static.html").write_text("<b>one {{ item.title }}</b>", encoding="utf-8")
    assert _page([tmp_path / "theme"]).startswith("<b>one Hello &amp; welcome</b>")
    (theme / "button-static.html").write_text("<i>two {{ item.title }}</i>", encoding="utf-8")
    assert _page([tmp_path / "theme"]).startswith("<i>two Hello &amp; welcome</i>")
    assert compiles == ["button-static.html", "head.html", "button-static.html"]


def test_a_damaged_entry_is_compiled_again_and_replaced(folder, compiles):
    first = _page()
    for entry in folder.glob("*.cache"):
        entry.write_bytes(entry.read_bytes()[:30] + b"\x80garbage")
    assert _page() == first
    assert len(compiles) == 4
    assert _page() == first  # the replaced entries are good again
    assert len(compiles) == 4


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_to_is_not_used(folder, compiles):
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert template_cache() is None
    _page()
    _page()
    assert len(compiles) == 4
    assert not list(folder.iterdir())


def test_an_unusable_folder_means_no_cache_and_no_error(tmp_path, monkeypatch, compiles):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("FLATTR_CACHE_DIR", str(blocker))
    cache_module._cache_in.cache_clear()
    assert template_cache() is None
    assert "Flattr this" in _page()
    cache_module._cache_in.cache_clear()


def test_a_folder_that_went_away_during_a_build_never_fails_it(folder, compiles):
    assert template_cache() is not None  # checked and remembered at the start of the build
    folder.rmdir()
    folder.write_text("something else now", encoding="utf-8")  # neither readable nor writable
    assert "Flattr this" in _page()
    assert "Flattr this" in _page()
    assert len(compiles) == 4


def test_off_turns_the_cache_off(monkeypatch, compiles):
    monkeypatch.setenv("FLATTR_CACHE_DIR", "off")
    assert cache_folder() is None and template_cache() is None
    _page()
    _page()
    assert len(compiles) == 4


def test_without_a_setting_the_folder_is_the_xdg_cache_home_or_dot_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("FLATTR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == str(tmp_path / "xdg" / "flattr" / "templates")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == str(tmp_path / "home" / ".cache" / "flattr" / "templates")
