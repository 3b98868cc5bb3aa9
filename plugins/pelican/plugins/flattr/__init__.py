"""``pelican.plugins.flattr``: the Flattr plugin under Pelican's plugin namespace.

Pelican 4.5+ loads every installed ``pelican.plugins.*`` package when a site sets no
``PLUGINS``, and accepts the short name (``PLUGINS = ["flattr"]``) when it does. The plugin
itself is ``pelican_flattr`` (still importable and listable by that name); this package only
re-exports its ``register`` so both names register the same handlers, once.

Auto-loading is safe on every site of the machine: without ``FLATTR['user']``, ``FLATTR_USER``
or ``flattr_id`` the plugin does nothing (one debug line).
"""

from pelican_flattr import last_report, register

__all__ = ["last_report", "register"]
