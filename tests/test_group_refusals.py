"""Refusals never sink the calls handled with them (issue 19).

Calls of one event-loop turn share one transaction (group commit), and a lean unit that
joins it is not a savepoint (`Store.transaction`): if such a unit failed after writing, every
call of the turn would answer 500. So no refusal of either API may write before it refuses.
Here 32 calls at once mix CSBS replicateBackup and CBR copyBackup duplicates, every other
refusal of both (with CBR's vault room, BackupService.6114), successes, reads, refused
control-plane writes (a fixtures file naming a backup twice among them) and injected faults.
Each call must get exactly its own answer — no 500 — and exactly the accepted copies must
be committed. In-process every call is handled in one turn (asyncio.gather into the ASGI
app); served, the 32 arrive together on 32 connections.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from asgi_support import asgi_exchange

from csbs_emulator.app import Emulator
from csbs_emulator.config import EmulatorConfig, Lifecycle
from csbs_emulator.csbs.model import PROVIDER_ID
from csbs_emulator.faults import FaultRule
from csbs_emulator.model import fixtures_from_json
from csbs_emulator.testing import LiveEmulator

TOKEN = "emulator-demo-token"
PROJECT = "e2a214e8bbe946759d52490575ffc53d"  # the demo's source project, cn-north-1
DESTINATION = "03aa3897fcf446b6986c39e8c7bb69f6"  # its destination project, cn-east-2
UNKNOWN = "00000000-0000-4000-8000-000000000000"
# Demo CBR names (csbs_emulator/data/demo-fixtures.json).
SOURCE_VAULT = "27d8545a-47bc-5993-b548-3304a9277f43"
DESTINATION_VAULT = "fac3daed-74b1-5bf7-9016-2d193ee44fe7"
SMALL_VAULT = "b1ab86a3-5320-5e28-9ceb-0462bdd579c5"  # made 80 GB here: two 40 GB copies
FROZEN_VAULT = "0d33264d-ce75-5b97-b746-6f486ede9dc5"
DISK_VAULT = "56eb9dfd-285f-5cd4-a374-e0d3ceedb888"
REPLICA = "47d9aaa8-978f-56c7-a376-006d90a657e3"
VOLUME = "9c01b786-9d94-547b-976d-e4f90c7b4270"
PROTECTING = "6d9f4520-ec96-5e30-8a48-3a96a0169135"

OK = (200, "")
CALLS = 32


@dataclass(frozen=True)
class Call:
    kind: str  # calls of one kind are compared together (a duplicate's winner is any one)
    method: str
    path: str
    body: Any = None


def _fixtures() -> dict[str, Any]:
    text = resources.files("csbs_emulator").joinpath("data", "demo-fixtures.json").read_text()
    data: dict[str, Any] = json.loads(text)
    for vault in data["cbr"]["vaults"]:
        if vault["id"] == SMALL_VAULT:
            vault["size"] = 80
    return data


def _replicate(item: str, region: str = "cn-east-2", project: str = DESTINATION) -> dict[str, Any]:
    return {"replication": {"destination_region": region, "destination_project_id": project}}


def _copy(vault: str = DESTINATION_VAULT) -> dict[str, Any]:
    return {
        "replicate": {
            "destination_project_id": DESTINATION,
            "destination_region": "cn-east-2",
            "destination_vault_id": vault,
        }
    }


def _csbs(item: str) -> str:
    return f"/v1/{PROJECT}/providers/{PROVIDER_ID}/checkpoint_items/{item}/replicate"


def _cbr(backup: str) -> str:
    return f"/v3/{PROJECT}/backups/{backup}/replicate"


def _burst(csbs: list[str], csbs_error: str, cbr: list[str]) -> tuple[list[Call], dict[str, Any]]:
    """The 32 calls, and what each kind must answer (a Counter of (status, error_code)).

    csbs: 6 available CSBS backups; csbs_error: one in status `error`; cbr: 7 CBR backups.
    """
    duplicate_fixtures = _fixtures()
    duplicate_fixtures["backups"].append(dict(duplicate_fixtures["backups"][0]))
    calls = [
        # CSBS replicateBackup: one backup four times (one winner), two others, each refusal.
        *[Call("csbs duplicate", "POST", _csbs(csbs[0]), _replicate(csbs[0])) for _ in range(4)],
        Call("csbs accepted", "POST", _csbs(csbs[1]), _replicate(csbs[1])),
        Call("csbs accepted", "POST", _csbs(csbs[2]), _replicate(csbs[2])),
        Call("csbs 3001", "POST", _csbs(UNKNOWN), _replicate(UNKNOWN)),
        Call("csbs 2003", "POST", _csbs(csbs_error), _replicate(csbs_error)),
        Call("csbs 1005", "POST", _csbs(csbs[3]), _replicate(csbs[3], region="cn-north-1")),
        Call("csbs 1011", "POST", _csbs(csbs[4]), _replicate(csbs[4], project=PROJECT)),
        Call("csbs show", "GET", f"/v1/{PROJECT}/checkpoint_items/{csbs[1]}"),
        # CBR copyBackup: the same, and four copies into a vault with room for two.
        *[Call("cbr duplicate", "POST", _cbr(cbr[0]), _copy()) for _ in range(4)],
        Call("cbr accepted", "POST", _cbr(cbr[1]), _copy()),
        Call("cbr accepted", "POST", _cbr(cbr[2]), _copy()),
        *[Call("cbr room", "POST", _cbr(b), _copy(SMALL_VAULT)) for b in cbr[3:7]],
        Call("cbr 1002", "POST", _cbr(REPLICA), _copy()),
        Call("cbr 1003", "POST", _cbr(VOLUME), _copy()),
        Call("cbr 1004", "POST", _cbr(PROTECTING), _copy()),
        Call("cbr 6105", "POST", _cbr(cbr[0]), _copy(UNKNOWN)),
        Call("cbr 6102", "POST", _cbr(cbr[0]), _copy(DISK_VAULT)),
        Call("cbr 6112", "POST", _cbr(cbr[0]), _copy(FROZEN_VAULT)),
        # Control-plane writes that are refused; loading fixtures would wipe first.
        Call("control 400 project", "POST", "/_emulator/backups", {"project_id": UNKNOWN}),
        Call(
            "control 404 record",
            "POST",
            f"/_emulator/replications/{UNKNOWN}/advance",
            {"outcome": "success"},
        ),
        Call("control 400 fixtures", "PUT", "/_emulator/fixtures", duplicate_fixtures),
        # Injected faults (set by `_prepare`): before the handler, and after the commit.
        Call("fault before", "GET", f"/v3/{PROJECT}/backups/{cbr[1]}"),
        Call("fault after commit", "GET", f"/v1/{PROJECT}/replication_capabilities"),
    ]
    assert len(calls) == CALLS
    expected = {
        "csbs duplicate": Counter({OK: 1, (400, "BackupService.1009"): 3}),
        "csbs accepted": Counter({OK: 2}),
        "csbs 3001": Counter({(404, "CSBS.3001"): 1}),
        "csbs 2003": Counter({(400, "CSBS.2003"): 1}),
        "csbs 1005": Counter({(400, "BackupService.1005"): 1}),
        "csbs 1011": Counter({(400, "BackupService.1011"): 1}),
        "csbs show": Counter({OK: 1}),
        "cbr duplicate": Counter({OK: 1, (400, "BackupService.1009"): 3}),
        "cbr accepted": Counter({OK: 2}),
        "cbr room": Counter({OK: 2, (400, "BackupService.6114"): 2}),
        "cbr 1002": Counter({(400, "BackupService.1002"): 1}),
        "cbr 1003": Counter({(400, "BackupService.1003"): 1}),
        "cbr 1004": Counter({(400, "BackupService.1004"): 1}),
        "cbr 6105": Counter({(400, "BackupService.6105"): 1}),
        "cbr 6102": Counter({(400, "BackupService.6102"): 1}),
        "cbr 6112": Counter({(400, "BackupService.6112"): 1}),
        "control 400 project": Counter({(400, "CSBS.9001"): 1}),
        "control 404 record": Counter({(404, "EMULATOR.0404"): 1}),
        "control 400 fixtures": Counter({(400, "CSBS.9001"): 1}),
        "fault before": Counter({(503, "BackupService.9998"): 1}),
        "fault after commit": Counter({(503, "CSBS.9998"): 1}),
    }
    return calls, expected


FAULT_RULES: list[dict[str, Any]] = [
    {"operation": "cbr.showBackup", "status": 503},
    {"operation": "showReplicationCapabilities", "status": 503, "after_commit": True},
]


def _outcome(status: int, body: bytes) -> tuple[int, str]:
    if status == 200:
        return OK
    return status, str(json.loads(body).get("error_code", ""))


def _answers(calls: list[Call], outcomes: list[tuple[int, str]]) -> dict[str, Counter[Any]]:
    seen: dict[str, Counter[Any]] = {}
    for call, outcome in zip(calls, outcomes, strict=True):
        seen.setdefault(call.kind, Counter())[outcome] += 1
    return seen


def _committed(db_path: str | Path) -> tuple[int, int, int]:
    """Replication records (CSBS, CBR) and CBR tasks another connection sees: committed."""
    with sqlite3.connect(db_path) as other:
        return (
            int(other.execute("SELECT COUNT(*) FROM replication_records").fetchone()[0]),
            int(other.execute("SELECT COUNT(*) FROM cbr_replications").fetchone()[0]),
            int(other.execute("SELECT COUNT(*) FROM cbr_tasks").fetchone()[0]),
        )


# -- in-process: one event-loop turn -----------------------------------------------------------


async def _exchange(app: Emulator, call: Call) -> tuple[int, str]:
    body = b"" if call.body is None else json.dumps(call.body).encode()
    sent = await asgi_exchange(
        app, call.method, call.path, body, [(b"x-auth-token", TOKEN.encode())]
    )
    return _outcome(sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:]))


@pytest.mark.parametrize("lifecycle", ["instant", "manual"])
def test_refusals_in_one_turn_leave_every_other_call_its_answer(
    tmp_path: Path, lifecycle: str
) -> None:
    db = tmp_path / "state.db"
    config = EmulatorConfig(db_path=db, access_log=False, lifecycle=cast(Lifecycle, lifecycle))
    app = Emulator(config)
    try:
        app.control_plane.load(fixtures_from_json(_fixtures()))
        csbs = app.csbs.service.create_backups(PROJECT, 6, "available", None)
        (csbs_error,) = app.csbs.service.create_backups(PROJECT, 1, "error", None)
        cbr = app.cbr.service.create_backups(SOURCE_VAULT, 7, "available", None)
        app.faults.configure([FaultRule(**rule) for rule in FAULT_RULES], None)
        calls, expected = _burst(csbs, csbs_error, cbr)

        async def together() -> list[tuple[int, str]]:
            return list(await asyncio.gather(*(_exchange(app, call) for call in calls)))

        before = _committed(db)
        assert _answers(calls, asyncio.run(together())) == expected
        assert not app.store.pending
        # The accepted copies, committed: 3 CSBS; 5 CBR (1 + 2 + 2 into the small vault).
        assert _committed(db) == (before[0] + 3, before[1] + 5, before[2] + 5)
    finally:
        app.close()


# -- served: 32 connections at once ----------------------------------------------------------


async def _fire(base_url: str, calls: list[Call]) -> list[tuple[int, str]]:
    limits = httpx.Limits(max_connections=CALLS, max_keepalive_connections=CALLS)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30.0) as client:
        # Open the 32 connections first, so the burst is 32 requests, not 32 handshakes.
        await asyncio.gather(*(client.get("/_emulator/health") for _ in range(CALLS)))
        start = asyncio.Event()

        async def one(call: Call) -> tuple[int, str]:
            await start.wait()
            response = await client.request(
                call.method, call.path, json=call.body, headers={"X-Auth-Token": TOKEN}
            )
            return _outcome(response.status_code, response.content)

        tasks = [asyncio.create_task(one(call)) for call in calls]
        await asyncio.sleep(0)
        start.set()
        return list(await asyncio.gather(*tasks))


# Timing-sensitive: never beside another test of the `serial` group in a parallel run
# (tools/pytest_parallel.py).
@pytest.mark.xdist_group("serial")
def test_refusals_served_32_at_once_leave_every_other_call_its_answer(tmp_path: Path) -> None:
    db = tmp_path / "served.db"
    server = LiveEmulator(["--quiet", "--no-access-log"], db=db).start()
    try:
        base = server.base_url
        for _ in range(5):  # rounds: each from fresh fixtures
            httpx.put(f"{base}/_emulator/fixtures", json=_fixtures()).raise_for_status()
            made = httpx.post(f"{base}/_emulator/backups", json={"project_id": PROJECT, "count": 6})
            csbs = made.json()["checkpoint_item_ids"]
            made = httpx.post(
                f"{base}/_emulator/backups",
                json={"project_id": PROJECT, "count": 1, "status": "error"},
            )
            (csbs_error,) = made.json()["checkpoint_item_ids"]
            made = httpx.post(
                f"{base}/_emulator/cbr/backups", json={"vault_id": SOURCE_VAULT, "count": 7}
            )
            cbr = made.json()["backup_ids"]
            httpx.put(f"{base}/_emulator/faults", json={"rules": FAULT_RULES}).raise_for_status()
            calls, expected = _burst(csbs, csbs_error, cbr)
            before = _committed(db)
            assert _answers(calls, asyncio.run(_fire(base, calls))) == expected
            assert _committed(db) == (before[0] + 3, before[1] + 5, before[2] + 5)
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.output)
