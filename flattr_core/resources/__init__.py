"""The API's endpoint groups, one module each, hung off :class:`flattr_core.api.FlattrApi`."""

from flattr_core.resources.authenticated import AuthenticatedApi
from flattr_core.resources.catalog import CatalogApi
from flattr_core.resources.things import LookupResult, ThingsApi
from flattr_core.resources.users import UsersApi

__all__ = ["AuthenticatedApi", "CatalogApi", "LookupResult", "ThingsApi", "UsersApi"]
