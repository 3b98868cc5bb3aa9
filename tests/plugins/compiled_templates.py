"""One Jinja bytecode cache for the sites the plugin tests build in this process.

Pelican (one environment per generator) and MkDocs make a new Jinja environment for every build
and compile each theme template again: more than half of a small build's time. The builds the
tests run in-process share this cache instead. It is Jinja's own mechanism: a template is
compiled again whenever its source (or its file) differs, and the compiled code renders exactly
what a fresh compile would, so every page the tests read is what ``pelican`` or ``mkdocs build``
writes. (Every build here configures Jinja the same way, as the cache requires.)
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class _InMemory(BytecodeCache):
    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)  # ignored unless the source is the same

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _InMemory()
