"""The flattr.com pages: auto-submit (§9.1), thing and profile pages, the index."""

import requests

from tests.sandbox.sandbox_helpers import Api, browser_form

NEW_POST = {
    "user_id": "alice",
    "url": "https://alice.example.org/posts/from-a-button/",
    "title": "From a button",
    "description": "Made by the first flattr.",
    "tags": "button,demo",
    "category": "text",
    "language": "en_GB",
}


def flattr_on_the_page(sandbox, path, username, **params):
    """Open a flattr page in a browser, pick ``username``, click "Flattr this!"."""
    browser = requests.Session()
    page = browser.get(sandbox.url + path, params=params, timeout=5)
    action, fields = browser_form(page.url, page.text)
    return browser.post(action, data={**fields, "username": username}, timeout=5)


def test_auto_submit_shows_the_existing_thing(flattr_sandbox):
    page = requests.get(
        flattr_sandbox.url + "/submit/auto",
        timeout=5,
        params={"user_id": "alice", "url": "https://alice.example.org/posts/sourdough/"},
    )
    assert page.status_code == 200
    assert "Sourdough for busy people" in page.text and "not on Flattr yet" not in page.text


def test_auto_submit_shows_a_pending_thing_and_the_first_flattr_creates_it(flattr_sandbox):
    page = requests.get(flattr_sandbox.url + "/submit/auto", params=NEW_POST, timeout=5)
    assert page.status_code == 200 and "not on Flattr yet" in page.text
    assert "From a button" in page.text
    lookup = Api(flattr_sandbox).get("/things/lookup", params={"url": NEW_POST["url"]})
    assert lookup.status_code == 404  # unflattred auto-submits are not listed anywhere
    done = flattr_on_the_page(flattr_sandbox, "/submit/auto", "bob", **NEW_POST)
    assert done.status_code == 200 and "Thanks" in done.text
    thing = (
        Api(flattr_sandbox)
        .get("/things/lookup", params={"url": NEW_POST["url"]}, allow_redirects=True)
        .json()
    )
    assert (thing["owner"]["username"], thing["flattrs"], thing["tags"]) == (
        "alice",
        1,
        ["button", "demo"],
    )


def test_auto_submit_refuses_what_cannot_become_a_thing(flattr_sandbox):
    for params, mentions in (
        ({"url": "https://x.example/"}, "user_id"),
        ({**NEW_POST, "user_id": "nobody"}, "nobody"),
        ({**NEW_POST, "category": "music"}, "category"),
        ({"user_id": "alice"}, "url"),
    ):
        page = requests.get(flattr_sandbox.url + "/submit/auto", params=params, timeout=5)
        assert page.status_code == 400 and mentions in page.text


def test_flattr_rules_apply_on_the_pages(flattr_sandbox):
    page = flattr_on_the_page(flattr_sandbox, "/submit/auto", "carol", **NEW_POST)
    assert page.status_code == 401 and "money" in page.text
    own = flattr_on_the_page(flattr_sandbox, "/thing/1200001", "alice")
    assert own.status_code == 403 and "own thing" in own.text


def test_thing_profile_and_index_pages(flattr_sandbox):
    thing = requests.get(flattr_sandbox.url + "/thing/459394/Acoustid", timeout=5)
    assert thing.status_code == 200 and "Acoustid" in thing.text
    assert requests.get(flattr_sandbox.url + "/thing/1", timeout=5).status_code == 404
    profile = requests.get(flattr_sandbox.url + "/profile/alice", timeout=5)
    assert "Harbour at dawn" in profile.text and "A secret recipe" not in profile.text
    index = requests.get(flattr_sandbox.url + "/", timeout=5)
    assert "sandbox-demo-secret" in index.text and "/rest/v2" in index.text


def test_pages_escape_what_they_show(flattr_sandbox):
    page = requests.get(
        flattr_sandbox.url + "/submit/auto",
        timeout=5,
        params={**NEW_POST, "description": "<script>alert(1)</script> hello"},
    )
    assert "<script>alert" not in page.text
