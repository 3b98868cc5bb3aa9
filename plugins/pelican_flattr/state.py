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

import os
import weakref
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from flattr_core.publish import Item
from pelican_flattr.info import FlattrInfo
from pelican_flattr.settings import FlattrSettings

CONTEXT_KEY = "flattr_site"


@dataclass
class Site:
    """One Pelican instance's checked settings and renderer."""

    settings: FlattrSettings
    pelican_settings: dict[str, Any]
    parent: weakref.ref[Any] | None = None  # the instance whose build created this one
    renderer: Any = None  # flattr_core.publish.Renderer, made on first use
    badge_url: str | None = None
    run: SiteRun | None = None
    synced: bool = False  # this build's items were synced (or handed to the parent)
    pending: list[Item] = field(default_factory=list)  # items of sub-instances to sync with ours
    last_report: Any = None  # the SyncReport of the last build, None when no sync ran

    def get_renderer(self) -> Any:
        if self.renderer is None:
            from flattr_core.publish import Renderer

            ps = self.pelican_settings
            theme = os.path.join(ps["THEME"], "templates")
            dirs = [*ps.get("THEME_TEMPLATES_OVERRIDES", ()), theme]
            self.renderer = Renderer(
                self.settings.options, template_dirs=tuple(dirs), badge_url=self.badge_url
            )
        return self.renderer


@dataclass
class SiteRun:
    """One build: the items in scope and what has been put on each written page."""

    site: Site
    renderer: Any
    items: list[Item] = field(default_factory=list)
    by_link: dict[str, Any] = field(default_factory=dict)  # feed item link -> FeedLink
    site_payment_url: str | None = None
    site_head_html: Markup = field(default_factory=Markup)
    site_feed_link: Any = None
    # output file -> what the theme already printed through the helpers ("head", "button:<url>",
    # "loader"), so the automatic insertion never doubles it.
    marks: dict[str, set[str]] = field(default_factory=dict)
    body_misses: int = 0
    handled: set[str] = field(default_factory=set)  # output files finished at render time
    meta_only: set[int] = field(default_factory=set)  # ids of in-scope content with no owner
    meta_html: Markup = field(default_factory=Markup)

    # Template-facing: {{ flattr_site.head }}, {{ flattr_site.payment_url }}
    @property
    def head(self) -> Markup:
        return self.site_head_html

    @property
    def payment_url(self) -> str | None:
        return self.site_payment_url

    def mark(self, output_file: str | None, *marks: str) -> None:
        if output_file:
            self.marks.setdefault(output_file, set()).update(marks)

    def marks_for(self, output_file: str | None) -> set[str]:
        return self.marks.get(output_file or "", set())


def info_of(content: Any) -> FlattrInfo | None:
    """``content.flattr`` when this plugin put it there (metadata ``flattr: no`` is a string)."""
    info = getattr(content, "flattr", None)
    return info if isinstance(info, FlattrInfo) else None


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
