"""Races on replicateBackup against real emulator processes.

One process serialises its handlers on one event loop, so the interesting case is several
`csbs-emulator serve` processes on the SAME SQLite file, which is exactly what the unique
index `one_live_replica_per_region` and the store's transactions must hold against. The
first three tests run with one process and with two on one db; the copy_status test uses
three; the last starts two at once on a new file. The figures go to
reports/reliability.json ("races").
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import Figures, Spawn
from .support import (
    DESTINATIONS,
    EmulatorProcess,
    all_records,
    consistency_violations,
    create_backups,
    replicate_body,
    replicate_path,
    token,
)

# Timing-sensitive: never beside another test of the `serial` group in a parallel run
# (tools/pytest_parallel.py).
pytestmark = pytest.mark.xdist_group("serial")

CONCURRENCY = 64
FIGURES: dict[str, Any] = {}


def _servers(spawn: Spawn, tmp_path: Path, processes: int, **options: Any) -> list[EmulatorProcess]:
    db = tmp_path / "shared.db"
    first = spawn(db, **options)  # the first one creates the schema and loads the fixtures
    return [first, *(spawn(db, **options) for _ in range(processes - 1))]


async def _fire(
    urls: list[str], requests: list[tuple[str, dict[str, Any]]]
) -> list[httpx.Response]:
    """Send every (path, body) POST at once, spread round-robin over the servers."""
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=0)
    clients = [httpx.AsyncClient(base_url=u, limits=limits, timeout=30.0) for u in urls]
    try:
        start = asyncio.Event()

        async def one(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> httpx.Response:
            await start.wait()
            return await client.post(path, json=body, headers=token())

        tasks = [
            asyncio.create_task(one(clients[i % len(clients)], path, body))
            for i, (path, body) in enumerate(requests)
        ]
        await asyncio.sleep(0)  # every task is parked on the event before any request leaves
        start.set()
        return list(await asyncio.gather(*tasks))
    finally:
        for client in clients:
            await client.aclose()


def _outcomes(responses: list[httpx.Response]) -> Counter[tuple[int, str]]:
    counts: Counter[tuple[int, str]] = Counter()
    for r in responses:
        code = r.json().get("error_code", "") if r.status_code != 200 else ""
        counts[(r.status_code, code)] += 1
    return counts


@pytest.fixture(scope="module", autouse=True)
def _record_figures(figures: Figures) -> Any:
    yield
    if FIGURES:
        figures("races", FIGURES)


@pytest.mark.parametrize("processes", [1, 2], ids=["one-process", "two-processes-one-db"])
def test_identical_replicates_exactly_one_wins(
    spawn: Spawn, tmp_path: Path, processes: int
) -> None:
    servers = _servers(spawn, tmp_path, processes)
    with servers[0].client() as client:
        (item,) = create_backups(client, 1)
        body = replicate_body("cn-east-2", name="race")
        responses = asyncio.run(
            _fire([s.base_url for s in servers], [(replicate_path(item), body)] * CONCURRENCY)
        )
        outcomes = _outcomes(responses)
        assert outcomes == {(200, ""): 1, (400, "BackupService.1009"): CONCURRENCY - 1}
        records = [r for r in all_records(client) if r["source_item_id"] == item]
        assert len(records) == 1
        winner = next(r for r in responses if r.status_code == 200)
        assert winner.json()["replication"]["replication_record_id"] == records[0]["id"]
        assert consistency_violations(client, [item]) == []
    FIGURES[f"identical_{processes}p"] = {
        "requests": CONCURRENCY,
        "accepted": outcomes[(200, "")],
        "refused_1009": outcomes[(400, "BackupService.1009")],
    }


@pytest.mark.parametrize("processes", [1, 2], ids=["one-process", "two-processes-one-db"])
def test_one_winner_per_destination_region(spawn: Spawn, tmp_path: Path, processes: int) -> None:
    servers = _servers(spawn, tmp_path, processes)
    regions = sorted(DESTINATIONS)
    assert len(regions) == 8
    with servers[0].client() as client:
        (item,) = create_backups(client, 1)
        # 8 requests per region, interleaved so every region's requests race each other's.
        requests = [
            (replicate_path(item), replicate_body(region))
            for _, region in itertools.product(range(CONCURRENCY // 8), regions)
        ]
        responses = asyncio.run(_fire([s.base_url for s in servers], requests))
        winners = Counter(
            requests[i][1]["replication"]["destination_region"]
            for i, r in enumerate(responses)
            if r.status_code == 200
        )
        assert winners == dict.fromkeys(regions, 1)
        assert _outcomes(responses)[(400, "BackupService.1009")] == CONCURRENCY - len(regions)
        records = [r for r in all_records(client) if r["source_item_id"] == item]
        assert sorted(r["destination_region"] for r in records) == regions
        assert consistency_violations(client, [item]) == []
    FIGURES[f"regions_{processes}p"] = {
        "requests": CONCURRENCY,
        "regions": len(regions),
        "accepted": sum(winners.values()),
    }


@pytest.mark.parametrize("processes", [1, 2], ids=["one-process", "two-processes-one-db"])
def test_replicate_racing_advance_all(spawn: Spawn, tmp_path: Path, processes: int) -> None:
    """Replicates and `advance-all` (success on one server, fail on the other) interleaved.

    A record must end exactly once: no record id in two advance-all answers, and afterwards
    copy_status follows the newest record and every success has exactly one replica.
    """
    servers = _servers(spawn, tmp_path, processes, lifecycle="manual")
    regions = sorted(DESTINATIONS)[:3]
    with servers[0].client() as client:
        items = create_backups(client, 16)
    stop = threading.Event()
    advancers = 2  # one ends copies in success, the other in fail; one per server if two
    finished: list[list[str]] = [[] for _ in range(advancers)]
    advance_calls = [0] * advancers
    errors: list[str] = []

    def advancer(index: int) -> None:
        outcome = "success" if index % 2 == 0 else "fail"
        with servers[index % len(servers)].client() as c:
            deadline = time.monotonic() + 60
            while not stop.is_set() and time.monotonic() < deadline:
                r = c.post("/_emulator/replications/advance-all", json={"outcome": outcome})
                if r.status_code != 200:
                    errors.append(f"advance-all: {r.status_code} {r.text}")
                    return
                finished[index] += [rec["id"] for rec in r.json()["replication_records"]]
                advance_calls[index] += 1

    threads = [threading.Thread(target=advancer, args=(i,)) for i in range(advancers)]
    for t in threads:
        t.start()
    try:
        # Each backup to three regions, then to the first again: 1009 while that copy is
        # live, 200 again once it failed. Several rounds keep the advancers busy.
        requests = [
            (replicate_path(item), replicate_body(region))
            for item in items
            for region in [*regions, regions[0]]
        ]
        counts: Counter[tuple[int, str]] = Counter()
        for start in range(0, len(requests), 16):
            counts += _outcomes(
                asyncio.run(_fire([s.base_url for s in servers], requests[start : start + 16]))
            )
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=70)
    assert errors == []
    assert not any(t.is_alive() for t in threads)
    assert set(counts) <= {(200, ""), (400, "BackupService.1009")}, counts
    with servers[0].client() as client:
        r = client.post("/_emulator/replications/advance-all", json={"outcome": "success"})
        assert r.status_code == 200
        finished[0] += [rec["id"] for rec in r.json()["replication_records"]]
        ended_twice = [rid for rid, n in Counter(itertools.chain(*finished)).items() if n > 1]
        assert ended_twice == [], f"records finished more than once: {ended_twice}"
        records = [r for r in all_records(client) if r["source_item_id"] in set(items)]
        assert len(records) == counts[(200, "")]
        assert {r["status"] for r in records} <= {"success", "fail"}
        assert consistency_violations(client, items) == []
    FIGURES[f"advance_race_{processes}p"] = {
        "replicate_requests": len(requests),
        "accepted": counts[(200, "")],
        "advance_all_calls": sum(advance_calls),
        "records_finished_twice": len(ended_twice),
    }


def _boot(server: EmulatorProcess, errors: list[BaseException]) -> None:
    try:
        server.start()
    except BaseException as exc:  # reported by the caller, with the log
        errors.append(exc)


def test_two_processes_start_together_on_a_new_db(spawn: Spawn, tmp_path: Path) -> None:
    """Two emulators created at the same moment on one empty file: both must come up."""
    rounds = 4
    for n in range(rounds):
        db = tmp_path / f"fresh-{n}.db"
        pair = [spawn(db, start=False), spawn(db, start=False)]
        errors: list[BaseException] = []
        threads = [threading.Thread(target=_boot, args=(s, errors)) for s in pair]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == [], errors
        for server in pair:
            with server.client() as c:
                health = c.get("/_emulator/health")
                assert health.status_code == 200
                assert (
                    c.get(
                        f"/v1/{next(iter(DESTINATIONS.values()))}/checkpoint_items", headers=token()
                    ).status_code
                    == 200
                )
            server.stop()
    FIGURES["simultaneous_start_rounds"] = rounds


@pytest.mark.parametrize("lifecycle", ["instant", "delay"])
def test_copy_status_follows_the_newest_record_across_processes(
    spawn: Spawn, tmp_path: Path, lifecycle: str
) -> None:
    """Many backups, each to all 8 regions at once, through three processes on one db.

    Each process finishes copies (its own, or the other's in its tick) from a read of the
    newest record made before it takes the write lock; the source's copy_status must still
    end up following the newest record, never a stale one.
    """
    servers = _servers(spawn, tmp_path, 3, lifecycle=lifecycle, delay=0.01)
    regions = sorted(DESTINATIONS)
    rounds, per_round = 12, 4
    accepted = 0
    violations: list[str] = []
    with servers[0].client() as client:
        for _ in range(rounds):
            items = create_backups(client, per_round)
            requests = [
                (replicate_path(item), replicate_body(region))
                for region, item in itertools.product(regions, items)
            ]
            outcomes = _outcomes(asyncio.run(_fire([s.base_url for s in servers], requests)))
            assert outcomes == {(200, ""): len(requests)}
            accepted += outcomes[(200, "")]
            time.sleep(0.05)  # delay lifecycle: every copy comes due before the check
            violations += consistency_violations(client, items)
    assert violations == []
    FIGURES[f"copy_status_{lifecycle}_3p"] = {"accepted": accepted, "violations": 0}
