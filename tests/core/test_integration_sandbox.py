"""The core client against the sandbox over real HTTP on 127.0.0.1 (fixture ``flattr_sandbox``).

Seed data used here (see flattr_sandbox/seed.py): ``alice`` owns things 1200001-1200004
(1200004 hidden), ``bob`` is a reader with means, ``carol`` has no means, ``smgt`` owns 9
things, thing 268185 is the docs' "simongate on Twitter".
"""

from urllib.parse import urlencode

import pytest
import requests

import flattr_core
from flattr_core import catalog
from flattr_core.errors import (
    AccessDenied,
    AlreadySubscribed,
    FlattrOnce,
    FlattrOwner,
    InsufficientScope,
    InvalidClient,
    InvalidGrant,
    NoMeans,
    NotFound,
    RateLimitExceeded,
    ThingOwner,
    Unauthorized,
    ValidationError,
)
from flattr_core.transport import RetryPolicy
from tests.html_elements import parse_elements

ALICE_POST = "https://alice.example.org/posts/hello-flattr/"
NEW_URL = "https://alice.example.org/posts/brand-new/"


@pytest.fixture
def client(flattr_sandbox):
    """Make clients for the sandbox: client() is anonymous, client('bob') has bob's token."""
    made = []

    def make(username=None, scopes=("flattr", "thing", "email", "extendedread"), **options):
        token = flattr_sandbox.mint_token(username, scopes) if username else None
        options.setdefault("retry", RetryPolicy(sleep=lambda _: None, jitter=0))
        api = flattr_core.FlattrApi(token, api_url=flattr_sandbox.api_url, **options)
        made.append(api)
        return api

    yield make
    for api in made:
        api.close()


def count(sandbox, route):
    return sandbox.request_counts().get(route, 0)


# -- reading ----------------------------------------------------------------------------------


def test_get_one_and_several_documented_things(client):
    api = client()

    one = api.things.get("268185")
    both = api.things.get(268185, 423405)

    assert one.title == "simongate on Twitter" and one.owner.username == "simon_g"
    assert [t.id for t in both] == [268185, 423405]


def test_an_unknown_thing_is_not_found(client):
    with pytest.raises(NotFound):
        client().things.get(999999999)


def test_lookup_found_and_not_found(client):
    api = client()

    assert api.things.lookup(ALICE_POST).id == 1200001
    assert api.things.lookup("https://nobody.example/unknown/") is None


def test_search_returns_a_reusable_page(client):
    result = client().things.search(query="GitHub", user="smgt")

    assert result.total_items >= 3
    assert all(t.owner.username == "smgt" for t in result)
    assert list(result) == list(result.things)


def test_walking_a_users_things_costs_one_request_per_page(client, flattr_sandbox):
    things = list(client().users("smgt").get_things())

    assert len(things) == 9
    assert count(flattr_sandbox, "GET /rest/v2/users/<username>/things") == 1


def test_users_flattrs_and_activities(client):
    api = client()

    bob = api.users.get("bob")
    flattrs = list(bob.get_flattrs())
    stream = api.users("bob").get_activities()

    assert bob.firstname == "Bob"
    assert flattrs and all(f.owner.username == "bob" for f in flattrs)
    assert stream.items and stream.items[0].verb == "like"


def test_a_things_flattrs(client):
    flattrs = list(client().things.get_flattrs(1200001))

    assert [f.owner.username for f in flattrs] == ["bob"]


def test_categories_and_languages_match_the_built_in_catalog(client):
    api = client()

    assert [(c.id, c.text) for c in api.categories()] == list(catalog.CATEGORIES.items())
    assert [(lang.id, lang.text) for lang in api.languages()] == list(catalog.LANGUAGES.items())


def test_rate_limit_figures(client):
    api = client("alice")

    api.authenticated.get()
    status = api.rate_limit()

    assert api.last_rate_limit.limit == 1000 and api.last_rate_limit.reset
    assert status.limit == 1000 and status.remaining <= 999


# -- the token's user -------------------------------------------------------------------------


def test_authenticated_user_sees_private_fields_and_hidden_things(client):
    api = client("alice")

    me = api.authenticated.get()
    mine = list(api.authenticated.get_things())

    assert me.username == "alice" and me.email == "alice@example.org"
    assert 1200004 in {t.id for t in mine}  # the hidden draft, visible to its owner
    assert all(t.updated_at is not None for t in mine)


def test_without_a_token_user_endpoints_are_unauthorized(client):
    with pytest.raises(Unauthorized, match="flattr login"):
        client().authenticated.get()


def test_a_wrong_token_is_unauthorized(flattr_sandbox):
    with (
        flattr_core.api.get("not-a-real-token", api_url=flattr_sandbox.api_url) as api,
        pytest.raises(Unauthorized),
    ):
        api.authenticated.get()


# -- writing ----------------------------------------------------------------------------------


def test_create_update_and_delete_a_thing(client):
    api = client("alice")

    thing = api.things.new(url=NEW_URL, title="A brand new post", tags=["news", "sandbox"])
    thing.description = "Made by the integration tests."
    thing.commit()
    assert api.things.lookup(NEW_URL).id == thing.id

    thing.title = "A brand new post, retitled"
    thing.language = "sv_SE"
    thing.commit()
    fresh = api.things.get(thing.id)
    assert (fresh.title, fresh.language, fresh.tags) == (
        "A brand new post, retitled",
        "sv_SE",
        ["news", "sandbox"],
    )

    thing.delete()
    assert api.things.lookup(NEW_URL) is None


def test_update_through_the_method_override_fallback(client, flattr_sandbox):
    api = client("alice")
    api.patch_supported = False

    api.things.update(1200002, title="Sourdough, even for busy people", hidden=True)

    fresh = api.things.get(1200002)
    assert fresh.title == "Sourdough, even for busy people" and fresh.hidden is True
    assert count(flattr_sandbox, "PATCH /rest/v2/things/<ids>") == 0


def test_creating_an_existing_url_is_refused(client):
    with pytest.raises(ValidationError):
        client("alice").things.create(ALICE_POST, title="Hello again")


def test_a_token_without_the_thing_scope_cannot_create(client):
    with pytest.raises(InsufficientScope, match="flattr login"):
        client("alice", scopes=("flattr",)).things.create(NEW_URL, title="Not allowed")


def test_the_server_validates_what_the_client_lets_through(client):
    with pytest.raises(ValidationError):
        client("alice").things.create(NEW_URL, title="abc")  # under 5 characters


# -- flattring and subscribing ----------------------------------------------------------------


def test_flattr_once_owner_and_no_means(client):
    bob, alice, carol = client("bob"), client("alice"), client("carol")

    result = bob.things.flattr(1200002)
    assert result.ok and result.thing.id == 1200002
    with pytest.raises(FlattrOnce):
        bob.things.flattr(1200002)
    with pytest.raises(FlattrOwner):
        alice.things.flattr(1200002)
    with pytest.raises(NoMeans):
        carol.things.flattr(1200002)


def test_flattr_an_auto_submit_url_creates_and_flattrs_the_thing(client, flattr_sandbox):
    auto = f"{flattr_sandbox.url}/submit/auto?" + urlencode(
        {
            "user_id": "alice",
            "url": NEW_URL,
            "title": "Flattred before it existed",
            "description": "Auto-submitted by the first flattr.",
            "category": "text",
        }
    )

    result = client("bob").flattr_url(auto)

    made = client().things.lookup(NEW_URL)
    assert result.ok and made is not None
    assert made.owner.username == "alice" and made.title == "Flattred before it existed"


def test_subscription_lifecycle(client):
    bob = client("bob")
    thing = bob.things.get(1200001)

    thing.subscribe()
    with pytest.raises(AlreadySubscribed):
        bob.things.subscribe(1200001)
    assert thing.pause_subscription() == "paused"
    paused = [s for s in bob.authenticated.get_subscriptions() if s.thing.id == 1200001]
    assert paused[0].active is False
    assert thing.pause_subscription() == "started"
    thing.unsubscribe()
    assert all(s.thing.id != 1200001 for s in bob.authenticated.get_subscriptions())


def test_no_subscribing_to_your_own_thing(client):
    with pytest.raises(ThingOwner):
        client("alice").things.subscribe(1200001)


# -- reliability ------------------------------------------------------------------------------


def test_injected_5xx_and_dropped_connections_are_retried(client, flattr_sandbox):
    api = client()
    flattr_sandbox.inject_faults("500", "503", "drop")

    assert api.things.get(268185).title == "simongate on Twitter"


def test_a_create_is_never_duplicated_when_attempts_fail(client, flattr_sandbox):
    api = client("alice")
    flattr_sandbox.inject_faults("drop", "500")

    thing = api.things.create(NEW_URL, title="Created despite trouble")

    mine = [t for t in api.authenticated.get_things() if t.url == NEW_URL]
    assert [t.id for t in mine] == [thing.id]


def test_rate_limit_exceeded_carries_the_reset_time(client, flattr_sandbox):
    flattr_sandbox.configure(rate_limit=2)
    api = client("alice")
    api.authenticated.get()
    api.authenticated.get()

    with pytest.raises(RateLimitExceeded) as caught:
        api.authenticated.get()

    assert caught.value.rate_limit.remaining == 0
    assert caught.value.rate_limit.reset > 0
    assert "wait until" in str(caught.value)


def test_pagination_over_many_things_uses_pages_of_100(client, flattr_sandbox):
    api = client("alice")
    for n in range(120):
        api.things.create(f"https://alice.example.org/bulk/{n}/", title=f"Bulk post {n}")
    flattr_sandbox.reset_counts()

    mine = list(api.authenticated.get_things())

    assert len(mine) == 124  # 4 seeded + 120 new
    assert count(flattr_sandbox, "GET /rest/v2/user/things") == 2


# -- OAuth ------------------------------------------------------------------------------------

REDIRECT = "http://127.0.0.1:8000/callback"


def _approve(authorize_url, username="alice", decision="approve"):
    """Do what a person does on the sandbox's approval page; return the callback URL.

    The page's form is posted back as a browser would: every hidden field (the CSRF token
    among them) with the session cookie the page set."""
    browser = requests.Session()
    page = browser.get(authorize_url, timeout=10)
    assert page.status_code == 200 and "<form" in page.text
    fields = {
        element.attrs["name"]: element.attrs.get("value", "")
        for element in parse_elements(page.text)
        if element.tag == "input" and element.attrs.get("type") == "hidden"
    }
    fields.update(username=username, decision=decision)
    answer = browser.post(
        authorize_url.split("?")[0], data=fields, allow_redirects=False, timeout=10
    )
    assert answer.status_code in (302, 303)
    return answer.headers["Location"]


def test_the_whole_oauth_flow(flattr_sandbox):
    auth = flattr_core.oauth.get(web_url=flattr_sandbox.url)

    url = auth.authorize("sandbox-demo", ["flattr", "thing"], REDIRECT)
    code = auth.parse_callback(_approve(url))
    auth.set_auth("sandbox-demo", "sandbox-demo-secret")
    token = auth.exchange(code, REDIRECT)

    assert token.token_type == "bearer"
    with flattr_core.api.get(token.access_token, api_url=flattr_sandbox.api_url) as api:
        assert api.authenticated.get().username == "alice"
    with pytest.raises(InvalidGrant):  # codes are single-use
        auth.token(code, REDIRECT)


def test_oauth_denial_and_wrong_secret(flattr_sandbox):
    auth = flattr_core.oauth.get(web_url=flattr_sandbox.url)

    with pytest.raises(AccessDenied):
        auth.parse_callback(
            _approve(auth.authorize("sandbox-demo", "flattr", REDIRECT), decision="deny")
        )

    code = auth.parse_callback(_approve(auth.authorize("sandbox-demo", "flattr", REDIRECT)))
    auth.set_auth("sandbox-demo", "wrong-secret")
    with pytest.raises(InvalidClient):
        auth.token(code, REDIRECT)
