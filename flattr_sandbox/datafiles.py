"""The sandbox's data files: ``flattr_sandbox/data/*.json``, read from the installed package.

What the sandbox validates against and starts with (Flattr's lists, the seed accounts, apps and
things) is facts, not logic, so it is kept as JSON beside the code and shipped in the wheel as
package data. The modules that own each file (``catalog``, ``seed``) give it its Python types.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any


def load(name: str) -> Any:
    """The parsed JSON of ``data/<name>`` (objects keep the order they are written in)."""
    return json.loads((files("flattr_sandbox") / "data" / name).read_text(encoding="utf-8"))
