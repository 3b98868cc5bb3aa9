"""``register()`` and the signal handlers: the whole life of the plugin in one build.

==============================  ==================================================================
``initialized``                 check the settings (SettingsError stops Pelican with a message
                                naming the key), remember the instance, add the template helpers
``generator_init``              page templates add the snippets as they render (render_hook.py)
``all_generators_finalized``    normalise every article/page in scope once, attach
                                ``content.flattr``, put ``flattr_site`` into the context
``feed_generated``              payment links per entry and per channel, in every feed
``content_written``             fallback: the same into pages no patched template rendered
``finalized``                   badge files into the output, then sync (main instance, once)
==============================  ==================================================================

With no ``user`` and no ``flattr_id`` every handler returns at once (a debug line says why).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import signals

from flattr_core.publish import SettingsError
from pelican_flattr import state
from pelican_flattr.helpers import HELPERS
from pelican_flattr.settings import read_settings
from pelican_flattr.stop import stop_build

logger = logging.getLogger(__name__)


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
    if fs.options.problems:
        from flattr_core.publish import log_problems

        log_problems(fs.options.problems, logger, prefix="pelican_flattr: ")
    site = state.Site(settings=fs, pelican_settings=settings, parent=state.running_parent())
    state.register_site(pelican, site)
    if not fs.active:
        logger.debug("pelican_flattr: no FLATTR['user'], FLATTR_USER or flattr_id; doing nothing")
        return
    from flattr_core.publish import BADGE_ASSETS
    from pelican_flattr.finish import badge_url

    site.badge_url = badge_url(fs.options.site_url or "", BADGE_ASSETS)


def on_generator_init(generator: Any) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    _pelican, site = state.site_for_settings(generator.settings)
    if site is None or not site.settings.active:
        return
    from pelican_flattr.render_hook import patch_environment

    patch_environment(env)


def on_all_generators_finalized(generators: list[Any]) -> None:
    if not generators:
        return
    pelican, site = state.site_for_settings(generators[0].settings)
    if site is None or not site.settings.active:
        return
    from pelican_flattr.collect import build_run

    state.run_started(pelican)
    site.synced = False
    site.pending = []
    site.last_report = None
    site.run = build_run(site, generators)
    # The shared context: every feed and page context is a copy of it (see state.py).
    generators[0].context[state.CONTEXT_KEY] = site.run


def on_feed_generated(context: dict[str, Any], feed: Any) -> None:
    run = context.get(state.CONTEXT_KEY)
    if not isinstance(run, state.SiteRun) or not run.site.settings.feeds:
        return
    from pelican_flattr.feeds import add_payment_links

    add_payment_links(feed, run.by_link.get, run.site_feed_link)


def on_content_written(path: str, context: dict[str, Any]) -> None:
    run = context.get(state.CONTEXT_KEY) if context else None
    if not isinstance(run, state.SiteRun):
        return
    from pelican_flattr.written import update_written_page

    update_written_page(run, path, context)


def on_finalized(pelican: Any) -> None:
    site = state.site_of(pelican)
    try:
        if site is None or not site.settings.active or site.run is None:
            return
        _finish(pelican, site)
    finally:
        state.run_finished(pelican)


def _finish(pelican: Any, site: state.Site) -> None:
    from flattr_core.publish import BADGE_ASSETS
    from pelican_flattr.finish import sync_items, write_badge_assets

    assert site.run is not None
    write_badge_assets(os.fspath(pelican.output_path), BADGE_ASSETS)
    fs = site.settings
    if not fs.sync:
        logger.debug("pelican_flattr: FLATTR['sync'] is off; %d items", len(site.run.items))
        return
    if not fs.options.site_url and not fs.strict:
        # The empty SITEURL was warned about once already (no Flattr output in this build);
        # a second warning from sync would say the same. Strict builds still fail in sync.
        logger.debug("pelican_flattr: no sync without SITEURL")
        return
    items = [*site.run.items, *site.pending]
    parent = site.parent() if site.parent is not None else None
    parent_site = state.site_of(parent) if parent is not None else None
    if (
        parent_site is not None
        and parent_site.run is not None
        and parent_site.settings.sync
        and not parent_site.synced
    ):
        # A sub-instance (i18n_subsites) finished inside the main build: the main instance
        # syncs its items together with its own, once.
        parent_site.pending.extend(items)
        site.synced = True
        return
    site.synced = True
    site.pending = []
    try:
        site.last_report = sync_items(fs, items)
    except SettingsError as error:  # strict mode: the state is saved, the build fails
        raise stop_build(error) from None


def last_report(pelican: Any) -> Any:
    """The SyncReport of the instance's last build (None: no sync ran)."""
    site = state.site_of(pelican)
    return site.last_report if site is not None else None


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.feed_generated.connect(on_feed_generated)
    signals.content_written.connect(on_content_written)
    signals.finalized.connect(on_finalized)
