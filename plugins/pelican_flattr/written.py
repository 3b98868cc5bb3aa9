"""What is added to each HTML page Pelican writes, so that any theme works unchanged:

* article and page files of content in scope: the payment link (+ ``flattr:id``) into
  ``<head>`` (``head_links``) and the button around the body (``placement`` top/bottom);
* index pages (``page_name == "index"``, every page of the pagination): the site's payment link;
* any page that shows a JS or compact button: Flattr's loader, once.

Whatever the theme already printed through the helpers is not printed again.

Two ways in, same result: ``update_html`` runs on the rendered text before Pelican writes it
(``render_hook``: no extra file I/O, the normal path), and ``update_written_page`` rewrites the
file at ``content_written`` for any page that did not go through a patched template (a plugin's
own Jinja environment, a custom writer). Pages with nothing to add are not read at all.
"""

from __future__ import annotations

import logging
from typing import Any

from markupsafe import Markup

from pelican_flattr import html
from pelican_flattr.state import SiteRun, info_of

logger = logging.getLogger(__name__)


def _plan(run: SiteRun, context: dict[str, Any]) -> tuple[list[str], Any, Markup | None]:
    """(head snippets, subject content, button to place) for one written page."""
    fs = run.site.settings
    marks = run.marks_for(context.get("output_file"))
    head: list[str] = []
    subject = context.get("article") or context.get("page")
    info = info_of(subject)
    button = None
    loader = "loader" in marks
    if info is not None:
        if fs.head_links and "head" not in marks:
            head.append(str(info.head))
        if fs.placement != "manual" and f"button:{info.url}" not in marks:
            button = info.button
            loader = loader or info.uses_loader
    elif (
        subject is not None
        and id(subject) in run.meta_only
        and fs.head_links
        and "head" not in marks
        and run.meta_html
    ):
        head.append(str(run.meta_html))
    elif (
        subject is None
        and context.get("page_name") == "index"
        and fs.head_links
        and "head" not in marks
        and run.site_head_html
    ):
        head.append(str(run.site_head_html))
    if loader:
        head.append(str(run.renderer.loader()))
    return head, subject, button


def update_html(run: SiteRun, page: str, context: dict[str, Any]) -> str:
    """``page`` (the HTML of one output file) with the head links, button and loader added."""
    head, subject, button = _plan(run, context)
    if not head and button is None:
        return page
    name = context.get("output_file") or "?"
    new = page
    if button is not None:
        placed = html.insert_at_body(
            new, str(subject.content), str(button), run.site.settings.placement
        )
        if placed is None:
            run.body_misses += 1
            logger.warning(
                "pelican_flattr: %s: found neither the article body nor an <article> element to "
                "put the button %s; set FLATTR['placement'] = 'manual' and print "
                "{{ flattr_button(article) }} in the theme",
                name,
                run.site.settings.placement,
                extra={"limit_msg": "pelican_flattr: further pages without a place for a button"},
            )
        else:
            new = placed
    if head:
        # No search of the page for the snippets: what the theme printed through the helpers is
        # known from their marks, and a full-text scan per page would cost more than the rest.
        snippet = "\n".join(part for part in head if part)
        if snippet:
            with_head = html.insert_into_head(new, snippet)
            if with_head is None:
                logger.debug("pelican_flattr: %s has no </head>; head links skipped", name)
            else:
                new = with_head
    return new


def update_written_page(run: SiteRun, path: str, context: dict[str, Any]) -> None:
    """The ``content_written`` fallback: rewrite a file that was not rendered through a patched
    template (see ``render_hook``)."""
    if context.get("output_file") in run.handled:
        return
    head, _subject, button = _plan(run, context)
    if not head and button is None:
        return
    with open(path, encoding="utf-8") as fh:
        page = fh.read()
    new = update_html(run, page, context)
    if new != page:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(new)
