"""Theme authors' view: the template helpers, ``article.flattr`` and ``flattr_site``, with
``placement = "manual"`` and a theme that prints everything itself."""

from __future__ import annotations

import pytest

from tests.plugins.pelican.pelican_site import submit_params

ARTICLE = """{% extends "!theme/article.html" %}
{% block extra_head %}{{ super() }}{{ flattr_head(article) }}{% endblock %}
{% block content %}{{ super() }}
<div class="mine">{{ flattr_button(article) }}</div>
<p class="pay">{{ flattr_payment_url(article) }}</p>
<p class="owner">{{ article.flattr.owner if article.flattr else "no flattr" }}</p>
{% if article.flattr %}<div class="as-js">{{ flattr_button(article, style="js") }}</div>{% endif %}
{% endblock %}
"""
INDEX = """{% extends "!theme/index.html" %}
{% block extra_head %}{{ super() }}{{ flattr_head() }}{% endblock %}
{% block content %}{{ super() }}<p class="site-pay">{{ flattr_payment_url() }}</p>{% endblock %}
"""


@pytest.fixture
def theme_overrides(tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "article.html").write_text(ARTICLE, encoding="utf-8")
    (overrides / "index.html").write_text(INDEX, encoding="utf-8")
    return [str(overrides)]


def _text_of(page, cls):
    start = page.raw.index(f'<p class="{cls}">') + len(f'<p class="{cls}">')
    return page.raw[start : page.raw.index("</p>", start)]


def test_manual_placement_with_the_helpers_prints_each_thing_once(build_site, theme_overrides):
    built = build_site(
        {"user": "alice", "placement": "manual"}, THEME_TEMPLATES_OVERRIDES=theme_overrides
    )
    page = built.page("grusse.html")

    static, js = page.buttons
    assert "flattr-button-static" in static.attrs["class"] and js.attrs["class"] == "FlattrButton"
    (link,) = page.payment_links  # the theme printed it; the plugin did not add a second one
    assert link.in_head
    assert submit_params(link.attrs["href"])["url"] == "https://blog.example.org/grusse.html"
    assert _text_of(page, "owner") == "alice"
    # The theme printed a JS button, so the page gets the loader although the site style is static.
    assert len(page.loaders) == 1


def test_the_payment_url_helper_prints_an_escaped_url(build_site, theme_overrides):
    built = build_site(
        {"user": "alice", "placement": "manual"}, THEME_TEMPLATES_OVERRIDES=theme_overrides
    )
    page = built.page("grusse.html")

    printed = _text_of(page, "pay")
    assert "&amp;" in printed  # escaped for HTML text
    assert printed.replace("&amp;", "&") == page.payment_links[0].attrs["href"]


def test_out_of_scope_content_prints_nothing(build_site, theme_overrides):
    built = build_site(
        {"user": "alice", "placement": "manual"}, THEME_TEMPLATES_OVERRIDES=theme_overrides
    )
    page = built.page("no-button.html")  # Flattr: no, so article.flattr is None

    assert page.buttons == [] and page.payment_links == []
    assert _text_of(page, "owner") == "no flattr"
    assert _text_of(page, "pay") == ""


def test_the_index_helper_and_flattr_site(build_site, theme_overrides):
    built = build_site({"user": "alice"}, THEME_TEMPLATES_OVERRIDES=theme_overrides)
    index = built.page("index.html")

    (link,) = index.payment_links  # printed by the theme; not added again
    assert _text_of(index, "site-pay").replace("&amp;", "&") == link.attrs["href"]


def test_automatic_placement_does_not_double_a_button_the_theme_printed(
    build_site, theme_overrides
):
    built = build_site(
        {"user": "alice", "placement": "bottom"}, THEME_TEMPLATES_OVERRIDES=theme_overrides
    )
    assert len(built.page("grusse.html").buttons) == 2  # the theme's static and js ones only


def test_helpers_print_nothing_when_the_plugin_is_off(build_site, theme_overrides):
    built = build_site(None, THEME_TEMPLATES_OVERRIDES=theme_overrides)
    page = built.page("grusse.html")

    assert page.buttons == [] and page.payment_links == []
    assert _text_of(page, "owner") == "no flattr"


def test_a_theme_can_replace_the_button_template(build_site, tmp_path):
    overrides = tmp_path / "my-theme-overrides"
    (overrides / "flattr").mkdir(parents=True)
    (overrides / "flattr" / "button-static.html").write_text(
        '<a class="flattr-button my-button" href="{{ payment_url }}">Support {{ item.title }}</a>',
        encoding="utf-8",
    )
    built = build_site({"user": "alice"}, THEME_TEMPLATES_OVERRIDES=[str(overrides)])

    (button,) = built.page("grusse.html").buttons
    assert "my-button" in button.attrs["class"]
    assert button.text == "Support Grüße aus Köln – ein Café am Rhein"


def test_the_button_helper_uses_a_page_relative_badge_with_relative_urls(
    build_site, theme_overrides
):
    built = build_site(
        {"user": "alice", "placement": "manual"},
        THEME_TEMPLATES_OVERRIDES=theme_overrides,
        RELATIVE_URLS=True,
        ARTICLE_URL="posts/{slug}.html",
        ARTICLE_SAVE_AS="posts/{slug}.html",
    )
    page = built.page("posts/grusse.html")

    (img,) = [e for e in page.find("img") if "flattr-badge" in e.attrs["src"]]
    assert img.attrs["src"] == "../flattr/flattr-badge.svg"
