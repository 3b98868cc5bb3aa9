"""Deprecated alias of :mod:`flattr_sandbox`, kept for one release.

The sandbox server moved to its own top-level package, ``flattr_sandbox`` (installed with the
``[sandbox]`` extra), so the client package ships no Flask code. Importing this module warns and
hands out the same objects::

    from flattr_sandbox import SandboxServer      # new
    from flattr_core.sandbox import SandboxServer  # still works, with a DeprecationWarning
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

warnings.warn(
    "flattr_core.sandbox is deprecated and will be removed in the next release: "
    "import flattr_sandbox instead (pip install 'flattr-suite[sandbox]')",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = ["PortUnavailable", "SandboxServer", "create_app", "run"]


def __getattr__(name: str) -> Any:
    # Resolved on use, like flattr_sandbox's own root: importing the alias loads no Flask.
    return getattr(importlib.import_module("flattr_sandbox"), name)
