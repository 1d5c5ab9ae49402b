"""Where a single client's slow calls come from: a latency timeline beside the server's events.

Owns: `python -m bench.stalls`, which serves the emulator as `csbs-emulator serve` does (same
CLI, same uvicorn settings) with recorders added around what can hold a call up — the group
commit's COMMIT (`Store.flush`) and, within it, the WAL checkpoint when the commit ran one,
the lifecycle tick of each room, the garbage collector (`gc.callbacks`) and each call's time
inside the app — then drives one call (`replicate` by default) from one keep-alive connection
(c=1, as the bench's c=1 runs) and writes:

* every call's client latency and time inside the app, and every event, as JSON;
* a report: latency percentiles, a timeline (per `--bucket` ms: calls, p50, p99, max, and the
  events in it), and every call over `--slow` ms with what overlapped it.

All times are CLOCK_MONOTONIC (the client and the server are two processes on one clock).
A slow call that nothing on the server overlaps spent its time outside the server's Python
(in the kernel, or the server or client not running: the machine's other load).

Run: python -m bench.stalls [--call replicate] [--seconds 20] [--out FILE.json]
     python -m bench.stalls serve ...   (the instrumented server; started by the above)
Must not change: what the emulator does (only time stamps are added around its calls).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

Event = tuple[str, int, int, str]  # kind, start ns, end ns, detail

_EVENTS: list[Event] = []
_CALLS: list[tuple[int, int]] = []  # app start/end ns


def _now() -> int:
    return time.monotonic_ns()


def _backfilled(db_path: str) -> int:
    """How many WAL frames have been copied into the database: `nBackfill`, the first word
    of the WAL index's checkpoint info (bytes 96-99 of the `-shm` file, after the index
    header's two 48-byte copies; native byte order). A checkpoint raises it; a WAL restart
    (at a commit's first frame, once all was copied) sets it to 0. The emulator's checkpoints
    run inside a commit (`wal_autocheckpoint`), after its frames, so a commit after which it
    is higher than before checkpointed; one that restarted the WAL and then checkpointed in
    the same commit (over 1,000 pages of its own) can read lower and is not counted."""
    try:
        with open(db_path + "-shm", "rb") as shm:
            shm.seek(96)
            return int.from_bytes(shm.read(4), sys.byteorder)
    except OSError:
        return 0


def _instrument(events_out: Path) -> None:
    """Wrap what can stall a call with time stamps (before the emulator is built)."""
    import threading

    from csbs_emulator import http, store
    from csbs_emulator.cbr import service as cbr_service
    from csbs_emulator.csbs import service as csbs_service

    gc_started: list[int] = [0]

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            gc_started[0] = _now()
        else:
            _EVENTS.append(("gc", gc_started[0], _now(), f"gen{info['generation']}"))

    gc.callbacks.append(on_gc)

    flush = store.Store.flush

    def timed_flush(self: store.Store) -> None:
        pending = self.pending
        backfilled = _backfilled(self.path) if pending else 0  # read outside the timed span
        started = _now()
        try:
            flush(self)
        finally:
            if pending:
                ended = _now()
                _EVENTS.append(("commit", started, ended, ""))
                if _backfilled(self.path) > backfilled:  # the commit copied the WAL
                    _EVENTS.append(("checkpoint", started, ended, "in the commit"))

    store.Store.flush = timed_flush  # type: ignore[method-assign]

    rooms: tuple[tuple[Any, str], ...] = (
        (csbs_service.ReplicationService, "csbs"),
        (cbr_service.CbrService, "cbr"),
    )
    for cls, label in rooms:
        original = cls.tick

        def timed_tick(self: Any, _original: Any = original, _label: str = label) -> Any:
            started = _now()
            try:
                return _original(self)
            finally:
                _EVENTS.append(("tick", started, _now(), _label))

        cls.tick = timed_tick

    app_call = http.SpecApp.__call__
    # The loop thread's time spent runnable but not running (waiting for a CPU), from
    # the kernel's schedstat: what a loaded machine adds to a call.
    schedstat = os.open(f"/proc/self/task/{threading.get_native_id()}/schedstat", os.O_RDONLY)

    def waited_ns() -> int:
        return int(os.pread(schedstat, 128, 0).split()[1])

    async def timed_call(self: Any, scope: Any, receive: Any, send: Any) -> None:
        started, waited = _now(), waited_ns()

        async def timed_send(message: Any) -> None:
            await send(message)
            if message["type"] == "http.response.body":
                _CALLS.append((started, _now()))
                _EVENTS.append(("cpu wait", started, started + waited_ns() - waited, ""))

        await app_call(self, scope, receive, timed_send)

    http.SpecApp.__call__ = timed_call  # type: ignore[method-assign]


def serve(argv: list[str]) -> int:
    events_out = Path(argv[0])
    _instrument(events_out)
    from csbs_emulator.cli import main

    def dump(*_: Any) -> None:
        events_out.write_text(json.dumps({"events": _EVENTS, "calls": _CALLS}))
        os._exit(0)

    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again with the
    # handler that was there before it: this one, which writes what was recorded.
    signal.signal(signal.SIGTERM, dump)
    return main(["serve", *argv[1:]])


# -- the client and the report ---------------------------------------------------------------


async def _one_client(
    port: int, requests: list[bytes], seconds: float
) -> list[tuple[int, int, int]]:
    """Send the requests one after another on one connection for `seconds`; (start ns, end
    ns, status) of each."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    out: list[tuple[int, int, int]] = []
    deadline = _now() + int(seconds * 1e9)
    try:
        for request in requests:
            if _now() > deadline:
                break
            started = _now()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            out.append((started, _now(), int(head.split(b" ", 2)[1])))
    finally:
        writer.close()
    return out


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


def _cause(start: int, end: int, latency: float, app_ms: float | None, events: list[Event]) -> str:
    """What most likely held a slow call up: the longest event on the server's event loop
    within it (a commit, a tick, a GC pass, or "cpu wait": the loop's thread runnable but
    not running, the machine's other load), else where the time was (in the app or not);
    "+ checkpoint" when a commit within it copied the WAL into the database."""
    on_loop = [
        ((e_end - e_start) / 1e6, kind if kind != "gc" else f"gc {detail}")
        for kind, e_start, e_end, detail in events
        if kind != "checkpoint" and e_start < end and e_end > start and e_end > e_start
    ]
    longest = max(on_loop, default=(0.0, ""))
    if longest[0] >= max(1.0, latency / 3):
        cause = f"{longest[1]} took {'>= 1' if longest[0] < 5 else '>= 5'} ms"
    elif app_ms is not None and app_ms >= latency / 2:
        cause = "in the app, no single event"
    else:
        cause = "outside the app (kernel, scheduling, client)"
    if any(k == "checkpoint" and s < end and e > start for k, s, e, _ in events):
        cause += " + checkpoint"
    return cause


def report(
    calls: list[tuple[int, int, int]],
    server_calls: list[tuple[int, int]],
    events: list[Event],
    bucket_ms: float,
    slow_ms: float,
) -> dict[str, Any]:
    if not calls:
        return {"calls": 0}
    t0 = calls[0][0]
    latencies = [(end - start) / 1e6 for start, end, _ in calls]
    # Each client call's time inside the app: the server call that started within it.
    server_sorted = sorted(server_calls)
    inside: list[float | None] = []
    j = 0
    for start, end, _ in calls:
        while j < len(server_sorted) and server_sorted[j][0] < start:
            j += 1
        if j < len(server_sorted) and server_sorted[j][0] <= end:
            inside.append((server_sorted[j][1] - server_sorted[j][0]) / 1e6)
        else:
            inside.append(None)

    def overlapping(start: int, end: int) -> list[str]:
        found = []
        for kind, e_start, e_end, detail in events:
            if e_start < end and e_end > start:
                found.append(f"{kind} {detail} {(e_end - e_start) / 1e6:.1f}ms".replace("  ", " "))
        return found

    slow: list[dict[str, Any]] = []
    causes: dict[str, int] = {}
    for (start, end, status), latency, app_ms in zip(calls, latencies, inside, strict=True):
        if latency < slow_ms:
            continue
        found = overlapping(start, end)
        causes[_cause(start, end, latency, app_ms, events)] = (
            causes.get(_cause(start, end, latency, app_ms, events), 0) + 1
        )
        slow.append(
            {
                "at_s": round((start - t0) / 1e9, 3),
                "latency_ms": round(latency, 2),
                "in_app_ms": round(app_ms, 2) if app_ms is not None else None,
                "status": status,
                "cause": _cause(start, end, latency, app_ms, events),
                "overlapping": found,
            }
        )
    timeline = []
    width = int(bucket_ms * 1e6)
    end_all = calls[-1][1]
    for b_start in range(t0, end_all, width):
        b_end = b_start + width
        mine = [
            lat for (s, _, _), lat in zip(calls, latencies, strict=True) if b_start <= s < b_end
        ]
        kinds: dict[str, list[float]] = {}
        for kind, e_start, e_end, detail in events:
            if b_start <= e_start < b_end:
                label = kind if kind != "gc" else f"gc {detail}"
                kinds.setdefault(label, []).append((e_end - e_start) / 1e6)
        timeline.append(
            {
                "at_s": round((b_start - t0) / 1e9, 2),
                "calls": len(mine),
                "p50_ms": round(_percentile(mine, 0.5), 2),
                "p99_ms": round(_percentile(mine, 0.99), 2),
                "max_ms": round(max(mine), 2) if mine else 0.0,
                "events": {k: {"n": len(v), "max_ms": round(max(v), 2)} for k, v in kinds.items()},
            }
        )
    by_kind: dict[str, list[float]] = {}
    for kind, e_start, e_end, detail in events:
        if t0 <= e_start <= end_all:
            label = kind if kind != "gc" else f"gc {detail}"
            by_kind.setdefault(label, []).append((e_end - e_start) / 1e6)
    seconds = (end_all - t0) / 1e9
    return {
        "calls": len(calls),
        "seconds": round(seconds, 2),
        "rps": round(len(calls) / seconds, 1),
        "non_200": sum(1 for *_, status in calls if status != 200),
        "latency_ms": {
            "p50": round(_percentile(latencies, 0.5), 3),
            "p90": round(_percentile(latencies, 0.9), 3),
            "p99": round(_percentile(latencies, 0.99), 3),
            "p999": round(_percentile(latencies, 0.999), 3),
            "max": round(max(latencies), 3),
            "mean": round(statistics.fmean(latencies), 3),
        },
        "in_app_ms": {
            "p50": round(_percentile([x for x in inside if x is not None], 0.5), 3),
            "p99": round(_percentile([x for x in inside if x is not None], 0.99), 3),
            "max": round(max((x for x in inside if x is not None), default=0.0), 3),
        },
        "events": {
            k: {
                "n": len(v),
                "per_s": round(len(v) / seconds, 1),
                "p50_ms": round(_percentile(v, 0.5), 3),
                "max_ms": round(max(v), 3),
                "total_ms": round(sum(v), 1),
            }
            for k, v in sorted(by_kind.items())
        },
        "slow_threshold_ms": slow_ms,
        "slow_calls": len(slow),
        "slow_by_overlap": dict(sorted(causes.items(), key=lambda kv: -kv[1])),
        "slowest": sorted(slow, key=lambda s: -float(s["latency_ms"]))[:25],
        "timeline": timeline,
    }


def print_report(result: dict[str, Any]) -> None:
    lat = result["latency_ms"]
    print(
        f"{result['calls']} calls in {result['seconds']} s ({result['rps']} req/s), "
        f"non-200 {result['non_200']}; latency ms p50 {lat['p50']} p90 {lat['p90']} "
        f"p99 {lat['p99']} p99.9 {lat['p999']} max {lat['max']}; in the app p50 "
        f"{result['in_app_ms']['p50']} p99 {result['in_app_ms']['p99']} max "
        f"{result['in_app_ms']['max']}"
    )
    for kind, e in result["events"].items():
        print(
            f"  {kind:12} {e['n']:6} ({e['per_s']}/s)  p50 {e['p50_ms']} ms  max "
            f"{e['max_ms']} ms  total {e['total_ms']} ms"
        )
    print(f"calls over {result['slow_threshold_ms']} ms: {result['slow_calls']}")
    for cause, n in result["slow_by_overlap"].items():
        print(f"  {n:6}  {cause}")
    print("timeline (per bucket: calls, p50/p99/max ms, events n/max ms):")
    for row in result["timeline"]:
        events = ", ".join(f"{k} {v['n']}/{v['max_ms']}" for k, v in row["events"].items())
        bar = "#" * min(60, int(row["max_ms"]))
        print(
            f"  {row['at_s']:7.2f}s {row['calls']:5} {row['p50_ms']:6.2f} {row['p99_ms']:7.2f} "
            f"{row['max_ms']:7.2f} {bar:<60} {events}"
        )


def run(args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    from csbs_emulator.csbs.model import PROVIDER_ID

    from .servers import HOST, free_port, pinned, spawn

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="csbs-stalls-") as scratch:
        events_file = Path(scratch) / "events.json"
        argv = [sys.executable, "-m", "bench.stalls", "serve", str(events_file), "--host", HOST]
        argv += ["--port", str(port), "--db", f"{scratch}/s.db", "--no-access-log", "--quiet"]
        server = spawn("stalls-server", pinned(args.server_cpu, argv), port, Path(scratch))
        try:
            server.wait_ready("/_emulator/demo", {}, timeout=120)
            base = server.base
            demo = httpx.get(f"{base}/_emulator/demo", timeout=30).json()
            project, token = demo["project_id"], demo["token"]
            count = int(args.seconds * 4000) + 2000
            ids = httpx.post(
                f"{base}/_emulator/backups",
                json={"project_id": project, "count": count},
                timeout=600,
            ).json()["checkpoint_item_ids"]
            os.sync()
            time.sleep(0.5)
            body = json.dumps(
                {
                    "replication": {
                        "destination_region": demo["destination_region"],
                        "destination_project_id": demo["destination_project_id"],
                        "name": "bench_replica",
                        "description": "made by scripts/bench",
                    }
                },
                separators=(",", ":"),
            )
            head = f"Host: {HOST}:{port}\r\nX-Auth-Token: {token}\r\n"
            if args.call == "replicate":
                prefix = f"/v1/{project}/providers/{PROVIDER_ID}/checkpoint_items"
                requests = [
                    (
                        f"POST {prefix}/{item}/replicate HTTP/1.1\r\n{head}"
                        "Content-Type: application/json\r\n"
                        f"Content-Length: {len(body)}\r\n\r\n{body}"
                    ).encode()
                    for item in ids
                ]
            else:
                path = f"/v1/{project}/checkpoint_items/{ids[0]}"
                requests = [f"GET {path} HTTP/1.1\r\n{head}\r\n".encode()] * count
            load1 = os.getloadavg()[0]
            calls = asyncio.run(_one_client(port, requests, args.seconds))
        finally:
            server.stop()  # SIGTERM: the instrumented server writes its events as it ends
        recorded = json.loads(events_file.read_text())
    events: list[Event] = [(str(k), int(s), int(e), str(d)) for k, s, e, d in recorded["events"]]
    served = [(int(s), int(e)) for s, e in recorded["calls"]]
    result = report(calls, served, events, args.bucket, args.slow)
    result["call"] = args.call
    result["load1_before"] = round(load1, 2)
    result["load1_after"] = round(os.getloadavg()[0], 2)
    return result


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        return serve(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bench.stalls", description=__doc__)
    parser.add_argument("--call", choices=("replicate", "show"), default="replicate")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--bucket", type=float, default=500.0, help="timeline bucket, ms")
    parser.add_argument("--slow", type=float, default=5.0, help="a slow call, ms")
    parser.add_argument("--server-cpu", default="0", help="taskset CPU list of the server")
    parser.add_argument("--out", type=Path, help="write the whole result as JSON here")
    args = parser.parse_args(argv)
    result = run(args)
    print_report(result)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
