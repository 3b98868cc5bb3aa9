"""Users, activities, categories, languages, rate limit (Flattr API docs: Users-§4.6)."""

import pytest

from flattr_core.catalog import CATEGORIES, LANGUAGES
from tests.sandbox.sandbox_helpers import JSON_TYPE, Api, as_user, assert_error


def test_public_user_has_no_private_fields(flattr_sandbox):
    user = Api(flattr_sandbox).get("/users/simon_g").json()
    assert user["username"] == "simon_g" and user["active_supporter"] == 1
    assert "email" not in user and "registered_at" not in user


def test_usernames_are_case_insensitive_in_paths_and_lowercased_in_resources(flattr_sandbox):
    user = Api(flattr_sandbox).get("/users/melpomene").json()
    assert user["username"] == "Melpomene"
    assert user["resource"] == flattr_sandbox.api_url + "/users/melpomene"
    assert user["link"] == flattr_sandbox.url + "/profile/Melpomene"


def test_user_fields_depend_on_scopes(flattr_sandbox):
    plain = as_user(flattr_sandbox, "alice", "flattr").get("/user").json()
    assert "email" not in plain and "registered_at" not in plain
    email = as_user(flattr_sandbox, "alice", "email").get("/user").json()
    assert email["email"] == "alice@example.org" and "registered_at" not in email
    extended = as_user(flattr_sandbox, "alice", "extendedread").get("/user").json()
    assert (extended["email"], extended["registered_at"]) == ("alice@example.org", 1690000000)
    assert as_user(flattr_sandbox, "carol").get("/user").json()["active_supporter"] == 0


def test_unknown_user_and_missing_or_bad_token(flattr_sandbox):
    assert_error(Api(flattr_sandbox).get("/users/nobody"), 404, "not_found", "user")
    assert_error(Api(flattr_sandbox).get("/user"), 401, "unauthorized")
    assert_error(Api(flattr_sandbox, "not-a-token").get("/user"), 401, "unauthorized", "token")
    assert_error(Api(flattr_sandbox, "not-a-token").get("/things/268185"), 401, "unauthorized")


def test_activities_as_activity_streams(flattr_sandbox):
    api = Api(flattr_sandbox)
    answer = api.get("/users/smgt/activities.as")
    assert answer.headers["Content-Type"] == "application/stream+json"
    item = answer.json()["items"][0]
    assert (item["verb"], item["actor"]["displayName"], item["object"]["objectType"]) == (
        "like",
        "smgt",
        "bookmark",
    )
    assert item["published"] == "2013-01-24T08:45:05+00:00"
    by_accept = api.get(
        "/users/smgt/activities", headers={"Accept": "application/stream+json"}
    ).json()
    assert by_accept == answer.json()
    incoming = api.get("/users/alice/activities.as", params={"type": "incoming"}).json()
    assert [i["actor"]["displayName"] for i in incoming["items"]] == ["bob"]
    mine = as_user(flattr_sandbox, "alice").get("/user/activities.as").json()
    assert [i["object"]["displayName"] for i in mine["items"]] == [
        "API v2 beta out - what's changed?"
    ]


@pytest.mark.parametrize(
    ("path", "accept", "status", "code", "mentions"),
    [
        ("/users/smgt/activities.json", None, 406, "not_acceptable", ".as"),
        ("/users/smgt/activities", "application/json", 406, "not_acceptable", "stream+json"),
        ("/users/smgt/activities.atom", None, 406, "not_acceptable", ""),
        ("/users/smgt/activities.as?type=sideways", None, 400, "invalid_parameters", "type"),
        ("/users/nobody/activities.as", None, 404, "not_found", ""),
        ("/user/activities.as", None, 401, "unauthorized", ""),
    ],
)
def test_activity_errors(flattr_sandbox, path, accept, status, code, mentions):
    answer = Api(flattr_sandbox).get(path, headers={"Accept": accept} if accept else {})
    assert_error(answer, status, code, mentions)


def test_categories_and_languages_come_from_the_catalog(flattr_sandbox):
    api = Api(flattr_sandbox)
    categories = api.get("/categories")
    assert categories.headers["Content-Type"] == JSON_TYPE
    assert categories.json() == [{"id": k, "text": v} for k, v in CATEGORIES.items()]
    assert api.get("/languages.json").json() == [{"id": k, "text": v} for k, v in LANGUAGES.items()]
    assert_error(api.get("/languages.txt"), 406, "not_acceptable")


def test_jsonp_and_cors(flattr_sandbox):
    answer = Api(flattr_sandbox).get("/categories", params={"jsonp": "show"})
    assert answer.headers["Content-Type"] == "application/javascript;charset=utf-8"
    assert answer.text.startswith("/**/show([{") and answer.text.endswith(");")
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert_error(
        Api(flattr_sandbox).get("/categories", params={"jsonp": "alert(1)"}),
        400,
        "invalid_parameters",
        "jsonp",
    )


def test_partner_verify_for_the_token_user_only(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice", "flattr")
    answer = alice.post("/user/verify", data={"identity": "partner:blog:42"})
    assert answer.json()["message"] == "ok"
    assert alice.post("/users/alice/verify", data={"identity": "partner:blog:42"}).ok
    assert_error(
        alice.post("/users/bob/verify", data={"identity": "partner:blog:42"}),
        401,
        "unauthorized",
        "bob",
    )
    assert_error(
        alice.post("/user/verify", data={"identity": "nonsense"}), 401, "unauthorized", "identity"
    )
    assert_error(Api(flattr_sandbox).post("/user/verify"), 401, "unauthorized")
