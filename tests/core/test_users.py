"""api.users, api.authenticated, categories and languages: reading people and lists."""

import pytest
import requests

import flattr_core
from flattr_core.errors import InputError, Unauthorized
from flattr_core.models import Activities, Category, Language, Subscription, User
from tests.core.core_helpers import API, sample, thing_json


def test_users_call_is_lazy_and_names_the_user(api, server):
    user = api.users("flattr")

    assert isinstance(user, User) and user.username == "flattr"
    assert "flattr" in repr(user)
    assert len(server.calls) == 0


def test_users_get_fetches_the_profile(anon, server):
    server.get(f"{API}/users/smgt", json=sample("recorded/user_smgt.json"))

    user = anon.users.get("smgt")

    assert (user.firstname, user.country, user.url) == ("Simon", "Sweden", "http://smgt.me")


def test_usernames_are_quoted_so_they_cannot_walk_other_paths(anon, server):
    server.get(f"{API}/users/a%2F..%2Fb", json={"username": "a/../b"})

    anon.users.get("a/../b")

    assert server.calls[0].request.path_url == "/rest/v2/users/a%2F..%2Fb"


@pytest.mark.parametrize("bad", ["", "  ", None, 42])
def test_a_username_must_be_given(api, bad):
    with pytest.raises(InputError, match="username"):
        api.users(bad)


def test_seed_readme_listing_a_users_things(anon, server):
    server.get(f"{API}/users/flattr/things", json=[thing_json(1), thing_json(2)])

    things = list(anon.users("flattr").get_things())

    assert [t.id for t in things] == [1, 2]


def test_a_users_activities_use_the_as_suffix_without_touching_the_session(anon, server):
    server.get(
        f"{API}/users/flattr/activities.as", json={"items": [sample("documented/activity.json")]}
    )
    server.get(f"{API}/users/flattr", json={"username": "flattr"})

    stream = anon.users("flattr").get_activities(type="incoming")
    anon.users.get("flattr")

    assert isinstance(stream, Activities) and stream.items[0].verb == "like"
    first, second = (c.request for c in server.calls)
    assert first.url.endswith("/users/flattr/activities.as?type=incoming")
    assert first.headers["Accept"] == "application/stream+json"
    assert second.headers["Accept"] == "application/json"


def test_activity_type_is_checked(api):
    with pytest.raises(InputError, match="outgoing"):
        api.users("flattr").get_activities(type="sideways")


def test_authenticated_get_is_the_tokens_user(api, server):
    server.get(f"{API}/user", json={**sample("documented/user.json"), "registered_at": 1300000000})

    me = api.authenticated.get()

    assert me.username == "simon_g" and me.email == "simon@flattr.com"
    assert me.registered_at == 1300000000


def test_authenticated_subscriptions_and_activities(api, server):
    server.get(f"{API}/user/subscriptions", json=[sample("documented/subscription.json")])
    server.get(f"{API}/user/activities.as", json={"items": []})

    subs = api.authenticated.get_subscriptions()
    stream = api.authenticated.get_activities()

    assert isinstance(subs[0], Subscription) and subs[0].thing.id == 268185
    assert subs[0].active is True
    assert list(stream) == []


def test_a_subscriptions_thing_can_be_unsubscribed_directly(api, server):
    server.get(f"{API}/user/subscriptions", json=[sample("documented/subscription.json")])
    server.delete(f"{API}/things/268185/subscriptions", status=204)

    api.authenticated.get_subscriptions()[0].thing.unsubscribe()

    assert server.calls[1].request.method == "DELETE"


def test_a_user_from_a_thing_can_list_its_flattrs(api, server):
    server.get(f"{API}/things/5", json=thing_json(5))
    server.get(f"{API}/users/alice/flattrs", json=sample("recorded/flattrs.json"))

    flattrs = list(api.things.get(5).owner.get_flattrs(page=1))

    assert len(flattrs) == 30 and flattrs[0].thing.title == "steveklabnik on Twitter"


def test_without_a_token_user_endpoints_say_how_to_log_in(anon, server):
    server.get(f"{API}/user/things", status=401, json=sample("recorded/flattr_unauthorized.json"))

    with pytest.raises(Unauthorized, match="flattr login"):
        list(anon.authenticated.get_things())


def test_categories_and_languages(anon, server):
    server.get(
        f"{API}/categories", json=[{"id": "text", "text": "Text"}, {"id": "rest", "text": "Other"}]
    )
    server.get(f"{API}/languages", json=[{"id": "en_GB", "text": "English"}])

    categories = anon.categories()
    languages = anon.languages()

    assert categories == [Category("text", "Text"), Category("rest", "Other")]
    assert languages == [Language("en_GB", "English")]
    assert categories[0].to_dict() == {"id": "text", "text": "Text"}


def test_base_urls_come_from_the_environment(monkeypatch, server):
    monkeypatch.setenv("FLATTR_API_URL", "http://127.0.0.1:8765/rest/v2")
    server.get("http://127.0.0.1:8765/rest/v2/categories", json=[])

    with flattr_core.api.get() as api:
        api.categories()
        assert api.web_url == "http://127.0.0.1:8765"


def test_the_defaults_are_the_real_service():
    api = flattr_core.api.get()

    assert api.api_url == "https://api.flattr.com/rest/v2"
    assert api.web_url == "https://flattr.com"


def test_keywords_beat_the_environment(monkeypatch):
    monkeypatch.setenv("FLATTR_API_URL", "http://127.0.0.1:1/rest/v2")

    api = flattr_core.api.get(api_url="http://127.0.0.1:2/rest/v2", web_url="http://web.test")

    assert (api.api_url, api.web_url) == ("http://127.0.0.1:2/rest/v2", "http://web.test")


def test_the_token_comes_from_the_environment_when_not_given(monkeypatch, server):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "env-token")
    server.get(f"{API}/user", json={"username": "alice"})

    with flattr_core.api.get(api_url=API) as api:
        api.authenticated.get()

    assert server.calls[0].request.headers["Authorization"] == "Bearer env-token"


class CountingSession(requests.Session):
    closed = 0

    def close(self):
        self.closed += 1
        super().close()


def test_the_client_closes_its_own_session_but_not_a_shared_one(monkeypatch):
    monkeypatch.setattr(requests, "Session", CountingSession)
    with flattr_core.api.get(api_url=API) as api:
        own = api.transport.session
    shared = CountingSession()
    with flattr_core.api.get(api_url=API, session=shared):
        pass

    assert own.closed == 1
    assert shared.closed == 0
