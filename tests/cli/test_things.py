"""`flattr things ...` against the sandbox: list, show, search, create, update, delete, lookup."""

import pytest

import flattr_core.cli.things as things_module
from tests.cli.cli_helpers import as_json, failed, ok

ALICE_PUBLIC = {1200001, 1200002, 1200003}
ALICE_HIDDEN = 1200004


def test_list_shows_your_own_things_in_an_aligned_table(flattr_cli):
    out = ok(flattr_cli("things", "list", user="alice"))
    header, *rows = out.splitlines()
    assert header.split() == ["ID", "FLATTRS", "CATEGORY", "LANG", "TITLE", "URL"]
    assert {int(row.split()[0]) for row in rows} == ALICE_PUBLIC | {ALICE_HIDDEN}
    # aligned: every row's URL starts in the header's URL column
    column = header.index("URL")
    assert all(row[column:].startswith("https://alice.example.org/") for row in rows)
    (hidden,) = [row for row in rows if row.split()[0] == str(ALICE_HIDDEN)]
    assert "(hidden) A secret recipe" in hidden


def test_list_another_users_things_needs_no_token(flattr_cli):
    things = as_json(flattr_cli("things", "list", "--user", "alice", "--json"))
    assert {t["id"] for t in things} == ALICE_PUBLIC  # the hidden draft is only for alice


def test_list_all_streams_every_page(flattr_cli):
    for n in range(35):
        flattr_cli(
            "things",
            "create",
            f"https://alice.example.org/bulk/{n}/",
            "--title",
            f"Bulk post number {n}",
            user="alice",
        )
    first_page = flattr_cli("things", "list", user="alice")
    assert len(ok(first_page).splitlines()) == 1 + 30
    assert "--all lists every page" in first_page.stderr
    everything = as_json(flattr_cli("things", "list", "--all", "--json", user="alice"))
    assert len(everything) == 35 + 4
    assert len({t["id"] for t in everything}) == 39


def test_list_without_a_token_says_how_to_log_in(flattr_cli):
    message = failed(flattr_cli("things", "list"))
    assert "not logged in" in message and "flattr login" in message


def test_show_one_thing(flattr_cli):
    out = ok(flattr_cli("things", "show", "1200002"))
    assert "Title:" in out and "Sourdough for busy people" in out
    assert "Owner:       alice" in out
    assert "Tags:        baking, bread" in out


def test_show_several_things_as_json(flattr_cli):
    found = as_json(flattr_cli("things", "show", "1200001", "268185", "--json"))
    assert [t["id"] for t in found] == [1200001, 268185]
    assert found[1]["title"] == "simongate on Twitter"


def test_global_json_flag_works_too(flattr_cli):
    thing = as_json(flattr_cli("--json", "things", "show", "423405"))
    assert thing["url"] == "http://blog.flattr.net/2011/10/api-v2-beta-out-whats-changed/"


def test_show_unknown_thing_is_one_error_line(flattr_cli):
    assert "thing 999: not found" in failed(flattr_cli("things", "show", "999"))


def test_show_needs_numeric_ids(flattr_cli):
    result = flattr_cli("things", "show", "abc")
    assert "'abc' is not a thing id" in failed(result, 2)


def test_search_by_query_prints_table_and_total(flattr_cli):
    result = flattr_cli("things", "search", "sourdough")
    assert "1200002" in ok(result)
    assert "of 1 things (page 1)" in result.stderr


def test_search_filters_as_json(flattr_cli):
    result = as_json(
        flattr_cli("things", "search", "--category", "images", "--user", "smgt", "--json")
    )
    assert result["total_items"] == 2
    assert {t["category"] for t in result["things"]} == {"images"}


def test_search_checks_category_and_language_before_asking(flattr_cli):
    assert "unknown category 'pictures'" in failed(
        flattr_cli("things", "search", "--category", "pictures"), 2
    )
    assert "flattr languages" in failed(flattr_cli("things", "search", "--language", "en"), 2)


def test_create_update_and_delete_a_thing(flattr_cli):
    url = "https://alice.example.org/posts/new-one/"
    created = as_json(
        flattr_cli(
            "things",
            "create",
            url,
            "--title",
            "A brand new post",
            "--tags",
            "one,two",
            "--tags",
            "three",
            "--category",
            "text",
            "--language",
            "sv_SE",
            "--json",
            user="alice",
        )
    )
    thing_id = str(created["id"])
    shown = as_json(flattr_cli("things", "show", thing_id, "--json"))
    assert (shown["title"], shown["tags"], shown["language"]) == (
        "A brand new post",
        ["one", "two", "three"],
        "sv_SE",
    )

    out = ok(
        flattr_cli(
            "things", "update", thing_id, "--title", "A renamed post", "--hidden", user="alice"
        )
    )
    assert out.strip() == f"Updated thing {thing_id}: hidden, title"
    updated = as_json(flattr_cli("things", "show", thing_id, "--json", user="alice"))
    assert (updated["title"], updated["hidden"]) == ("A renamed post", True)

    assert (
        ok(flattr_cli("things", "delete", thing_id, "--yes", user="alice")).strip()
        == f"Deleted thing {thing_id}"
    )
    assert "not found" in failed(flattr_cli("things", "show", thing_id))


def test_create_human_output_names_the_new_id(flattr_cli):
    out = ok(
        flattr_cli(
            "things",
            "create",
            "https://alice.example.org/x/",
            "--title",
            "Another post",
            user="alice",
        )
    )
    assert out.startswith("Created thing ") and out.strip().endswith("https://alice.example.org/x/")


def test_create_without_the_thing_scope_says_which_scope_to_log_in_with(flattr_cli):
    result = flattr_cli(
        "things",
        "create",
        "https://alice.example.org/y/",
        "--title",
        "Scopeless post",
        user="alice",
        scopes=("flattr",),
    )
    assert "flattr login --scope thing" in failed(result)


@pytest.mark.parametrize(
    ("title", "length"),
    [("x" * 300, 300), ("Hi!", 3), ("<b>Hi</b> ", 2)],
    ids=["long", "short", "html"],
)
@pytest.mark.parametrize("command", ["create https://alice.example.org/z/", "update 1200001"])
def test_a_title_flattr_would_refuse_is_a_usage_error_before_any_request(
    flattr_cli, flattr_sandbox, command, title, length
):
    flattr_sandbox.reset_counts()

    result = flattr_cli("things", *command.split(), "--title", title, user="alice")

    message = failed(result, 2)
    assert f"the title is {length} characters long; Flattr needs 5 to 100" in message
    assert flattr_sandbox.request_count() == 0


def test_create_for_a_url_that_has_a_thing_names_the_update_command(flattr_cli):
    url = "https://alice.example.org/photos/harbour/"
    existing = as_json(flattr_cli("things", "lookup", url, "--json"))["id"]

    result = flattr_cli("things", "create", url, "--title", "Harbour again", user="alice")

    message = failed(result)
    assert f"a thing for {url} exists already: thing {existing}" in message
    assert f"`flattr things update {existing} --title ...`" in message


def test_list_of_an_unknown_user_prints_the_error_and_no_table_header(flattr_cli):
    result = flattr_cli("things", "list", "--user", "nobody-by-this-name")

    assert result.stdout == ""
    assert "user nobody-by-this-name: not found" in failed(result)


def test_list_of_a_user_without_things_still_prints_the_header(flattr_cli):
    result = flattr_cli("things", "list", "--user", "carol")

    assert ok(result).split() == ["ID", "FLATTRS", "CATEGORY", "LANG", "TITLE", "URL"]
    assert "No things." in result.stderr


def test_create_needs_a_title_and_an_absolute_url(flattr_cli):
    assert "--title" in failed(flattr_cli("things", "create", "https://a.example/"), 2)
    for url in ("a.example/post", "https://", "https://a.example/with space"):
        assert "not an absolute http(s) URL" in failed(
            flattr_cli("things", "create", url, "--title", "Some title"), 2
        )


def test_update_without_fields_is_a_usage_error(flattr_cli):
    assert "nothing to update" in failed(flattr_cli("things", "update", "1200001"), 2)


def test_update_someone_elses_thing_is_forbidden(flattr_cli):
    result = flattr_cli("things", "update", "1200001", "--title", "Taken over", user="bob")
    assert "thing 1200001" in failed(result)


def test_delete_refuses_without_yes_when_nobody_can_answer(flattr_cli):
    message = failed(flattr_cli("things", "delete", "1200002", user="alice"))
    assert "pass --yes" in message
    assert ok(flattr_cli("things", "show", "1200002"))  # still there


def test_delete_asks_and_respects_no(flattr_cli, monkeypatch):
    monkeypatch.setattr(things_module, "_interactive", lambda: True)
    result = flattr_cli("things", "delete", "1200002", user="alice", input="n\n")
    assert "Delete thing 1200002 “Sourdough for busy people”" in ok(result)
    assert "Nothing deleted." in result.stdout
    assert ok(flattr_cli("things", "show", "1200002"))


def test_delete_asks_and_deletes_on_yes(flattr_cli, monkeypatch):
    monkeypatch.setattr(things_module, "_interactive", lambda: True)
    assert "Deleted thing 1200002" in ok(
        flattr_cli("things", "delete", "1200002", user="alice", input="y\n")
    )
    failed(flattr_cli("things", "show", "1200002"))


def test_delete_someone_elses_thing_is_refused(flattr_cli):
    failed(flattr_cli("things", "delete", "1200010", "--yes", user="alice"))
    assert ok(flattr_cli("things", "show", "1200010"))


def test_lookup_finds_the_thing_for_a_url(flattr_cli):
    out = ok(flattr_cli("things", "lookup", "https://alice.example.org/posts/hello-flattr/"))
    assert "ID:          1200001" in out
    found = as_json(flattr_cli("things", "lookup", "http://acoustid.org/", "--json"))
    assert found["id"] == 459394


def test_lookup_of_an_unknown_url_fails_with_a_hint(flattr_cli):
    message = failed(flattr_cli("things", "lookup", "https://nowhere.example/"))
    assert "no thing is registered for https://nowhere.example/" in message


@pytest.mark.parametrize(
    "args",
    [
        ["things", "--help"],
        ["things", "list", "--help"],
        ["things", "show", "--help"],
        ["things", "search", "--help"],
        ["things", "create", "--help"],
        ["things", "update", "--help"],
        ["things", "delete", "--help"],
        ["things", "lookup", "--help"],
    ],
)
def test_help_for_every_things_command(flattr_cli, args):
    assert "Usage: flattr things" in ok(flattr_cli(*args))
