"""Renderer: auto-submit URLs, buttons, head tags, the loader and feed links, escaped everywhere."""

import dataclasses
import traceback
from html.parser import HTMLParser
from xml.etree import ElementTree

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from flattr_core.publish import (
    BADGE_ASSETS,
    FeedLink,
    PublishOptions,
    Renderer,
    SettingsError,
)
from tests.factories import make_item

OPTIONS = PublishOptions(site_url="https://example.com", user="alice", site_name="Alice's blog")
ITEM = make_item(
    url="https://example.com/hello/",
    title="Hello & welcome",
    description="A first post.",
    tags=("python", "web"),
)
ITEM_URL = (
    "https://flattr.com/submit/auto?user_id=alice&url=https%3A%2F%2Fexample.com%2Fhello%2F"
    "&title=Hello%20%26%20welcome&description=A%20first%20post.&language=en_GB"
    "&tags=python%2Cweb&category=text"
)
EVIL = '"><script>alert(1)</script>'


class Elements(HTMLParser):
    """Every start tag with its (unescaped) attributes, and the text, of an HTML fragment."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []
        self.feed(str(html))
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def with_(**fields):
    return dataclasses.replace(ITEM, **fields)


# -- the auto-submit URL -------------------------------------------------------------------


def test_the_payment_url_encodes_every_parameter_in_a_fixed_order():
    assert Renderer(OPTIONS).payment_url(ITEM) == ITEM_URL


def test_empty_parameters_are_left_out_and_hidden_is_1():
    item = with_(language=None, tags=(), hidden=True)

    assert Renderer(OPTIONS).payment_url(item) == (
        "https://flattr.com/submit/auto?user_id=alice&url=https%3A%2F%2Fexample.com%2Fhello%2F"
        "&title=Hello%20%26%20welcome&description=A%20first%20post.&hidden=1&category=text"
    )


def test_query_strings_fragments_and_non_ascii_are_fully_encoded():
    item = with_(url="https://example.com/?p=1&q=a b#top", title="Grüße, 100% sicher")

    url = Renderer(OPTIONS).payment_url(item)

    assert "url=https%3A%2F%2Fexample.com%2F%3Fp%3D1%26q%3Da%20b%23top&" in url
    assert "title=Gr%C3%BC%C3%9Fe%2C%20100%25%20sicher&" in url


def test_the_payment_url_points_at_the_configured_web_host():
    options = PublishOptions(user="alice", web_url="http://127.0.0.1:8765")

    assert Renderer(options).payment_url(ITEM).startswith("http://127.0.0.1:8765/submit/auto?")


def test_the_site_payment_url_is_for_the_home_page_and_the_site_user():
    assert Renderer(OPTIONS).site_payment_url() == (
        "https://flattr.com/submit/auto?user_id=alice&url=https%3A%2F%2Fexample.com%2F"
        "&title=Alice%27s%20blog&description=Alice%27s%20blog&category=text"
    )
    assert Renderer(PublishOptions(site_url="https://example.com")).site_payment_url() is None


# -- buttons -------------------------------------------------------------------------------


def test_the_default_button_is_our_own_badge_linking_to_the_auto_submit_page():
    html = Renderer(OPTIONS).button(ITEM)

    assert isinstance(html, Markup)
    assert Elements(html).tags == [
        (
            "a",
            {
                "class": "flattr-button flattr-button-static",
                "href": ITEM_URL,
                "title": "Flattr this!",
            },
        ),
        (
            "img",
            {
                "src": "https://example.com/flattr/flattr-badge.svg",
                "alt": "Flattr this",
                "width": "93",
                "height": "20",
                # Themes frame and pad content images (the mkdocs theme shrank it by half).
                "style": "border:0;padding:0;margin:0;background:none;box-shadow:none;"
                "max-width:none;vertical-align:middle",
            },
        ),
    ]
    assert "&amp;url=" in html  # the URL is escaped for the attribute


def test_the_badge_url_can_be_given_per_renderer_or_per_call():
    renderer = Renderer(OPTIONS, badge_url="/static/badge.svg")

    assert Elements(renderer.button(ITEM)).tags[1][1]["src"] == "/static/badge.svg"
    assert Elements(renderer.button(ITEM, badge_url="../flattr/b.svg")).tags[1][1]["src"] == (
        "../flattr/b.svg"
    )


def test_the_static_badge_makes_no_third_party_request():
    html = Renderer(OPTIONS).button(ITEM)

    sources = [attrs["src"] for tag, attrs in Elements(html).tags if "src" in attrs]
    assert sources == ["https://example.com/flattr/flattr-badge.svg"]
    assert b"http" not in BADGE_ASSETS["flattr/flattr-badge.svg"].replace(
        b"http://www.w3.org/2000/svg", b""
    )


def test_the_js_button_carries_the_data_flattr_attributes_and_a_no_script_link():
    item = with_(hidden=True)

    elements = Elements(Renderer(OPTIONS).button(item, style="js"))

    assert elements.tags[0] == (
        "a",
        {
            "class": "FlattrButton",
            "style": "display:none;",
            "href": Renderer(OPTIONS).payment_url(item),
            "title": "Hello & welcome",
            "data-flattr-url": "https://example.com/hello/",
            "data-flattr-uid": "alice",
            "data-flattr-category": "text",
            "data-flattr-tags": "python,web",
            "data-flattr-language": "en_GB",
            "data-flattr-hidden": "1",
        },
    )
    assert elements.text[0] == "A first post."
    # Readers without JavaScript get a text link to the same auto-submit page.
    assert elements.tags[1:] == [
        ("noscript", {}),
        ("a", {"class": "flattr-button flattr-button-text", "href": elements.tags[0][1]["href"]}),
    ]


def test_the_compact_button_and_popout_off():
    options = PublishOptions(user="alice", popout=False)

    attrs = Elements(Renderer(options).button(ITEM, style="compact")).tags[0][1]

    assert attrs["data-flattr-button"] == "compact"
    assert attrs["data-flattr-popout"] == "0"
    assert "data-flattr-hidden" not in attrs


def test_the_text_button_is_a_plain_link():
    html = Renderer(OPTIONS).button(ITEM, style="text")

    assert html == Markup(
        f'<a class="flattr-button flattr-button-text" href="{ITEM_URL.replace("&", "&amp;")}" '
        'title="Flattr &#8220;Hello &amp; welcome&#8221;">Flattr this</a>'
    )


def test_style_none_and_no_item_render_nothing():
    renderer = Renderer(OPTIONS)

    assert renderer.button(ITEM, style="none") == Markup("")
    assert renderer.button(None) == Markup("")


def test_the_default_style_comes_from_the_options():
    html = Renderer(PublishOptions(user="alice", button="text")).button(ITEM)

    assert ">Flattr this</a>" in html


def test_an_unknown_style_is_a_settings_error():
    with pytest.raises(SettingsError, match="must be one of static, js, compact, text, none"):
        Renderer(OPTIONS).button(ITEM, style="huge")


# -- the loader ----------------------------------------------------------------------------


def test_only_js_and_compact_buttons_need_the_loader():
    renderer = Renderer(OPTIONS)

    assert [s for s in ("static", "js", "compact", "text", "none") if renderer.uses_loader(s)] == [
        "js",
        "compact",
    ]
    assert renderer.uses_loader() is False  # the default style is static


def test_the_loader_is_one_async_https_script_tag():
    assert Renderer(OPTIONS).loader() == Markup(
        '<script async src="https://api.flattr.com/js/0.6/load.js?mode=auto"></script>'
    )


def test_against_a_sandbox_the_loader_comes_from_the_sandbox():
    options = PublishOptions(user="alice", web_url="http://127.0.0.1:8765")

    assert Renderer(options).loader() == Markup(
        '<script async src="http://127.0.0.1:8765/js/0.6/load.js?mode=auto"></script>'
    )


# -- head tags -----------------------------------------------------------------------------


def test_the_head_has_a_payment_link_for_the_item():
    html = Renderer(OPTIONS).head(ITEM)

    assert Elements(html).tags == [
        ("link", {"rel": "payment", "href": ITEM_URL, "type": "text/html", "title": "Flattr this!"})
    ]


def test_a_flattr_id_adds_the_meta_tag():
    options = PublishOptions(site_url="https://example.com", user="alice", flattr_id="abc123")

    tags = Elements(Renderer(options).head(ITEM)).tags

    assert [tag for tag, _ in tags] == ["link", "meta"]
    assert tags[1] == ("meta", {"name": "flattr:id", "content": "abc123"})


def test_the_site_head_links_the_home_page():
    tags = Elements(Renderer(OPTIONS).site_head()).tags

    assert tags[0][1]["href"] == Renderer(OPTIONS).site_payment_url()


def test_without_a_site_user_the_site_head_has_only_the_meta_tag():
    options = PublishOptions(site_url="https://example.com", flattr_id="abc123")

    assert Renderer(options).site_head() == Markup('<meta name="flattr:id" content="abc123">')


# -- feeds ---------------------------------------------------------------------------------


def test_the_feed_link_carries_the_raw_url_for_the_feed_writer_to_escape():
    link = Renderer(OPTIONS).feed_link(ITEM)

    assert link == FeedLink(href=ITEM_URL, rel="payment", type="text/html")


def test_the_site_feed_link():
    assert Renderer(OPTIONS).site_feed_link() == FeedLink(Renderer(OPTIONS).site_payment_url())
    assert Renderer(PublishOptions()).site_feed_link() is None


# -- escaping ------------------------------------------------------------------------------


def evil_outputs():
    options = PublishOptions(
        site_url="https://example.com", user="alice", flattr_id='x"><b>', site_name=EVIL
    )
    item = with_(title=EVIL, description=EVIL, tags=(EVIL,), owner="a&b")
    renderer = Renderer(options)
    outputs = {style: renderer.button(item, style=style) for style in ("static", "js", "text")}
    outputs["compact"] = renderer.button(item, style="compact")
    outputs["head"] = renderer.head(item)
    outputs["site_head"] = renderer.site_head()
    return item, outputs


@pytest.mark.parametrize("name", ["static", "js", "compact", "text", "head", "site_head"])
def test_a_hostile_title_renders_as_text_in_every_output(name):
    _, outputs = evil_outputs()
    html = str(outputs[name])

    assert "<script" not in html
    assert "<b>" not in html
    for tag, attrs in Elements(html).tags:
        assert tag in {"a", "img", "link", "meta", "noscript"}
        for value in attrs.values():
            assert "<script" not in value or value in (EVIL, f"Flattr \u201c{EVIL}\u201d")


def test_the_hostile_title_comes_back_intact_after_parsing():
    item, outputs = evil_outputs()

    js = Elements(outputs["js"])
    assert js.tags[0][1]["title"] == EVIL
    assert js.tags[0][1]["data-flattr-tags"] == EVIL
    assert js.text[0] == EVIL
    assert Elements(outputs["text"]).tags[0][1]["title"] == f"Flattr \u201c{EVIL}\u201d"
    assert Elements(outputs["head"]).tags[1][1]["content"] == 'x"><b>'


def test_the_hostile_title_is_percent_encoded_in_the_payment_url():
    item, _ = evil_outputs()

    url = Renderer(OPTIONS).payment_url(item)

    assert "title=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&" in url
    assert "user_id=a%26b&" in url


# -- purity and themes ---------------------------------------------------------------------


def test_the_same_inputs_give_the_same_bytes():
    first = [str(Renderer(OPTIONS).button(ITEM, style=s)) for s in ("static", "js", "text")]
    second = [str(Renderer(OPTIONS).button(ITEM, style=s)) for s in ("static", "js", "text")]

    assert first == second


def test_a_theme_template_overrides_the_built_in_one(tmp_path):
    (tmp_path / "flattr").mkdir()
    (tmp_path / "flattr" / "button-text.html").write_text(
        '<a class="mine" href="{{ payment_url }}">Support {{ item.title }}</a>\n', encoding="utf-8"
    )
    renderer = Renderer(OPTIONS, template_dirs=[tmp_path])

    html = renderer.button(with_(title=EVIL), style="text")

    href = Renderer(OPTIONS).payment_url(with_(title=EVIL)).replace("&", "&amp;")
    assert html == Markup(
        f'<a class="mine" href="{href}">Support &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>'
    )
    assert renderer.head(ITEM) == Renderer(OPTIONS).head(ITEM)  # the others stay built in


@pytest.mark.parametrize("style", ["static", "js", "compact", "text"])
def test_a_render_gives_what_jinjas_own_template_render_gives(style):
    # The renderer builds Jinja's render context itself (cheaper); the bytes must not differ.
    renderer = Renderer(dataclasses.replace(OPTIONS, flattr_id="alice-id"))
    item = with_(title=EVIL, tags=("a&b", "c"), hidden=True)
    template = renderer.env.get_template(
        f"flattr/button-{'js' if style == 'compact' else style}.html"
    )
    expected = template.render(
        options=renderer.options,
        item=item,
        payment_url=renderer.payment_url(item),
        badge_url=renderer.badge_url,
        badge_width=93,
        badge_height=20,
        compact=style == "compact",
        popout=renderer.options.popout,
        style=style,
    )
    assert renderer.button(item, style=style) == Markup(expected.strip())
    head = renderer.env.get_template("flattr/head.html").render(
        options=renderer.options,
        item=item,
        payment_url=renderer.payment_url(item),
        flattr_id="alice-id",
    )
    assert renderer.head(item) == Markup(head.strip())


def test_an_error_in_a_theme_template_names_its_file_and_line(tmp_path):
    (tmp_path / "flattr").mkdir()
    theme_file = tmp_path / "flattr" / "button-text.html"
    theme_file.write_text("<a>\n{{ item.no_such_field }}</a>\n", encoding="utf-8")
    renderer = Renderer(OPTIONS, template_dirs=[tmp_path])

    with pytest.raises(jinja2.UndefinedError, match="no_such_field") as raised:
        renderer.button(ITEM, style="text")

    frames = traceback.extract_tb(raised.value.__traceback__)
    assert (str(theme_file), 2) in [(frame.filename, frame.lineno) for frame in frames]


def test_the_badge_asset_is_an_svg_of_the_documented_size():
    svg = BADGE_ASSETS["flattr/flattr-badge.svg"].decode("utf-8")

    assert list(BADGE_ASSETS) == ["flattr/flattr-badge.svg"]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="93" height="20"')
    assert "<title>Flattr this</title>" in svg
    root = ElementTree.fromstring(svg)  # well-formed: browsers refuse broken SVG images
    assert root.attrib["viewBox"] == "0 0 93 20"


def test_feed_link_hrefs_carry_the_hostile_title_only_percent_encoded():
    item, _ = evil_outputs()

    href = Renderer(OPTIONS).feed_link(item).href

    assert not set("<>\"' ") & set(href)


def test_the_loader_contains_no_site_or_item_data():
    options = PublishOptions(user=EVIL, site_name=EVIL, flattr_id=EVIL)

    assert Renderer(options).loader() == Renderer(PublishOptions()).loader()


def test_the_public_names_are_the_functions_not_their_modules():
    import importlib

    import flattr_core.publish.normaliser
    import flattr_core.publish.render  # noqa: F401  (imports normaliser too)

    publish = importlib.import_module("flattr_core.publish")
    assert callable(publish.normalise)
    assert callable(publish.options_from_mapping)
    assert isinstance(publish.Renderer, type)


@given(st.text() | st.text(st.sampled_from("&<>\"'%=?a"), max_size=20))
def test_escaping_a_url_gives_what_markupsafe_escape_gives(url):
    # Payment URLs are escaped for their attribute once per item, with a shortcut for the usual
    # case (only "&" to escape); any text must come out as escape() makes it.
    from flattr_core.publish.render import escape_url

    escaped = escape_url(url)
    assert escaped == escape(url) and isinstance(escaped, Markup)


def test_a_theme_template_filtering_the_payment_url_gets_the_url_itself(tmp_path):
    # Templates get the URL escaped once per item for printing, but as the plain URL to
    # filters and string operations: a share link encodes the URL, not its HTML escaping.
    (tmp_path / "flattr").mkdir()
    (tmp_path / "flattr" / "button-text.html").write_text(
        '<a href="{{ payment_url }}" data-share="https://share.example/?u={{ payment_url'
        ' | urlencode }}" data-n="{{ payment_url | length }}">{{ payment_url[-13:] }}</a>',
        encoding="utf-8",
    )
    item = with_(title='Tom & "Jerry"')
    url = Renderer(OPTIONS).payment_url(item)

    html = Renderer(OPTIONS, template_dirs=[tmp_path]).button(item, style="text")

    expected = jinja2.Environment(autoescape=True).from_string(
        '<a href="{{ u }}" data-share="https://share.example/?u={{ u | urlencode }}"'
        ' data-n="{{ u | length }}">{{ u[-13:] }}</a>'
    )
    assert html == Markup(expected.render(u=url))
    assert "%26amp%3B" not in html and "&amp;" in html
