"""Plain text from HTML, and cutting text to Flattr's length limits at word boundaries.

Flattr wants titles and descriptions without HTML (flattr-api.md §8): tags are dropped, ``<br>``
becomes a newline in descriptions, entities are decoded and whitespace collapsed. Script and
style bodies are dropped from descriptions (page HTML), because their text is not something a
reader ever saw; in a one-line title only the tags go, as a title is text that may merely contain
something tag-like, and losing the rest of it would be worse.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

ELLIPSIS = "\u2026"

# Tags whose end (or the tag itself, for void ones) separates lines of text in a description.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript"})
_SPACES = re.compile(r"[^\S\n]+")  # whitespace except newlines
_BLANK_RUNS = re.compile(r"\n{3,}")


class _TextExtractor(HTMLParser):
    def __init__(self, keep_lines: bool) -> None:
        super().__init__(convert_charrefs=True)  # decodes &amp;, &eacute;, &#8217; ... for us
        self.keep_lines = keep_lines
        self.parts: list[str] = []
        self.skipping = 0

    def _break(self) -> None:
        self.parts.append("\n" if self.keep_lines else " ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS and self.keep_lines:
            self.skipping += 1
        elif tag == "br" or tag in _BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self.keep_lines:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # Newlines in the source are layout, not content: only <br> and blocks make lines.
            self.parts.append(data.replace("\r", " ").replace("\n", " "))


def html_to_text(html: str, *, keep_lines: bool = False) -> str:
    """The visible text of ``html``, whitespace collapsed.

    With ``keep_lines`` (descriptions), ``<br>`` and block boundaries become newlines, at most
    one blank line in a row; without it (titles), everything is one line.
    """
    parser = _TextExtractor(keep_lines)
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines) if keep_lines else " ".join(lines)
    if keep_lines:
        # Consecutive block ends (</p><p>) would leave several empty lines; keep one at most.
        text = _BLANK_RUNS.sub("\n\n", text)
    return _SPACES.sub(" ", text).strip()


def cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary.

    When something was cut, an ellipsis is added only if it still fits within ``limit``. A
    single word longer than the limit is cut inside the word (there is no boundary to use).
    Whitespace (non-breaking spaces too) was already collapsed by ``html_to_text``.
    """
    if len(text) <= limit:
        return text
    head = text[:limit]
    if not text[limit].isspace():
        # We are inside a word: go back to the last whitespace, if there is one.
        boundary = max(head.rfind(" "), head.rfind("\n"))
        # Without a boundary (one long word, a URL), cut inside it and keep room for the ellipsis,
        # so that the cut is visible.
        head = head[:boundary] if boundary > 0 else head[: limit - len(ELLIPSIS)]
    head = head.rstrip()
    if len(head) + len(ELLIPSIS) <= limit:
        head += ELLIPSIS
    return head
