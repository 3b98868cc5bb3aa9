"""From the language a site writes (``en``, ``de-AT``, ``pt_BR``, ``he``) to a Flattr language id.

Flattr knows one id per language (``catalog.LANGUAGES``, Java-style ``ll_CC``), so any regional
variant of a listed language maps to that language's id: ``de-AT`` -> ``de_DE``, ``pt_BR`` ->
``pt_PT``. That is not a loss worth a warning: Flattr itself has no finer choice. Java's legacy
codes are used for Hebrew (``iw``), Indonesian (``in``) and Norwegian (``no``), so the modern
codes ``he``, ``id``, ``nb`` and ``nn`` are translated to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from flattr_core.catalog import LANGUAGES

#: Modern ISO 639-1 code -> the legacy code Flattr's list uses.
LEGACY_CODES: dict[str, str] = {"he": "iw", "id": "in", "nb": "no", "nn": "no"}

_BY_ID = {lang_id.lower(): lang_id for lang_id in LANGUAGES}
_BY_LANGUAGE = {lang_id.split("_")[0]: lang_id for lang_id in LANGUAGES}


def _split(value: str) -> tuple[str, str]:
    """``"de-AT.UTF-8"`` -> ``("de", "at")``; ``"en"`` -> ``("en", "")``."""
    value = value.strip().split(".")[0].split("@")[0]  # POSIX locales: de_AT.UTF-8@euro
    parts = value.replace("-", "_").lower().split("_")
    return parts[0], parts[1] if len(parts) > 1 else ""


def flattr_language(value: str, language_map: Mapping[str, str | None] | None = None) -> str | None:
    """The Flattr id for ``value``, or None when Flattr has no such language.

    ``language_map`` (the user's overrides) wins; its keys match exactly, or case-insensitively
    with ``-``/``_`` treated alike, or by the language part alone (``pt`` covers ``pt-BR``).
    A None value in the map means "omit", which the caller treats as a deliberate choice rather
    than an unknown language (see ``is_omitted``).
    """
    if language_map:
        found, mapped = _from_map(value, language_map)
        if found:
            return mapped
    return _listed_language(value)


@lru_cache(maxsize=256)
def _listed_language(value: str) -> str | None:
    """Flattr's id for ``value`` by its own list alone; cached, as a site asks for the same few
    values on every page."""
    lang, region = _split(value)
    if not lang:
        return None
    exact = _BY_ID.get(f"{lang}_{region}")
    if exact:
        return exact
    return _BY_LANGUAGE.get(LEGACY_CODES.get(lang, lang))


def is_omitted(value: str, language_map: Mapping[str, str | None]) -> bool:
    """True when the user mapped ``value`` to None: leave the language out, without a warning."""
    found, mapped = _from_map(value, language_map)
    return found and mapped is None


def _from_map(value: str, language_map: Mapping[str, str | None]) -> tuple[bool, str | None]:
    if not language_map:
        return False, None
    if value in language_map:
        return True, language_map[value]
    wanted = value.strip().replace("-", "_").lower()
    for key, mapped in language_map.items():
        if key.strip().replace("-", "_").lower() == wanted:
            return True, mapped
    lang, _region = _split(value)
    for key, mapped in language_map.items():
        if key.strip().lower() == lang:
            return True, mapped
    return False, None
