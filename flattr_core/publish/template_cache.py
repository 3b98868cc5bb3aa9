"""Compiled Flattr templates kept between builds, in the user's cache folder.

Jinja compiles a template (lexer, parser, code generator, then Python's ``compile``) the first
time a process renders it: about 6M instructions for each of the two templates every page uses,
paid by every ``pelican`` and ``mkdocs build`` run, which is more than rendering fifty pages
costs. Jinja's own bytecode cache keeps the compiled code instead, the way ``__pycache__`` keeps
Python's: an entry is used only when the template's source is byte for byte the one it was made
from, and only by the Python and Jinja versions that wrote it (Jinja checks both), so a theme's
own ``flattr/*.html`` is cached, and recompiled after every change, like ours.

Where: ``FLATTR_CACHE_DIR/templates``, else ``$XDG_CACHE_HOME/flattr/templates``, else
``~/.cache/flattr/templates``. ``FLATTR_CACHE_DIR=off`` turns the cache off.

A cache never fails a build: a folder that cannot be made or written, or a damaged entry, means
the template is compiled as it would be without one. Cached code is run, so a folder that
another user owns or could write to is not used (the same rule as Jinja's own default folder).
"""

from __future__ import annotations

import logging
import os
import stat
from functools import cache
from typing import Final

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

ENV_CACHE_DIR: Final = "FLATTR_CACHE_DIR"
OFF: Final = "off"

log = logging.getLogger(__name__)


def cache_folder() -> str | None:
    """The folder compiled templates go to (see the module docstring); None when turned off."""
    explicit = os.environ.get(ENV_CACHE_DIR, "").strip()
    if explicit.lower() == OFF:
        return None
    if explicit:
        base = os.path.expanduser(explicit)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        # XDG: a relative XDG_CACHE_HOME is invalid and must be ignored.
        root = xdg if os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(root, "flattr")
    return os.path.join(base, "templates")


class _QuietCache(FileSystemBytecodeCache):
    """Jinja's file cache, except that nothing it meets on disk can fail a build."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception as error:  # a damaged or unreadable entry: compile as without a cache
            log.debug("compiled template %s not used: %s", bucket.key, error)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as error:  # a full disk, a folder removed meanwhile: next build compiles
            log.debug("compiled template %s not kept: %s", bucket.key, error)


def _private_folder(path: str) -> bool:
    """Whether ``path`` is (made, if need be) a folder of ours that no one else can write to."""
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.lstat(path)
    except OSError as error:
        log.debug("no template cache in %s: %s", path, error)
        return False
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    private = stat.S_ISDIR(info.st_mode) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if not (mine and private):
        log.debug("no template cache in %s: not a folder only this user can write to", path)
    return mine and private


@cache
def _cache_in(path: str) -> FileSystemBytecodeCache | None:
    return _QuietCache(path) if _private_folder(path) else None


def template_cache() -> FileSystemBytecodeCache | None:
    """The bytecode cache for Flattr's Jinja environments, or None (off, or no usable folder).

    Checked once per process and folder: a build makes one ``Renderer`` per site.
    """
    path = cache_folder()
    return None if path is None else _cache_in(path)
