"""Every settings mistake stops Pelican at start with a message naming the key, the allowed values
and the value found."""

from __future__ import annotations

import logging
import os

import pytest
from pelican_flattr.settings import BuildStopped

from flattr_core.publish import SettingsError
from tests.plugins.pelican.pelican_site import make_settings


def read_settings(settings, **kwargs):
    # Imported per call: importing pelican changes the logging setup of the whole process, so
    # test modules must not do it at collection time (it would leak into other suites).
    from pelican_flattr.settings import read_settings

    return read_settings(settings, **kwargs)


def _read(flattr=None, **pelican):
    return read_settings({"SITEURL": "https://blog.example.org", "FLATTR": flattr, **pelican})


def test_defaults_are_the_documented_ones(tmp_path):
    fs = read_settings({"FLATTR": {"user": "alice"}, "SITEURL": ""}, cwd=str(tmp_path))

    assert fs.active and fs.options.user == "alice"
    assert (fs.placement, fs.head_links, fs.feeds, fs.site_link) == ("bottom", True, True, True)
    assert (fs.pages, fs.sync, fs.dry_run, fs.strict) == (False, False, False, False)
    assert fs.options.button == "static" and fs.options.category == "text"
    assert fs.options.hidden is False and fs.api_url is None
    assert fs.state_file == os.path.join(str(tmp_path), ".flattr-state.json")


def test_no_user_and_no_flattr_id_means_inactive():
    assert _read(None).active is False
    assert _read({"button": "js"}).active is False
    assert _read({"flattr_id": "alice-id"}).active is True
    assert _read({"authors": {"Alice": "alice"}}).active is True  # owners from the author map


def test_a_flattr_setting_without_a_user_warns_as_the_mkdocs_plugin_does(build_site, caplog):
    with caplog.at_level(logging.WARNING, logger="pelican_flattr"):
        built = build_site({"button": "js"})

    (warning,) = [r.getMessage() for r in caplog.records if r.name.startswith("pelican_flattr")]
    assert warning == (
        "pelican_flattr: no Flattr account configured: set FLATTR['user'] (your Flattr "
        "username) in pelicanconf.py; no buttons or payment links are rendered"
    )
    assert built.page("grusse.html").buttons == []


def test_a_site_without_any_flattr_setting_gets_no_warning(build_site, caplog):
    with caplog.at_level(logging.DEBUG, logger="pelican_flattr"):
        build_site(None)

    ours = [r for r in caplog.records if r.name.startswith("pelican_flattr")]
    assert [r.levelno for r in ours] == [logging.DEBUG]


def test_flattr_user_alias_and_the_dict_wins():
    assert _read(None, FLATTR_USER="alice").options.user == "alice"
    assert _read({"user": "bob"}, FLATTR_USER="alice").options.user == "bob"


@pytest.mark.parametrize(
    ("flattr", "pelican", "message"),
    [
        ("alice", {}, "FLATTR must be a dict such as {'user': 'yourname'}; got str 'alice'"),
        (
            {"user": "alice", "button": "big"},
            {},
            "FLATTR['button'] must be one of static, js, compact, text, none; got 'big'",
        ),
        (
            {"user": "alice", "placement": "side"},
            {},
            "FLATTR['placement'] must be one of bottom, top, manual; got 'side'",
        ),
        ({"user": "alice", "usr": "x"}, {}, "FLATTR has no key 'usr' (did you mean 'user'?)"),
        ({"user": "alice", "category": "books"}, {}, "FLATTR['category'] must be one of text,"),
        ({"user": "al ice"}, {}, "FLATTR['user'] must be a Flattr name without spaces"),
        (
            {"user": "alice", "api_url": "ftp://api.example"},
            {},
            "FLATTR['api_url'] must be an absolute http(s) URL",
        ),
        (
            {"user": "alice", "state_file": 42},
            {},
            "FLATTR['state_file'] must be a file path such as '.flattr-state.json'",
        ),
        ({"user": "alice", "extra_tags": 7}, {}, "FLATTR['extra_tags'] must be a list of tags"),
        ({"user": "alice", "authors": ["x"]}, {}, "FLATTR['authors'] must be a mapping"),
        (None, {"FLATTR_USER": 42}, "FLATTR_USER must be a Flattr username such as 'yourname'"),
        (
            {"user": "alice"},
            {"SITEURL": "//blog.example.org"},
            "SITEURL must be an absolute http(s) URL such as 'https://example.com'",
        ),
    ],
)
def test_each_mistake_names_the_key_and_what_is_allowed(flattr, pelican, message):
    with pytest.raises(SettingsError) as caught:
        _read(flattr, **pelican)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "key", ["head_links", "feeds", "site_link", "pages", "sync", "dry_run", "strict", "prune"]
)
def test_switches_must_be_booleans(key):
    with pytest.raises(SettingsError) as caught:
        _read({"user": "alice", key: "maybe"})
    assert str(caught.value) == f"FLATTR['{key}'] must be True or False; got 'maybe'"


def test_a_mistake_stops_pelican_before_anything_is_written(tmp_path):
    from pelican import Pelican

    settings = make_settings(tmp_path, {"user": "alice", "button": "huge"})
    with pytest.raises(BuildStopped) as caught:
        Pelican(settings)
    assert caught.value.code == 1
    assert isinstance(caught.value.error, SettingsError)
    assert "FLATTR['button'] must be one of" in str(caught.value)
    assert not (tmp_path / "output").exists()
