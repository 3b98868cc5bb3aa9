"""Building one build's ``SiteRun`` at ``all_generators_finalized``: every article, translation and
page in scope becomes an ``Entry``, is normalised once by the engine, and gets its rendered
button, head tags, payment URL and feed link (``content.flattr``). Everything later (pages,
feeds, helpers, sync) only reads what is made here, so per-page work stays a dict lookup.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Iterable, Iterator
from typing import Any

from flattr_core.publish import FeedLink, log_problems, normalise
from pelican_flattr.entries import absolute_url, in_scope, make_entry
from pelican_flattr.info import FlattrInfo
from pelican_flattr.state import Site, SiteRun

logger = logging.getLogger(__name__)

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


def feed_link_key(settings: dict[str, Any], url: str) -> str:
    """The link Pelican's writer puts in a feed item for a content ``url`` (see
    ``Writer._add_item_to_the_feed``), without the ``?ref=feed`` suffix."""
    site_url = settings.get("SITEURL") or ""
    if settings.get("RELATIVE_URLS"):
        return posixpath.join(site_url, url)
    return absolute_url(site_url, url)


def build_run(site: Site, generators: Iterable[Any]) -> SiteRun:
    fs = site.settings
    renderer = site.get_renderer()
    run = SiteRun(site=site, renderer=renderer)
    options = fs.options
    site_url = options.site_url or ""
    if not site_url:
        # Pelican's own default (pelicanconf.py: SITEURL = ""). Not an error: local previews are
        # built that way; the published build sets SITEURL in publishconf.py.
        logger.warning(
            "pelican_flattr: SITEURL is empty, and Flattr identifies each article by its full "
            "URL: this build gets no Flattr buttons or links. Set SITEURL to the site's absolute "
            "http(s) URL (or FLATTR['site_url'] for previews)"
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
            run.by_link[feed_link_key(site.pelican_settings, url)] = FeedLink(href=payment_url)
    run.meta_html = renderer.head(None)  # flattr:id meta alone ('' without flattr_id)
    if fs.site_link:
        run.site_payment_url = renderer.site_payment_url()
        run.site_head_html = renderer.site_head()  # the site's link, or the flattr:id meta alone
        if fs.feeds:
            run.site_feed_link = renderer.site_feed_link()
    logger.debug("pelican_flattr: %d items in scope", len(run.items))
    return run
