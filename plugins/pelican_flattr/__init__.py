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
"""

from __future__ import annotations

import logging
import os
import weakref
from typing import Any

# Importing pelican first also imports pelican.log, which makes every logger created after it a
# FatalLogger: that is what makes `pelican --fatal warnings` count our warnings.
from pelican import signals

from flattr_core.publish import SettingsError
from pelican_flattr import pages
from pelican_flattr.pages import HELPERS, Site
from pelican_flattr.settings import read_settings, stop_build

__all__ = ["last_report", "register"]

logger = logging.getLogger(__name__)

_sites: weakref.WeakKeyDictionary[Any, Site] = weakref.WeakKeyDictionary()
_running: list[weakref.ref[Any]] = []  # Pelican instances whose build is in progress, in order


def register_site(pelican: Any, site: Site) -> None:
    _sites[pelican] = site


def site_of(pelican: Any) -> Site | None:
    return _sites.get(pelican)


def site_for_settings(settings: dict[str, Any]) -> tuple[Any, Site] | tuple[None, None]:
    """The Pelican instance and Site whose settings dict is ``settings`` (generators share it)."""
    for pelican, site in list(_sites.items()):
        if site.pelican_settings is settings:
            return pelican, site
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


def on_initialized(pelican: Any) -> None:
    settings = pelican.settings
    globals_ = dict(settings.get("JINJA_GLOBALS") or {})
    for name, helper in HELPERS.items():
        globals_.setdefault(name, helper)  # a theme's own helper of the same name wins
    settings["JINJA_GLOBALS"] = globals_

    try:
        fs = read_settings(settings)
    except SettingsError as error:
        raise stop_build(error) from None  # one line for the user, no Pelican traceback
    site = pages.Site(settings=fs, pelican_settings=settings, parent=running_parent())
    register_site(pelican, site)
    if not fs.active:
        logger.debug("pelican_flattr: no FLATTR['user'], FLATTR_USER or flattr_id; doing nothing")
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

    run_started(pelican)
    site.synced = False
    site.pending = []
    site.last_report = None
    site.run = build_run(site, generators)
    # The shared context: every feed and page context is a copy of it (see py).
    generators[0].context[pages.CONTEXT_KEY] = site.run


def on_feed_generated(context: dict[str, Any], feed: Any) -> None:
    run = context.get(pages.CONTEXT_KEY)
    if not isinstance(run, pages.SiteRun) or not run.site.settings.feeds:
        return
    from pelican_flattr.feeds import add_payment_links

    add_payment_links(feed, run.by_link.get, run.site_feed_link)


def on_content_written(path: str, context: dict[str, Any]) -> None:
    run = context.get(pages.CONTEXT_KEY) if context else None
    if not isinstance(run, pages.SiteRun):
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
