"""What replicate-and-wait returns and how it paces itself: plain, frozen data.

Owns: `Replication` (an accepted replicate call), `Replica` (a finished copy), `Progress`
(one look at a copy under way), `Existing` (the replication that blocks another), and the
pacing policies `Backoff` and `RetryPolicy`.
Must not import: httpx, the emulator.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cbr_client.models import BackupResp
    from csbs_client.models import Backup


@dataclass(frozen=True, slots=True)
class Replication:
    """A replication the service accepted: the answer to the replicate call (CSBS
    replicateBackup, CBR copyBackup), or found out.

    `record_id` is the replication record's id; None only when the answer was lost and the
    service lists no replication records, so the acceptance was seen elsewhere (CSBS: the
    backup's copy state; CBR: its replication task; either: a new replica in the
    destination). `recovered` is True when the answer was lost and the service was asked
    whether the call had been accepted (it had). `attempts` counts the replicate calls sent.
    `api` is the API it was made with (`csbs` or `cbr`); `destination_vault_id` the vault
    that takes the replica (CBR only).
    """

    project_id: str
    checkpoint_item_id: str
    destination_region: str
    destination_project_id: str
    record_id: str | None
    source_region: str | None = None
    request_id: str | None = None
    attempts: int = 1
    recovered: bool = False
    destination_vault_id: str | None = None
    api: str = "csbs"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Replica:
    """A finished copy: the new backup in the destination region and project.

    `backup` is the replica as the destination answers showBackup (the generated model of
    the API used: a `csbs_client` `Backup` or a `cbr_client` `BackupResp`); None when the
    destination could not be read with the credentials at hand (401/403), in which case
    the source's replication record is the evidence.
    """

    id: str
    region: str
    project_id: str
    record_id: str | None
    source_item_id: str
    source_region: str | None = None
    backup: Backup | BackupResp | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "region": self.region,
            "project_id": self.project_id,
            "record_id": self.record_id,
            "source_item_id": self.source_item_id,
            "source_region": self.source_region,
            "status": None if self.backup is None else str(self.backup.status),
        }


@dataclass(frozen=True, slots=True)
class Progress:
    """One look at a copy under way.

    `status` is the replication record's status as the service spells it (CSBS `copying`,
    CBR `replicating`, `success`, `fail`, or a value added later), or where the service
    lists no records the source's `copy_status` (CSBS) or the replication task's status
    (CBR: `running`, `success`, `failed`...), or `not-listed` while it shows none of these;
    `percent` its progress when given; `elapsed` seconds since
    the wait began; `polls` looks so far.
    """

    status: str
    percent: int | None
    elapsed: float
    polls: int
    record_id: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        percent = "" if self.percent is None else f" {self.percent}%"
        return f"{self.status}{percent} after {self.elapsed:.1f}s"


@dataclass(frozen=True, slots=True)
class Existing:
    """A replication the source backup lists (the one that blocks a duplicate)."""

    record_id: str
    status: str
    destination_region: str
    destination_project_id: str | None
    created_at: str | None
    destination_item_id: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with jitter: pause `n` (from 0) is `initial * factor**n`, capped
    at `maximum`, of which a random fraction up to `jitter` is taken off, so that clients
    started together do not poll together."""

    initial: float = 1.0
    factor: float = 2.0
    maximum: float = 30.0
    jitter: float = 0.5

    def __post_init__(self) -> None:
        if self.initial < 0 or self.factor < 1 or self.maximum < 0:
            raise ValueError("Backoff needs initial >= 0, factor >= 1, maximum >= 0")
        if not 0 <= self.jitter <= 1:
            raise ValueError("Backoff.jitter is a fraction, 0 to 1")

    def pause(self, n: int, rng: random.Random) -> float:
        base = min(self.maximum, self.initial * self.factor ** min(n, 64))
        return base * (1.0 - self.jitter * rng.random())


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How replicate retries: at most `attempts` replicate calls, all within `timeout`
    seconds, paced by `backoff`; reads are retried by the same backoff within `timeout`.

    `settle`: seconds to wait before a second look when the first look after a lost answer
    shows nothing, for a service whose reads may lag its writes (0: one look is enough).
    """

    attempts: int = 4
    timeout: float = 120.0
    backoff: Backoff = field(default_factory=lambda: Backoff(initial=0.5, maximum=10.0))
    settle: float = 1.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("RetryPolicy.attempts must be at least 1")
        if self.timeout <= 0 or self.settle < 0:
            raise ValueError("RetryPolicy needs timeout > 0 and settle >= 0")


DEFAULT_WAIT_BACKOFF = Backoff(initial=1.0, factor=1.5, maximum=30.0)
