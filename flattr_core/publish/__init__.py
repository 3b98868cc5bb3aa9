"""flattr_core.publish: the engine both site plugins share.

entries (what a site knows) -> ``normalise`` (valid Flattr metadata) -> ``Renderer`` (buttons,
head tags, feed links; Jinja, autoescaped) -> ``sync`` (one Flattr thing per item, idempotent).

Names are loaded on first use so that importing a plugin stays cheap for sites that only render.
"""

from __future__ import annotations

import importlib
from typing import Any

from flattr_core.publish.entry import (
    BUTTON_STYLES,
    OVERRIDE_KEYS,
    PLACEMENTS,
    Entry,
    Item,
    Problem,
    PublishOptions,
    SettingsError,
)

_LAZY = {
    "normalise": "flattr_core.publish.normalise",
    "options_from_mapping": "flattr_core.publish.options",
    "Renderer": "flattr_core.publish.render",
    "FeedLink": "flattr_core.publish.render",
    "BADGE_ASSETS": "flattr_core.publish.render",
    "sync": "flattr_core.publish.sync",
    "SyncReport": "flattr_core.publish.sync",
    "run_site_sync": "flattr_core.publish.runner",
}

__all__ = [
    "BADGE_ASSETS",
    "BUTTON_STYLES",
    "OVERRIDE_KEYS",
    "PLACEMENTS",
    "Entry",
    "FeedLink",
    "Item",
    "Problem",
    "PublishOptions",
    "Renderer",
    "SettingsError",
    "SyncReport",
    "normalise",
    "options_from_mapping",
    "run_site_sync",
    "sync",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'flattr_core.publish' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
