"""CSBS v1's handlers, one per operationId of `openapi/csbs-v1.yaml`, and the JSON shapes
they answer.

Owns: turning a validated `Call` into a service call, and a domain object into the body the
spec describes (`views`). Status codes come from the catalogue via the HTTP layer; the
only status chosen here is each operation's 200.
Must not import: the store.
"""

from __future__ import annotations

import functools
import uuid
from typing import Any, Final
from urllib.parse import quote_plus, urlencode

import orjson

from ..http import Call, Encoded, Handler, Reply
from .model import PROVIDER_ID, Backup, BackupQuery, ReplicationRecord
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


_BACKUP_DATA_BLANK: dict[str, Any] = {
    "__openstack_region_name": "", "cloudservicetype": "", "disk": 0, "imagetype": "",
    "ram": 0, "vcpus": 0, "eip": "", "private_ip": "",
}  # fmt: skip


def _volume_backup_view(b: Backup, index: int, given: dict[str, Any]) -> dict[str, Any]:
    """One `volume_backup`, every member; what a fixture left out is made up from the backup."""
    seed = f"{b.id}/{given.get('source_volume_id', index)}"
    return {
        "id": given.get("id") or str(uuid.uuid5(uuid.NAMESPACE_URL, seed)),
        "name": given.get("name", b.name),
        "status": given.get("status", "available"),
        "bootable": given.get("bootable", index == 0),
        "image_type": "backup",
        "incremental": given.get("incremental", bool(b.extra.get("incremental", False))),
        "average_speed": given.get("average_speed", 0),
        "size": given.get("size", 0),
        "source_volume_id": given.get("source_volume_id", ""),
        "source_volume_name": given.get("source_volume_name", ""),
        "source_volume_size": given.get("source_volume_size", 0),
        "space_saving_ratio": given.get("space_saving_ratio", 0),
        "snapshot_id": given.get("snapshot_id")
        or str(uuid.uuid5(uuid.NAMESPACE_URL, f"{seed}/snapshot")),
    }


def backup_view(b: Backup, records: list[ReplicationRecord] | None = None) -> dict[str, Any]:
    """A Backup as the service answers it: every member of components/schemas/Backup
    (its `x-csbs-emulator-sends`), descriptive ones from the fixtures or blank defaults."""
    extra = b.extra
    extend_info: dict[str, Any] = {
        "auto_trigger": b.policy_id is not None,
        "average_speed": extra.get("average_speed", 0),
        "copy_from": b.copy_from,
        "copy_status": b.copy_status,
        "fail_code": b.fail_code,
        "fail_op": b.fail_op,
        "fail_reason": b.fail_reason,
        "image_type": extra.get("image_type", "backup"),
        "incremental": bool(extra.get("incremental", False)),
        "progress": b.progress,
        "resource_az": extra.get("resource_az", ""),
        "resource_name": extra.get("resource_name", ""),
        "resource_type": b.resource_type,
        "size": b.size,
        "space_saving_ratio": extra.get("space_saving_ratio", 0),
        "volume_backups": [
            _volume_backup_view(b, i, v) for i, v in enumerate(extra.get("volume_backups", []))
        ],
        "finished_at": extra.get("finished_at", b.created_at),
        "supported_restore_mode": extra.get("supported_restore_mode", "backup"),
        "os_images_data": list(extra.get("os_images_data", [])),
        "support_lld": bool(extra.get("support_lld", False)),
        "taskid": extra.get("taskid", ""),
        "hypervisor_type": "QEMU",  # the docs: always QEMU
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
        "protected_at": b.protected_at or b.created_at,
        "expired_at": b.expired_at,
        "backup_data": {**_BACKUP_DATA_BLANK, **extra.get("backup_data", {})},
        "extend_info": extend_info,
        "tags": [{"key": t["key"], "value": t.get("value", "")} for t in extra.get("tags", [])],
    }
    if records is not None:
        view["replication_records"] = [record_view(r) for r in records]
    return view


# Renderings of backups as read, by the stored row they were read from (bounded): a view
# is a function of the row alone, and building ten of them (and encoding them) was most of
# a listBackups call (bench/README.md, issue 19). A listed backup's rendering is kept
# encoded (`Encoded`, sent as is); a shown one's as the view, which gets its records.
# Backups not as read (`stored` None) are rendered afresh.
_KEPT: Final = 256  # bounded small: memory stays flat (tests/reliability/test_soak.py)
_encoded_views: dict[tuple[Any, ...], Encoded] = {}
_views: dict[tuple[Any, ...], dict[str, Any]] = {}


def listed_view(b: Backup) -> Any:
    """`backup_view(b)` ready to send (its JSON, encoded once per stored row)."""
    key = b.stored
    if key is None:
        return backup_view(b)
    encoded = _encoded_views.get(key)
    if encoded is None:
        view = backup_view(b)
        try:
            encoded = Encoded(orjson.dumps(view))
        except TypeError:  # e.g. an integer beyond 64 bits: left to the HTTP layer's encoder
            return view
        if len(_encoded_views) >= _KEPT:
            _encoded_views.clear()
        _encoded_views[key] = encoded
    return encoded


def shown_view(b: Backup, records: list[ReplicationRecord]) -> dict[str, Any]:
    """`backup_view(b, records)`, the backup's part built once per stored row."""
    key = b.stored
    if key is None:
        return backup_view(b, records)
    view = _views.get(key)
    if view is None:
        view = backup_view(b)
        if len(_views) >= _KEPT:
            _views.clear()
        _views[key] = view
    return {**view, "replication_records": [record_view(r) for r in records]}


_NOT_CARRIED: Final = frozenset({"marker", "offset"})


def _query_text(value: Any) -> str:
    """A parameter as the query string spells it (`true`, not Python's `True`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@functools.lru_cache(maxsize=1024)
def _next_link(base_url: str, project_id: str, following: tuple[tuple[str, str], ...]) -> str:
    """The next page's href up to its marker (the same for every page of one listing:
    urlencode of the same parameters on every call was ~4 us of listBackups, issue 19)."""
    query = urlencode(following)
    return f"{base_url}/v1/{project_id}/checkpoint_items?{query}{'&' if query else ''}"


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
        return Reply(200, {"checkpoint_item": shown_view(backup, records)})

    def backup_query(call: Call) -> BackupQuery:
        assert call.principal is not None
        return service.backup_query(
            call.principal.credential, call.path["project_id"], call.host_region, call.query
        )

    def list_backups(call: Call) -> Reply:
        query = call.query
        project_id = call.path["project_id"]
        limit = int(query["limit"])
        marker = query.get("marker")
        page, next_marker = service.list_backups(
            backup_query(call), limit=limit, marker=marker, offset=int(query.get("offset", 0))
        )
        body: dict[str, Any] = {"checkpoint_items": [listed_view(b) for b in page]}
        if next_marker is not None:
            # The next page keeps every parameter but the offset, which the marker replaces.
            following = tuple(
                (k, _query_text(v)) for k, v in query.items() if k not in _NOT_CARRIED
            )
            # What urlencode({"marker": ...}) writes, without building its dict and pairs.
            href = (
                _next_link(call.base_url, project_id, following)
                + "marker="
                + quote_plus(next_marker)
            )
            body["checkpoint_items_links"] = [{"href": href, "rel": "next"}]
        return Reply(200, body)

    def count_backups(call: Call) -> Reply:
        return Reply(200, {"count": service.count_backups(backup_query(call))})

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
        "countBackups": count_backups,
        "showReplicationCapabilities": show_replication_capabilities,
    }
