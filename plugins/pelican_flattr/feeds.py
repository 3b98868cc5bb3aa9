"""Payment links in every feed Pelican writes (Atom and RSS; all, category, tag, author and
translation feeds alike), added at ``feed_generated`` before the file is written.

Pelican's writer calls ``feed.add_item`` with a fixed set of arguments, so there is no way to
pass extra data in. Instead each item dict gets a ``flattr_payment`` entry (the engine's
``FeedLink``) and the feed object's class is swapped for a subclass of *its current class* that
writes it: ``<link rel="payment">`` in Atom, ``<atom:link rel="payment">`` in RSS (feedgenerator's
RSS root already declares ``xmlns:atom``). Subclassing the current class keeps whatever another
plugin swapped in before us. The XML writer escapes every attribute value.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin
from xml.sax.saxutils import quoteattr

from feedgenerator import Atom1Feed, SyndicationFeed
from feedgenerator.django.utils.feedgenerator import RssFeed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator

ITEM_KEY = "flattr_payment"
ATOM_NS = "http://www.w3.org/2005/Atom"

_classes: dict[type, type] = {}


def _link_attrs(link: Any) -> dict[str, str]:
    return {"rel": link.rel, "href": link.href, "type": link.type}


def _empty_element(tag: str, link: Any) -> str:
    """``<tag href="..." rel="payment" type="text/html"/>``: what feedgenerator's writer makes of
    ``addQuickElement(tag, "", attrs)`` (attributes sorted, ``quoteattr``, short empty element).
    """
    return f"<{tag}{_attributes(link)}/>"


@lru_cache(maxsize=4096)
def _attributes(link: Any) -> str:
    """The link's attributes as the writer writes them, made once per link.

    An article is in several feeds (all, its category's, each tag's; Atom and RSS), and escaping
    its long payment URL again in each one was most of what the links cost a build.
    """
    return "".join(
        f" {name}={_quoteattr(value)}" for name, value in sorted(_link_attrs(link).items())
    )


def _quoteattr(value: str) -> str:
    """``xml.sax.saxutils.quoteattr(value)`` at a quarter of the cost for a value with no ``<``,
    ``>``, ``"``, tab or line break, as a payment URL (percent-encoded): ``&`` is all there is to
    escape in it. quoteattr's six ``str.replace`` calls scan a long URL slowly even when they
    find nothing."""
    if (
        "<" in value
        or ">" in value
        or '"' in value
        or "\n" in value
        or "\r" in value
        or "\t" in value
    ):
        return quoteattr(value)
    if "&" in value:
        value = value.replace("&", "&amp;")
    return f'"{value}"'


def _add_link(handler: Any, tag: str, link: Any) -> None:
    # feedgenerator's writer sorts attributes and writes short empty elements (``<link .../>``);
    # any other writer, or one set otherwise, writes the element itself. ignorableWhitespace is
    # the SAX call that writes its text unescaped; the element is escaped already.
    if (
        isinstance(handler, SimplerXMLGenerator)
        and getattr(handler, "_short_empty_elements", False) is True
    ):
        handler.ignorableWhitespace(_empty_element(tag, link))
    else:
        handler.addQuickElement(tag, "", _link_attrs(link))


def payment_feed_class(base: type[Any]) -> type | None:
    """A subclass of ``base`` that writes payment links; None for feed types we don't know."""
    if getattr(base, "_flattr_payment", False):
        return base
    if base in _classes:
        return _classes[base]
    if issubclass(base, RssFeed):
        tag = "atom:link"
    elif issubclass(base, Atom1Feed):
        tag = "link"
    else:
        return None

    def add_root_elements(self: Any, handler: Any) -> None:
        base.add_root_elements(self, handler)
        link = self.feed.get(ITEM_KEY)
        if link is not None:
            _add_link(handler, tag, link)

    def add_item_elements(self: Any, handler: Any, item: Mapping[str, Any]) -> None:
        base.add_item_elements(self, handler, item)
        link = item.get(ITEM_KEY)
        if link is not None:
            _add_link(handler, tag, link)

    cls = type(
        f"Flattr{base.__name__}",
        (base,),
        {
            "__module__": __name__,
            "__doc__": f"{base.__name__} with Flattr payment links.",
            "_flattr_payment": True,
            "add_root_elements": add_root_elements,
            "add_item_elements": add_item_elements,
        },
    )
    _classes[base] = cls
    return cls


def add_payment_links(
    feed: SyndicationFeed,
    lookup: Callable[[str], Any | None],
    channel_link: Any | None,
) -> int:
    """Attach links to ``feed`` in place; returns how many items got one.

    ``lookup`` maps an item's link (``?ref=feed`` already stripped) to a ``FeedLink`` or None.
    """
    cls = payment_feed_class(type(feed))
    if cls is None:
        return 0
    count = 0
    for item in feed.items:
        link = item.get("link") or ""
        found = lookup(link.removesuffix("?ref=feed"))
        if found is not None:
            item[ITEM_KEY] = found
            count += 1
    if channel_link is not None:
        feed.feed[ITEM_KEY] = channel_link
    if count or channel_link is not None:
        feed.__class__ = cls
    return count


def feed_link_key(settings: dict[str, Any], url: str) -> str:
    """The link Pelican's writer puts in a feed item for a content ``url`` (see
    ``Writer._add_item_to_the_feed``), without the ``?ref=feed`` suffix."""
    site_url = settings.get("SITEURL") or ""
    if settings.get("RELATIVE_URLS"):
        return posixpath.join(site_url, url)
    return absolute_url(site_url, url)


def absolute_url(site_url: str, url: str) -> str:
    """The published URL of a page, joined the way Pelican's writer joins feed links."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    if url and not url.startswith(("/", ".")) and "://" not in url and "/." not in url:
        return base + url  # what urljoin returns for a plain relative path, ten times faster
    return urljoin(base, url)
