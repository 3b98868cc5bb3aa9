"""Settings of the example blog: the two lines that turn Flattr on, plus a few options.

Build it against the local sandbox with ``python examples/pelican-blog/build.py`` (see build.py),
or with plain Pelican (``pelican content -s pelicanconf.py``) once FLATTR_API_URL and
FLATTR_ACCESS_TOKEN point at a Flattr server.
"""

AUTHOR = "Alice Example"
SITENAME = "Alice's Flattr example blog"
SITESUBTITLE = "Travel notes, code and coffee, with a Flattr button on every article"
SITEURL = "https://alice.example.org"
PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["pages"]
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TRANSLATION_FEED_ATOM = "feeds/all-{lang}.atom.xml"

# The two lines:
PLUGINS = ["pelican_flattr"]
FLATTR = {
    "user": "alice",
    "sync": True,  # register every article as a Flattr thing (needs a token; see build.py)
    "pages": True,  # pages get buttons too
    "extra_tags": ["pelican"],
    "placement": "bottom",
}
