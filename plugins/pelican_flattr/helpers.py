"""Template helpers, added to ``JINJA_GLOBALS`` (user keys win):

* ``{{ flattr_button(article) }}``: the article's button (``style=`` picks another style);
* ``{{ flattr_head(article) }}``: its ``<link rel="payment">`` (+ ``flattr:id`` meta); with no
  argument on a page that has no article or page, the site's link (for the index);
* ``{{ flattr_payment_url(article) }}``: the auto-submit URL (the site's when no article),
  HTML-escaped (``&amp;``), so it is right in text and in attributes, autoescape on or off.

They print nothing when the plugin is off or the article is out of scope, so a theme can use
them unconditionally. Each call is remembered per output file, so the automatic insertion at
``content_written`` does not print the same thing twice, and the ``load.js`` loader is added to
any page whose template printed a JS button.

Module-level functions, so that settings holding them still pickle with the content cache.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from pelican_flattr.state import CONTEXT_KEY, SiteRun, info_of


def _run(ctx: Context) -> SiteRun | None:
    run = ctx.get(CONTEXT_KEY)
    return run if isinstance(run, SiteRun) else None


def _subject(ctx: Context, content: Any) -> Any:
    if content is not None:
        return content
    return ctx.get("article") or ctx.get("page")


@pass_context
def flattr_button(ctx: Context, content: Any = None, style: str | None = None) -> Markup:
    run = _run(ctx)
    info = info_of(_subject(ctx, content))
    if run is None or info is None:
        return Markup("")
    output_file = ctx.get("output_file")
    if style is None or style == run.site.settings.options.button:
        markup, loader = info.button, info.uses_loader
    else:
        markup = run.renderer.button(info.item, style=style)
        loader = run.renderer.uses_loader(style)
    run.mark(output_file, f"button:{info.url}", *(("loader",) if loader else ()))
    return markup


@pass_context
def flattr_head(ctx: Context, content: Any = None) -> Markup:
    run = _run(ctx)
    if run is None:
        return Markup("")
    subject = _subject(ctx, content)
    if subject is None:
        run.mark(ctx.get("output_file"), "head")
        return run.site_head_html
    info = info_of(subject)
    if info is None:
        return Markup("")
    run.mark(ctx.get("output_file"), "head")
    return info.head


@pass_context
def flattr_payment_url(ctx: Context, content: Any = None) -> Markup:
    run = _run(ctx)
    if run is None:
        return Markup("")
    subject = _subject(ctx, content)
    if subject is None:
        return escape(run.site_payment_url or "")
    info = info_of(subject)
    return escape(info.payment_url) if info is not None else Markup("")


HELPERS = {
    "flattr_button": flattr_button,
    "flattr_head": flattr_head,
    "flattr_payment_url": flattr_payment_url,
}
