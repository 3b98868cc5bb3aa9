"""``/js/0.6/load.js``: the sandbox's stand-in for Flattr's button loader.

Flattr's load.js (served from api.flattr.com) replaced every hidden ``a.FlattrButton``
placeholder on a page with a button. Sites built with ``button: js`` against a sandbox load this
one instead (the engine points the script tag at the server its payment links use), so a JS
button can be seen and clicked locally: each placeholder becomes a visible link to the same
auto-submit page. It builds elements with ``textContent`` and copies only http(s) links, so
nothing a page's metadata holds is ever run as markup or script.
"""

from __future__ import annotations

from flask import Blueprint, Response

bp = Blueprint("loader", __name__)

LOAD_JS = """\
/* Flattr sandbox load.js: placeholders (a.FlattrButton) become visible buttons. */
(function () {
  "use strict";
  var STYLE = "display:inline-block;padding:0 10px;border-radius:3px;background:#ed8a19;" +
    "color:#fff;font:bold 12px/22px sans-serif;text-decoration:none;white-space:nowrap";

  function render(anchor) {
    if (!/^https?:/i.test(anchor.href)) { return; }
    var button = document.createElement("a");
    button.className = "flattr-sandbox-button";
    button.href = anchor.href;
    button.title = anchor.title;
    button.style.cssText = STYLE;
    button.textContent =
      anchor.getAttribute("data-flattr-button") === "compact" ? "Flattr" : "Flattr this!";
    anchor.parentNode.replaceChild(button, anchor);
  }

  function setup() {
    var found = document.querySelectorAll("a.FlattrButton");
    for (var i = 0; i < found.length; i++) { render(found[i]); }
  }

  window.FlattrLoader = { setup: setup };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
"""


@bp.get("/js/0.6/load.js")
def load_js() -> Response:
    """The loader script (the ``mode=auto`` query Flattr's tag carried is accepted and unused)."""
    response = Response(LOAD_JS, content_type="application/javascript; charset=utf-8")
    response.headers["Cache-Control"] = "no-cache"
    return response
