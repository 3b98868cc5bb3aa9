"""Who finds a hidden thing: its owner with the ``thing`` scope, or anyone with ``extendedread``.
Lookup and search must give the same answer for every caller (``GET /things/{id}`` still
answers anyone who knows the id: hidden means left out of listings)."""

import pytest

from tests.sandbox.sandbox_helpers import Api, as_user

HIDDEN = 1200004  # alice's draft
HIDDEN_URL = "https://alice.example.org/drafts/secret-recipe/"
CALLERS = {
    "anonymous": (None, (), False),
    "another user": ("bob", ("flattr", "thing", "email"), False),
    "another user with extendedread": ("bob", ("extendedread",), True),
    "the owner with thing": ("alice", ("thing",), True),
    "the owner without thing": ("alice", ("flattr", "email"), False),
    "the owner with extendedread": ("alice", ("extendedread",), True),
}


@pytest.mark.parametrize("caller", CALLERS)
def test_lookup_and_search_agree_on_hidden_things(flattr_sandbox, caller):
    username, scopes, expected = CALLERS[caller]
    api = as_user(flattr_sandbox, username, *scopes) if username else Api(flattr_sandbox)
    looked_up = api.get("/things/lookup", params={"url": HIDDEN_URL}).status_code == 302
    searched = api.get("/things/search", params={"url": HIDDEN_URL}).json()["things"]
    assert looked_up is expected
    assert [thing["id"] for thing in searched] == ([HIDDEN] if expected else [])
