"""The CBR model suite's world: vaults and backups in the control plane's `Fixtures` format.

Owns: `CBR_WORLD`, the CSBS suite's directory (`model_harness.WORLD`: its regions, projects
and credentials, so both APIs are tested against the same tenancy) with a `cbr` part made for
CBR's rules, and the names of its vaults and backups (`VAULT`, `BACKUP`). Every member the model
compares is given here, so nothing depends on the control plane's defaults.
Must not import: the emulator, the generated clients.

What it holds, by the rule each piece serves:
  sources     available ECS backups with their system disk in HOME's server vault, of several
              sizes (40, 60, 20, 100, 10 GB), names, resources, zones, times, enterprise
              projects, one incremental: accepted copies, and every list filter and sort
  1002        a replica (image_type replication) in HOME's replication vault
  1003        an ECS backup without its system disk, a disk backup, an SFS Turbo backup
  1004        one backup in each status but `available`
  destinations  in cn-east-2 (EAST): a roomy replication vault of servers; a small one that
              holds one 40 GB replica (room for one more copy of 40 GB: 6114 counts copies
              still running into it); one smaller than most backups; a backup vault, a
              hybrid one and a replication vault of disks (6102); one replication vault in
              each unusable status (6112); EAST_B's and EAST_X's vaults in the same region
              and SOUTH's in another (6105 when named with EAST); a vault in each other
              destination region
  reads       vaults of every protect type, object type, cloud type and several statuses,
              policies, resources and enterprise projects (listVault, listExternalVault)
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from contract_tests.cbr_model import ECS, PROVIDERS
from contract_tests.model_harness import (
    ASIA,
    EAST,
    EAST_B,
    EAST_X,
    EUROPE,
    HOME,
    OTHER,
    POLICY_DAILY,
    POLICY_WEEKLY,
    SOUTH,
    WORLD,
)

SERVER_PROVIDER: Final = PROVIDERS["server"]
DISK_PROVIDER: Final = PROVIDERS["disk"]
TURBO_PROVIDER: Final = PROVIDERS["turbo"]
EP_FINANCE: Final = "ep-finance"  # an enterprise project besides the default "0"


def cbr_id(name: str) -> str:
    """A stable UUID per name, apart from the CSBS world's."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"cbr-model/{name}"))


def _vault(
    key: str,
    project: str,
    protect_type: str,
    object_type: str = "server",
    size: int = 1000,
    status: str = "available",
    **extra: Any,
) -> dict[str, Any]:
    vault: dict[str, Any] = {
        "id": cbr_id(f"vault/{key}"),
        "project_id": project,
        "name": key,
        "description": f"model vault {key}",
        "protect_type": protect_type,
        "object_type": object_type,
        "size": size,
        "status": status,
        "created_at": "2021-02-01T08:00:00.000000",
        "charging_mode": "post_paid",
        "cloud_type": "public",
        "consistent_level": "crash_consistent",
        "enterprise_project_id": "0",
        "auto_bind": False,
        "auto_expand": False,
        "smn_notify": True,
        "threshold": 80,
        "user_id": "model-user",
        "tags": [{"key": "suite", "value": "model"}],
        "resources": [],
    }
    vault.update(extra)
    return vault


def _resource(key: str, size: int) -> dict[str, Any]:
    return {
        "id": cbr_id(f"resource/{key}"),
        "name": f"ecs-{key}",
        "type": ECS,
        "protect_status": "available",
        "size": size,
    }


# Vault keys are their names too (VaultName allows letters, digits, `_` and `-`).
_VAULTS: Final = [
    _vault(
        "home-server",
        HOME,
        "backup",
        size=2000,
        policy_id=POLICY_DAILY,
        resources=[_resource("web", 40), _resource("db", 100)],
    ),
    _vault("home-disk", HOME, "backup", "disk", size=500, enterprise_project_id=EP_FINANCE),
    _vault("Home-Replicas", HOME, "replication", size=300, policy_id=POLICY_WEEKLY),
    _vault("home-turbo", HOME, "backup", "turbo", size=800, status="frozen", cloud_type="hybrid"),
    _vault("home-hybrid", HOME, "hybrid", size=600, status="lock", cloud_type="hybrid"),
    # The destinations in cn-east-2, EAST's.
    _vault("east-repl", EAST, "replication", size=1000),
    _vault("east-small", EAST, "replication", size=100),
    _vault("east-tiny", EAST, "replication", size=30),
    _vault("east-backup", EAST, "backup", size=1000, resources=[_resource("east-app", 50)]),
    _vault("east-hybrid", EAST, "hybrid", size=1000, enterprise_project_id=EP_FINANCE),
    _vault("east-repl-disk", EAST, "replication", "disk", size=1000),
    *(
        _vault(f"east-{status}", EAST, "replication", size=1000, status=status)
        for status in ("lock", "frozen", "deleting", "error")
    ),
    _vault("east-b-repl", EAST_B, "replication", size=1000),
    _vault("east-x-repl", EAST_X, "replication", size=1000),
    _vault("south-repl", SOUTH, "replication", size=1000),
    _vault("south-server", SOUTH, "backup", size=1000),
    _vault("asia-repl", ASIA, "replication", size=1000, cloud_type="hybrid"),
    _vault("europe-repl", EUROPE, "replication", size=1000),
    _vault("other-server", OTHER, "backup", size=1000),
]
VAULT: Final = {v["name"]: v["id"] for v in _VAULTS}

_T = "2021-04-{:02d}T09:{:02d}:00"


def _backup(
    key: str,
    project: str,
    vault: str,
    day: int,
    size: int = 40,
    *,
    status: str = "available",
    resource: str = "web",
    **extra: Any,
) -> dict[str, Any]:
    """A fixture backup: an available ECS backup with its system disk unless told otherwise."""
    created = _T.format(day, day % 60) + f".{day:06d}"
    backup: dict[str, Any] = {
        "id": cbr_id(f"backup/{key}"),
        "project_id": project,
        "vault_id": VAULT[vault],
        "name": key,
        "description": f"model backup {key}",
        "checkpoint_id": cbr_id(f"checkpoint/{key}"),
        "resource_id": cbr_id(f"resource/{resource}"),
        "resource_name": f"ecs-{resource}",
        "resource_type": ECS,
        "resource_az": "cn-north-1a",
        "resource_size": size,
        "status": status,
        "image_type": "backup",
        "provider_id": SERVER_PROVIDER,
        "created_at": created,
        "updated_at": _T.format(day + 1, 0) + ".000000",
        "protected_at": created,
        "expired_at": "2022-04-01T00:00:00.000000",
        "contain_system_disk": True,
        "enterprise_project_id": "0",
        "bootable": True,
        "system_disk": True,
        "snapshot_id": "",
        "support_lld": True,
        "supported_restore_mode": "backup",
        "os_images_data": [],
        "encrypted": False,
        "is_multi_az": False,
        "incremental": False,
        "auto_trigger": False,
    }
    backup.update(extra)
    return backup


# Names share parts and differ in case ("web", "WEB"); times have ties (updated_at of
# web-2 and db-1, protected_at of the status backups); sizes differ so that room matters.
_BACKUPS: Final = [
    _backup("web-1", HOME, "home-server", 1, 40, auto_trigger=True),
    _backup(
        "WEB-2",
        HOME,
        "home-server",
        2,
        60,
        resource_az="cn-north-1b",
        updated_at=_T.format(9, 0) + ".000000",
    ),
    _backup(
        "db-1", HOME, "home-server", 3, 20, resource="db", updated_at=_T.format(9, 0) + ".000000"
    ),
    _backup("db-2-incr", HOME, "home-server", 4, 100, resource="db", incremental=True),
    _backup(
        "app_finance", HOME, "home-server", 5, 10, resource="app", enterprise_project_id=EP_FINANCE
    ),
    _backup(
        "web-nosys",
        HOME,
        "home-server",
        6,
        40,
        contain_system_disk=False,
        system_disk=False,
        bootable=False,
    ),
    _backup(
        "web-volume",
        HOME,
        "home-disk",
        7,
        40,
        resource="web-disk",
        resource_type="OS::Cinder::Volume",
        provider_id=DISK_PROVIDER,
        parent_id=cbr_id("backup/web-1"),
        enterprise_project_id=EP_FINANCE,
    ),
    _backup(
        "turbo-share",
        HOME,
        "home-turbo",
        8,
        40,
        resource="share",
        resource_type="OS::Sfs::Turbo",
        provider_id=TURBO_PROVIDER,
        contain_system_disk=False,
    ),
    _backup("web-replica", HOME, "Home-Replicas", 9, 40, image_type="replication"),
    # One backup in each status but available (1004), all with their system disk.
    *(
        _backup(
            f"st-{status}",
            HOME,
            "home-server",
            10 + i,
            20,
            status=status,
            resource="db",
            protected_at="2021-04-20T00:00:00.000000",
        )
        for i, status in enumerate(
            (
                "protecting",
                "deleting",
                "restoring",
                "error",
                "waiting_protect",
                "waiting_delete",
                "waiting_restore",
            )
        )
    ),
    # The destinations' own: a replica in EAST's small vault leaves room for one 40 GB copy.
    _backup(
        "east-small-copy",
        EAST,
        "east-small",
        17,
        40,
        image_type="replication",
        resource_az="cn-east-2a",
    ),
    _backup(
        "east-copy", EAST, "east-repl", 18, 30, image_type="replication", resource_az="cn-east-2a"
    ),
    _backup("east-app", EAST, "east-backup", 19, 50, resource="east-app", resource_az="cn-east-2a"),
    _backup(
        "south-app", SOUTH, "south-server", 20, 20, resource="south-app", resource_az="cn-south-1a"
    ),
    _backup("other-app", OTHER, "other-server", 21, 40, resource="other-app"),
]
BACKUP: Final = {b["name"]: b["id"] for b in _BACKUPS}

CBR_WORLD: Final[dict[str, Any]] = {**WORLD, "cbr": {"vaults": _VAULTS, "backups": _BACKUPS}}
