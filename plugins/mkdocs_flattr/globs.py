"""Which pages are in scope: ``include`` / ``exclude`` globs on source paths.

Paths are ``src_uri`` values, relative to ``docs_dir`` with ``/`` separators, e.g.
``blog/2024/hello.md``. ``*`` and ``?`` stay inside one folder, ``**`` spans folders (``blog/**``
is everything under ``blog/``), and a pattern ending in ``/`` means everything under that
folder. ``fnmatch`` is not used because its ``*`` crosses ``/``, which makes ``*.md`` exclude
every page of the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """Compile one glob to a regex matching a whole source path."""
    if pattern.endswith("/"):
        pattern += "**"
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")  # zero or more folders
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(ch))
                i += 1
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end + 1
        else:
            out.append(re.escape(ch))
            i += 1
    return re.compile("".join(out) + r"\Z")


class Scope:
    """Compiled include/exclude lists. An empty include list means every page.

    A plain class, not a dataclass: it is made once per build, and on Python 3.11 creating a
    dataclass (compiling its generated methods) costs every build about a millisecond.
    """

    __slots__ = ("exclude", "include")

    def __init__(
        self, include: tuple[re.Pattern[str], ...], exclude: tuple[re.Pattern[str], ...]
    ) -> None:
        self.include = include
        self.exclude = exclude

    def __repr__(self) -> str:
        patterns = [p.pattern for p in self.include], [p.pattern for p in self.exclude]
        return f"Scope(include={patterns[0]!r}, exclude={patterns[1]!r})"

    @classmethod
    def compile(cls, include: Iterable[str], exclude: Iterable[str]) -> Scope:
        return cls(
            tuple(glob_to_regex(p) for p in include), tuple(glob_to_regex(p) for p in exclude)
        )

    def __contains__(self, src_uri: object) -> bool:
        if not isinstance(src_uri, str):
            return False
        if self.include and not any(p.match(src_uri) for p in self.include):
            return False
        return not any(p.match(src_uri) for p in self.exclude)
