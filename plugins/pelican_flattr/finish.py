"""The end of a build (``finalized``): the static badge into the output, then sync.

Sync is the engine's ``run_site_sync``: it checks the token (``FLATTR_ACCESS_TOKEN`` or the
``flattr login`` store) and the absolute http(s) SITEURL, logs progress and one summary line
through our logger, and warns (or raises ``SettingsError`` with ``strict``) on problems. Its
state file makes repeated builds, ``pelican -r`` included, cost nothing when nothing changed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from typing import Any

from flattr_core.publish import Item
from pelican_flattr.settings import FlattrSettings

logger = logging.getLogger(__name__)


def badge_file(assets: Mapping[str, bytes]) -> str | None:
    """The asset a static button's ``<img>`` points at (the SVG when there is one)."""
    names = sorted(assets)
    svgs = [name for name in names if name.endswith(".svg")]
    return (svgs or names)[0] if names else None


def badge_url(site_url: str, assets: Mapping[str, bytes]) -> str | None:
    name = badge_file(assets)
    if name is None:
        return None
    return f"{site_url.rstrip('/')}/{name}"


def write_badge_assets(output_path: str, assets: Mapping[str, bytes]) -> None:
    """Copy the badge files into the output; rewritten only when their bytes differ."""
    for name, data in assets.items():
        target = os.path.join(output_path, *name.split("/"))
        try:
            with open(target, "rb") as fh:
                if fh.read() == data:
                    continue
        except OSError:
            pass
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(data)


def _sync_logger() -> logging.Logger:
    """The logger sync reports through. Pelican's log filter drops a message it has already
    seen in this process; a summary is a fact about *this* build (``pelican -r`` rebuilds,
    subsites), so this logger keeps every line. ``--fatal warnings`` still counts its warnings.
    """
    sync_logger = logging.getLogger("pelican_flattr.sync")
    disable = getattr(sync_logger, "disable_filter", None)
    if disable is not None:
        disable()
    return sync_logger


def sync_items(settings: FlattrSettings, items: Sequence[Item]) -> Any:
    """Run the engine's sync for one build; returns its SyncReport, or None when it could not run.

    The engine logs its summary at info level, which a plain ``pelican`` run (no ``-v``) does
    not show; then the summary goes to Pelican's console too, next to its own "Done: ..." line.
    """
    logger.info("pelican_flattr: syncing %d items with Flattr", len(items))
    report = _run_sync(settings, items)
    sync_logger = _sync_logger()
    if report is not None and not sync_logger.isEnabledFor(logging.INFO):
        from pelican.log import console

        console.print(report.summary(), markup=False, highlight=False)
    return report


def _run_sync(settings: FlattrSettings, items: Sequence[Item]) -> Any:
    from flattr_core.publish import run_site_sync

    return run_site_sync(
        list(items),
        api_url=settings.api_url,
        state_file=settings.state_file,
        dry_run=settings.dry_run,
        strict=settings.strict,
        site_url=settings.options.site_url,
        site_url_setting=settings.options.site_url_setting,
        logger=_sync_logger(),
        owner=settings.options.user,  # a token of another user is one warning naming both
    )
