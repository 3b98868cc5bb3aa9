"""The older python-flattr README, with ``flattrclient`` replaced by ``flattr_core``, still works.

Each test is one README step; the comments quote what the README did.
"""

from urllib.parse import parse_qs, urlsplit

import flattr_core
from flattr_core.models import Thing
from tests.core.core_helpers import API, TOKEN, WEB, thing_json

URL = "https://example.com/my-post/"


def form(call):
    return {k: v[0] for k, v in parse_qs(call.request.body or "").items()}


def test_readme_oauth_flow(server):
    # auth = flattrclient.oauth.get()
    # url = auth.authorize(client_id, scope, redirect_uri)
    # auth.set_auth(client_id, client_secret); token = auth.token(code, redirect_uri)
    server.post(f"{WEB}/oauth/token", json={"access_token": "T0K", "token_type": "Bearer"})
    auth = flattr_core.oauth.get(web_url=WEB)

    url = auth.authorize("client-id", "flattr,thing", "http://127.0.0.1:8000/cb")
    auth.set_auth("client-id", "client-secret")
    answer = auth.token("the-code", "http://127.0.0.1:8000/cb")

    assert url.startswith(f"{WEB}/oauth/authorize?response_type=code&client_id=client-id")
    assert answer["access_token"] == "T0K"


def test_readme_users(server):
    # api = flattrclient.api.get(token); user = api.users('flattr'); list(user.get_things())
    server.get(f"{API}/users/flattr/things", json=[thing_json(1)])
    server.get(f"{API}/users/flattr/things", json=[thing_json(n) for n in range(11, 21)])
    server.get(f"{API}/users/flattr", json={"username": "flattr", "firstname": "Flattr"})
    api = flattr_core.api.get(TOKEN, api_url=API)

    user = api.users("flattr")
    assert "flattr" in repr(user)
    assert [t.id for t in user.get_things()] == [1]
    assert len(list(user.get_things(count=10, page=2))) == 10
    assert api.users.get("flattr").firstname == "Flattr"


def test_readme_create_then_update_a_thing(server):
    # thing = api.things.new(url=..., title=...); thing.description = ...; thing.commit()
    # thing.title = ...; thing.commit()
    server.post(
        f"{API}/things",
        status=201,
        json={"id": 4085245, "link": f"{API}/things/4085245", "message": "ok"},
    )
    server.patch(f"{API}/things/4085245", json={"message": "ok"})
    api = flattr_core.api.get(TOKEN, api_url=API)

    thing = api.things.new(url=URL, title="My post")
    thing.description = "What my post is about"
    thing.commit()
    thing.title = "My post, retitled"
    thing.commit()

    assert thing.id == 4085245
    assert form(server.calls[0]) == {
        "url": URL,
        "title": "My post",
        "description": "What my post is about",
    }
    assert form(server.calls[1]) == {"title": "My post, retitled"}


def test_readme_get_and_act_on_things(server):
    # thing = api.things.get('4085245'); thing.subscribe(); thing.pause_subscription();
    # thing.unsubscribe(); thing.support(); thing.delete()
    server.get(f"{API}/things/4085245", json=thing_json(4085245))
    server.post(f"{API}/things/4085245/subscriptions", json={"message": "ok"})
    server.put(f"{API}/things/4085245/subscriptions", json={"message": "paused"})
    server.delete(f"{API}/things/4085245/subscriptions", status=204)
    server.post(f"{API}/things/4085245/flattr", json={"message": "ok"})
    server.delete(f"{API}/things/4085245", status=204)
    api = flattr_core.api.get(TOKEN, api_url=API)

    thing = api.things.get("4085245")
    thing.subscribe()
    thing.pause_subscription()
    thing.unsubscribe()
    thing.support()
    thing.delete()

    assert [(c.request.method, c.request.path_url) for c in server.calls] == [
        ("GET", "/rest/v2/things/4085245"),
        ("POST", "/rest/v2/things/4085245/subscriptions"),
        ("PUT", "/rest/v2/things/4085245/subscriptions"),
        ("DELETE", "/rest/v2/things/4085245/subscriptions"),
        ("POST", "/rest/v2/things/4085245/flattr"),
        ("DELETE", "/rest/v2/things/4085245"),
    ]


def test_readme_authenticated_user(server):
    # api.authenticated.get_things(), get_flattrs(), get_subscriptions(), get_activities()
    server.get(f"{API}/user", json={"username": "alice"})
    server.get(f"{API}/user/things", json=[thing_json(1)])
    server.get(f"{API}/user/flattrs", json=[])
    server.get(f"{API}/user/subscriptions", json=[])
    server.get(f"{API}/user/activities.as", json={"items": []})
    api = flattr_core.api.get(TOKEN, api_url=API)

    assert api.authenticated.get().username == "alice"
    assert isinstance(next(api.authenticated.get_things()), Thing)
    assert list(api.authenticated.get_flattrs()) == []
    assert list(api.authenticated.get_subscriptions()) == []
    assert list(api.authenticated.get_activities()) == []


def test_readme_lookup_and_search(server):
    server.get(f"{API}/things/lookup", status=404, json={"message": "not_found"})
    server.get(
        f"{API}/things/search",
        json={"total_items": 1, "items": 1, "page": 1, "things": [thing_json(1)]},
    )
    api = flattr_core.api.get(TOKEN, api_url=API)

    # api.things.lookup(url); api.things.search(query=..., tags=..., language=..., ...)
    filters = {
        "query": "python",
        "tags": "python",
        "language": "en_GB",
        "category": "software",
        "user": "flattr",
        "sort": "trend",
        "page": 1,
        "count": 10,
    }

    assert api.things.lookup(URL) is None
    result = api.things.search(**filters)
    sent = parse_qs(urlsplit(server.calls[-1].request.url).query)
    assert sent == {name: [str(value)] for name, value in filters.items()}  # each filter, as is
    assert result.total_items == 1
    assert list(result.things) == list(result.things) != []
