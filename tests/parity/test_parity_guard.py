"""Parity recording is as safe as the contract suite: same target choice, same guard.

Owns: proof that a dry run against a non-loopback URL opens no socket at all and lists every
call of every scenario with the billable ones marked; that a dry run against a recording
server on 127.0.0.1 (which a dry run does not even probe) receives nothing; that a real
recording against anything that is not a proven emulator sends no request to the replicate
path unless --allow-replicate, and only safe methods otherwise, at the rate cap; and that
the credentials come from the environment as scripts/contract reads them.
Must not import: the emulator (the recorder must not look like one).
"""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from contract_tests.recording_endpoint import Recorder
from contract_tests.target import Target, UnsafeRequestError, is_replicate_path
from tools.parity.runner import Settings, TargetRunner, api_url
from tools.parity.scenario import load_all

from .conftest import Parity, Serve

REAL_URL = "https://csbs.cn-north-1.myhuaweicloud.com"


@pytest.fixture
def recorder(serve: Serve) -> tuple[str, Recorder]:
    app = Recorder()
    return serve(app), app


def test_dry_run_against_a_real_url_opens_no_socket_and_lists_every_call(
    parity: Parity, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a dry run opened a socket")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setenv("CSBS_TOKEN", "a-real-token-that-must-not-be-used")
    monkeypatch.setenv("CSBS_PROJECT_ID", "0123456789abcdef0123456789abcdef")
    code, out = parity("record", "--base-url", REAL_URL, "--dry-run")
    assert code == 0, out
    assert "NOT an emulator" in out
    assert "DRY RUN" in out
    recordable = [s for s in load_all() if s.recorded_from == "target"]
    # The plan lists each scenario's calls under its own heading.
    sections = {
        part.split(" ", 1)[0]: part for part in out.split("\nscenario ")[1:] if part.strip()
    }
    for scenario in recordable:
        lines = sections[scenario.name].splitlines()
        for step in scenario.steps:
            line = next(
                (ln for ln in lines if f". {step.id} " in ln or ln.endswith(f". {step.id}")), None
            )
            assert line is not None, f"{scenario.name}/{step.id} is not listed"
            assert ("BILLABLE" in line) == step.billable, line
            if step.billable:
                assert "-> excluded:" in line, line
                assert "--allow-replicate" in line, line
            else:
                assert "-> would send" in line, line
    calls = sum(len(s.steps) for s in recordable)
    billable_count = sum(1 for s in recordable for step in s.steps if step.billable)
    assert f"{calls} calls in {len(recordable)} scenarios; {billable_count} billable" in out
    assert {s.api for s in recordable} == {"csbs", "cbr"}
    assert "repeated every 30 s until" in out


def test_dry_run_against_a_loopback_server_sends_it_nothing(
    parity: Parity, recorder: tuple[str, Recorder], tmp_path: Path
) -> None:
    url, app = recorder
    code, out = parity("record", "--base-url", url, "--dry-run", "--out", str(tmp_path))
    assert code == 0, out
    assert app.seen == []
    assert list(tmp_path.iterdir()) == []
    assert "BILLABLE" in out


def test_a_recording_against_a_non_emulator_sends_no_replicate_request(
    parity: Parity,
    recorder: tuple[str, Recorder],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, app = recorder
    monkeypatch.setenv("CSBS_TOKEN", "parity-test-token-value")
    monkeypatch.setenv("CSBS_PROJECT_ID", "0123456789abcdef0123456789abcdef")
    code, out = parity("record", "--base-url", url, "--rate-limit", "200/s", "--out", str(tmp_path))
    assert code == 0, out
    sent = [(m, p) for _, m, p, _ in app.seen if p != "/_emulator/demo"]
    assert sent, out
    assert [p for _, p in sent if is_replicate_path(p)] == []
    assert {m for m, _ in sent} == {"GET"}
    # One probe of the URL (it is loopback), answered 404: not an emulator, so no set-up.
    assert sum(1 for _, _, p, _ in app.seen if p == "/_emulator/demo") == 1
    assert not any(p.startswith("/_emulator/") and p != "/_emulator/demo" for _, p in sent)
    # Credentials from the environment, as scripts/contract reads them.
    tokens = {h.get("x-auth-token") for _, _, p, h in app.seen if p != "/_emulator/demo"}
    assert "parity-test-token-value" in tokens
    assert "not sent: POST to the replicate path" in out
    snapshot = json.loads((tmp_path / "replicate.json").read_text("utf-8"))
    assert snapshot["taken"]["target"] == "real service"
    skipped = {c["id"]: c.get("skipped", "") for c in snapshot["calls"]}
    assert "--allow-replicate" in skipped["replicate"]
    for path in tmp_path.glob("*.json"):
        assert "parity-test-token-value" not in path.read_text("utf-8")


def test_allow_replicate_opens_the_billable_steps(
    parity: Parity,
    recorder: tuple[str, Recorder],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The other side of the opt-in: proves the exclusion above is not vacuous.
    url, app = recorder
    monkeypatch.setenv("CSBS_TOKEN", "parity-test-token-value")
    monkeypatch.setenv("CSBS_PROJECT_ID", "0123456789abcdef0123456789abcdef")
    code, out = parity(
        "record",
        "--base-url",
        url,
        "--rate-limit",
        "200/s",
        "--allow-replicate",
        "--scenario",
        "replicate-refusals",
        "--var",
        "source_id=0badc0de-0000-4000-8000-0000000000bb",
        "--out",
        str(tmp_path),
    )
    assert code == 0, out
    posts = [p for _, m, p, _ in app.seen if m == "POST"]
    assert posts
    assert all(is_replicate_path(p) for p in posts), posts


def test_the_rate_cap_holds_on_the_wire(
    parity: Parity,
    recorder: tuple[str, Recorder],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, app = recorder
    monkeypatch.setenv("CSBS_PROJECT_ID", "0123456789abcdef0123456789abcdef")
    cap = 40.0
    code, out = parity(
        "record",
        "--base-url",
        url,
        "--rate-limit",
        f"{cap:g}/s",
        "--scenario",
        "refusals",
        "--out",
        str(tmp_path),
    )
    assert code == 0, out
    stamps = sorted(t for t, _, p, _ in app.seen if p != "/_emulator/demo")
    assert len(stamps) >= 10, len(stamps)
    busiest = max(sum(1 for t in stamps if start <= t < start + 1.0) for start in stamps)
    assert busiest <= cap
    assert (len(stamps) - 1) / (stamps[-1] - stamps[0]) <= cap


def test_a_cbr_scenario_goes_to_cbrs_own_regional_host_under_the_same_cap() -> None:
    assert api_url(REAL_URL, "cbr") == "https://cbr.cn-north-1.myhuaweicloud.com"
    assert api_url("https://cbr.cn-north-1.myhuaweicloud.com:443", "csbs") == (
        "https://csbs.cn-north-1.myhuaweicloud.com:443"
    )
    assert api_url("http://127.0.0.1:8080", "cbr") == "http://127.0.0.1:8080"  # one emulator
    assert api_url(None, "cbr") is None  # the in-process emulator
    target = Target(base_url=REAL_URL, is_emulator=False, rate_limit=2.0)
    runner = TargetRunner(target, Settings())
    try:
        csbs = runner.client()
        runner.api = "cbr"
        cbr = runner.client()
        assert str(csbs.base_url).rstrip("/") == REAL_URL
        assert str(cbr.base_url).rstrip("/") == "https://cbr.cn-north-1.myhuaweicloud.com"
        # The same guard: a replicate request is refused on either host, nothing is sent.
        with pytest.raises(UnsafeRequestError):
            cbr.post("/v3/p/backups/b/replicate", json={})
    finally:
        runner.close()
