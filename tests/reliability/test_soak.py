"""Soak: a bounded mixed load with injected faults, watching errors, memory and descriptors.

Two paced client threads (about RATE calls per second in all) replicate fresh backups to
random regions, show backups, list pages and read the capabilities for SOAK_SECONDS (60 by
default; CSBS_SOAK_SECONDS overrides it for longer local runs), while the control plane
injects 503 on 5% of public calls (`PUT /_emulator/faults`, seed 1). Afterwards:

* every answer was a 200 or an injected fault (503 `CSBS.9998`); a faulted replicate is
  retried and must then succeed or be faulted again (a fault never changes state);
* the share of injected faults is near the configured rate (they were really on);
* resident memory, sampled every half second, grows by less than RSS_BOUND between the
  mean of the first and the last third of the run (after a warm-up);
* open file descriptors stay flat (max - min <= FD_SLACK);
* the replicated backups are whole (`support.consistency_violations`, on a sample).

The figures go to reports/reliability.json ("soak").
"""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from .conftest import Figures, Spawn
from .support import (
    DESTINATIONS,
    PROJECT,
    EmulatorProcess,
    consistency_violations,
    create_backups,
    replicate_body,
    replicate_path,
    token,
)

# Timing-sensitive: never beside another test of the `serial` group in a parallel run
# (tools/pytest_parallel.py).
pytestmark = pytest.mark.xdist_group("serial")

SOAK_SECONDS = float(os.environ.get("CSBS_SOAK_SECONDS", "60"))
WARM_UP_SECONDS = 5.0
RATE = 150.0  # calls per second, all workers together
WORKERS = 2
FAULT_RATE = 0.05
RSS_BOUND = 10 * 1024 * 1024
FD_SLACK = 4
MiB = 1024 * 1024


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    calls: Counter[str] = field(default_factory=Counter)  # by operation
    injected: Counter[str] = field(default_factory=Counter)  # by error_code
    unexpected: list[str] = field(default_factory=list)
    replicated: list[str] = field(default_factory=list)

    def note(self, operation: str, response: httpx.Response) -> bool:
        """Count one public call; True if it succeeded, False if a fault was injected."""
        with self.lock:
            self.calls[operation] += 1
            if response.status_code == 200:
                return True
            code = _code(response)
            if (response.status_code, code) == (503, "CSBS.9998") and "Injected fault" in (
                response.json().get("error_msg", "")
            ):
                self.injected[code] += 1
            else:
                self.unexpected.append(f"{operation}: {response.status_code} {response.text}")
            return False


def _code(response: httpx.Response) -> str:
    try:
        return str(response.json().get("error_code", ""))
    except ValueError:
        return ""


def _worker(url: str, tally: Tally, deadline: float, seed: int) -> None:
    try:
        _load(url, tally, deadline, seed)
    except Exception as exc:  # a dead worker must fail the test, not just stop the load
        with tally.lock:
            tally.unexpected.append(f"worker {seed}: {exc!r}")


def _load(url: str, tally: Tally, deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    regions = sorted(DESTINATIONS)
    pace = WORKERS / RATE
    pool: list[str] = []
    known: list[str] = []
    with httpx.Client(base_url=url, timeout=15.0, headers=token()) as client:
        next_call = time.monotonic()
        while time.monotonic() < deadline:
            next_call += pace
            time.sleep(max(0.0, next_call - time.monotonic()))
            roll = rng.random()
            if roll < 0.25:
                if not pool:
                    pool = create_backups(client, 20)  # control plane: never faulted
                item = pool.pop()
                body = replicate_body(rng.choice(regions), name=f"soak-{seed}")
                for _attempt in range(5):  # retry injected faults: they change nothing
                    response = client.post(replicate_path(item), json=body)
                    if tally.note("replicateBackup", response):
                        with tally.lock:
                            tally.replicated.append(item)
                        known.append(item)
                        break
                    if _code(response) != "CSBS.9998":
                        break
            elif roll < 0.6 and known:
                item = rng.choice(known)
                tally.note("showBackup", client.get(f"/v1/{PROJECT}/checkpoint_items/{item}"))
            elif roll < 0.9:
                params: dict[str, Any] = {"limit": rng.choice([1, 10, 100])}
                if known and rng.random() < 0.5:
                    params["marker"] = rng.choice(known)
                response = client.get(f"/v1/{PROJECT}/checkpoint_items", params=params)
                tally.note("listBackups", response)
            else:
                response = client.get(f"/v1/{PROJECT}/replication_capabilities")
                tally.note("showReplicationCapabilities", response)


def _sample(
    server: EmulatorProcess, stop: threading.Event, samples: list[tuple[float, int, int]]
) -> None:
    started = time.monotonic()
    while not stop.wait(0.5):
        samples.append((time.monotonic() - started, server.rss(), server.num_fds()))


@pytest.mark.slow
def test_soak_mixed_load_with_faults(spawn: Spawn, figures: Figures) -> None:
    server = spawn(lifecycle="delay", delay=0.2)
    with server.client() as control:
        rules = {"seed": 1, "rules": [{"operation": "*", "status": 503, "rate": FAULT_RATE}]}
        assert control.put("/_emulator/faults", json=rules).status_code == 200
    tally = Tally()
    started = time.monotonic()
    deadline = started + WARM_UP_SECONDS + SOAK_SECONDS
    workers = [
        threading.Thread(target=_worker, args=(server.base_url, tally, deadline, n), daemon=True)
        for n in range(WORKERS)
    ]
    for w in workers:
        w.start()
    time.sleep(WARM_UP_SECONDS)  # first calls fill caches; that is not growth
    samples: list[tuple[float, int, int]] = []
    stop = threading.Event()
    sampler = threading.Thread(target=_sample, args=(server, stop, samples), daemon=True)
    sampler.start()
    for w in workers:
        w.join(timeout=SOAK_SECONDS + 60)
    stop.set()
    sampler.join(timeout=10)
    elapsed = time.monotonic() - started
    assert not any(w.is_alive() for w in workers), "a worker did not stop by its deadline"
    assert server.running

    assert tally.unexpected == [], "\n".join(tally.unexpected[:20])
    calls = sum(tally.calls.values())
    injected = sum(tally.injected.values())
    assert calls > SOAK_SECONDS * RATE * 0.3, f"only {calls} calls: the load did not run"
    assert FAULT_RATE * 0.5 < injected / calls < FAULT_RATE * 1.6, (injected, calls)

    third = len(samples) // 3
    assert third >= 5, f"{len(samples)} samples"
    first = statistics.mean(rss for _, rss, _ in samples[:third])
    last = statistics.mean(rss for _, rss, _ in samples[-third:])
    growth = last - first
    fds = [n for _, _, n in samples]
    assert growth < RSS_BOUND, f"RSS grew {growth / MiB:.1f} MiB (first third {first / MiB:.1f})"
    assert max(fds) - min(fds) <= FD_SLACK, f"open descriptors moved: {min(fds)}..{max(fds)}"

    time.sleep(0.3)  # the delay lifecycle: every copy is due
    rng = random.Random(0)
    sample = rng.sample(tally.replicated, min(60, len(tally.replicated)))
    with server.client() as client:
        assert client.put("/_emulator/faults", json={}).status_code == 200
        violations = consistency_violations(client, sample)
    assert violations == []
    figures(
        "soak",
        {
            "seconds": round(elapsed, 1),
            "warm_up_seconds": WARM_UP_SECONDS,
            "calls": calls,
            "calls_per_second": round(calls / elapsed, 1),
            "calls_by_operation": dict(tally.calls),
            "replications": len(tally.replicated),
            "fault_rate": FAULT_RATE,
            "injected_errors": dict(tally.injected),
            "unexpected_errors": len(tally.unexpected),
            "rss_first_third_mib": round(first / MiB, 1),
            "rss_last_third_mib": round(last / MiB, 1),
            "rss_growth_mib": round(growth / MiB, 2),
            "rss_bound_mib": RSS_BOUND // MiB,
            "fds_min": min(fds),
            "fds_max": max(fds),
            "rss_samples": len(samples),
            "consistency_sample": len(sample),
            "consistency_violations": len(violations),
        },
    )
