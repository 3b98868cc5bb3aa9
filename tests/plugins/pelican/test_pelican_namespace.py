"""The plugin under Pelican's namespace: ``pelican.plugins.flattr`` registers the same handlers
as ``pelican_flattr``, so a site may name either (or both) and gets one button per article.

Loading by the short name ``flattr`` and with no ``PLUGINS`` at all needs the plugin installed
from a wheel (an editable install is not visible to Pelican's namespace scan): the installed
wheel's quickstart test covers those (tests/docs/test_wheel_quickstart.py).
"""

from __future__ import annotations

import pelican.plugins.flattr
import pelican_flattr


def test_the_namespace_package_re_exports_the_plugins_register():
    assert pelican.plugins.flattr.register is pelican_flattr.register


def test_a_site_naming_the_namespace_plugin_gets_buttons_and_links(build_site):
    built = build_site({"user": "alice"}, PLUGINS=["pelican.plugins.flattr"])

    page = built.page("grusse.html")
    assert len(page.buttons) == 1 and len(page.payment_links) == 1


def test_naming_both_plugins_still_adds_one_button(build_site):
    built = build_site({"user": "alice"}, PLUGINS=["pelican_flattr", "pelican.plugins.flattr"])

    page = built.page("grusse.html")
    assert len(page.buttons) == 1 and len(page.payment_links) == 1
