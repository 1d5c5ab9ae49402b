"""CBR v3's plain data: vaults, backups, replication records and operation logs (tasks).

Owns: the record types the CBR service and its tables exchange, their statuses, and how
CBR reads its part of a fixtures file (the `cbr` member: `vaults` and `backups`).
Must not import: the web framework, sqlite3, or any other emulator module but `model`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from ..model import Fixtures, full_timestamp

# Providers by what a vault protects (CBR's ShowBackup page lists these ids).
PROVIDERS: Final = {
    "server": "0daac4c5-6707-4851-97ba-169e36266b66",
    "disk": "d1603440-187d-4516-af25-121250c7cc97",
    "turbo": "3f3c3220-245c-4805-b811-758870015881",
}
# The resource type of each object type's backups.
RESOURCE_TYPES: Final = {
    "server": "OS::Nova::Server",
    "disk": "OS::Cinder::Volume",
    "turbo": "OS::Sfs::Turbo",
}
ECS: Final = "OS::Nova::Server"
REPLICABLE_STATUS: Final = "available"
# A replication vault receives replicas; a backup vault never does (BackupService.6102).
REPLICATION_VAULT: Final = "replication"
USABLE_VAULT_STATUS: Final = "available"  # any other status: BackupService.6112

# Replication record statuses (the docs: waiting_replicate, replicating, success, fail,
# skip). A record being made or made blocks another replica to the same region
# (BackupService.1009); a failed one does not, so a failed copy can be retried. The
# emulator starts a copy at `replicating` (it never queues one).
RECORD_RUNNING: Final = "replicating"
RECORD_SUCCESS: Final = "success"
RECORD_FAILED: Final = "fail"
BLOCKING_RECORD_STATUSES: Final = ("waiting_replicate", RECORD_RUNNING, RECORD_SUCCESS)
# Operation log (task) statuses, as ListOpLogs documents them.
TASK_RUNNING: Final = "running"
TASK_SUCCESS: Final = "success"
TASK_FAILED: Final = "failed"

# listBackups' sort keys (as CBR documents them) and its default order.
SORT_KEYS: Final = ("created_at", "updated_at", "name", "status", "protected_at", "id")
DEFAULT_SORT: Final = (("created_at", True),)
MAX_PAGE: Final = 1000


@dataclass(slots=True)
class Vault:
    id: str
    project_id: str
    region: str
    name: str
    protect_type: str  # backup | replication | hybrid
    object_type: str  # server | disk | turbo | ...
    size: int  # GB
    used: int  # GB: the backups it holds
    status: str  # available | lock | frozen | deleting | error
    created_at: str
    description: str = ""
    # Descriptive members the rules never read (charging_mode, cloud_type, spec_code, tags…).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class CbrBackup:
    id: str
    project_id: str
    region: str
    vault_id: str
    name: str
    description: str
    checkpoint_id: str
    resource_id: str
    resource_name: str
    resource_type: str
    resource_az: str
    resource_size: int  # GB
    status: str
    image_type: str  # backup | replication
    provider_id: str
    created_at: str
    updated_at: str
    protected_at: str
    contain_system_disk: bool = True
    expired_at: str | None = None
    parent_id: str | None = None
    enterprise_project_id: str = "0"
    # Descriptive extend_info members the rules never read (bootable, snapshot_id, …).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class CbrReplication:
    """A replication record: kept on the source backup (`replication_records`)."""

    id: str
    source_project_id: str
    source_region: str
    source_backup_id: str
    source_checkpoint_id: str
    source_vault_id: str
    destination_project_id: str
    destination_region: str
    destination_vault_id: str
    status: str
    created_at: str
    updated_at: str
    operation_log_id: str
    name: str | None = None
    description: str | None = None
    enable_acceleration: bool = False
    destination_backup_id: str | None = None
    destination_checkpoint_id: str | None = None
    progress: int = 0
    fail_code: str = ""
    fail_reason: str = ""
    due_at: str | None = None


@dataclass(slots=True)
class OperationLog:
    """A task of the operation logs; CopyBackup makes one of type `replication`."""

    id: str
    project_id: str
    operation_type: str
    status: str
    provider_id: str
    checkpoint_id: str
    vault_id: str
    vault_name: str
    resource_id: str
    resource_name: str
    created_at: str
    updated_at: str
    started_at: str
    ended_at: str | None = None
    progress: int = 0
    error_code: str = ""
    error_message: str = ""
    # OpExtendInfoReplication's members.
    replication: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BackupQuery:
    """Which backups a listBackups call selects (filters combine with AND)."""

    project_id: str
    vault_id: str | None = None
    statuses: tuple[str, ...] = ()
    image_type: str | None = None
    name: str | None = None  # fuzzy: ASCII-case-insensitive substring
    resource_name: str | None = None
    resource_id: str | None = None
    resource_az: str | None = None
    resource_type: str | None = None
    checkpoint_id: str | None = None
    parent_id: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    enterprise_project_id: str | None = None  # `all_granted_eps` (every one) is None here
    incremental: bool | None = None
    used_percent: int | None = None  # only backups in vaults used to at least this share
    shared: bool = False  # own_type=shared: backups shared with the project (none are)
    sort: tuple[tuple[str, bool], ...] = (("created_at", True), ("id", True))


@dataclass(frozen=True, slots=True)
class TaskQuery:
    """Which tasks a listOpLogs call selects."""

    project_id: str
    operation_type: str | None = None
    status: str | None = None
    provider_id: str | None = None
    resource_id: str | None = None
    resource_name: str | None = None
    vault_id: str | None = None
    vault_name: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    enterprise_project_id: str | None = None  # its backup's; None also for all_granted_eps


@dataclass(frozen=True, slots=True)
class VaultQuery:
    """Which vaults a listVault or listExternalVault call selects."""

    project_id: str
    region: str
    protect_type: str | None = None
    object_type: str | None = None
    name: str | None = None
    status: str | None = None
    cloud_type: str | None = None
    ids: tuple[str, ...] = ()
    policy_id: str | None = None  # the vault's bound policy (fixture member `policy_id`)
    resource_ids: tuple[str, ...] = ()  # vaults protecting any of these resources
    enterprise_project_id: str | None = None  # None also for all_granted_eps
    nothing: bool = False  # object_type and objcet_type disagree: no vault is both


@dataclass(frozen=True, slots=True)
class CbrData:
    vaults: tuple[Vault, ...]
    backups: tuple[CbrBackup, ...]


# Fixture members of a backup kept in `CbrBackup.extra` as given.
BACKUP_DESCRIPTIVE: Final = (
    "bootable", "snapshot_id", "support_lld", "supported_restore_mode", "os_images_data",
    "encrypted", "system_disk", "is_multi_az", "incremental", "auto_trigger",
)  # fmt: skip
VAULT_DESCRIPTIVE: Final = (
    "charging_mode", "cloud_type", "consistent_level", "spec_code", "enterprise_project_id",
    "auto_bind", "auto_expand", "smn_notify", "threshold", "tags", "availability_zone",
    "user_id", "resources", "policy_id",
)  # fmt: skip


def cbr_from_json(fixtures: Fixtures) -> CbrData:
    """The CBR part of a fixtures file. Vaults start empty (`used` 0): storing the backups
    fills them (`CbrTables.add_backups`)."""
    data = fixtures.data.get("cbr") or {}
    region_of = {p.id: p.region for p in fixtures.projects}
    backups = []
    for b in data.get("backups", []):
        created = full_timestamp(b["created_at"])
        vault = b["vault_id"]
        backups.append(
            CbrBackup(
                id=b["id"],
                project_id=b["project_id"],
                region=region_of.get(b["project_id"], ""),
                vault_id=vault,
                name=b["name"],
                description=b.get("description", ""),
                checkpoint_id=b["checkpoint_id"],
                resource_id=b["resource_id"],
                resource_name=b.get("resource_name", ""),
                resource_type=b.get("resource_type", ECS),
                resource_az=b.get("resource_az", ""),
                resource_size=int(b.get("resource_size", 0)),
                status=b.get("status", REPLICABLE_STATUS),
                image_type=b.get("image_type", "backup"),
                provider_id=b.get("provider_id", PROVIDERS["server"]),
                created_at=created,
                updated_at=full_timestamp(b.get("updated_at") or created),
                protected_at=full_timestamp(b.get("protected_at") or created),
                contain_system_disk=bool(b.get("contain_system_disk", True)),
                expired_at=full_timestamp(b["expired_at"]) if b.get("expired_at") else None,
                parent_id=b.get("parent_id"),
                enterprise_project_id=b.get("enterprise_project_id", "0"),
                extra={key: b[key] for key in BACKUP_DESCRIPTIVE if key in b},
            )
        )
    vaults = tuple(
        Vault(
            id=v["id"],
            project_id=v["project_id"],
            region=region_of.get(v["project_id"], ""),
            name=v["name"],
            protect_type=v.get("protect_type", "backup"),
            object_type=v.get("object_type", "server"),
            size=int(v["size"]),
            used=0,
            status=v.get("status", USABLE_VAULT_STATUS),
            created_at=full_timestamp(v["created_at"]),
            description=v.get("description", ""),
            extra={key: v[key] for key in VAULT_DESCRIPTIVE if key in v},
        )
        for v in data.get("vaults", [])
    )
    return CbrData(vaults, tuple(backups))
