"""The publishing engine's data model: what a site knows (Entry), how the site is set up
(PublishOptions), and what Flattr gets (Item, after normalisation).

Plugins build ``Entry`` objects from their generator's articles and pages; ``normalise`` turns
each into an ``Item`` whose fields are valid for Flattr (Flattr API docs: Things, create);
rendering and sync only ever see ``Item`` objects.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import Any, Final, Literal

from flattr_core._error_base import FlattrError
from flattr_core._records import FrozenRecord, Record, record_class
from flattr_core.config import DEFAULT_WEB_URL

BUTTON_STYLES: Final[tuple[str, ...]] = ("static", "js", "compact", "text", "none")
PLACEMENTS: Final[tuple[str, ...]] = ("bottom", "top", "manual")

#: Keys a page may override through its metadata / front matter (``flattr_<key>`` in Pelican,
#: ``flattr: {<key>: ...}`` in MkDocs).
OVERRIDE_KEYS: Final[tuple[str, ...]] = (
    "user",
    "category",
    "language",
    "tags",
    "hidden",
    "url",
    "title",
    "description",
)


class SettingsError(FlattrError, ValueError):
    """A site setting is wrong. The message names the setting and what to write instead."""


# The records are dataclasses without generated methods (flattr_core._records says why): each
# writes its __init__, which must list the fields in order with their defaults (a test checks).


@record_class
class Problem(FrozenRecord):
    """Something about one entry that had to be fixed or dropped; reported as a warning."""

    source: str  # the source file, e.g. "content/hello.md"
    field: str  # the Flattr field, e.g. "language"
    message: str
    # "warning": the author should fix something (a WARNING, which strict builds count).
    # "info": a documented automatic fill produced a valid value (a 4-letter title such as
    # MkDocs' "Home" completed with the site name), logged at INFO. Plugins log problems with
    # ``publish.log_problems``, which applies this rule.
    severity: Literal["warning", "info"] = "warning"

    def __init__(
        self,
        source: str,
        field: str,
        message: str,
        severity: Literal["warning", "info"] = "warning",
    ) -> None:
        self._init(source=source, field=field, message=message, severity=severity)

    def __str__(self) -> str:
        return f"{self.source}: {self.field}: {self.message}"


@record_class
class Entry(Record):
    """What a site knows about one article or page, before any Flattr rule is applied.

    ``overrides`` holds the raw per-item values from metadata (keys in ``OVERRIDE_KEYS``), as
    the generator parsed them: strings such as ``"no"`` or ``"a, b"`` are parsed by normalise.
    """

    url: str  # absolute URL of the published page
    title: str
    source: str  # source path, named in warnings
    summary_html: str = ""  # summary, or the content when there is no summary
    tags: Sequence[str] = ()
    language: str | None = None  # as the generator knows it: "en", "de-DE", "pt_BR"
    author: str | None = None  # display name, mapped to a Flattr user through options.authors
    site_category: str | None = None  # the site's own category, mapped through category_map
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def __init__(
        self,
        url: str,
        title: str,
        source: str,
        summary_html: str = "",
        tags: Sequence[str] = (),
        language: str | None = None,
        author: str | None = None,
        site_category: str | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> None:
        self._init(
            url=url,
            title=title,
            source=source,
            summary_html=summary_html,
            tags=tags,
            language=language,
            author=author,
            site_category=site_category,
            overrides={} if overrides is None else overrides,
        )


@record_class
class PublishOptions(FrozenRecord):
    """Site-wide settings shared by both plugins (validated by ``options_from_mapping``)."""

    site_url: str = ""  # absolute http(s) base URL of the site; checked before sync
    user: str | None = None  # default owner (Flattr username)
    flattr_id: str | None = None  # emits <meta name="flattr:id"> when set
    button: str = "static"
    category: str = "text"
    language: str | None = None  # site default language, as the site writes it
    language_map: Mapping[str, str | None] = field(default_factory=dict)  # None: omit, quietly
    category_map: Mapping[str, str] = field(default_factory=dict)
    extra_tags: Sequence[str] = ()
    hidden: bool = False
    authors: Mapping[str, str] = field(default_factory=dict)
    site_name: str = ""
    site_description: str = ""
    web_url: str = DEFAULT_WEB_URL  # where the auto-submit page lives (the sandbox in demos)
    popout: bool = True
    # The name the user knows the site URL by ("SITEURL" in Pelican, "site_url" in MkDocs):
    # errors about a relative or missing page URL tell the user to fix that setting.
    site_url_setting: str = "site_url"
    # Settings that were set aside so that nothing local leaks into a public site: plugins log
    # them (``log_problems``) once per build.
    problems: tuple[Problem, ...] = ()

    def __init__(
        self,
        site_url: str = "",
        user: str | None = None,
        flattr_id: str | None = None,
        button: str = "static",
        category: str = "text",
        language: str | None = None,
        language_map: Mapping[str, str | None] | None = None,
        category_map: Mapping[str, str] | None = None,
        extra_tags: Sequence[str] = (),
        hidden: bool = False,
        authors: Mapping[str, str] | None = None,
        site_name: str = "",
        site_description: str = "",
        web_url: str = DEFAULT_WEB_URL,
        popout: bool = True,
        site_url_setting: str = "site_url",
        problems: tuple[Problem, ...] = (),
    ) -> None:
        self._init(
            site_url=site_url,
            user=user,
            flattr_id=flattr_id,
            button=button,
            category=category,
            language=language,
            language_map={} if language_map is None else language_map,
            category_map={} if category_map is None else category_map,
            extra_tags=extra_tags,
            hidden=hidden,
            authors={} if authors is None else authors,
            site_name=site_name,
            site_description=site_description,
            web_url=web_url,
            popout=popout,
            site_url_setting=site_url_setting,
            problems=problems,
        )


@record_class
class Item(FrozenRecord):
    """Valid Flattr metadata for one page: what the button, the links and sync use."""

    url: str
    owner: str
    title: str
    description: str
    category: str
    language: str | None  # None: omitted, Flattr guesses
    tags: tuple[str, ...]
    hidden: bool
    source: str = ""

    def __init__(
        self,
        url: str,
        owner: str,
        title: str,
        description: str,
        category: str,
        language: str | None,
        tags: tuple[str, ...],
        hidden: bool,
        source: str = "",
    ) -> None:
        self._init(
            url=url,
            owner=owner,
            title=title,
            description=description,
            category=category,
            language=language,
            tags=tags,
            hidden=hidden,
            source=source,
        )

    def thing_fields(self) -> dict[str, Any]:
        """The fields a Flattr thing is created or updated with (no owner: that is the token's)."""
        fields: dict[str, Any] = {
            "title": self.title,
            "description": self.description,
            "category": self.category,
            "tags": list(self.tags),
            "hidden": self.hidden,
        }
        if self.language is not None:
            fields["language"] = self.language
        return fields

    def fingerprint(self) -> str:
        """A short stable hash of the synced fields; unchanged fingerprint means no request.

        The hash of ``json.dumps({"url": url, **thing_fields()}, sort_keys=True,
        ensure_ascii=False)``: state files keep it, so that text must never change.
        """
        return hashlib.sha256(_fingerprint_text(self).encode("utf-8")).hexdigest()[:16]


# How json.dumps(ensure_ascii=False) quotes a string (the C function, where there is one).
_quote = json.encoder.encode_basestring


def _fingerprint_text(item: Item) -> str:
    """``json.dumps({"url": item.url, **item.thing_fields()}, sort_keys=True,
    ensure_ascii=False)``, written out with the keys in sorted order: the same text (a test
    compares them for any item) at half the cost, which every synced page pays on every
    build. A value json would write otherwise than as a string (or a bool for ``hidden``) takes
    json.dumps itself."""
    hidden = item.hidden
    if hidden is not True and hidden is not False:
        return _fingerprint_json(item)
    language = item.language
    try:
        return "".join(
            (
                '{"category": ',
                _quote(item.category),
                ', "description": ',
                _quote(item.description),
                ', "hidden": true' if hidden else ', "hidden": false',
                "" if language is None else f', "language": {_quote(language)}',
                ', "tags": [',
                ", ".join([_quote(tag) for tag in item.tags]),
                '], "title": ',
                _quote(item.title),
                ', "url": ',
                _quote(item.url),
                "}",
            )
        )
    except TypeError:  # not a string: json.dumps writes it its own way
        return _fingerprint_json(item)


def _fingerprint_json(item: Item) -> str:
    fields = {"url": item.url, **item.thing_fields()}
    return json.dumps(fields, sort_keys=True, ensure_ascii=False)
