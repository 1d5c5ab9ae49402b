"""CBR v3's adapter: what the flows need to know of `cbr_client`, said once.

Owns: the copyBackup body (`BackupReplicateReq`, with the destination vault), how CBR's
answers read as the flows' views — a backup with its replication records (CBR shows no copy
state on the backup), replicas (`image_type: replication`, looked for in the destination
vault), `replication` tasks of the operation logs (CBR's evidence of a copy where it lists
no records), error bodies — and the generated call that makes each effect, sync and async.
Must not import: the emulator.
"""

from __future__ import annotations

from typing import Final
from uuid import UUID

import cbr_client
from cbr_client.api.backups import list_backups, show_backup
from cbr_client.api.replication import copy_backup
from cbr_client.api.tasks import list_op_logs
from cbr_client.models import (
    BackupReplicateReq,
    BackupReplicateReqBody,
    BackupReplicateResp,
    BackupResp,
    ImageType,
    ListBackupsResponse,
    ListOpLogsResponse,
    OperationLog,
    OperationType,
    ReplicationRecordGet,
    ServiceError,
    ShowBackupResponse,
)
from cbr_client.types import UNSET, Unset

from ._calls import AnyClient, Async, Sync, bound
from ._flow import (
    Accepted,
    BackupView,
    Call,
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

REPLICA: Final = "replication"  # a backup's image_type once it is a replica


def _percent(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _record(record: ReplicationRecordGet) -> RecordView:
    extra = record.extra_info
    percent: int | None = None
    failure: Failure | None = None
    if not isinstance(extra, Unset):
        percent = _percent(extra.progress)
        # `fail_code` is "" (or null) while nothing has failed (the spec's examples).
        code, reason = text(extra.fail_code), text(extra.fail_reason)
        if code is not None or reason is not None:
            failure = Failure(code, None, reason or "")
    return RecordView(
        id=str(record.id),
        status=text(record.status) or "",
        destination_region=text(record.destination_region),
        destination_project_id=text(record.destination_project_id),
        replica_id=text(record.destination_backup_id),
        source_region=text(record.source_region),
        created_at=text(record.created_at),
        percent=percent,
        failure=failure,
    )


def backup_view(backup: BackupResp) -> BackupView:
    records = backup.replication_records
    return BackupView(
        id=str(backup.id),
        resource_id=backup.resource_id,
        created_at=text(backup.created_at),
        is_replica=str(backup.image_type) == REPLICA,
        records=None if isinstance(records, Unset) else tuple(_record(r) for r in records),
        copy=None,
        model=backup,
    )


def _task(log: OperationLog) -> TaskView | None:
    """A replication task; None for a task of another kind (no `extra_info.replication`)."""
    extra = log.extra_info
    if isinstance(extra, Unset) or isinstance(extra.replication, Unset):
        return None
    replication = extra.replication
    common = extra.common
    failure: Failure | None = None
    if not isinstance(log.error_info, Unset):
        code, message = text(log.error_info.code), text(log.error_info.message)
        if code is not None or message is not None:
            failure = Failure(code, None, message or "")
    return TaskView(
        id=str(log.id),
        status=str(log.status),
        source_backup_id=str(replication.source_backup_id),
        destination_region=replication.destination_region,
        destination_project_id=replication.destination_project_id,
        replica_id=text(replication.destination_backup_id),
        created_at=text(log.created_at),
        percent=None if isinstance(common, Unset) else _percent(common.progress),
        failure=failure,
    )


class CbrApi:
    name: Final = "cbr"
    replicate_operation: Final = "copyBackup"
    has_tasks: Final = True
    has_vaults: Final = True

    def body(self, target: Target) -> BackupReplicateReq:
        if target.destination_vault_id is None:
            raise ValueError("CBR replicates into a vault: the target names none")
        body = BackupReplicateReqBody(
            destination_project_id=target.destination_project_id,
            destination_region=target.destination_region,
            destination_vault_id=UUID(target.destination_vault_id),
            enable_acceleration=target.enable_acceleration,
        )
        if target.name is not None:
            body.name = target.name
        if target.description is not None:
            body.description = target.description
        return BackupReplicateReq(replicate=body)

    def error(self, parsed: object) -> ErrorBody | None:
        if not isinstance(parsed, ServiceError):
            return None
        return ErrorBody(parsed.error_code, parsed.error_msg, text(parsed.request_id))

    def accepted(self, parsed: object) -> Accepted | None:
        if not isinstance(parsed, BackupReplicateResp):
            return None
        r = parsed.replication
        return Accepted(str(r.replication_record_id), r.source_region)

    def backup(self, parsed: object) -> BackupView | None:
        if not isinstance(parsed, ShowBackupResponse):
            return None
        return backup_view(parsed.backup)

    def backups(self, parsed: object) -> list[BackupView] | None:
        if not isinstance(parsed, ListBackupsResponse):
            return None
        return [backup_view(b) for b in parsed.backups]

    def tasks(self, parsed: object) -> list[TaskView] | None:
        if not isinstance(parsed, ListOpLogsResponse):
            return None
        return [task for task in map(_task, parsed.operation_logs) if task is not None]

    def request(self, effect: Call, client: AnyClient) -> tuple[Sync, Async]:
        if not isinstance(client, cbr_client.Client | cbr_client.AuthenticatedClient):
            raise TypeError(f"a CBR call needs a cbr_client client, not {type(client)!r}")
        if isinstance(effect, Find):
            return bound(
                list_backups.sync_detailed,
                list_backups.asyncio_detailed,
                effect.project_id,
                client=client,
                resource_id=effect.resource_id,
                image_type=ImageType.REPLICATION,
                vault_id=UNSET if effect.vault_id is None else effect.vault_id,
            )
        if isinstance(effect, Tasks):
            return bound(
                list_op_logs.sync_detailed,
                list_op_logs.asyncio_detailed,
                effect.project_id,
                client=client,
                operation_type=OperationType.REPLICATION,
                resource_id=effect.resource_id,
            )
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
            copy_backup.sync_detailed,
            copy_backup.asyncio_detailed,
            effect.project_id,
            item,
            client=client,
            body=effect.body,
        )


CBR: Final = CbrApi()
