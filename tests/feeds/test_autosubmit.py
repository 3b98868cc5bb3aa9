"""Auto-submit URLs read back exactly what the publishing engine wrote into them."""

from urllib.parse import quote

from hypothesis import example, given
from hypothesis import strategies as st

from flattr_core.autosubmit import AutoSubmit
from flattr_core.publish import PublishOptions, Renderer
from flattr_core.urls import quote_value
from tests.factories import make_item

WEB = "https://flattr.com"


@given(st.text())
@example("100% of 50% off, already %25 escaped")
@example("Grüße 😀 <a href='x'>&amp;</a>\x00\x7f\u00ff\u0100")
def test_values_are_encoded_exactly_as_urllib_quote_with_nothing_safe(value):
    assert quote_value(value) == quote(value, safe="")


def test_parse_is_the_inverse_of_to_url():
    fields = AutoSubmit(
        user_id="alice",
        url="https://example.org/pod/ep 1?x=1&y=2#t=3",
        title="Grüße & <Tschüss> + 100%",
        description="Line one, line two; a/b",
        language="de_DE",
        tags=("podcast", "zürich"),
        hidden=True,
        category="audio",
    )
    assert AutoSubmit.parse(fields.to_url(WEB)) == fields


def test_the_engine_s_payment_link_decodes_to_the_item_it_was_made_from():
    options = PublishOptions(site_url="https://blog.example.org", user="alice", web_url=WEB)
    item = make_item(
        url="https://blog.example.org/a.html",
        title="A post about coffee",
        description="Beans and water.",
        tags=("coffee", "pelican"),
    )
    decoded = AutoSubmit.parse(Renderer(options).payment_url(item))
    assert decoded is not None
    assert (decoded.user_id, decoded.url, decoded.title) == ("alice", item.url, item.title)
    assert decoded.tags == ("coffee", "pelican") and decoded.category == "text"


def test_form_encoded_links_and_partner_owners_are_read_too():
    href = (
        "https://sandbox.local:8765/submit/auto/"
        "?url=https%3A%2F%2Fa.example%2F&owner=bob&title=Two+words"
    )
    assert AutoSubmit.parse(href) == AutoSubmit(
        user_id="bob", url="https://a.example/", title="Two words"
    )


def test_links_that_are_not_auto_submit_urls_are_none():
    assert AutoSubmit.parse("https://flattr.com/thing/42") is None
    assert AutoSubmit.parse("https://flattr.com/submit/auto?user_id=alice") is None  # no url
    assert AutoSubmit.parse("mailto:alice@example.org") is None
