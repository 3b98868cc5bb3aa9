"""Small feeds in the shapes found in the wild, written the way real publishers write them.

``auto(web, user, url)`` is an auto-submit link; ``rss(...)``, ``atom(...)`` and ``podcast(...)``
return feed bytes whose entries carry such links (or not), for the tests to read back.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from flattr_core.autosubmit import AutoSubmit

WEB = "https://flattr.com"


def auto(user: str, url: str, title: str = "", web: str = WEB) -> str:
    return AutoSubmit(user_id=user, url=url, title=title).to_url(web)


def rss(items: list[dict], *, channel_payment: str | None = None, podcast: bool = False) -> bytes:
    """RSS 2.0 with ``xmlns:atom``; each item dict: guid, title, date (RFC 822), payment
    (href or None), html (description HTML), enclosure (URL)."""
    itunes = ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"' if podcast else ""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"{itunes}><channel>',
        "<title>Coffee Cast</title><link>https://pod.example.org/</link>",
        "<description>Beans, weekly.</description>",
    ]
    if podcast:
        out.append("<itunes:author>Bob</itunes:author><itunes:explicit>false</itunes:explicit>")
    if channel_payment:
        out.append(f'<atom:link rel="payment" href={quoteattr(channel_payment)} type="text/html"/>')
    for item in items:
        out.append("<item>")
        out.append(f"<title>{escape(item['title'])}</title>")
        if item.get("guid"):
            out.append(f'<guid isPermaLink="false">{escape(item["guid"])}</guid>')
        if item.get("link"):
            out.append(f"<link>{escape(item['link'])}</link>")
        if item.get("date"):
            out.append(f"<pubDate>{item['date']}</pubDate>")
        if item.get("payment"):
            out.append(
                f'<atom:link rel="payment" href={quoteattr(item["payment"])} type="text/html"/>'
            )
        if item.get("html"):
            out.append(f"<description>{escape(item['html'])}</description>")
        if item.get("enclosure"):
            out.append(
                f'<enclosure url={quoteattr(item["enclosure"])} length="1000" type="audio/mpeg"/>'
            )
            out.append("<itunes:duration>00:42:00</itunes:duration>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode("utf-8")


def atom(entries: list[dict], *, feed_payment: str | None = None) -> bytes:
    """Atom 1.0; each entry dict: guid, title, date (RFC 3339), payment, html."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Alice writes</title>',
        "<id>urn:alice:blog</id><updated>2024-03-01T00:00:00Z</updated>",
        '<link href="https://alice.example.org/" rel="alternate"/>',
    ]
    if feed_payment:
        out.append(f'<link rel="payment" href={quoteattr(feed_payment)} type="text/html"/>')
    for entry in entries:
        out.append(f"<entry><title>{escape(entry['title'])}</title>")
        out.append(f"<id>{escape(entry['guid'])}</id>")
        out.append(f"<updated>{entry.get('date', '2024-01-01T00:00:00Z')}</updated>")
        if entry.get("payment"):
            out.append(f'<link rel="payment" href={quoteattr(entry["payment"])} type="text/html"/>')
        if entry.get("html"):
            out.append(f'<content type="html">{escape(entry["html"])}</content>')
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out).encode("utf-8")


def episodes(count: int, *, user: str = "bob", web: str = WEB) -> bytes:
    """A podcast feed of ``count`` episodes, newest first, each with its own payment link."""
    items = []
    for n in range(count, 0, -1):
        url = f"https://pod.example.org/episodes/{n}"
        items.append(
            {
                "guid": f"urn:coffee-cast:{n}",
                "title": f"Episode {n}: beans",
                "date": f"Mon, {1 + n % 28:02d} Jan {2000 + n // 28} 10:00:00 +0000",
                "payment": auto(user, url, f"Coffee Cast episode {n}", web),
                "enclosure": f"https://pod.example.org/episodes/{n}.mp3",
            }
        )
    return rss(items, podcast=True)
