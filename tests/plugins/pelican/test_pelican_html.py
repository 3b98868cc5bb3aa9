"""The written HTML of the fixture site, built with the real Pelican and the default theme."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.plugins.pelican.pelican_site import SITEURL, submit_params


def test_every_published_article_gets_a_button_and_a_head_link(alice_site):
    for name in ("grusse.html", "grusse-de.html", "xss.html", "overridden.html"):
        page = alice_site.page(name)
        assert len(page.buttons) == 1, name
        links = page.payment_links
        assert len(links) == 1 and links[0].in_head, name
        assert links[0].attrs["type"] == "text/html"
        # The button and the head link point at the same auto-submit URL.
        assert page.buttons[0].attrs["href"] == links[0].attrs["href"]


def test_the_payment_url_carries_the_normalised_metadata(alice_site):
    params = submit_params(alice_site.page("grusse.html").payment_links[0].attrs["href"])
    assert params["user_id"] == "alice"
    assert params["url"] == f"{SITEURL}/grusse.html"
    assert params["title"] == "Grüße aus Köln – ein Café am Rhein"
    assert params["language"] == "en_GB"
    assert params["category"] == "text"
    assert params["tags"] == "travel,café"
    assert params["description"].startswith("A morning in Köln")


def test_a_translation_gets_its_own_link_in_its_language(alice_site):
    params = submit_params(alice_site.page("grusse-de.html").payment_links[0].attrs["href"])
    assert params["url"] == f"{SITEURL}/grusse-de.html"
    assert params["language"] == "de_DE"
    assert params["title"] == "Grüße aus Köln, auf Deutsch"


def test_a_title_with_markup_and_quotes_stays_text(build_site):
    built = build_site({"user": "alice", "button": "js"})
    page = built.page("xss.html")

    button = page.buttons[0]
    # Pelican titles are HTML: the engine keeps their text (tags dropped); the quotes and the
    # ampersand come back intact from the parsed attribute, so they were escaped, not cut.
    assert button.attrs["title"] == "\">alert(1) & 'quotes' in a title"
    assert submit_params(button.attrs["href"])["title"] == button.attrs["title"]
    our_markup = [line for line in page.raw.splitlines() if "FlattrButton" in line]
    assert our_markup and all("<script>alert" not in line for line in our_markup)
    assert all("alert(1)" not in (s.text + s.attrs.get("src", "")) for s in page.loaders)


def test_drafts_hidden_and_opted_out_articles_get_nothing(alice_site):
    for name in ("drafts/secret-draft.html", "hidden-unlisted.html", "no-button.html"):
        page = alice_site.page(name)
        assert page.buttons == [] and page.payment_links == [], name


def test_a_hidden_article_that_says_flattr_yes_gets_a_hidden_thing(alice_site):
    page = alice_site.page("hidden-flattr.html")
    assert len(page.buttons) == 1
    assert submit_params(page.payment_links[0].attrs["href"])["hidden"] == "1"


def test_per_article_metadata_overrides_the_site_settings(alice_site):
    params = submit_params(alice_site.page("overridden.html").payment_links[0].attrs["href"])
    assert params == {
        "user_id": "bob",
        "url": "https://other.example.org/canonical/overridden",
        "title": "A custom Flattr title",
        "description": "A custom Flattr description for this thing.",
        "language": "fr_FR",
        "tags": "code,extra one,extra two",
        "hidden": "1",
        "category": "software",
    }


def test_pages_only_with_pages_on_or_their_own_flattr_yes(alice_site, build_site):
    assert alice_site.page("pages/about.html").buttons == []
    assert len(alice_site.page("pages/colophon.html").buttons) == 1  # Flattr: yes

    on = build_site({"user": "alice", "pages": True})
    assert len(on.page("pages/about.html").buttons) == 1
    assert len(on.page("pages/about.html").payment_links) == 1


def test_the_index_carries_the_site_link_and_no_article_buttons(alice_site):
    index = alice_site.page("index.html")
    (link,) = index.payment_links
    assert link.in_head
    params = submit_params(link.attrs["href"])
    assert params["url"] == f"{SITEURL}/"
    assert params["title"] == "Alice's Example Blog"
    assert index.buttons == []


def test_site_link_off_leaves_the_index_alone(build_site):
    built = build_site({"user": "alice", "site_link": False})

    assert built.page("index.html").payment_links == []
    assert len(built.page("grusse.html").payment_links) == 1


def test_head_links_off_keeps_only_the_buttons(build_site):
    built = build_site({"user": "alice", "head_links": False})

    page = built.page("grusse.html")
    assert page.payment_links == [] and len(page.buttons) == 1
    assert built.page("index.html").payment_links == []


def test_flattr_id_adds_the_meta_tag_next_to_each_link(build_site):
    built = build_site({"user": "alice", "flattr_id": "alice-id"})

    for name in ("grusse.html", "index.html"):
        metas = built.page(name).find("meta", name="flattr:id")
        assert [m.attrs["content"] for m in metas] == ["alice-id"], name
        assert metas[0].in_head


def test_flattr_id_alone_puts_the_meta_tag_on_pages_without_buttons(build_site):
    built = build_site({"flattr_id": "alice-id"})

    page = built.page("grusse.html")
    assert [m.attrs["content"] for m in page.find("meta", name="flattr:id")] == ["alice-id"]
    assert page.buttons == [] and page.payment_links == []


def test_flattr_user_alone_turns_the_plugin_on(build_site):
    built = build_site(None, FLATTR_USER="alice")

    assert submit_params(built.page("grusse.html").buttons[0].attrs["href"])["user_id"] == "alice"


def test_without_a_user_the_plugin_writes_nothing_at_all(build_site):
    built = build_site(None)

    for name in ("grusse.html", "index.html"):
        page = built.page(name)
        assert "flattr" not in page.raw.lower(), name
    assert not (built.output / "flattr").exists()
    assert all(b"payment" not in path.read_bytes() for path in built.feeds())


def test_placement_bottom_puts_the_button_after_the_body(build_site):
    raw = build_site({"user": "alice", "placement": "bottom"}).page("grusse.html").raw

    body = raw.index("with coffee by the river and a walk")
    assert body < raw.index("flattr-button") < raw.index("</article>")


def test_placement_top_puts_the_button_before_the_body(build_site):
    raw = build_site({"user": "alice", "placement": "top"}).page("grusse.html").raw

    assert raw.index("flattr-button") < raw.index("with coffee by the river and a walk")
    assert raw.index("<article") < raw.index("flattr-button")


def test_placement_manual_leaves_the_button_to_the_theme(build_site):
    page = build_site({"user": "alice", "placement": "manual"}).page("grusse.html")

    assert page.buttons == []
    assert len(page.payment_links) == 1  # head links are independent of the placement


def test_the_static_badge_is_served_by_the_site(build_site):
    built = build_site({"user": "alice", "button": "static"})

    button = built.page("grusse.html").buttons[0]
    img = next(e for e in built.page("grusse.html").find("img") if "flattr" in e.attrs["src"])
    assert img.attrs["src"] == f"{SITEURL}/flattr/flattr-badge.svg"
    assert (built.output / "flattr" / "flattr-badge.svg").read_bytes().lstrip().startswith(b"<")
    assert "flattr-button-static" in button.attrs["class"]
    assert built.page("grusse.html").loaders == []


def _badge_src(page):
    (img,) = [e for e in page.find("img") if "flattr-badge" in e.attrs["src"]]
    return img.attrs["src"]


def test_with_relative_urls_the_badge_is_found_from_each_page(build_site):
    # What file:// and `pelican --listen` previews need; the payment link stays absolute.
    built = build_site({"user": "alice", "pages": True}, RELATIVE_URLS=True)

    assert _badge_src(built.page("grusse.html")) == "./flattr/flattr-badge.svg"
    assert _badge_src(built.page("pages/colophon.html")) == "../flattr/flattr-badge.svg"
    href = built.page("pages/colophon.html").buttons[0].attrs["href"]
    assert submit_params(href)["url"] == f"{SITEURL}/pages/colophon.html"


def test_js_and_compact_buttons_bring_the_loader_once(build_site):
    for style in ("js", "compact"):
        built = build_site({"user": "alice", "button": style})
        page = built.page("grusse.html")
        (button,) = page.buttons
        assert button.attrs["class"] == "FlattrButton"
        assert button.attrs["data-flattr-uid"] == "alice"
        assert (button.attrs.get("data-flattr-button") == "compact") == (style == "compact")
        assert len(page.loaders) == 1 and page.loaders[0].in_head
        # No button on the index or on opted-out articles: no loader there.
        assert built.page("index.html").loaders == []
        assert built.page("no-button.html").loaders == []


def test_text_and_none_buttons(build_site):
    text = build_site({"user": "alice", "button": "text"}).page("grusse.html")
    (button,) = text.buttons
    assert "flattr-button-text" in button.attrs["class"] and button.text == "Flattr this"
    assert text.loaders == []

    none = build_site({"user": "alice", "button": "none"}).page("grusse.html")
    assert none.buttons == [] and len(none.payment_links) == 1


def test_no_secret_ends_up_in_the_built_site(build_site, monkeypatch):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "tok-very-secret-123")
    built = build_site({"user": "alice"})

    for path in built.output.rglob("*"):
        if path.is_file():
            assert b"tok-very-secret-123" not in path.read_bytes(), path


_PIECES = st.sampled_from(["<p>", "</p>", "body ", "Grüße ", "x" * 70, "\n", "<article>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join), st.lists(_PIECES, max_size=8).map("".join))
def test_finding_an_article_body_finds_what_str_find_finds(page, body):
    from pelican_flattr.pages import find_text

    # The body often occurs more than once, or its start does without the rest: the same
    # first place as str.find, always.
    for haystack in (page, page + body, body[:70] + page + body + body):
        assert find_text(haystack, body) == haystack.find(body)
