"""Reading and checking the plugin's settings: ``FLATTR = {...}`` and the ``FLATTR_USER`` alias.

The keys the publishing engine understands (user, button, category, language, ...) and unknown
keys (with a "did you mean") are checked by ``flattr_core.publish.options_from_mapping``; the keys
only this plugin knows (placement, feeds, sync, ...) are checked here, with messages in the same
style: the key, what is allowed, what was given. Any mistake raises ``SettingsError`` while
Pelican starts, before anything is written, and ``stop_build`` turns it into one CRITICAL line
and exit status 1.

Why not let the ``SettingsError`` through: Pelican's command line logs every ``Exception`` that
reaches it together with its traceback, which would bury our one-line message under thirty lines
of Pelican internals. ``BuildStopped`` is a ``SystemExit`` (not an ``Exception``): Pelican lets it
through and the process exits with status 1. Programs that run Pelican themselves can catch it;
the original ``SettingsError`` is its ``error``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flattr_core._records import FrozenRecord, record_class
from flattr_core.publish import PLACEMENTS, PublishOptions, SettingsError
from flattr_core.urls import is_absolute_http_url

logger = logging.getLogger("pelican_flattr")

SETTING = "FLATTR"
USER_ALIAS = "FLATTR_USER"
DEFAULT_STATE_FILE = ".flattr-state.json"

#: Plugin-only switches and their defaults (the issue's names; they are the user interface).
BOOL_KEYS: dict[str, bool] = {
    "head_links": True,
    "feeds": True,
    "site_link": True,
    "pages": False,
    "sync": False,
    "dry_run": False,
    "strict": False,
    "prune": False,
}
#: Keys the engine does not know. ``api_url`` is shared: the engine derives the auto-submit host
#: from it, and we hand it to sync.
PLUGIN_KEYS = (*BOOL_KEYS, "placement", "state_file")


@record_class  # no generated methods, fields made on first need: flattr_core._records
class FlattrSettings(FrozenRecord):
    """Everything the plugin needs to know about one Pelican site, checked."""

    options: PublishOptions
    active: bool  # False: no user, authors or flattr_id; the plugin does nothing
    placement: str = "bottom"
    head_links: bool = True
    feeds: bool = True
    site_link: bool = True
    pages: bool = False
    sync: bool = False
    api_url: str | None = None
    state_file: str = DEFAULT_STATE_FILE  # absolute once read
    dry_run: bool = False
    strict: bool = False
    prune: bool = False  # delete things this state created for pages that are gone (opt-in)
    language_forced: bool = False  # FLATTR['language'] given: it wins over each article's lang

    def __init__(
        self,
        options: PublishOptions,
        active: bool,
        placement: str = "bottom",
        head_links: bool = True,
        feeds: bool = True,
        site_link: bool = True,
        pages: bool = False,
        sync: bool = False,
        api_url: str | None = None,
        state_file: str = DEFAULT_STATE_FILE,
        dry_run: bool = False,
        strict: bool = False,
        prune: bool = False,
        language_forced: bool = False,
    ) -> None:
        self._init(
            options=options,
            active=active,
            placement=placement,
            head_links=head_links,
            feeds=feeds,
            site_link=site_link,
            pages=pages,
            sync=sync,
            api_url=api_url,
            state_file=state_file,
            dry_run=dry_run,
            strict=strict,
            prune=prune,
            language_forced=language_forced,
        )


def _key(name: str) -> str:
    return f"{SETTING}[{name!r}]"


def _check_bool(raw: Mapping[str, Any], name: str) -> bool:
    from flattr_core.publish.options import parse_bool  # the engine's yes/no rule: one rule

    value = raw.get(name)
    if value is None:
        return BOOL_KEYS[name]
    parsed = parse_bool(value)
    if parsed is None:
        raise SettingsError(f"{_key(name)} must be True or False; got {value!r}")
    return parsed


def _check_placement(raw: Mapping[str, Any]) -> str:
    value = raw.get("placement")
    if value is None:
        return "bottom"
    if not isinstance(value, str) or value.strip().lower() not in PLACEMENTS:
        raise SettingsError(
            f"{_key('placement')} must be one of {', '.join(PLACEMENTS)}; got {value!r}"
        )
    return value.strip().lower()


def _check_api_url(raw: Mapping[str, Any]) -> str | None:
    value = raw.get("api_url")
    if value is None:
        return None
    if not isinstance(value, str) or not is_absolute_http_url(value):
        raise SettingsError(
            f"{_key('api_url')} must be an absolute http(s) URL such as "
            f"'https://api.flattr.com/rest/v2', or None to use FLATTR_API_URL; got {value!r}"
        )
    return str(value).rstrip("/")


def _check_state_file(raw: Mapping[str, Any], cwd: str) -> str:
    value = raw.get("state_file")
    if value is None:
        value = DEFAULT_STATE_FILE
    if not isinstance(value, (str, os.PathLike)) or not os.fspath(value):
        raise SettingsError(
            f"{_key('state_file')} must be a file path such as {DEFAULT_STATE_FILE!r} "
            f"(relative to the directory pelican runs in); got {value!r}"
        )
    # Resolved once, at start: a later chdir (some plugins do that) must not move the state.
    return os.path.join(cwd, os.fspath(value))


def _raw_mapping(settings: Mapping[str, Any]) -> dict[str, Any]:
    raw = settings.get(SETTING)
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise SettingsError(
            f"{SETTING} must be a dict such as {{'user': 'yourname'}}; "
            f"got {type(raw).__name__} {raw!r}"
        )
    raw = dict(raw)
    alias = settings.get(USER_ALIAS)
    if alias is not None:
        if not isinstance(alias, str) or not alias.strip():
            raise SettingsError(
                f"{USER_ALIAS} must be a Flattr username such as 'yourname'; got {alias!r}"
            )
        # FLATTR['user'] wins when both are given: it is the more specific of the two.
        raw.setdefault("user", alias.strip())
    return raw


def read_settings(settings: Mapping[str, Any], *, cwd: str | None = None) -> FlattrSettings:
    """Check Pelican's settings and return the plugin's view of them.

    Raises ``SettingsError`` naming the key, the allowed values and the value found.
    """
    from flattr_core.publish import options_from_mapping

    raw = _raw_mapping(settings)
    options = options_from_mapping(
        raw,
        setting=SETTING,
        plugin_keys=PLUGIN_KEYS,
        site_url=str(settings.get("SITEURL") or ""),
        site_url_setting=None if "site_url" in raw else "SITEURL",
        site_name=str(settings.get("SITENAME") or ""),
        site_description=str(settings.get("SITESUBTITLE") or ""),
        # A local Flattr URL in a public site is a warning (options.problems), or with
        # FLATTR['strict'] an error.
        strict=_check_bool(raw, "strict"),
        settings_file="Pelican settings",
    )
    return FlattrSettings(
        options=options,
        active=bool(options.user or options.flattr_id or options.authors),
        placement=_check_placement(raw),
        api_url=_check_api_url(raw),
        state_file=_check_state_file(raw, cwd if cwd is not None else os.getcwd()),
        language_forced=raw.get("language") is not None,
        **{name: _check_bool(raw, name) for name in BOOL_KEYS},
    )


class BuildStopped(SystemExit):
    """The build stopped on ``error`` (a ``SettingsError``); exit status 1."""

    def __init__(self, error: SettingsError) -> None:
        super().__init__(1)
        self.error = error

    def __str__(self) -> str:
        return str(self.error)


def stop_build(error: SettingsError) -> BuildStopped:
    """Log ``error`` as the one line the user sees and return the exception to raise."""
    # The engine's messages carry its own "flattr: " prefix; ours replaces it, not adds to it.
    logger.critical("pelican_flattr: %s", str(error).removeprefix("flattr: "))
    return BuildStopped(error)
