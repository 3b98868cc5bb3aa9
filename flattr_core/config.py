"""Where the suite finds its servers and its token: keyword, then environment, then defaults.

One place for this rule so the client, the CLI and both plugins agree:

* API base URL: the ``api_url`` argument, else ``FLATTR_API_URL``, else the real API.
* Web base URL (OAuth pages, auto-submit, thing pages): ``web_url``, else ``FLATTR_WEB_URL``,
  else derived from a non-default API URL that ends in ``/rest/v2`` (the sandbox serves both
  from one host), else ``https://flattr.com``.
* Access token: :func:`resolve_token`: the ``token`` argument, else ``FLATTR_ACCESS_TOKEN``,
  else the ``flattr login`` store (``flattr_core.tokens``, loaded only when it is read).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Final

from flattr_core._error_base import FlattrError
from flattr_core.urls import is_absolute_http_url

if TYPE_CHECKING:  # pragma: no cover
    from flattr_core.tokens import TokenStore

__all__ = [
    "API_PATH",
    "DEFAULT_API_URL",
    "DEFAULT_WEB_URL",
    "ENV_API_URL",
    "ENV_CLIENT_ID",
    "ENV_CLIENT_SECRET",
    "ENV_CONFIG_DIR",
    "ENV_TOKEN",
    "ENV_WEB_URL",
    "ConfigError",
    "resolve_api_url",
    "resolve_token",
    "resolve_web_url",
]

DEFAULT_API_URL: Final = "https://api.flattr.com/rest/v2"
DEFAULT_WEB_URL: Final = "https://flattr.com"
API_PATH: Final = "/rest/v2"

ENV_API_URL: Final = "FLATTR_API_URL"
ENV_WEB_URL: Final = "FLATTR_WEB_URL"
ENV_TOKEN: Final = "FLATTR_ACCESS_TOKEN"
ENV_CLIENT_ID: Final = "FLATTR_CLIENT_ID"
ENV_CLIENT_SECRET: Final = "FLATTR_CLIENT_SECRET"
ENV_CONFIG_DIR: Final = "FLATTR_CONFIG_DIR"


class ConfigError(FlattrError, ValueError):
    """A base URL (from an argument or the environment) is not usable."""


def _clean_base_url(value: str, source: str, example: str = DEFAULT_API_URL) -> str:
    value = value.strip()
    if not is_absolute_http_url(value):
        raise ConfigError(
            f"{source} must be an absolute http(s) URL such as {example!r}, got {value!r}"
        )
    return value.rstrip("/")


def resolve_api_url(explicit: str | None = None) -> str:
    """The REST API base URL, without a trailing slash."""
    if explicit:
        return _clean_base_url(explicit, "api_url")
    from_env = os.environ.get(ENV_API_URL)
    if from_env:
        return _clean_base_url(from_env, ENV_API_URL)
    return DEFAULT_API_URL


def resolve_web_url(explicit: str | None = None, api_url: str | None = None) -> str:
    """The web base URL (OAuth, auto-submit, thing pages), without a trailing slash."""
    if explicit:
        return _clean_base_url(explicit, "web_url", DEFAULT_WEB_URL)
    from_env = os.environ.get(ENV_WEB_URL)
    if from_env:
        return _clean_base_url(from_env, ENV_WEB_URL, DEFAULT_WEB_URL)
    api = resolve_api_url(api_url)
    if api != DEFAULT_API_URL and api.endswith(API_PATH):
        # A compatible server (the sandbox) serves the web pages from the same host.
        return api[: -len(API_PATH)]
    return DEFAULT_WEB_URL


def resolve_token(
    explicit: str | None = None, api_url: str | None = None, *, store: TokenStore | None = None
) -> str | None:
    """The access token to use, or None when there is none anywhere.

    ``store`` is the token store to look in (default: the user's); pass one to read its
    ``warnings`` afterwards.
    """
    if explicit:
        return explicit
    from_env = os.environ.get(ENV_TOKEN)
    if from_env:
        return from_env.strip()
    from flattr_core.tokens import TokenStore

    stored = (store or TokenStore()).load(resolve_api_url(api_url))
    return stored.access_token if stored else None
