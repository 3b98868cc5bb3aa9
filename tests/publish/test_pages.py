"""What both plugins do to a built page: head tags before ``</head>``, and the badge they link."""

from flattr_core.publish import BADGE_ASSETS, badge_file, insert_before_head_end


def test_the_snippet_goes_on_its_own_line_just_before_the_head_ends():
    page = "<html><head><title>t</title></HEAD ><body>x</body></html>"

    assert insert_before_head_end(page, '<link rel="payment" href="u">') == (
        '<html><head><title>t</title><link rel="payment" href="u">\n</HEAD ><body>x</body></html>'
    )


def test_a_page_without_a_head_end_is_none_so_the_caller_can_say_so():
    assert insert_before_head_end("<p>a fragment</p>", "<meta>") is None


def test_the_badge_is_the_svg_when_there_is_one_else_the_first_file():
    assert badge_file({"flattr/b.png": b"", "flattr/a.svg": b"", "flattr/0.gif": b""}) == (
        "flattr/a.svg"
    )
    assert badge_file({"flattr/b.png": b"", "flattr/a.gif": b""}) == "flattr/a.gif"
    assert badge_file({}) is None


def test_the_shipped_badge_is_its_svg():
    assert badge_file(BADGE_ASSETS) == "flattr/flattr-badge.svg"
