"""`flattr support` and `flattr subscriptions ...` against the sandbox."""

import pytest

from tests.cli.cli_helpers import as_json, failed, ok


def test_support_a_thing_by_id(flattr_cli):
    out = ok(flattr_cli("support", "1200002", user="bob"))
    assert out.strip() == "Flattred “Sourdough for busy people”"
    shown = as_json(flattr_cli("things", "show", "1200002", "--json"))
    assert shown["flattrs"] == 1


def test_support_a_url_as_json(flattr_cli):
    result = as_json(
        flattr_cli("support", "https://alice.example.org/photos/harbour/", "--json", user="bob")
    )
    assert result["message"] == "ok"
    assert result["thing"]["id"] == 1200003


def test_support_twice_in_a_period_is_refused(flattr_cli):
    ok(flattr_cli("support", "1200002", user="bob"))
    assert "already flattred" in failed(flattr_cli("support", "1200002", user="bob"))


def test_support_your_own_thing_is_refused(flattr_cli):
    assert "your own thing" in failed(flattr_cli("support", "1200001", user="alice"))


def test_support_without_means_says_so(flattr_cli):
    assert "no means" in failed(flattr_cli("support", "1200001", user="carol"))


def test_support_without_the_flattr_scope(flattr_cli):
    result = flattr_cli("support", "1200002", user="bob", scopes=("thing",))
    assert "flattr login --scope flattr" in failed(result)


def test_support_needs_an_id_or_a_url(flattr_cli):
    assert "neither a thing id nor an http(s) URL" in failed(
        flattr_cli("support", "hello", user="bob"), 2
    )


def test_subscriptions_list(flattr_cli):
    out = ok(flattr_cli("subscriptions", "list", user="bob"))
    header, row = out.splitlines()
    assert header.split() == ["THING", "STATE", "STARTED", "TITLE", "URL"]
    assert row.split()[:2] == ["268185", "active"]
    subs = as_json(flattr_cli("subscriptions", "list", "--json", user="alice"))
    assert [(s["thing"]["id"], s["active"]) for s in subs] == [(423405, False)]


def test_subscription_lifecycle(flattr_cli):
    def state():
        subs = as_json(flattr_cli("subscriptions", "list", "--json", user="bob"))
        return {s["thing"]["id"]: s["active"] for s in subs}.get(1200002)

    assert (
        ok(flattr_cli("subscriptions", "add", "1200002", user="bob")).strip()
        == "Subscribed to thing 1200002"
    )
    assert state() is True
    assert "paused" in ok(flattr_cli("subscriptions", "pause", "1200002", user="bob"))
    assert state() is False
    assert "already paused" in ok(flattr_cli("subscriptions", "pause", "1200002", user="bob"))
    assert state() is False
    assert "resumed" in ok(flattr_cli("subscriptions", "resume", "1200002", user="bob"))
    assert state() is True
    assert "Unsubscribed" in ok(flattr_cli("subscriptions", "remove", "1200002", user="bob"))
    assert state() is None
    assert "not subscribed" in failed(flattr_cli("subscriptions", "remove", "1200002", user="bob"))


def test_pause_when_not_subscribed_says_how_to_subscribe(flattr_cli):
    message = failed(flattr_cli("subscriptions", "pause", "1200002", user="bob"))
    assert "flattr subscriptions add 1200002" in message


@pytest.mark.parametrize("command", ["pause", "resume", "remove"])
def test_not_subscribed_is_said_the_same_way_by_every_command(flattr_cli, command):
    message = failed(flattr_cli("subscriptions", command, "1200002", user="bob"))

    assert message == (
        "Error: thing 1200002: you are not subscribed to it; `flattr subscriptions list` shows "
        "your subscriptions, `flattr subscriptions add 1200002` subscribes"
    )


def test_subscribing_twice_or_to_your_own_thing_is_refused(flattr_cli):
    assert "already subscribed" in failed(flattr_cli("subscriptions", "add", "268185", user="bob"))
    assert "your own thing" in failed(flattr_cli("subscriptions", "add", "1200001", user="alice"))


def test_subscriptions_need_the_flattr_scope(flattr_cli):
    result = flattr_cli("subscriptions", "list", user="bob", scopes=("thing",))
    assert "flattr login --scope flattr" in failed(result)


def test_subscriptions_help(flattr_cli):
    out = ok(flattr_cli("subscriptions", "--help"))
    commands = out.split("Commands:")[1].strip().split("\n\n")[0]  # the example follows
    assert [line.split()[0] for line in commands.splitlines()] == [
        "list",
        "add",
        "pause",
        "resume",
        "remove",
    ]
