"""Admin switches are bounded: a value the sandbox cannot honour is refused with a 400 naming
the switch and its bounds, and the API keeps answering afterwards."""

import json

import pytest
import requests

from flattr_sandbox import SandboxServer, limits
from tests.sandbox.sandbox_helpers import Api, assert_error

OUT_OF_BOUNDS = {
    "latency 1e30 (JSON integer)": '{"latency_ms": 1' + "0" * 30 + "}",
    "latency 1e30 (JSON float)": '{"latency_ms": 1e30}',
    "latency an hour": json.dumps({"latency_ms": 3_600_000}),
    "latency true": '{"latency_ms": true}',
    "latency Infinity": '{"latency_ms": Infinity}',
    "rate limit 10**30": '{"rate_limit": 1' + "0" * 30 + "}",
    "rate limit 0": '{"rate_limit": 0}',
    "rate limit NaN": '{"rate_limit": NaN}',
    "fail rate NaN": '{"fail_rate": NaN}',
    "fail rate -0.5": '{"fail_rate": -0.5}',
    "fail rate 1e400": '{"fail_rate": 1e400}',
    "20,000 queued faults": json.dumps({"next": ["500"] * 20000}),
    "a fault that is no string": json.dumps({"next": [["500"]]}),
}


@pytest.mark.parametrize("case", OUT_OF_BOUNDS)
def test_out_of_bounds_switches_are_refused(flattr_sandbox, case):
    path = "/_sandbox/faults" if "fault" in case else "/_sandbox/config"
    answer = requests.post(
        flattr_sandbox.url + path,
        data=OUT_OF_BOUNDS[case],
        headers={"Content-Type": "application/json", **flattr_sandbox.admin_headers},
        timeout=5,
    )
    assert answer.status_code in (400, 413)
    assert answer.json()["error"] in ("invalid_parameters", "invalid_request")
    assert Api(flattr_sandbox).get("/categories").status_code == 200


def test_form_encoded_switches_are_read_as_numbers(flattr_sandbox):
    answer = requests.patch(
        flattr_sandbox.url + "/_sandbox/config",
        data={"latency_ms": "20", "rate_limit": "50", "fail_rate": "0"},
        headers=flattr_sandbox.admin_headers,
        timeout=5,
    )
    assert answer.json()["latency_ms"] == 20 and answer.json()["rate_limit"] == 50
    bad = requests.patch(
        flattr_sandbox.url + "/_sandbox/config",
        data={"latency_ms": "1e30"},
        headers=flattr_sandbox.admin_headers,
        timeout=5,
    )
    assert_error(bad, 400, "invalid_parameters", "latency_ms")


def test_the_bounds_are_the_documented_ones():
    assert limits.MAX_LATENCY_MS == 60_000
    with pytest.raises(ValueError, match="latency_ms"):
        SandboxServer(latency_ms=limits.MAX_LATENCY_MS + 1)
    with pytest.raises(ValueError, match="rate_limit"):
        SandboxServer(rate_limit=limits.MAX_RATE_LIMIT + 1)
