"""Shared data for the core tests: base URLs, a token, wire samples, a mocked API, a thing."""

from collections.abc import Iterator
from contextlib import contextmanager

import responses

from tests.fixture_files import WIRE_SAMPLES, wire_sample
from tests.outcome import call_passed

API = "http://127.0.0.1:9/rest/v2"
WEB = "http://127.0.0.1:9"
TOKEN = "tok-SECRET-0123456789"
SAMPLES = WIRE_SAMPLES


def sample(name):
    """A wire sample (recorded data in tests/fixtures/wire-samples)."""
    return wire_sample(name)


@contextmanager
def mocked_api(node) -> Iterator[responses.RequestsMock]:
    """``responses`` mocks for one test; all must be used when the test passes.

    A test that skips or fails stopped early, so its unused answers prove nothing: checking
    them then would bury the real outcome under a teardown error.
    """
    mock = responses.RequestsMock(assert_all_requests_are_fired=True)
    mock.start()
    try:
        yield mock
    finally:
        try:
            mock.stop(allow_assert=call_passed(node))
        finally:
            mock.reset()


def error_json(error, description, **more):
    """An error answer as the API sends it: the code, its description, maybe ``error_uri``."""
    return {"error": error, "error_description": description, **more}


def action_json(message, description, **more):
    """The API's answer to a flattr or a subscription change: its message (``ok``, ``paused``,
    ``started``), its description and maybe more (the ``thing`` it concerns)."""
    return {"message": message, "description": description, **more}


def created_json(ident):
    """The API's answer to a create (HTTP 201): the new thing's id and where it lives."""
    return {
        "id": ident,
        "link": f"{API}/things/{ident}",
        "message": "ok",
        "description": "Thing was created successfully",
    }


def thing_json(ident=1, **fields):
    """A full thing as the API sends it."""
    body = {
        "type": "thing",
        "resource": f"{API}/things/{ident}",
        "link": f"{WEB}/thing/{ident}",
        "id": ident,
        "url": f"https://example.com/{ident}",
        "flattrs": 0,
        "flattrs_user_count": 0,
        "title": f"Thing number {ident}",
        "description": "",
        "tags": [],
        "language": "en_GB",
        "category": "text",
        "created_at": 1350000000,
        "owner": {
            "type": "user",
            "resource": f"{API}/users/alice",
            "link": f"{WEB}/profile/alice",
            "username": "alice",
        },
        "hidden": False,
        "image": "",
    }
    body.update(fields)
    return body
