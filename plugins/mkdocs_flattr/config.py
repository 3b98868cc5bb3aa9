"""The plugin's options as MkDocs sees them: a typed ``Config`` class, the one place they are
validated.

MkDocs validates these before any build starts, so a wrong value fails ``mkdocs build`` with
MkDocs' own message, e.g. ``Plugin 'flattr' option 'button': Expected one of: ('static', ...)
but received: 'big'``; an unknown key fails the same way, with a "did you mean". The option
types here also normalise what they accept (category labels to ids, language ids to Flattr's
spelling), so ``publish_options`` only copies values into the engine's ``PublishOptions``. Rules
that need the whole site (a relative ``site_url``, a page URL) stay with the engine.

The option names are the user interface fixed by the issue; keep them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import (
    BaseConfigOption,
    Config,
    ConfigErrors,
    ConfigWarnings,
    ValidationError,
)

from flattr_core.catalog import CATEGORIES
from flattr_core.publish.entry import BUTTON_STYLES, PLACEMENTS, PublishOptions
from flattr_core.publish.options import did_you_mean, map_categories, map_languages, split_tags
from flattr_core.urls import is_absolute_http_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class HttpUrl(BaseConfigOption[str]):
    """An absolute http(s) URL, e.g. the sandbox's ``http://127.0.0.1:8765/rest/v2``."""

    def __init__(self, example: str = "https://api.flattr.com/rest/v2") -> None:
        super().__init__()
        self.example = example

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"Expected a URL string, but a {type(value).__name__} was given.")
        if not is_absolute_http_url(value.strip()):
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


class CategoryMap(c.DictOfItems[str]):
    """Tag (case-insensitive) -> Flattr category, by id or label (``Images``, ``Other``)."""

    def __init__(self) -> None:
        super().__init__(c.Type(str), default={})

    def run_validation(self, value: object) -> dict[str, str]:
        def refuse(tag: str, name: object) -> ValidationError:
            return ValidationError(
                f"Expected a Flattr category for {tag!r}, one of {', '.join(CATEGORIES)}, "
                f"but received: {name!r}"
            )

        return map_categories(super().run_validation(value), refuse)


class LanguageMap(c.DictOfItems[str | None]):
    """The site's language as written -> Flattr language id, or null to send no language."""

    def __init__(self) -> None:
        super().__init__(c.Optional(c.Type(str)), default={})

    def run_validation(self, value: object) -> dict[str, str | None]:
        def refuse(name: str, lang: object) -> ValidationError:
            return ValidationError(
                f"Expected a Flattr language id for {name!r}, such as 'en_GB' or 'de_DE', "
                f"or null to send no language, but received: {lang!r}"
            )

        return map_languages(super().run_validation(value), refuse)


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
    # A page's tag (case-insensitive) -> Flattr category.
    category_map = CategoryMap()
    # None: the theme's language (Material `theme.language`, mkdocs `theme.locale`).
    language = c.Optional(Language())
    # The site's language as written -> Flattr language id, or null to send no language.
    language_map = LanguageMap()
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
    # Delete the Flattr things this state file created for pages that no longer exist (renamed
    # or removed); off by default, and a dry run lists them first.
    prune = c.Type(bool, default=False)
    strict = c.Type(bool, default=False)

    def _validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        # MkDocs only warns about an unknown key, and the build goes on without the setting the
        # user meant: a misspelt `buton: js` is a failure here, naming the likely key.
        failed, warnings = super()._validate()
        declared = sorted(self._schema_keys)
        for key in sorted(set(self.keys()) - self._schema_keys):
            warnings = [(k, w) for k, w in warnings if k != key]
            message = (
                f"flattr has no key {key!r}{did_you_mean(key, declared)}; "
                f"known keys: {', '.join(declared)}"
            )
            failed.append((key, ValidationError(message)))
        return failed, warnings

    def publish_options(self, config: MkDocsConfig, site: PublishOptions) -> PublishOptions:
        """The engine's options for this site: ``site`` (what the engine made of the site-wide
        settings: site URL, name, description, web URL) with these validated values, and the
        theme's language as the default language."""
        return site.copy_with(
            user=self.user,
            flattr_id=self.flattr_id.strip() if self.flattr_id else None,
            button=self.button,
            popout=self.popout,
            category=self.category,
            category_map=self.category_map,
            language=self.language or theme_language(config),
            language_map=self.language_map,
            extra_tags=tuple(split_tags(self.extra_tags)),
            hidden=self.hidden,
            authors=self.authors,
        )


def theme_language(config: MkDocsConfig) -> str | None:
    """The site language as the theme knows it: Material's ``theme.language``, else the
    built-in themes' ``theme.locale`` (``en`` unless set)."""
    theme = config.theme
    language = theme.get("language")
    if isinstance(language, str) and language.strip():
        return language.strip()
    locale = getattr(theme, "locale", None)
    return str(locale) if locale else None
