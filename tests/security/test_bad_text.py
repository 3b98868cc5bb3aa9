"""Text the sandbox cannot store (lone surrogates), and bodies or expressions built to exhaust
it (20,000 nested arrays, a 40 KB tag expression), answer 400 / 413 with the documented body."""

import json

import pytest
import requests

from tests.sandbox.sandbox_helpers import as_user, assert_error

URL = "https://alice.example.org/posts/surrogates/"
SURROGATE_BODIES = [
    ("POST", "/things", {"url": "https://x.example/\ud800"}, "url"),
    ("POST", "/things", {"url": URL, "title": "Hello \ud800 world"}, "title"),
    ("POST", "/things", {"url": URL, "description": "\udfff"}, "description"),
    ("POST", "/things", {"url": URL, "tags": ["ok", "\ud83d"]}, "tags"),
    ("POST", "/things", {"url": URL, "category": "\ud800"}, "category"),
    ("PATCH", "/things/1200001", {"title": "A title \ud800"}, "title"),
    ("PATCH", "/things/1200001", {"tags": "a,\udc00"}, "tags"),
    ("POST", "/things/1200001", {"_method": "patch", "language": "\ud800"}, "language"),
    ("POST", "/flattr", {"url": "https://alice.example.org/\udfff"}, "url"),
    ("POST", "/things", {"url": URL, "\ud800": "x"}, "\\ud800"),
    ("POST", "/user/verify", {"identity": "partner:\ud800:1"}, "identity"),
]


@pytest.mark.parametrize(
    "method, path, body, field",
    SURROGATE_BODIES,
    ids=[f"{m} {p} {f}" for m, p, _, f in SURROGATE_BODIES],
)
def test_lone_surrogates_are_a_validation_error_naming_the_field(
    flattr_sandbox, method, path, body, field
):
    answer = as_user(flattr_sandbox, "alice").call(
        method,
        path,
        data=json.dumps(body),  # json.dumps writes lone surrogates as \ud800 escapes
        headers={"Content-Type": "application/json"},
    )
    assert_error(answer, 400, "validation", field)


def test_a_lone_surrogate_in_an_admin_body_is_refused(flattr_sandbox):
    answer = requests.post(
        flattr_sandbox.url + "/_sandbox/tokens",
        data=json.dumps({"username": "\ud800"}),
        headers={"Content-Type": "application/json", **flattr_sandbox.admin_headers},
        timeout=5,
    )
    assert_error(answer, 400, "validation", "username")


DEEP = {
    "array": "[" * 20000 + "]" * 20000,
    "object": '{"a":' * 10000 + "1" + "}" * 10000,
    "in a field": '{"url": ' + "[" * 20000 + "]" * 20000 + "}",
}
DEEP_TARGETS = [
    ("POST", "/things"),
    ("PATCH", "/things/1200001"),
    ("POST", "/flattr"),
    ("POST", "/things/268185/flattr"),
    ("POST", "/user/verify"),
]


@pytest.mark.parametrize("shape", DEEP)
@pytest.mark.parametrize("method, path", DEEP_TARGETS)
def test_deeply_nested_json_is_a_bad_request(flattr_sandbox, method, path, shape):
    answer = as_user(flattr_sandbox, "alice").call(
        method, path, data=DEEP[shape], headers={"Content-Type": "application/json"}
    )
    assert_error(answer, 400, "invalid_request", "nested")


@pytest.mark.parametrize("shape", DEEP)
def test_deeply_nested_json_to_the_admin_routes_is_a_bad_request(flattr_sandbox, shape):
    answer = requests.patch(
        flattr_sandbox.url + "/_sandbox/config",
        data=DEEP[shape],
        headers={"Content-Type": "application/json", **flattr_sandbox.admin_headers},
        timeout=5,
    )
    assert_error(answer, 400, "invalid_request", "nested")


LONG_SEARCHES = {
    "40 KB of tags": {"tags": "a | " * 10000},
    "40 KB of one tag": {"tags": "x" * 40000},
    "5,000 excluded tags": {"tags": " ".join(f"!t{n}" for n in range(5000))},
    "40 KB query": {"query": "word " * 8000},
    "40 KB url prefix": {"url": "https://" + "x" * 40000},
}


@pytest.mark.parametrize("search", LONG_SEARCHES)
def test_oversized_search_parameters_are_refused(flattr_sandbox, search):
    answer = as_user(flattr_sandbox, "alice").get("/things/search", params=LONG_SEARCHES[search])
    name = next(iter(LONG_SEARCHES[search]))
    assert_error(answer, 400, "invalid_parameters", name)
