"""A test-only plugin that behaves like i18n_subsites: from the main instance's ``finalized`` it
builds a second site (another OUTPUT_PATH and SITEURL) with a new Pelican instance, in the same
process, while the main build is still running."""

from __future__ import annotations

from pelican import Pelican, signals
from pelican.settings import read_settings

_building = False


def build_subsite(pelican):
    global _building
    if _building:
        return
    _building = True
    try:
        settings = dict(pelican.settings)
        settings["OUTPUT_PATH"] = pelican.settings["OUTPUT_PATH"] + "-de"
        settings["SITEURL"] = pelican.settings["SITEURL"] + "/de"
        settings["PLUGINS"] = ["pelican_flattr"]
        Pelican(read_settings(override=settings)).run()
    finally:
        _building = False


def register():
    signals.finalized.connect(build_subsite)
