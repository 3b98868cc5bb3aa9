"""flattr_core: a client for the Flattr REST API v2, the shared publishing engine behind the
Pelican and MkDocs plugins, the ``flattr`` command line and a local sandbox server.

The client's public surface is re-exported here::

    import flattr_core
    api = flattr_core.api.get(token)           # flattr_core.FlattrApi
    url = flattr_core.oauth.get().authorize(client_id, ["flattr", "thing"], redirect_uri)

See README.md for usage.
"""

from __future__ import annotations

__version__ = "0.1.0"

# Submodules users reach as attributes (flattr_core.api.get, flattr_core.oauth.get, ...).
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
