"""Running wrk with bench/wrk/walk.lua and reading its result.

Owns: one load run (a call, a concurrency, a duration) against one server, with wrk pinned to
the load CPU, and its numbers: req/s, p50/p99 in ms, every status counted, and whether the
run is valid (every answer 2xx, no socket error, the id pool not exhausted).
Must not import: the emulator.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .servers import pinned

SCRIPT = Path(__file__).resolve().parent / "wrk" / "walk.lua"
_RESULT = re.compile(r"^BENCH_RESULT (\{.*\})$", re.MULTILINE)


@dataclass(frozen=True)
class Call:
    """One benchmarked call: what walk.lua sends."""

    name: str  # replicate, show, list
    method: str
    path: str  # may hold "{id}"
    body: str | None = None
    ids: Path | None = None


def wrk_version() -> str:
    if shutil.which("wrk") is None:
        return "missing"
    proc = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    match = re.search(r"wrk (\S+)", proc.stdout + proc.stderr)
    return match.group(1) if match else "unknown"


def run_wrk(
    base: str,
    call: Call,
    *,
    token: str,
    concurrency: int,
    duration_s: float,
    wrap: bool,
    cpu: str | None,
    threads: int = 1,
    timeout_s: float = 10,
) -> dict[str, Any]:
    """Load `base` with `call`; the run's numbers (see module docstring)."""
    env = dict(os.environ)
    env.update(
        BENCH_METHOD=call.method,
        BENCH_PATH=call.path,
        BENCH_TOKEN=token,
        BENCH_THREADS=str(threads),
        BENCH_WRAP="1" if wrap else "0",
    )
    if call.body is not None:
        env["BENCH_BODY"] = call.body
    if call.ids is not None:
        env["BENCH_IDS"] = str(call.ids)
    argv = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{duration_s:g}s", "--latency"]
    argv += ["--timeout", f"{timeout_s:g}s", "-s", str(SCRIPT), base]
    proc = subprocess.run(
        pinned(cpu, argv),
        env=env,
        capture_output=True,
        text=True,
        timeout=duration_s + timeout_s + 60,
        check=False,
    )
    match = _RESULT.search(proc.stdout)
    if proc.returncode != 0 or match is None:
        raise RuntimeError(f"wrk failed (exit {proc.returncode}): {proc.stdout}{proc.stderr}")
    raw = json.loads(match.group(1))
    return summarise(raw)


def summarise(raw: dict[str, Any]) -> dict[str, Any]:
    statuses = {str(k): int(v) for k, v in raw["statuses"].items()}
    non_2xx = sum(count for status, count in statuses.items() if not status.startswith("2"))
    socket_errors = sum(int(raw["errors"][k]) for k in ("connect", "read", "write", "timeout"))
    seconds = raw["duration_us"] / 1e6
    latency = raw["latency_us"]
    return {
        "requests": raw["requests"],
        "duration_s": round(seconds, 3),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(latency["p50"] / 1000, 3),
        "p99_ms": round(latency["p99"] / 1000, 3),
        "max_ms": round(latency["max"] / 1000, 3),
        "statuses": statuses,
        "non_2xx": non_2xx,
        "socket_errors": socket_errors,
        "ids_exhausted": raw["ids_exhausted"],
        "valid": non_2xx == 0 and socket_errors == 0 and raw["requests"] > 0,
    }
