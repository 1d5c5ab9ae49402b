"""Plain data of the emulator: regions, projects, credentials, backups, replication records.

Owns: the record types the service and the store exchange, and the fixture format.
Must not import: the web framework, sqlite3, or any other emulator module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

PROVIDER_ID = "fc4d5750-22e7-4798-8a46-f48f62c4c1da"  # fixed by the seed page
Permission = Literal["rw", "ro"]

# Backup statuses in which a backup can be replicated; every other known status is
# transitional or terminal (seed rule + CSBS.2003).
REPLICABLE_STATUS = "available"
# Record statuses that block another replication to the same region (seed: "being made or
# already made"). A failed copy does not block a retry.
BLOCKING_RECORD_STATUSES = ("waiting_copy", "copying", "success")


def timestamp(moment: dt.datetime) -> str:
    """The service's time format: UTC, ISO 8601 without zone, microseconds."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    replication_destinations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    region: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Credential:
    """A token or an access key, scoped to projects, with a permission."""

    kind: Literal["token", "aksk"]
    key: str  # the token itself, or the AK
    secret: str  # the SK for "aksk"; empty for tokens
    permission: Permission
    projects: frozenset[str]
    user: str = ""


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
    # Descriptive members the service sends and the rules never read.
    extra: dict[str, Any] = field(default_factory=dict)


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


@dataclass(frozen=True, slots=True)
class Fixtures:
    regions: tuple[Region, ...]
    projects: tuple[Project, ...]
    credentials: tuple[Credential, ...]
    backups: tuple[Backup, ...]
    demo: dict[str, Any]


def fixtures_from_json(data: dict[str, Any]) -> Fixtures:
    """Build fixtures from their JSON form (the packaged demo file, or a user's)."""
    regions = tuple(
        Region(r["name"], tuple(r.get("replication_destinations", []))) for r in data["regions"]
    )
    projects = tuple(Project(p["id"], p["region"], p.get("name", "")) for p in data["projects"])
    region_of = {p.id: p.region for p in projects}
    creds: list[Credential] = []
    for t in data.get("tokens", []):
        creds.append(
            Credential(
                "token",
                t["token"],
                "",
                t.get("permission", "rw"),
                frozenset(t["projects"]),
                t.get("user", ""),
            )
        )
    for k in data.get("access_keys", []):
        creds.append(
            Credential(
                "aksk",
                k["ak"],
                k["sk"],
                k.get("permission", "rw"),
                frozenset(k["projects"]),
                k.get("user", ""),
            )
        )
    backups = []
    for b in data.get("backups", []):
        extra = {
            key: b[key]
            for key in ("resource_name", "resource_az", "image_type", "incremental", "tags")
            if key in b
        }
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
                created_at=b["created_at"],
                updated_at=b.get("updated_at", b["created_at"]),
                size=int(b.get("size", 0)),
                extra=extra,
            )
        )
    return Fixtures(tuple(regions), projects, tuple(creds), tuple(backups), data.get("demo", {}))
