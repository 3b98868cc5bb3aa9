"""Lists and figures that need no token: categories, languages, the rate-limit status."""

from __future__ import annotations

from flattr_core.models import Category, Language, RateLimit
from flattr_core.resources.base import Resource, parse_list
from flattr_core.transport import parse

__all__ = ["CatalogApi"]


class CatalogApi(Resource):
    """``/categories``, ``/languages`` and ``/rate_limit``."""

    def categories(self) -> list[Category]:
        return parse_list(self._t.request("GET", "/categories"), "categories", Category.from_dict)

    def languages(self) -> list[Language]:
        return parse_list(self._t.request("GET", "/languages"), "languages", Language.from_dict)

    def rate_limit(self) -> RateLimit:
        """Where the hourly limit stands (this call itself is not counted)."""
        response = self._t.request("GET", "/rate_limit")
        return parse(response, "the rate-limit status", RateLimit.from_dict)
