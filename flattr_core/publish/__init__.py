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
    # A function must not share its module's name: importing the submodule rebinds the package
    # attribute to the module, so `from flattr_core.publish import normalise` would get a module.
    "normalise": "flattr_core.publish.normaliser",
    "site_item": "flattr_core.publish.normaliser",
    "dedupe_tags": "flattr_core.publish.normaliser",
    "options_from_mapping": "flattr_core.publish.options",
    "log_problems": "flattr_core.publish.problems",
    "problem_level": "flattr_core.publish.problems",
    "Renderer": "flattr_core.publish.render",
    "FeedLink": "flattr_core.publish.feedlink",
    "payment_url": "flattr_core.publish.render",
    "BADGE_ASSETS": "flattr_core.publish.render",
    "badge_file": "flattr_core.publish.pages",
    "insert_before_head_end": "flattr_core.publish.pages",
    "sync": "flattr_core.publish.syncing",
    "SyncReport": "flattr_core.publish.report",
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
    "badge_file",
    "dedupe_tags",
    "insert_before_head_end",
    "log_problems",
    "normalise",
    "options_from_mapping",
    "payment_url",
    "problem_level",
    "run_site_sync",
    "site_item",
    "sync",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'flattr_core.publish' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
