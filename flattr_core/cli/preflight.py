"""What ``flattr login`` checks before it sends anyone to a browser.

A login that opens the wrong site, or waits five minutes for an approval that can never come,
is worse than an error. So, before the browser:

* the server must answer, as a Flattr API: a refused connection fails at once (the CLI's retry
  policy does not retry it), naming the URL and asking whether ``flattr sandbox`` runs;
* an API URL given without ``/rest/v2`` (``http://127.0.0.1:8765``) is tried again with it, and
  used that way when the API answers there;
* the sandbox's demo app is only used against a sandbox: anywhere else its authorize page
  cannot exist, and on the default URL it would be the real flattr.com.

Each check is one request through the client (``GET /rate_limit``, not itself rate limited, and
the sandbox's own ``GET /_sandbox/config``, which answers without its admin secret only with a
``401`` whose ``WWW-Authenticate`` challenge is ``SandboxAdmin``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import click

from flattr_core import config, errors
from flattr_core.cli.output import note
from flattr_core.cli.state import SANDBOX_API_URL, closed_service_hint, retry_policy

if TYPE_CHECKING:
    from flattr_core.api import FlattrApi

#: The sandbox's route that no Flattr API has: answering it is what makes a server a sandbox.
SANDBOX_MARKER = "/_sandbox/config"
#: How a sandbox's admin route answers a caller without its admin secret (``WWW-Authenticate``).
SANDBOX_ADMIN_CHALLENGE = "SandboxAdmin"


def _anonymous(api_url: str) -> FlattrApi:
    """A client that sends no token: a probe must not hand one to a server not yet checked."""
    from flattr_core.api import FlattrApi  # late: `flattr --help` needs no client

    return FlattrApi(None, api_url=api_url, retry=retry_policy())


def _answers_api(api_url: str) -> None:
    """Raise the client's error unless the Flattr API at ``api_url`` answers."""
    with _anonymous(api_url) as api:
        api.rate_limit()


def reachable_api_url(api_url: str) -> str:
    """``api_url`` when its API answers, or ``api_url + /rest/v2`` when only that one does.

    Any other failure is the client's error for ``api_url`` itself (the CLI turns it into one
    line; a refused connection asks whether the sandbox runs).
    """
    try:
        _answers_api(api_url)
        return api_url
    except (errors.ApiError, errors.ResponseError) as first:
        # The server answered, but not as the API: maybe the /rest/v2 is missing.
        if urlsplit(api_url).path.rstrip("/").endswith(config.API_PATH):
            raise click.ClickException(_not_an_api(api_url, first)) from None
        fixed = api_url.rstrip("/") + config.API_PATH
        try:
            _answers_api(fixed)
        except errors.FlattrError:
            raise click.ClickException(_not_an_api(api_url, first)) from None
    note(f"The API at {api_url} lives under {config.API_PATH}: using {fixed}")
    return fixed


def _not_an_api(api_url: str, error: errors.ApiError | errors.ResponseError) -> str:
    status = getattr(error, "status", None)
    answer = f"HTTP {status}" if isinstance(error, errors.ApiError) else "not JSON"
    if api_url == config.DEFAULT_API_URL:
        return f"{api_url} answered GET /rate_limit with {answer}; {closed_service_hint()}"
    return (
        f"{api_url} answered GET /rate_limit with {answer}, not as a Flattr API; fix "
        f"--api-url / {config.ENV_API_URL} (`flattr sandbox` serves one at {SANDBOX_API_URL})"
    )


def is_sandbox(api_url: str) -> bool:
    """Whether the server behind ``api_url`` is a Flattr sandbox (it has the admin route).

    A sandbox's admin routes need its admin secret, which login does not have: the sandbox
    answers 401 with the challenge ``SandboxAdmin``, and that is enough to know it. (Sandboxes
    older than the admin secret answered the route with a JSON object.)
    """
    root = api_url.removesuffix(config.API_PATH)
    with _anonymous(api_url) as api:
        try:
            answer = api.transport.request("GET", root + SANDBOX_MARKER)
            return isinstance(answer.json(), dict)
        except errors.Unauthorized as error:
            response = error.response
            # (not `if response`: a requests.Response is falsy when its status is an error)
            challenge = response.headers.get("WWW-Authenticate", "") if response is not None else ""
            return challenge.startswith(SANDBOX_ADMIN_CHALLENGE)
        except (errors.FlattrError, ValueError):
            return False


def is_flattr_com(url: str) -> bool:
    """Whether ``url`` is on Flattr's own (closed) site."""
    host = (urlsplit(url).hostname or "").lower()
    return host == "flattr.com" or host.endswith(".flattr.com")


def demo_app_refusal(api_url: str) -> str:
    """Why the sandbox's demo app cannot log in to ``api_url``, and which --api-url to use."""
    if api_url == config.DEFAULT_API_URL or is_flattr_com(api_url):
        where = f"{api_url} is Flattr's own API, closed in 2023"
    else:
        where = f"{api_url} is not a sandbox"
    return (
        f"the demo app 'sandbox-demo' only exists on the sandbox, and {where}: run "
        f"`flattr sandbox` and use --api-url {SANDBOX_API_URL}, or pass your app's "
        "--client-id and --client-secret"
    )


def web_url_refusal(web_url: str) -> str:
    """Why a sandbox login must not open ``web_url`` (Flattr's own site) in the browser."""
    return (
        f"--web-url / {config.ENV_WEB_URL} points at {web_url}, Flattr's own site, where the "
        "demo app 'sandbox-demo' does not exist: leave it unset (the sandbox serves its pages "
        f"from the API's host) or use {SANDBOX_API_URL.removesuffix(config.API_PATH)}"
    )
