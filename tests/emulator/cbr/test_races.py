"""Exactly one winner: many copies of one backup to one region at once, against one emulator
process and against two processes on one database file (the unique index
`cbr_one_live_replica_per_region` decides between them)."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from csbs_emulator.testing import LiveEmulator

from .conftest import TOKEN, copy_body, copy_url

# Timing-sensitive: never beside another test of the `serial` group in a parallel run
# (tools/pytest_parallel.py).
pytestmark = pytest.mark.xdist_group("serial")

CONCURRENCY = 32


async def _fire(urls: list[str], path: str, body: dict[str, Any]) -> Counter[tuple[int, str]]:
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=0)
    clients = [httpx.AsyncClient(base_url=u, limits=limits, timeout=30.0) for u in urls]
    try:
        start = asyncio.Event()

        async def one(client: httpx.AsyncClient) -> httpx.Response:
            await start.wait()
            return await client.post(path, json=body, headers=TOKEN)

        tasks = [asyncio.create_task(one(clients[i % len(clients)])) for i in range(CONCURRENCY)]
        await asyncio.sleep(0)
        start.set()
        answers = await asyncio.gather(*tasks)
    finally:
        for client in clients:
            await client.aclose()
    return Counter(
        (r.status_code, "" if r.status_code == 200 else r.json()["error_code"]) for r in answers
    )


@pytest.mark.parametrize("processes", [1, 2])
@pytest.mark.parametrize("lifecycle", ["instant", "manual"])
def test_one_winner_among_concurrent_copies(tmp_path: Path, processes: int, lifecycle: str) -> None:
    db = tmp_path / "shared.db"
    args = ["--quiet", "--no-access-log", "--lifecycle", lifecycle]
    servers = [LiveEmulator(args, db=db).start()]  # the first makes the schema and the data
    servers += [LiveEmulator(args, db=db).start() for _ in range(processes - 1)]
    try:
        base = servers[0].base_url
        demo = httpx.get(f"{base}/_emulator/demo").json()
        backup = demo["cbr"]["backup_ids"][0]
        path = copy_url(demo["project_id"], backup)
        outcomes = asyncio.run(_fire([s.base_url for s in servers], path, copy_body(demo)))
        assert outcomes == Counter({(200, ""): 1, (400, "BackupService.1009"): CONCURRENCY - 1}), (
            outcomes
        )
        shown = httpx.get(f"{base}/v3/{demo['project_id']}/backups/{backup}", headers=TOKEN)
        assert len(shown.json()["backup"]["replication_records"]) == 1
        tasks = httpx.get(
            f"{base}/v3/{demo['project_id']}/operation-logs",
            params={"operation_type": "replication"},
            headers=TOKEN,
        ).json()
        assert tasks["count"] == 1
    finally:
        for server in servers:
            server.stop()
