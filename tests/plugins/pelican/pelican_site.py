"""Helpers for the Pelican plugin tests: building the fixture site, reading what it wrote.

``build_site(**flattr)`` copies ``site/content`` into a temporary directory, runs
``Pelican(read_settings(override=...)).run()`` with ``PLUGINS=["pelican_flattr"]`` and every
feed Pelican can write switched on (its templates compiled once per test process:
``tests.plugins.compiled_templates``), and returns a ``Built`` with the output directory and small
readers: ``page(name)`` parses an HTML file with ``html.parser``, ``feed(name)`` with ElementTree.
"""

from __future__ import annotations

import copy
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.html_elements import Element, parse_elements
from tests.plugins.compiled_templates import COMPILED_TEMPLATES

SITE = Path(__file__).parent / "site"
SITEURL = "https://blog.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"

FEEDS = {
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "CATEGORY_FEED_ATOM": "feeds/category/{slug}.atom.xml",
    "CATEGORY_FEED_RSS": "feeds/category/{slug}.rss.xml",
    "TAG_FEED_ATOM": "feeds/tag/{slug}.atom.xml",
    "TAG_FEED_RSS": "feeds/tag/{slug}.rss.xml",
    "AUTHOR_FEED_ATOM": "feeds/author/{slug}.atom.xml",
    "AUTHOR_FEED_RSS": "feeds/author/{slug}.rss.xml",
    "TRANSLATION_FEED_ATOM": "feeds/all-{lang}.atom.xml",
    "TRANSLATION_FEED_RSS": "feeds/all-{lang}.rss.xml",
}


@dataclass
class Page:
    raw: str
    elements: list[Element] = field(default_factory=list)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    @property
    def payment_links(self) -> list[Element]:
        return self.find("link", rel="payment")

    @property
    def buttons(self) -> list[Element]:
        """Flattr buttons outside <noscript> (a JS button carries a fallback link there)."""
        return [
            e
            for e in self.find("a")
            if not e.in_noscript
            and (
                "flattr-button" in e.attrs.get("class", "")
                or e.attrs.get("class") == "FlattrButton"
            )
        ]

    @property
    def loaders(self) -> list[Element]:
        return [e for e in self.find("script") if "load.js" in e.attrs.get("src", "")]


def submit_params(url: str) -> dict[str, str]:
    """The auto-submit URL's query, decoded: {"user_id": ..., "url": ..., "title": ...}."""
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@dataclass
class Built:
    output: Path
    pelican: Any
    cwd: Path

    def page(self, name: str) -> Page:
        raw = (self.output / name).read_text(encoding="utf-8")
        return Page(raw, parse_elements(raw))

    def feed(self, name: str) -> ET.Element:
        return ET.fromstring((self.output / name).read_bytes())

    def feeds(self) -> list[Path]:
        return sorted((self.output / "feeds").rglob("*.xml"))

    def run_again(self) -> None:
        self.pelican.run()


def make_settings(tmp_path: Path, flattr: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    from pelican.settings import DEFAULT_CONFIG, read_settings

    content = tmp_path / "content"
    if not content.exists():
        shutil.copytree(SITE / "content", content)
    override: dict[str, Any] = {
        "PATH": str(content),
        "OUTPUT_PATH": str(tmp_path / "output"),
        "SITEURL": SITEURL,
        "SITENAME": "Alice's Example Blog",
        "SITESUBTITLE": "Notes about travel, code and coffee",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "PLUGINS": ["pelican_flattr"],
        "PAGE_PATHS": ["pages"],
        "ARTICLE_EXCLUDES": ["pages"],
        **FEEDS,
        # Pelican's own Jinja settings, with the templates compiled once per test process.
        "JINJA_ENVIRONMENT": {
            **copy.deepcopy(DEFAULT_CONFIG["JINJA_ENVIRONMENT"]),
            "bytecode_cache": COMPILED_TEMPLATES,
        },
    }
    if flattr is not None:
        override["FLATTR"] = flattr
    override.update(extra)
    return read_settings(override=override)
