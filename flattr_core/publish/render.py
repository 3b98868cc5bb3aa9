"""Rendering: the auto-submit URL, buttons, head tags, the load.js loader and feed link data.

Pure by design: no network, no clock, no global state; the same item and options
always give the same bytes, so builds are reproducible and rendered pages diff cleanly.

HTML comes from Jinja templates under ``templates/flattr/`` with autoescaping on, so every value
is escaped for where it lands: the auto-submit URL percent-encodes each parameter, the template
then escapes that URL (``&`` -> ``&amp;``) inside the attribute, and titles and descriptions are
escaped as text or attribute values. A theme overrides any template by putting a file with the
same name under ``flattr/`` in one of ``template_dirs`` (searched first, in order).

Templates (each documented in its own header comment):

* ``flattr/button-static.html``: badge image link (style "static", the default);
* ``flattr/button-js.html``: load.js button (styles "js" and "compact");
* ``flattr/button-text.html``: plain text link (style "text");
* ``flattr/head.html``: ``<link rel="payment">`` and ``<meta name="flattr:id">``;
* ``flattr/loader.html``: the async load.js script tag.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from os import PathLike
from typing import TYPE_CHECKING, Any, Final

import jinja2
from markupsafe import Markup, escape

from flattr_core.publish.entry import BUTTON_STYLES, Item, PublishOptions, SettingsError
from flattr_core.publish.normaliser import site_item
from flattr_core.publish.template_cache import template_cache
from flattr_core.urls import auto_submit_url

if TYPE_CHECKING:
    from flattr_core.publish.feedlink import FeedLink

#: Path of the badge inside a built site, relative to its root (plugins copy BADGE_ASSETS there).
BADGE_PATH: Final = "flattr/flattr-badge.svg"
BADGE_WIDTH: Final = 93
BADGE_HEIGHT: Final = 20

#: Styles whose button needs Flattr's load.js on the page.
LOADER_STYLES: Final = frozenset({"js", "compact"})

_TEMPLATES: Final = {
    "static": "flattr/button-static.html",
    "js": "flattr/button-js.html",
    "compact": "flattr/button-js.html",
    "text": "flattr/button-text.html",
}


# The package's own files are read from its folder: pip installs packages as files, and
# importlib.resources (with its readers) or Jinja's PackageLoader would add imports and lookups
# to every site build for a zip install that does not happen.
_HERE = os.path.dirname(os.path.abspath(__file__))


def _read_badge_assets() -> dict[str, bytes]:
    with open(os.path.join(_HERE, "static", "flattr-badge.svg"), "rb") as badge:
        return {BADGE_PATH: badge.read()}


#: Relative file name in the built site -> bytes. Plugins write these into their output.
BADGE_ASSETS: Final[dict[str, bytes]] = _read_badge_assets()


#: Where flattr.com's pages served load.js from (its API host, not the web host).
FLATTR_LOADER_URL = "https://api.flattr.com/js/0.6/load.js?mode=auto"


def loader_url(web_url: str) -> str:
    """load.js for the service at ``web_url``: Flattr's own for flattr.com, else the server's
    ``/js/0.6/load.js`` (the sandbox serves one), so a JS button works against whatever server
    its payment links point at."""
    base = web_url.rstrip("/")
    if base in ("https://flattr.com", "http://flattr.com", "https://www.flattr.com"):
        return FLATTR_LOADER_URL
    return f"{base}/js/0.6/load.js?mode=auto"


def payment_url(item: Item, web_url: str) -> str:
    """The auto-submit URL for ``item`` (``flattr_core.urls.auto_submit_url`` says how it is
    written); ``AutoSubmit.parse`` reads it back."""
    return auto_submit_url(
        web_url,
        user_id=item.owner,
        url=item.url,
        title=item.title,
        description=item.description,
        language=item.language or "",
        tags=item.tags,
        hidden=item.hidden,
        category=item.category,
    )


def escape_url(url: str) -> Markup:
    """``markupsafe.escape(url)``, the same markup, for a URL: a percent-encoded payment URL
    has no ``<``, ``>`` or quotes, only ``&`` to escape, which ``str.replace`` does in a
    fraction of the time escape takes to look at each of its 2,000 characters."""
    if '"' in url or "'" in url or "<" in url or ">" in url:
        return escape(url)
    return Markup(url.replace("&", "&amp;"))


class _TemplateUrl(str):
    """A payment URL as templates get it: the raw URL to every filter and string operation
    (``{{ payment_url|urlencode }}`` encodes the URL itself), and, through ``__html__``, markup
    escaped once per item to autoescaping (``{{ payment_url }}``): a page prints it twice."""

    _html: Markup

    def __html__(self) -> Markup:
        return self._html


def _template_url(url: str) -> _TemplateUrl:
    value = _TemplateUrl(url)
    value._html = escape_url(url)
    return value


class Renderer:
    """Renders Flattr HTML for one site's ``PublishOptions``.

    ``template_dirs``: theme directories searched before the built-in templates (a theme's
    ``flattr/button-static.html`` replaces ours). ``badge_url``: where the badge is served;
    defaults to ``{site_url}/flattr/flattr-badge.svg`` (the file from ``BADGE_ASSETS``).
    """

    def __init__(
        self,
        options: PublishOptions,
        template_dirs: Iterable[str | PathLike[str]] = (),
        *,
        badge_url: str | None = None,
    ) -> None:
        self.options = options
        self.badge_url = badge_url or f"{options.site_url.rstrip('/')}/{BADGE_PATH}"
        loaders: list[jinja2.BaseLoader] = [
            jinja2.FileSystemLoader([str(d) for d in template_dirs])
        ]
        loaders.append(jinja2.FileSystemLoader(os.path.join(_HERE, "templates")))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,  # every template, whatever its file name
            undefined=jinja2.StrictUndefined,  # a typo in a theme template fails loudly
            keep_trailing_newline=False,
            # A Renderer lives for one build: templates do not change under it, so skip the
            # file-system check Jinja would otherwise make on every render of every page.
            auto_reload=False,
            # Compiled templates from earlier builds (flattr_core.publish.template_cache).
            bytecode_cache=template_cache(),
        )
        self._site_item = site_item(options)
        # Keyed by the item object (kept alive as the entry's first half), not by its value:
        # hashing an item's nine fields in Python, three times a page, cost more than the
        # lookup saves; an equal item of another object is simply encoded again. The value:
        # the item, its payment URL, and that URL as templates get it (escaped only once).
        self._urls: dict[int, tuple[Item, str, _TemplateUrl]] = {}
        self._templates: dict[str, tuple[jinja2.Template, dict[str, Any]]] = {}

    # -- URLs ---------------------------------------------------------------------------------

    def payment_url(self, item: Item) -> str:
        """The auto-submit URL for ``item`` (raw: escape it for wherever you put it)."""
        return self._payment_urls(item)[1]

    def _payment_urls(self, item: Item) -> tuple[Item, str, _TemplateUrl]:
        # A page asks for it up to four times (button, head, feed, template helper); encoding a
        # 1000-character description is the costliest step of rendering, so do it once per item,
        # and escape it once for the templates that put it in an attribute (button and head).
        found = self._urls.get(id(item))
        if found is not None and found[0] is item:
            return found
        url = payment_url(item, self.options.web_url)
        found = self._urls[id(item)] = (item, url, _template_url(url))
        return found

    def site_payment_url(self) -> str | None:
        """The auto-submit URL for the whole site, or None without a site user or absolute URL."""
        if self._site_item is None:
            return None
        return payment_url(self._site_item, self.options.web_url)

    # -- HTML ---------------------------------------------------------------------------------

    def button(
        self, item: Item | None, style: str | None = None, badge_url: str | None = None
    ) -> Markup:
        """The button for ``item`` in ``style`` (default: ``options.button``); empty for None."""
        style = style or self.options.button
        if style not in BUTTON_STYLES:
            raise SettingsError(
                f"Flattr button style must be one of {', '.join(BUTTON_STYLES)}; got {style!r}"
            )
        if item is None or style == "none":
            return Markup("")
        return self._render(
            _TEMPLATES[style],
            item=item,
            payment_url=self._payment_urls(item)[2],
            badge_url=badge_url or self.badge_url,
            badge_width=BADGE_WIDTH,
            badge_height=BADGE_HEIGHT,
            compact=style == "compact",
            popout=self.options.popout,
            style=style,
        )

    def head(self, item: Item | None) -> Markup:
        """``<link rel="payment">`` for ``item`` (+ ``<meta name="flattr:id">`` when set)."""
        return self._render(
            "flattr/head.html",
            item=item,
            payment_url=self._payment_urls(item)[2] if item is not None else None,
            flattr_id=self.options.flattr_id,
        )

    def site_head(self) -> Markup:
        """The head tags for index pages: the site's payment link and the flattr:id meta."""
        return self.head(self._site_item)

    def loader(self) -> Markup:
        """The async load.js tag; put it only on pages where ``uses_loader`` is true."""
        return self._render("flattr/loader.html", loader_url=loader_url(self.options.web_url))

    def uses_loader(self, style: str | None = None) -> bool:
        """Whether a page with a button of ``style`` (default ``options.button``) needs load.js."""
        return (style or self.options.button) in LOADER_STYLES

    # -- feeds --------------------------------------------------------------------------------

    def feed_link(self, item: Item) -> FeedLink:
        """Data for the entry's Atom ``<link rel="payment">`` / RSS ``<atom:link>``."""
        from flattr_core.publish.feedlink import FeedLink  # feeds only: a page build needs none

        return FeedLink(href=self.payment_url(item))

    def site_feed_link(self) -> FeedLink | None:
        """Data for the feed channel's payment link, or None when the site has no payment URL."""
        from flattr_core.publish.feedlink import FeedLink

        url = self.site_payment_url()
        return FeedLink(href=url) if url else None

    # -- internals ----------------------------------------------------------------------------

    def _render(self, name: str, **context: Any) -> Markup:
        # Jinja's own cache lookup (key, loader weakref) costs more than a dict; templates do not
        # change under a Renderer (auto_reload is off).
        found = self._templates.get(name)
        if found is None:
            template = self.env.get_template(name)
            # A plain copy of the template's globals (a ChainMap over the environment's), made
            # once: Template.render copies them from the ChainMap on every call, twice, which
            # was half of what a button cost.
            found = self._templates[name] = (template, dict(template.globals))
        template, globals_ = found
        # What Template.render does, with the copied globals (Jinja: Template.new_context).
        variables = {**globals_, "options": self.options, **context}
        render_context = self.env.context_class(
            self.env, variables, template.name, template.blocks, globals=globals_
        )
        try:
            html = "".join(template.root_render_func(render_context))
        except Exception:
            self.env.handle_exception()  # raises, with the template's file and line
        return Markup(html.strip())
