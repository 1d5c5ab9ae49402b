"""CSBS v1's part of the control plane (`openapi/emulator-control.yaml`): seeded backups and
the replication lifecycle (`createBackups`, `listReplicationRecords`, `advanceReplication`,
`advanceAllReplications`).
Must not import: the store's SQL (state goes through the service and its tables).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..errors import CONTROL_CONFLICT, CONTROL_NOT_FOUND, control_error
from ..http import Call, Handler, Reply
from .model import ReplicationRecord
from .service import ReplicationService


def record_json(r: ReplicationRecord) -> dict[str, Any]:
    return asdict(r)


def handlers(service: ReplicationService) -> dict[str, Handler]:
    def create_backups(call: Call) -> Reply:
        body = call.body
        ids = service.create_backups(
            body["project_id"],
            int(body.get("count", 1)),
            body.get("status", "available"),
            body.get("name"),
        )
        return Reply(200, {"checkpoint_item_ids": ids})

    def list_replication_records(call: Call) -> Reply:
        records = service.tables.list_records(call.query.get("status"))
        return Reply(200, {"replication_records": [record_json(r) for r in records]})

    def advance_replication(call: Call) -> Reply:
        body = call.body
        try:
            record = service.advance(
                call.path["record_id"],
                body["outcome"],
                body.get("fail_code"),
                body.get("fail_reason", ""),
            )
        except ValueError as exc:
            raise control_error(CONTROL_CONFLICT, 409, str(exc)) from None
        if record is None:
            raise control_error(
                CONTROL_NOT_FOUND, 404, f"no replication record {call.path['record_id']}"
            )
        return Reply(200, record_json(record))

    def advance_all_replications(call: Call) -> Reply:
        body = call.body
        records = service.advance_all(
            body["outcome"], body.get("fail_code"), body.get("fail_reason", "")
        )
        return Reply(200, {"replication_records": [record_json(r) for r in records]})

    return {
        "createBackups": create_backups,
        "listReplicationRecords": list_replication_records,
        "advanceReplication": advance_replication,
        "advanceAllReplications": advance_all_replications,
    }
