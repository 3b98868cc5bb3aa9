"""Lists and figures that need no token: categories, languages, the rate-limit status."""

from __future__ import annotations

from flattr_core.models import Category, Language, RateLimit, read_list
from flattr_core.resources.base import Resource
from flattr_core.transport import parse

__all__ = ["CatalogApi"]


class CatalogApi(Resource):
    """``/categories``, ``/languages`` and ``/rate_limit``."""

    def categories(self) -> list[Category]:
        response = self._t.request("GET", "/categories")
        return parse(
            response,
            "a list of categories",
            lambda d: [
                Category.from_dict(c, f"categories[{n}]")
                for n, c in enumerate(read_list(d, "categories"))
            ],
        )

    def languages(self) -> list[Language]:
        response = self._t.request("GET", "/languages")
        return parse(
            response,
            "a list of languages",
            lambda d: [
                Language.from_dict(lang, f"languages[{n}]")
                for n, lang in enumerate(read_list(d, "languages"))
            ],
        )

    def rate_limit(self) -> RateLimit:
        """Where the hourly limit stands (this call itself is not counted)."""
        response = self._t.request("GET", "/rate_limit")
        return parse(response, "the rate-limit status", RateLimit.from_dict)
