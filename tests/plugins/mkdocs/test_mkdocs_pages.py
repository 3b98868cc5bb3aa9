"""What a reader sees: buttons, head links and the loader in pages built by the real mkdocs,
with the built-in `mkdocs` theme and with Material."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.plugins.mkdocs.mkdocs_project import SITE_URL, Project, new_project

XSS_TITLE = '"><script>alert(1)</script> & friends'


def submit_params(href: str | None) -> dict[str, str]:
    assert href is not None
    parts = urlsplit(href)
    assert parts.path.endswith("/submit/auto")
    return {k: v[0] for k, v in parse_qs(parts.query).items()}


def fixture_site(project: Project) -> Project:
    """Several kinds of page: non-ASCII, dangerous title, opted out, overrides, excluded."""
    project.page(
        "grüße.md",
        """
        ---
        tags: [Köln, café]
        ---
        # Grüße aus Köln – ein Überblick

        Über Straßen, Brücken und 日本語 text for the description.
        """,
    )
    project.page(
        "danger.md",
        f"""
        ---
        title: '{XSS_TITLE.replace("'", "''")}'
        flattr:
          title: '{XSS_TITLE.replace("'", "''")}'
        ---
        Body text of a page whose title tries to break out of attributes.
        """,
    )
    project.page(
        "private.md",
        """
        ---
        flattr: false
        ---
        # Private notes

        This page opted out of everything.
        """,
    )
    project.page(
        "custom.md",
        """
        ---
        flattr:
          user: bob
          category: software
          language: de
          tags: [tool, cli]
          hidden: true
          url: https://elsewhere.example.com/tool
          title: A custom Flattr title
          description: A description written for Flattr only.
        ---
        # Custom page

        The body is not the description here.
        """,
    )
    project.page(
        "drafts/wip.md",
        """
        # Work in progress

        Excluded by a glob.
        """,
    )
    return project.flattr(exclude=["drafts/**"])


@pytest.fixture(scope="module", params=["mkdocs", "material"])
def built(request: pytest.FixtureRequest, tmp_path_factory) -> Project:
    """The fixture site in each theme, built once for the tests that only read it."""
    project = fixture_site(new_project(tmp_path_factory.mktemp("built"), theme=request.param))
    project.build()
    return project


def test_every_page_gets_a_head_payment_link_and_a_static_button(built: Project) -> None:
    for src in ("index.md", "grüße.md", "danger.md", "custom.md"):
        page = built.html(src)
        assert len(page.head_payment_links()) == 1, src
        assert len(page.buttons()) == 1, src
        assert page.loaders() == [], "a static badge needs no script"
    badge = built.site / "flattr" / "flattr-badge.svg"
    assert badge.read_bytes().startswith(b"<svg") or b"<svg" in badge.read_bytes()[:200]


def test_the_payment_url_names_the_page_its_owner_and_its_tags(built: Project) -> None:
    page = built.html("grüße.md")
    params = submit_params(page.head_payment_links()[0].attrs["href"])
    assert params["user_id"] == "alice"
    assert params["url"] == SITE_URL + "gr%C3%BC%C3%9Fe/"
    assert params["title"] == "Grüße aus Köln – ein Überblick"
    assert params["tags"] == "Köln,café"
    assert params["language"] == "en_GB"  # the theme's language, en, as Flattr knows it
    assert params["category"] == "text"
    assert "日本語" in params["description"]
    assert not params["description"].startswith("Grüße"), "the <h1> is not the description"


def test_a_title_with_html_and_quotes_renders_as_text(built: Project) -> None:
    page = built.html("danger.md")
    title = submit_params(page.head_payment_links()[0].attrs["href"])["title"]
    # The engine strips tags from titles; the quote and the bracket stay, as text.
    assert title.startswith('">') and "alert(1)" in title and "<script>" not in title
    start = page.raw.index('<div class="flattr-page')
    inserted = page.raw[start : page.raw.index("</div>", start)]
    head_start = page.raw.index('<link rel="payment"')
    head_tag = page.raw[head_start : page.raw.index(">", head_start) + 1]
    for fragment in (inserted, head_tag):
        assert "<script" not in fragment and "alert(1)" not in fragment  # only URL-encoded


def test_a_dangerous_title_stays_inside_its_attribute(project: Project) -> None:
    project.page("danger.md", f"---\nflattr:\n  title: '{XSS_TITLE}'\n---\n# Danger\n\nBody.\n")
    project.flattr(button="js").build()
    (anchor,) = project.html("danger.md").buttons()
    assert anchor.attrs["title"].startswith('">')  # parsed back whole: the quote was escaped
    assert anchor.attrs["data-flattr-uid"] == "alice"


def test_an_opted_out_page_has_no_button_and_no_link(built: Project) -> None:
    page = built.html("private.md")
    assert page.payment_links() == []
    assert page.buttons() == []
    assert "submit/auto" not in page.raw and "flattr-page" not in page.raw


def test_excluded_globs_leave_pages_alone(built: Project) -> None:
    page = built.html("drafts/wip.md")
    assert page.payment_links() == [] and page.buttons() == []


def test_front_matter_overrides_every_field(built: Project) -> None:
    params = submit_params(built.html("custom.md").head_payment_links()[0].attrs["href"])
    assert params["user_id"] == "bob"
    assert params["url"] == "https://elsewhere.example.com/tool"
    assert params["category"] == "software"
    assert params["language"] == "de_DE"
    assert params["tags"] == "tool,cli"
    assert params["hidden"] == "1"
    assert params["title"] == "A custom Flattr title"
    assert params["description"] == "A description written for Flattr only."


@pytest.mark.parametrize(
    ("button", "loader", "css_class"),
    [
        ("static", False, "flattr-button-static"),
        ("text", False, "flattr-button-text"),
        ("js", True, "FlattrButton"),
        ("compact", True, "FlattrButton"),
    ],
)
def test_each_button_style_and_the_loader_only_with_js_buttons(
    project: Project, button: str, loader: bool, css_class: str
) -> None:
    project.page("out.md", "---\nflattr: false\n---\n# Opted out page\n\nNothing here.\n")
    project.flattr(button=button).build()
    page = project.html("index.md")
    (anchor,) = page.buttons()
    assert css_class in (anchor.attrs["class"] or "")
    assert len(page.loaders()) == (1 if loader else 0)
    if loader:
        assert page.loaders()[0].in_head and "async" in page.loaders()[0].attrs
    if button == "compact":
        assert anchor.attrs["data-flattr-button"] == "compact"
    assert project.html("out.md").loaders() == [], "no button, no loader"


def test_button_none_keeps_the_head_link(project: Project) -> None:
    project.flattr(button="none").build()
    page = project.html("index.md")
    assert page.buttons() == [] and page.loaders() == []
    assert len(page.head_payment_links()) == 1


@pytest.mark.parametrize("placement", ["top", "bottom"])
def test_placement_puts_the_button_before_or_after_the_content(
    project: Project, placement: str
) -> None:
    project.flattr(placement=placement).build()
    raw = project.html("index.md").raw
    button = raw.index(f'<div class="flattr-page flattr-page-{placement}">')
    content = raw.index("The start page of the fixture site")
    assert (button < content) == (placement == "top")


def test_head_links_off_and_flattr_id_meta(project: Project) -> None:
    project.flattr(head_links=False).build()
    assert project.html("index.md").payment_links() == []
    project.flattr(head_links=True, flattr_id="alice-publisher").build()
    page = project.html("index.md")
    assert [m.attrs["content"] for m in page.flattr_meta()] == ["alice-publisher"]
    assert page.flattr_meta()[0].in_head


def test_language_comes_from_the_theme(tmp_path) -> None:
    german = new_project(tmp_path / "de", theme="material")
    german.config["theme"]["language"] = "de"
    german.build()
    href = german.html("index.md").head_payment_links()[0].attrs["href"]
    assert submit_params(href)["language"] == "de_DE"
    french = new_project(tmp_path / "fr", theme="mkdocs")
    french.config["theme"]["locale"] = "fr"
    french.build()
    href = french.html("index.md").head_payment_links()[0].attrs["href"]
    assert submit_params(href)["language"] == "fr_FR"


def test_site_options_category_extra_tags_hidden_and_authors(project: Project) -> None:
    project.page(
        "post.md",
        "---\nauthor: Jane Doe\ntags: [notes]\n---\n# A post by Jane\n\nWritten by Jane.\n",
    )
    project.flattr(
        category="people", extra_tags=["site"], hidden=True, authors={"Jane Doe": "jane"}
    ).build()
    params = submit_params(project.html("post.md").head_payment_links()[0].attrs["href"])
    assert params["user_id"] == "jane"
    assert params["category"] == "people"
    assert params["tags"] == "notes,site"
    assert params["hidden"] == "1"
    home = submit_params(project.html("index.md").head_payment_links()[0].attrs["href"])
    assert home["user_id"] == "alice" and home["tags"] == "site"


def test_include_globs_limit_the_pages(project: Project) -> None:
    project.page("blog/one.md", "# Blog post one\n\nText of the post.\n")
    project.page("blog/deep/two.md", "# Blog post two\n\nText of the post.\n")
    project.flattr(include=["blog/**"], exclude=["**/two.md"]).build()
    assert project.html("index.md").payment_links() == []
    assert len(project.html("blog/one.md").head_payment_links()) == 1
    assert project.html("blog/deep/two.md").payment_links() == []


def test_disabled_plugin_changes_nothing(project: Project) -> None:
    project.flattr(enabled=False).build()
    page = project.html("index.md")
    assert page.payment_links() == [] and page.buttons() == []
    assert not (project.site / "flattr").exists()


def test_flattr_id_alone_puts_only_the_meta_tag(tmp_path, mkdocs_log) -> None:
    project = new_project(tmp_path, user=None, flattr_id="alice-publisher")
    project.page("out.md", "---\nflattr: false\n---\n# Opted out page\n\nNothing.\n")
    project.build()
    page = project.html("index.md")
    assert [m.attrs["content"] for m in page.flattr_meta()] == ["alice-publisher"]
    assert page.payment_links() == [] and page.buttons() == []
    assert project.html("out.md").flattr_meta() == []
    assert mkdocs_log.warnings() == []


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_the_search_index_holds_no_button_text(tmp_path, theme: str) -> None:
    project = new_project(tmp_path, theme=theme, button="js")
    project.build()
    index = next(project.site.glob("search/search_index.json")).read_text(encoding="utf-8")
    assert "The start page of the fixture site" in index
    assert "Flattr this" not in index and "submit/auto" not in index
    for page in project.site.rglob("*.html"):
        assert "flattr:button" not in page.read_text(encoding="utf-8"), "no marker left behind"


def test_heading_permalinks_stay_out_of_the_description(project: Project) -> None:
    project.config["markdown_extensions"] = [{"toc": {"permalink": True}}]
    project.page("guide.md", "# Guide\n\nFirst words.\n\n## Next step\n\nMore words.\n")

    project.build()

    href = project.html("guide.md").head_payment_links()[0].attrs["href"]
    assert submit_params(href)["description"] == "First words.\n\nNext step\n\nMore words."
