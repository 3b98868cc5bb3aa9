"""Plain text from HTML, and cutting text to Flattr's length limits at word boundaries.

Flattr wants titles and descriptions without HTML (Flattr API docs: Things, create; validation
rules): tags are dropped, ``<br>`` becomes a newline in descriptions, entities are decoded and
whitespace collapsed. In a one-line title only the tags go, as a title is text that may merely
contain something tag-like, and losing the rest of it would be worse.

Descriptions come from page HTML and take prose only: what a reader did not see as prose is
dropped whole, namely script, style, template and SVG bodies, code blocks (``<pre>``, which holds
Pygments' line numbers and highlighted code in codehilite, pymdownx.highlight and Pelican output
alike) and heading permalinks (``<a class="headerlink">¶</a>`` from Python-Markdown's toc, and any
link whose only text is a permalink glyph such as ``¶``, ``§``, ``#`` or an icon-font character).
Icon-font characters (Unicode's private use area) never reach a description.

A few regular expressions rather than ``html.parser``: descriptions come from whole rendered
pages, and ``html.parser`` costs about 0.6 ms per kilobyte, which a 1,000-page site would pay on
every build. Only the start of a page is read, enough for the 1000-character limit.
"""

from __future__ import annotations

import re
from functools import cache
from html import unescape

ELLIPSIS = "\u2026"

# Tags whose start or end separates lines of text in a description.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "pre", "svg"})


# The inside of a tag, where quoted values may contain ">". Written as an "unrolled loop" so that
# a tag that never closes fails in linear time (no nested quantifier to backtrack through).
_ATTRS = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
# A skipped element with its content; unclosed ones run to the end of what is being read. Tag
# names match case-insensitively in ASCII only, through a scoped flag: a whole-pattern IGNORECASE
# made these searches 5x slower, and one character class per letter ([sS][cC]...) cost more to
# compile, in every build, than all the pages' searches (and searched slower too).
_SKIPPED = re.compile(
    rf"<((?ai:{'|'.join(sorted(_SKIPPED_TAGS))}))(?=[\s/>]){_ATTRS}>.*?(?:</(?ai:\1)\s*>|\Z)",
    re.DOTALL,
)


@cache
def _link_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(a link element with its content, a permalink class, any tag): compiled when the first
    description with a link is read, since compiling them cost every build more than reading
    ten pages, and many sites' pages have no link before the description's end.

    A link is dropped from a description when it is a heading permalink (see _permalink); links
    do not nest.
    """
    return (
        re.compile(rf"<[aA](?=[\s>]){_ATTRS}>.*?</[aA]\s*>", re.DOTALL),
        re.compile(
            r"""\bclass\s*=\s*["']?[^"'>]*\b(?:headerlink|header-anchor|anchor-link|permalink)\b"""
        ),
        re.compile(rf"<{_ATTRS}>"),
    )


# Glyphs themes use for "link to this heading"; the private use area holds icon-font glyphs.
_PERMALINK_GLYPHS = frozenset("\u00b6\u00a7#\U0001f517\u2693")


# Unicode's private use areas (U+E000-U+F8FF and planes 15 and 16), where icon fonts put their
# glyphs: the one list both _is_icon and _icon_chars are made from.
_ICON_RANGES = (("\ue000", "\uf8ff"), ("\U000f0000", "\U000ffffd"), ("\U00100000", "\U0010fffd"))


def _is_icon(char: str) -> bool:
    """Whether ``char`` is in a private use area (where icon fonts put their glyphs)."""
    return any(low <= char <= high for low, high in _ICON_RANGES)


def _beyond_latin1(text: str) -> bool:
    """Whether ``text`` has a character above U+00FF. Latin-1 text (most of what sites write) is
    encoded byte for byte, far faster than looking at each character in Python."""
    if text.isascii():
        return False
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return True
    return False


@cache
def _icon_chars() -> re.Pattern[str]:
    """The private use areas as a pattern, compiled when first needed (its big ranges cost
    more to compile than a page costs to convert)."""
    return re.compile("[" + "".join(f"{low}-{high}" for low, high in _ICON_RANGES) + "]")


# The start or end tag of a block element (names matched as in _SKIPPED).
#
# The names are _BLOCK_TAGS factored by their first letters (a test checks they match exactly
# that set): at each "<" the engine tries 14 branches instead of 33, which made the pattern
# that runs over every page a quarter cheaper.
_BLOCK_NAMES = (
    r"a(?:ddress|rticle|side)|b(?:lockquote|r)|d(?:[dlt]|iv)|f(?:ig(?:caption|ure)|ooter)"
    r"|h(?:[1-6r]|eader)|li|main|nav|ol|p(?:re)?|section|t(?:able|[dhr])|ul"
)
_BLOCK = re.compile(rf"</?(?ai:{_BLOCK_NAMES})(?=[\s/>]){_ATTRS}>")
# Any other tag (attribute values may contain ">"), comment, doctype / CDATA / processing
# instruction. A "<" not followed by a letter, "/" + letter or "!" is text ("a < b").
_MARKUP = re.compile(
    rf"<!--.*?(?:-->|\Z)|</?[a-zA-Z][a-zA-Z0-9:-]*{_ATTRS}>|<![^>]*>|<\?[^>]*>", re.DOTALL
)
# Control characters other than newline are never text a reader typed: they become spaces.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_BREAK = "\x00"
_MARGIN = 32  # characters read beyond a limit, so a half-read entity never lands inside it


def html_to_text(html: str, *, keep_lines: bool = False, limit: int | None = None) -> str:
    """The visible text of ``html``, entities decoded, whitespace collapsed.

    With ``keep_lines`` (descriptions), ``<br>`` and block boundaries become newlines, at most
    one blank line in a row; without it (titles), everything is one line.

    With ``limit``, only the start of ``html`` is read, growing until the text is longer than
    ``limit``; the result is then the first ``limit + 1`` characters, all ``cut`` needs to find
    a word boundary.
    """
    if limit is None:
        # Most titles and tags are plain printable text: then there is nothing to convert (no
        # markup, entity, control character, line or double space) but the ends to strip.
        if html.isprintable() and "<" not in html and "&" not in html and "  " not in html:
            return html.strip()
        return _convert(html, keep_lines)
    size = 2 * (limit + _MARGIN)  # markup is usually about half of a page's start
    while True:
        text = _convert(html[:size], keep_lines, partial=size < len(html))
        if len(text) > limit + _MARGIN:
            return text[: limit + 1]
        if size >= len(html):
            return text
        size *= 2


def _collapse(line: str) -> str:
    """``line`` with control characters as spaces, and each run of whitespace one space."""
    line = line.strip(" ")
    # Printable means no control character and no whitespace but the ASCII space (Unicode:
    # str.isprintable), so a printable line without double spaces is already collapsed: one C
    # scan instead of splitting a paragraph into words and joining them again.
    if line.isprintable() and "  " not in line:
        return line
    # str.split() and a regex's \s agree on what whitespace is (str.isspace), and split() is
    # about 20x faster than re.sub("[^\S\n]+").
    return " ".join(_CONTROL.sub(" ", line).split())


def _convert(html: str, keep_lines: bool, partial: bool = False) -> str:
    if partial and html.rfind("<") > html.rfind(">"):
        html = html[: html.rfind("<")]  # a tag cut by the slice: it is read next time, whole
    html = html.replace(_BREAK, " ")
    if "<" in html:  # titles and tags seldom hold markup: then no pattern has anything to do
        if keep_lines:
            html = _SKIPPED.sub("", html)
            if "<a" in html or "<A" in html:
                html = _link_patterns()[0].sub(_permalink, html)
        # Block boundaries become a marker that no text contains (NUL is not allowed in HTML),
        # so newlines in the source or from entities (&#10;) stay layout, made spaces below.
        html = _MARKUP.sub("", _BLOCK.sub(_BREAK if keep_lines else " ", html))
    if "&" in html:
        html = unescape(html)
    text = html.replace("\r", " ").replace("\n", " ").replace(_BREAK, "\n")
    if _beyond_latin1(text):  # else no icon glyph: they are all above U+E000
        text = _icon_chars().sub("", text)
    # Lines of spaces only (between blocks, from the source's line breaks) are most lines.
    text = "\n".join([_collapse(line) if line.strip(" ") else "" for line in text.split("\n")])
    # Consecutive block ends (</p><p>) would leave several empty lines; keep one at most.
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


# What Flattr's "HTML stripped" rule removes (Flattr API docs: Things, create; validation rules):
# anything from "<" to the next ">".
_API_TAG = re.compile(r"<([^>]*)>")


def api_safe(text: str) -> str:
    """``text`` as the API will store it unchanged: no ``<...>`` that it would strip.

    Text (not markup) can still look like a tag after entities are decoded, e.g. a title
    "The &lt;details&gt; element". Flattr would strip that part, so the sent and the stored value
    would differ (and every sync would update again); single angle quotation marks keep the
    words: "The \u2039details\u203a element".
    """
    # Repeated: in "<<b>>" the first pass turns only the outer "<" and the first ">" into quotes,
    # and every pass turns at least one "<", so this ends.
    while "<" in text and _API_TAG.search(text):
        text = _API_TAG.sub("\u2039\\1\u203a", text)
    return text


def _permalink(match: re.Match[str]) -> str:
    """'' for a heading permalink (by its class, or a text of permalink glyphs only)."""
    _link, permalink_class, tag_only = _link_patterns()
    link = match.group(0)
    start = link[: link.index(">") + 1]
    if permalink_class.search(start):
        return ""
    text = unescape(tag_only.sub("", link[len(start) :])).strip()
    if all(ch in _PERMALINK_GLYPHS or _is_icon(ch) for ch in text):
        return ""  # also a link with no text at all (an icon drawn by CSS or an <svg>)
    return link


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
