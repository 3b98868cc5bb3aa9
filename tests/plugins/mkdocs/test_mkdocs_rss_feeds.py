"""With mkdocs-rss-plugin in the same site, its feeds carry a payment link per entry.

Real builds with both plugins (the rss plugin's git-free mode: ``use_git: false`` and dates from
front matter), feeds parsed back with ``xml.etree`` / ``json``; plus the feed patcher on its own
for what a build cannot show (stale links, a feed without ``xmlns:atom``, a broken file).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from mkdocs.commands.build import build
from mkdocs_flattr.feeds import (
    FeedError,
    FeedFile,
    PaymentLinks,
    patch_feeds,
    patch_json,
    patch_rss,
    url_key,
)

from flattr_core.publish import PublishOptions, Renderer
from tests.factories import make_item
from tests.plugins.mkdocs.mkdocs_project import (
    DEV_SERVER_URL,
    SITE_URL,
    Html,
    LogRecords,
    Project,
    new_project,
)

ATOM = "{http://www.w3.org/2005/Atom}"
RSS_FILES = ("feed_rss_created.xml", "feed_rss_updated.xml")
JSON_FILES = ("feed_json_created.json", "feed_json_updated.json")


def with_rss(project: Project, **options: Any) -> Project:
    """Add an ``rss`` block that needs no git: dates come from the pages' ``date:``."""
    rss = {
        "use_git": False,
        "date_from_meta": {"as_creation": "date", "as_update": "date"},
        "cache_dir": str(project.root / ".cache" / "rss"),
        **options,
    }
    project.config["plugins"].append({"rss": rss})
    return project


def blog(project: Project) -> Project:
    """A non-ASCII page, an opted-out page, an excluded page, and one with a Flattr URL of
    its own; every page dated, as the rss plugin wants."""
    project.page("index.md", "---\ndate: 2024-01-01\n---\n# Welcome home\n\nThe start page.\n")
    project.page(
        "grüße.md", "---\ndate: 2024-02-01\n---\n# Grüße aus Köln\n\nÜber Straßen und Brücken.\n"
    )
    project.page(
        "private.md", "---\ndate: 2024-03-01\nflattr: false\n---\n# Private notes\n\nNot here.\n"
    )
    project.page("drafts/wip.md", "---\ndate: 2024-04-01\n---\n# Work in progress\n\nSoon.\n")
    project.page(
        "custom.md",
        "---\ndate: 2024-05-01\nflattr:\n  url: https://elsewhere.example.com/tool\n---\n"
        "# Custom page\n\nFlattr knows this one by another URL.\n",
    )
    return with_rss(project.flattr(exclude=["drafts/**"]))


@pytest.fixture
def site(project: Project) -> Project:
    return blog(project)


def payment_hrefs(element: ElementTree.Element) -> list[str | None]:
    return [
        link.get("href")
        for link in element.findall(f"{ATOM}link")
        if link.get("rel") == "payment" and link.get("type") == "text/html"
    ]


def rss_items(project: Project, name: str = "feed_rss_created.xml") -> dict[str, list]:
    """guid -> the payment hrefs of that <item> (the file must parse)."""
    channel = ElementTree.parse(project.site / name).getroot().find("channel")
    assert channel is not None
    return {item.findtext("guid") or "": payment_hrefs(item) for item in channel.findall("item")}


def head_href(project: Project, src: str) -> str | None:
    """What the page itself says in <head>: the feed must say the same."""
    (link,) = project.html(src).head_payment_links()
    return link.attrs["href"]


def submit_params(href: str | None) -> dict[str, str]:
    assert href is not None and urlsplit(href).path.endswith("/submit/auto")
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def touch_later(path: os.PathLike[str]) -> None:
    later = time.time() + 5
    os.utime(path, (later, later))


# -- whole builds ----------------------------------------------------------------------------


def test_each_rss_item_gets_the_payment_link_of_its_page(site: Project) -> None:
    site.build()
    for name in RSS_FILES:
        items = rss_items(site, name)
        assert items[SITE_URL] == [head_href(site, "index.md")], name
        assert items[SITE_URL + "gr%C3%BC%C3%9Fe/"] == [head_href(site, "grüße.md")], name
        # The page's own Flattr URL: the link is its item's, found by the page's URL.
        (custom,) = items[SITE_URL + "custom/"]
        assert submit_params(custom)["url"] == "https://elsewhere.example.com/tool"


def test_opted_out_and_excluded_pages_get_no_payment_link(site: Project) -> None:
    site.build()
    items = rss_items(site)
    assert items[SITE_URL + "private/"] == []
    assert items[SITE_URL + "drafts/wip/"] == [], "excluded by the flattr plugin's glob"


def test_the_channel_carries_the_site_payment_link(site: Project) -> None:
    site.build()
    root = ElementTree.parse(site.site / "feed_rss_created.xml").getroot()
    assert root.tag == "rss"
    channel = root.find("channel")
    assert channel is not None
    (href,) = payment_hrefs(channel)
    params = submit_params(href)
    assert params["user_id"] == "alice" and params["url"] == SITE_URL
    # The rss template's own atom:link (rel="self") is still there, beside ours.
    assert [link.get("rel") for link in channel.findall(f"{ATOM}link")] == ["self", "payment"]
    raw = (site.site / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert 'xmlns:atom="http://www.w3.org/2005/Atom"' in raw
    assert 'xmlns:dc="http://purl.org/dc/elements/1.1/"' in raw, "declarations are kept"


def test_json_feeds_get_a_flattr_extension_per_item_and_for_the_feed(site: Project) -> None:
    site.build()
    rss_channel = ElementTree.parse(site.site / "feed_rss_created.xml").getroot().find("channel")
    assert rss_channel is not None
    for name in JSON_FILES:
        feed = json.loads((site.site / name).read_text(encoding="utf-8"))
        assert feed["_flattr"] == {"payment_url": payment_hrefs(rss_channel)[0]}
        items = {item["id"]: item for item in feed["items"]}
        assert items[SITE_URL]["_flattr"] == {"payment_url": head_href(site, "index.md")}
        grüße = items[SITE_URL + "gr%C3%BC%C3%9Fe/"]["_flattr"]["payment_url"]
        assert grüße == head_href(site, "grüße.md")
        assert "_flattr" not in items[SITE_URL + "private/"]
        assert "_flattr" not in items[SITE_URL + "drafts/wip/"]


def test_the_build_stays_strict_clean(site: Project, mkdocs_log: LogRecords) -> None:
    site.config["strict"] = True  # what `mkdocs build --strict` sets
    site.build()
    assert mkdocs_log.warnings() == []
    assert len(rss_items(site)) == 5


def test_a_dirty_rebuild_adds_no_second_link(site: Project) -> None:
    site.build()
    touch_later(site.page("grüße.md", "---\ndate: 2024-02-01\n---\n# Grüße, neu\n\nNeu.\n"))
    site.build(dirty=True)
    for name in RSS_FILES:
        # The rss plugin lists only the pages a dirty build read; each has one link.
        items = rss_items(site, name)
        assert items == {SITE_URL + "gr%C3%BC%C3%9Fe/": [head_href(site, "grüße.md")]}
        assert submit_params(items[SITE_URL + "gr%C3%BC%C3%9Fe/"][0])["title"] == "Grüße, neu"


def test_patching_the_patched_feeds_again_changes_no_byte(site: Project) -> None:
    cfg = site.load()
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
        written = {name: (site.site / name).read_bytes() for name in RSS_FILES + JSON_FILES}
        cfg.plugins["flattr"].on_post_build(config=cfg)  # the files are already patched
    finally:
        cfg.plugins.on_shutdown()
    for name, data in written.items():
        assert (site.site / name).read_bytes() == data, name


def test_a_serve_build_links_the_dev_server_pages(site: Project) -> None:
    site.build(command="serve")
    items = rss_items(site)
    assert items[DEV_SERVER_URL] == [head_href(site, "index.md")]
    assert submit_params(items[DEV_SERVER_URL][0])["url"] == DEV_SERVER_URL
    assert items[DEV_SERVER_URL + "private/"] == []


def test_a_second_rss_instance_with_its_own_file_names(site: Project) -> None:
    site.page("blog/first.md", "---\ndate: 2024-06-01\n---\n# First post\n\nHello there.\n")
    with_rss(
        site,
        match_path="blog/.*",
        json_feed_enabled=False,
        feeds_filenames={"rss_created": "blog/feed.xml", "rss_updated": "blog/updated.xml"},
    )
    site.build()
    blog_items = rss_items(site, "blog/feed.xml")
    assert blog_items == {SITE_URL + "blog/first/": [head_href(site, "blog/first.md")]}
    assert len(rss_items(site, "blog/updated.xml")) == 1
    assert rss_items(site)[SITE_URL] == [head_href(site, "index.md")], "rss #1 as before"


def test_pretty_printed_feeds_stay_valid_and_indented(project: Project) -> None:
    site = blog(project)
    site.config["plugins"][-1]["rss"]["pretty_print"] = True
    site.build()
    lines = (site.site / "feed_rss_created.xml").read_text(encoding="utf-8").splitlines()
    links = [i for i, line in enumerate(lines) if 'rel="payment"' in line]
    assert len(links) == 1 + 3, "the channel, and each item but the opted-out and excluded"
    for i in links:  # each on a line of its own, indented like the line before it
        assert lines[i].lstrip().startswith("<atom:link ")
        indent = len(lines[i]) - len(lines[i].lstrip())
        assert indent == len(lines[i - 1]) - len(lines[i - 1].lstrip()) > 0
    assert len(rss_items(site)[SITE_URL]) == 1
    assert (site.site / "feed_json_created.json").read_text(encoding="utf-8").startswith("{\n    ")


def test_file_urls_match_too(site: Project) -> None:
    site.config["use_directory_urls"] = False  # pages are about.html, the home is index.html
    site.build()
    items = rss_items(site)
    for out, url in (("index.html", "index.html"), ("grüße.html", "gr%C3%BC%C3%9Fe.html")):
        (link,) = Html.read(site.site / out).head_payment_links()
        assert items[SITE_URL + url] == [link.attrs["href"]]
    assert items[SITE_URL + "private.html"] == []


def test_a_feed_broken_by_another_plugin_is_a_warning(
    site: Project, mkdocs_log: LogRecords
) -> None:
    # A hook between the rss plugin (priority 0) and ours (-100) that breaks one feed.
    (site.root / "breaker.py").write_text(
        "from mkdocs.plugins import event_priority\n\n"
        "@event_priority(-50)\n"
        "def on_post_build(config):\n"
        "    with open(config.site_dir + '/feed_rss_updated.xml', 'w') as out:\n"
        "        out.write('<rss><channel>')\n",
        encoding="utf-8",
    )
    site.config["hooks"] = ["breaker.py"]
    site.build()
    (warning,) = mkdocs_log.warnings()
    assert "feed_rss_updated.xml (written by plugin 'rss')" in warning
    assert "not well-formed" in warning
    assert rss_items(site)[SITE_URL] == [head_href(site, "index.md")], "the others are patched"
    assert (site.site / "feed_rss_updated.xml").read_text() == "<rss><channel>", "left alone"


def test_head_links_off_leaves_the_feeds_alone(site: Project) -> None:
    site.flattr(head_links=False).build()
    assert all(hrefs == [] for hrefs in rss_items(site).values())
    assert "_flattr" not in (site.site / "feed_json_created.json").read_text(encoding="utf-8")


def test_a_site_without_the_rss_plugin_gets_no_feed(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    project.build()
    assert not list(project.site.glob("feed_*"))


# -- the patcher on its own ------------------------------------------------------------------

OPTIONS = PublishOptions(site_url="https://example.com/", user="alice", site_name="Alice's docs")
HELLO = make_item(url="https://example.com/hello/", title="Hello & welcome", tags=())
RENDERER = Renderer(OPTIONS)
LINKS = PaymentLinks(
    [("https://example.com/hello/", HELLO), ("https://example.com/private/", None)], RENDERER
)
STALE = (
    '<atom:link rel="payment" href="https://flattr.com/submit/auto?user_id=old" type="text/html"/>'
)


def rss(channel_extra: str = "", item_extra: str = "", root_attrs: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"{root_attrs}><channel>'
        f"<title>Docs</title>{channel_extra}"
        f"<item><title>Hello</title><link>https://example.com/hello/?utm_source=rss</link>"
        f'<guid isPermaLink="true">https://example.com/hello/</guid>{item_extra}</item>'
        f"<item><title>Private</title><link>https://example.com/private/</link>{item_extra}</item>"
        "</channel></rss>"
    ).encode()


def test_url_key_treats_the_forms_of_one_page_url_alike() -> None:
    key = url_key("https://docs.example.org/guide/gr%C3%BC%C3%9Fe/")
    for form in (
        "https://docs.example.org/guide/grüße",
        "https://docs.example.org/guide/grüße/index.html",
        "https://DOCS.example.org/guide/gr%c3%bc%c3%9fe/?utm_source=rss#top",
    ):
        assert url_key(form) == key, form
    assert url_key("https://docs.example.org/guide/other/") != key


def test_a_stale_link_is_replaced_and_an_opted_out_entry_loses_it() -> None:
    xmlns = ' xmlns:atom="http://www.w3.org/2005/Atom"'
    patched = patch_rss(rss(STALE, STALE, xmlns), LINKS)
    channel = ElementTree.fromstring(patched.data).find("channel")
    assert channel is not None
    hello, private = channel.findall("item")
    assert payment_hrefs(hello) == [RENDERER.feed_link(HELLO).href]
    assert payment_hrefs(private) == []
    assert payment_hrefs(channel) == [RENDERER.site_payment_url()]
    assert (patched.entries, patched.linked) == (2, 1)
    assert patch_rss(patched.data, LINKS).data == patched.data, "a second run changes nothing"


def test_a_feed_without_xmlns_atom_gets_it_declared() -> None:
    patched = patch_rss(rss(), LINKS)
    assert b'xmlns:atom="http://www.w3.org/2005/Atom"' in patched.data
    assert b"&amp;url=https%3A%2F%2Fexample.com%2Fhello%2F" in patched.data, "& is escaped"
    hello = ElementTree.fromstring(patched.data).find("channel/item")
    assert hello is not None and payment_hrefs(hello) == [RENDERER.feed_link(HELLO).href]


def test_an_atom_prefix_of_its_own_is_reused() -> None:
    patched = patch_rss(rss(root_attrs=' xmlns:a="http://www.w3.org/2005/Atom"'), LINKS)
    assert b"<a:link " in patched.data and b"xmlns:atom" not in patched.data


def test_json_extensions_replace_old_ones() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "_flattr": {"payment_url": "old"},
        "items": [
            {"id": "https://example.com/hello/", "url": "https://example.com/hello/"},
            {"id": "https://example.com/private/", "_flattr": {"payment_url": "old"}},
        ],
    }
    patched = patch_json(json.dumps(feed).encode(), LINKS)
    result = json.loads(patched.data)
    assert result["_flattr"] == {"payment_url": RENDERER.site_payment_url()}
    assert result["items"][0]["_flattr"] == {"payment_url": RENDERER.feed_link(HELLO).href}
    assert "_flattr" not in result["items"][1]
    assert patch_json(patched.data, LINKS).data == patched.data


def test_a_broken_feed_is_named_and_the_others_are_still_patched(tmp_path: Path) -> None:
    broken, good = tmp_path / "feed_rss_created.xml", tmp_path / "feed_rss_updated.xml"
    broken.write_bytes(b"<rss><channel><item></channel>")
    good.write_bytes(rss())
    good.chmod(0o644)
    feeds = [FeedFile(p, p.name, "rss", "rss") for p in (broken, good, tmp_path / "gone.xml")]
    done = []
    with pytest.raises(FeedError, match=r"feed_rss_created\.xml .*plugin 'rss'.*not well-formed"):
        for feed, _ in patch_feeds(feeds, LINKS):
            done.append(feed.name)
    assert done == ["feed_rss_updated.xml"], "a missing file is skipped"
    assert b'rel="payment"' in good.read_bytes()
    assert good.stat().st_mode & 0o777 == 0o644, "the written feed stays world-readable"
    assert sorted(p.name for p in tmp_path.iterdir()) == [broken.name, good.name], "no temp file"
