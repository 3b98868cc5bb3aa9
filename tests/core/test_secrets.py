"""The access token never shows up in a repr, a log line or an error message."""

import logging

import pytest
import requests

import flattr_core
from flattr_core.errors import FlattrError, InputError
from tests.core.core_helpers import API, TOKEN


def test_reprs_of_the_client_and_its_parts_hide_the_token(api):
    shown = " ".join(
        repr(x)
        for x in (api, api.transport, api.things, api.users, api.authenticated, api.users("flattr"))
    )

    assert TOKEN not in shown
    assert "with token" in repr(api)


def test_no_log_line_and_no_error_text_contains_the_token(api, server, caplog):
    caplog.set_level(logging.DEBUG)
    server.get(
        f"{API}/user", status=401, json={"error": "unauthorized", "error_description": "bad token"}
    )
    for _ in range(4):
        # A careless server echoing the request headers into its error page:
        server.get(f"{API}/things/5", status=500, body=f"<pre>Authorization: Bearer {TOKEN}</pre>")
    server.get(f"{API}/things/6", body=requests.ConnectionError("reset"))
    for _ in range(3):
        server.get(f"{API}/things/6", body=requests.ConnectionError("reset"))
    server.get(f"{API}/things/7", body="not json")

    texts = []
    for call in (
        api.authenticated.get,
        lambda: api.things.get(5),
        lambda: api.things.get(6),
        lambda: api.things.get(7),
    ):
        with pytest.raises(FlattrError) as caught:
            call()
        texts += [str(caught.value), repr(caught.value)]

    assert caplog.records  # the client did log (requests, retries)
    assert TOKEN not in caplog.text
    assert all(TOKEN not in text for text in texts)


def test_a_malformed_token_is_refused_without_echoing_it():
    bad = "tok-SECRET with-a-space"

    with pytest.raises(InputError) as caught:
        flattr_core.api.get(bad, api_url=API)

    assert "spaces or line breaks" in str(caught.value)
    assert bad not in str(caught.value) and "SECRET" not in str(caught.value)


def test_a_token_with_a_newline_cannot_inject_headers():
    with pytest.raises(InputError):
        flattr_core.api.get("abc\r\nX-Evil: 1", api_url=API)
