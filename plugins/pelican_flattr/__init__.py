"""pelican_flattr: Flattr buttons, payment links and synced things for Pelican sites.

Two lines in ``pelicanconf.py`` turn it on::

    PLUGINS = ["pelican_flattr"]
    FLATTR = {"user": "yourname"}

The plugin is a thin adapter: ``flattr_core.publish`` does the normalising, rendering and sync;
this package turns Pelican's articles and pages into entries and puts the results in place
(see ``plugin.py`` for the signals it uses).
"""

# Pelican's logging module makes every logger created after it a FatalLogger, which is what makes
# `pelican --fatal warnings` count our warnings; import it before our modules create theirs.
try:
    import pelican.log  # noqa: F401  (isort: skip)
except ImportError as exc:
    if exc.name not in ("pelican", "pelican.log"):
        raise  # Pelican is there but broken: its own error says more than ours would
    raise ImportError(
        "pelican_flattr needs Pelican 4.12 or later (on Python 3.11 or later), and Pelican is "
        "not installed here: pip install 'flattr-suite[pelican]'",
        name=exc.name,
    ) from None

from pelican_flattr.plugin import last_report, register

__all__ = ["last_report", "register"]
