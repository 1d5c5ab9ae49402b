"""The bench of issue 7, run by `scripts/bench`: the emulator beside Prism and the ceiling.

Owns: the plan of a run and its order. One run starts the emulator, Prism (same spec) and the
bare Starlette ceiling, pinned to the server CPU, with wrk on the load CPU; then, for each
round (A B C, rotated each round), call (replicateBackup, showBackup, listBackups) and
concurrency (1, 32), loads each server for the same time. replicateBackup names a fresh
backup on every call (a pool created through the control plane just before, walked by
walk.lua) so that every call succeeds and writes; a run with any non-2xx answer is invalid.
Then the scale runs (with 10^3 and 10^6 stored backups: start-up time, p99 of showBackup, of
listBackups/countBackups with the common filters and sorts, and of replicateBackup; the ratio
of the sizes' p99 for each), then the chores' speed (`--scale-only`: the scale part alone).
Writes one JSON (see bench/README.md) and prints the table.
Must not import: the emulator's internals (it drives the emulator over HTTP; only the
constant provider id is borrowed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from csbs_emulator import store
from csbs_emulator.csbs.model import PROVIDER_ID

from . import ceiling, report, suite
from .servers import ROOT, Server, start_ceiling, start_emulator, start_prism
from .wrk import Call, run_wrk

QUIET_LOAD = 0.7
# req/s by concurrency: sizes a first replicate pool; later pools use what was measured.
FIRST_RATE_GUESS = {1: 2500.0, 32: 6000.0}
BATCH = 100_000  # the control plane's largest createBackups
SCALE_KEYS = ("startup_s", "show_rps", "show_p99_ms", "replicate_rps", "replicate_p99_ms")


@dataclass(frozen=True)
class Settings:
    smoke: bool
    rounds: int
    duration_s: float
    warmup_s: float
    concurrency: tuple[int, ...]
    scale_sizes: tuple[int, ...]
    read_duration_s: float  # each list/count run of the scale part
    compare: bool
    scale: bool
    chores: bool
    server_cpu: str | None
    load_cpu: str | None


@dataclass(frozen=True)
class Demo:
    token: str
    project_id: str
    body: str  # the replicate request body

    def calls(self, show_ids: Path) -> dict[str, Call]:
        project = self.project_id
        return {
            "replicate": Call(
                "replicate",
                "POST",
                f"/v1/{project}/providers/{PROVIDER_ID}/checkpoint_items/{{id}}/replicate",
                body=self.body,
            ),
            "show": Call("show", "GET", f"/v1/{project}/checkpoint_items/{{id}}", ids=show_ids),
            "list": Call("list", "GET", f"/v1/{project}/checkpoint_items?limit=10"),
        }


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# -- the emulator's control plane ----------------------------------------------------------


def demo_of(base: str) -> Demo:
    return demo_from(httpx.get(f"{base}/_emulator/demo", timeout=30).raise_for_status().json())


def demo_from(data: dict[str, Any]) -> Demo:
    body = {
        "replication": {
            "destination_region": data["destination_region"],
            "destination_project_id": data["destination_project_id"],
            "name": "bench_replica",
            "description": "made by scripts/bench",
        }
    }
    return Demo(data["token"], data["project_id"], json.dumps(body, separators=(",", ":")))


def create_pool(base: str, project_id: str, count: int, path: Path) -> Path:
    """`count` new available backups; their ids, one a line, in `path`."""
    ids: list[str] = []
    with httpx.Client(timeout=600) as client:
        while len(ids) < count:
            batch = min(BATCH, count - len(ids))
            answer = client.post(
                f"{base}/_emulator/backups", json={"project_id": project_id, "count": batch}
            )
            ids += answer.raise_for_status().json()["checkpoint_item_ids"]
    path.write_text("\n".join(ids) + "\n", "utf-8")
    settle_disk()
    return path


def settle_disk() -> None:
    """Write back what the harness just wrote in bulk (a pool, a copied database), so that
    the writeback does not land on the next measured run's own writes."""
    os.sync()
    time.sleep(0.5)


def pool_size(rate: float, duration_s: float) -> int:
    return int(rate * duration_s * 1.5) + 2000


# -- the comparison ------------------------------------------------------------------------


@contextmanager
def servers(settings: Settings, work: Path) -> Iterator[tuple[dict[str, Server], Demo, Path]]:
    """The three servers, ready, plus the demo and a file of backups to show."""
    started: list[Server] = []
    try:
        emulator = start_emulator("emulator", work / "bench.db", work, settings.server_cpu)
        started.append(emulator)
        emulator.wait_ready("/_emulator/demo", {})
        demo = demo_of(emulator.base)
        headers = {"X-Auth-Token": demo.token, "Content-Type": "application/json"}
        # Backups to show: each replicated once, as a client polling its replication sees them.
        show_ids = create_pool(emulator.base, demo.project_id, 200, work / "show-ids.txt")
        ids = show_ids.read_text().split()
        calls = demo.calls(show_ids)
        bodies: dict[str, str] = {}
        with httpx.Client(base_url=emulator.base, headers=headers, timeout=30) as client:
            for item in ids:
                answer = client.post(
                    calls["replicate"].path.replace("{id}", item), content=demo.body
                )
                bodies.setdefault("replicate", answer.raise_for_status().text)
            bodies["show"] = client.get(calls["show"].path.replace("{id}", ids[0])).text
            bodies["list"] = client.get(calls["list"].path).raise_for_status().text
        (work / "bodies.json").write_text(json.dumps(bodies), "utf-8")
        ceiling = start_ceiling(work / "bodies.json", work, settings.server_cpu)
        started.append(ceiling)
        inserting = start_ceiling(
            work / "bodies.json", work, settings.server_cpu, sqlite=work / "insert.db"
        )
        started.append(inserting)
        prism = start_prism(work, settings.server_cpu)
        started.append(prism)
        list_path = calls["list"].path
        ceiling.wait_ready(list_path, headers)
        inserting.wait_ready(list_path, headers)
        prism.wait_ready(list_path, headers, timeout=120)
        by_name = {"emulator": emulator, "prism": prism, "ceiling": ceiling}
        yield {**by_name, "sqlite_insert": inserting}, demo, show_ids
    finally:
        for server in reversed(started):
            server.stop()


def compare(settings: Settings, work: Path) -> list[dict[str, Any]]:
    runs: list[dict[str, Any]] = []
    with servers(settings, work) as (by_name, demo, show_ids):
        calls = demo.calls(show_ids)
        emulator = by_name["emulator"]

        def load(target: str, call: Call, conc: int, seconds: float) -> dict[str, Any]:
            writes = target == "emulator" and call.name == "replicate"
            return run_wrk(
                by_name[target].base,
                call,
                token=demo.token,
                concurrency=conc,
                duration_s=seconds,
                wrap=not writes,
                cpu=settings.load_cpu,
            )

        def replicate_with_pool(conc: int, tag: str) -> Call:
            measured = [
                r["rps"]
                for r in runs
                if r["target"] == "emulator" and r["call"] == "replicate"
                and r["concurrency"] == conc
            ]  # fmt: skip
            rate = max(measured) if measured else FIRST_RATE_GUESS.get(conc, 6000.0)
            size = pool_size(rate, max(settings.duration_s, settings.warmup_s))
            pool = create_pool(emulator.base, demo.project_id, size, work / f"pool-{tag}.txt")
            base = calls["replicate"]
            return Call(base.name, base.method, base.path, body=base.body, ids=pool)

        if settings.warmup_s > 0:
            log(f"warm-up, {settings.warmup_s:g}s per server and call")
            warm_replicate = replicate_with_pool(32, "warmup")
            for target in report.targets_of("replicate"):
                for call in (warm_replicate, calls["show"]):
                    if target not in report.targets_of(call.name):
                        continue
                    result = load(target, call, 32, settings.warmup_s)
                    if not result["valid"]:
                        raise RuntimeError(f"warm-up of {target} {call.name} failed: {result}")
        for round_no in range(settings.rounds):
            for name in report.CALLS:
                targets = report.targets_of(name)
                shift = round_no % len(targets)
                order = targets[shift:] + targets[:shift]
                for conc in settings.concurrency:
                    call = calls[name]
                    if name == "replicate":
                        call = replicate_with_pool(conc, f"r{round_no}-c{conc}")
                    for target in order:
                        load1 = os.getloadavg()[0]
                        result = load(target, call, conc, settings.duration_s)
                        runs.append(
                            {
                                "round": round_no + 1,
                                "call": name,
                                "concurrency": conc,
                                "target": target,
                                "load1_before": round(load1, 2),
                                **result,
                            }
                        )
                        log(
                            f"round {round_no + 1} {name:9} c={conc:<2} {target:8} "
                            f"{result['rps']:8,.0f} req/s  p50 {result['p50_ms']:6.2f} ms  "
                            f"p99 {result['p99_ms']:6.2f} ms  non-2xx {result['non_2xx']}"
                        )
    return runs


# -- scale ---------------------------------------------------------------------------------


def scale(settings: Settings, work: Path) -> dict[str, Any]:
    """At each stored size: start-up time, then (c=32) showBackup, the list and count reads
    of `report.SCALE_READS`, and replicateBackup; medians over rounds and the p99 ratio of
    the largest size to the smallest for each."""
    seeded: dict[int, dict[str, Any]] = {}
    for size in settings.scale_sizes:
        db = work / f"scale-{size}.db"
        log(f"seeding {size:,} backups")
        seeded[size] = seed(db, size, work / f"scale-{size}-ids.txt")
        log(f"seeded {size:,} backups in {seeded[size]['seed_s']:.1f}s: {seeded[size]['statuses']}")
    runs: list[dict[str, Any]] = []
    for round_no in range(settings.rounds):
        sizes = settings.scale_sizes if round_no % 2 == 0 else settings.scale_sizes[::-1]
        for size in sizes:
            runs.append(scale_round(settings, work, size, seeded[size], round_no + 1))
    by_size: dict[str, Any] = {}
    for size in settings.scale_sizes:
        mine = [r for r in runs if r["seeded_backups"] == size]
        reads = {
            name: {
                **{
                    key: round(statistics.median(r["reads"][name][key] for r in mine), 3)
                    for key in ("rps", "p50_ms", "p99_ms")
                },
                "path": mine[0]["reads"][name]["path"],
                "answer_items": mine[0]["reads"][name]["answer_items"],
                "all_valid": all(r["reads"][name]["valid"] for r in mine),
            }
            for name in report.SCALE_READS
        }
        by_size[str(size)] = {
            **{k: v for k, v in seeded[size].items() if k != "demo"},
            **{key: round(statistics.median(r[key] for r in mine), 3) for key in SCALE_KEYS},
            "reads": reads,
            "all_valid": all(r["valid"] for r in mine),
        }
    small, large = (str(s) for s in (min(settings.scale_sizes), max(settings.scale_sizes)))

    def ratio(large_p99: float, small_p99: float) -> float:
        return round(large_p99 / small_p99, 3) if small_p99 else 0.0

    p99_ratio = {
        name: ratio(
            by_size[large]["reads"][name]["p99_ms"], by_size[small]["reads"][name]["p99_ms"]
        )
        for name in report.SCALE_READS
    }
    p99_ratio["replicate"] = ratio(
        by_size[large]["replicate_p99_ms"], by_size[small]["replicate_p99_ms"]
    )
    return {
        "sizes": by_size,
        "p99_ratio": p99_ratio,
        "read_duration_s": settings.read_duration_s,
        "runs": runs,
    }


def seed(db: Path, size: int, ids: Path) -> dict[str, Any]:
    import subprocess

    argv = [sys.executable, "-m", "bench.seed", "--db", str(db), "--count", str(size)]
    argv += ["--sample-out", str(ids)]
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"bench.seed failed (exit {proc.returncode}): {proc.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return data


def scale_calls(demo: Demo, probes: dict[str, Any], show_ids: Path) -> dict[str, Call]:
    """The reads of `report.SCALE_READS`: showBackup over ids spread across the table, then
    listBackups and countBackups with the common filters and sorts (issue 11). Each query
    selects about as many backups at every size (see bench/seed.py), so a slower answer at
    10^6 means the store reads more rows, not that it answers more."""
    items = f"/v1/{demo.project_id}/checkpoint_items"
    window = f"start_time={probes['start_time']}&end_time={probes['end_time']}"
    lists = {
        "list": "limit=10",
        "list_sort_name": "sort=name:asc&limit=10",
        "list_sort_updated": "sort=updated_at:desc&limit=10",
        "list_status": "status=available&limit=10",
        "list_resource_id": f"resource_id={probes['resource_id']}",
        "list_checkpoint_id": f"checkpoint_id={probes['checkpoint_id']}",
        "list_time_window": f"{window}&limit=10",
        "list_marker": f"marker={probes['marker_desc']}&limit=10",
        "list_asc_marker": f"sort=created_at:asc&marker={probes['marker_asc']}&limit=10",
    }
    counts = {
        "count_status": "status=available",
        "count_resource_id": f"resource_id={probes['resource_id']}",
    }
    calls = {"show": Call("show", "GET", f"{items}/{{id}}", ids=show_ids)}
    calls |= {name: Call(name, "GET", f"{items}?{query}") for name, query in lists.items()}
    calls |= {name: Call(name, "GET", f"{items}/count?{query}") for name, query in counts.items()}
    assert tuple(calls) == report.SCALE_READS
    return calls


def answer_size(base: str, call: Call, token: str) -> tuple[int, int]:
    """One call made before the load: its status and how many backups it selects (the
    page's items, or the count), recorded so that the sizes can be compared."""
    path = call.path
    if call.ids is not None:
        path = path.replace("{id}", call.ids.read_text("utf-8").split()[0])
    answer = httpx.get(f"{base}{path}", headers={"X-Auth-Token": token}, timeout=120)
    if not answer.is_success:
        log(f"{call.name}: {answer.status_code} {answer.text[:500]}")
        return answer.status_code, 0
    body = answer.json()
    if "count" in body:
        return answer.status_code, int(body["count"])
    if "checkpoint_items" in body:
        return answer.status_code, len(body["checkpoint_items"])
    return answer.status_code, 1


def drain(base: str) -> float:
    """Wait until the server has answered what wrk left in flight (a slow query leaves up to
    32 requests queued), so that the next run measures only its own calls; the seconds."""
    started = time.monotonic()
    httpx.get(f"{base}/_emulator/health", timeout=600).raise_for_status()
    return round(time.monotonic() - started, 3)


def scale_round(
    settings: Settings, work: Path, size: int, seeded: dict[str, Any], round_no: int
) -> dict[str, Any]:
    db = work / f"scale-{size}-run.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(work / f"scale-{size}.db", db)
    settle_disk()
    ids = work / f"scale-{size}-ids.txt"
    first = ids.read_text().split()[0]
    demo = demo_from(seeded["demo"])
    load1 = os.getloadavg()[0]
    server = start_emulator(f"scale-{size}", db, work, settings.server_cpu)
    reads: dict[str, dict[str, Any]] = {}
    try:
        # Ready means serving: a 200 for a stored backup, not merely an open port.
        headers = {"X-Auth-Token": demo.token}
        startup = server.wait_ready(f"/v1/{demo.project_id}/checkpoint_items/{first}", headers)
        for name, call in scale_calls(demo, seeded["probes"], ids).items():
            status, items = answer_size(server.base, call, demo.token)
            result = run_wrk(
                server.base, call, token=demo.token, concurrency=32,
                duration_s=settings.duration_s if name == "show" else settings.read_duration_s,
                wrap=True, cpu=settings.load_cpu, timeout_s=60,
            )  # fmt: skip
            reads[name] = {
                "path": call.path, "answer_status": status, "answer_items": items,
                **result, "drain_s": drain(server.base),
            }  # fmt: skip
            if not result["valid"]:
                log(f"scale round {round_no} {size:,} {name}: INVALID {result['statuses']}")
        show = reads["show"]
        health = httpx.get(f"{server.base}/_emulator/health", timeout=60).json()
        # Sized from show's rate, not half of it: a replicate reads what show reads and then
        # writes, so it is never faster, and show alone can be slowed by the machine's load
        # (2026-12-05: show slowed, the pool of 32,091 ran dry after 32,091 of 38,711 calls).
        size_guess = pool_size(max(show["rps"], 1000.0), settings.duration_s)
        pool = create_pool(server.base, demo.project_id, size_guess, work / "scale-pool.txt")
        base = demo.calls(ids)["replicate"]
        replicate = run_wrk(
            server.base, Call(base.name, base.method, base.path, base.body, pool),
            token=demo.token, concurrency=32, duration_s=settings.duration_s,
            wrap=False, cpu=settings.load_cpu,
        )  # fmt: skip
    finally:
        server.stop()
    log(
        f"scale round {round_no} {size:>9,} stored: start-up {startup:.2f}s, "
        + ", ".join(f"{name} {r['p99_ms']:.1f}" for name, r in reads.items())
        + f", replicate {replicate['p99_ms']:.1f} (p99 ms)"
    )
    return {
        "round": round_no,
        "seeded_backups": size,
        "load1_before": round(load1, 2),
        "stored_at_show": health["backups"],
        "stored_at_replicate": health["backups"] + size_guess,
        "startup_s": round(startup, 3),
        "show_rps": show["rps"],
        "show_p99_ms": show["p99_ms"],
        "replicate_rps": replicate["rps"],
        "replicate_p99_ms": replicate["p99_ms"],
        "valid": replicate["valid"] and all(r["valid"] for r in reads.values()),
        "reads": reads,
        "replicate": replicate,
    }


# -- the command line ----------------------------------------------------------------------


def wait_quiet(limit_s: float) -> bool:
    """Wait up to `limit_s` for the 1-minute load average to drop below QUIET_LOAD."""
    deadline = time.monotonic() + limit_s
    while os.getloadavg()[0] >= QUIET_LOAD and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0] < QUIET_LOAD


def parse(argv: list[str] | None) -> tuple[Settings, argparse.Namespace]:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="1 round, 1 s runs, small scale")
    parser.add_argument("--rounds", type=int, help="rounds (3; smoke 1)")
    parser.add_argument("--duration", type=float, help="seconds per run (10; smoke 1)")
    parser.add_argument("--warmup", type=float, help="warm-up seconds per server (3; smoke 0)")
    parser.add_argument("--scale-sizes", help="stored backups, comma-separated (1000,1000000)")
    parser.add_argument(
        "--read-duration", type=float, help="seconds per list/count run of the scale part (4)"
    )
    parser.add_argument("--no-scale", action="store_true", help="skip the scale runs")
    parser.add_argument(
        "--scale-only", action="store_true", help="only the scale runs (no Prism/ceiling rounds)"
    )
    parser.add_argument("--no-chores", action="store_true", help="skip contract/regen timing")
    parser.add_argument("--wait-quiet", type=float, default=0, help="wait up to N s for quiet")
    parser.add_argument("--out", type=Path, help="JSON path (bench/results/<time>.json)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    if args.scale_only and args.no_scale:
        parser.error("--scale-only and --no-scale exclude each other")
    smoke = args.smoke
    sizes = args.scale_sizes or ("100,1000" if smoke else "1000,1000000")
    two_cpus = (os.cpu_count() or 1) >= 2
    settings = Settings(
        smoke=smoke,
        rounds=args.rounds or (1 if smoke else 3),
        duration_s=args.duration or (1.0 if smoke else 10.0),
        warmup_s=args.warmup if args.warmup is not None else (0.0 if smoke else 3.0),
        concurrency=(1, 32),
        scale_sizes=tuple(int(s) for s in sizes.split(",")),
        read_duration_s=args.read_duration or (1.0 if smoke else 4.0),
        compare=not args.scale_only,
        scale=not args.no_scale,
        chores=not (args.no_chores or smoke),
        server_cpu="0" if two_cpus else None,
        load_cpu="1" if two_cpus else None,
    )
    return settings, args


def main(argv: list[str] | None = None) -> int:
    settings, args = parse(argv)
    quiet = wait_quiet(args.wait_quiet) if args.wait_quiet else None
    stamp = report.now_iso()
    out = args.out or (
        ROOT / "reports" / "bench-smoke.json"
        if settings.smoke
        else ROOT / "bench" / "results" / f"{stamp.replace(':', '').replace('+0000', 'Z')}.json"
    )
    work = Path(tempfile.mkdtemp(prefix="csbs-bench-"))
    load_before = os.getloadavg()
    started = time.monotonic()
    try:
        runs = compare(settings, work) if settings.compare else []
        summary = report.medians(runs)
        scaled = scale(settings, work) if settings.scale else None
        chores = suite.chores() if settings.chores else None
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    checks = report.targets(summary, scaled)
    result = {
        "schema": 1,
        "mode": "smoke" if settings.smoke else "full",
        "date": stamp,
        "wall_s": round(time.monotonic() - started, 1),
        "machine": {
            **report.machine(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "waited_for_quiet": quiet,
        },
        "versions": report.versions(),
        "settings": {
            "rounds": settings.rounds,
            "duration_s": settings.duration_s,
            "warmup_s": settings.warmup_s,
            "concurrency": list(settings.concurrency),
            "parts": {
                "compare": settings.compare,
                "scale": settings.scale,
                "chores": settings.chores,
            },
            "scale_sizes": list(settings.scale_sizes),
            "read_duration_s": settings.read_duration_s,
            "wrk_threads": 1,
            "server_cpu": settings.server_cpu,
            "load_cpu": settings.load_cpu,
            "server_workers": 1,
            # What a write waits for, in the emulator (its default durability) and the floor.
            "sqlite": {
                "emulator": {
                    "synchronous": store.SYNCHRONOUS["normal"],
                    "wal_autocheckpoint_pages": store.CHECKPOINT_PAGES,
                },
                "1-insert": {
                    "synchronous": ceiling.SYNCHRONOUS,
                    "wal_autocheckpoint_pages": ceiling.CHECKPOINT_PAGES,
                },
            },
        },
        "summary": summary,
        "targets": checks,
        "all_targets_met": all(t["met"] for t in checks),
        "all_runs_valid": all(r["valid"] for r in runs)
        and (scaled is None or all(r["valid"] for r in scaled["runs"])),
        "scale": scaled,
        "chores": chores,
        "runs": runs,
    }
    report.write(result, out)
    if summary:
        print(report.table(summary))
    for check in checks:
        mark = "met" if check["met"] else "NOT MET"
        print(f"  {check['name']}: {check['value']} ({check['op']} {check['limit']}) {mark}")
    print(f"bench: wrote {out}")
    return 0 if result["all_runs_valid"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
