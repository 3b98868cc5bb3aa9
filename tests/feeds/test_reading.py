"""Reading payment links out of feeds in the shapes publishers really write."""

import pytest
import responses

from flattr_core.errors import FeedError
from flattr_core.feeds import chunks, read_feed, reading, select
from tests.feeds.feed_samples import atom, auto, episodes, rss


def test_rss_with_atom_links_gives_each_item_its_payment_link_and_the_channel_its_own():
    feed = read_feed(
        rss(
            [
                {"guid": "ep-2", "title": "Two", "payment": auto("bob", "https://pod/2")},
                {"guid": "ep-1", "title": "One", "payment": auto("bob", "https://pod/1")},
            ],
            channel_payment=auto("bob", "https://pod/"),
        )
    )
    assert [e.guid for e in feed.entries] == ["ep-2", "ep-1"]
    assert feed.entries[0].payment_url == auto("bob", "https://pod/2")
    assert feed.entries[0].auto_submit.user_id == "bob"
    assert feed.entries[0].auto_submit.url == "https://pod/2"
    assert feed.channel.payment_url == auto("bob", "https://pod/")


def test_atom_entries_and_the_feed_carry_rel_payment_links():
    feed = read_feed(
        atom(
            [{"guid": "urn:a:1", "title": "Hello", "payment": auto("alice", "https://a/1", "Hi")}],
            feed_payment=auto("alice", "https://a/"),
        )
    )
    (entry,) = feed.entries
    assert entry.auto_submit.title == "Hi" and entry.payment_links[0].found_in == "link"
    assert feed.channel.auto_submit.url == "https://a/"


def test_an_itunes_podcast_keeps_its_enclosures_apart_from_the_payment_link():
    feed = read_feed(episodes(3))
    assert [e.title for e in feed.entries] == [
        "Episode 3: beans",
        "Episode 2: beans",
        "Episode 1: beans",
    ]
    assert all(len(e.payment_links) == 1 and e.payment_url for e in feed.entries)
    assert feed.entries[0].published.isoformat() == "2000-01-04T10:00:00+00:00"


def test_payment_links_found_only_in_the_entry_html_are_read_too():
    html = (
        '<p>Show notes.</p><link rel="payment" href="{}">'
        '<a rel="nofollow payment" href="{}">Flattr</a>'
    ).format(auto("bob", "https://pod/x").replace("&", "&amp;"), "https://paypal.example/bob")
    (entry,) = read_feed(rss([{"guid": "x", "title": "X", "html": html}])).entries
    assert [(link.found_in, link.is_flattr) for link in entry.payment_links] == [
        ("html", True),
        ("html", False),
    ]
    assert entry.payment_url == auto("bob", "https://pod/x")


def test_entries_without_a_payment_link_are_reported_not_dropped():
    feed = read_feed(
        rss(
            [
                {"guid": "a", "title": "No link"},
                {"guid": "b", "title": "Other link", "payment": "https://liberapay.example/bob"},
            ]
        )
    )
    assert [(e.guid, e.payment_url) for e in feed.entries] == [("a", None), ("b", None)]
    assert feed.entries[0].payment_links == ()
    assert feed.entries[1].payment_links[0].href == "https://liberapay.example/bob"


def test_an_entry_without_a_guid_is_known_by_its_link():
    (entry,) = read_feed(rss([{"title": "Old", "link": "https://pod/old"}])).entries
    assert entry.guid == "https://pod/old"


def test_a_malformed_feed_is_refused_whole_with_a_clear_error(tmp_path):
    broken = episodes(3)[:-200]  # cut off mid-item, as an interrupted download leaves it
    path = tmp_path / "feed.xml"
    path.write_bytes(broken)
    with pytest.raises(FeedError, match=r"feed .*feed.xml is not well-formed XML \(line \d+"):
        read_feed(path)


def test_something_that_is_not_a_feed_is_refused():
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        read_feed(b"<html><body>Hello</body></html>")


def test_a_missing_file_names_the_file_and_what_to_give():
    with pytest.raises(FeedError, match="feed nowhere.xml: no such file; give a feed file"):
        read_feed("nowhere.xml")


def test_a_file_feed_is_keyed_by_its_absolute_file_url(tmp_path, monkeypatch):
    (tmp_path / "f.xml").write_bytes(episodes(1))
    monkeypatch.chdir(tmp_path)
    assert read_feed("f.xml").source == (tmp_path / "f.xml").resolve().as_uri()


@responses.activate
def test_a_feed_url_is_fetched_and_keyed_by_its_url():
    responses.get("https://pod.example.org/feed.xml", body=episodes(2))
    feed = read_feed("https://pod.example.org/feed.xml")
    assert feed.source == "https://pod.example.org/feed.xml" and len(feed.entries) == 2


@responses.activate
def test_a_feed_url_that_fails_says_so():
    responses.get("https://pod.example.org/gone.xml", status=404)
    with pytest.raises(FeedError, match="answered HTTP 404; check the URL"):
        read_feed("https://pod.example.org/gone.xml")


def test_since_and_newest_pick_entries_by_publication_date():
    import datetime as dt

    entries = read_feed(episodes(10)).entries  # episode n is dated 2000-01-(n+1)
    since = select(entries, since=dt.datetime(2000, 1, 8))
    assert [e.guid for e in since] == [f"urn:coffee-cast:{n}" for n in (10, 9, 8, 7)]
    newest = select(entries, newest=2)
    assert [e.guid for e in newest] == ["urn:coffee-cast:10", "urn:coffee-cast:9"]


def test_a_big_feed_read_in_chunks_gives_what_one_whole_parse_gives(tmp_path, monkeypatch):
    # Memory for 1,000 vs 10,000 entries is measured by bench/feed_memory.py.
    data = episodes(1000, user="bob").replace(
        b"</channel>",
        b"<atom:link rel='payment' href='https://flattr.com/submit/auto?"
        b"user_id=bob&amp;url=https%3A%2F%2Fpod.example.org%2F'/></channel>",
    )  # the channel's payment link after the last item: only the last chunk has it
    (tmp_path / "big.xml").write_bytes(data)
    assert len(data) > reading.SPLIT_FROM_BYTES and len(list(chunks.split(data))) == 4

    chunked = read_feed(tmp_path / "big.xml")
    monkeypatch.setattr(reading, "SPLIT_FROM_BYTES", len(data) + 1)
    whole = read_feed(tmp_path / "big.xml")

    assert len(chunked.entries) == 1000 and len({e.guid for e in chunked.entries}) == 1000
    assert chunked.entries == whole.entries
    assert all(e.auto_submit is not None for e in chunked.entries)
    assert (chunked.title, chunked.payment_links) == (whole.title, whole.payment_links)


def test_feeds_that_cannot_be_split_safely_are_read_whole():
    assert chunks.split(episodes(10), per_chunk=100) is None  # few entries: one parse
    assert chunks.split(episodes(300).decode().encode("utf-16")) is None
    assert chunks.split(episodes(300)[:-50]) is None  # broken: feedparser gives the verdict
