"""Small real sites with hostile Flattr metadata, built by the real ``pelican`` and ``mkdocs``.

Every field the plugins render (title, description, tags, URL, owner, category, language) gets
markup or script through the generator's per-page Flattr overrides. Those values reach only our
markup (buttons, payment links, head tags, data attributes): the generators' own themes print a
page's *own* title unescaped by design, so hostile text there would test the theme, not us.
Each payload calls ``alert(...)``, so any execution shows up as a dialog in the browser.

``build(kind, directory, site_url)`` writes the sources and runs the generator as a user would
(a fresh process of the venv's console script); it returns the output folder. ``kind`` is one of
``SITES``: ``pelican`` (theme notmyidea), ``mkdocs`` (theme mkdocs), ``material``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent

HOSTILE = {
    "title": "\"><script>alert('title')</script><img src=x onerror=\"alert('title-img')\">",
    "description": "</a></noscript><script>alert('description')</script> "
    "javascript:alert('d') \" onmouseover=\"alert('description-attr')",
    "tags": ["<b onclick=\"alert('tag')\">bold</b>", "a;b", "\"><img src=x onerror=alert('tag2')>"],
    "url": "javascript:alert('url')",
    "user": "\"><script>alert('user')</script>",
    "category": "\"><script>alert('category')</script>",
    "language": "\"><script>alert('language')</script>",
}
BODY = "An ordinary paragraph of text, long enough to stand as a description for Flattr."


@dataclass(frozen=True)
class Site:
    kind: str
    #: The page with the hostile overrides, relative to the output folder.
    page: str
    #: CSS selector of the element the button must sit inside.
    article: str


SITES = {
    "pelican": Site("pelican", "hostile.html", "article"),
    "mkdocs": Site("mkdocs", "hostile/index.html", "div[role=main]"),
    "material": Site("material", "hostile/index.html", "article.md-content__inner"),
}


def build(
    kind: str,
    directory: Path,
    site_url: str,
    *,
    button: str = "static",
    web_url: str | None = None,
) -> Path:
    """Write the sources of a ``kind`` site into ``directory`` and build it; the output path.
    ``web_url``: the Flattr web host the payment links use (a sandbox's URL), else flattr.com."""
    directory.mkdir(parents=True, exist_ok=True)
    flattr: dict[str, str] = {"user": "alice", "button": button}
    if web_url:
        flattr["web_url"] = web_url
    if kind == "pelican":
        return _pelican(directory, site_url, flattr)
    return _mkdocs(directory, site_url, kind, flattr)


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}\n{result.stderr}"


def _pelican(directory: Path, site_url: str, flattr: dict[str, str]) -> Path:
    content = directory / "content"
    content.mkdir(exist_ok=True)
    (content / "hostile.md").write_text(
        textwrap.dedent(
            f"""\
            Title: An ordinary title
            Date: 2024-05-01 10:00
            Slug: hostile
            Tags: travel
            Summary: A summary that is long enough to be a description.
            Flattr_Title: {HOSTILE["title"]}
            Flattr_Description: {HOSTILE["description"]}
            Flattr_Tags: {", ".join(HOSTILE["tags"])}
            Flattr_Url: {HOSTILE["url"]}
            Flattr_User: {HOSTILE["user"]}
            Flattr_Category: {HOSTILE["category"]}
            Flattr_Language: {HOSTILE["language"]}

            {BODY}
            """
        ),
        encoding="utf-8",
    )
    (content / "plain.md").write_text(
        f"Title: A plain article\nDate: 2024-05-02 10:00\nSlug: plain\n\n{BODY}\n",
        encoding="utf-8",
    )
    settings = {
        "SITEURL": site_url,
        "SITENAME": "Hostile blog",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "PLUGINS": ["pelican_flattr"],
        "FLATTR": flattr,
        "FEED_ALL_ATOM": "feeds/all.atom.xml",
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
    }
    conf = directory / "pelicanconf.py"
    conf.write_text(
        "".join(f"{key} = {value!r}\n" for key, value in settings.items()),
        encoding="utf-8",
    )
    output = directory / "output"
    _run([str(BIN / "pelican"), "content", "-s", str(conf), "-o", str(output), "-q"], directory)
    return output


def _mkdocs(directory: Path, site_url: str, theme: str, flattr: dict[str, str]) -> Path:
    docs = directory / "docs"
    docs.mkdir(exist_ok=True)
    overrides = {key: value for key, value in HOSTILE.items()}
    front_matter = json.dumps({"title": "An ordinary title", "flattr": overrides})
    (docs / "hostile.md").write_text(
        f"---\n{front_matter}\n---\n\n# An ordinary title\n\n{BODY}\n", encoding="utf-8"
    )
    (docs / "index.md").write_text(f"# Home\n\n{BODY}\n", encoding="utf-8")
    # No CDN assets: the mkdocs theme's highlight.js and Material's Google fonts would be
    # requests to the internet, which these pages must not need.
    theme_config = (
        {"name": theme, "highlightjs": False}
        if theme == "mkdocs"
        else {"name": theme, "font": False}
    )
    config = {
        "site_name": "Hostile docs",
        "site_url": site_url + "/",
        "theme": theme_config,
        "plugins": ["search", {"flattr": flattr}],
    }
    (directory / "mkdocs.yml").write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    output = directory / "site"
    _run([str(BIN / "mkdocs"), "build", "-q", "-d", str(output)], directory)
    return output
