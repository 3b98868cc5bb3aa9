"""Lists walk every page lazily with the largest page size, or fetch exactly the page asked."""

import types
from urllib.parse import parse_qs, urlsplit

import pytest

from flattr_core.errors import InputError
from flattr_core.pagination import MAX_COUNT, paginate
from tests.core.core_helpers import API, thing_json


def pages_asked(server):
    return [
        {k: v[0] for k, v in parse_qs(urlsplit(c.request.url).query).items()} for c in server.calls
    ]


def test_without_page_every_page_is_walked_with_count_100(api, server):
    server.get(f"{API}/user/things", json=[thing_json(n) for n in range(1, 101)])
    server.get(f"{API}/user/things", json=[thing_json(n) for n in range(101, 201)])
    server.get(f"{API}/user/things", json=[thing_json(n) for n in range(201, 251)])

    ids = [t.id for t in api.authenticated.get_things()]

    assert ids == list(range(1, 251))
    assert pages_asked(server) == [
        {"page": "1", "count": "100"},
        {"page": "2", "count": "100"},
        {"page": "3", "count": "100"},
    ]


def test_an_exact_multiple_of_the_page_size_costs_one_empty_page(api, server):
    server.get(f"{API}/user/things", json=[thing_json(n) for n in range(1, 101)])
    server.get(f"{API}/user/things", json=[])

    assert len(list(api.authenticated.get_things())) == 100
    assert len(server.calls) == 2


def test_nothing_is_requested_until_the_iterator_is_consumed(api, server):
    server.get(f"{API}/user/things", json=[thing_json(n) for n in range(1, 101)])
    server.get(f"{API}/user/things", json=[thing_json(101)])

    things = api.authenticated.get_things()
    assert isinstance(things, types.GeneratorType)
    assert len(server.calls) == 0

    first = next(things)
    assert first.id == 1 and len(server.calls) == 1  # one page in memory, not the whole list

    rest = list(things)
    assert len(rest) == 100 and len(server.calls) == 2


def test_a_page_given_fetches_exactly_that_page(api, server):
    server.get(f"{API}/users/flattr/things", json=[thing_json(n) for n in range(11, 21)])

    things = list(api.users("flattr").get_things(count=10, page=2))

    assert [t.id for t in things] == list(range(11, 21))
    assert pages_asked(server) == [{"page": "2", "count": "10"}]


def test_a_count_without_page_is_the_page_size_of_the_walk(api, server):
    server.get(f"{API}/user/flattrs", json=[{"type": "flattr", "thing": {"id": 1}}] * 5)
    server.get(f"{API}/user/flattrs", json=[{"type": "flattr", "thing": {"id": 1}}] * 2)

    assert len(list(api.authenticated.get_flattrs(count=5))) == 7
    assert [p["count"] for p in pages_asked(server)] == ["5", "5"]


def test_full_is_passed_on_every_page(api, server):
    server.get(f"{API}/users/flattr/flattrs", json=[])

    list(api.users("flattr").get_flattrs(full=True))

    assert pages_asked(server) == [{"page": "1", "count": "100", "full": "1"}]


@pytest.mark.parametrize(
    "kwargs", [{"count": 0}, {"page": 0}, {"count": "10"}, {"page": -1}, {"count": True}]
)
def test_bad_page_arguments_are_refused_before_any_request(api, kwargs):
    with pytest.raises(InputError, match="whole number >= 1"):
        api.authenticated.get_things(**kwargs)


def test_paginate_walks_a_large_list_one_page_at_a_time():
    total = 10_050
    calls = []

    def fetch(page, count):
        calls.append(page)
        start = (page - 1) * count
        return list(range(start, min(start + count, total)))

    walked = 0
    for walked, _item in enumerate(paginate(fetch), start=1):  # noqa: B007
        pass

    assert walked == total
    assert len(calls) == total // MAX_COUNT + 1
