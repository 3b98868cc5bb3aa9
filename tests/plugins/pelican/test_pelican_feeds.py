"""Every feed Pelican writes gets payment links, per entry and per channel, and stays valid XML."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.plugins.pelican.pelican_site import ATOM, SITEURL, submit_params

IN_SCOPE = {
    f"{SITEURL}/grusse.html",
    f"{SITEURL}/grusse-de.html",
    f"{SITEURL}/xss.html",
    f"{SITEURL}/overridden.html",
}


def _payment_links(element):
    """Direct payment links of a feed, an Atom entry, an RSS channel or an RSS item."""
    return [link for link in element.findall(f"{ATOM}link") if link.get("rel") == "payment"]


def _entries(root):
    """(page link, entry element) for every entry of an Atom or RSS feed, and the channel."""
    if root.tag == f"{ATOM}feed":
        entries = []
        for e in root.findall(f"{ATOM}entry"):
            links = e.findall(f"{ATOM}link")
            href = next(li.get("href") for li in links if li.get("rel") == "alternate")
            entries.append((href, e))
        return entries, root
    channel = root.find("channel")
    return [(item.findtext("link"), item) for item in channel.findall("item")], channel


def test_every_feed_parses_and_every_in_scope_entry_has_exactly_one_link(alice_site):
    feeds = alice_site.feeds()
    # Atom and RSS each: all, 2 languages, 3 categories, 4 tags, 1 author.
    assert len(feeds) == 2 * (1 + 2 + 3 + 4 + 1)

    seen = set()
    for path in feeds:
        entries, channel = _entries(alice_site.feed(str(path.relative_to(alice_site.output))))
        (site_link,) = _payment_links(channel)
        assert submit_params(site_link.get("href"))["url"] == f"{SITEURL}/"
        for link, entry in entries:
            links = _payment_links(entry)
            if link in IN_SCOPE:
                assert len(links) == 1, (path.name, link)
                assert links[0].get("type") == "text/html"
                seen.add(link)
            else:
                assert links == [], (path.name, link)  # the opted-out article
    assert seen == IN_SCOPE  # translations included (the all and per-language feeds)


def test_the_entry_link_is_the_articles_payment_url(alice_site):
    page_href = alice_site.page("grusse-de.html").payment_links[0].attrs["href"]
    for name in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all-de.atom.xml"):
        entries, _ = _entries(alice_site.feed(name))
        (entry,) = [e for link, e in entries if link == f"{SITEURL}/grusse-de.html"]
        assert _payment_links(entry)[0].get("href") == page_href, name


def test_rss_uses_atom_link_in_the_declared_namespace(alice_site):
    raw = (alice_site.output / "feeds" / "all.rss.xml").read_text(encoding="utf-8")
    assert 'xmlns:atom="http://www.w3.org/2005/Atom"' in raw
    assert '<atom:link rel="payment"' in raw or 'rel="payment"' in raw
    assert raw.count('rel="payment"') == 1 + len(IN_SCOPE)  # channel + the four entries


def test_a_title_with_markup_keeps_the_feed_valid(alice_site):
    entries, _ = _entries(alice_site.feed("feeds/tag/escaping.atom.xml"))
    (_, entry) = entries[0]
    params = submit_params(_payment_links(entry)[0].get("href"))
    assert params["title"] == "\">alert(1) & 'quotes' in a title"


def test_feeds_off_leaves_every_feed_alone(build_site):
    built = build_site({"user": "alice", "feeds": False})

    for path in built.feeds():
        assert b'rel="payment"' not in path.read_bytes(), path.name


def test_site_link_off_drops_only_the_channel_link(build_site):
    built = build_site({"user": "alice", "site_link": False})

    entries, channel = _entries(built.feed("feeds/all.atom.xml"))
    assert _payment_links(channel) == []
    assert sum(len(_payment_links(e)) for _, e in entries) == len(IN_SCOPE)


def test_feed_append_ref_links_still_match(build_site):
    built = build_site({"user": "alice"}, FEED_APPEND_REF=True)

    entries, _ = _entries(built.feed("feeds/all.rss.xml"))
    assert all(link.endswith("?ref=feed") for link, _ in entries)
    assert sum(len(_payment_links(e)) for _, e in entries) == len(IN_SCOPE)


def test_relative_urls_keep_absolute_payment_links(build_site):
    built = build_site({"user": "alice"}, RELATIVE_URLS=True)

    entries, _ = _entries(built.feed("feeds/all.atom.xml"))
    assert sum(len(_payment_links(e)) for _, e in entries) == len(IN_SCOPE)
    href = built.page("grusse.html").payment_links[0].attrs["href"]
    assert submit_params(href)["url"] == f"{SITEURL}/grusse.html"


@pytest.fixture(params=[False, True], ids=["absolute URLs", "RELATIVE_URLS"])
def two_language_sites(build_site, tmp_path, monkeypatch, request):
    """An English article with a German translation, each language its own site (as
    i18n_subsites builds them: see i18n_like_plugin.py)."""
    from pelican import signals

    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    import tests.plugins.pelican.i18n_like_plugin as i18n_like_plugin

    content = tmp_path / "content"
    content.mkdir()
    (content / "hello.md").write_text(
        "Title: Hello from Cologne\nDate: 2024-01-02\nSlug: hello\nLang: en\n\nBy the river.\n",
        encoding="utf-8",
    )
    (content / "hello-de.md").write_text(
        "Title: Hallo aus Koeln\nDate: 2024-01-02\nSlug: hello\nLang: de\n\nAm Fluss.\n",
        encoding="utf-8",
    )
    try:
        yield build_site(
            {"user": "alice"},
            PLUGINS=["tests.plugins.pelican.i18n_like_plugin", "pelican_flattr"],
            RELATIVE_URLS=request.param,
        )
    finally:
        signals.article_generator_pretaxonomy.disconnect(i18n_like_plugin._drop_other_languages)
        signals.get_writer.disconnect(i18n_like_plugin._build_subsite)


def test_each_languages_feed_links_the_other_languages_version_too(two_language_sites):
    built = two_language_sites
    english, german = f"{SITEURL}/hello.html", f"{SITEURL}/de/hello.html"

    for feed, own, other in [
        ("feeds/all.atom.xml", english, german),
        ("de/feeds/all.atom.xml", german, english),
    ]:
        entries, _channel = _entries(built.feed(feed))
        # the site's own article and the other language's version, one payment link each
        assert [len(_payment_links(entry)) for _href, entry in entries] == [1, 1], feed
        targets = {submit_params(_payment_links(e)[0].get("href"))["url"] for _h, e in entries}
        assert targets == {own, other}, feed


@pytest.mark.parametrize("feed_class", ["Atom1Feed", "Rss201rev2Feed"])
def test_a_payment_link_written_once_per_link_is_byte_for_byte_what_the_feed_writer_writes(
    feed_class, monkeypatch
):
    import io
    from datetime import datetime, timezone

    import feedgenerator
    from pelican_flattr import feeds

    from flattr_core.publish.feedlink import FeedLink

    def written() -> str:
        feed = getattr(feedgenerator, feed_class)(
            title="Blog", link="https://blog.example.org/", description="A blog"
        )
        for name in "ab":  # dated, or the feed would say "now"
            feed.add_item(
                title=name,
                link=f"https://blog.example.org/{name}.html",
                description=name,
                pubdate=datetime(2024, 1, 2, tzinfo=timezone.utc),
                updateddate=datetime(2024, 1, 3, tzinfo=timezone.utc),
            )
        links = {
            "https://blog.example.org/a.html": FeedLink(
                href="https://flattr.com/submit/auto?user_id=alice&url=a&title=%22A%22%20%3C%26%3E"
            ),
            "https://blog.example.org/b.html": FeedLink(href="https://x.org/?a=1&b='2'\t\n"),
        }
        feeds.add_payment_links(feed, links.get, FeedLink(href="https://x.org/?site=1&b=2"))
        out = io.StringIO()
        feed.write(out, "utf-8")
        return out.getvalue()

    fast = written()
    monkeypatch.setattr(  # the writer's own way: every attribute escaped again, each time
        feeds,
        "_add_link",
        lambda handler, tag, link: handler.addQuickElement(tag, "", feeds._link_attrs(link)),
    )
    assert 'rel="payment"' in fast and fast.count("payment") == 3
    assert fast == written()


@given(st.text(alphabet=st.sampled_from("a&<>\"'\t\n\r%=?é ")) | st.text())
def test_attribute_quoting_is_quoteattrs_for_any_value(value):
    from xml.sax.saxutils import quoteattr

    from pelican_flattr import feeds

    assert feeds._quoteattr(value) == quoteattr(value)
