"""A test-only plugin that does what i18n_subsites (pelican-i18n-subsites 1.0) does to feeds, so
the Pelican tests need no extra dependency (an installed i18n_subsites would load itself into
every Pelican site without a PLUGINS setting):

* each language is its own site: the main one (``DEFAULT_LANG``) and a sub-instance for ``de``,
  built from the main instance's ``get_writer`` with ``SITEURL`` + ``/de`` and its own output;
* each instance drops the other languages' content from its lists before taxonomies;
* after the last sub-instance has read its content (its ``get_writer``), every translation that
  lives in the other site gets ``override_url`` pointing there ("de/hello.html" from the main
  site, "../hello.html" from ``de``), so ``FEED_ALL_*`` feeds list it under that URL.

Checked against the real plugin by hand: the same feed links come out.
"""

from __future__ import annotations

import posixpath

from pelican import Pelican, signals
from pelican.settings import read_settings

LANGS = ("en", "de")
_generators: list = []
_native_url: dict[str, str] = {}
_building = False


def _drop_other_languages(generator):
    lang = generator.settings["DEFAULT_LANG"]
    _generators.append(generator)
    generator.translations = [t for t in generator.translations if t.lang not in LANGS]
    for article in generator.articles:
        _native_url[article.source_path] = article.url
    generator.articles = [a for a in generator.articles if a.lang == lang]


def _interlink(pelican):
    if pelican.settings["DEFAULT_LANG"] != "de":
        return
    for generator in _generators:
        lang = generator.settings["DEFAULT_LANG"]
        for article in generator.articles:
            for translation in article.translations:
                relpath = "de" if lang == "en" else ".."
                translation.override_url = posixpath.join(
                    relpath, _native_url[translation.source_path]
                )


def _build_subsite(pelican):
    global _building
    _interlink(pelican)
    if _building or pelican.settings["DEFAULT_LANG"] != "en":
        return
    _building = True
    try:
        settings = dict(pelican.settings)
        settings["DEFAULT_LANG"] = "de"
        settings["OUTPUT_PATH"] = posixpath.join(pelican.settings["OUTPUT_PATH"], "de")
        settings["SITEURL"] = pelican.settings["SITEURL"] + "/de"
        settings["PLUGINS"] = [__name__, "pelican_flattr"]
        Pelican(read_settings(override=settings)).run()
    finally:
        _building = False
        _generators.clear()
        _native_url.clear()


def register():
    signals.article_generator_pretaxonomy.connect(_drop_other_languages)
    signals.get_writer.connect(_build_subsite)
