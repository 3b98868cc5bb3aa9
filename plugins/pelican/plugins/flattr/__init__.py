"""``pelican.plugins.flattr``: the Pelican plugin under Pelican's namespace.

Installed, this package sits in ``pelican/plugins/`` where Pelican looks for namespace plugins,
so a site with no ``PLUGINS`` setting loads it, and ``PLUGINS = ["flattr"]`` names it. The plugin
itself is ``pelican_flattr``; this re-exports its ``register`` (so both names work and connect the
same handlers once). It stays inert on sites with no ``FLATTR`` setting.
"""

from pelican_flattr import last_report, register

__all__ = ["last_report", "register"]
