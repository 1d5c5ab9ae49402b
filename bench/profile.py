"""A profile of the emulator's hot paths, in-process: the ASGI app called directly.

Owns: `python -m bench.profile`, which builds the emulator as `csbs-emulator serve` does (a
SQLite file in WAL mode, synchronous=OFF, access log off), makes a pool of fresh backups,
then drives `replicateBackup` (each call on a fresh backup, so each succeeds and writes) and
`showBackup` through the app's ASGI interface with no server and no network, under
pyinstrument, one at a time or in waves of `--concurrency` calls arriving together (as wrk's
connections do; group commit then shares one commit per wave). Prints the microseconds (wall
and CPU) per call and writes the profiles as text.
Must not import: the bench's servers (there is no server here).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyinstrument import Profiler

from csbs_emulator.app import Emulator
from csbs_emulator.config import EmulatorConfig
from csbs_emulator.csbs.model import PROVIDER_ID
from csbs_emulator.http import Message


async def call(
    app: Emulator, method: str, path: str, headers: list[tuple[bytes, bytes]], body: bytes
) -> tuple[int, bytes]:
    """One request through the ASGI interface; (status, body)."""
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        else:
            chunks.append(message.get("body", b""))

    path_only, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path_only,
        "raw_path": path_only.encode(),
        "query_string": query.encode(),
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
    }
    await app(scope, receive, send)
    return status, b"".join(chunks)


@dataclass
class InProcess:
    """An emulator built as `csbs-emulator serve` builds it (a SQLite file in WAL mode,
    access log off), its demo project's token headers, and `ids`: a pool of fresh backups,
    each replicable once (bench.profile and bench.cost drive it through `call`)."""

    app: Emulator
    project: str
    ids: list[str]
    headers: list[tuple[bytes, bytes]]
    replicate_body: bytes

    @classmethod
    def build(cls, db: Path, backups: int, made_by: str) -> InProcess:
        app = Emulator(EmulatorConfig(db_path=db, access_log=False))
        demo = app.control_plane.demo()
        project, token = demo["project_id"], demo["token"]
        ids = app.csbs.service.create_backups(project, backups, "available", None)
        headers = [
            (b"host", b"127.0.0.1:8080"),
            (b"x-auth-token", token.encode()),
            (b"content-type", b"application/json"),
        ]
        body = {
            "replication": {
                "destination_region": demo["destination_region"],
                "destination_project_id": demo["destination_project_id"],
                "name": "bench_replica",
                "description": f"made by {made_by}",
            }
        }
        return cls(app, project, ids, headers, json.dumps(body, separators=(",", ":")).encode())

    def replicate(self, item: str) -> Coroutine[Any, Any, tuple[int, bytes]]:
        path = f"/v1/{self.project}/providers/{PROVIDER_ID}/checkpoint_items/{item}/replicate"
        return call(self.app, "POST", path, self.headers, self.replicate_body)

    def show(self, item: str) -> Coroutine[Any, Any, tuple[int, bytes]]:
        path = f"/v1/{self.project}/checkpoint_items/{item}"
        return call(self.app, "GET", path, self.headers, b"")

    def list(self) -> Coroutine[Any, Any, tuple[int, bytes]]:
        path = f"/v1/{self.project}/checkpoint_items?limit=10"
        return call(self.app, "GET", path, self.headers, b"")


def timed(
    label: str,
    count: int,
    make: Callable[[int], Awaitable[tuple[int, bytes]]],
    profile: bool,
    concurrency: int,
) -> dict[str, Any]:
    async def loop() -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.process_time()
        # Waves of `concurrency` calls arriving together, as wrk's connections do.
        for first in range(0, count, concurrency):
            wave = range(first, min(count, first + concurrency))
            for i, (status, body) in zip(
                wave, await asyncio.gather(*(make(i) for i in wave)), strict=True
            ):
                if status != 200:
                    raise RuntimeError(f"{label} #{i} answered {status}: {body!r}")
        return time.perf_counter() - started, time.process_time() - cpu

    profiler = Profiler(interval=0.0002, async_mode="disabled") if profile else None
    if profiler:
        profiler.start()
    seconds, cpu_seconds = asyncio.run(loop())
    if profiler:
        profiler.stop()
    return {
        "call": label,
        "calls": count,
        "concurrency": concurrency,
        "us_per_call": round(seconds / count * 1e6, 1),
        "cpu_us_per_call": round(cpu_seconds / count * 1e6, 1),
        "profile": profiler.output_text(unicode=False, color=False) if profiler else "",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--out", type=Path, help="write the profiles here (text)")
    parser.add_argument("--no-profile", action="store_true", help="time only (no sampling)")
    parser.add_argument("--concurrency", type=int, default=1, help="calls arriving together")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="csbs-profile-") as scratch:
        bench = InProcess.build(Path(scratch) / "p.db", args.calls, "bench.profile")
        ids = bench.ids
        results = [
            timed(
                "replicateBackup",
                args.calls,
                lambda i: bench.replicate(ids[i]),
                not args.no_profile,
                args.concurrency,
            ),
            timed(
                "showBackup",
                args.calls,
                lambda i: bench.show(ids[i]),
                not args.no_profile,
                args.concurrency,
            ),
        ]
        bench.app.close()
    text = []
    for result in results:
        line = (
            f"{result['call']}: {result['us_per_call']} us per call, "
            f"{result['cpu_us_per_call']} us CPU ({result['calls']} calls, "
            f"{result['concurrency']} at a time)"
        )
        print(line)
        text += [line, result["profile"]]
    if args.out:
        args.out.write_text("\n".join(text), "utf-8")
        print(f"profile: wrote {args.out}")


if __name__ == "__main__":
    main()
