"""Ids and numbers beyond what the sandbox stores (64-bit), in other scripts' digits, or written
as floats answer 404 / 400 with the documented error body, on API and web routes alike."""

import pytest
import requests

from tests.sandbox.sandbox_helpers import Api, as_user, assert_error

HUGE = "99999999999999999999999"
BAD_IDS = [HUGE, "9223372036854775808", "²", "٣", "１２", "1e3", f"1200001,{HUGE}", "1200001,²"]


THING_ROUTES = [
    ("GET", "/things/{}"),
    ("GET", "/things/{}/flattrs"),
    ("POST", "/things/{}/flattr"),
    ("PATCH", "/things/{}"),
    ("DELETE", "/things/{}"),
    ("POST", "/things/{}/subscriptions"),
    ("PUT", "/things/{}/subscriptions"),
    ("DELETE", "/things/{}/subscriptions"),
]
# A list of ids ("1,2") is a request only where multi-get exists: the /things/{ids} path.
CASES = [
    (method, path, thing_id)
    for method, path in THING_ROUTES
    for thing_id in BAD_IDS
    if "," not in thing_id or path == "/things/{}"
]


@pytest.mark.parametrize("method, path, thing_id", CASES)
def test_impossible_thing_ids_are_not_found(flattr_sandbox, method, path, thing_id):
    answer = as_user(flattr_sandbox, "bob").call(
        method, path.format(thing_id), json={"title": "A new title"} if method == "PATCH" else None
    )
    assert_error(answer, 404, "not_found")


LIST_ROUTES = [
    "/things/search",
    "/users/alice/things",
    "/user/things",
    "/users/alice/flattrs",
    "/user/flattrs",
    "/things/268185/flattrs",
]
BAD_NUMBERS = ["9223372036854775807", HUGE, "1e20", "²", "٣", "１２", "-1", "0", "1.5"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("route", LIST_ROUTES)
def test_impossible_page_numbers_are_refused(flattr_sandbox, route, value):
    answer = as_user(flattr_sandbox, "alice").get(route, params={"page": value})
    assert_error(answer, 400, "invalid_parameters", "page")


@pytest.mark.parametrize("value", ["²", "٣", "1e20", HUGE + "x"])
@pytest.mark.parametrize("route", LIST_ROUTES)
def test_impossible_counts_are_refused(flattr_sandbox, route, value):
    answer = as_user(flattr_sandbox, "alice").get(route, params={"count": value})
    assert_error(answer, 400, "invalid_parameters", "count")


def test_big_counts_are_still_capped_not_refused(flattr_sandbox):
    answer = Api(flattr_sandbox).get("/users/alice/things", params={"count": HUGE})
    assert answer.status_code == 200 and len(answer.json()) == 3


@pytest.mark.parametrize("path", [f"/thing/{HUGE}", "/thing/²", "/thing/٣", f"/thing/{HUGE}/slug"])
def test_web_pages_of_impossible_things_are_not_found(flattr_sandbox, path):
    answer = requests.get(flattr_sandbox.url + path, timeout=5)
    assert answer.status_code == 404


def test_flattring_an_impossible_thing_on_the_web_is_not_found(flattr_sandbox):
    answer = requests.post(
        flattr_sandbox.url + f"/thing/{HUGE}/flattr", data={"username": "bob"}, timeout=5
    )
    assert answer.status_code in (403, 404)  # no form token, or no such thing: never a 500
