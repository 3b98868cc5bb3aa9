"""Where the plugin keeps what it knows: one ``Site`` per Pelican instance, one ``SiteRun`` per
build.

Pelican's signals hand each receiver a different object (the Pelican instance, the generators,
the context dict, an output path), so the state must be findable from each of them:

* ``Site`` objects live in a weak map keyed by the Pelican instance (``initialized`` and
  ``finalized`` get the instance) and are found from generators by their settings dict.
* The ``SiteRun`` of the build in progress is put into Pelican's shared context as
  ``flattr_site`` at ``all_generators_finalized``; every feed and page context is a copy of that
  context, so ``feed_generated`` and ``content_written`` find it there, and templates can use it
  (``{{ flattr_site.head }}``, ``{{ flattr_site.payment_url }}``).

``pelican -r`` calls ``run()`` again on the same instance: each build gets a fresh ``SiteRun``,
nothing carries over but the ``Site``'s settings and renderer. Nothing in here is pickled: the
content cache is saved before ``all_generators_finalized``.
"""

from __future__ import annotations

import weakref
from typing import Any

from pelican_flattr.pages import Site

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
