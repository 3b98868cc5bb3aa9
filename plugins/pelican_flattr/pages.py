"""Everything a page shows: which articles and pages are in scope, what each one tells Flattr,
and how the results reach the written HTML.

* ``build_run`` (at ``all_generators_finalized``) turns every article, translation and page in
  scope into an ``Entry``, has the engine normalise it once, and attaches the rendered button,
  head tags and payment URL as ``content.flattr`` (a ``FlattrInfo``). Everything later (pages,
  feeds, helpers, sync) only reads what is made there, so per-page work is a dict lookup.
* What the template helpers print (``SiteRun.button_for`` and friends; the helpers themselves
  are in the package's ``__init__``, which must stay cheap to import).
* Automatic insertion, so that any theme works unchanged: the head links, the button around the
  body, the site's link on index pages and Flattr's loader where a JS button is shown. It runs on
  the rendered text before Pelican writes it (a patched Jinja ``template_class``: no extra file
  I/O), and ``update_written_page`` rewrites the file at ``content_written`` for any page that
  did not go through a patched template. Whatever the theme printed through the helpers is not
  printed again.

Scope rule (one place, documented in docs/reference/pelican-settings.md):

* drafts never, whatever their metadata says;
* ``flattr: no`` (or false/off/0) opts any article or page out;
* published articles and their translations are in;
* pages (and their translations) only with ``FLATTR['pages'] = True``;
* Pelican ``status: hidden`` content is unlisted on purpose, so it is out unless the item itself
  says ``flattr: yes``; then its Flattr thing is hidden too unless ``flattr_hidden`` says otherwise.
  A page with ``flattr: yes`` is in even when ``pages`` is off.

``FLATTR['hidden']`` is a different thing: the default of the Flattr *thing's* hidden flag.

State: one ``Site`` per Pelican instance (settings, renderer), one ``SiteRun`` per build. The
run is put into Pelican's shared context as ``flattr_site``; every feed and page context is a
copy of it, so ``feed_generated`` and the page hooks find it there and templates can use it
(``{{ flattr_site.head }}``, ``{{ flattr_site.payment_url }}``). ``pelican -r`` builds again on
the same instance with a fresh ``SiteRun``. Nothing here is pickled: the content cache is saved
before ``all_generators_finalized``.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import weakref
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from jinja2 import Template
from markupsafe import Markup

from flattr_core._records import FrozenRecord, record_class
from flattr_core.publish import (
    Entry,
    FeedLink,
    Item,
    insert_before_head_end,
    log_problems,
    normalise,
)
from flattr_core.publish.options import parse_bool
from flattr_core.publish.render import BADGE_PATH
from pelican_flattr import CONTEXT_KEY
from pelican_flattr.feeds import absolute_url, feed_link_key
from pelican_flattr.settings import FlattrSettings

if TYPE_CHECKING:
    from flattr_core.publish.render import Renderer

logger = logging.getLogger(__name__)


# -- What a template sees of one article: article.flattr ------------------------------------------


# Records without generated methods, and plain classes for the per-build state: creating a
# dataclass costs every build about 5M instructions (flattr_core._records).


@record_class
class FlattrInfo(FrozenRecord):
    """``article.flattr``: the normalised ``Item`` plus its rendered strings. Plain data, so it
    costs nothing to read; ``{{ article.flattr }}`` prints the button, and content that is out of
    scope has ``article.flattr = None`` (``{% if article.flattr %}`` is the test a theme needs).
    """

    item: Item
    payment_url: str
    button: Markup  # in the site's button style
    head: Markup  # <link rel="payment"> (+ <meta name="flattr:id">)
    uses_loader: bool  # the button needs Flattr's load.js on the page

    def __init__(
        self, item: Item, payment_url: str, button: Markup, head: Markup, uses_loader: bool
    ) -> None:
        self._init(
            item=item, payment_url=payment_url, button=button, head=head, uses_loader=uses_loader
        )

    # The Item's fields, for templates: article.flattr.title, .owner, .tags, ...
    @property
    def url(self) -> str:
        return self.item.url

    @property
    def owner(self) -> str:
        return self.item.owner

    @property
    def title(self) -> str:
        return self.item.title

    @property
    def description(self) -> str:
        return self.item.description

    @property
    def category(self) -> str:
        return self.item.category

    @property
    def language(self) -> str | None:
        return self.item.language

    @property
    def tags(self) -> tuple[str, ...]:
        return self.item.tags

    @property
    def hidden(self) -> bool:
        return self.item.hidden

    def __html__(self) -> str:
        return str(self.button)

    def __str__(self) -> str:
        return str(self.button)


# -- Per instance and per build ---------------------------------------------------------------


class Site:
    """One Pelican instance's checked settings and renderer."""

    def __init__(
        self,
        settings: FlattrSettings,
        pelican_settings: dict[str, Any],
        parent: weakref.ref[Any] | None = None,
    ) -> None:
        self.settings = settings
        self.pelican_settings = pelican_settings
        self.parent = parent  # the instance whose build created this one
        self.renderer: Renderer | None = None  # made on first use
        self.badge_url: str | None = None
        self.run: SiteRun | None = None
        self.synced = False  # this build's items were synced (or handed to the parent)
        self.pending: list[Item] = []  # items of sub-instances to sync with ours
        self.last_report: Any = None  # the SyncReport of the last build, None when no sync ran

    def get_renderer(self) -> Renderer:
        if self.renderer is None:
            from flattr_core.publish import Renderer

            ps = self.pelican_settings
            theme = os.path.join(ps["THEME"], "templates")
            dirs = [*ps.get("THEME_TEMPLATES_OVERRIDES", ()), theme]
            self.renderer = Renderer(
                self.settings.options, template_dirs=tuple(dirs), badge_url=self.badge_url
            )
        return self.renderer


class SiteRun:
    """One build: the items in scope and what has been put on each written page."""

    def __init__(
        self,
        site: Site,
        renderer: Renderer,
        *,
        relative_badges: bool = False,
        family: dict[str, Any] | None = None,
    ) -> None:
        self.site = site
        self.renderer = renderer
        self.items: list[Item] = []
        self.by_link: dict[str, Any] = {}  # feed item link -> FeedLink
        # Absolute URL -> FeedLink for every site built in this process by one main build: with
        # i18n_subsites a feed also lists the other languages' versions (translations), which
        # live in another instance's run. One dict, shared by the main run and its sub-instances'.
        self.family: dict[str, Any] = {} if family is None else family
        self.site_payment_url: str | None = None
        self.site_head_html = Markup()
        self.site_feed_link: Any = None
        # output file -> what the theme already printed through the helpers ("head",
        # "button:<url>", "loader"), so the automatic insertion never doubles it.
        self.marks: dict[str, set[str]] = {}
        self.body_misses = 0
        self.handled: set[str] = set()  # output files finished at render time
        self.meta_only: set[int] = set()  # ids of in-scope content with no owner
        self.meta_html = Markup()
        # RELATIVE_URLS: each page's badge <img src> is relative to that page, so that file://
        # and `pelican --listen` previews show it (the href stays absolute: Flattr needs the
        # real URL).
        self.relative_badges = relative_badges
        self._relative_buttons: dict[tuple[str, str | None, str], Markup] = {}

    # Template-facing: {{ flattr_site.head }}, {{ flattr_site.payment_url }}
    @property
    def head(self) -> Markup:
        return self.site_head_html

    @property
    def payment_url(self) -> str | None:
        return self.site_payment_url

    def feed_link(self, link: str) -> Any | None:
        """The FeedLink for a feed item's ``link`` (``?ref=feed`` stripped), from this site or
        another language's site of the same build."""
        found = self.by_link.get(link)
        if found is None and self.family:
            found = self.family.get(link)
            if found is None and "/." in link:
                # i18n_subsites links the other language as "../page.html"
                parts = urlsplit(link)
                path = posixpath.normpath(parts.path) + ("/" if parts.path.endswith("/") else "")
                found = self.family.get(urlunsplit(parts._replace(path=path)))
        return found

    def mark(self, output_file: str | None, *marks: str) -> None:
        if output_file:
            self.marks.setdefault(output_file, set()).update(marks)

    # The template helpers' work (pelican_flattr.flattr_button and friends).
    def button_for(self, subject: Any, output_file: str | None, style: str | None) -> Markup:
        info = info_of(subject)
        if info is None:
            return Markup("")
        if style == self.site.settings.options.button:
            style = None
        markup = self.button_html(info, output_file, style)
        loader = info.uses_loader if style is None else self.renderer.uses_loader(style)
        self.mark(output_file, f"button:{info.url}", *(("loader",) if loader else ()))
        return markup

    def button_html(self, info: FlattrInfo, output_file: str | None, style: str | None) -> Markup:
        """``info``'s button as printed on ``output_file`` (``style`` None: the site's style)."""
        if self.relative_badges and output_file:
            # The MkDocs plugin's way: the engine renders the button with a page-relative badge.
            from pelican.utils import get_relative_path

            prefix = get_relative_path(output_file).replace(os.sep, "/")
            key = (info.url, style, prefix)
            markup = self._relative_buttons.get(key)
            if markup is None:
                markup = self.renderer.button(
                    info.item, style=style, badge_url=f"{prefix}/{BADGE_PATH}"
                )
                self._relative_buttons[key] = markup
            return markup
        if style is None:
            return Markup(info.button)
        return self.renderer.button(info.item, style=style)

    def head_for(self, subject: Any, output_file: str | None) -> Markup:
        if subject is None:
            self.mark(output_file, "head")
            return self.site_head_html
        info = info_of(subject)
        if info is None:
            return Markup("")
        self.mark(output_file, "head")
        return info.head

    def payment_url_for(self, subject: Any) -> str | None:
        if subject is None:
            return self.site_payment_url
        info = info_of(subject)
        return info.payment_url if info is not None else None

    def marks_for(self, output_file: str | None) -> set[str]:
        return self.marks.get(output_file or "", set())


def info_of(content: Any) -> FlattrInfo | None:
    """``content.flattr`` when this plugin put it there (metadata ``flattr: no`` is a string)."""
    info = getattr(content, "flattr", None)
    return info if isinstance(info, FlattrInfo) else None


# -- Scope and entries --------------------------------------------------------------------------

#: Older themes' spelling of the category key (gum and friends).
_ALIASES = {"flattrcategory": "category"}


def opt_flag(content: Any) -> bool | None:
    """The item's own ``flattr:`` metadata: True (yes), False (no) or None (not said)."""
    raw = content.metadata.get("flattr")
    if raw is None:
        return None
    flag = parse_bool(raw)
    if flag is not None:
        return flag
    logger.warning(
        "pelican_flattr: %s: metadata 'flattr' must be yes or no; got %r (treated as not set)",
        content.relative_source_path,
        raw,
        extra={"limit_msg": "pelican_flattr: further invalid 'flattr' metadata"},
    )
    return None


def in_scope(content: Any, *, is_page: bool, pages: bool) -> bool:
    """Whether the content gets a button, links and a thing (the module docstring's rule)."""
    status = getattr(content, "status", "published")
    if status == "draft":
        return False
    flag = opt_flag(content)
    if flag is False:
        return False
    if status == "hidden" or (is_page and not pages):
        return flag is True
    return status == "published"


def make_entry(
    content: Any, *, site_url: str, language: str | None, url: str | None = None
) -> Entry:
    """The engine's view of one article or page.

    ``language`` is FLATTR['language'] when the site forces one, else None (the item's ``lang``);
    ``url`` is ``content.url`` when the caller has it already (Pelican computes it per access).
    """
    overrides: dict[str, Any] = {}
    metadata = content.metadata
    for alias, key in _ALIASES.items():
        if alias in metadata:
            overrides[key] = metadata[alias]
    for name, value in metadata.items():
        # Every Flattr_* key goes to the engine, which applies the known ones (OVERRIDE_KEYS)
        # and warns about a typo such as Flattr_Tag, naming the file and the known keys.
        if name.startswith("flattr_") and value is not None:
            overrides[name.removeprefix("flattr_")] = value
    if getattr(content, "status", "published") == "hidden":
        overrides.setdefault("hidden", True)
    tags = getattr(content, "tags", None) or ()
    author = getattr(content, "author", None)
    category = getattr(content, "category", None)
    return Entry(
        url=absolute_url(site_url, content.url if url is None else url),
        title=str(getattr(content, "title", "") or ""),
        source=content.relative_source_path or content.source_path or "",
        summary_html=str(getattr(content, "summary", "") or ""),
        tags=tuple(str(tag) for tag in tags),
        language=language or getattr(content, "lang", None),
        author=str(author) if author else None,
        site_category=str(category) if category else None,
        overrides=overrides,
    )


# -- One build's items ----------------------------------------------------------------------------

_ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
_PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def _contents(generators: Iterable[Any]) -> Iterator[tuple[Any, bool]]:
    """(content, is_page) for every article and page the generators hold, drafts included (so
    that their ``flattr`` attribute is reset too)."""
    from pelican.generators import ArticlesGenerator, PagesGenerator

    seen: set[int] = set()
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            names, is_page = _ARTICLE_LISTS, False
        elif isinstance(generator, PagesGenerator):
            names, is_page = _PAGE_LISTS, True
        else:
            continue
        for name in names:
            for content in getattr(generator, name, None) or ():
                if id(content) not in seen:
                    seen.add(id(content))
                    yield content, is_page


def build_run(
    site: Site, generators: Iterable[Any], family: dict[str, Any] | None = None
) -> SiteRun:
    """This build's items; ``family``: the main build's ``SiteRun.family`` when this instance is
    built inside it (i18n_subsites), so that feeds find each other's items."""
    fs = site.settings
    renderer = site.get_renderer()
    run = SiteRun(
        site,
        renderer,
        relative_badges=bool(site.pelican_settings["RELATIVE_URLS"]),
        family=family,
    )
    options = fs.options
    site_url = options.site_url or ""
    if not site_url:
        # Pelican's own default (pelicanconf.py: SITEURL = ""). Not an error: local previews are
        # built that way; the published build sets SITEURL in publishconf.py.
        skipped = ", and sync (FLATTR['sync']) is skipped" if fs.sync else ""
        logger.warning(
            "pelican_flattr: SITEURL is empty, and Flattr identifies each article by its full "
            "URL: this build gets no Flattr buttons or links%s. Set SITEURL to the site's "
            "absolute http(s) URL (or FLATTR['site_url'] for previews)",
            skipped,
        )
        for content, _is_page in _contents(generators):
            content.flattr = None
        return run
    meta_only = options.user is None and not options.authors
    forced_language = options.language if fs.language_forced else None
    style = options.button
    style_loader = renderer.uses_loader(style)
    for content, is_page in _contents(generators):
        content.flattr = None
        if not in_scope(content, is_page=is_page, pages=fs.pages):
            continue
        url = content.url
        entry = make_entry(content, site_url=site_url, language=forced_language, url=url)
        item, problems = normalise(entry, options)
        if meta_only and item is None:
            # flattr_id without a user (Flattr's 2017 model): pages carry the flattr:id meta only,
            # which is not a problem worth a warning per page.
            run.meta_only.add(id(content))
            problems = [p for p in problems if p.field != "owner"]
        # The engine's rule: automatic fills at INFO, the rest WARNING (which
        # `pelican --fatal warnings` counts).
        log_problems(
            problems,
            logger,
            prefix="pelican_flattr: ",
            warning_extra={"limit_msg": "pelican_flattr: further metadata problems"},
        )
        if item is None:
            continue
        payment_url = renderer.payment_url(item)
        content.flattr = FlattrInfo(
            item=item,
            payment_url=payment_url,
            button=renderer.button(item),
            head=renderer.head(item),
            uses_loader=style_loader,
        )
        run.items.append(item)
        if fs.feeds:
            # The same data renderer.feed_link(item) returns, without a second URL build.
            feed_link = FeedLink(href=payment_url)
            run.by_link[feed_link_key(site.pelican_settings, url)] = feed_link
            run.family[item.url] = feed_link
    run.meta_html = renderer.head(None)  # flattr:id meta alone ('' without flattr_id)
    if fs.site_link:
        run.site_payment_url = renderer.site_payment_url()
        run.site_head_html = renderer.site_head()  # the site's link, or the flattr:id meta alone
        if fs.feeds:
            run.site_feed_link = renderer.site_feed_link()
    logger.debug("pelican_flattr: %d items in scope", len(run.items))
    return run


# -- Automatic insertion into each page ---------------------------------------------------------

_ARTICLE_OPEN = re.compile(r"<article\b[^>]*>", re.IGNORECASE)
_ARTICLE_CLOSE = re.compile(r"</article\s*>", re.IGNORECASE)


def find_text(page: str, text: str) -> int:
    """``page.find(text)``, quicker for a long ``text`` such as an article's body: its first 64
    characters are searched, and each place they occur compared with the rest (one ``memcmp``),
    where ``str.find`` would first study all of a body of thousands of characters."""
    if len(text) <= 64:
        return page.find(text)
    start = text[:64]
    at = page.find(start)
    while at >= 0 and not page.startswith(text, at):
        at = page.find(start, at + 1)
    return at


def insert_at_body(page: str, body: str, snippet: str, placement: str) -> str | None:
    """``snippet`` before (``top``) or after (``bottom``) the article body.

    The body is found as the exact text the theme printed (``{{ article.content }}``); themes that
    print something else are handled by the ``<article>`` element, and failing that None.
    """
    body = body.strip()
    at = find_text(page, body) if body else -1
    if at >= 0:
        if placement == "bottom":
            at += len(body)
        return f"{page[:at]}\n{snippet}\n{page[at:]}"
    if placement == "top":
        match = _ARTICLE_OPEN.search(page)
        if match is None:
            return None
        return f"{page[: match.end()]}\n{snippet}\n{page[match.end() :]}"
    closes = list(_ARTICLE_CLOSE.finditer(page))
    if not closes:
        return None
    at = closes[-1].start()
    return f"{page[:at]}\n{snippet}\n{page[at:]}"


def _plan(run: SiteRun, context: dict[str, Any]) -> tuple[list[str], Any, Markup | None]:
    """(head snippets, subject content, button to place) for one written page."""
    fs = run.site.settings
    marks = run.marks_for(context.get("output_file"))
    head: list[str] = []
    subject = context.get("article") or context.get("page")
    info = info_of(subject)
    button = None
    loader = "loader" in marks
    if info is not None:
        if fs.head_links and "head" not in marks:
            head.append(str(info.head))
        if fs.placement != "manual" and f"button:{info.url}" not in marks:
            button = run.button_html(info, context.get("output_file"), None)
            loader = loader or info.uses_loader
    elif (
        subject is not None
        and id(subject) in run.meta_only
        and fs.head_links
        and "head" not in marks
        and run.meta_html
    ):
        head.append(str(run.meta_html))
    elif (
        subject is None
        and context.get("page_name") == "index"
        and fs.head_links
        and "head" not in marks
        and run.site_head_html
    ):
        head.append(str(run.site_head_html))
    if loader:
        head.append(str(run.renderer.loader()))
    return head, subject, button


def update_html(run: SiteRun, page: str, context: dict[str, Any]) -> str:
    """``page`` (the HTML of one output file) with the head links, button and loader added."""
    head, subject, button = _plan(run, context)
    if not head and button is None:
        return page
    name = context.get("output_file") or "?"
    new = page
    if button is not None:
        placed = insert_at_body(new, str(subject.content), str(button), run.site.settings.placement)
        if placed is None:
            run.body_misses += 1
            logger.warning(
                "pelican_flattr: %s: found neither the article body nor an <article> element to "
                "put the button %s; set FLATTR['placement'] = 'manual' and print "
                "{{ flattr_button(article) }} in the theme",
                name,
                run.site.settings.placement,
                extra={"limit_msg": "pelican_flattr: further pages without a place for a button"},
            )
        else:
            new = placed
    if head:
        # No search of the page for the snippets: what the theme printed through the helpers is
        # known from their marks, and a full-text scan per page would cost more than the rest.
        snippet = "\n".join(part for part in head if part)
        if snippet:
            with_head = insert_before_head_end(new, snippet)
            if with_head is None:
                logger.debug("pelican_flattr: %s has no </head>; head links skipped", name)
            else:
                new = with_head
    return new


def update_written_page(run: SiteRun, path: str, context: dict[str, Any]) -> None:
    """The ``content_written`` fallback: rewrite a file that was not rendered through a patched
    template (see ``patch_environment``)."""
    if context.get("output_file") in run.handled:
        return
    head, _subject, button = _plan(run, context)
    if not head and button is None:
        return
    with open(path, encoding="utf-8") as fh:
        page = fh.read()
    new = update_html(run, page, context)
    if new != page:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(new)


_classes: dict[type, type] = {}


def _make_render(base: type[Template]) -> Any:
    def render(self: Template, *args: Any, **kwargs: Any) -> str:
        output: str = base.render(self, *args, **kwargs)
        if len(args) != 1 or kwargs or not isinstance(args[0], dict):
            return output
        context = args[0]
        run = context.get(CONTEXT_KEY)
        if not isinstance(run, SiteRun):
            return output
        new = update_html(run, output, context)
        name = context.get("output_file")
        if name:
            run.handled.add(name)
        return new

    return render


def flattr_template_class(base: type[Template]) -> type[Template]:
    """A subclass of ``base`` whose ``render`` adds the Flattr snippets."""
    if getattr(base, "_flattr_render", False):
        return base
    if base not in _classes:
        _classes[base] = type(
            f"Flattr{base.__name__}",
            (base,),
            {"__module__": __name__, "_flattr_render": True, "render": _make_render(base)},
        )
    return _classes[base]


def patch_environment(env: Any) -> None:
    env.template_class = flattr_template_class(env.template_class)
