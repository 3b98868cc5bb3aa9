"""Turn a plugin's raw settings mapping (Pelican's ``FLATTR`` dict, MkDocs' plugin config) into
validated ``PublishOptions``.

Every mistake raises ``SettingsError`` with a message that names the key the user typed
(``FLATTR['button']``), the allowed values and the value received, so a build stops at start
with something the user can act on instead of producing broken buttons.

Keys only a plugin understands (``placement``, ``sync``, ``state_file``, ...) are passed in as
``plugin_keys``: they are accepted and left alone. Any other unknown key is an error, with a
"did you mean" hint, because a misspelt key silently ignored is the most common settings bug.

Nothing local leaks into a published site. When the site URL is public (absolute and not a
loopback, private or local-name address), a local Flattr web URL (the sandbox, from
``FLATTR_API_URL`` exported in the shell, say) is replaced by Flattr's own, and a local
``site_url`` in the Flattr settings (preview advice, imported by a publish config) gives way to
the site's own URL. Each case is a ``Problem`` in ``PublishOptions.problems`` that names the
setting and whether it came from the environment or the settings file; with ``strict=True`` it is
a ``SettingsError`` instead. A local site URL is a preview: there the sandbox's links stay.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flattr_core.catalog import CATEGORIES, LANGUAGES
from flattr_core.config import (
    DEFAULT_WEB_URL,
    ENV_API_URL,
    ENV_WEB_URL,
    ConfigError,
    resolve_web_url,
)
from flattr_core.publish.entry import BUTTON_STYLES, Problem, PublishOptions, SettingsError
from flattr_core.publish.hosts import is_local_url
from flattr_core.urls import is_absolute_http_url

#: Where the user reads how to preview a site against the sandbox without leaking its address.
PREVIEW_HELP = "see 'Preview a site locally' in the docs (how-to/preview-locally)"

#: Keys this module reads; everything else must be listed in ``plugin_keys``.
SHARED_KEYS: tuple[str, ...] = (
    "user",
    "flattr_id",
    "button",
    "popout",
    "category",
    "category_map",
    "language",
    "language_map",
    "extra_tags",
    "hidden",
    "authors",
    "site_url",
    "site_name",
    "site_description",
    "api_url",  # only used to find the web host of the auto-submit page (the sandbox in demos)
    "web_url",
)

_TRUE = frozenset({"true", "yes", "y", "on", "1"})
_FALSE = frozenset({"false", "no", "n", "off", "0"})

_LANGUAGE_IDS = {lang_id.lower(): lang_id for lang_id in LANGUAGES}


def parse_bool(value: object) -> bool | None:
    """``True``/``False`` for a bool, a yes/no/y/n/true/false/on/off/1/0 string or 0/1, else None.

    Lenient on purpose: Pelican metadata and YAML front matter hand over strings like ``"no"``.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    return None


def category_id(value: object) -> str | None:
    """The Flattr category id for ``value`` ("Text", "images", the label "Other"), else None."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text in CATEGORIES:
        return text
    for cat_id, label in CATEGORIES.items():
        if label.lower() == text:
            return cat_id
    return None


def language_id(value: object) -> str | None:
    """The exact Flattr language id for a case-insensitive id (``"pt_pt"`` -> ``pt_PT``)."""
    if not isinstance(value, str):
        return None
    return _LANGUAGE_IDS.get(value.strip().replace("-", "_").lower())


#: Builds the error for one entry of a map that names no Flattr category or language:
#: ``refuse(name, value)``; each caller words it for the settings its users write.
Refuse = Callable[[str, object], Exception]


def did_you_mean(key: object, known: Iterable[str]) -> str:
    """`` (did you mean 'button'?)`` for a misspelt ``key``, or ``""`` when nothing is close."""
    import difflib  # only for a wrong key: importing it costs every build about a millisecond

    hint = difflib.get_close_matches(str(key), sorted(known), n=1)
    return f" (did you mean {hint[0]!r}?)" if hint else ""


def map_categories(mapping: Mapping[str, object], refuse: Refuse) -> dict[str, str]:
    """A checked ``category_map``: the site's tag or category (lower-cased) -> the Flattr category
    id its value names (an id, or a label such as ``Other``)."""
    result: dict[str, str] = {}
    for name, value in mapping.items():
        cat = category_id(value)
        if cat is None:
            raise refuse(name, value)
        # Site categories and tags are matched case-insensitively ("Python" == "python").
        result[name.strip().lower()] = cat
    return result


def map_languages(mapping: Mapping[str, object], refuse: Refuse) -> dict[str, str | None]:
    """A ``language_map``: the site's language as written -> Flattr language id, or None (or an
    empty string) to send no language for those pages."""
    result: dict[str, str | None] = {}
    for name, value in mapping.items():
        if value is None or value == "":
            result[name] = None  # "omit the language for these pages", without a warning
            continue
        lang = language_id(value)
        if lang is None:
            raise refuse(name, value)
        result[name] = lang
    return result


def split_tags(value: object) -> list[str]:
    """Tags from a comma string or a list of strings (each may hold commas), stripped, no empties.

    Not deduplicated: that happens once, over all sources, in ``normalise``.
    """
    if value is None:
        return []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, Iterable):
        values = [values]
    tags: list[str] = []
    for raw in values:
        tags.extend(part.strip() for part in str(raw).split(",") if part.strip())
    return tags


class _Reader:
    """Reads one settings mapping; ``name(key)`` is how the user spells that key."""

    def __init__(self, mapping: Mapping[str, Any], setting: str) -> None:
        self.mapping = mapping
        self.setting = setting

    def name(self, key: str) -> str:
        return f"{self.setting}[{key!r}]"

    def fail(self, key: str, expected: str, value: object) -> SettingsError:
        return SettingsError(f"{self.name(key)} must be {expected}; got {value!r}")

    def text(self, key: str, default: str | None, *, single_word: bool = False) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(key, "a string", value)
        value = value.strip()
        if single_word and not value:
            return default  # a blank name (e.g. from an empty environment variable) is unset
        if single_word and any(ch.isspace() for ch in value):
            raise self.fail(key, "a Flattr name without spaces, such as 'alice'", value)
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.mapping.get(key)
        if value is None:
            return default
        parsed = parse_bool(value)
        if parsed is None:
            raise self.fail(key, "true or false", value)
        return parsed

    def choice(self, key: str, choices: Iterable[str], default: str) -> str:
        value = self.mapping.get(key)
        if value is None:
            return default
        allowed = list(choices)
        if isinstance(value, str) and value.strip().lower() in allowed:
            return value.strip().lower()
        raise self.fail(key, f"one of {', '.join(allowed)}", value)

    def string_map(self, key: str) -> dict[str, Any]:
        value = self.mapping.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
            raise self.fail(key, "a mapping such as {'Jane Doe': 'jane'}", value)
        return dict(value)


def _check_url(key: str, value: str, example: str) -> str:
    if value and not is_absolute_http_url(value):
        raise SettingsError(
            f"{key} must be an absolute http(s) URL such as {example!r}; got {value!r}"
        )
    return value.rstrip("/")


def options_from_mapping(
    mapping: Mapping[str, Any] | None,
    setting: str = "FLATTR",
    *,
    plugin_keys: Iterable[str] = (),
    site_url: str | None = None,
    site_url_setting: str | None = None,
    site_name: str | None = None,
    site_description: str | None = None,
    strict: bool = False,
    settings_file: str = "settings file",
) -> PublishOptions:
    """Validate a plugin's settings and return ``PublishOptions``.

    ``setting`` is how the user knows the whole mapping (``FLATTR`` in Pelican, ``flattr`` for
    the MkDocs plugin block); ``plugin_keys`` are the plugin's own keys, accepted and ignored.
    The site's URL, name and description usually live outside the mapping (``SITEURL``,
    ``site_url``, ``SITENAME``, ...): pass them as keywords, with ``site_url_setting`` naming the
    setting a user must fix when it is not an absolute http(s) URL (default: ``site_url``, or
    ``FLATTR['site_url']`` when the URL came in the mapping). A ``site_url`` key in the mapping wins
    over the keyword (a way to give an absolute base when the site's own is relative), unless it
    is local while the site's own URL is public (see the module docstring).

    ``settings_file`` names the file the mapping comes from (``pelicanconf.py``, ``mkdocs.yml``)
    in the problems about leaks; ``strict`` makes those problems errors.
    """
    if mapping is None:
        mapping = {}
    if not isinstance(mapping, Mapping):
        raise SettingsError(
            f"{setting} must be a mapping of settings such as {{'user': 'alice'}}; got {mapping!r}"
        )
    known = set(SHARED_KEYS) | set(plugin_keys)
    for key in mapping:
        if key not in known:
            raise SettingsError(
                f"{setting} has no key {key!r}{did_you_mean(key, known)}; "
                f"known keys: {', '.join(sorted(known))}"
            )
    r = _Reader(mapping, setting)

    problems: list[Problem] = []
    url_setting = site_url_setting or (r.name("site_url") if "site_url" in mapping else "site_url")
    if "site_url" in mapping:
        url = _check_url(url_setting, r.text("site_url", "") or "", "https://example.com")
        own_url = (site_url or "").strip().rstrip("/")
        if is_local_url(url) and is_absolute_http_url(own_url) and not is_local_url(own_url):
            # The preview trap: pelicanconf.py's FLATTR["site_url"] = "http://localhost:8000",
            # imported by publishconf.py whose SITEURL is the real one.
            problems.append(
                Problem(
                    settings_file,
                    r.name("site_url"),
                    f"{url!r} is a local address but the site's own URL is {own_url!r}: Flattr "
                    f"URLs use {own_url!r} instead. Remove {r.name('site_url')} from the settings "
                    f"a published build reads; {PREVIEW_HELP}",
                )
            )
            url, url_setting = own_url, site_url_setting or "site_url"
    else:
        url = _check_url(url_setting, (site_url or "").strip(), "https://example.com")
    try:
        web_url = resolve_web_url(
            r.text("web_url", None) or None, api_url=r.text("api_url", None) or None
        )
    except ConfigError as exc:
        key = "web_url" if mapping.get("web_url") else "api_url"
        raise SettingsError(
            f"{r.name(key)} must be an absolute http(s) URL such as "
            f"'https://api.flattr.com/rest/v2' ({exc})"
        ) from None
    if is_local_url(web_url) and is_absolute_http_url(url) and not is_local_url(url):
        source, name = _web_url_origin(r, settings_file)
        problems.append(
            Problem(
                source,
                name,
                f"makes the Flattr web URL {web_url!r}, a local address, but the site URL "
                f"{url!r} is public: its buttons, payment links and feeds use {DEFAULT_WEB_URL!r} "
                f"instead. Unset {name} for builds you publish; {PREVIEW_HELP}",
            )
        )
        web_url = DEFAULT_WEB_URL
    if strict and problems:
        raise SettingsError(str(problems[0]))

    return PublishOptions(
        site_url=url,
        user=r.text("user", None, single_word=True),
        flattr_id=r.text("flattr_id", None, single_word=True),
        button=r.choice("button", BUTTON_STYLES, "static"),
        popout=r.flag("popout", True),
        category=_category(r),
        category_map=_category_map(r),
        language=r.text("language", None) or None,
        language_map=_language_map(r),
        extra_tags=tuple(_tags(r)),
        hidden=r.flag("hidden", False),
        authors=_authors(r),
        site_name=r.text("site_name", None) or (site_name or "").strip(),
        site_description=(r.text("site_description", None) or (site_description or "").strip()),
        web_url=web_url,
        site_url_setting=url_setting,
        problems=tuple(problems),
    )


def _web_url_origin(r: _Reader, settings_file: str) -> tuple[str, str]:
    """(where, setting) that decided the web URL, in ``resolve_web_url``'s order."""
    if r.text("web_url", None):
        return settings_file, r.name("web_url")
    if os.environ.get(ENV_WEB_URL):
        return "environment", ENV_WEB_URL
    if r.text("api_url", None):
        return settings_file, r.name("api_url")
    return "environment", ENV_API_URL


def _category(r: _Reader) -> str:
    value = r.mapping.get("category")
    if value is None:
        return "text"
    cat = category_id(value)
    if cat is None:
        raise r.fail("category", f"one of {', '.join(CATEGORIES)}", value)
    return cat


def _category_map(r: _Reader) -> dict[str, str]:
    def refuse(name: str, value: object) -> SettingsError:
        return SettingsError(
            f"{r.name('category_map')}[{name!r}] must be one of "
            f"{', '.join(CATEGORIES)}; got {value!r}"
        )

    return map_categories(r.string_map("category_map"), refuse)


def _language_map(r: _Reader) -> dict[str, str | None]:
    def refuse(name: str, value: object) -> SettingsError:
        return SettingsError(
            f"{r.name('language_map')}[{name!r}] must be a Flattr language id such as "
            f"'en_GB' or 'de_DE' (the list: flattr_core.catalog.LANGUAGES), or None to "
            f"omit the language; got {value!r}"
        )

    return map_languages(r.string_map("language_map"), refuse)


def _tags(r: _Reader) -> list[str]:
    value = r.mapping.get("extra_tags")
    if value is None:
        return []
    if isinstance(value, str) or (
        isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
    ):
        return split_tags(value)
    raise r.fail("extra_tags", "a list of tags such as ['blog', 'python']", value)


def _authors(r: _Reader) -> dict[str, str]:
    authors = r.string_map("authors")
    for name, user in authors.items():
        if not isinstance(user, str) or not user.strip() or any(c.isspace() for c in user.strip()):
            raise SettingsError(
                f"{r.name('authors')}[{name!r}] must be a Flattr username such as 'alice'; "
                f"got {user!r}"
            )
        authors[name] = user.strip()
    return authors
