"""Proof that the contract suites are safe against a service that is not the emulator.

Owns: the guard's unit tests (which requests `Target.guard` refuses, the rate limiter, what
counts as an emulator) and the wire tests: a recording HTTP server on 127.0.0.1 that answers
every request with 404 in the service's error shape stands in for a real endpoint, the whole
contract job (`python -m tools.contract`) runs against it in a subprocess, and the test reads
what reached the wire.
Must not import: the emulator (the recorder must not look like one).
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests

from contract_tests.recording_endpoint import Recorder, serve_on_loopback
from contract_tests.target import (
    DEFAULT_REAL_RATE,
    RateLimiter,
    Target,
    UnsafeRequestError,
    guard_requests,
    is_replicate_path,
    parse_rate,
    probe_emulator,
    select_target,
)

ROOT = Path(__file__).resolve().parents[1]
REPLICATE = (
    "/v1/e2a214e8bbe946759d52490575ffc53d/providers/fc4d5750-22e7-4798-8a46-f48f62c4c1da"
    "/checkpoint_items/0c2cf268-bc96-435d-92c9-2b285eb3f861/replicate"
)
READ = "/v1/e2a214e8bbe946759d52490575ffc53d/checkpoint_items"


def real_target(**overrides: Any) -> Target:
    options: dict[str, Any] = {"base_url": "https://csbs.example.invalid", "is_emulator": False}
    options.update(overrides)
    return Target(**options)


# --- the guard itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        REPLICATE,
        REPLICATE + "/",
        REPLICATE + "?x=1",
        REPLICATE.upper(),
        REPLICATE[: -len("replicate")] + "%72eplicate",
        "/anything/replicate",
    ],
)
@pytest.mark.parametrize("method", ["POST", "GET", "PUT", "DELETE", "OPTIONS", "HEAD"])
def test_replicate_path_is_refused_for_any_method(path: str, method: str) -> None:
    target = real_target()
    assert is_replicate_path(path)
    with pytest.raises(UnsafeRequestError, match="replicate"):
        target.guard(method, path)
    assert target.sent == 0


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_unsafe_methods_are_refused_on_read_paths(method: str) -> None:
    with pytest.raises(UnsafeRequestError, match="only safe methods"):
        real_target().guard(method, READ + "/0c2cf268-bc96-435d-92c9-2b285eb3f861")


def test_reads_pass_the_guard_and_are_counted() -> None:
    target = real_target()
    for method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        target.guard(method, READ)
    assert target.sent == 4
    assert not is_replicate_path(READ)
    assert not is_replicate_path("/v1/p/replicate_records")


def test_allow_replicate_opens_only_post_and_safe_methods_on_the_replicate_path() -> None:
    target = real_target(allow_replicate=True)
    target.guard("POST", REPLICATE)
    target.guard("GET", REPLICATE)
    with pytest.raises(UnsafeRequestError):
        target.guard("DELETE", REPLICATE)


def test_dry_run_refuses_everything_even_on_an_emulator() -> None:
    target = Target(base_url=None, is_emulator=True, dry_run=True)
    assert not target.may_replicate
    for method, path in (("GET", READ), ("POST", REPLICATE)):
        with pytest.raises(UnsafeRequestError, match="dry run"):
            target.guard(method, path)


def test_an_emulator_target_may_send_anything() -> None:
    target = Target(base_url="http://127.0.0.1:1", is_emulator=True)
    target.guard("POST", REPLICATE)
    target.guard("DELETE", READ)
    assert target.may_replicate


def test_guard_requests_stops_a_requests_call_before_the_network() -> None:
    # Port 9 of 127.0.0.1 is closed; reaching the network would raise ConnectionError instead.
    target = real_target()
    with guard_requests(target), pytest.raises(UnsafeRequestError):
        requests.post("http://127.0.0.1:9" + REPLICATE, json={}, timeout=1)
    with pytest.raises(requests.ConnectionError):
        requests.post("http://127.0.0.1:9" + REPLICATE, json={}, timeout=1)


def test_the_in_process_client_is_guarded_too() -> None:
    target = real_target(base_url="http://127.0.0.1:9")
    with target.client() as client, pytest.raises(UnsafeRequestError):
        client.post(REPLICATE, json={})


def test_parse_rate() -> None:
    assert parse_rate("10/s") == 10
    assert parse_rate("300/m") == 5
    assert parse_rate("7") == 7
    assert parse_rate("0") is None
    assert parse_rate(None) is None
    with pytest.raises(ValueError, match="rate limit"):
        parse_rate("fast")


def test_rate_limiter_spaces_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(time, "sleep", sleep)
    limiter = RateLimiter(4.0, clock=lambda: now[0])
    stamps = []
    for _ in range(9):
        limiter.acquire()
        stamps.append(now[0])
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert all(gap >= 0.25 - 1e-9 for gap in gaps), gaps
    assert RateLimiter(None).rate is None


def test_targets_are_real_services_unless_proven_emulators(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a non-loopback host must never be probed")

    monkeypatch.setattr(httpx, "get", no_network)
    assert probe_emulator("https://csbs.cn-north-1.myhuaweicloud.com") is None
    target = select_target("https://csbs.cn-north-1.myhuaweicloud.com", environ={})
    assert not target.is_emulator
    assert not target.may_replicate
    assert target.rate_limit == DEFAULT_REAL_RATE
    assert target.auth is None
    assert select_target(None, environ={}).is_emulator


def test_credentials_come_from_the_environment() -> None:
    target = select_target("https://csbs.example.invalid", environ={"CSBS_TOKEN": "t0k"})
    assert target.auth == {"X-Auth-Token": "t0k"}
    signed = select_target(
        "https://csbs.example.invalid",
        environ={"HUAWEICLOUD_SDK_AK": "AK", "HUAWEICLOUD_SDK_SK": "SK"},
    )
    assert isinstance(signed.auth, httpx.Auth)


# --- wire tests against a recording server ------------------------------------------------


@pytest.fixture
def recorder() -> Iterator[tuple[str, Recorder]]:
    app = Recorder()
    with serve_on_loopback(app) as url:
        yield url, app


def run_contract(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The contract job in a subprocess, with its reports kept out of reports/."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CSBS_", "HUAWEICLOUD_SDK"))}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.contract",
            *args,
            "--reports-dir",
            str(tmp_path),
            "--label",
            "guard",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow(35)
def test_default_run_sends_no_replicate_request(
    recorder: tuple[str, Recorder], tmp_path: Path
) -> None:
    url, app = recorder
    # Default options except a higher rate cap, so the run takes seconds, not minutes.
    result = run_contract(
        "--base-url", url, "--max-examples", "3", "--rate-limit", "200/s", tmp_path=tmp_path
    )
    output = result.stdout + result.stderr
    assert app.seen, output[-3000:]
    methods = {method for _, method, _, _ in app.seen}
    replicate = [(m, p) for _, m, p, _ in app.seen if is_replicate_path(p)]
    assert replicate == [], replicate
    assert methods <= {"GET", "HEAD", "OPTIONS", "TRACE"}, methods
    # The run was real: every read operation was fuzzed, and the probe asked only once per
    # API's process (each chooses its target).
    assert sum(1 for _, _, p, _ in app.seen if p == "/_emulator/demo") == 2
    assert any("/replication_capabilities" in p for _, _, p, _ in app.seen)
    assert any("/checkpoint_items/" in p for _, _, p, _ in app.seen)
    assert "replicateBackup: EXCLUDED" in output
    # CBR too: every read fuzzed, copyBackup left out.
    assert any(p.endswith("/replication-capabilities") for _, _, p, _ in app.seen)
    assert any("/v3/" in p and "/vaults" in p for _, _, p, _ in app.seen)
    assert "cbr.copyBackup: EXCLUDED" in output
    # Left out when cases are generated, not merely stopped by the guard at the last moment.
    assert "UnsafeRequestError" not in output
    assert "replicate] SUB" not in output
    # A 404-only "service" breaks the contract; the job must say so.
    assert result.returncode != 0


def test_allow_replicate_does_send_replicate_calls(
    recorder: tuple[str, Recorder], tmp_path: Path
) -> None:
    # The other side of the opt-in: proves the exclusion above is not vacuous.
    url, app = recorder
    result = run_contract(
        "--base-url",
        url,
        "--allow-replicate",
        "--operation",
        "replicateBackup",
        "--max-examples",
        "2",
        "--rate-limit",
        "200/s",
        "--no-stateful",
        tmp_path=tmp_path,
    )
    sent = {(m, is_replicate_path(p)) for _, m, p, _ in app.seen if p != "/_emulator/demo"}
    assert ("POST", True) in sent, result.stdout[-3000:]
    assert {m for m, _ in sent} <= {"POST", "GET", "HEAD", "OPTIONS", "TRACE"}, sent


@pytest.mark.slow(15)
def test_dry_run_sends_nothing(recorder: tuple[str, Recorder], tmp_path: Path) -> None:
    url, app = recorder
    result = run_contract("--base-url", url, "--dry-run", "--max-examples", "2", tmp_path=tmp_path)
    output = result.stdout + result.stderr
    assert app.seen == [], app.seen
    assert result.returncode == 0, output[-3000:]
    assert "would send [listBackups" in output
    assert "would send [replicateBackup" not in output
    assert "excluded  POST /v1/{project_id}/providers" in output
    assert "would send [cbr.listVault" in output
    assert "would send [cbr.copyBackup" not in output
    assert "excluded  POST /v3/{project_id}/backups/{backup_id}/replicate" in output
    assert "not an emulator" in output


def test_rate_cap_holds_on_the_wire(recorder: tuple[str, Recorder], tmp_path: Path) -> None:
    url, app = recorder
    cap = 20.0
    run_contract(
        "--base-url",
        url,
        "--rate-limit",
        f"{cap:g}/s",
        "--operation",
        "showReplicationCapabilities",
        "--max-examples",
        "5",
        "--no-stateful",
        tmp_path=tmp_path,
    )
    stamps = sorted(t for t, _, p, _ in app.seen if p != "/_emulator/demo")
    assert len(stamps) >= 20, len(stamps)
    observed = (len(stamps) - 1) / (stamps[-1] - stamps[0])
    assert observed <= cap, observed
    # No burst either: never more than `cap` requests in any one-second window.
    busiest = max(sum(1 for t in stamps if start <= t < start + 1.0) for start in stamps)
    assert busiest <= cap, busiest


def test_default_rate_cap_against_a_real_service(
    recorder: tuple[str, Recorder], tmp_path: Path
) -> None:
    url, app = recorder
    run_contract(
        "--base-url",
        url,
        "--operation",
        "showReplicationCapabilities",
        "--max-examples",
        "1",
        "--no-stateful",
        tmp_path=tmp_path,
    )
    stamps = sorted(t for t, _, p, _ in app.seen if p != "/_emulator/demo")
    assert len(stamps) >= 10, len(stamps)
    observed = (len(stamps) - 1) / (stamps[-1] - stamps[0])
    assert observed <= DEFAULT_REAL_RATE, observed
