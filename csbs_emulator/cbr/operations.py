"""CBR v3's handlers, one per operationId of `openapi/cbr-v3.yaml`, and the JSON shapes they
answer (the spec's full documented shape: its `x-cbr-emulator-sends` lists).

Owns: turning a validated `Call` into a service call, and a domain object into the body the
spec describes (`views`). Status codes come from the catalogue via the HTTP layer; the only
status chosen here is each operation's 200.
Must not import: the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..http import Call, Handler, Reply
from .model import PROVIDERS, CbrBackup, CbrReplication, OperationLog, Vault
from .service import CbrService

# -- views: domain -> the spec's JSON ------------------------------------------------------


def record_view(r: CbrReplication) -> dict[str, Any]:
    """A ReplicationRecordGet, as showBackup (and listBackups with show_replication) lists it."""
    return {
        "id": r.id,
        "created_at": r.created_at,
        "status": r.status,
        "source_region": r.source_region,
        "source_project_id": r.source_project_id,
        "source_backup_id": r.source_backup_id,
        "source_checkpoint_id": r.source_checkpoint_id,
        "vault_id": r.source_vault_id,
        "destination_region": r.destination_region,
        "destination_project_id": r.destination_project_id,
        "destination_backup_id": r.destination_backup_id,
        "destination_checkpoint_id": r.destination_checkpoint_id,
        "destination_vault_id": r.destination_vault_id,
        "extra_info": {
            "progress": r.progress,
            "fail_code": r.fail_code,
            "fail_reason": r.fail_reason,
            "auto_trigger": False,  # CopyBackup is a manual replication
            # Both spellings: the Go SDK reads the service's `destinatio_vault_id` (sic).
            "destinatio_vault_id": r.destination_vault_id,
            "destination_vault_id": r.destination_vault_id,
        },
    }


def backup_view(b: CbrBackup, records: list[CbrReplication] | None = None) -> dict[str, Any]:
    """A BackupResp, every member the spec's strict reading names."""
    extra = b.extra
    view: dict[str, Any] = {
        "id": b.id,
        "name": b.name,
        "description": b.description,
        "status": b.status,
        "checkpoint_id": b.checkpoint_id,
        "created_at": b.created_at,
        "updated_at": b.updated_at,
        "expired_at": b.expired_at,
        "protected_at": b.protected_at,
        "extend_info": {
            "auto_trigger": bool(extra.get("auto_trigger", False)),
            "bootable": bool(extra.get("bootable", b.contain_system_disk)),
            "contain_system_disk": b.contain_system_disk,
            "encrypted": bool(extra.get("encrypted", False)),
            "os_images_data": list(extra.get("os_images_data", [])),
            "snapshot_id": str(extra.get("snapshot_id", "")),
            "support_lld": bool(extra.get("support_lld", False)),
            "supported_restore_mode": str(extra.get("supported_restore_mode", "backup")),
            "system_disk": bool(extra.get("system_disk", b.contain_system_disk)),
            "is_multi_az": bool(extra.get("is_multi_az", False)),
        },
        "image_type": b.image_type,
        "parent_id": b.parent_id,
        "project_id": b.project_id,
        "provider_id": b.provider_id,
        "resource_az": b.resource_az,
        "resource_id": b.resource_id,
        "resource_name": b.resource_name,
        "resource_size": b.resource_size,
        "resource_type": b.resource_type,
        "vault_id": b.vault_id,
        "enterprise_project_id": b.enterprise_project_id,
        "children": [],
        "incremental": bool(extra.get("incremental", False)),
    }
    if records is not None:
        view["replication_records"] = [record_view(r) for r in records]
    return view


def task_view(t: OperationLog) -> dict[str, Any]:
    """An OperationLog (a task), with its replication extend info."""
    extra: dict[str, Any] = {
        "common": {"progress": t.progress, "request_id": t.id, "task_id": t.id},
        "resource": {"id": t.resource_id, "name": t.resource_name, "type": "OS::Nova::Server"},
    }
    if t.operation_type == "replication":
        extra["replication"] = {
            "destination_backup_id": None,
            "destination_checkpoint_id": None,
            "destination_backup_name": None,
            "source_checkpoint_id": None,
            "source_backup_name": None,
            **t.replication,
        }
    return {
        "checkpoint_id": t.checkpoint_id,
        "created_at": t.created_at,
        "ended_at": t.ended_at,
        "error_info": {"code": t.error_code, "message": t.error_message},
        "extra_info": extra,
        "id": t.id,
        "operation_type": t.operation_type,
        "policy_id": None,  # a replication of CopyBackup is made by no policy
        "project_id": t.project_id,
        "provider_id": t.provider_id,
        "started_at": t.started_at,
        "status": t.status,
        "updated_at": t.updated_at,
        "vault_id": t.vault_id,
        "vault_name": t.vault_name,
    }


MB_PER_GB = 1024

_SPEC_CODES = {
    ("backup", "server"): "vault.backup.server.normal",
    ("backup", "disk"): "vault.backup.volume.normal",
    ("backup", "turbo"): "vault.backup.turbo.normal",
    ("replication", "server"): "vault.replication.server.normal",
    ("hybrid", "server"): "vault.hybrid.server.normal",
}


def vault_view(v: Vault, resources: list[dict[str, Any]]) -> dict[str, Any]:
    """A Vault with its billing (protect_type, object_type, size, used, status) and its bound
    `resources` (each a ResourceResp: `CbrService.resources_of`)."""
    extra = v.extra
    return {
        "billing": {
            "allocated": v.size,
            "charging_mode": extra.get("charging_mode", "post_paid"),
            "cloud_type": extra.get("cloud_type", "public"),
            "consistent_level": extra.get("consistent_level", "crash_consistent"),
            "object_type": v.object_type,
            "order_id": None,
            "product_id": None,
            "protect_type": v.protect_type,
            "size": v.size,
            "spec_code": extra.get(
                "spec_code",
                _SPEC_CODES.get((v.protect_type, v.object_type), "vault.backup.server.normal"),
            ),
            "status": v.status,
            "storage_unit": None,
            # The store counts GB, as `size` and a backup's `resource_size` are; the API
            # answers `used` in MB (the docs and the SDK: "used capacity, in MB").
            "used": v.used * MB_PER_GB,
            "frozen_scene": None,
            "is_multi_az": bool(extra.get("is_multi_az", False)),
        },
        "description": v.description,
        "id": v.id,
        "name": v.name,
        "project_id": v.project_id,
        "provider_id": PROVIDERS.get(v.object_type, PROVIDERS["server"]),
        "resources": resources,
        "tags": [{"key": t["key"], "value": t.get("value", "")} for t in extra.get("tags", [])],
        "enterprise_project_id": extra.get("enterprise_project_id", "0"),
        "auto_bind": bool(extra.get("auto_bind", False)),
        "bind_rules": {"tags": []},
        "user_id": extra.get("user_id", ""),
        "created_at": v.created_at,
        "auto_expand": bool(extra.get("auto_expand", False)),
        "smn_notify": bool(extra.get("smn_notify", True)),
        "threshold": int(extra.get("threshold", 80)),
    }


def _page(query: Mapping[str, Any]) -> dict[str, int]:
    return {"limit": int(query["limit"]), "offset": int(query.get("offset", 0))}


# -- handlers -------------------------------------------------------------------------------


def handlers(service: CbrService) -> dict[str, Handler]:
    def copy_backup(call: Call) -> Reply:
        assert call.principal is not None  # the public API is always authenticated
        record = service.copy_backup(
            call.principal.credential,
            call.path["project_id"],
            call.path["backup_id"],
            call.body["replicate"],
        )
        source = service.tables.find_backup(record.source_backup_id)
        return Reply(
            200,
            {
                "replication": {
                    "backup_id": record.source_backup_id,
                    "destination_project_id": record.destination_project_id,
                    "destination_region": record.destination_region,
                    "destination_vault_id": record.destination_vault_id,
                    "project_id": record.source_project_id,
                    "provider_id": source.provider_id if source else PROVIDERS["server"],
                    "replication_record_id": record.id,
                    "source_region": record.source_region,
                }
            },
        )

    def show_backup(call: Call) -> Reply:
        backup, records = service.show_backup(call.path["project_id"], call.path["backup_id"])
        return Reply(200, {"backup": backup_view(backup, records)})

    def list_backups(call: Call) -> Reply:
        query = call.query
        page, count = service.list_backups(
            service.backup_query(call.path["project_id"], query),
            limit=int(query["limit"]),
            offset=int(query.get("offset", 0)),
            marker=query.get("marker"),
        )
        records = bool(query.get("show_replication"))
        backups = [backup_view(b, service.records_of(b) if records else None) for b in page]
        return Reply(200, {"backups": backups, "count": count, **_page(query)})

    def show_replication_capabilities(call: Call) -> Reply:
        regions = [
            {"name": r.name, "replication_destinations": list(r.replication_destinations)}
            for r in service.capabilities()
        ]
        return Reply(200, {"regions": regions})

    def list_op_logs(call: Call) -> Reply:
        tasks, count = service.list_op_logs(call.path["project_id"], call.query)
        return Reply(
            200,
            {"operation_logs": [task_view(t) for t in tasks], "count": count, **_page(call.query)},
        )

    def show_op_log(call: Call) -> Reply:
        task = service.show_op_log(call.path["project_id"], call.path["operation_log_id"])
        return Reply(200, {"operation_log": task_view(task)})

    def show_vault(call: Call) -> Reply:
        vault = service.show_vault(call.path["project_id"], call.path["vault_id"])
        return Reply(200, {"vault": vault_view(vault, service.resources_of(vault))})

    def list_vault(call: Call) -> Reply:
        vaults, count = service.list_vaults(call.path["project_id"], call.host_region, call.query)
        return Reply(
            200,
            {
                "vaults": [vault_view(v, service.resources_of(v)) for v in vaults],
                "count": count,
                **_page(call.query),
            },
        )

    def list_external_vault(call: Call) -> Reply:
        assert call.principal is not None
        vaults, count = service.list_external_vaults(call.principal.credential, call.query)
        return Reply(
            200,
            {
                "vaults": [vault_view(v, service.resources_of(v)) for v in vaults],
                "count": count,
                **_page(call.query),
            },
        )

    return {
        "copyBackup": copy_backup,
        "showBackup": show_backup,
        "listBackups": list_backups,
        "showReplicationCapabilities": show_replication_capabilities,
        "listOpLogs": list_op_logs,
        "showOpLog": show_op_log,
        "showVault": show_vault,
        "listVault": list_vault,
        "listExternalVault": list_external_vault,
    }
