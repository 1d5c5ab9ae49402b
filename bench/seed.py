"""Seeds an emulator database with many backups, fast, before the emulator starts.

Owns: the bulk load of the scale runs (10^3 and 10^6 stored backups): the packaged demo
fixtures, then `count` backups in the demo project with realistic, varied values for every
member listBackups filters or sorts on (see `backup_at`), turned into the emulator's own
`Backup`s by its fixture reader (`fixtures_from_json`, so they carry exactly what a fixture
file would) and written through `CsbsTables.add_backups` in large batches (one transaction each).
Also writes a file of available backups' ids sampled evenly across the load (the show-backup
runs walk it) and answers the values the list runs ask for (`probes`).
Must not import: the HTTP layer (the load goes through the store's own API, no server).

Run: python -m bench.seed --db PATH --count N --sample-out FILE [--sample N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

from csbs_emulator.app import read_fixtures
from csbs_emulator.csbs.model import backups_from_json
from csbs_emulator.csbs.tables import SCHEMA, CsbsTables
from csbs_emulator.directory import Directory, load_fixtures
from csbs_emulator.model import fixtures_from_json, timestamp
from csbs_emulator.spec import compile_schema, load_document, resolve_refs
from csbs_emulator.store import Store

BATCH = 50_000
DEMO = ("data", "demo-fixtures.json")  # the packaged fixtures read_fixtures(None) reads
_DEMO_KEYS = ("token", "project_id", "destination_region", "destination_project_id")

# Every size spreads its backups over the same year, older than anything a run creates.
ORIGIN = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
SPAN = dt.timedelta(days=365)
BACKUPS_PER_RESOURCE = 10  # each server or volume is backed up this many times over the year
CHECKPOINT_SIZE = 4  # consecutive backups made by one checkpoint (one backup task)
POLICIES = 4
WINDOW = dt.timedelta(days=14)  # the start_time/end_time probe
ROLES = ("web", "db", "app", "cache", "batch", "mq", "gw")
# Status of a backup that is not among the newest: mostly available, the rest the others.
STATUS_WEIGHTS = (
    ("available", 920), ("error", 30), ("deleted", 25), ("restoring", 10), ("deleting", 5),
    ("waiting_restore", 5), ("waiting_delete", 5),
)  # fmt: skip
IN_PROGRESS = ("protecting", "waiting_protect")  # only the newest 0.5%


SECOND = 1_000_000  # microseconds
_NAIVE_ORIGIN = ORIGIN.replace(tzinfo=None)


def _stamp(us: int) -> str:
    """The service's time format (`model.timestamp`) of ORIGIN + `us` microseconds."""
    return (_NAIVE_ORIGIN + dt.timedelta(microseconds=us)).isoformat(timespec="microseconds")


def _address(a: int, b: int, n: int) -> str:
    """The `n`-th host address of a.b.0.0/16 and up (254 hosts a /24, never .0 or .255)."""
    c, host = divmod(n, 254)
    return f"{a}.{b + c // 256}.{c % 256}.{host + 1}"


class Plan:
    """The deterministic shape of a load of `count` backups in `project_id` (`region`)."""

    def __init__(self, count: int, project_id: str, region: str) -> None:
        self.count = count
        self.project_id = project_id
        self.region = region
        self.rng = random.Random(11)
        self.resources = max(1, count // BACKUPS_PER_RESOURCE)
        self.step_us = SPAN / dt.timedelta(microseconds=1) / max(count, 1)
        self.resource_ids = [self._uuid() for _ in range(self.resources)]
        self.policy_ids = [self._uuid() for _ in range(POLICIES)]
        self.newest_in_progress = count - max(1, count // 200)
        self.status_table = [status for status, weight in STATUS_WEIGHTS for _ in range(weight)]
        self.checkpoint = ""

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def created_us(self, i: int) -> int:
        """Microseconds after ORIGIN: in order of `i`, evenly spread, jittered."""
        return int((i + self.rng.random() * 0.5) * self.step_us)

    def backup_at(self, i: int) -> dict[str, Any]:
        """The fixture form of backup `i` (created in order of `i`)."""
        uniform = self.rng.random
        r = i % self.resources  # periodic backups of each resource, spread over the year
        nth = i // self.resources
        volume = r % 5 == 4
        manual = r % 5 == 3
        role = ROLES[r % len(ROLES)]
        resource_name = f"evs-{role}-data-{r:05d}" if volume else f"ecs-{role}-{r:05d}"
        if i % CHECKPOINT_SIZE == 0:
            self.checkpoint = self._uuid()
        created = self.created_us(i)
        if i >= self.newest_in_progress:
            status = IN_PROGRESS[int(uniform() * len(IN_PROGRESS))]
        else:
            status = self.status_table[int(uniform() * len(self.status_table))]
        size_mb = (10 + int(uniform() * 190)) * 1024
        finished = created + (60 + size_mb // 400 + int(uniform() * 600)) * SECOND
        protected = created + (1 + int(uniform() * 30)) * SECOND
        if status == "available":
            updated = finished
        elif status == "deleted":  # deleted when its 30 days ran out
            updated = created + (30 * 86400 + int(uniform() * 3600)) * SECOND
        elif status == "error":
            updated = created + (30 + int(uniform() * 870)) * SECOND
        else:
            updated = created + (2 + int(uniform() * 58)) * SECOND
        if manual:
            made = int(uniform() * 3)
            if made == 0:
                name = f"manualbk_{self.rng.getrandbits(16):04x}"
            elif made == 1:
                name = f"{resource_name}-before-patch"
            else:
                name = f"{resource_name}-weekly-{_stamp(created)[:10].replace('-', '')}"
        else:
            name = f"autobk_{self.rng.getrandbits(16):04x}"
        backup_data: dict[str, Any] = {"__openstack_region_name": self.region}
        if not volume:
            backup_data |= {
                "private_ip": _address(10, 0, r),
                "eip": _address(100, 64, r) if r % 3 == 0 else "",
                "ram": (2, 4, 8, 16)[r % 4] * 1024,
                "vcpus": (1, 2, 4, 8)[r % 4],
                "disk": 40,
                "imagetype": "gold" if r % 2 else "private",
            }
        backup: dict[str, Any] = {
            "id": self._uuid(),
            "project_id": self.project_id,
            "name": name,
            "description": "" if not manual else "made by hand before maintenance",
            "checkpoint_id": self.checkpoint,
            "resource_id": self.resource_ids[r],
            "resource_type": "OS::Cinder::Volume" if volume else "OS::Nova::Server",
            "resource_name": resource_name,
            "resource_az": f"{self.region}{'abc'[r % 3]}",
            "image_type": "backup",
            "incremental": nth > 0,
            "status": status,
            "size": size_mb,
            "created_at": _stamp(created),
            "updated_at": _stamp(updated),
            "protected_at": _stamp(protected),
            "backup_data": backup_data,
        }
        if status in ("available", "deleted", "deleting", "restoring", "waiting_restore"):
            backup["finished_at"] = _stamp(finished)
        if not manual:
            backup["policy_id"] = self.policy_ids[r % POLICIES]
            backup["expired_at"] = _stamp(created + 30 * 86400 * SECOND)
        return backup

    def probes(self, ids: dict[int, str], checkpoints: dict[int, str]) -> dict[str, Any]:
        """Values the list runs ask for; each selects about as many backups at every size."""
        count = self.count
        start = (ORIGIN + SPAN * 0.4).replace(microsecond=0, tzinfo=None)
        return {
            "resource_id": self.resource_ids[self.resources // 2],  # BACKUPS_PER_RESOURCE
            "checkpoint_id": checkpoints[self.probe_positions()["checkpoint"]],
            "start_time": start.isoformat(timespec="seconds"),  # no fraction: padded
            "end_time": (start + WINDOW).isoformat(timespec="seconds"),
            # Deep in the default order (newest first): among the oldest tenth.
            "marker_desc": ids[self.probe_positions()["marker_desc"]],
            # Deep in created_at:asc order: among the newest tenth.
            "marker_asc": ids[self.probe_positions()["marker_asc"]],
            "per_resource": BACKUPS_PER_RESOURCE if count >= BACKUPS_PER_RESOURCE else count,
            "checkpoint_size": CHECKPOINT_SIZE,
        }

    def probe_positions(self) -> dict[str, int]:
        count = self.count
        middle = count // 2
        return {
            "checkpoint": middle - middle % CHECKPOINT_SIZE,
            "marker_desc": count // 10,
            "marker_asc": count * 9 // 10,
        }


def check_shape(plan: Plan, fixtures_doc: dict[str, Any]) -> None:
    """The generated backups are valid fixtures (the control plane's `Fixtures` schema)."""
    schema = resolve_refs(load_document("emulator-control.yaml"))["components"]["schemas"]
    assert _stamp(SECOND + 7) == timestamp(ORIGIN + dt.timedelta(seconds=1, microseconds=7))
    probe = Plan(min(plan.count, 400), plan.project_id, plan.region)
    doc = {**fixtures_doc, "backups": [probe.backup_at(i) for i in range(probe.count)]}
    compile_schema(schema["Fixtures"])(doc)


def seed(db: Path, count: int, sample_out: Path, sample: int) -> dict[str, Any]:
    """Load fixtures and `count` backups into a new database; return timings and counts."""
    started = time.perf_counter()
    raw = json.loads(resources.files("csbs_emulator").joinpath(*DEMO).read_text("utf-8"))
    fixtures = read_fixtures(None, load_document("emulator-control.yaml"))
    project_id = str(fixtures.demo["project_id"])
    region = next(p.region for p in fixtures.projects if p.id == project_id)
    plan = Plan(count, project_id, region)
    check_shape(plan, raw)
    store = Store(db, (SCHEMA,))
    tables = CsbsTables(store)
    load_fixtures(store, Directory(store), (tables,), fixtures)
    wanted = plan.probe_positions()
    step = max(1, count // sample) if sample else 0
    sampled: list[str] = []
    pending = False  # the sample's next pick, waiting for an available backup
    ids: dict[int, str] = {}
    checkpoints: dict[int, str] = {}
    statuses: dict[str, int] = {}
    frame = {"regions": [], "projects": [{"id": project_id, "region": region}]}
    done = 0
    while done < count:
        batch: list[dict[str, Any]] = []
        for i in range(done, min(count, done + BATCH)):
            backup = plan.backup_at(i)
            batch.append(backup)
            statuses[backup["status"]] = statuses.get(backup["status"], 0) + 1
            if step and i % step == 0:
                pending = True
            if pending and backup["status"] == "available" and len(sampled) < sample:
                sampled.append(backup["id"])
                pending = False
            if i == wanted["checkpoint"]:
                checkpoints[i] = backup["checkpoint_id"]
            if i in (wanted["marker_desc"], wanted["marker_asc"]):
                ids[i] = backup["id"]
        tables.add_backups(backups_from_json(fixtures_from_json({**frame, "backups": batch})))
        done += len(batch)
    stored = tables.count_backups()
    store.close()
    sample_out.write_text("\n".join(sampled) + "\n", "utf-8")
    demo = {key: fixtures.demo[key] for key in _DEMO_KEYS}
    return {
        "demo": demo,
        "stored_backups": stored,
        "seed_s": round(time.perf_counter() - started, 3),
        "db_bytes": db.stat().st_size,
        "statuses": dict(sorted(statuses.items())),
        "probes": plan.probes(ids, checkpoints),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.seed")
    parser.add_argument("--db", type=Path, required=True, help="a new SQLite file")
    parser.add_argument("--count", type=int, required=True, help="backups (at least 10)")
    parser.add_argument("--sample-out", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=1000, help="ids to sample (1000)")
    args = parser.parse_args(argv)
    if args.db.exists():
        parser.error(f"{args.db} exists; the seed makes a new database")
    if args.count < 10:
        parser.error("--count must be at least 10 (the list runs' probes need that many)")
    print(json.dumps(seed(args.db, args.count, args.sample_out, args.sample)))


if __name__ == "__main__":
    main()
