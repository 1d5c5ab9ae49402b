"""Shared by the csbs_replicate tests: fast pacing, and what the store holds for a backup
(CSBS and CBR), fresh CBR backups for rounds of replication, what CBR shows of them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypedDict
from uuid import UUID

import cbr_client
from cbr_client.api.backups import list_backups, show_backup
from cbr_client.api.tasks import list_op_logs
from cbr_client.api.vaults import show_vault
from cbr_client.models import (
    ImageType,
    ListBackupsResponse,
    ListOpLogsResponse,
    OperationType,
    ShowBackupResponse,
    ShowVaultResponse,
    Vault,
)
from cbr_client.types import Unset
from csbs_replicate import Backoff, RetryPolicy
from csbs_replicate.testing import Control, Demo, EmulatorHandle

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


# -- CBR -----------------------------------------------------------------------------------


class CbrDestination(Destination):
    destination_vault_id: str


def cbr_east(demo: Demo) -> CbrDestination:
    """The demo's CBR destination (region, project, replication vault), as keywords."""
    return {
        "destination_region": demo.destination_region,
        "destination_project_id": demo.destination_project_id,
        "destination_vault_id": demo.cbr_demo.destination_vault_id,
    }


def cbr_records_of(control: Control, item: str) -> list[dict[str, Any]]:
    """The CBR replication records of one source backup, as the emulator's store holds them."""
    return [r for r in control.cbr_records() if r["source_backup_id"] == item]


REPLICA_GB = 40  # what the control plane's CBR backups hold, so what each replica takes


def cbr_backups(handle: EmulatorHandle, rounds: int) -> Iterator[str]:
    """`rounds` fresh, available CBR backups of the demo project, one at a time. The demo's
    replication vault has room for a few replicas only, so whenever it is full the emulator
    is reset (the demo dataset, no faults) and a new batch is made: each round replicates a
    backup never replicated before into a vault with room. One replica's room is always
    left: a second copy of a backup into a full vault meets the capacity rule (6114), which
    CBR checks before the duplicate rule (1009) that a round may be about."""
    made = 0
    while made < rounds:
        demo = handle.reset()
        vault = cbr_vault(handle.cbr_token_client(), demo.destination_project_id,
                          demo.cbr_demo.destination_vault_id)  # fmt: skip
        free_mb = vault.billing.size * 1024 - vault.billing.used  # size in GB, used in MB
        room = free_mb // (REPLICA_GB * 1024) - 1
        assert room > 0, vault
        batch = min(room, rounds - made)
        yield from handle.control.create_cbr_backups(demo.cbr_demo.source_vault_id, batch)
        made += batch


def cbr_vault(client: cbr_client.AuthenticatedClient, project: str, vault_id: str) -> Vault:
    answer = show_vault.sync_detailed(project, UUID(vault_id), client=client)
    assert isinstance(answer.parsed, ShowVaultResponse), answer.content
    return answer.parsed.vault


@dataclass(frozen=True)
class Shown:
    """What the public CBR API shows of one source backup's replications."""

    records: list[str]  # its replication records
    tasks: list[str]  # its `replication` tasks in the operation logs
    replicas: list[str]  # replicas of its resource in the destination vault


def cbr_shown(client: cbr_client.AuthenticatedClient, demo: Demo, item: str) -> Shown:
    """Records, tasks and replicas of `item`, read with a token that covers both projects."""
    shown = show_backup.sync_detailed(demo.project_id, UUID(item), client=client).parsed
    assert isinstance(shown, ShowBackupResponse)
    backup = shown.backup
    assert not isinstance(backup.replication_records, Unset)
    logs = list_op_logs.sync_detailed(
        demo.project_id, client=client, operation_type=OperationType.REPLICATION,
        resource_id=backup.resource_id,
    ).parsed  # fmt: skip
    assert isinstance(logs, ListOpLogsResponse)
    tasks = [
        str(t.id)
        for t in logs.operation_logs
        if not isinstance(t.extra_info, Unset)
        and not isinstance(t.extra_info.replication, Unset)
        and str(t.extra_info.replication.source_backup_id) == item
    ]
    listed = list_backups.sync_detailed(
        demo.destination_project_id, client=client, resource_id=backup.resource_id,
        vault_id=demo.cbr_demo.destination_vault_id, image_type=ImageType.REPLICATION,
    ).parsed  # fmt: skip
    assert isinstance(listed, ListBackupsResponse)
    return Shown(
        records=[str(r.id) for r in backup.replication_records],
        tasks=tasks,
        replicas=[str(b.id) for b in listed.backups],
    )
