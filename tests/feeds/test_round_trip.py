"""Round trip with our own output: the feeds our plugins write are read back and flattred.

The example Pelican blog (examples/pelican-blog) and a small MkDocs site with mkdocs-rss-plugin
are built for alice against the sandbox; bob then flattrs every entry of their feeds: one
``POST /flattr`` per entry with a payment link and nothing else, and a second run sends nothing.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import flattr_core.api
from flattr_core.feeds import FLATTRED, NO_PAYMENT_LINK, RECORDED, Ledger, flattr_entries, read_feed
from tests.cli.cli_helpers import CliRun, ok
from tests.plugins.mkdocs.mkdocs_project import new_project

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _pelican_example_builder():
    spec = importlib.util.spec_from_file_location(
        "pelican_blog_build_for_feeds", EXAMPLES / "pelican-blog" / "build.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module.build_example


def _bob_flattrs(sandbox) -> list[str]:
    with flattr_core.api.get(api_url=sandbox.api_url) as api:
        return [f.thing.url for f in api.users.get_flattrs("bob") if f.thing and f.thing.url]


def test_every_entry_of_the_example_blog_feed_is_flattred_once(flattr_sandbox, tmp_path):
    build = _pelican_example_builder()
    blog = build(
        tmp_path / "output",
        api_url=flattr_sandbox.api_url,
        token=flattr_sandbox.mint_token("alice"),
        list_things=False,
    )
    atom = blog.output_dir / "feeds" / "all.atom.xml"
    entries = read_feed(atom).entries
    payable = [e for e in entries if e.payment_url]
    assert (len(entries), len(payable)) == (5, 4)  # housekeeping says Flattr: no
    assert all(e.auto_submit.user_id == "alice" for e in payable)
    state = str(tmp_path / "flattred.json")
    flattr = CliRun(flattr_sandbox)
    bob = flattr_sandbox.mint_token("bob", scopes=["flattr"])
    before = _bob_flattrs(flattr_sandbox)

    flattr_sandbox.reset_counts()
    first = ok(flattr("feed", "flattr", str(atom), "--state", state, token=bob))
    first_requests = flattr_sandbox.request_counts()
    flattr_sandbox.reset_counts()
    second = ok(flattr("feed", "flattr", str(atom), "--state", state, token=bob))
    second_requests = flattr_sandbox.request_count()

    assert first.count("flattred      ") == len(payable)
    assert sum(first_requests.values()) == len(payable)  # N flattrs, no lookups or listings
    new = [url for url in _bob_flattrs(flattr_sandbox) if url not in before]
    assert sorted(new) == sorted(e.auto_submit.url for e in payable)  # one flattr per entry
    assert second_requests == 0 and f"{len(payable)} recorded" in second


def test_every_page_of_an_mkdocs_rss_feed_is_flattred_once(flattr_sandbox, tmp_path):
    project = new_project(tmp_path / "docs-site", web_url=flattr_sandbox.url)
    project.config["plugins"].append(
        {
            "rss": {
                "use_git": False,
                "date_from_meta": {"as_creation": "date", "as_update": "date"},
                "cache_dir": str(tmp_path / "rss-cache"),
            }
        }
    )
    project.page("index.md", "---\ndate: 2024-01-01\n---\n# Welcome home\n\nThe start page.\n")
    project.page("grüße.md", "---\ndate: 2024-02-01\n---\n# Grüße aus Köln\n\nÜber Brücken.\n")
    project.page("tools.md", "---\ndate: 2024-03-01\n---\n# Tools we use\n\nA hammer.\n")
    project.page("private.md", "---\ndate: 2024-04-01\nflattr: false\n---\n# Private\n\nNo.\n")
    project.build()
    feed = read_feed(project.site / "feed_rss_created.xml")
    token = flattr_sandbox.mint_token("bob", scopes=["flattr"])
    ledger = Ledger(tmp_path / "flattred.json")

    with flattr_core.api.get(token, api_url=flattr_sandbox.api_url) as bob:
        flattr_sandbox.reset_counts()
        first = flattr_entries(bob, feed.entries, ledger)
        first_requests = flattr_sandbox.request_count()
        flattr_sandbox.reset_counts()
        second = flattr_entries(bob, feed.entries, Ledger(ledger.path))
        second_requests = flattr_sandbox.request_count()

    statuses = {o.entry.title: o.status for o in first.outcomes}
    assert statuses == {
        "Welcome home": FLATTRED,
        "Grüße aus Köln": FLATTRED,
        "Tools we use": FLATTRED,
        "Private": NO_PAYMENT_LINK,
    }
    assert first_requests == 3 and ledger.writes == 3
    assert [o.status for o in second.outcomes].count(RECORDED) == 3 and second_requests == 0
