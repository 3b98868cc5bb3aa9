"""Helpers for the MkDocs plugin tests: write a small real project into tmp_path, build it with
the real mkdocs (in-process, the way ``mkdocs build`` does), and read the written HTML back.

A module name of its own, not conftest.py: ``from conftest import`` may find another folder's.
``project.build()`` mirrors ``mkdocs/__main__.py``: load_config, on_startup, build, on_shutdown;
the theme's templates are compiled once per test process (``tests.plugins.compiled_templates``).
"""

from __future__ import annotations

import logging
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.html_elements import Element, parse_elements
from tests.plugins.compiled_templates import COMPILED_TEMPLATES

SITE_URL = "https://docs.example.org/guide/"
DEV_SERVER_URL = "http://127.0.0.1:8000/"


@dataclass
class Html:
    """A written page, parsed. ``raw`` keeps the bytes-level text for escaping checks."""

    raw: str
    tags: list[Element] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Html:
        raw = path.read_text(encoding="utf-8")
        return cls(raw, parse_elements(raw))

    def payment_links(self) -> list[Element]:
        return [t for t in self.tags if t.tag == "link" and t.attrs.get("rel") == "payment"]

    def head_payment_links(self) -> list[Element]:
        return [t for t in self.payment_links() if t.in_head]

    def flattr_meta(self) -> list[Element]:
        return [t for t in self.tags if t.tag == "meta" and t.attrs.get("name") == "flattr:id"]

    def loaders(self) -> list[Element]:
        return [
            t for t in self.tags if t.tag == "script" and "load.js" in (t.attrs.get("src") or "")
        ]

    def buttons(self) -> list[Element]:
        """Anchors the engine renders for any style (static, text, js/compact)."""
        return [
            t
            for t in self.tags
            if t.tag == "a"
            and any(c in (t.attrs.get("class") or "") for c in ("FlattrButton", "flattr-button"))
            and not t.in_noscript  # the js button's fallback link for readers without JS
        ]

    def wrappers(self) -> list[Element]:
        return [
            t
            for t in self.tags
            if t.tag == "div" and "flattr-page" in (t.attrs.get("class") or "").split()
        ]


@dataclass
class Project:
    """A small MkDocs project on disk."""

    root: Path
    config: dict[str, Any]

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def state_file(self) -> Path:
        return self.root / ".flattr-state.json"

    def page(self, src_uri: str, text: str) -> Path:
        path = self.docs / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    def flattr(self, **options: Any) -> Project:
        """Set options of the flattr plugin block (keeps the others)."""
        for entry in self.config["plugins"]:
            if isinstance(entry, dict) and "flattr" in entry:
                entry["flattr"].update(options)
        return self

    def write_config(self) -> Path:
        path = self.root / "mkdocs.yml"
        path.write_text(yaml.safe_dump(self.config, allow_unicode=True), encoding="utf-8")
        return path

    def load(self) -> Any:
        return load_config(config_file=str(self.write_config()), site_dir=str(self.site))

    def build(self, *, command: str = "build", dirty: bool = False) -> Any:
        """Build as `mkdocs build` would (or one `mkdocs serve` build, which also swaps
        site_url for the dev server's, as mkdocs/commands/serve.py does); returns the plugin."""
        cfg = self.load()
        _compile_templates_once(cfg.theme)
        cfg.plugins.on_startup(command=command, dirty=dirty)
        serve_url = None
        if command == "serve":
            cfg.site_url = serve_url = DEV_SERVER_URL
        try:
            build(cfg, serve_url=serve_url, dirty=dirty)
        finally:
            cfg.plugins.on_shutdown()
        return cfg.plugins["flattr"]

    def html(self, src_uri: str) -> Html:
        """The output page of a source page (``about.md`` -> ``site/about/index.html``)."""
        stem = src_uri[: -len(".md")]
        if stem == "index":
            out = "index.html"
        elif stem.endswith("/index"):
            out = stem[: -len("index")] + "index.html"
        else:
            out = f"{stem}/index.html"
        return Html.read(self.site / out)


def _compile_templates_once(theme: Any) -> None:
    """The theme's Jinja environment as MkDocs makes it, sharing the tests' compiled templates."""
    make_env = theme.get_env

    def get_env() -> Any:
        env = make_env()
        env.bytecode_cache = COMPILED_TEMPLATES
        return env

    theme.get_env = get_env


def new_project(root: Path, *, theme: str = "mkdocs", **flattr: Any) -> Project:
    options = {"user": "alice", **flattr}
    config: dict[str, Any] = {
        "site_name": "Flattr fixture",
        "site_url": SITE_URL,
        "theme": {"name": theme},
        "plugins": ["search", {"flattr": options}],
    }
    project = Project(root, config)
    project.page(
        "index.md",
        """
        # Welcome home

        The start page of the fixture site, long enough for a description.
        """,
    )
    return project


class LogRecords(logging.Handler):
    """Every record of the ``mkdocs`` logger tree (the CLI turns its propagation off, so
    pytest's caplog cannot be relied on after a CliRunner test)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def messages(self, level: int = logging.DEBUG) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]

    def warnings(self) -> list[str]:
        return self.messages(logging.WARNING)
