"""Seeds an emulator database with many backups, fast, before the emulator starts.

Owns: the bulk load of the scale runs (10^3 and 10^6 stored backups): the packaged demo
fixtures, then `count` available backups in the demo project, written through
`csbs_emulator.store.Store.add_backups` in large batches (one transaction each). Also writes
a file of ids sampled evenly across the load, which the show-backup runs walk.
Must not import: the HTTP layer (the load goes through the store's own API, no server).

Run: python -m bench.seed --db PATH --count N --sample-out FILE [--sample N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

from csbs_emulator.app import read_fixtures
from csbs_emulator.model import Backup, timestamp
from csbs_emulator.spec import load_document
from csbs_emulator.store import Store

BATCH = 50_000
_DEMO_KEYS = ("token", "project_id", "destination_region", "destination_project_id")


def _uuid() -> str:
    return str(uuid.UUID(bytes=os.urandom(16), version=4))


def seed(db: Path, count: int, sample_out: Path, sample: int) -> dict[str, Any]:
    """Load fixtures and `count` backups into a new database; return timings and counts."""
    started = time.perf_counter()
    fixtures = read_fixtures(None, load_document("emulator-control.yaml"))
    project_id = str(fixtures.demo["project_id"])
    region = next(p.region for p in fixtures.projects if p.id == project_id)
    store = Store(db)
    store.replace_all(fixtures)
    # Older than anything a run creates, one microsecond apart: listBackups' order is total.
    origin = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    step = max(1, count // sample) if sample else 0
    sampled: list[str] = []
    done = 0
    while done < count:
        batch: list[Backup] = []
        for i in range(done, min(count, done + BATCH)):
            stamp = timestamp(origin + dt.timedelta(microseconds=i))
            backup = Backup(
                id=_uuid(),
                project_id=project_id,
                region=region,
                name=f"bench_{i}",
                description="",
                checkpoint_id=_uuid(),
                resource_id=_uuid(),
                resource_type="OS::Nova::Server",
                status="available",
                created_at=stamp,
                updated_at=stamp,
                size=1024,
                extra={"resource_name": "ecs-bench", "image_type": "backup"},
            )
            batch.append(backup)
            if step and i % step == 0 and len(sampled) < sample:
                sampled.append(backup.id)
        store.add_backups(batch)
        done += len(batch)
    stored = store.count_backups()
    store.close()
    sample_out.write_text("\n".join(sampled) + "\n", "utf-8")
    demo = {key: fixtures.demo[key] for key in _DEMO_KEYS}
    return {
        "demo": demo,
        "stored_backups": stored,
        "seed_s": round(time.perf_counter() - started, 3),
        "db_bytes": db.stat().st_size,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.seed")
    parser.add_argument("--db", type=Path, required=True, help="a new SQLite file")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--sample-out", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=1000, help="ids to sample (1000)")
    args = parser.parse_args(argv)
    if args.db.exists():
        parser.error(f"{args.db} exists; the seed makes a new database")
    print(json.dumps(seed(args.db, args.count, args.sample_out, args.sample)))


if __name__ == "__main__":
    main()
