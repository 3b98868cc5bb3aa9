"""The plugin's options as MkDocs sees them: a typed ``Config`` class.

MkDocs validates these before any build starts, so a wrong value fails ``mkdocs build`` with
MkDocs' own message, e.g. ``Plugin 'flattr' option 'button': Expected one of: ('static', ...)
but received: 'big'``. Rules that need the whole site (a language the catalog does not know, a
relative ``site_url``) are checked by the publishing engine in ``on_config``.

The option names are the user interface fixed by the issue; keep them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from flattr_core.catalog import CATEGORIES
from flattr_core.publish.entry import BUTTON_STYLES, PLACEMENTS


class HttpUrl(BaseConfigOption[str]):
    """An absolute http(s) URL, e.g. the sandbox's ``http://127.0.0.1:8765/rest/v2``."""

    def __init__(self, example: str = "https://api.flattr.com/rest/v2") -> None:
        super().__init__()
        self.example = example

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"Expected a URL string, but a {type(value).__name__} was given.")
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValidationError(
                f"Expected an absolute http(s) URL such as {self.example!r}, "
                f"but received: {value!r}"
            )
        return value.strip().rstrip("/")


class Glob(BaseConfigOption[str]):
    """One glob on source paths relative to ``docs_dir``: ``*`` within a folder, ``**`` across."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(
                f"Expected a glob such as 'blog/**' or 'drafts/*.md', but received: {value!r}"
            )
        return value.strip().lstrip("/")


class Username(BaseConfigOption[str]):
    """A Flattr username: one word, no spaces (the token's owner creates the things)."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip() or any(ch.isspace() for ch in value):
            raise ValidationError(
                f"Expected a Flattr username (one word, no spaces), but received: {value!r}"
            )
        return value.strip()


class Language(BaseConfigOption[str]):
    """A language Flattr knows, as a site writes it (``en``, ``de-AT``, ``pt_BR``, ``de_DE``),
    or one ``language_map`` maps (``gsw`` with ``language_map: {gsw: de_DE}``)."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(
                f"Expected a language such as 'en' or 'de', but received: {value!r}"
            )
        return value.strip()

    def post_validation(self, config: Config, key_name: str) -> None:
        # After every option's own check, so that language_map is known here.
        from flattr_core.catalog import LANGUAGES
        from flattr_core.publish.languages import flattr_language, is_omitted

        value = config[key_name]
        language_map = config.get("language_map")
        mapping = language_map if isinstance(language_map, dict) else {}
        if value is None or is_omitted(value, mapping) or flattr_language(value, mapping):
            return
        raise ValidationError(
            "Expected a language Flattr knows, such as 'en', 'de', 'pt_BR' or 'en_GB' "
            f"(the list: {', '.join(sorted({k.split('_')[0] for k in LANGUAGES}))}), "
            f"or one language_map maps, but received: {value!r}"
        )


class FlattrConfig(Config):
    """``plugins: [flattr: {...}]`` in mkdocs.yml. Defaults follow issue 6."""

    # Declared explicitly so `enabled: false` keeps the instance (and its serve cache) alive.
    enabled = c.Type(bool, default=True)
    user = c.Optional(Username())
    button = c.Choice(BUTTON_STYLES, default="static")
    # js/compact buttons: false keeps Flattr's popout from opening on hover.
    popout = c.Type(bool, default=True)
    placement = c.Choice(PLACEMENTS, default="bottom")
    head_links = c.Type(bool, default=True)
    flattr_id = c.Optional(c.Type(str))
    category = c.Choice(tuple(CATEGORIES), default="text")
    # A page's tag (case-insensitive) -> Flattr category; the engine checks the values and names
    # a wrong one as flattr['category_map']['tag'].
    category_map = c.DictOfItems(c.Type(str), default={})
    # None: the theme's language (Material `theme.language`, mkdocs `theme.locale`).
    language = c.Optional(Language())
    # The site's language as written -> Flattr language id, or null to send no language.
    language_map = c.DictOfItems(c.Optional(c.Type(str)), default={})
    extra_tags = c.ListOfItems(c.Type(str), default=[])
    hidden = c.Type(bool, default=False)
    authors = c.DictOfItems(Username(), default={})
    include = c.ListOfItems(Glob(), default=[])
    exclude = c.ListOfItems(Glob(), default=[])
    sync = c.Type(bool, default=False)
    # None: FLATTR_API_URL, else the real API (flattr_core.config.resolve_api_url).
    api_url = c.Optional(HttpUrl())
    # None: FLATTR_WEB_URL, else the web host of api_url (flattr_core.config.resolve_web_url);
    # the base of the auto-submit payment URLs.
    web_url = c.Optional(HttpUrl("https://flattr.com"))
    # Relative paths are relative to the directory of mkdocs.yml.
    state_file = c.Type(str, default=".flattr-state.json")
    dry_run = c.Type(bool, default=False)
    strict = c.Type(bool, default=False)
