"""The fixed lists the sandbox validates against: Flattr's 7 category ids and 44 language ids.

The sandbox's own copy, kept apart from the client's (``flattr_core.catalog``) on purpose: the
sandbox is an independent implementation of the documented API, so it shares no code with the
client it is meant to check. The lists are data, in ``data/catalog.json`` (id -> English label,
in the order the API lists them); ``tests/sandbox/test_catalog_copies.py`` checks that the two
copies and the recorded lists in ``tests/fixtures/`` agree.
"""

from __future__ import annotations

from typing import Final

from .datafiles import load

_CATALOG: Final = load("catalog.json")

#: Category id -> label, in the order the API lists them.
CATEGORIES: Final[dict[str, str]] = _CATALOG["categories"]
#: Language id (``ll_CC``, legacy Java codes included) -> English name, in API order.
LANGUAGES: Final[dict[str, str]] = _CATALOG["languages"]
#: The category Flattr gives a thing created without one.
DEFAULT_CATEGORY: Final[str] = _CATALOG["default_category"]
#: The language Flattr gives a thing created without one.
DEFAULT_LANGUAGE: Final[str] = _CATALOG["default_language"]
