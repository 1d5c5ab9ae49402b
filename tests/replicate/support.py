"""Shared by the csbs_replicate tests: fast pacing, and what the store holds for a backup."""

from __future__ import annotations

import re
from typing import Any, TypedDict

from csbs_replicate import Backoff, RetryPolicy
from csbs_replicate.testing import Control, Demo

# The emulator is local and strongly consistent: pace fast, and one look after a lost
# answer is enough (settle 0). No test waits on these to be right about timing.
FAST = Backoff(initial=0.01, factor=2.0, maximum=0.05)
POLICY = RetryPolicy(attempts=4, timeout=30.0, backoff=FAST, settle=0.0)
REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")


def records_of(control: Control, item: str) -> list[dict[str, Any]]:
    """The replication records of one source backup, as the emulator's store holds them."""
    return [r for r in control.records() if r["source_item_id"] == item]


class Destination(TypedDict):
    destination_region: str
    destination_project_id: str


def to_east(demo: Demo) -> Destination:
    """The demo's destination, as `replicate`'s keyword arguments."""
    return {
        "destination_region": demo.destination_region,
        "destination_project_id": demo.destination_project_id,
    }


class FakeTime:
    """A clock that moves only when the code under test sleeps: deadlines without waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.pauses.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)
