"""`flattr categories`, `flattr languages` and `flattr rate-limit`."""

import time

from flattr_core.catalog import CATEGORIES, LANGUAGES
from tests.cli.cli_helpers import as_json, ok


def test_categories_table(flattr_cli):
    lines = ok(flattr_cli("categories")).splitlines()
    assert lines[0].split() == ["ID", "NAME"]
    assert lines[-1].split() == ["rest", "Other"]
    assert len(lines) == 1 + len(CATEGORIES)


def test_categories_json(flattr_cli):
    assert as_json(flattr_cli("categories", "--json"))[0] == {"id": "text", "text": "Text"}


def test_languages(flattr_cli):
    languages = as_json(flattr_cli("languages", "--json"))
    assert [lang["id"] for lang in languages] == list(LANGUAGES)
    assert "en_GB  English" in ok(flattr_cli("languages"))


def test_rate_limit(flattr_cli):
    out = ok(flattr_cli("rate-limit", user="alice"))
    assert "Limit:     1000 requests per hour" in out
    assert "Remaining:" in out and "Resets at:" in out
    figures = as_json(flattr_cli("rate-limit", "--json"))
    assert figures["hourly_limit"] == 1000
    assert figures["remaining_hits"] <= 1000


def test_rate_limit_shows_the_reset_time_with_its_zone(flattr_cli):
    reset = as_json(flattr_cli("rate-limit", "--json", user="alice"))["reset_time_in_seconds"]
    local = time.localtime(reset)

    out = ok(flattr_cli("rate-limit", user="alice"))

    zoned = time.strftime("%Y-%m-%d %H:%M ", local) + time.strftime("%Z", local)
    assert f"Resets at: {zoned}\n" in out
    assert time.strftime("%Z", local)  # a zone name was there to print
