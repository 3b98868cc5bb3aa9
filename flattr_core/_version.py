"""The distribution's version, in one place: pyproject.toml reads it from here, and so do the
package root, the ``User-Agent`` header and ``flattr --version``."""

__version__ = "0.1.0"
