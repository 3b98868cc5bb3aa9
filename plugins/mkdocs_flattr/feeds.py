"""Payment links in the feeds of mkdocs-rss-plugin (``rss`` under ``plugins:``).

The rss plugin renders its feeds from a fixed template with no per-entry hook, and writes them in
its ``on_post_build``. So this module post-processes the written files, from the flattr plugin's
``on_post_build`` at priority -100 (the rss plugin's runs at 0, i.e. before):

* every ``rss`` instance in ``config.plugins`` (``rss``, ``rss #2``, ...) is asked where its feeds
  went: ``feeds_filenames`` (defaults ``feed_rss_created.xml``, ``feed_rss_updated.xml``,
  ``feed_json_created.json``, ``feed_json_updated.json``), minus the kinds it has turned off;
* each feed entry is matched to a page by its ``guid`` / ``id`` (the page's canonical URL), else
  its ``link`` / ``url``, compared by ``url_key`` (no query, no ``index.html``, no trailing slash,
  one percent-encoding);
* RSS: one ``<atom:link rel="payment" href="..." type="text/html"/>`` per ``<item>`` whose page has
  a Flattr item, and the site's link in ``<channel>`` (Flattr API docs: payment links);
  ``xmlns:atom`` is declared on ``<rss>`` when the feed lacks it. JSON Feed: an
  ``"_flattr": {"payment_url": ...}`` extension object (JSON Feed 1.1 "Extensions": names start
  with ``_``) per item and at the top.

The payment links in these feeds are the plugin's own: each run first removes the ones a previous
run left (the rss template writes none), then adds the current ones. Patching a patched feed
therefore changes nothing, an opted-out page loses its link, and nothing is ever added twice.
Files are replaced atomically (temporary file in the same folder, then ``os.replace``).

The plugin calls one function, ``add_payment_links``; the rest is its parts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast
from urllib.parse import quote, unquote, urlsplit, urlunsplit
from xml.dom import XMLNS_NAMESPACE, minidom
from xml.parsers.expat import ExpatError

from mkdocs.exceptions import PluginError

from flattr_core.errors import FlattrError
from flattr_core.fileio import write_atomic

if TYPE_CHECKING:
    from logging import LoggerAdapter

    from mkdocs.config.defaults import MkDocsConfig

    from flattr_core.publish.entry import Item
    from flattr_core.publish.feedlink import FeedLink
    from flattr_core.publish.render import Renderer

ATOM_NS = "http://www.w3.org/2005/Atom"
#: The JSON Feed extension key (on each item and on the feed).
JSON_KEY = "_flattr"
#: mkdocs-rss-plugin's ``feeds_filenames`` keys and their defaults.
DEFAULT_FILENAMES = {
    "rss_created": "feed_rss_created.xml",
    "rss_updated": "feed_rss_updated.xml",
    "json_created": "feed_json_created.json",
    "json_updated": "feed_json_updated.json",
}
# Characters a path keeps unencoded (RFC 3986 pchar plus "/"): both sides encode the rest alike.
_PATH_SAFE = "/!$&'()*+,;=:@-._~"


class FeedError(FlattrError, ValueError):
    """A feed file that cannot be patched (not well-formed, not an RSS / JSON Feed document)."""


@dataclass(frozen=True)
class FeedFile:
    """One feed an rss plugin instance writes."""

    path: Path
    name: str  # as configured, relative to site_dir: "feed_rss_created.xml"
    kind: Literal["rss", "json"]
    plugin: str  # the instance name under plugins: ("rss", "rss #2"), for messages


@dataclass(frozen=True)
class Patched:
    """A patched feed: its new bytes, how many entries it has and how many got a link."""

    data: bytes
    entries: int
    linked: int


def url_key(url: str) -> str:
    """``url`` in the form both sides of a match share.

    ``https://Example.org/a/b/``, ``.../a/b``, ``.../a/b/index.html``, ``.../a/b/?utm_source=rss``
    and the percent-encoded and raw forms of a non-ASCII path all give one key. The rss plugin's
    ``url_parameters`` add a query to ``<link>``: MkDocs pages are files, a query never names
    another page.
    """
    parts = urlsplit(url.strip())
    path = quote(unquote(parts.path), safe=_PATH_SAFE)
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path.rstrip("/"), "", ""))


class PaymentLinks:
    """Feed entry -> the payment link of its page's Flattr item (``Renderer.feed_link``)."""

    def __init__(self, pages: Iterable[tuple[str, Item | None]], renderer: Renderer) -> None:
        # None for pages without a Flattr item (opted out, excluded, drafts).
        self._items = {url_key(url): item for url, item in pages if url}
        self._renderer = renderer
        self.site: FeedLink | None = renderer.site_feed_link()

    def for_entry(self, *urls: object) -> FeedLink | None:
        """The link for an entry known by these URLs (guid first), or None."""
        for url in urls:
            if isinstance(url, str) and url.strip():
                key = url_key(url)
                if key in self._items:
                    item = self._items[key]
                    return self._renderer.feed_link(item) if item is not None else None
        return None


def add_payment_links(
    config: MkDocsConfig,
    pages: Iterable[tuple[str, Item | None]],
    renderer: Renderer,
    log: LoggerAdapter[Any],
) -> None:
    """Payment links in every feed the rss plugin instances of ``config`` wrote.

    ``pages``: each page's canonical URL with its Flattr item (None: no link for it). A feed that
    cannot be read is a warning naming it; a site folder that cannot be written stops the build.
    """
    feeds = rss_feed_files(config)
    if not feeds:
        return
    links = PaymentLinks(pages, renderer)
    try:
        for feed, patched in patch_feeds(feeds, links):
            linked = f"{patched.linked} of {patched.entries}"
            log.debug(f"{feed.name}: payment links in {linked} entries")
    except FeedError as error:
        log.warning(f"payment links not added to the rss plugin's feed: {error}")
    except OSError as error:  # site_dir not writable: nothing later in the build could be
        raise PluginError(
            f"cannot write payment links into {error.filename or 'a feed'}: "
            f"{error.strerror or error}"
        ) from error


# -- where the feeds are -------------------------------------------------------------------


def rss_feed_files(config: MkDocsConfig) -> list[FeedFile]:
    """The feed files of every enabled mkdocs-rss-plugin instance, each file once."""
    found: dict[Path, FeedFile] = {}
    for name, plugin in config.plugins.items():
        options = getattr(plugin, "config", None)
        # "rss", "rss #2", ...; the feeds_filenames check keeps out an unrelated plugin that
        # happens to be called rss.
        if name.split(" #")[0] != "rss" or not hasattr(options, "get"):
            continue
        assert options is not None
        if not options.get("enabled", True) or "feeds_filenames" not in options:
            continue
        names = options.get("feeds_filenames") or {}
        kinds: list[Literal["rss", "json"]] = []
        if options.get("rss_feed_enabled", True):
            kinds.append("rss")
        if options.get("json_feed_enabled", True):
            kinds.append("json")
        for kind in kinds:
            for which in ("created", "updated"):
                key = f"{kind}_{which}"
                filename = names.get(key) or DEFAULT_FILENAMES[key]
                path = Path(config.site_dir) / filename
                found.setdefault(path, FeedFile(path, filename, kind, name))
    return list(found.values())


# -- RSS -----------------------------------------------------------------------------------


def patch_rss(data: bytes, links: PaymentLinks) -> Patched:
    """``data`` (an RSS 2.0 document) with the payment links of ``links``."""
    try:
        doc = minidom.parseString(data)
    except ExpatError as error:
        raise FeedError(f"not well-formed XML ({error})") from error
    root = doc.documentElement
    if root is None or root.tagName != "rss":
        name = root.tagName if root is not None else "none"
        raise FeedError(f"expected an RSS 2.0 document (root element <rss>), found <{name}>")
    tag = f"{_atom_prefix(root)}:link"
    entries = linked = 0
    for channel in _children(root, "channel"):
        _set_payment_link(doc, channel, tag, links.site, after=_channel_anchor)
        for item in _children(channel, "item"):
            link = links.for_entry(_text(item, "guid"), _text(item, "link"))
            _set_payment_link(doc, item, tag, link, after=_last_element)
            entries += 1
            linked += link is not None
    return Patched(doc.toxml(encoding="UTF-8"), entries, linked)


def _atom_prefix(root: minidom.Element) -> str:
    """The prefix ``root`` binds to the Atom namespace, declaring ``xmlns:atom`` if none is."""
    taken: set[str] = set()
    for name, value in root.attributes.items():
        if name.startswith("xmlns:"):
            if value == ATOM_NS:
                return name[len("xmlns:") :]
            taken.add(name[len("xmlns:") :])
    prefix = "atom"
    while prefix in taken:  # "atom" bound to another namespace: pick a free prefix
        prefix += "_"
    root.setAttributeNS(XMLNS_NAMESPACE, f"xmlns:{prefix}", ATOM_NS)
    return prefix


def _children(parent: minidom.Element, name: str) -> list[minidom.Element]:
    return [
        node
        for node in parent.childNodes
        if isinstance(node, minidom.Element)
        and node.namespaceURI is None
        and node.localName == name
    ]


def _text(parent: minidom.Element, name: str) -> str | None:
    for node in _children(parent, name):
        return "".join(
            child.data for child in node.childNodes if isinstance(child, minidom.Text)
        ).strip()
    return None


def _is_payment_link(node: minidom.Node) -> bool:
    return (
        isinstance(node, minidom.Element)
        and node.namespaceURI == ATOM_NS
        and node.localName == "link"
        and node.getAttribute("rel").strip().lower() == "payment"
    )


def _is_blank(node: minidom.Node | None) -> bool:
    return isinstance(node, minidom.Text) and not node.data.strip()


def _last_element(parent: minidom.Element) -> minidom.Element | None:
    elements = [n for n in parent.childNodes if isinstance(n, minidom.Element)]
    return elements[-1] if elements else None


def _channel_anchor(channel: minidom.Element) -> minidom.Element | None:
    """The channel link goes after the feed's own ``atom:link rel="self"``, else after the
    last channel element before the first ``<item>``."""
    anchor = None
    for node in channel.childNodes:
        if not isinstance(node, minidom.Element) or _is_payment_link(node):
            continue
        if node.namespaceURI is None and node.localName == "item":
            break
        if (node.namespaceURI, node.localName) == (ATOM_NS, "link") and node.getAttribute(
            "rel"
        ) == "self":
            return node
        anchor = node
    return anchor


def _set_payment_link(
    doc: minidom.Document,
    parent: minidom.Element,
    tag: str,
    link: FeedLink | None,
    *,
    after: Callable[[minidom.Element], minidom.Element | None],
) -> None:
    """Make ``link`` the one payment link of ``parent`` (none when ``link`` is None).

    The element goes right after the element ``after(parent)`` names (appended when None),
    preceded by the line break and indentation of that element, so pretty-printed feeds stay
    aligned. Removal takes the element and the whitespace before it: removing then adding
    again gives the same bytes.
    """
    for node in list(parent.childNodes):
        if _is_payment_link(node):
            previous = node.previousSibling
            if isinstance(previous, minidom.Text) and _is_blank(previous):
                parent.removeChild(previous)
            parent.removeChild(node)
    if link is None:
        return
    anchor = after(parent)  # looked up now: it may have been a payment link just removed
    element = doc.createElementNS(ATOM_NS, tag)
    # rel, href, type as in Flattr API docs: payment links (the same three the Pelican feeds carry).
    element.setAttribute("rel", link.rel)
    element.setAttribute("href", link.href)  # raw URL; the XML writer escapes "&"
    element.setAttribute("type", link.type)
    if anchor is None:
        parent.appendChild(element)
        return
    # An element's sibling is never a DocumentType; typeshed's union says it could be.
    before = cast("minidom.Element | minidom.Text | None", anchor.nextSibling)
    indent = anchor.previousSibling
    if isinstance(indent, minidom.Text) and _is_blank(indent):
        # The anchor's own line break and indentation, not the blank lines before it.
        space = indent.data
        parent.insertBefore(doc.createTextNode(space[space.rfind("\n") :]), before)
    parent.insertBefore(element, before)


# -- JSON Feed -----------------------------------------------------------------------------


def patch_json(data: bytes, links: PaymentLinks) -> Patched:
    """``data`` (a JSON Feed document) with ``"_flattr": {"payment_url": ...}`` extensions."""
    try:
        text = data.decode("utf-8")
        feed = json.loads(text)
    except ValueError as error:  # UnicodeDecodeError and JSONDecodeError alike
        raise FeedError(f"not valid JSON ({error})") from error
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise FeedError("expected a JSON Feed object with an 'items' list")
    _set_extension(feed, links.site)
    entries = linked = 0
    for item in feed["items"]:
        if isinstance(item, dict):
            link = links.for_entry(item.get("id"), item.get("url"))
            _set_extension(item, link)
            entries += 1
            linked += link is not None
    # The rss plugin writes one line, or indent=4 with its pretty_print option: keep that.
    indent = 4 if "\n" in text.strip() else None
    return Patched(json.dumps(feed, indent=indent).encode("utf-8"), entries, linked)


def _set_extension(obj: dict[str, Any], link: FeedLink | None) -> None:
    obj.pop(JSON_KEY, None)
    if link is not None:
        obj[JSON_KEY] = {"payment_url": link.href}


# -- files ---------------------------------------------------------------------------------


def patch_feeds(
    feeds: Iterable[FeedFile], links: PaymentLinks
) -> Iterator[tuple[FeedFile, Patched]]:
    """Patch ``feeds`` (see ``rss_feed_files``); yields each patched file.

    A feed file that is missing is skipped (the rss plugin did not write it); one that cannot be
    parsed raises ``FeedError`` naming the file, after the others were patched.
    """
    failures: list[str] = []
    for feed in feeds:
        try:
            data = feed.path.read_bytes()
        except FileNotFoundError:
            continue
        try:
            patched = patch_rss(data, links) if feed.kind == "rss" else patch_json(data, links)
        except FeedError as error:
            failures.append(f"{feed.name} (written by plugin '{feed.plugin}'): {error}")
            continue
        if patched.data != data:
            write_atomic(feed.path, patched.data)
        yield feed, patched
    if failures:
        raise FeedError("; ".join(failures))
