"""flattr_core: a client for the Flattr REST API v2, the shared publishing engine behind the
Pelican and MkDocs plugins, the ``flattr`` command line and a local sandbox server.

The client's public surface is re-exported here::

    import flattr_core
    api = flattr_core.api.get(token)           # flattr_core.FlattrApi
    url = flattr_core.oauth.get().authorize(client_id, ["flattr", "thing"], redirect_uri)

The manual is in docs/ (built with `make docs`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from flattr_core._version import __version__

# A library does not decide where its log lines go: without a handler of the application's,
# records stop here instead of reaching Python's last-resort stderr handler.
logging.getLogger("flattr_core").addHandler(logging.NullHandler())

# The root is lazy (PEP 562): `import flattr_core.publish.render` or the sandbox must not pay for
# the client (requests, models) just because Python imports the package root first. Each public
# name maps to the submodule that defines it; submodules themselves load on first attribute use.
_SUBMODULES = frozenset({"api", "errors", "models", "oauth"})
_EXPORTS = {
    "FlattrApi": "api",
    "RetryPolicy": "api",
    "ApiError": "errors",
    "FlattrError": "errors",
    "InputError": "errors",
    "NotFound": "errors",
    "OAuthError": "errors",
    "RateLimitExceeded": "errors",
    "ResponseError": "errors",
    "TransportError": "errors",
    "Unauthorized": "errors",
    "AccessToken": "models",
    "Activities": "models",
    "Activity": "models",
    "Category": "models",
    "Flattr": "models",
    "FlattrResult": "models",
    "Language": "models",
    "RateLimit": "models",
    "SearchResult": "models",
    "Subscription": "models",
    "Thing": "models",
    "User": "models",
}

if TYPE_CHECKING:  # static analysers see the eager imports the lazy loader stands for
    from flattr_core import api, errors, models, oauth
    from flattr_core.api import FlattrApi, RetryPolicy
    from flattr_core.errors import (
        ApiError,
        FlattrError,
        InputError,
        NotFound,
        OAuthError,
        RateLimitExceeded,
        ResponseError,
        TransportError,
        Unauthorized,
    )
    from flattr_core.models import (
        AccessToken,
        Activities,
        Activity,
        Category,
        Flattr,
        FlattrResult,
        Language,
        RateLimit,
        SearchResult,
        Subscription,
        Thing,
        User,
    )


def __getattr__(name: str) -> Any:
    import importlib

    if name in _SUBMODULES:
        return importlib.import_module(f"flattr_core.{name}")
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'flattr_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"flattr_core.{module_name}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "AccessToken",
    "Activities",
    "Activity",
    "ApiError",
    "Category",
    "Flattr",
    "FlattrApi",
    "FlattrError",
    "FlattrResult",
    "InputError",
    "Language",
    "NotFound",
    "OAuthError",
    "RateLimit",
    "RateLimitExceeded",
    "ResponseError",
    "RetryPolicy",
    "SearchResult",
    "Subscription",
    "Thing",
    "TransportError",
    "Unauthorized",
    "User",
    "__version__",
    "api",
    "errors",
    "models",
    "oauth",
]
