"""A stand-in for the person at the browser during ``flattr login``, run through ``BROWSER``.

Python's ``webbrowser`` runs it with the authorize URL. It loads the sandbox's approval page,
keeps the account the page preselects (what a newcomer who just clicks "Approve" gets), presses
Approve and follows the redirect to the one-shot callback server of ``flattr login``.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


class ApprovalForm(HTMLParser):
    """The form's action, its hidden fields and the selected ``username`` option."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}
        self._in_select = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.action = a.get("action", "")
        elif tag == "input" and a.get("type") == "hidden":
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._in_select = a.get("name") == "username"
        elif tag == "option" and self._in_select and "selected" in a:
            self.fields["username"] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._in_select = False


def approve(authorize_url: str) -> int:
    with requests.Session() as session:
        page = session.get(authorize_url, timeout=20)
        page.raise_for_status()
        form = ApprovalForm()
        form.feed(page.text)
        answer = session.post(
            urljoin(page.url, form.action), data={**form.fields, "decision": "approve"}, timeout=20
        )
        return 0 if answer.ok else 1


if __name__ == "__main__":
    sys.exit(approve(sys.argv[1]))
