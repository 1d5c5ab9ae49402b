"""CSBS v1's plain data: backups (checkpoint items), replication records, list queries.

Owns: the record types the CSBS service and its tables exchange, and how CSBS reads its part
of a fixtures file (the top-level `backups`).
Must not import: the web framework, sqlite3, or any other emulator module but `model`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from ..model import Fixtures, full_timestamp

PROVIDER_ID = "fc4d5750-22e7-4798-8a46-f48f62c4c1da"  # fixed by the seed page

# Backup statuses in which a backup can be replicated; every other known status is
# transitional or terminal (seed rule + CSBS.2003).
REPLICABLE_STATUS = "available"
# Record statuses that block another replication to the same region (seed: "being made or
# already made"). A failed copy does not block a retry.
BLOCKING_RECORD_STATUSES = ("waiting_copy", "copying", "success")


# listBackups' sort keys (the documented six) and its default order.
SORT_KEYS: Final = ("created_at", "updated_at", "name", "status", "protected_at", "id")
DEFAULT_SORT: Final = (("created_at", True),)  # (key, descending)
MAX_PAGE: Final = 1000  # listBackups never answers more items than its documented default


@dataclass(frozen=True, slots=True)
class BackupQuery:
    """Which backups a listBackups or countBackups call selects, and in which order.

    `project_ids` is the scope (the path's project, or every project of the region for an
    administrator's `all_tenants`). Filters are None when not given; they combine with AND.
    `sort` is ((key, descending), ...), already completed with the `id` tie-break.
    """

    project_ids: tuple[str, ...]
    status: str | None = None
    name: str | None = None  # fuzzy: ASCII-case-insensitive substring
    resource_name: str | None = None  # fuzzy, as name
    az: str | None = None
    resource_id: str | None = None
    checkpoint_id: str | None = None
    resource_type: str | None = None
    image_type: str | None = None
    policy_id: str | None = None
    ip: str | None = None
    start_time: str | None = None  # full_timestamp form, inclusive
    end_time: str | None = None
    sort: tuple[tuple[str, bool], ...] = (("created_at", True), ("id", True))


@dataclass(slots=True)
class Backup:
    id: str
    project_id: str
    region: str
    name: str
    description: str
    checkpoint_id: str
    resource_id: str
    resource_type: str
    status: str
    created_at: str
    updated_at: str
    copy_from: str | None = None
    copy_status: str = "na"
    fail_code: dict[str, str] = field(default_factory=dict)
    fail_reason: str = ""
    fail_op: str = ""
    progress: int = 100
    size: int = 0
    # The policy that made the backup (listBackups' `policy_id`); None for a manual backup.
    policy_id: str | None = None
    protected_at: str | None = None  # None: the same as created_at
    expired_at: str | None = None
    # Descriptive members the service sends and the rules never read: resource_name,
    # resource_az, image_type, incremental, tags, backup_data, volume_backups,
    # os_images_data, average_speed, space_saving_ratio, supported_restore_mode, support_lld,
    # taskid, finished_at (`DESCRIPTIVE`).
    extra: dict[str, Any] = field(default_factory=dict)
    # The stored row this backup was read from, while the backup is as read: what its
    # rendering is remembered by (operations.backup_view). Whoever changes a read backup
    # clears it first.
    stored: tuple[Any, ...] | None = field(default=None, compare=False, repr=False)


@dataclass(slots=True)
class ReplicationRecord:
    id: str
    source_project_id: str
    source_region: str
    source_item_id: str
    source_checkpoint_id: str
    destination_region: str
    destination_project_id: str
    status: str
    created_at: str
    updated_at: str
    name: str | None = None
    description: str | None = None
    enable_acceleration: bool = False
    destination_item_id: str | None = None
    due_at: str | None = None  # when a "delay" lifecycle completes it (service time format)
    progress: int = 0
    fail_code: dict[str, str] = field(default_factory=dict)
    fail_reason: str = ""


# Fixture members kept in `Backup.extra` as given.
DESCRIPTIVE: Final = (
    "resource_name", "resource_az", "image_type", "incremental", "tags", "backup_data",
    "volume_backups", "os_images_data", "average_speed", "space_saving_ratio",
    "supported_restore_mode", "support_lld", "taskid", "finished_at",
)  # fmt: skip


def _optional_time(value: str | None) -> str | None:
    return full_timestamp(value) if value else None


def backups_from_json(fixtures: Fixtures) -> tuple[Backup, ...]:
    """The CSBS backups of a fixtures file (its top-level `backups`)."""
    region_of = {p.id: p.region for p in fixtures.projects}
    backups = []
    for b in fixtures.data.get("backups", []):
        extra = {key: b[key] for key in DESCRIPTIVE if key in b}
        if "finished_at" in extra:
            extra["finished_at"] = full_timestamp(extra["finished_at"])
        created = full_timestamp(b["created_at"])
        backups.append(
            Backup(
                id=b["id"],
                project_id=b["project_id"],
                region=region_of[b["project_id"]],
                name=b["name"],
                description=b.get("description", ""),
                checkpoint_id=b["checkpoint_id"],
                resource_id=b["resource_id"],
                resource_type=b.get("resource_type", "OS::Nova::Server"),
                status=b.get("status", "available"),
                created_at=created,
                updated_at=_optional_time(b.get("updated_at")) or created,
                size=int(b.get("size", 0)),
                policy_id=b.get("policy_id"),
                protected_at=_optional_time(b.get("protected_at")),
                expired_at=_optional_time(b.get("expired_at")),
                extra=extra,
            )
        )
    return tuple(backups)
