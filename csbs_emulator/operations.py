"""The public API's handlers, one per operationId, and the JSON shapes they answer.

Owns: turning a validated `Call` into a service call, and a domain object into the body the
spec describes (`views`). Status codes come from the catalogue via the HTTP layer; the
only status chosen here is each operation's 200.
Must not import: the store.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from .http import Call, Handler, Reply
from .model import PROVIDER_ID, Backup, ReplicationRecord
from .service import ReplicationService

# -- views: domain -> the spec's JSON ------------------------------------------------------


def record_view(r: ReplicationRecord) -> dict[str, Any]:
    """A ReplicationRecord as `showBackup` lists it (components/schemas/ReplicationRecord)."""
    return {
        "id": r.id,
        "source_region": r.source_region,
        "source_project_id": r.source_project_id,
        "source_checkpoint_id": r.source_checkpoint_id,
        "source_checkpoint_item_id": r.source_item_id,
        "destination_region": r.destination_region,
        "destination_project_id": r.destination_project_id,
        "destination_checkpoint_item_id": r.destination_item_id,
        "status": r.status,
        "created_at": r.created_at,
        "extra_info": {
            "progress": r.progress,
            "fail_code": r.fail_code,
            "fail_reason": r.fail_reason,
            "enable_acceleration": r.enable_acceleration,
        },
    }


def backup_view(b: Backup, records: list[ReplicationRecord] | None = None) -> dict[str, Any]:
    """A Backup as the service answers it (components/schemas/Backup)."""
    extra = b.extra
    extend_info: dict[str, Any] = {
        "auto_trigger": False,
        "copy_from": b.copy_from,
        "copy_status": b.copy_status,
        "fail_code": b.fail_code,
        "fail_op": b.fail_op,
        "fail_reason": b.fail_reason,
        "progress": b.progress,
        "size": b.size,
        "resource_name": extra.get("resource_name", ""),
        "resource_az": extra.get("resource_az", ""),
        "image_type": extra.get("image_type", "backup"),
        "incremental": bool(extra.get("incremental", False)),
        "finished_at": b.created_at,
    }
    view: dict[str, Any] = {
        "id": b.id,
        "name": b.name,
        "description": b.description,
        "checkpoint_id": b.checkpoint_id,
        "resource_id": b.resource_id,
        "resource_type": b.resource_type,
        "status": b.status,
        "created_at": b.created_at,
        "updated_at": b.updated_at,
        "extend_info": extend_info,
        "tags": list(extra.get("tags", [])),
    }
    if records is not None:
        view["replication_records"] = [record_view(r) for r in records]
    return view


# -- handlers -------------------------------------------------------------------------------


def handlers(service: ReplicationService) -> dict[str, Handler]:
    def replicate_backup(call: Call) -> Reply:
        assert call.principal is not None  # the public API is always authenticated
        record = service.replicate(
            call.principal.credential,
            call.path["project_id"],
            call.path["checkpoint_item_id"],
            call.body["replication"],
        )
        return Reply(
            200,
            {
                "replication": {
                    "project_id": record.source_project_id,
                    "provider_id": PROVIDER_ID,
                    "checkpoint_item_id": record.source_item_id,
                    "source_region": record.source_region,
                    "destination_region": record.destination_region,
                    "destination_project_id": record.destination_project_id,
                    "replication_record_id": record.id,
                }
            },
        )

    def show_backup(call: Call) -> Reply:
        backup, records = service.show_backup(
            call.path["project_id"], call.path["checkpoint_item_id"]
        )
        return Reply(200, {"checkpoint_item": backup_view(backup, records)})

    def list_backups(call: Call) -> Reply:
        query = dict(call.query)
        limit = int(query.pop("limit"))
        marker = query.pop("marker", None)
        project_id = call.path["project_id"]
        page, next_marker = service.list_backups(
            project_id, limit=limit, marker=marker, filters=query
        )
        body: dict[str, Any] = {"checkpoint_items": [backup_view(b) for b in page]}
        if next_marker is not None:
            href = f"{call.base_url}/v1/{project_id}/checkpoint_items?" + urlencode(
                {**query, "limit": limit, "marker": next_marker}
            )
            body["checkpoint_items_links"] = [{"href": href, "rel": "next"}]
        return Reply(200, body)

    def show_replication_capabilities(call: Call) -> Reply:
        return Reply(
            200,
            {
                "regions": [
                    {"name": r.name, "replication_destinations": list(r.replication_destinations)}
                    for r in service.capabilities()
                ]
            },
        )

    return {
        "replicateBackup": replicate_backup,
        "showBackup": show_backup,
        "listBackups": list_backups,
        "showReplicationCapabilities": show_replication_capabilities,
    }
