"""Reading payment links out of RSS 2.0, Atom and podcast feeds (with feedparser).

A feed says how to pay for each entry, and for itself, with ``rel="payment"`` links (Flattr docs:
payment links in feeds): ``<link rel="payment">`` in Atom, ``<atom:link rel="payment">`` in RSS, and
sometimes only a ``<link>`` or ``<a rel="payment">`` inside the entry's HTML. ``read_feed`` returns
every entry, each with the payment links it carries (possibly none: such an entry is reported, never
dropped) and, for Flattr links, the auto-submit fields decoded.

feedparser builds its whole result in memory (it has no streaming mode), so a big document is
handed to it in chunks of a few hundred entries (``chunks``), and of each entry only the few
fields needed here are kept.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import xml.sax
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Final

from flattr_core.autosubmit import AutoSubmit
from flattr_core.errors import FeedError
from flattr_core.feeds.chunks import split

#: The key of a feed's own (channel-level) payment link in the flattred-episodes state.
CHANNEL_GUID: Final = "#channel"
#: Documents at least this big are read in chunks of entries (see ``chunks``), so memory stays
#: flat however many episodes a podcast has.
SPLIT_FROM_BYTES: Final = 256 * 1024
#: How long fetching a feed URL may take (connect, read) before it is an error.
FETCH_TIMEOUT: Final = (10.0, 30.0)


@dataclass(frozen=True, slots=True)
class PaymentLink:
    """One ``rel="payment"`` link: where it was found, and its auto-submit fields if it is one."""

    href: str
    #: "link" for an Atom ``<link>`` / RSS ``<atom:link>``, "html" when found in the content.
    found_in: str

    @property
    def auto_submit(self) -> AutoSubmit | None:
        """The decoded auto-submit fields, or None for another kind of payment link."""
        # Decoded on use, not kept: a 10,000-episode feed would otherwise hold every field twice.
        return AutoSubmit.parse(self.href)

    @property
    def is_flattr(self) -> bool:
        """Whether it is a Flattr auto-submit URL (the only kind ``flattr_url`` can create)."""
        return self.auto_submit is not None


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One episode or post (or, with ``guid == CHANNEL_GUID``, the feed itself)."""

    #: The key of the feed it came from (its URL, or ``file://`` URL for a file).
    feed: str
    #: The entry's ``<guid>`` / ``<id>``; else its link; never empty.
    guid: str
    title: str
    link: str | None
    published: dt.datetime | None
    payment_links: tuple[PaymentLink, ...]

    @property
    def payment_url(self) -> str | None:
        """The link to flattr: the first Flattr auto-submit link, or None when there is none."""
        for link in self.payment_links:
            if link.is_flattr:
                return link.href
        return None

    @property
    def auto_submit(self) -> AutoSubmit | None:
        """The decoded fields of ``payment_url`` (owner ``user_id``, ``url``, ``title``, ...)."""
        for link in self.payment_links:
            fields = link.auto_submit
            if fields is not None:
                return fields
        return None


@dataclass(frozen=True)
class Feed:
    """A read feed: its key, title, own payment links and entries in document order."""

    source: str
    title: str
    link: str | None
    payment_links: tuple[PaymentLink, ...]
    entries: list[FeedEntry]

    @property
    def channel(self) -> FeedEntry:
        """The feed itself as an entry, so ``--channel`` mode flattrs it like an episode."""
        return FeedEntry(
            feed=self.source,
            guid=CHANNEL_GUID,
            title=self.title,
            link=self.link,
            published=None,
            payment_links=self.payment_links,
        )


def read_feed(
    source: str | os.PathLike[str] | bytes, *, key: str | None = None, session: Any = None
) -> Feed:
    """Read a feed from an http(s) URL, a file path or the document's bytes.

    ``key`` names the feed in the flattred-episodes state; by default the URL, the file's
    absolute ``file://`` URL, or for bytes the feed's own link. ``session`` (a
    ``requests.Session``) is used to fetch URLs when given. Raises :class:`FeedError` naming the
    source when it cannot be fetched or is not a well-formed feed.
    """
    import feedparser  # late: importing flattr_core.feeds must stay cheap for the CLI's --help

    document, default_key, shown = _load(source, session)
    size = document.stat().st_size if isinstance(document, Path) else len(document)
    pieces = split(document) if size >= SPLIT_FROM_BYTES else None
    if pieces is None and isinstance(document, Path):
        document = _read_file(document, shown)
    entries: list[FeedEntry] = []
    channel: dict[str, Any] = {}
    feed_key = ""
    for piece in pieces if pieces is not None else iter([document]):
        # No sanitising: the HTML is never shown, only searched for payment links, which the
        # sanitiser would strip (it drops <link> elements). No resolving of relative URIs
        # either: payment links must be absolute (Flattr docs: payment links in feeds), and it
        # costs ~15 %.
        parsed = feedparser.parse(piece, sanitize_html=False, resolve_relative_uris=False)
        _check(parsed, shown)
        if not entries:
            channel = dict(parsed.get("feed", {}))
            feed_key = key or default_key or _link(channel) or "(feed bytes)"
        else:
            # Channel fields after the last entry are only in the last chunk.
            later = parsed.get("feed", {})
            channel = {
                **later,
                **channel,
                "links": [*channel.get("links", ()), *later.get("links", ())],
            }
        first = len(entries)
        entries += [_entry(feed_key, raw, first + i) for i, raw in enumerate(parsed.entries)]
        del parsed  # one chunk's dicts at a time
    title = str(channel.get("title") or shown)
    links = _payment_links(channel.get("links", ()), ())
    return Feed(feed_key, title, _link(channel), links, entries)


def _load(
    source: str | os.PathLike[str] | bytes, session: Any
) -> tuple[bytes | Path, str | None, str]:
    """The feed (bytes, or a file to read in pieces), its default key and how to name it."""
    if isinstance(source, bytes):
        return source, None, "the feed bytes"
    text = os.fspath(source)
    if text.startswith(("http://", "https://")):
        return _fetch(text, session), text, text
    path = Path(text).expanduser()
    if not path.is_file():
        raise FeedError(
            f"feed {text}: no such file; give a feed file or an http(s) URL", source=text
        )
    return path, path.resolve().as_uri(), text


def _read_file(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FeedError(
            f"feed {shown}: cannot read it ({exc.strerror or exc})", source=shown
        ) from None


def _fetch(url: str, session: Any) -> bytes:
    import requests

    getter = session if session is not None else requests
    try:
        response = getter.get(url, timeout=FETCH_TIMEOUT, headers={"Accept": _ACCEPT})
    except requests.RequestException as exc:
        raise FeedError(
            f"feed {url}: could not fetch it ({type(exc).__name__}); check the URL and network",
            source=url,
        ) from None
    if response.status_code != 200:
        raise FeedError(
            f"feed {url}: the server answered HTTP {response.status_code}; check the URL",
            source=url,
        )
    return bytes(response.content)


_ACCEPT: Final = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)


def _check(parsed: Any, shown: str) -> None:
    """A feed that is not well-formed is refused whole: feedparser's lenient fallback would
    silently lose entries or their payment links, and half a feed must not be flattred."""
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, xml.sax.SAXParseException):
        raise FeedError(
            f"feed {shown} is not well-formed XML (line {problem.getLineNumber()}: "
            f"{problem.getMessage()}); nothing was flattred, fix or re-download the feed",
            source=shown,
        )
    if not parsed.get("version"):
        raise FeedError(
            f"feed {shown} is not an RSS or Atom feed; nothing was flattred",
            source=shown,
        )


def _entry(feed_key: str, raw: Mapping[str, Any], index: int) -> FeedEntry:
    html = [str(c.get("value", "")) for c in raw.get("content", ()) if _is_html(c)]
    detail = raw.get("summary_detail")
    if detail and _is_html(detail):
        html.append(str(detail.get("value", "")))
    links = _payment_links(raw.get("links", ()), html)
    link = _link(raw)
    guid = str(raw.get("id") or link or _first(links) or f"#entry-{index + 1}")
    return FeedEntry(
        feed=feed_key,
        guid=guid,
        title=str(raw.get("title") or ""),
        link=link,
        published=_date(raw.get("published_parsed") or raw.get("updated_parsed")),
        payment_links=links,
    )


def _is_html(detail: Mapping[str, Any]) -> bool:
    return str(detail.get("type", "")).endswith("html")


def _first(links: tuple[PaymentLink, ...]) -> str | None:
    return links[0].href if links else None


def _link(raw: Mapping[str, Any]) -> str | None:
    link = raw.get("link")
    return str(link) if link else None


def _date(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.timezone.utc)


def _payment_links(
    links: Iterable[Mapping[str, Any]], html: Iterable[str]
) -> tuple[PaymentLink, ...]:
    found: dict[str, PaymentLink] = {}
    for link in links:
        href = str(link.get("href") or "").strip()
        if href and _is_payment(link.get("rel")) and href not in found:
            found[href] = PaymentLink(href, "link")
    for fragment in html:
        if "payment" not in fragment:
            continue  # most entries: skip the HTML parser altogether
        for href in _html_payment_links(fragment):
            if href not in found:
                found[href] = PaymentLink(href, "html")
    return tuple(found.values())


def _is_payment(rel: Any) -> bool:
    return isinstance(rel, str) and "payment" in rel.lower().split()


class _PaymentLinkFinder(HTMLParser):
    """Collects the href of every ``<link>`` or ``<a>`` whose rel includes ``payment``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("link", "a"):
            return
        values = dict(attrs)
        href = (values.get("href") or "").strip()
        if href and _is_payment(values.get("rel")):
            self.hrefs.append(href)

    handle_startendtag = handle_starttag


def _html_payment_links(fragment: str) -> list[str]:
    finder = _PaymentLinkFinder()
    finder.feed(fragment)
    finder.close()
    return finder.hrefs
