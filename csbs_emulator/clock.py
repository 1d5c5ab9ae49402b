"""The emulator's clock, shared by every service: the configured source plus an offset the
control plane moves (`advanceClock`).
Must not import: any other emulator module.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


class Clock:
    """The emulator's clock: the configured one plus an offset the control plane moves."""

    def __init__(self, source: Any) -> None:
        self._source = source
        self.offset = dt.timedelta(0)

    def now(self) -> dt.datetime:
        moment: dt.datetime = self._source()
        return moment + self.offset


def due_at(now: dt.datetime, lifecycle: str, delay_seconds: float) -> dt.datetime | None:
    """When a copy accepted at `now` completes under `lifecycle` (None: only when advanced).

    Instant copies are complete before the answer; if the process dies in between, the next
    tick completes them (their due time has passed), so an acknowledged replication always
    finishes.
    """
    if lifecycle == "delay":
        return now + dt.timedelta(seconds=delay_seconds)
    if lifecycle == "instant":
        return now
    return None
