"""Faults that strike after the commit (`after_commit`, `drop`): the lost answer of issue 14.

A replicate whose writes are committed and whose answer is then delayed, replaced by a 5xx
or dropped is what a client must reconcile. These tests drive the ASGI app directly and
record every message it sends, so "the record was committed before the answer" and "no
body was sent" are checked as facts, not timed.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from asgi_support import asgi_exchange
from starlette.testclient import TestClient

from csbs_emulator.app import Emulator

from .conftest import MakeEmulator, assert_error, body, replicate_url

TOKEN = "emulator-demo-token"


def exchange(
    app: Emulator, method: str, path: str, payload: Any = None, token: str = TOKEN
) -> tuple[list[dict[str, Any]], list[int]]:
    """Every ASGI message the app sends for one request, and the number of replication
    records the store holds committed (-1: writes still uncommitted) at the moment the
    answer's status line was sent."""
    records_at_start: list[int] = []

    def at_start(_: Any) -> None:
        committed = not app.store.pending
        records_at_start.append(len(app.csbs.tables.list_records()) if committed else -1)

    raw = b"" if payload is None else json.dumps(payload).encode()
    sent = asyncio.run(
        asgi_exchange(
            app, method, path, raw, [(b"x-auth-token", token.encode())], at_start=at_start
        )
    )
    return sent, records_at_start


def replicate_path(demo: dict[str, Any], index: int = 0) -> str:
    return replicate_url(demo["project_id"], demo["checkpoint_item_ids"][index])


def to_east(demo: dict[str, Any]) -> dict[str, Any]:
    return body(demo["destination_region"], demo["destination_project_id"])


def set_rules(client: TestClient, *rules: dict[str, Any]) -> dict[str, Any]:
    response = client.put("/_emulator/faults", json={"rules": list(rules)})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


@pytest.fixture
def app(make_emulator: MakeEmulator) -> Emulator:
    return make_emulator(access_log=True)


def test_the_settings_take_and_echo_after_commit_and_drop(
    client: TestClient, demo: dict[str, Any]
) -> None:
    rules = [
        {"operation": "replicateBackup", "drop": True, "next_n": 2},
        {"operation": "showBackup", "after_commit": True, "status": 503, "latency_ms": 5},
    ]
    assert set_rules(client, *rules)["rules"] == rules
    assert client.get("/_emulator/faults").json()["rules"] == rules


def test_a_dropped_answer_cannot_also_have_a_status(client: TestClient) -> None:
    response = client.put(
        "/_emulator/faults",
        json={"rules": [{"operation": "replicateBackup", "drop": True, "status": 503}]},
    )
    assert_error(response, 400, "CSBS.9001")
    # drop: false with a status is a plain error rule.
    set_rules(client, {"operation": "replicateBackup", "drop": False, "status": 503})


def test_a_dropped_answer_is_committed_and_never_sent(
    app: Emulator, client: TestClient, demo: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    set_rules(client, {"operation": "replicateBackup", "drop": True, "next_n": 1})
    with caplog.at_level(logging.INFO, logger="csbs_emulator.access"):
        sent, records_at_start = exchange(app, "POST", replicate_path(demo), to_east(demo))
    # The status line and headers go out; the body never does (the server then closes).
    assert [m["type"] for m in sent] == ["http.response.start"]
    assert sent[0]["status"] == 200
    headers = dict(sent[0]["headers"])
    assert int(headers[b"content-length"]) > 0
    assert records_at_start == [1]  # committed before the answer was (not) sent
    [record] = app.csbs.tables.list_records()
    assert record.source_item_id == demo["checkpoint_item_ids"][0]
    assert any("answer dropped (fault)" in r.getMessage() for r in caplog.records)
    # The budget is spent: the next call is answered in full (a duplicate now: 1009).
    retry, _ = exchange(app, "POST", replicate_path(demo), to_east(demo))
    assert [m["type"] for m in retry] == ["http.response.start", "http.response.body"]
    assert json.loads(retry[1]["body"])["error_code"] == "BackupService.1009"
    assert client.get("/_emulator/faults").json()["rules"][0]["next_n"] == 0


def test_a_status_after_commit_replaces_the_answer_of_a_committed_call(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    set_rules(
        client, {"operation": "replicateBackup", "after_commit": True, "status": 503, "next_n": 1}
    )
    sent, records_at_start = exchange(app, "POST", replicate_path(demo), to_east(demo))
    assert sent[0]["status"] == 503
    assert json.loads(sent[1]["body"])["error_code"] == "CSBS.9998"
    assert records_at_start == [1]


def test_latency_after_commit_delays_an_answer_already_committed(
    app: Emulator,
    client: TestClient,
    demo: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_rules(
        client,
        {"operation": "replicateBackup", "after_commit": True, "latency_ms": 20, "next_n": 1},
    )
    # What the store holds while the emulator waits: the wait must come after the commit
    # (a plain latency rule waits before the handler, with nothing written yet).
    waits: list[tuple[float, bool, int]] = []
    real_sleep = asyncio.sleep

    async def watched_sleep(seconds: float) -> None:
        waits.append((seconds, app.store.pending, len(app.csbs.tables.list_records())))
        await real_sleep(seconds)

    monkeypatch.setattr(asyncio, "sleep", watched_sleep)  # the one the HTTP layer calls
    sent, records_at_start = exchange(app, "POST", replicate_path(demo), to_east(demo))
    monkeypatch.undo()
    assert waits == [(0.02, False, 1)]
    assert sent[0]["status"] == 200
    assert records_at_start == [1]


def test_an_error_answer_is_dropped_too(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    # A refusal (here a duplicate) is an answer like any other: lost all the same.
    exchange(app, "POST", replicate_path(demo), to_east(demo))
    set_rules(client, {"operation": "replicateBackup", "drop": True, "next_n": 1})
    sent, _ = exchange(app, "POST", replicate_path(demo), to_east(demo))
    assert [(m["type"], m.get("status")) for m in sent] == [("http.response.start", 400)]


def test_a_fault_before_the_call_still_changes_nothing(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    set_rules(client, {"operation": "replicateBackup", "status": 503, "next_n": 1})
    sent, records_at_start = exchange(app, "POST", replicate_path(demo), to_east(demo))
    assert sent[0]["status"] == 503
    assert records_at_start == [0]
    assert app.csbs.tables.list_records() == []


def test_an_unauthenticated_call_is_answered_and_spends_no_budget(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    set_rules(client, {"operation": "*", "drop": True, "next_n": 1})
    sent, _ = exchange(app, "POST", replicate_path(demo), to_east(demo), token="not-a-token")
    assert [(m["type"], m.get("status")) for m in sent] == [
        ("http.response.start", 401),
        ("http.response.body", None),
    ]
    assert client.get("/_emulator/faults").json()["rules"][0]["next_n"] == 1
