"""What a reader sees on pages built by the plugins: no hostile metadata ever runs, and the
button sits inside the article at its natural size in every theme (Pelican's notmyidea, MkDocs'
mkdocs, Material)."""

from __future__ import annotations

import pytest

from flattr_core.publish.render import BADGE_HEIGHT, BADGE_WIDTH
from tests.browser.hostile_sites import SITES, build
from tests.browser.static_server import start_static_server

# Collected in the page itself: links a reader could click that would run script.
SCRIPT_LINKS = """() => Array.from(document.querySelectorAll('[href], [src], [action]'))
    .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))
    .filter(v => /^\\s*(javascript|data|vbscript):/i.test(v))"""


@pytest.fixture(scope="module")
def site_of(tmp_path_factory):
    """site_of(kind, button) -> (site, base URL): each site built once for the module and served
    on loopback until its end (both tests below read the static-button sites)."""
    served: dict[tuple[str, str], tuple[object, str]] = {}
    stops = []

    def _site_of(kind: str, button: str):
        if (kind, button) not in served:
            directory = tmp_path_factory.mktemp(f"{kind}-{button}")
            # The server comes first so the build can use its real URL as the site URL.
            output = directory / ("output" if kind == "pelican" else "site")
            base, stop = start_static_server(output)
            stops.append(stop)
            build(kind, directory, base, button=button)
            served[(kind, button)] = (SITES[kind], base)
        return served[(kind, button)]

    yield _site_of
    for stop in stops:
        stop()


@pytest.fixture(
    params=[(k, b) for k in sorted(SITES) for b in ("static", "js")],
    ids=lambda p: "-".join(p),
)
def hostile(request, site_of):
    """A hostile site of each kind and button style, on loopback."""
    return site_of(*request.param)


@pytest.fixture(params=sorted(SITES))
def built(request, site_of):
    """A site of each kind with the default (static) button: the hostile one."""
    return site_of(request.param, "static")


def test_hostile_metadata_never_runs_in_any_theme(hostile, open_page):
    site, base = hostile

    page = open_page(f"{base}/{site.page}")

    # open_page fails the test on any dialog (every payload calls alert), script error or
    # console error; here the page must also offer no script link to click.
    assert page.evaluate(SCRIPT_LINKS) == []
    assert page.locator(".flattr-button, .FlattrButton").count() >= 1
    # The hostile text is on the page as text (in attributes or the hidden placeholder), never
    # as elements: no element the payloads would have made exists.
    assert page.locator("script:has-text('alert'), img[src=x], b[onclick]").count() == 0


def test_the_button_is_inside_the_article_at_its_natural_size(built, open_page, screenshot_dir):
    site, base = built

    page = open_page(f"{base}/{site.page}")
    page.set_viewport_size({"width": 1280, "height": 900})
    badge = page.locator(".flattr-button img")
    badge.scroll_into_view_if_needed()

    assert badge.is_visible()
    # The image really loaded (not a broken-image box of the same size).
    assert badge.evaluate("img => img.complete && img.naturalWidth > 0")
    box = badge.bounding_box()
    assert (round(box["width"]), round(box["height"])) == (BADGE_WIDTH, BADGE_HEIGHT)
    article = page.locator(site.article).first.bounding_box()
    assert article["x"] <= box["x"] and box["x"] + box["width"] <= article["x"] + article["width"]
    assert article["y"] <= box["y"] and box["y"] + box["height"] <= article["y"] + article["height"]
    # The article with its button, as a reader sees it (the docs show these pictures).
    page.locator(site.article).first.screenshot(
        path=str(screenshot_dir / f"button-{site.kind}.png")
    )
