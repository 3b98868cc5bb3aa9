"""pelican_flattr: Flattr buttons, payment links and synced things for Pelican sites.

Installed, it is a namespace plugin (``pelican.plugins.flattr``), so a site with no ``PLUGINS``
setting loads it; ``PLUGINS = ["flattr"]`` and ``PLUGINS = ["pelican_flattr"]`` work too. One
setting turns it on::

    FLATTR = {"user": "yourname"}

The plugin is a thin adapter: ``flattr_core.publish`` normalises, renders and syncs. Its modules:
``settings`` (``FLATTR`` checked), ``pages`` (what each page shows), ``feeds`` (payment links in
feeds), ``sync`` (the end of a build) and this one, ``register()`` and the signal handlers:

==============================  ==================================================================
``initialized``                 check the settings (SettingsError stops Pelican with a message
                                naming the key), remember the instance, add the template helpers
``generator_init``              page templates add the snippets as they render
``all_generators_finalized``    normalise every article/page in scope once, attach
                                ``content.flattr``, put ``flattr_site`` into the context
``feed_generated``              payment links per entry and per channel, in every feed
``content_written``             fallback: the same into pages no patched template rendered
``finalized``                   badge files into the output, then sync (main instance, once)
==============================  ==================================================================

With no ``user`` and no ``flattr_id`` every handler returns at once (a debug line says why): an
installed namespace plugin is loaded by every Pelican site on the machine.

Pelican's signals hand each receiver a different object (the instance, the generators, a context
dict), so each instance's ``Site`` lives in a weak map keyed by the instance and is found from
generators by their settings dict; the build's ``SiteRun`` travels in the context (see ``pages``).

Importing this package must cost next to nothing: Pelican imports every installed namespace
plugin on every run, listed in ``PLUGINS`` or not. So the other modules (and the engine) are
imported by the handlers, once a site has a ``FLATTR`` or ``FLATTR_USER`` setting.

The template helpers live here for the same reason, and print nothing when the plugin is off or
the content is out of scope, so a theme can use them unconditionally:

* ``{{ flattr_button(article) }}``: the article's button (``style=`` picks another style);
* ``{{ flattr_head(article) }}``: its ``<link rel="payment">`` (+ ``flattr:id`` meta); with no
  argument on a page that has no article or page, the site's link (for the index);
* ``{{ flattr_payment_url(article) }}``: the auto-submit URL (the site's when no article),
  HTML-escaped (``&amp;``), so it is right in text and in attributes, autoescape on or off.

Each call is remembered per output file, so the automatic insertion does not print the same thing
twice, and the loader is added to any page whose template printed a JS button. They are
module-level functions so that settings holding them still pickle with the content cache.
"""

from __future__ import annotations

# Pelican's logging module makes every logger created after it a FatalLogger, which is what makes
# `pelican --fatal warnings` count our warnings; import it before our modules create theirs (and
# without Pelican, say which extra installs it).
try:
    import pelican.log  # noqa: F401  (isort: skip)
except ImportError as exc:
    if exc.name not in ("pelican", "pelican.log"):
        raise  # Pelican is there but broken: its own error says more than ours would
    raise ImportError(
        "pelican_flattr needs Pelican 4.12 or later (on Python 3.11 or later), and Pelican is "
        "not installed here: pip install 'flattr-suite[pelican]'",
        name=exc.name,
    ) from None

import logging
import os
import weakref
from typing import TYPE_CHECKING, Any

import pelican.plugins.signals as signals  # a module path, so mypy reads it as untyped Pelican
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

if TYPE_CHECKING:
    from pelican_flattr.pages import Site, SiteRun

__all__ = ["last_report", "register"]

logger = logging.getLogger(__name__)

#: Where the build's SiteRun sits in Pelican's context (and what templates call it).
CONTEXT_KEY = "flattr_site"

_sites: weakref.WeakKeyDictionary[Any, Site] = weakref.WeakKeyDictionary()
_running: list[weakref.ref[Any]] = []  # Pelican instances whose build is in progress, in order


def site_of(pelican: Any) -> Site | None:
    return _sites.get(pelican)


def site_for_settings(settings: dict[str, Any]) -> tuple[Any, Site] | tuple[None, None]:
    """The Pelican instance and Site whose settings dict is ``settings`` (generators share it)."""
    for instance, site in list(_sites.items()):
        if site.pelican_settings is settings:
            return instance, site
    return None, None


def running_parent() -> weakref.ref[Any] | None:
    """The innermost build in progress, if any: an instance created now belongs to it
    (i18n_subsites builds its subsites from the main instance's ``finalized``)."""
    while _running and _running[-1]() is None:
        _running.pop()
    return _running[-1] if _running else None


def run_started(pelican: Any) -> None:
    run_finished(pelican)  # a build that crashed never reached finalized
    _running.append(weakref.ref(pelican))


def run_finished(pelican: Any) -> None:
    _running[:] = [ref for ref in _running if ref() is not None and ref() is not pelican]


def _run(ctx: Any) -> SiteRun | None:
    """This build's SiteRun, from a template or page context (None: the plugin is off)."""
    run = ctx.get(CONTEXT_KEY)
    if run is None:
        return None
    from pelican_flattr.pages import SiteRun  # loaded already: a run exists

    return run if isinstance(run, SiteRun) else None


def _subject(ctx: Context, content: Any) -> Any:
    if content is not None:
        return content
    return ctx.get("article") or ctx.get("page")


@pass_context
def flattr_button(ctx: Context, content: Any = None, style: str | None = None) -> Markup:
    run = _run(ctx)
    if run is None:
        return Markup("")
    return run.button_for(_subject(ctx, content), ctx.get("output_file"), style)


@pass_context
def flattr_head(ctx: Context, content: Any = None) -> Markup:
    run = _run(ctx)
    if run is None:
        return Markup("")
    return run.head_for(_subject(ctx, content), ctx.get("output_file"))


@pass_context
def flattr_payment_url(ctx: Context, content: Any = None) -> Markup:
    run = _run(ctx)
    if run is None:
        return Markup("")
    return escape(run.payment_url_for(_subject(ctx, content)) or "")


HELPERS = {
    "flattr_button": flattr_button,
    "flattr_head": flattr_head,
    "flattr_payment_url": flattr_payment_url,
}


def on_initialized(pelican: Any) -> None:
    settings = pelican.settings
    globals_ = dict(settings.get("JINJA_GLOBALS") or {})
    for name, helper in HELPERS.items():
        globals_.setdefault(name, helper)  # a theme's own helper of the same name wins
    settings["JINJA_GLOBALS"] = globals_
    if settings.get("FLATTR") is None and settings.get("FLATTR_USER") is None:
        logger.debug("pelican_flattr: no FLATTR or FLATTR_USER setting; doing nothing")
        return

    from flattr_core.publish import SettingsError
    from pelican_flattr.pages import Site
    from pelican_flattr.settings import read_settings, stop_build

    try:
        fs = read_settings(settings)
    except SettingsError as error:
        raise stop_build(error) from None  # one line for the user, no Pelican traceback
    if fs.options.problems:
        from flattr_core.publish import log_problems

        log_problems(fs.options.problems, logger, prefix="pelican_flattr: ")
    site = Site(settings=fs, pelican_settings=settings, parent=running_parent())
    _sites[pelican] = site
    if not fs.active:
        # FLATTR is there, so the site means to use Flattr: say what is missing, as the MkDocs
        # plugin does (a site with no FLATTR setting at all was left alone above).
        logger.warning(
            "pelican_flattr: no Flattr account configured: set FLATTR['user'] (your Flattr "
            "username) in pelicanconf.py; no buttons or payment links are rendered"
        )
        return
    from flattr_core.publish import BADGE_ASSETS
    from pelican_flattr.sync import badge_url

    site.badge_url = badge_url(fs.options.site_url or "", BADGE_ASSETS)


def on_generator_init(generator: Any) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    _pelican, site = site_for_settings(generator.settings)
    if site is None or not site.settings.active:
        return
    from pelican_flattr.pages import patch_environment

    patch_environment(env)


def on_all_generators_finalized(generators: list[Any]) -> None:
    if not generators:
        return
    pelican, site = site_for_settings(generators[0].settings)
    if site is None or not site.settings.active:
        return
    from pelican_flattr.pages import build_run

    parent = site.parent() if site.parent is not None else None
    parent_site = site_of(parent) if parent is not None else None
    family = parent_site.run.family if parent_site and parent_site.run else None
    run_started(pelican)
    site.synced = False
    site.pending = []
    site.last_report = None
    site.run = build_run(site, generators, family)
    # The shared context: every feed and page context is a copy of it.
    generators[0].context[CONTEXT_KEY] = site.run


def on_feed_generated(context: dict[str, Any], feed: Any) -> None:
    run = _run(context)
    if run is None or not run.site.settings.feeds:
        return
    from pelican_flattr.feeds import add_payment_links

    add_payment_links(feed, run.feed_link, run.site_feed_link)


def on_content_written(path: str, context: dict[str, Any]) -> None:
    run = _run(context) if context else None
    if run is None:
        return
    from pelican_flattr.pages import update_written_page

    update_written_page(run, path, context)


def on_finalized(pelican: Any) -> None:
    site = site_of(pelican)
    try:
        if site is None or not site.settings.active or site.run is None:
            return
        from pelican_flattr.sync import finish_build

        parent = site.parent() if site.parent is not None else None
        parent_site = site_of(parent) if parent is not None else None
        finish_build(os.fspath(pelican.output_path), site, parent_site)
    finally:
        run_finished(pelican)


def last_report(pelican: Any) -> Any:
    """The SyncReport of the instance's last build (None: no sync ran)."""
    site = site_of(pelican)
    return site.last_report if site is not None else None


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.feed_generated.connect(on_feed_generated)
    signals.content_written.connect(on_content_written)
    signals.finalized.connect(on_finalized)
