"""flattr_core: a client for the Flattr REST API v2, the shared publishing engine behind the
Pelican and MkDocs plugins, the ``flattr`` command line and a local sandbox server.

The public surface is re-exported here; see README.md for usage.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
