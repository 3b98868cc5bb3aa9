"""Where the tests find their recorded data: ``tests/fixtures/`` in this repository, nothing else.

Every file named here is checked in, so a missing one is a broken checkout and fails the test
(``FileNotFoundError``) instead of skipping it.
"""

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WIRE_SAMPLES = FIXTURES / "wire-samples"


def load(relative: str) -> Any:
    """A JSON fixture, by its path under ``tests/fixtures/``."""
    return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))


def wire_sample(name: str) -> Any:
    """A wire sample, by its path under ``wire-samples/`` (``"recorded/things.json"``)."""
    return json.loads((WIRE_SAMPLES / name).read_text(encoding="utf-8"))
