"""From Pelican content objects to the engine's ``Entry``: which content is in scope, and what it
tells Flattr.

Scope rule (one place, documented in docs/reference/pelican-settings.md):

* drafts never, whatever their metadata says;
* ``flattr: no`` (or false/off/0) opts any article or page out;
* published articles and their translations are in;
* pages (and their translations) only with ``FLATTR['pages'] = True``;
* Pelican ``status: hidden`` content is unlisted on purpose, so it is out unless the item itself
  says ``flattr: yes``; then its Flattr thing is hidden too unless ``flattr_hidden`` says otherwise.
  A page with ``flattr: yes`` is in even when ``pages`` is off.

``FLATTR['hidden']`` is a different thing: the default of the Flattr *thing's* hidden flag.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin

from flattr_core.publish import Entry

logger = logging.getLogger(__name__)

_YES = frozenset({"yes", "true", "on", "1", "y"})
_NO = frozenset({"no", "false", "off", "0", "n"})
#: Older themes' spelling of the category key (gum and friends).
_ALIASES = {"flattrcategory": "category"}


def absolute_url(site_url: str, url: str) -> str:
    """The published URL of a page, joined the way Pelican's writer joins feed links."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    if url and not url.startswith(("/", ".")) and "://" not in url and "/." not in url:
        return base + url  # what urljoin returns for a plain relative path, ten times faster
    return urljoin(base, url)


def opt_flag(content: Any) -> bool | None:
    """The item's own ``flattr:`` metadata: True (yes), False (no) or None (not said)."""
    raw = content.metadata.get("flattr")
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    logger.warning(
        "pelican_flattr: %s: metadata 'flattr' must be yes or no; got %r (treated as not set)",
        content.relative_source_path,
        raw,
        extra={"limit_msg": "pelican_flattr: further invalid 'flattr' metadata"},
    )
    return None


def in_scope(content: Any, *, is_page: bool, pages: bool) -> bool:
    """Whether the content gets a button, links and a thing (the module docstring's rule)."""
    status = getattr(content, "status", "published")
    if status == "draft":
        return False
    flag = opt_flag(content)
    if flag is False:
        return False
    if status == "hidden" or (is_page and not pages):
        return flag is True
    return status == "published"


def make_entry(
    content: Any, *, site_url: str, language: str | None, url: str | None = None
) -> Entry:
    """The engine's view of one article or page.

    ``language`` is FLATTR['language'] when the site forces one, else None (the item's ``lang``);
    ``url`` is ``content.url`` when the caller has it already (Pelican computes it per access).
    """
    overrides: dict[str, Any] = {}
    metadata = content.metadata
    for alias, key in _ALIASES.items():
        if alias in metadata:
            overrides[key] = metadata[alias]
    for name, value in metadata.items():
        # Every Flattr_* key goes to the engine, which applies the known ones (OVERRIDE_KEYS)
        # and warns about a typo such as Flattr_Tag, naming the file and the known keys.
        if name.startswith("flattr_") and value is not None:
            overrides[name.removeprefix("flattr_")] = value
    if getattr(content, "status", "published") == "hidden":
        overrides.setdefault("hidden", True)
    tags = getattr(content, "tags", None) or ()
    author = getattr(content, "author", None)
    category = getattr(content, "category", None)
    return Entry(
        url=absolute_url(site_url, content.url if url is None else url),
        title=str(getattr(content, "title", "") or ""),
        source=content.relative_source_path or content.source_path or "",
        summary_html=str(getattr(content, "summary", "") or ""),
        tags=tuple(str(tag) for tag in tags),
        language=language or getattr(content, "lang", None),
        author=str(author) if author else None,
        site_category=str(category) if category else None,
        overrides=overrides,
    )
