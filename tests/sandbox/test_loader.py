"""The sandbox serves a load.js, so ``button: js`` pages built against it show a button."""

import requests


def test_the_sandbox_serves_a_loader_script(flattr_sandbox):
    answer = requests.get(flattr_sandbox.url + "/js/0.6/load.js?mode=auto", timeout=5)

    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/javascript")
    assert "a.FlattrButton" in answer.text
    assert "textContent" in answer.text and "innerHTML" not in answer.text
