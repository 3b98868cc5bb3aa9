"""Theme authors: `placement: manual` and the template helpers `flattr_button(page)`,
`flattr_head(page)`, `flattr_payment_url(page)` in a `custom_dir` override."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import Abort

from tests.plugins.mkdocs.mkdocs_project import Project, new_project

OVERRIDE = """\
{% extends "base.html" %}
{% block extrahead %}{{ super() }}{{ flattr_head(page) }}{% endblock %}
{% block content %}
{{ super() }}
<p id="manual-button">{{ flattr_button(page, "js") }}</p>
<p id="default-style">{{ flattr_button() }}</p>
<a id="support" href="{{ flattr_payment_url(page) }}">Support this page</a>
{% if flattr %}<span id="owner">{{ flattr.owner }}</span>{% endif %}
{% endblock %}
"""


@pytest.fixture(params=["mkdocs", "material"])
def themed(request: pytest.FixtureRequest, tmp_path) -> Project:
    project = new_project(tmp_path, theme=request.param, placement="manual")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "main.html").write_text(OVERRIDE, encoding="utf-8")
    project.config["theme"]["custom_dir"] = "overrides"
    project.page("out.md", "---\nflattr: false\n---\n# Opted out page\n\nNothing.\n")
    project.page("sub/deep.md", "# A deeper page\n\nIn a folder.\n")
    project.build()
    return project


def test_manual_placement_inserts_nothing_by_itself(tmp_path) -> None:
    project = new_project(tmp_path, placement="manual", button="js")
    project.build()
    page = project.html("index.md")
    assert page.buttons() == [] and page.wrappers() == []
    assert page.loaders() == [], "no js button rendered, so no loader"
    assert len(page.head_payment_links()) == 1, "head links do not depend on placement"


def test_helpers_render_where_the_theme_puts_them(themed: Project) -> None:
    page = themed.html("index.md")
    assert page.wrappers() == []
    styles = sorted(b.attrs["class"] or "" for b in page.buttons())
    assert styles == ["FlattrButton", "flattr-button flattr-button-static"]
    (support,) = [t for t in page.tags if t.attrs.get("id") == "support"]
    assert support.attrs["href"] == page.head_payment_links()[0].attrs["href"]
    assert '<span id="owner">alice</span>' in page.raw


def test_a_js_button_from_a_helper_brings_the_loader(themed: Project) -> None:
    assert len(themed.html("index.md").loaders()) == 1
    assert themed.html("out.md").loaders() == []


def test_the_theme_placed_head_link_is_not_doubled(themed: Project) -> None:
    assert len(themed.html("index.md").head_payment_links()) == 1


def test_helpers_are_empty_for_an_opted_out_page(themed: Project) -> None:
    page = themed.html("out.md")
    assert page.buttons() == [] and page.payment_links() == []
    (support,) = [t for t in page.tags if t.attrs.get("id") == "support"]
    assert support.attrs["href"] == ""


def test_the_badge_url_is_relative_to_the_page(themed: Project) -> None:
    page = themed.html("sub/deep.md")
    (img,) = [t for t in page.tags if t.tag == "img" and "flattr-badge" in (t.attrs["src"] or "")]
    assert img.attrs["src"] == "../../flattr/flattr-badge.svg"
    assert (themed.site / "flattr" / "flattr-badge.svg").exists()


def test_a_theme_template_replaces_the_button_markup(tmp_path) -> None:
    project = new_project(tmp_path, button="text")
    (tmp_path / "overrides" / "flattr").mkdir(parents=True)
    (tmp_path / "overrides" / "flattr" / "button-text.html").write_text(
        '<a class="flattr-button my-button" href="{{ payment_url }}">Tip {{ item.owner }}</a>',
        encoding="utf-8",
    )
    project.config["theme"]["custom_dir"] = "overrides"
    project.build()
    (button,) = project.html("index.md").buttons()
    assert button.attrs["class"] == "flattr-button my-button"
    assert button.text == "Tip alice"


def test_a_badge_in_docs_replaces_ours(project: Project) -> None:
    (project.docs / "flattr").mkdir()
    (project.docs / "flattr" / "flattr-badge.svg").write_text("<svg id='mine'/>", encoding="utf-8")
    project.build()
    assert (project.site / "flattr" / "flattr-badge.svg").read_text() == "<svg id='mine'/>"


def test_a_wrong_style_in_a_template_fails_with_a_message(tmp_path, mkdocs_log) -> None:
    project = new_project(tmp_path, placement="manual")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ flattr_button(page, "huge") }}'
        "{% endblock %}",
        encoding="utf-8",
    )
    project.config["theme"]["custom_dir"] = "overrides"
    with pytest.raises(Abort):
        project.build()
    assert any("flattr_button(page, 'huge')" in m for m in mkdocs_log.messages())


def test_a_theme_writing_an_upper_case_head_end_tag_still_gets_the_head_link(tmp_path) -> None:
    project = new_project(tmp_path)
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "main.html").write_text(
        "<html><HEAD ><title>{{ page.title }}</title></HEAD >"
        "<body><main>{{ page.content }}</main><p>end of </head> text</p></body></html>",
        encoding="utf-8",
    )
    project.config["theme"] = {"name": None, "custom_dir": "plain"}
    project.build()
    raw = (project.site / "index.html").read_text(encoding="utf-8")
    head, body = raw.split("</HEAD >", 1)
    assert head.count('rel="payment"') == 1 and 'rel="payment"' not in body
    assert "end of </head> text" in body, "only the first head end is used"
