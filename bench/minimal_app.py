"""The baseline for the sandbox's throughput: the least a Flask app can do per request.

One GET route answering a fixed JSON body (the bench passes the sandbox's own thing body, so
both send the same bytes) and one POST route that decodes a JSON body and answers 201 with a
``Location``, as a create does. It is served exactly as the sandbox is: werkzeug's threaded
server with the sandbox's keep-alive handler. Run by ``sandbox_throughput.py`` in its own
process:

    python bench/minimal_app.py BODY_FILE [--cpu N]

It prints ``listening on http://127.0.0.1:PORT`` and serves until killed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.serving import make_server

from flattr_sandbox.httpserver import KeepAliveHandler

JSON_TYPE = "application/json;charset=utf-8"


def create_app(thing_body: bytes) -> Flask:
    app = Flask(__name__)
    numbers = itertools.count(1)

    @app.get("/rest/v2/things/<int:thing_id>")
    def thing(thing_id: int) -> Response:
        return Response(thing_body, content_type=JSON_TYPE)

    @app.post("/rest/v2/things")
    def create() -> Response:
        fields = request.get_json()
        new_id = next(numbers)
        resource = f"{request.host_url}rest/v2/things/{new_id}"
        body = json.dumps({"id": new_id, "link": resource, "url": fields["url"]})
        return Response(body, 201, {"Location": resource}, content_type=JSON_TYPE)

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("body_file", type=Path, help="the JSON body the GET route answers")
    parser.add_argument("--cpu", type=int, help="run on this CPU only")
    options = parser.parse_args()
    if options.cpu is not None:
        os.sched_setaffinity(0, {options.cpu})  # before any thread starts: all inherit it
    app = create_app(options.body_file.read_bytes())
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=KeepAliveHandler)
    server.daemon_threads = True  # type: ignore[attr-defined]  # as SandboxServer does
    print(f"listening on http://127.0.0.1:{server.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
