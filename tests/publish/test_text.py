"""Descriptions take prose only: heading permalinks, line numbers and code blocks are dropped.

The HTML comes from the real Markdown processors MkDocs and Pelican use (Python-Markdown's toc
permalinks, codehilite and pymdownx.highlight with line numbers), or is copied from their output.
"""

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flattr_core.publish import Entry, PublishOptions, normalise
from flattr_core.publish.text import _CONTROL, _collapse, _convert, html_to_text

PAGE = """\
## Install it

Run `pip` first:

```python
import flattr_core
print(flattr_core)
```

Then enjoy the [manual](https://example.org/manual/).
"""
PROSE = "Install it\n\nRun pip first:\n\nThen enjoy the manual."


def markdown_html(extensions, configs):
    return markdown.markdown(PAGE, extensions=extensions, extension_configs=configs)


def test_mkdocs_toc_permalinks_and_codehilite_line_numbers_are_not_prose():
    html = markdown_html(
        ["toc", "fenced_code", "codehilite"],
        {"toc": {"permalink": True}, "codehilite": {"linenums": True}},
    )
    assert "&para;" in html and 'class="linenos"' in html  # what a page really holds

    assert html_to_text(html, keep_lines=True) == PROSE


@pytest.mark.parametrize("linenums_style", ["table", "pymdownx-inline", "inline"])
def test_material_icon_permalinks_and_pymdownx_highlight_are_not_prose(linenums_style):
    pytest.importorskip("pymdownx")
    html = markdown_html(
        ["toc", "pymdownx.superfences", "pymdownx.highlight"],
        {
            "toc": {"permalink": "\ue157"},  # an icon-font glyph, as Material themes use
            "pymdownx.highlight": {"linenums": True, "linenums_style": linenums_style},
        },
    )

    assert html_to_text(html, keep_lines=True) == PROSE


def test_pelican_headerlinks_and_literal_blocks_are_not_prose():
    html = (
        '<h2 id="setup">Setup<a class="headerlink" href="#setup" '
        'title="Permalink to this headline">\u00b6</a></h2>\n'
        "<p>Write this into <code>pelicanconf.py</code>:</p>\n"
        '<pre class="code python literal-block"><span class="n">FLATTR</span> = {}</pre>\n'
        '<div class="highlight"><pre><span></span>SITEURL = "https://x"\n</pre></div>\n'
        "<p>That is all.</p>"
    )

    assert html_to_text(html, keep_lines=True) == (
        "Setup\n\nWrite this into pelicanconf.py:\n\nThat is all."
    )


def test_a_link_made_only_of_a_permalink_glyph_or_an_icon_goes_and_real_links_stay():
    html = (
        '<h3>Usage <a href="#usage">#</a></h3><p>See <a href="/a/">the guide</a> '
        '<a href="#b" class="md-icon"><svg><title>Link</title></svg></a>and '
        '<a href="https://example.org/#">example.org</a>.</p>'
    )

    assert html_to_text(html, keep_lines=True) == "Usage\n\nSee the guide and example.org."


def test_a_description_from_a_page_full_of_code_is_its_prose():
    code = "<pre><code>" + "x = 1\n" * 400 + "</code></pre>"
    entry = Entry(
        url="https://docs.example.org/api/",
        title="API reference",
        source="docs/api.md",
        summary_html=f"<h1>API reference</h1>{code}<p>Every call, with an example.</p>",
    )

    item, problems = normalise(
        entry, PublishOptions(site_url="https://docs.example.org", user="alice")
    )

    assert item is not None and problems == []
    assert item.description == "API reference\n\nEvery call, with an example."


def test_tag_names_match_in_any_ascii_case_and_only_in_ascii():
    html = (
        "<P>One</p><SCRIPT type=x>alert(1)</Script ><Pre>code</PRE><LI>two"
        "<ſtyle>kept</ſtyle>"  # a long s is not an s: no <style> element, not even a tag
    )

    assert html_to_text(html, keep_lines=True) == "One\n\ntwo<ſtyle>kept</ſtyle>"


def test_icon_font_glyphs_go_and_other_characters_beyond_the_bmp_stay():
    html = "<p>\ue0a0Build \U000f0001status \U0001f600 \u4e2d\u6587 \uff21</p>"

    assert html_to_text(html, keep_lines=True) == "Build status \U0001f600 \u4e2d\u6587 \uff21"


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_characters="\n"), max_size=60))
def test_collapsing_a_line_is_splitting_it_into_words_and_joining_them(line):
    # The shortcut for lines already collapsed must give what the whole work gives.
    assert _collapse(line) == " ".join(_CONTROL.sub(" ", line).split())


@pytest.mark.parametrize(
    "line",
    ["one two", " one two ", "one  two", "one\ttwo", "one\xa0two", "one\u2003two", "one\x1ftwo"],
)
def test_every_kind_of_whitespace_becomes_one_space(line):
    assert _collapse(line) == "one two"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.text(st.sampled_from(" a<>&;\t\n\x00\ue000\xa0é"), max_size=20))
def test_plain_text_takes_the_shortcut_and_gives_what_the_whole_conversion_gives(text):
    # Titles and tags are mostly printable text without markup: returned stripped, unconverted.
    assert html_to_text(text) == _convert(text, keep_lines=False)


def test_the_factored_block_names_are_exactly_the_block_tags():
    from flattr_core.publish.text import _BLOCK_NAMES, _BLOCK_TAGS

    names = re.compile(rf"(?ai:{_BLOCK_NAMES})")
    for name in _BLOCK_TAGS:
        assert names.fullmatch(name) and names.fullmatch(name.upper()), name
    # Every prefix and every one-letter extension of a block name, and every other name
    # up to three letters: a match only for the set's own names.
    candidates = {name[:cut] for name in _BLOCK_TAGS for cut in range(len(name))}
    candidates |= {name + extra for name in _BLOCK_TAGS for extra in "aer1x"}
    letters = "abcdefghilmnoprstuvx123456"
    candidates |= {a + b for a in letters for b in letters} | set(letters)
    candidates |= {a + b + c for a in "adfhlmnopstb" for b in "eilorvdt" for c in "aeirdlt"}
    for candidate in candidates:
        assert bool(names.fullmatch(candidate)) == (candidate in _BLOCK_TAGS), candidate
