"""``normalise(entry, options)``: from what a site knows to metadata Flattr accepts.

Rules (Flattr API docs: Things, create; validation rules):

* language: mapped to Flattr's list (``languages.flattr_language``); unknown -> omitted + warning;
* category: a valid per-page override, else ``category_map`` of the site category, then of each
  tag, else the site default;
* tags: from a comma string, a list (nested too) or single values of any YAML type; markup
  stripped, split on commas and on ``;`` (which Flattr refuses), cut to 100 characters (no limit
  is documented; 100 is the title's), deduplicated case-insensitively, site ``extra_tags`` last;
  a mapping or a tag without text is dropped;
* title and description: HTML stripped, cut at word boundaries to 100 / 1000 characters, values
  under 5 characters replaced by a fallback (with a warning; a short but real title such as
  "Home" is completed with the site name and reported at info level); text that only looks like a
  tag once entities are decoded keeps its words in angle quotes (``text.api_safe``), as Flattr
  would strip it; an override that is not text (a list, a mapping) is ignored with a warning;
* owner: per-page ``user``, else the ``authors`` entry of the page's author, else the site user.

Every fix is reported as a ``Problem`` (a warning that names the source file and the field); the
only exception is ``SettingsError`` for a page URL that is not absolute http(s), because that is
a site setting to fix once, not a page problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from flattr_core.catalog import CATEGORIES
from flattr_core.publish.entry import (
    OVERRIDE_KEYS,
    Entry,
    Item,
    Problem,
    PublishOptions,
    SettingsError,
)
from flattr_core.publish.hosts import is_local_url
from flattr_core.publish.languages import flattr_language, is_omitted
from flattr_core.publish.options import category_id, parse_bool, split_tags
from flattr_core.publish.text import api_safe, cut, html_to_text
from flattr_core.urls import is_absolute_http_url

TITLE_LIMIT = 100
DESCRIPTION_LIMIT = 1000
TAG_LIMIT = 100
MIN_LENGTH = 5
_TAG_SEPARATORS = re.compile(r"[,;]")


class _Collector:
    """Collects the problems of one entry, each naming its source file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def warning(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.source, field, message))

    def note(self, field: str, message: str) -> None:
        """An automatic fill that produced a valid value: reported at info level."""
        self.problems.append(Problem(self.source, field, message, severity="info"))


def normalise(entry: Entry, options: PublishOptions) -> tuple[Item | None, list[Problem]]:
    """Valid Flattr metadata for ``entry`` and the warnings about what had to change.

    The item is None when the page has no owner (no site user, no mapped author, no override).
    Raises ``SettingsError`` when ``entry.url`` is not an absolute http(s) URL.
    """
    _check_page_url(entry, options)
    log = _Collector(entry.source)
    overrides = _known_overrides(entry, log)

    url = _url(entry, overrides, log)
    owner = _owner(entry, overrides, options, log)
    page_title = _given_text(overrides, "title", entry.title, log)
    title = _title(_plain_title(page_title), options, url, log)
    summary = _given_text(overrides, "description", entry.summary_html, log)
    description = _description(_plain_description(summary), options, title, log)
    own_tags = [*clean_tags(entry.tags, log), *clean_tags(overrides.get("tags"), log)]
    category = _category(entry, overrides, options, own_tags, log)
    language = _language(entry, overrides, options, log)
    # clean_tags split and stripped them already: only repeats are left to drop.
    tags = _unique([*own_tags, *clean_tags(options.extra_tags)])
    hidden = _hidden(overrides, options, log)

    if owner is None:
        log.warning(
            "owner",
            "no Flattr user owns this page, so it gets no button or link: set 'user' in the "
            "Flattr settings, map this page's author in 'authors', or set a per-page 'user'",
        )
        return None, log.problems
    item = Item(
        url=url,
        owner=owner,
        title=title,
        description=description,
        category=category,
        language=language,
        tags=tuple(tags),
        hidden=hidden,
        source=entry.source,
    )
    return item, log.problems


def site_item(options: PublishOptions) -> Item | None:
    """The item for the site as a whole (home page, feed channels), owned by ``options.user``.

    None when there is no site user or no absolute site URL.
    """
    if not options.user or not is_absolute_http_url(options.site_url):
        return None
    url = options.site_url.rstrip("/") + "/"
    title = _plain_title(options.site_name)
    if len(title) < MIN_LENGTH:
        title = cut(urlsplit(url).netloc + urlsplit(url).path, TITLE_LIMIT)
    if len(title) < MIN_LENGTH:
        title = cut(url, TITLE_LIMIT)
    description = _plain_description(options.site_description)
    if len(description) < MIN_LENGTH:
        description = title
    language = flattr_language(options.language, options.language_map) if options.language else None
    return Item(
        url=url,
        owner=options.user,
        title=title,
        description=description,
        category=options.category,
        language=language,
        tags=tuple(dedupe_tags(clean_tags(options.extra_tags))),
        hidden=options.hidden,
        source="(site)",
    )


def clean_tags(value: object, log: _Collector | None = None) -> list[str]:
    """Tags Flattr accepts from any value a site or its front matter holds; changes are reported.

    A string is a comma-separated list; lists (nested too) are flattened; numbers, dates and
    booleans are their text; None is no tag. Markup is stripped, ``;`` splits like ``,`` (Flattr
    refuses both inside a tag), a tag is cut to ``TAG_LIMIT`` characters, and what has no text
    left, or is a mapping, is dropped.
    """
    tags: list[str] = []
    for raw in _tag_values(value):
        if type(raw) is str:  # nearly every tag: no mapping check (an ABC, slow) nor copy
            text = raw
        elif isinstance(raw, Mapping):
            if log is not None:
                log.warning("tags", f"{raw!r} is a mapping, not a tag; dropped")
            continue
        else:
            text = str(raw)
        plain = api_safe(html_to_text(text))
        if log is not None and "<" in text and plain != " ".join(text.split()):
            log.warning("tags", f"markup removed from tag {text!r}")
        if log is not None and ";" in plain:
            log.warning("tags", f"{plain!r} split at ';' (a Flattr tag cannot contain ';' or ',')")
        parts = _TAG_SEPARATORS.split(plain) if "," in plain or ";" in plain else (plain,)
        for part in parts:
            tag = part.strip()
            if len(tag) > TAG_LIMIT:
                cut_tag = tag[:TAG_LIMIT].rstrip()
                if log is not None:
                    log.warning("tags", f"{tag[:40]!r}... cut to {TAG_LIMIT} characters")
                tag = cut_tag
            if tag:
                tags.append(tag)
        if log is not None and not plain.strip(" ,;") and text.strip(" ,;"):
            log.warning("tags", f"{text!r} has no text for a tag; dropped")
    return tags


def _tag_values(value: object) -> Sequence[object]:
    """The single values in ``value``: itself, or what its lists hold, flattened."""
    # Fast paths for what sites nearly always have: no tags, a string, a list of strings.
    if value is None:
        return ()
    if type(value) is str:
        return (value,)
    if isinstance(value, list | tuple) and all(type(inner) is str for inner in value):
        return value
    return list(_flatten(value))


def _flatten(value: object) -> Iterator[object]:
    if value is None:
        return
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        yield value.decode("utf-8", "replace") if isinstance(value, bytes) else value
        return
    for inner in value:
        yield from _flatten(inner)


def dedupe_tags(tags: Iterable[str]) -> list[str]:
    """Tags without commas or surrounding space, first spelling kept, case-insensitively unique."""
    return _unique(split_tags(list(tags)))


def _unique(tags: Iterable[str]) -> list[str]:
    """``tags`` without repeats, case-insensitively, the first spelling kept."""
    seen: set[str] = set()
    result: list[str] = []
    for tag in tags:
        key = tag.casefold()
        if key not in seen:
            seen.add(key)
            result.append(tag)
    return result


def _check_page_url(entry: Entry, options: PublishOptions) -> None:
    if not is_absolute_http_url(entry.url or ""):
        raise SettingsError(
            f"{options.site_url_setting} must be an absolute http(s) URL such as "
            f"'https://example.com', because Flattr identifies each page by its full URL; "
            f"{entry.source} would be published at {entry.url!r}"
        )


def _known_overrides(entry: Entry, log: _Collector) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for key, value in entry.overrides.items():
        if key not in OVERRIDE_KEYS:
            known = ", ".join(OVERRIDE_KEYS)
            log.warning(key, f"unknown per-page Flattr setting, ignored; known: {known}")
        elif value is not None:
            overrides[key] = value
    return overrides


def _url(entry: Entry, overrides: dict[str, Any], log: _Collector) -> str:
    value = overrides.get("url")
    if value is None:
        return entry.url
    text = str(value).strip()
    if is_absolute_http_url(text) and is_local_url(text) and not is_local_url(entry.url):
        log.warning("url", f"override {text!r} is a local address; using the page's {entry.url!r}")
        return entry.url
    if is_absolute_http_url(text):
        return text
    log.warning("url", f"override {text!r} is not an absolute http(s) URL; using {entry.url!r}")
    return entry.url


def _owner(
    entry: Entry, overrides: dict[str, Any], options: PublishOptions, log: _Collector
) -> str | None:
    value = overrides.get("user")
    if value is not None:
        text = str(value).strip()
        if text and not any(ch.isspace() for ch in text):
            return text
        log.warning("user", f"override {value!r} is not a Flattr username; ignored")
    if entry.author:
        mapped = options.authors.get(entry.author)
        if mapped is None:
            wanted = entry.author.strip().casefold()
            mapped = next(
                (user for name, user in options.authors.items() if name.casefold() == wanted), None
            )
        if mapped:
            return mapped
    return options.user or None


def _text_override(overrides: dict[str, Any], key: str, log: _Collector) -> str | None:
    """A title or description override as text; YAML numbers and dates are text too."""
    value = overrides.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | date) and not isinstance(value, bool):
        return str(value)
    log.warning(key, f"override {value!r} is not text; ignored")
    return None


def _plain_title(raw: str) -> str:
    return cut(api_safe(html_to_text(raw)), TITLE_LIMIT)


def _plain_description(raw: str) -> str:
    text = html_to_text(raw, keep_lines=True, limit=DESCRIPTION_LIMIT)
    return cut(api_safe(text), DESCRIPTION_LIMIT)


def _given_text(overrides: dict[str, Any], field: str, page_value: object, log: _Collector) -> str:
    """A usable per-page override of ``field``, else the page's own text."""
    raw = _text_override(overrides, field, log)
    return str(page_value if raw is None else raw)


def _title(title: str, options: PublishOptions, url: str, log: _Collector) -> str:
    """The page's plain ``title`` when it is long enough, else one completed or made up."""
    if len(title) >= MIN_LENGTH:
        return title
    site_name = _plain_title(options.site_name)
    if title and site_name:
        # A short real title ("Home", "FAQ") stays recognisable with the site name after it.
        completed = cut(f"{title} \u2013 {site_name}", TITLE_LIMIT)
        log.note("title", f"{title!r} is shorter than {MIN_LENGTH} characters; using {completed!r}")
        return completed
    fallback = site_name
    if len(fallback) < MIN_LENGTH:
        parts = urlsplit(url)
        fallback = parts.path.strip("/") or parts.netloc
        if len(fallback) < MIN_LENGTH:
            fallback = parts.netloc + parts.path
        if len(fallback) < MIN_LENGTH:
            fallback = url  # "http://" alone has 7 characters
        fallback = cut(fallback, TITLE_LIMIT)
    log.warning("title", f"{title!r} is shorter than {MIN_LENGTH} characters; using {fallback!r}")
    return fallback


def _description(description: str, options: PublishOptions, title: str, log: _Collector) -> str:
    """The page's plain ``description`` when it is long enough, else the title or the site's."""
    if len(description) >= MIN_LENGTH:
        return description
    fallback = title
    if len(fallback) < MIN_LENGTH:
        fallback = _plain_description(options.site_description)
    shown = description if len(description) < 40 else description[:37] + "..."
    log.warning(
        "description",
        f"{shown!r} is shorter than {MIN_LENGTH} characters; using {cut(fallback, 60)!r}",
    )
    return fallback


def _category(
    entry: Entry,
    overrides: dict[str, Any],
    options: PublishOptions,
    tags: list[str],
    log: _Collector,
) -> str:
    value = overrides.get("category")
    if value is not None:
        cat = category_id(value)
        if cat is not None:
            return cat
        log.warning(
            "category",
            f"{value!r} is not a Flattr category ({', '.join(CATEGORIES)}); ignored",
        )
    for name in [entry.site_category, *tags]:
        if name:
            mapped = options.category_map.get(str(name).strip().lower())
            if mapped:
                return mapped
    return options.category


def _language(
    entry: Entry, overrides: dict[str, Any], options: PublishOptions, log: _Collector
) -> str | None:
    for value in (overrides.get("language"), entry.language, options.language):
        if value is None or not str(value).strip():
            continue
        text = str(value).strip()
        if is_omitted(text, options.language_map):
            return None
        lang = flattr_language(text, options.language_map)
        if lang is None:
            log.warning(
                "language",
                f"{text!r} is not a language Flattr knows; omitted (Flattr will guess). "
                f"Map it with 'language_map', e.g. {{{text!r}: 'en_GB'}}",
            )
        return lang
    return None


def _hidden(overrides: dict[str, Any], options: PublishOptions, log: _Collector) -> bool:
    value = overrides.get("hidden")
    if value is None:
        return options.hidden
    parsed = parse_bool(value)
    if parsed is None:
        log.warning(
            "hidden",
            f"{value!r} is not yes/no/true/false/1/0; using the site default {options.hidden}",
        )
        return options.hidden
    return parsed
