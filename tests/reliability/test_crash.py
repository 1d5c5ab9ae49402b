"""SIGKILL under load: nothing acknowledged is lost, nothing is half-written, copies resume.

Two client threads replicate fresh backups (created through `POST /_emulator/backups`)
steadily over HTTP while the emulator is killed with SIGKILL five times and restarted on
the same database and port. The lifecycle is `delay` (short), so copies that were still
`copying` at a kill are due when the process comes back and must complete after restart.

Afterwards: every replication answered 200 has its record (control plane) and shows on its
source (showBackup); the state is whole (`support.consistency_violations`: no record without
its source's copy_status change, no success without its replica, no stray replica); no
record is left copying; and after a final SIGKILL, SQLite's `PRAGMA integrity_check` says
ok and countBackups' kept totals agree with the rows. The figures go to
reports/reliability.json ("crashes").
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from csbs_emulator.csbs.tables import SCHEMA, CsbsTables
from csbs_emulator.store import Store

from .conftest import Figures, Spawn
from .support import (
    DESTINATIONS,
    all_records,
    consistency_violations,
    create_backups,
    replicate_body,
    replicate_path,
    show_backup,
    token,
)

# Timing-sensitive: never beside another test of the `serial` group in a parallel run
# (tools/pytest_parallel.py).
pytestmark = pytest.mark.xdist_group("serial")

KILLS = 5
DELAY_S = 0.3  # the delay lifecycle: long enough that a kill finds copies in flight
CLIENTS = 2
PACE_S = 0.02  # per client and backup: a steady load whose checking cost stays bounded
MAX_REPLICATIONS = 5000  # a bound on the load, whatever the machine's speed


@dataclass
class Ledger:
    """What the clients were told, shared by the client threads (under `lock`)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    backups: list[str] = field(default_factory=list)  # creations answered 200
    acked: dict[str, tuple[str, str]] = field(default_factory=dict)  # record id -> item, region
    attempted: set[str] = field(default_factory=set)  # every backup a replicate was sent for
    refused_connections: int = 0  # nothing was sent: the emulator was down
    in_doubt: int = 0  # sent, then the connection died: may or may not have been applied
    unexpected: list[str] = field(default_factory=list)


def _client_loop(url: str, ledger: Ledger, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    regions = sorted(DESTINATIONS)
    pool: list[str] = []
    with httpx.Client(base_url=url, timeout=10.0) as client:
        while not stop.is_set() and len(ledger.acked) < MAX_REPLICATIONS:
            time.sleep(PACE_S)
            try:
                if not pool:
                    pool = create_backups(client, 4)
                    with ledger.lock:
                        ledger.backups += pool
                item = pool.pop()
                # Two regions per backup: the second record makes the first one older, so
                # "copy_status follows the newest record" is tested across kills too.
                for region in rng.sample(regions, 2):
                    with ledger.lock:
                        ledger.attempted.add(item)
                    response = client.post(
                        replicate_path(item), json=replicate_body(region), headers=token()
                    )
                    if response.status_code != 200:
                        with ledger.lock:
                            ledger.unexpected.append(f"{response.status_code} {response.text}")
                        continue
                    record_id = response.json()["replication"]["replication_record_id"]
                    with ledger.lock:
                        ledger.acked[record_id] = (item, region)
            except httpx.ConnectError:
                with ledger.lock:
                    ledger.refused_connections += 1
                pool = []  # a creation may have been lost with the process: start afresh
                time.sleep(0.02)
            except httpx.TransportError:
                # The process died while our request was in it: applied or not, the state
                # must be whole either way (checked for every attempted backup).
                with ledger.lock:
                    ledger.in_doubt += 1
                pool = []
                time.sleep(0.02)
            except Exception as exc:  # e.g. a creation not answered 200: reported, not hidden
                with ledger.lock:
                    ledger.unexpected.append(repr(exc))
                return


def _copying_in_file(db: Path) -> int:
    """Copies in flight, read from the file itself while no emulator is running.

    Read-only, so that closing it does not checkpoint the WAL: the restarted emulator must
    recover the file exactly as the kill left it.
    """
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return int(
            conn.execute(
                "SELECT COUNT(*) FROM replication_records WHERE status = 'copying'"
            ).fetchone()[0]
        )


@pytest.mark.slow
def test_sigkill_loses_no_acknowledged_replication(
    spawn: Spawn, tmp_path: Path, figures: Figures
) -> None:
    db = tmp_path / "crash.db"
    server = spawn(db, lifecycle="delay", delay=DELAY_S)
    ledger = Ledger()
    stop = threading.Event()
    clients = [
        threading.Thread(target=_client_loop, args=(server.base_url, ledger, stop, n), daemon=True)
        for n in range(CLIENTS)
    ]
    started = time.monotonic()
    for thread in clients:
        thread.start()
    rng = random.Random(6)
    copying_at_kill = 0
    try:
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.5, 1.0))
            server.kill()
            copying_at_kill += _copying_in_file(db)
            server.start()  # same db, same port: the clients reconnect by themselves
        time.sleep(1.0)  # a last stretch of load on the restarted process
    finally:
        stop.set()
        for thread in clients:
            thread.join(timeout=30)
    assert not any(t.is_alive() for t in clients)
    load_seconds = time.monotonic() - started
    assert ledger.unexpected == []
    assert len(ledger.acked) >= 50, "too little load to mean anything"

    time.sleep(DELAY_S + 0.2)  # every copy, including those interrupted by a kill, is due
    with server.client() as client:
        records = {r["id"]: r for r in all_records(client)}
        lost = [
            rid
            for rid, (item, region) in ledger.acked.items()
            if rid not in records
            or (records[rid]["source_item_id"], records[rid]["destination_region"])
            != (item, region)
        ]
        assert lost == [], f"acknowledged replications lost: {lost}"
        missing_backups = [b for b in ledger.backups if show_backup(client, b).status_code != 200]
        assert missing_backups == [], "acknowledged backups lost"
        for item in {item for item, _ in ledger.acked.values()}:
            listed = {r["id"] for r in show_backup(client, item).json()["checkpoint_item"][
                "replication_records"
            ]}  # fmt: skip
            assert {rid for rid, (i, _) in ledger.acked.items() if i == item} <= listed
        assert consistency_violations(client, sorted(ledger.attempted)) == []
        statuses = {r["status"] for r in all_records(client)}
        assert statuses == {"success"}, f"the lifecycle did not resume: {statuses}"
        total_records = len(records)

    server.kill()  # the final stop is a crash too
    with contextlib.closing(sqlite3.connect(db)) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        on_disk = conn.execute("SELECT COUNT(*) FROM replication_records").fetchone()[0]
        live = conn.execute(
            "SELECT COUNT(*) FROM (SELECT source_item_id, destination_region "
            "FROM replication_records WHERE status IN ('copying', 'success') "
            "GROUP BY 1, 2 HAVING COUNT(*) > 1)"
        ).fetchone()[0]
    assert integrity == "ok"
    assert on_disk == total_records
    assert live == 0
    store = Store(
        db, (SCHEMA,)
    )  # countBackups' kept totals survived the kills with the rows they count
    try:
        assert CsbsTables(store).counts_disagree() == []
    finally:
        store.close()
    figures(
        "crashes",
        {
            "sigkills": KILLS + 1,
            "restarts": server.starts - 1,
            "load_seconds": round(load_seconds, 1),
            "backups_acknowledged": len(ledger.backups),
            "replications_acknowledged": len(ledger.acked),
            "acknowledgements_lost": len(lost),
            "requests_in_doubt_at_a_kill": ledger.in_doubt,
            # Committed, then killed before the answer left: kept, and whole.
            "unacknowledged_but_applied": total_records - len(ledger.acked),
            "connections_refused_while_down": ledger.refused_connections,
            "copies_in_flight_at_kills": copying_at_kill,
            "copies_completed_after_restart": copying_at_kill,  # all records end in success
            "records_total": total_records,
            "integrity_check": integrity,
        },
    )
