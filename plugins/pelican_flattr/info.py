"""``article.flattr``: what a template sees of one article's Flattr data.

Plain data (the normalised ``Item`` plus the rendered strings), so it pickles with Pelican's
content cache and costs nothing to read. ``{{ article.flattr }}`` prints the button; opted-out,
draft and out-of-scope content has ``article.flattr`` set to None, so ``{% if article.flattr %}``
is the test a theme needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from flattr_core.publish import Item


@dataclass(frozen=True)
class FlattrInfo:
    item: Item
    payment_url: str
    button: Markup  # in the site's button style
    head: Markup  # <link rel="payment"> (+ <meta name="flattr:id">)
    uses_loader: bool  # the button needs Flattr's load.js on the page

    # The Item's fields, for templates: article.flattr.title, .owner, .tags, ...
    @property
    def url(self) -> str:
        return self.item.url

    @property
    def owner(self) -> str:
        return self.item.owner

    @property
    def title(self) -> str:
        return self.item.title

    @property
    def description(self) -> str:
        return self.item.description

    @property
    def category(self) -> str:
        return self.item.category

    @property
    def language(self) -> str | None:
        return self.item.language

    @property
    def tags(self) -> tuple[str, ...]:
        return self.item.tags

    @property
    def hidden(self) -> bool:
        return self.item.hidden

    def __html__(self) -> str:
        return str(self.button)

    def __str__(self) -> str:
        return str(self.button)
