"""What one call costs, measured so that other work on the machine does not move the number.

Owns: `python -m bench.cost`, which builds the emulator as `csbs-emulator serve` does (a SQLite
file in WAL mode, synchronous=OFF, access log off, lifecycle instant), makes a pool of fresh
backups, warms up, then drives one call (`replicate`, `show`, `list`) through the app's ASGI
interface — no server, no network — in waves of `--concurrency` calls arriving together (as
wrk's connections do; group commit shares one commit per wave), and reports per call:

* SQL statements by kind (the connection's trace callback: SELECT, INSERT, UPDATE, SAVEPOINT,
  RELEASE, BEGIN, COMMIT, ...; Python 3.11 reports each statement a trigger runs with the text
  of the statement that fired it, so an INSERT into `backups` counts 3: itself and the two
  steps of the `backup_counts` upsert);
* CPU microseconds (the whole process, and the event loop's thread alone);
* with `--valgrind`: instructions (Ir) per call, from two runs under callgrind that differ
  only in the number of measured calls — start-up, the pool and the warm-up cancel out. This
  is the figure the changes of issue 19 are compared by: it does not move with the load.

The served path adds uvicorn's share (parsing, the transport) on top; `bench/README.md` has
it from the served runs.
Must not import: the bench's servers (there is no server here).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from .profile import InProcess

CALLS = ("replicate", "show", "list")


def measure(
    kind: str, calls: int, concurrency: int, warmup: int, count_sql: bool
) -> dict[str, Any]:
    """Run `warmup` then `calls` calls of `kind`; the per-call figures of the measured ones."""
    with tempfile.TemporaryDirectory(prefix="csbs-cost-") as scratch:
        bench = InProcess.build(Path(scratch) / "c.db", warmup + calls, "scripts/bench")
        app, ids = bench.app, bench.ids
        if kind != "replicate":  # shown backups carry a replication record, as in the bench
            for item in ids[:200]:
                asyncio.run(bench.replicate(item))

        def make(i: int) -> Awaitable[tuple[int, bytes]]:
            if kind == "replicate":
                return bench.replicate(ids[i])
            if kind == "show":
                return bench.show(ids[i % 200])
            return bench.list()

        async def waves(first: int, count: int) -> None:
            for start in range(first, first + count, concurrency):
                wave = range(start, min(first + count, start + concurrency))
                for status, answer in await asyncio.gather(*(make(i) for i in wave)):
                    if status != 200:
                        raise RuntimeError(f"{kind} answered {status}: {answer!r}")

        async def run() -> tuple[float, float, float]:
            await waves(0, warmup)
            statements.clear()
            _instrument("on")
            wall, cpu, thread = time.perf_counter(), time.process_time(), time.thread_time()
            await waves(warmup, calls)
            _instrument("off")
            return (
                time.perf_counter() - wall,
                time.process_time() - cpu,
                time.thread_time() - thread,
            )

        statements: Counter[str] = Counter()
        if count_sql:
            app.store.db.set_trace_callback(lambda sql: statements.update([_kind(sql)]))
        wall_s, cpu_s, thread_s = asyncio.run(run())
        app.close()
    return {
        "call": kind,
        "calls": calls,
        "concurrency": concurrency,
        "wall_us": round(wall_s / calls * 1e6, 1),
        "cpu_us": round(cpu_s / calls * 1e6, 1),
        "loop_thread_cpu_us": round(thread_s / calls * 1e6, 1),
        "statements": {k: round(v / calls, 3) for k, v in sorted(statements.items())}
        if count_sql
        else None,
        "statements_total": round(sum(statements.values()) / calls, 3) if count_sql else None,
    }


_PROFILER: cProfile.Profile | None = None


def _instrument(state: str) -> None:
    """Under callgrind (`--valgrind`), switch its counting on or off here: only the measured
    calls are counted, not the start-up, the pool or the warm-up. Likewise cProfile."""
    if _PROFILER is not None:
        _PROFILER.enable() if state == "on" else _PROFILER.disable()
    if os.environ.get("CSBS_COST_CALLGRIND") == "1":
        subprocess.run(
            ["callgrind_control", "--instr=" + state, str(os.getpid())],
            check=True, capture_output=True,
        )  # fmt: skip


def _kind(sql: str) -> str:
    text = sql.lstrip()
    if text.startswith("--"):  # a trigger's statement: "-- TRIGGER name"
        return "trigger " + text.split()[-1]
    word = text.split(None, 1)[0].upper() if text else "?"
    if word == "PRAGMA":
        return "PRAGMA " + text.split()[1].split("(")[0].split("=")[0].lower()
    return word


def _thread_totals(out_dir: Path) -> dict[str, int]:
    """Instructions by thread from callgrind's files (`--separate-threads=yes`): the first
    thread is the event loop's; the others (asyncio's, uvicorn's) depend on wall time too."""
    totals: dict[str, int] = {}
    for path in sorted(out_dir.glob("cg.out*")):
        found = re.search(r"^totals:\s*(\d+)", path.read_text(), re.MULTILINE)
        if found:
            totals[path.name.rsplit("-", 1)[-1]] = int(found.group(1))
    return totals


def _per_call(totals: dict[str, int], calls: int) -> dict[str, Any]:
    loop = totals.get("01", 0)
    return {
        "instructions_per_call": round(sum(totals.values()) / calls),
        "loop_thread_instructions_per_call": round(loop / calls),
        "other_threads_instructions_per_call": round((sum(totals.values()) - loop) / calls),
    }


def instructions(kind: str, calls: int, concurrency: int, warmup: int) -> dict[str, Any]:
    """Instructions per call: a callgrind run whose counting is on only around the measured
    calls (`_instrument`); the totals divided by `calls`."""
    with tempfile.TemporaryDirectory(prefix="csbs-cost-cg-") as out:
        argv = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/cg.out",
            "--separate-threads=yes", "--instr-atstart=no",
            sys.executable, "-m", "bench.cost", "--call", kind, "--calls", str(calls),
            "--concurrency", str(concurrency), "--warmup", str(warmup), "--no-sql",
        ]  # fmt: skip
        env = {**os.environ, "CSBS_COST_CALLGRIND": "1"}
        proc = subprocess.run(argv, capture_output=True, text=True, check=False, env=env)
        totals = _thread_totals(Path(out))
        if proc.returncode != 0 or not totals:
            raise RuntimeError(f"callgrind run failed: {proc.stderr[-3000:]}")
    return {"call": kind, "concurrency": concurrency, "calls": calls, **_per_call(totals, calls)}


# -- served: the emulator as `csbs-emulator serve` runs it, over loopback --------------------


async def _drive(port: int, requests: list[bytes], concurrency: int) -> list[float]:
    """Send `requests` over `concurrency` keep-alive connections, each waiting for its
    answer before the next (as wrk does); every answer must be 200. The latencies (s)."""
    queue = list(reversed(requests))
    latencies: list[float] = []

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while queue:
                request = queue.pop()
                started = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                body = await reader.readexactly(length)
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    raise RuntimeError(f"answered {status}: {body[:300]!r}")
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return latencies


def _proc_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def served(
    kind: str, calls: int, concurrency: int, warmup: int, valgrind: bool, cpu: str | None
) -> dict[str, Any]:
    """`calls` calls of `kind` to a served emulator: its CPU per call (from /proc), or with
    `valgrind` its instructions per call (callgrind counting only the measured calls)."""
    import httpx

    from csbs_emulator.csbs.model import PROVIDER_ID

    from .servers import HOST, free_port, pinned, spawn

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="csbs-cost-") as scratch:
        argv = [sys.executable, "-m", "csbs_emulator", "serve", "--host", HOST]
        argv += ["--port", str(port), "--db", f"{scratch}/s.db", "--no-access-log", "--quiet"]
        if valgrind:
            argv = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
                    "--separate-threads=yes", f"--callgrind-out-file={scratch}/cg.out",
                    *argv]  # fmt: skip
        server = spawn("cost-server", pinned(cpu, argv), port, Path(scratch))
        proc = server.proc
        try:
            server.wait_ready("/_emulator/demo", {}, timeout=600)  # valgrind starts slowly
            base = server.base
            demo = httpx.get(f"{base}/_emulator/demo", timeout=60).json()
            project, token = demo["project_id"], demo["token"]
            ids = httpx.post(
                f"{base}/_emulator/backups",
                json={"project_id": project, "count": warmup + calls + 200},
                timeout=600,
            ).json()["checkpoint_item_ids"]
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

            def request(i: int, call: str = kind) -> bytes:
                if call == "replicate":
                    path = f"/v1/{project}/providers/{PROVIDER_ID}/checkpoint_items/{ids[i]}"
                    return (
                        f"POST {path}/replicate HTTP/1.1\r\n{head}"
                        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                        f"\r\n{body}"
                    ).encode()
                if call == "show":
                    path = f"/v1/{project}/checkpoint_items/{ids[-1 - i % 200]}"
                else:
                    path = f"/v1/{project}/checkpoint_items?limit=10"
                return f"GET {path} HTTP/1.1\r\n{head}\r\n".encode()

            if kind != "replicate":  # shown backups carry a replication record, as in the bench
                shown = range(len(ids) - 200, len(ids))
                asyncio.run(_drive(port, [request(i, "replicate") for i in shown], 8))
            asyncio.run(_drive(port, [request(i) for i in range(warmup)], concurrency))
            measured = [request(warmup + i) for i in range(calls)]
            if valgrind:
                _control(proc.pid, "on")
            cpu_before, started = _proc_cpu_s(proc.pid), time.perf_counter()
            latencies = asyncio.run(_drive(port, measured, concurrency))
            wall_s, cpu_s = time.perf_counter() - started, _proc_cpu_s(proc.pid) - cpu_before
            if valgrind:
                _control(proc.pid, "off")
        finally:
            server.stop(timeout=120)  # callgrind writes its counts as it ends
        result: dict[str, Any] = {
            "call": kind,
            "served": True,
            "calls": calls,
            "concurrency": concurrency,
            "server_cpu_us": round(cpu_s / calls * 1e6, 1),
            "wall_us": round(wall_s / calls * 1e6, 1),
            "rps": round(calls / wall_s, 1),
            "p50_ms": round(sorted(latencies)[len(latencies) // 2] * 1000, 3),
            "p99_ms": round(sorted(latencies)[int(len(latencies) * 0.99)] * 1000, 3),
            "load1": round(os.getloadavg()[0], 2),
        }
        if valgrind:
            totals = _thread_totals(Path(scratch))
            if not totals:
                raise RuntimeError(server.log_tail())
            result.update(_per_call(totals, calls))
            del result["rps"], result["p50_ms"], result["p99_ms"], result["wall_us"]
        return result


def _control(pid: int, state: str) -> None:
    subprocess.run(["callgrind_control", "--instr=" + state, str(pid)], check=True,
                   capture_output=True)  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cost", description=__doc__)
    parser.add_argument("--call", choices=CALLS, default="replicate")
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--no-sql", action="store_true", help="do not count statements")
    parser.add_argument("--cprofile", type=Path, help="cProfile the measured calls into FILE")
    parser.add_argument(
        "--valgrind", action="store_true", help="instructions per call (two callgrind runs)"
    )
    parser.add_argument(
        "--served", action="store_true", help="a served emulator over loopback (uvicorn too)"
    )
    parser.add_argument("--cpu", help="pin the served emulator to this CPU list (taskset)")
    args = parser.parse_args(argv)
    result: dict[str, Any]
    if args.served:
        result = served(args.call, args.calls, args.concurrency, args.warmup, args.valgrind,
                        args.cpu)  # fmt: skip
    elif args.valgrind:
        result = instructions(args.call, args.calls, args.concurrency, args.warmup)
    else:
        global _PROFILER
        if args.cprofile:
            _PROFILER = cProfile.Profile(time.thread_time)  # CPU time: the load does not count
        result = measure(args.call, args.calls, args.concurrency, args.warmup, not args.no_sql)
        result["load1"] = round(os.getloadavg()[0], 2)
        if _PROFILER is not None:
            _PROFILER.dump_stats(args.cprofile)
            pstats.Stats(str(args.cprofile)).sort_stats("tottime").print_stats(40)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
