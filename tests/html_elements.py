"""Reading written HTML in plugin tests: every start tag, with its attributes, where it sits
(inside ``<head>``, inside ``<noscript>``) and, for a few tags, its text.

Both plugins' test helpers (``pelican_site.py``, ``mkdocs_project.py``) parse pages with this,
so "a button", "a payment link in <head>" mean the same thing in both suites.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

#: Tags whose text is collected (link text, titles, headings, inline scripts).
TEXT_TAGS = ("a", "script", "title", "h1")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]  # unescaped; an attribute without a value is ""
    in_head: bool
    in_noscript: bool = False
    text: str = ""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.in_head = False
        self.noscript = 0
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
        if tag == "noscript":
            self.noscript += 1
        element = Element(tag, {k: v or "" for k, v in attrs}, self.in_head, self.noscript > 0)
        self.elements.append(element)
        if tag in TEXT_TAGS:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag == "noscript":
            self.noscript -= 1
        if self._open and self._open[-1].tag == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for element in self._open:  # text counts for every open text tag, as textContent does
            element.text += data


def parse_elements(html: str) -> list[Element]:
    """Every start tag of ``html``, in document order."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements
