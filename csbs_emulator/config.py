"""Emulator configuration: everything a running emulator depends on, passed in explicitly.

Owns: `EmulatorConfig` and the clock type. Nothing here reads the environment or module
globals, so tests build as many isolated emulators as they like.
Must not import: anything else of the emulator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Clock = Callable[[], dt.datetime]
Lifecycle = Literal["instant", "delay", "manual"]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class EmulatorConfig:
    # SQLite database file, or ":memory:" for a throw-away store.
    db_path: str | Path = ":memory:"
    # Fixtures to load when the store is empty; None loads the packaged demo dataset.
    fixtures: Path | None = None
    # Region of requests whose Host does not name one (`csbs.{region}.…`) and whose
    # project is unknown. Requests for a known project default to that project's region.
    default_region: str = "cn-north-1"
    # How a replication record leaves `copying`: at once, after `delay_seconds`, or only
    # when the control plane advances it.
    lifecycle: Lifecycle = "instant"
    delay_seconds: float = 5.0
    # Validate every response against the spec; a mismatch answers 500 and is logged.
    # On in tests; off by default for speed.
    strict_responses: bool = False
    # Largest request body accepted, in bytes (413 APIGW.0201 beyond).
    max_body_bytes: int = 1024 * 1024
    # Allowed clock skew of AK/SK signatures, as the gateway's 15 minutes.
    max_signature_skew: dt.timedelta = dt.timedelta(minutes=15)
    # SQLite durability: "normal" survives a killed process (WAL, no fsync: synchronous=OFF);
    # "full" also an OS crash or power cut (synchronous=FULL: fsync per commit).
    durability: Literal["normal", "full"] = "normal"
    # Seed of the fault injector's random choices, for reproducible fault runs.
    seed: int = 0
    # One access-log line per request (logger "csbs_emulator.access").
    access_log: bool = True
    clock: Clock = field(default=utc_now)
