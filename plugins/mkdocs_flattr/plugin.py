"""``FlattrPlugin``: MkDocs events in, ``flattr_core.publish`` calls out.

Each handler is a thin call into the engine; settings were validated once, by MkDocs, through
``FlattrConfig``. Event plan (priorities in brackets; MkDocs runs higher numbers first):

* ``on_startup``: remember the command and ``--dirty``. Defining it also makes MkDocs keep this
  instance across ``mkdocs serve`` rebuilds, so the per-page cache survives them.
* ``on_config``: ``FlattrConfig.publish_options`` -> a ``Renderer``; scope; reset per-build
  state. ``on_files``: drop cache entries of deleted pages, add the badge assets.
* ``on_page_markdown`` (-50, after Material's meta plugin merged ``.meta.yml``): scope and front
  matter. ``on_page_content`` (-50): Entry -> normalise -> cache by ``src_uri``.
* ``on_page_context`` (-100, after the search plugins indexed ``page.content``): the button goes
  into ``page.content`` (top or bottom), so the search index holds no button text and no pass
  over the written page is needed for it.
* ``on_env``: template helpers. ``on_post_page`` (-50): head tags and, only where a JS-style
  button was emitted, the loader go before ``</head>`` (found near the top of the page).
* ``on_post_build`` (-100, after other plugins such as the rss plugin wrote their files): payment
  links in mkdocs-rss-plugin's feeds (``feeds.add_payment_links``; with ``head_links`` on), then
  sync, only for a full ``build`` / ``gh-deploy``.

Nothing here loads the HTTP client: sync imports it only when it has requests to make.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from flattr_core.publish.entry import Entry, Item, Problem, PublishOptions, SettingsError
from flattr_core.publish.pages import insert_before_head_end
from flattr_core.urls import is_absolute_http_url
from mkdocs_flattr.config import FlattrConfig
from mkdocs_flattr.globs import Scope
from mkdocs_flattr.pages import FrontMatter, build_entry, read_front_matter

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from flattr_core.publish.render import Renderer
    from flattr_core.publish.report import SyncReport

log = get_plugin_logger(__name__)


class FlattrPlugin(BasePlugin[FlattrConfig]):
    """Flattr buttons, ``rel="payment"`` head links and synced things for every page."""

    def __init__(self) -> None:
        super().__init__()
        # Invocation state, set by on_startup. MkDocs caches this instance per process, so
        # on_shutdown puts the defaults back for the next load_config in the same process.
        self._command = "build"
        self._dirty = False
        # Persistent per-page cache (src_uri -> Item, or None when the page has no Flattr
        # item): dirty builds and serve rebuilds only run page events for changed pages.
        self._items: dict[str, Item | None] = {}
        # Pages in scope that have no owner while `flattr_id` is set: they still get the
        # <meta name="flattr:id"> tag (the 2017 publisher model needs no per-page owner).
        self._meta_only: set[str] = set()
        self._project: tuple[str, str] | None = None
        # Per-build state, reset in on_config.
        self._active = False
        self._options: PublishOptions | None = None
        self._renderer: Renderer | None = None
        self._normalise: Callable[[Entry, PublishOptions], tuple[Item | None, list[Problem]]]
        self._scope = Scope.compile((), ())
        self._state_path = ""
        self._base = os.getcwd()  # the folder of mkdocs.yml, set in on_config
        self._docs_prefix = "docs/"
        self._front: dict[str, FrontMatter] = {}
        self._seen: set[str] = set()
        self._doc_pages: set[str] = set()
        self._files: Files | None = None
        self._badge_uri: str | None = None
        self._helper_loader: set[str] = set()
        self._helper_head: set[str] = set()
        self._button_loader: set[str] = set()  # pages whose inserted button needs load.js
        #: The report of the last sync (None when no sync ran); examples and tests read it.
        self.last_report: SyncReport | None = None

    def items(self) -> dict[str, Item]:
        """The Flattr item of every page in scope, by source path (``guide/intro.md``).

        Complete after dirty builds and serve rebuilds too: pages MkDocs skipped keep the item
        of their last build. This is what sync gets.
        """
        return {src: item for src, item in sorted(self._items.items()) if item is not None}

    # -- one-time events ------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command
        self._dirty = dirty

    def on_shutdown(self) -> None:
        self._command = "build"
        self._dirty = False

    # -- global events --------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._active = False
        self._front = {}
        self._seen = set()
        self._helper_loader = set()
        self._helper_head = set()
        self._button_loader = set()
        self.last_report = None
        if not self.config.enabled:
            return None

        self._base = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        docs = os.path.relpath(config.docs_dir, self._base).replace(os.sep, "/")
        # docs_dir outside the project folder: warnings name the page by its src_uri only.
        self._docs_prefix = "" if docs == "." or docs.startswith("..") else docs + "/"
        project = (str(config.config_file_path or ""), str(config.docs_dir))
        if project != self._project:  # another site in the same process: nothing to reuse
            self._items = {}
            self._meta_only = set()
            self._project = project

        if not (self.config.user or self.config.flattr_id or self.config.authors):
            log.warning(
                "no Flattr account configured: set 'user' (your Flattr username) under "
                "'plugins: - flattr:' in mkdocs.yml; no buttons or payment links are rendered"
            )
            return None
        if not is_absolute_http_url(config.site_url or ""):
            log.warning(
                "'site_url' in mkdocs.yml must be an absolute http(s) URL such as "
                f"'https://example.org/docs/' (got {config.site_url!r}): Flattr buttons and "
                "payment links name each page by its full URL, so none are rendered"
            )
            return None

        from flattr_core.publish import Renderer, normalise, options_from_mapping

        self._normalise = normalise
        try:
            # Only the site-wide rules are the engine's (site_url, the web URL and a local one
            # set aside for a public site): every option was validated by FlattrConfig.
            site = options_from_mapping(
                {"web_url": self.config.web_url, "api_url": self.config.api_url},
                setting="flattr",
                site_url=config.site_url,
                site_url_setting="site_url in mkdocs.yml",
                site_name=config.site_name,
                site_description=config.site_description,
                strict=bool(self.config.strict),
                settings_file="mkdocs.yml",
            )
        except SettingsError as error:
            raise PluginError(str(error)) from error
        self._options = self.config.publish_options(config, site)
        if self._options.problems:  # a local Flattr URL set aside for a public site
            from flattr_core.publish.problems import log_problems

            log_problems(self._options.problems, log)
        self._renderer = Renderer(self._options, template_dirs=tuple(config.theme.dirs))
        self._scope = Scope.compile(self.config.include, self.config.exclude)
        self._state_path = os.path.join(self._base, os.path.expanduser(self.config.state_file))
        self._active = True
        return None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        self._doc_pages = {f.src_uri for f in files.documentation_pages()}
        self._files = files
        for src_uri in set(self._items) - self._doc_pages:  # pages deleted since last build
            del self._items[src_uri]
        if not self._active:
            return None
        from flattr_core.publish import BADGE_ASSETS, badge_file

        for name, data in sorted(BADGE_ASSETS.items()):
            # A file of the same name in docs_dir wins: that is how a site replaces the badge.
            if files.get_file_from_path(name) is None:
                files.append(File.generated(config, name, content=data))
        self._badge_uri = badge_file(BADGE_ASSETS)
        return files

    # -- page events ----------------------------------------------------------------------

    @event_priority(-50)  # after Material's meta plugin (50) merged .meta.yml into page.meta
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self._active:
            return None
        src_uri = page.file.src_uri
        if page.file.inclusion is InclusionLevel.DRAFT or src_uri not in self._scope:
            return None  # drafts never get links; out-of-scope pages are left alone
        front = read_front_matter(page.meta, self._source(page))
        for problem in front.problems:
            log.warning(problem)
        self._front[src_uri] = front
        return None

    @event_priority(-50)
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self._active:
            return None
        assert self._options is not None and self._renderer is not None
        src_uri = page.file.src_uri
        self._seen.add(src_uri)
        front = self._front.pop(src_uri, None)
        self._meta_only.discard(src_uri)
        if front is None or front.opted_out or not page.canonical_url:
            self._items[src_uri] = None
            return None

        entry = build_entry(
            url=page.canonical_url,
            title=page.title or page.file.name,
            source=self._source(page),
            content_html=html,
            meta=page.meta,
            overrides=front.overrides,
        )
        try:
            item, problems = self._normalise(entry, self._options)
        except SettingsError as error:  # the engine refuses the page's URL
            log.warning(f"{entry.source}: {error}")
            item, problems = None, []
        meta_only = item is None and bool(self._options.flattr_id)
        if meta_only:  # no owner is expected in flattr_id-only sites
            problems = [problem for problem in problems if problem.field != "owner"]
        if problems:
            # The engine's rule: automatic fills (MkDocs' "Home" title plus the site name) at
            # INFO, so that they do not fail `mkdocs build --strict`; the rest WARNING.
            from flattr_core.publish.problems import log_problems

            log_problems(problems, log)
        self._items[src_uri] = item
        if meta_only:
            self._meta_only.add(src_uri)
        else:
            self._meta_only.discard(src_uri)
        return None

    @event_priority(-100)  # after the search plugins (0) read page.content for their index
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext | None:
        if not self._active:
            return None
        assert self._renderer is not None and self._options is not None
        item = self._items.get(page.file.src_uri)
        # The page's Item, or None; TemplateContext is a TypedDict without this key.
        context["flattr"] = item  # type: ignore[typeddict-unknown-key]
        placement = self.config.placement
        if item is None or placement == "manual" or self._options.button == "none":
            return None
        # A block of its own, so themes lay it out like a paragraph and CSS can target it.
        button = self._renderer.button(item, badge_url=self._badge_url(page))
        html = f'<div class="flattr-page flattr-page-{placement}">{button}</div>'
        content = page.content or ""
        page.content = f"{html}\n{content}" if placement == "top" else f"{content}\n{html}"
        if self._renderer.uses_loader(self._options.button):
            self._button_loader.add(page.file.src_uri)
        return None

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        # Registered even when inactive, so a theme using the helpers still renders.
        env.globals["flattr_button"] = self._helper(self._button_helper)
        env.globals["flattr_head"] = self._helper(self._head_helper)
        env.globals["flattr_payment_url"] = self._helper(self._payment_url_helper)
        return None

    @event_priority(-50)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self._active:
            return None
        assert self._renderer is not None
        src_uri = page.file.src_uri
        item = self._items.get(src_uri)
        parts: list[str] = []
        wants_head = item is not None or src_uri in self._meta_only
        if wants_head and self.config.head_links and src_uri not in self._helper_head:
            parts.append(str(self._renderer.head(item)))  # head(None): the flattr:id meta only
        if src_uri in self._button_loader or src_uri in self._helper_loader:
            parts.append(str(self._renderer.loader()))
        if not parts:
            return None
        with_head = insert_before_head_end(output, "\n".join(parts))
        if with_head is None:
            log.debug(f"{src_uri}: no </head> in the output; head tags not inserted")
        return with_head

    # -- the end of a build ---------------------------------------------------------------

    @event_priority(-100)  # last: after every other plugin wrote its files (rss feeds etc.)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._active and self.config.head_links and _has_rss_plugin(config):
            self._patch_rss_feeds(config)  # serve and dirty builds too: the feeds are rewritten
        if not (self._active and self.config.sync):
            return None
        if self._command == "serve" or _is_dev_server(config):
            log.debug("sync skipped: 'mkdocs serve' never calls the Flattr API")
            return None
        # A page MkDocs skipped (--dirty, unchanged since the last output) ran no page event;
        # checked here too because build(dirty=True) can be called without on_startup.
        if self._dirty or not self._doc_pages <= self._seen:
            log.info("sync skipped on a dirty build; run a full 'mkdocs build' to sync")
            return None

        from flattr_core.publish import run_site_sync

        items = list(self.items().values())
        try:
            self.last_report = run_site_sync(
                items,
                api_url=self.config.api_url,
                state_file=self._state_path,
                dry_run=self.config.dry_run,
                prune=self.config.prune,
                strict=self.config.strict,
                site_url=config.site_url or "",
                site_url_setting="site_url in mkdocs.yml",
                # The plain logger, not the plugin's prefixing adapter: the engine's messages
                # name flattr themselves ("flattr: sync is on but ..."), once.
                logger=log.logger,
                owner=self._options.user if self._options else None,
            )
        except SettingsError as error:  # raised by run_site_sync only in strict mode
            raise PluginError(str(error)) from error
        return None

    def _patch_rss_feeds(self, config: MkDocsConfig) -> None:
        """Payment links in the feeds mkdocs-rss-plugin wrote."""
        from mkdocs_flattr.feeds import add_payment_links

        if self._files is None or self._renderer is None:
            return
        # Every page's current URL (pages exist for all files, also those a dirty build
        # skipped) with its cached item: complete even when the rss plugin saw few pages.
        pages = [
            (file.page.canonical_url, self._items.get(file.src_uri))
            for file in self._files.documentation_pages()
            if file.page is not None and file.page.canonical_url
        ]
        add_payment_links(config, pages, self._renderer, log)

    # -- helpers --------------------------------------------------------------------------

    def _source(self, page: Page) -> str:
        """The page's file as warnings name it: relative to mkdocs.yml, e.g. ``docs/a.md``."""
        return self._docs_prefix + page.file.src_uri

    def _badge_url(self, page: Page | None) -> str | None:
        if self._badge_uri is None:
            return None
        return get_relative_url(self._badge_uri, page.url if page is not None else "")

    def _item_for(self, page: Any) -> Item | None:
        file = getattr(page, "file", None)
        if not self._active or file is None:
            return None
        return self._items.get(file.src_uri)

    @staticmethod
    def _helper(
        function: Callable[[Any, Any, str | None], Markup | str],
    ) -> Callable[..., Markup | str]:
        """A template global whose page argument defaults to the page being rendered."""

        @jinja2.pass_context
        def helper(context: Any, page: Any = None, style: str | None = None) -> Markup | str:
            current = context.get("page")
            return function(current, page if page is not None else current, style)

        return helper

    def _button_helper(self, current: Any, page: Any, style: str | None) -> Markup | str:
        item = self._item_for(page)
        if item is None or self._renderer is None or self._options is None:
            return Markup("")
        style = style or self._options.button
        try:
            button = self._renderer.button(item, style=style, badge_url=self._badge_url(current))
        except SettingsError as error:  # a theme passed a style that does not exist
            raise PluginError(f"flattr_button(page, {style!r}) in a template: {error}") from error
        if self._renderer.uses_loader(style) and current is not None:
            self._helper_loader.add(current.file.src_uri)
        return button

    def _head_helper(self, current: Any, page: Any, style: str | None) -> Markup | str:
        item = self._item_for(page)
        if item is None or self._renderer is None:
            return Markup("")
        if current is not None and current is page:
            self._helper_head.add(current.file.src_uri)  # the theme placed it: don't add again
        return self._renderer.head(item)

    def _payment_url_helper(self, current: Any, page: Any, style: str | None) -> Markup | str:
        item = self._item_for(page)
        if item is None or self._renderer is None:
            return ""
        return self._renderer.payment_url(item)


def _has_rss_plugin(config: MkDocsConfig) -> bool:
    """Whether mkdocs-rss-plugin (``rss``, ``rss #2``, ...) is configured; without it the feed
    code (an XML parser) is never imported."""
    return any(name.split(" #")[0] == "rss" for name in config.plugins)


def _is_dev_server(config: MkDocsConfig) -> bool:
    """True when ``site_url`` is the dev server's (``mkdocs serve --clean`` passes command
    'build' to on_startup but still replaces site_url with the local address)."""
    host, port = config.dev_addr
    return urlsplit(config.site_url or "").netloc in (f"{host}:{port}", f"localhost:{port}")
