"""CSBS v1's adapter: what the flows need to know of `csbs_client`, said once.

Owns: the replicateBackup body (`ReplicateRequest`), how CSBS's answers read as the flows'
views — a backup (`checkpoint_item`) with its replication records and its copy state (the
`extend_info.copy_status` CSBS shows where it lists no records), replicas (backups with a
`copy_from`), error bodies — and the generated call that makes each effect, sync and async.
CSBS has no operation logs: it is never asked for `Tasks`.
Must not import: the emulator.
"""

from __future__ import annotations

from typing import Final
from uuid import UUID

import csbs_client
from csbs_client.api.backups import list_backups, show_backup
from csbs_client.api.replication import replicate_backup
from csbs_client.models import (
    Backup,
    FailCode,
    ListBackupsResponse,
    ProviderId,
    ReplicateRequest,
    ReplicateResponse,
    ReplicationParam,
    ReplicationRecord,
    ServiceError,
    ShowBackupResponse,
)
from csbs_client.types import Unset

from ._calls import AnyClient, Async, Sync, bound
from ._flow import (
    Accepted,
    BackupView,
    Call,
    CopyState,
    ErrorBody,
    Failure,
    Find,
    RecordView,
    Show,
    Target,
    Tasks,
    TaskView,
)
from ._values import text

PROVIDER: Final = ProviderId.FC4D5750_22E7_4798_8A46_F48F62C4C1DA
# copy_status values a replication leaves behind (`na`: never copied).
STARTED: Final = frozenset({"waiting_copy", "copying", "success", "fail"})


def _failure(code: FailCode | Unset, reason: object) -> Failure:
    if isinstance(code, Unset):
        return Failure(None, None, text(reason) or "")
    value = None if isinstance(code.code, Unset) else code.code
    return Failure(value, text(code.description), text(reason) or "")


def _record(record: ReplicationRecord) -> RecordView:
    extra = record.extra_info
    percent = None if isinstance(extra, Unset) else extra.progress
    failure = None if isinstance(extra, Unset) else _failure(extra.fail_code, extra.fail_reason)
    return RecordView(
        id=str(record.id),
        status=str(record.status),
        destination_region=record.destination_region,
        destination_project_id=text(record.destination_project_id),
        replica_id=text(record.destination_checkpoint_item_id),
        source_region=text(record.source_region),
        created_at=text(record.created_at),
        percent=percent if isinstance(percent, int) else None,
        failure=failure,
    )


def backup_view(backup: Backup) -> BackupView:
    info = backup.extend_info
    records = backup.replication_records
    status = str(info.copy_status)
    return BackupView(
        id=str(backup.id),
        resource_id=str(backup.resource_id),
        created_at=text(backup.created_at),
        is_replica=text(info.copy_from) is not None,
        records=None if isinstance(records, Unset) else tuple(_record(r) for r in records),
        copy=CopyState(
            status=status,
            percent=info.progress if isinstance(info.progress, int) else None,
            mark=(status, text(backup.updated_at), text(info.fail_reason)),
            started=status in STARTED,
            failure=_failure(info.fail_code, info.fail_reason),
        ),
        model=backup,
    )


class CsbsApi:
    name: Final = "csbs"
    replicate_operation: Final = "replicateBackup"
    has_tasks: Final = False
    has_vaults: Final = False

    def body(self, target: Target) -> ReplicateRequest:
        param = ReplicationParam(
            destination_region=target.destination_region,
            destination_project_id=target.destination_project_id,
        )
        if target.name is not None:
            param.name = target.name
        if target.description is not None:
            param.description = target.description
        param.enable_acceleration = target.enable_acceleration
        return ReplicateRequest(replication=param)

    def error(self, parsed: object) -> ErrorBody | None:
        if not isinstance(parsed, ServiceError):
            return None
        request_id = parsed.request_id if isinstance(parsed.request_id, str) else None
        return ErrorBody(parsed.error_code, parsed.error_msg, request_id or None)

    def accepted(self, parsed: object) -> Accepted | None:
        if not isinstance(parsed, ReplicateResponse):
            return None
        r = parsed.replication
        return Accepted(str(r.replication_record_id), r.source_region)

    def backup(self, parsed: object) -> BackupView | None:
        if not isinstance(parsed, ShowBackupResponse):
            return None
        return backup_view(parsed.checkpoint_item)

    def backups(self, parsed: object) -> list[BackupView] | None:
        if not isinstance(parsed, ListBackupsResponse):
            return None
        return [backup_view(b) for b in parsed.checkpoint_items]

    def tasks(self, parsed: object) -> list[TaskView] | None:
        return None  # CSBS has no operation logs

    def request(self, effect: Call, client: AnyClient) -> tuple[Sync, Async]:
        if not isinstance(client, csbs_client.Client | csbs_client.AuthenticatedClient):
            raise TypeError(f"a CSBS call needs a csbs_client client, not {type(client)!r}")
        if isinstance(effect, Find):
            return bound(
                list_backups.sync_detailed,
                list_backups.asyncio_detailed,
                effect.project_id,
                client=client,
                resource_id=effect.resource_id,
            )
        if isinstance(effect, Tasks):
            raise TypeError("CSBS has no operation logs")
        item = UUID(effect.item_id)
        if isinstance(effect, Show):
            return bound(
                show_backup.sync_detailed,
                show_backup.asyncio_detailed,
                effect.project_id,
                item,
                client=client,
            )
        return bound(
            replicate_backup.sync_detailed,
            replicate_backup.asyncio_detailed,
            effect.project_id,
            PROVIDER,
            item,
            client=client,
            body=effect.body,
        )


CSBS: Final = CsbsApi()
