"""Flattring and subscriptions (Flattr API docs: Flattrs; Subscriptions) over plain HTTP."""

from urllib.parse import urlencode

from tests.sandbox.sandbox_helpers import Api, as_user, assert_error

FLATTRS_URI = "http://developers.flattr.net/api/resources/flattrs"


def test_flattr_a_thing_counts_it_and_marks_it_flattred(flattr_sandbox):
    bob = as_user(flattr_sandbox, "bob", "flattr")
    answer = bob.post("/things/1200002/flattr")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["message"], body["description"]) == ("ok", "Thing was successfully flattred")
    assert body["location"] == flattr_sandbox.api_url + "/things/1200002"
    assert body["thing"]["flattrs"] == 1
    thing = bob.get("/things/1200002").json()
    assert (thing["flattred"], thing["flattrs"], thing["flattrs_user_count"]) == (True, 1, 1)
    owner_view = as_user(flattr_sandbox, "alice").get("/things/1200002").json()
    assert owner_view["last_flattr_at"] > 0


def test_flattr_rules_once_owner_no_means_scope(flattr_sandbox):
    bob = as_user(flattr_sandbox, "bob", "flattr")
    bob.post("/things/1200002/flattr")
    body = assert_error(bob.post("/things/1200002/flattr"), 403, "flattr_once", "once")
    assert body["error_uri"] == FLATTRS_URI
    assert_error(
        as_user(flattr_sandbox, "alice").post("/things/1200002/flattr"),
        403,
        "flattr_owner",
        "own thing",
    )
    assert_error(
        as_user(flattr_sandbox, "carol").post("/things/1200002/flattr"), 401, "no_means", "money"
    )
    assert_error(
        as_user(flattr_sandbox, "bob", "thing").post("/things/1200002/flattr"),
        403,
        "insufficient_scope",
        "flattr",
    )
    assert_error(bob.post("/things/999/flattr"), 404, "not_found")
    assert_error(Api(flattr_sandbox).post("/things/1200002/flattr"), 401, "unauthorized")


def test_flattr_by_url(flattr_sandbox):
    bob = as_user(flattr_sandbox, "bob", "flattr")
    answer = bob.post("/flattr", data={"url": "https://alice.example.org/posts/sourdough/"})
    assert answer.json()["thing"]["id"] == 1200002
    assert_error(
        bob.post("/flattr", json={"url": "https://unknown.example/"}),
        404,
        "not_found",
        "auto-submit",
    )
    assert_error(bob.post("/flattr", data={}), 400, "invalid_request", "url")


def test_flattr_auto_submit_url_creates_the_thing_for_its_owner(flattr_sandbox):
    bob = as_user(flattr_sandbox, "bob", "flattr")
    params = {
        "user_id": "alice",
        "url": "https://alice.example.org/posts/brand-new/",
        "title": "Brand new post",
        "tags": "new,post",
        "category": "text",
    }
    answer = bob.post(
        "/flattr", data={"url": f"https://flattr.com/submit/auto?{urlencode(params)}"}
    )
    assert answer.status_code == 200, answer.text
    thing = Api(flattr_sandbox).get(f"/things/{answer.json()['thing']['id']}").json()
    assert (thing["owner"]["username"], thing["title"], thing["tags"], thing["flattrs"]) == (
        "alice",
        "Brand new post",
        ["new", "post"],
        1,
    )
    again = bob.post(
        "/flattr", data={"url": f"{flattr_sandbox.url}/submit/auto?{urlencode(params)}"}
    )
    assert_error(again, 403, "flattr_once")


def test_flattr_lists(flattr_sandbox):
    api = Api(flattr_sandbox)
    thing_flattrs = api.get("/things/1200001/flattrs").json()
    assert [(f["owner"]["username"], f["created_at"]) for f in thing_flattrs] == [
        ("bob", 1700500000)
    ]
    full = api.get("/things/1200001/flattrs", params={"full": 1}).json()[0]
    assert full["owner"]["firstname"] == "Bob" and "description" in full["thing"]
    mine = as_user(flattr_sandbox, "bob").get("/user/flattrs").json()
    assert [f["thing"]["id"] for f in mine] == [1200001]
    assert len(api.get("/users/smgt/flattrs", params={"count": 3}).json()) == 3
    assert_error(api.get("/users/nobody/flattrs"), 404, "not_found")
    assert_error(api.get("/things/999/flattrs"), 404, "not_found")
    assert_error(api.get("/user/flattrs"), 401, "unauthorized")


def test_subscribe_toggle_and_unsubscribe(flattr_sandbox):
    bob = as_user(flattr_sandbox, "bob", "flattr")
    answer = bob.post("/things/1200002/subscriptions")
    assert answer.json()["message"] == "ok" and answer.json()["thing"]["id"] == 1200002
    assert bob.put("/things/1200002/subscriptions").json() == {
        "message": "paused",
        "description": "Subscription paused",
    }
    assert bob.put("/things/1200002/subscriptions").json() == {
        "message": "started",
        "description": "Subscription started",
    }
    listed = {s["thing"]["id"]: s["active"] for s in bob.get("/user/subscriptions").json()}
    assert listed == {1200002: True, 268185: True}
    assert bob.delete("/things/1200002/subscriptions").status_code == 204
    assert_error(bob.delete("/things/1200002/subscriptions"), 404, "not_found", "not subscribed")
    assert_error(bob.put("/things/1200002/subscriptions"), 404, "not_found", "not subscribed")


def test_subscription_errors(flattr_sandbox):
    bob = as_user(flattr_sandbox, "bob", "flattr")
    assert_error(bob.post("/things/268185/subscriptions"), 403, "subscribed")
    assert_error(
        as_user(flattr_sandbox, "alice").post("/things/1200001/subscriptions"), 403, "thing_owner"
    )
    assert_error(bob.post("/things/999/subscriptions"), 404, "not_found")
    reader = as_user(flattr_sandbox, "bob", "thing")
    assert_error(reader.get("/user/subscriptions"), 403, "insufficient_scope", "flattr")
    assert_error(reader.post("/things/1200002/subscriptions"), 403, "insufficient_scope")
    assert_error(Api(flattr_sandbox).get("/user/subscriptions"), 401, "unauthorized")


def test_paused_subscription_is_listed_inactive(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice", "flattr")
    [subscription] = alice.get("/user/subscriptions").json()
    assert (subscription["thing"]["id"], subscription["active"]) == (423405, False)
