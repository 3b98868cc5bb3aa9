"""Several clients at once, as the publishing sync does (bounded concurrency)."""

from concurrent.futures import ThreadPoolExecutor

from tests.sandbox.sandbox_helpers import as_user


def test_parallel_creates_get_distinct_ids(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice", "thing")

    def create(number):
        answer = alice.post("/things", json={"url": f"https://alice.example.org/p/{number}/"})
        return answer.status_code, answer.json().get("id")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(create, range(40)))
    assert {status for status, _ in results} == {201}
    assert len({thing_id for _, thing_id in results}) == 40
    assert len(alice.get("/user/things", params={"count": 100}).json()) == 44


def test_racing_creates_of_one_url_make_exactly_one_thing(flattr_sandbox):
    tokens = [flattr_sandbox.mint_token("alice", scopes=("thing",)) for _ in range(6)]

    def create(token):
        import requests

        return requests.post(
            flattr_sandbox.api_url + "/things",
            timeout=10,
            headers={"Authorization": f"Bearer {token}"},
            data={"url": "https://alice.example.org/race/"},
        ).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(pool.map(create, tokens))
    assert statuses == [201, 400, 400, 400, 400, 400]
