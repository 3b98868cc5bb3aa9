"""normalise(entry, options): what a site knows -> metadata Flattr accepts, plus warnings."""

from dataclasses import replace

import pytest

from flattr_core.publish import (
    Item,
    Problem,
    PublishOptions,
    SettingsError,
    normalise,
    site_item,
)
from flattr_core.publish.text import cut, html_to_text
from tests.factories import make_entry

OPTIONS = PublishOptions(site_url="https://example.com", user="alice", site_name="Alice's blog")


def test_a_plain_entry_becomes_an_item_without_warnings():
    item, problems = normalise(make_entry(tags=["python"], language="en"), OPTIONS)

    assert item == Item(
        url="https://example.com/hello/",
        owner="alice",
        title="Hello world",
        description="A first post.",
        category="text",
        language="en_GB",
        tags=("python",),
        hidden=False,
        source="content/hello.md",
    )
    assert problems == []


# -- language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "flattr_id"),
    [
        ("en", "en_GB"),
        ("en-US", "en_GB"),
        ("de", "de_DE"),
        ("de-AT", "de_DE"),
        ("de_DE", "de_DE"),
        ("fr_FR", "fr_FR"),
        ("pt_BR", "pt_PT"),  # Flattr lists one Portuguese: the region variant maps to it
        ("pt-br", "pt_PT"),
        ("he", "iw_IL"),  # Java's legacy codes
        ("iw", "iw_IL"),
        ("id", "in_ID"),
        ("in", "in_ID"),
        ("no", "no_NO"),
        ("nb", "no_NO"),
        ("nn_NO", "no_NO"),
        ("zh-TW", "zh_CN"),
        ("sv_SE.UTF-8", "sv_SE"),
    ],
)
def test_languages_map_to_flattr_ids_without_warnings(written, flattr_id):
    item, problems = normalise(make_entry(language=written), OPTIONS)

    assert item.language == flattr_id
    assert problems == []


def test_an_unknown_language_is_omitted_with_a_warning():
    item, problems = normalise(make_entry(language="tlh"), OPTIONS)

    assert item.language is None
    assert problems == [
        Problem(
            "content/hello.md",
            "language",
            "'tlh' is not a language Flattr knows; omitted (Flattr will guess). "
            "Map it with 'language_map', e.g. {'tlh': 'en_GB'}",
        )
    ]


def test_the_users_language_map_wins_and_none_omits_quietly():
    options = PublishOptions(user="alice", language_map={"pt-BR": "es_ES", "la": None})

    assert normalise(make_entry(language="pt_BR"), options)[0].language == "es_ES"
    assert normalise(make_entry(language="la"), options)[0].language is None
    assert normalise(make_entry(language="la"), options)[1] == []


def test_the_page_override_beats_the_page_which_beats_the_site_default():
    options = PublishOptions(user="alice", language="de")

    assert normalise(make_entry(), options)[0].language == "de_DE"
    assert normalise(make_entry(language="fr"), options)[0].language == "fr_FR"
    override = make_entry(language="fr", overrides={"language": "it"})
    assert normalise(override, options)[0].language == "it_IT"


def test_no_language_anywhere_is_simply_omitted():
    item, problems = normalise(make_entry(), OPTIONS)

    assert item.language is None
    assert problems == []


# -- category ------------------------------------------------------------------------------


def test_the_category_comes_from_override_then_site_category_then_tags_then_default():
    options = PublishOptions(
        user="alice", category="text", category_map={"podcast": "audio", "python": "software"}
    )

    assert normalise(make_entry(), options)[0].category == "text"
    assert normalise(make_entry(tags=["Python"]), options)[0].category == "software"
    assert normalise(make_entry(site_category="Podcast", tags=["python"]), options)[0].category == (
        "audio"
    )
    assert (
        normalise(make_entry(site_category="Podcast", overrides={"category": "People"}), options)[
            0
        ].category
        == "people"
    )


def test_an_invalid_category_override_is_a_warning_and_the_default_is_used():
    item, problems = normalise(make_entry(overrides={"category": "poetry"}), OPTIONS)

    assert item.category == "text"
    assert problems == [
        Problem(
            "content/hello.md",
            "category",
            "'poetry' is not a Flattr category (text, images, video, audio, software, people, "
            "rest); ignored",
        )
    ]


# -- tags ----------------------------------------------------------------------------------


def test_tags_are_split_on_commas_stripped_and_deduplicated_with_extra_tags_last():
    options = PublishOptions(user="alice", extra_tags=("blog", "Python"))

    item, problems = normalise(
        make_entry(tags=["python", " web, HTTP ", "", "Web"], overrides={"tags": "http, flask"}),
        options,
    )

    assert item.tags == ("python", "web", "HTTP", "flask", "blog")
    assert problems == []


def test_tags_the_api_would_refuse_are_cleaned_and_each_change_reported():
    item, problems = normalise(
        make_entry(overrides={"tags": ["<b>x</b>", "a;b", "y" * 150]}), OPTIONS
    )

    assert item.tags == ("x", "a", "b", "y" * 100)
    assert [(p.source, p.field) for p in problems] == [("content/hello.md", "tags")] * 3
    assert [p.message for p in problems] == [
        "markup removed from tag '<b>x</b>'",
        "'a;b' split at ';' (a Flattr tag cannot contain ';' or ',')",
        f"{'y' * 40!r}... cut to 100 characters",
    ]


def test_tags_of_any_yaml_type_become_text_and_mappings_are_dropped():
    from datetime import date

    item, problems = normalise(
        make_entry(overrides={"tags": [2024, date(2024, 5, 1), None, ["nested", 1.5], {"a": 1}]}),
        OPTIONS,
    )

    assert item.tags == ("2024", "2024-05-01", "nested", "1.5")
    assert [p.message for p in problems] == ["{'a': 1} is a mapping, not a tag; dropped"]


def test_nested_tag_like_text_is_quoted_until_the_api_would_strip_nothing():
    item, _ = normalise(make_entry(title="0<&lt;b&gt;>&gt; and more"), OPTIONS)

    assert item.title == "0\u2039\u2039b\u203a\u203a> and more"


def test_a_title_override_that_is_not_text_is_ignored_with_a_warning():
    item, problems = normalise(make_entry(overrides={"title": ["a", "list"]}), OPTIONS)

    assert item.title == "Hello world"
    assert [(p.field, p.message) for p in problems] == [
        ("title", "override ['a', 'list'] is not text; ignored")
    ]


# -- title and description -----------------------------------------------------------------


def test_html_is_stripped_from_the_title_and_entities_decoded():
    item, _ = normalise(make_entry(title="Caf&eacute; <em>&amp;</em>   friends"), OPTIONS)

    assert item.title == "Café & friends"


def test_the_description_keeps_line_breaks_from_br_and_paragraphs():
    html = "<p>First  line<br>second\n line</p>\n<p>Next &lt;para&gt;</p><script>x()</script>"

    item, _ = normalise(make_entry(summary_html=html), OPTIONS)

    # "<para>" is text here (written as entities), but Flattr strips anything between < and >:
    # angle quotes keep the word and the stored description equal to the sent one.
    assert item.description == "First line\nsecond line\n\nNext \u2039para\u203a"


def test_a_long_title_is_cut_at_a_word_boundary_with_an_ellipsis():
    title = "word " * 30  # 150 characters

    item, problems = normalise(make_entry(title=title), OPTIONS)

    assert item.title == "word " * 19 + "word\u2026"
    assert len(item.title) == 100
    assert problems == []


def test_a_long_description_is_cut_to_1000_characters():
    item, _ = normalise(make_entry(summary_html="<p>" + "lorem ipsum " * 200 + "</p>"), OPTIONS)

    assert len(item.description) <= 1000
    assert item.description.endswith("ipsum\u2026")


def test_a_short_title_is_completed_with_the_site_name_and_reported_as_info():
    item, problems = normalise(make_entry(title="Hi"), OPTIONS)

    assert item.title == "Hi \u2013 Alice's blog"
    assert problems == [
        Problem(
            "content/hello.md",
            "title",
            "'Hi' is shorter than 5 characters; using \"Hi \u2013 Alice's blog\"",
            severity="info",
        )
    ]


def test_an_empty_title_falls_back_to_the_site_name_with_a_warning():
    item, problems = normalise(make_entry(title="  "), OPTIONS)

    assert item.title == "Alice's blog"
    assert [(p.field, p.severity) for p in problems] == [("title", "warning")]


def test_without_a_site_name_a_short_title_falls_back_to_the_url_path():
    item, _ = normalise(
        make_entry(title="", url="https://example.com/posts/hello/"), PublishOptions(user="a")
    )

    assert item.title == "posts/hello"


def test_a_missing_description_falls_back_to_the_title_with_a_warning():
    item, problems = normalise(make_entry(summary_html="<p> </p>"), OPTIONS)

    assert item.description == "Hello world"
    assert [p.field for p in problems] == ["description"]


def test_title_and_description_overrides_win_and_are_cleaned_too():
    item, _ = normalise(
        make_entry(overrides={"title": "<b>Better</b> title", "description": "Short &amp; sweet"}),
        OPTIONS,
    )

    assert (item.title, item.description) == ("Better title", "Short & sweet")


def test_a_script_tag_in_a_title_is_stripped_and_its_text_kept():
    item, _ = normalise(make_entry(title='"><script>alert(1)</script>'), OPTIONS)

    assert item.title == '">alert(1)'


# -- owner ---------------------------------------------------------------------------------


def test_the_owner_is_the_override_then_the_mapped_author_then_the_site_user():
    options = PublishOptions(user="alice", authors={"Jane Doe": "jane"})

    assert normalise(make_entry(), options)[0].owner == "alice"
    assert normalise(make_entry(author="jane doe"), options)[0].owner == "jane"
    assert normalise(make_entry(author="Bob"), options)[0].owner == "alice"
    override = make_entry(author="Jane Doe", overrides={"user": "carol"})
    assert normalise(override, options)[0].owner == "carol"


def test_no_owner_means_no_item_and_a_warning():
    item, problems = normalise(make_entry(author="Bob"), PublishOptions())

    assert item is None
    assert [(p.source, p.field) for p in problems] == [("content/hello.md", "owner")]
    assert "set 'user'" in problems[0].message


# -- overrides -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "hidden"),
    [(True, True), ("yes", True), ("1", True), (1, True), ("no", False), ("False", False)],
)
def test_the_hidden_override_accepts_bools_and_yes_no_strings(value, hidden):
    item, problems = normalise(make_entry(overrides={"hidden": value}), OPTIONS)

    assert item.hidden is hidden
    assert problems == []


def test_a_bad_hidden_override_keeps_the_site_default_with_a_warning():
    item, problems = normalise(make_entry(overrides={"hidden": "maybe"}), OPTIONS)

    assert item.hidden is False
    assert problems == [
        Problem(
            "content/hello.md",
            "hidden",
            "'maybe' is not yes/no/true/false/1/0; using the site default False",
        )
    ]


def test_an_absolute_url_override_replaces_the_page_url():
    item, _ = normalise(make_entry(overrides={"url": "https://example.com/canonical/"}), OPTIONS)

    assert item.url == "https://example.com/canonical/"


def test_a_relative_url_override_is_a_warning_and_the_page_url_is_kept():
    item, problems = normalise(make_entry(overrides={"url": "/elsewhere/"}), OPTIONS)

    assert item.url == "https://example.com/hello/"
    assert [p.field for p in problems] == ["url"]


def test_an_unknown_override_key_is_a_warning():
    _, problems = normalise(make_entry(overrides={"colour": "red"}), OPTIONS)

    assert [p.field for p in problems] == ["colour"]


# -- the page URL --------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/hello/", "", "//example.com/hello/", "ftp://example.com/x"])
def test_a_page_url_that_is_not_absolute_http_names_the_setting_to_fix(url):
    options = PublishOptions(user="alice", site_url_setting="SITEURL")

    with pytest.raises(SettingsError) as error:
        normalise(make_entry(url=url), options)

    assert str(error.value).startswith("SITEURL must be an absolute http(s) URL such as")
    assert "content/hello.md" in str(error.value)


# -- the site as a whole -------------------------------------------------------------------


def test_the_site_item_belongs_to_the_site_user_at_the_home_page():
    options = replace(
        OPTIONS,
        site_url="https://example.com/blog",
        site_description="Notes on <em>things</em>",
        extra_tags=("blog",),
        language="en",
    )

    assert site_item(options) == Item(
        url="https://example.com/blog/",
        owner="alice",
        title="Alice's blog",
        description="Notes on things",
        category="text",
        language="en_GB",
        tags=("blog",),
        hidden=False,
        source="(site)",
    )


def test_no_site_item_without_a_user_or_an_absolute_site_url():
    assert site_item(PublishOptions(site_url="https://example.com")) is None
    assert site_item(PublishOptions(user="alice", site_url="")) is None


# -- the text helpers ----------------------------------------------------------------------


def test_cut_adds_an_ellipsis_only_when_it_fits():
    assert cut("short", 10) == "short"
    assert cut("one two three", 9) == "one two\u2026"
    assert cut("one two three", 7) == "one two"  # cut exactly at a space: no room for "…"
    assert cut("abcdefghij", 5) == "abcd\u2026"  # one long word: cut inside it


def test_html_to_text_on_one_line_and_with_lines():
    html = "<h1>Title</h1><p>a&nbsp;b<br/>c</p>"

    assert html_to_text(html) == "Title a b c"  # &nbsp; is whitespace too, collapsed
    assert html_to_text(html, keep_lines=True) == "Title\n\na b\nc"


def test_html_to_text_handles_comments_quoted_brackets_and_lone_less_than_signs():
    html = '<!-- note --><p title="a>b">1 < 2 &amp;&amp; <img alt=">" src=x>3 &gt; 2</p>'

    assert html_to_text(html) == "1 < 2 && 3 > 2"


def test_html_to_text_drops_scripts_and_styles_from_descriptions_only():
    html = "<p>Before</p><script>if (a < b) { x('<p>') }</script><style>p {}</style><p>After</p>"

    assert html_to_text(html, keep_lines=True) == "Before\n\nAfter"


def test_html_to_text_with_a_limit_reads_only_what_cut_needs():
    page = "<p>Some words in a paragraph.</p>\n" * 20_000 + "<p>The end.</p>"

    text = html_to_text(page, keep_lines=True, limit=1000)

    assert len(text) == 1001  # stopped early: the start of the 580 kB of text is enough
    assert cut(text, 1000) == cut(html_to_text(page, keep_lines=True), 1000)


def test_html_to_text_ignores_tag_case_and_treats_newline_entities_as_layout():
    html = "<P>One</P><SCRIPT>x()</Script><DIV CLASS='a'>Two&#10;three</DIV>"

    assert html_to_text(html, keep_lines=True) == "One\n\nTwo three"
