"""api.things: getting, looking up, searching, creating, updating, deleting, flattring things."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from responses import matchers

from flattr_core.errors import InputError, NotFound, ResponseError, ValidationError
from flattr_core.models import Thing
from tests.core.core_helpers import API, WEB, action_json, created_json, error_json, thing_json


def form(call):
    """The form fields a recorded request sent."""
    return {k: v[0] for k, v in parse_qs(call.request.body or "", keep_blank_values=True).items()}


def query(call):
    return {k: v[0] for k, v in parse_qs(urlsplit(call.request.url).query).items()}


# -- get --------------------------------------------------------------------------------------


def test_get_one_thing_by_string_or_int_id(api, server):
    server.get(f"{API}/things/4085245", json=thing_json(4085245, title="A thing"))
    server.get(f"{API}/things/4085245", json=thing_json(4085245, title="A thing"))

    by_str = api.things.get("4085245")
    by_int = api.things.get(4085245)

    assert isinstance(by_str, Thing)
    assert by_str.id == by_int.id == 4085245
    assert by_str.title == "A thing"
    assert by_str.owner.username == "alice"


def test_get_several_ids_uses_literal_commas_and_returns_a_list(api, server):
    server.get(f"{API}/things/1,2,3", json=[thing_json(1), thing_json(2), thing_json(3)])

    things = api.things.get(1, "2", 3)

    assert [t.id for t in things] == [1, 2, 3]
    assert server.calls[0].request.path_url == "/rest/v2/things/1,2,3"
    assert "%2C" not in server.calls[0].request.url


def test_full_is_sent_as_1_only_when_asked(api, server):
    server.get(f"{API}/things/7", json=thing_json(7))
    server.get(f"{API}/things/7", json=thing_json(7))

    api.things.get(7)
    api.things.get(7, full=True)

    assert query(server.calls[0]) == {}
    assert query(server.calls[1]) == {"full": "1"}


@pytest.mark.parametrize("bad", ["", "abc", "12a", -3, 0, 1.5, None, True])
def test_get_refuses_an_id_that_is_not_a_positive_number(api, bad):
    with pytest.raises(InputError, match="thing id"):
        api.things.get(bad)


def test_get_without_ids_says_what_is_missing(api):
    with pytest.raises(InputError, match="at least one thing id"):
        api.things.get()


def test_unknown_thing_raises_not_found_with_the_servers_words(api, server):
    server.get(
        f"{API}/things/99",
        status=404,
        json=error_json(
            "not_found",
            "The requested thing(s) could not be found",
            error_uri="http://developers.flattr.net/api",
        ),
    )

    with pytest.raises(NotFound) as caught:
        api.things.get(99)

    assert caught.value.status == 404
    assert caught.value.code == "not_found"
    assert "could not be found" in str(caught.value)


# -- lookup -----------------------------------------------------------------------------------

URL = "https://example.com/post/"


def test_lookup_follows_the_302_to_the_thing(api, server):
    location = f"{API}/things/42"
    server.get(
        f"{API}/things/lookup",
        status=302,
        headers={"Location": location},
        json={"message": "found", "location": location},
        match=[matchers.query_param_matcher({"url": URL})],
    )
    server.get(location, json=thing_json(42, url=URL))

    thing = api.things.lookup(URL)

    assert thing.id == 42 and thing.url == URL


def test_lookup_reads_the_location_from_the_body_when_the_header_is_missing(api, server):
    server.get(
        f"{API}/things/lookup",
        status=302,
        json={"message": "found", "location": f"{API}/things/42"},
    )
    server.get(f"{API}/things/42", json=thing_json(42))

    assert api.things.lookup(URL).id == 42


def test_lookup_accepts_a_200_found_body(api, server):
    server.get(f"{API}/things/lookup", json={"message": "found", "location": f"{API}/things/42"})
    server.get(f"{API}/things/42", json=thing_json(42))

    assert api.things.lookup(URL).id == 42


def test_lookup_accepts_an_already_followed_redirect(api, server):
    server.get(f"{API}/things/lookup", json=thing_json(42, url=URL))

    assert api.things.lookup(URL).id == 42


@pytest.mark.parametrize(
    "status,body",
    [
        (404, {"message": "not_found", "description": "No thing was found"}),
        (200, {"message": "not_found", "description": "No thing was found"}),
        (404, {"error": "not_found", "error_description": "The resource was not found"}),
        (404, None),
    ],
)
def test_lookup_of_an_unknown_url_is_none(api, server, status, body):
    if body is None:
        server.get(f"{API}/things/lookup", status=status, body="")
    else:
        server.get(f"{API}/things/lookup", status=status, json=body)

    assert api.things.lookup(URL) is None


def test_lookup_of_a_flattrable_url_is_none_but_lookup_status_says_flattrable(api, server):
    server.get(f"{API}/things/lookup", json={"message": "flattrable"})
    server.get(f"{API}/things/lookup", json={"message": "flattrable"})

    assert api.things.lookup("https://github.com/alice/repo") is None
    assert api.things.lookup_status("https://github.com/alice/repo").status == "flattrable"


def test_lookup_owner_mismatch_is_a_validation_error(api, server):
    server.get(
        f"{API}/things/lookup",
        status=400,
        json=error_json("validation", "Owner mismatch. Current thing owned by other account."),
    )

    with pytest.raises(ValidationError, match="Owner mismatch"):
        api.things.lookup(f"{WEB}/submit/auto?user_id=bob&url=https%3A%2F%2Fexample.com%2F")


def test_lookup_with_a_found_location_that_names_no_thing_is_a_response_error(api, server):
    server.get(f"{API}/things/lookup", json={"message": "found", "location": "somewhere"})

    with pytest.raises(ResponseError, match="names no thing id"):
        api.things.lookup(URL)


@pytest.mark.parametrize("bad", ["", "example.com/post", "ftp://example.com/", 42, None])
def test_lookup_refuses_a_url_that_is_not_http(api, bad):
    with pytest.raises(InputError, match="http"):
        api.things.lookup(bad)


# -- search -----------------------------------------------------------------------------------


def test_search_sends_each_filter_and_returns_a_reusable_result(api, server):
    server.get(
        f"{API}/things/search",
        json={"total_items": 5, "items": 2, "page": 2, "things": [thing_json(1), thing_json(2)]},
    )

    result = api.things.search(
        query="pirate",
        tags=["film", "docs"],
        language=["en_GB", "sv_SE"],
        category="video",
        user="alice",
        url=URL,
        sort="flattrs_month",
        page=2,
        count=2,
        full=True,
    )

    assert query(server.calls[0]) == {
        "query": "pirate",
        "tags": "film & docs",
        "language": "en_GB,sv_SE",
        "category": "video",
        "user": "alice",
        "url": URL,
        "sort": "flattrs_month",
        "page": "2",
        "count": "2",
        "full": "1",
    }
    assert (result.total_items, result.items, result.page) == (5, 2, 2)
    assert [t.id for t in result.things] == [1, 2]
    assert [t.id for t in result] == [1, 2]  # again: the things are a list, not a generator


def test_search_without_filters_sends_no_parameters_at_all(api, server):
    server.get(f"{API}/things/search", json={"total_items": 0, "items": 0, "page": 1, "things": []})

    result = api.things.search()

    assert query(server.calls[0]) == {}
    assert list(result) == []


def test_search_refuses_an_unknown_sort(api):
    with pytest.raises(InputError, match="sort must be one of"):
        api.things.search(sort="newest")


def test_search_all_walks_every_page(api, server):
    server.get(
        f"{API}/things/search",
        json={"total_items": 3, "items": 2, "page": 1, "things": [thing_json(1), thing_json(2)]},
    )
    server.get(
        f"{API}/things/search",
        json={"total_items": 3, "items": 1, "page": 2, "things": [thing_json(3)]},
    )

    ids = [t.id for t in api.things.search_all("pirate", count=2)]

    assert ids == [1, 2, 3]
    assert [query(c)["page"] for c in server.calls] == ["1", "2"]


# -- create, update, delete -------------------------------------------------------------------

CREATED = created_json(431547)


def test_new_then_commit_creates_the_thing(api, server):
    server.post(f"{API}/things", status=201, json=CREATED)

    thing = api.things.new(url=URL, title="Hello world")
    thing.description = "A first post"
    thing.tags = ["blog", "python"]
    thing.commit()

    assert form(server.calls[0]) == {
        "url": URL,
        "title": "Hello world",
        "description": "A first post",
        "tags": "blog,python",
    }
    assert thing.id == 431547
    assert thing.resource == f"{API}/things/431547"
    assert thing.link == f"{WEB}/thing/431547"
    assert thing.dirty == frozenset()


def test_commit_of_a_loaded_thing_sends_only_the_changed_fields(api, server):
    server.get(f"{API}/things/5", json=thing_json(5))
    server.patch(
        f"{API}/things/5", json={"message": "ok", "description": "Thing was updated correctly"}
    )

    thing = api.things.get(5)
    thing.title = "A better title"
    thing.language = "sv_SE"
    thing.commit()

    assert server.calls[1].request.method == "PATCH"
    assert form(server.calls[1]) == {"title": "A better title", "language": "sv_SE"}


def test_commit_with_nothing_changed_sends_nothing(api, server):
    server.get(f"{API}/things/5", json=thing_json(5))

    thing = api.things.get(5)
    thing.commit()

    assert len(server.calls) == 1


def test_update_falls_back_to_post_with_method_patch_when_patch_is_refused(api, server):
    server.patch(f"{API}/things/5", status=405, body="")
    server.post(f"{API}/things/5", json={"message": "ok"})
    server.post(f"{API}/things/5", json={"message": "ok"})

    api.things.update(5, title="First change")
    api.things.update(5, hidden=True)  # remembered: no second PATCH attempt

    assert form(server.calls[1]) == {"title": "First change", "_method": "patch"}
    assert form(server.calls[2]) == {"hidden": "1", "_method": "patch"}
    assert [c.request.method for c in server.calls] == ["PATCH", "POST", "POST"]


def test_the_url_of_an_existing_thing_cannot_change(api, server):
    server.get(f"{API}/things/5", json=thing_json(5))
    thing = api.things.get(5)

    with pytest.raises(InputError, match="cannot change"):
        thing.url = "https://example.com/elsewhere"
    with pytest.raises(InputError, match="cannot change"):
        api.things.update(5, url="https://example.com/elsewhere")


def test_create_answers_with_a_thing_carrying_the_new_id(api, server):
    server.post(f"{API}/things", status=201, json=CREATED)

    thing = api.things.create(
        URL, title="Hello world", category="text", language="en_GB", tags=("a", "b"), hidden=False
    )

    assert thing.id == 431547 and thing.url == URL and thing.tags == ["a", "b"]
    assert form(server.calls[0]) == {
        "url": URL,
        "title": "Hello world",
        "category": "text",
        "language": "en_GB",
        "tags": "a,b",
        "hidden": "0",
    }


def test_create_validation_error_names_the_problem(api, server):
    server.post(
        f"{API}/things",
        status=400,
        json=error_json("validation", "Invalid url", error_uri="http://developers.flattr.net/api"),
    )

    with pytest.raises(ValidationError, match="Invalid url"):
        api.things.create(URL)


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("url", "not a url", "absolute http"),
        ("title", 42, "title must be a string"),
        ("title", "x" * 101, "at most 100"),
        ("description", "x" * 1001, "at most 1000"),
        ("tags", "a,b", "list of strings"),
        ("tags", ["ok", "a,b"], "contains a comma"),
        ("tags", ["ok", 3], "must be a string"),
        ("language", "english", "language id"),
        ("category", "news", "category must be one of"),
        ("hidden", "yes", "True or False"),
        ("owner", "bob", "not a field"),
    ],
)
def test_bad_values_set_by_the_user_are_refused_at_once(api, field, value, message):
    with pytest.raises(InputError, match=message):
        api.things.new(**{"url": URL, field: value})


def test_delete_then_commit_creates_again(api, server):
    server.get(f"{API}/things/5", json=thing_json(5, url=URL))
    server.delete(f"{API}/things/5", status=204)
    server.post(f"{API}/things", status=201, json={**CREATED, "id": 6})

    thing = api.things.get(5)
    thing.delete()
    assert thing.id is None
    thing.commit()

    assert thing.id == 6
    assert form(server.calls[2])["url"] == URL


def test_refresh_reloads_the_thing(api, server):
    server.get(f"{API}/things/5", json=thing_json(5, flattrs=1))
    server.get(f"{API}/things/5", json=thing_json(5, flattrs=9))

    thing = api.things.get(5)
    thing.title = "local change, dropped by refresh"
    thing.refresh()

    assert thing.flattrs == 9 and thing.title == "Thing number 5" and not thing.dirty


# -- flattr and subscriptions -----------------------------------------------------------------


def test_support_flattrs_the_thing(api, server):
    flattred = {"type": "thing", "id": 5, "url": URL, "title": "t", "flattrs": 3}
    server.post(
        f"{API}/things/5/flattr",
        json=action_json("ok", "Thing was successfully flattred", thing=flattred),
    )
    thing = Thing(id=5, _api=api)

    result = thing.support()

    assert result.ok and result.thing.flattrs == 3 and thing.flattred is True


def test_subscribe_pause_and_unsubscribe(api, server):
    subscribed = action_json(
        "ok", "Successfully subscribed to Thing", thing={"type": "thing", "id": 5}
    )
    server.post(f"{API}/things/5/subscriptions", json=subscribed)
    server.put(f"{API}/things/5/subscriptions", json=action_json("paused", "Subscription paused"))
    server.put(f"{API}/things/5/subscriptions", json=action_json("started", "Subscription started"))
    server.delete(f"{API}/things/5/subscriptions", status=204)
    thing = Thing(id=5, _api=api)

    thing.subscribe()
    assert thing.pause_subscription() == "paused"
    assert thing.subscribed is True  # paused is still subscribed (the older library said False)
    assert thing.pause_subscription() == "started"
    thing.unsubscribe()  # really sent, whatever the local flag said

    assert thing.subscribed is False
    assert [c.request.method for c in server.calls] == ["POST", "PUT", "PUT", "DELETE"]


def test_toggle_with_an_odd_answer_is_a_response_error(api, server):
    server.put(f"{API}/things/5/subscriptions", json={"message": "ok"})

    with pytest.raises(ResponseError, match="'started' or 'paused'"):
        api.things.toggle_subscription(5)


def test_a_things_flattrs_walk_every_page(api, server):
    flattr = {"type": "flattr", "created_at": 1, "thing": {"id": 5}, "owner": {"username": "bob"}}
    server.get(f"{API}/things/5/flattrs", json=[flattr] * 100)
    server.get(f"{API}/things/5/flattrs", json=[flattr] * 3)

    flattrs = list(api.things.get_flattrs(5))

    assert len(flattrs) == 103 and flattrs[0].owner.username == "bob"
    assert [query(c) for c in server.calls] == [
        {"page": "1", "count": "100"},
        {"page": "2", "count": "100"},
    ]


def test_flattr_a_url(api, server):
    auto = f"{WEB}/submit/auto?user_id=alice&url={URL}"
    server.post(
        f"{API}/flattr",
        json=json.loads(
            '{"message":"ok","description":"Thing was successfully flattred",'
            '"thing":{"type":"thing","id":9,"url":"https://example.com/post/"},'
            '"location":"http://127.0.0.1:9/rest/v2/things/9"}'
        ),
    )

    result = api.flattr_url(auto)

    assert form(server.calls[0]) == {"url": auto}
    assert result.thing.id == 9 and result.location.endswith("/things/9")
