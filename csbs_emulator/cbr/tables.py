"""CBR v3's tables: vaults, backups, replication records and tasks, and their SQL.

Owns: the CBR schema history (`SCHEMA`) and every read and write of CBR state, through the
store engine's connection and transactions.
Must not import: the web framework, the HTTP layer, the service. Raises only `StoreError`s.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any, Final

import orjson

from ..listing import ascii_lower, keyset_after
from ..model import Fixtures
from ..store import DueWatch, Schema, Store, StoreError
from .model import (
    BLOCKING_RECORD_STATUSES,
    RECORD_RUNNING,
    BackupQuery,
    CbrBackup,
    CbrReplication,
    OperationLog,
    TaskQuery,
    Vault,
    VaultQuery,
    cbr_from_json,
)


class DuplicateReplication(StoreError):
    """A blocking record exists for (backup, destination region): BackupService.1009."""


class RecordNotRunning(StoreError):
    """The record is no longer `replicating`: another writer on the same file ended it."""


_BLOCKING = ", ".join(f"'{s}'" for s in BLOCKING_RECORD_STATUSES)

# Each entry moves CBR's tables from version i to i+1. Append only; never edit a shipped step.
MIGRATIONS: Final[tuple[str, ...]] = (
    # 0 -> 1: the first CBR tables.
    f"""
    CREATE TABLE cbr_vaults (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        protect_type TEXT NOT NULL,
        object_type TEXT NOT NULL,
        size INTEGER NOT NULL,                -- GB
        used INTEGER NOT NULL,                -- GB held by its backups
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        extra TEXT NOT NULL                   -- JSON object of descriptive members
    );
    CREATE INDEX cbr_vaults_by_project ON cbr_vaults (project_id, created_at, id);
    CREATE TABLE cbr_backups (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        region TEXT NOT NULL,
        vault_id TEXT NOT NULL REFERENCES cbr_vaults(id),
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        checkpoint_id TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        resource_name TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        resource_az TEXT NOT NULL,
        resource_size INTEGER NOT NULL,
        status TEXT NOT NULL,
        image_type TEXT NOT NULL,
        provider_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        protected_at TEXT NOT NULL,
        contain_system_disk INTEGER NOT NULL,
        expired_at TEXT,
        parent_id TEXT,
        enterprise_project_id TEXT NOT NULL,
        extra TEXT NOT NULL
    );
    CREATE INDEX cbr_backups_by_project_time ON cbr_backups (project_id, created_at DESC, id DESC);
    CREATE INDEX cbr_backups_by_vault ON cbr_backups (vault_id, created_at DESC, id DESC);
    CREATE TABLE cbr_replications (
        id TEXT PRIMARY KEY,
        source_project_id TEXT NOT NULL,
        source_region TEXT NOT NULL,
        source_backup_id TEXT NOT NULL REFERENCES cbr_backups(id),
        source_checkpoint_id TEXT NOT NULL,
        source_vault_id TEXT NOT NULL,
        destination_project_id TEXT NOT NULL,
        destination_region TEXT NOT NULL,
        destination_vault_id TEXT NOT NULL,
        destination_backup_id TEXT,
        destination_checkpoint_id TEXT,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        due_at TEXT,
        operation_log_id TEXT NOT NULL,
        name TEXT,
        description TEXT,
        enable_acceleration INTEGER NOT NULL,
        progress INTEGER NOT NULL,
        fail_code TEXT NOT NULL,
        fail_reason TEXT NOT NULL
    );
    -- One replica of a backup per destination region, being made or made
    -- (BackupService.1009), decided by the database even across processes.
    CREATE UNIQUE INDEX cbr_one_live_replica_per_region
        ON cbr_replications (source_backup_id, destination_region)
        WHERE status IN ({_BLOCKING});
    CREATE INDEX cbr_replications_by_source ON cbr_replications (source_backup_id, created_at DESC);
    CREATE INDEX cbr_replications_due ON cbr_replications (status, due_at);
    CREATE INDEX cbr_replications_into_vault ON cbr_replications (destination_vault_id, status);
    CREATE TABLE cbr_tasks (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL,
        operation_type TEXT NOT NULL,
        status TEXT NOT NULL,
        provider_id TEXT NOT NULL,
        checkpoint_id TEXT NOT NULL,
        vault_id TEXT NOT NULL,
        vault_name TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        resource_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        progress INTEGER NOT NULL,
        error_code TEXT NOT NULL,
        error_message TEXT NOT NULL,
        replication TEXT NOT NULL             -- JSON: OpExtendInfoReplication
    );
    CREATE INDEX cbr_tasks_by_project_time ON cbr_tasks (project_id, created_at DESC, id DESC);
    """,
    # 1 -> 2: less work per CopyBackup, as CSBS's step 3 -> 4 (issue 19): the newest record
    # of a backup in index order (no sort of the id tie-break), and only running records
    # indexed by due time (an instant replication's record is never running).
    f"""
    DROP INDEX cbr_replications_by_source;
    CREATE INDEX cbr_replications_by_source ON cbr_replications
        (source_backup_id, created_at DESC, id DESC);
    DROP INDEX cbr_replications_due;
    CREATE INDEX cbr_replications_due ON cbr_replications (due_at)
        WHERE status = '{RECORD_RUNNING}';
    """,
)
SCHEMA: Final = Schema("cbr", MIGRATIONS)

_VAULT_COLUMNS = (
    "id, project_id, region, name, protect_type, object_type, size, used, status, created_at, "
    "description, extra"
)
_BACKUP_COLUMNS = (
    "id, project_id, region, vault_id, name, description, checkpoint_id, resource_id, "
    "resource_name, resource_type, resource_az, resource_size, status, image_type, provider_id, "
    "created_at, updated_at, protected_at, contain_system_disk, expired_at, parent_id, "
    "enterprise_project_id, extra"
)
_RECORD_COLUMNS = (
    "id, source_project_id, source_region, source_backup_id, source_checkpoint_id, "
    "source_vault_id, destination_project_id, destination_region, destination_vault_id, status, "
    "created_at, updated_at, operation_log_id, name, description, enable_acceleration, "
    "destination_backup_id, destination_checkpoint_id, progress, fail_code, fail_reason, due_at"
)

# The lifecycle's reads, on the partial index of running records (the status is written
# out: SQLite uses a partial index only for a query whose own terms imply its WHERE).
_DUE_RECORDS: Final = (
    f"SELECT {_RECORD_COLUMNS} FROM cbr_replications WHERE status = '{RECORD_RUNNING}' "
    "AND due_at IS NOT NULL AND due_at <= ? ORDER BY due_at"
)
_NEXT_DUE: Final = f"SELECT MIN(due_at) FROM cbr_replications WHERE status = '{RECORD_RUNNING}'"

_TASK_COLUMNS = (
    "id, project_id, operation_type, status, provider_id, checkpoint_id, vault_id, vault_name, "
    "resource_id, resource_name, created_at, updated_at, started_at, ended_at, progress, "
    "error_code, error_message, replication"
)


def _marks(columns: str) -> str:
    return ", ".join("?" * (columns.count(",") + 1))


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _vault(row: Sequence[Any]) -> Vault:
    return Vault(
        id=row[0], project_id=row[1], region=row[2], name=row[3], protect_type=row[4],
        object_type=row[5], size=row[6], used=row[7], status=row[8], created_at=row[9],
        description=row[10], extra=orjson.loads(row[11]),
    )  # fmt: skip


def _vault_params(v: Vault) -> tuple[Any, ...]:
    return (
        v.id, v.project_id, v.region, v.name, v.protect_type, v.object_type, v.size, v.used,
        v.status, v.created_at, v.description, _json(v.extra),
    )  # fmt: skip


def _backup(row: Sequence[Any]) -> CbrBackup:
    return CbrBackup(
        id=row[0], project_id=row[1], region=row[2], vault_id=row[3], name=row[4],
        description=row[5], checkpoint_id=row[6], resource_id=row[7], resource_name=row[8],
        resource_type=row[9], resource_az=row[10], resource_size=row[11], status=row[12],
        image_type=row[13], provider_id=row[14], created_at=row[15], updated_at=row[16],
        protected_at=row[17], contain_system_disk=bool(row[18]), expired_at=row[19],
        parent_id=row[20], enterprise_project_id=row[21], extra=orjson.loads(row[22]),
    )  # fmt: skip


def _backup_params(b: CbrBackup) -> tuple[Any, ...]:
    return (
        b.id, b.project_id, b.region, b.vault_id, b.name, b.description, b.checkpoint_id,
        b.resource_id, b.resource_name, b.resource_type, b.resource_az, b.resource_size,
        b.status, b.image_type, b.provider_id, b.created_at, b.updated_at, b.protected_at,
        int(b.contain_system_disk), b.expired_at, b.parent_id, b.enterprise_project_id,
        _json(b.extra),
    )  # fmt: skip


def _record(row: Sequence[Any]) -> CbrReplication:
    return CbrReplication(
        id=row[0], source_project_id=row[1], source_region=row[2], source_backup_id=row[3],
        source_checkpoint_id=row[4], source_vault_id=row[5], destination_project_id=row[6],
        destination_region=row[7], destination_vault_id=row[8], status=row[9],
        created_at=row[10], updated_at=row[11], operation_log_id=row[12], name=row[13],
        description=row[14], enable_acceleration=bool(row[15]), destination_backup_id=row[16],
        destination_checkpoint_id=row[17], progress=row[18], fail_code=row[19],
        fail_reason=row[20], due_at=row[21],
    )  # fmt: skip


def _record_params(r: CbrReplication) -> tuple[Any, ...]:
    return (
        r.id, r.source_project_id, r.source_region, r.source_backup_id, r.source_checkpoint_id,
        r.source_vault_id, r.destination_project_id, r.destination_region,
        r.destination_vault_id, r.status, r.created_at, r.updated_at, r.operation_log_id,
        r.name, r.description, int(r.enable_acceleration), r.destination_backup_id,
        r.destination_checkpoint_id, r.progress, r.fail_code, r.fail_reason, r.due_at,
    )  # fmt: skip


def _task(row: Sequence[Any]) -> OperationLog:
    return OperationLog(
        id=row[0], project_id=row[1], operation_type=row[2], status=row[3], provider_id=row[4],
        checkpoint_id=row[5], vault_id=row[6], vault_name=row[7], resource_id=row[8],
        resource_name=row[9], created_at=row[10], updated_at=row[11], started_at=row[12],
        ended_at=row[13], progress=row[14], error_code=row[15], error_message=row[16],
        replication=orjson.loads(row[17]),
    )  # fmt: skip


def _task_params(t: OperationLog) -> tuple[Any, ...]:
    return (
        t.id, t.project_id, t.operation_type, t.status, t.provider_id, t.checkpoint_id,
        t.vault_id, t.vault_name, t.resource_id, t.resource_name, t.created_at, t.updated_at,
        t.started_at, t.ended_at, t.progress, t.error_code, t.error_message,
        _json(t.replication),
    )  # fmt: skip


def _backup_where(query: BackupQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = ["project_id = ?"]
    params: list[Any] = [query.project_id]
    for column in ("vault_id", "image_type", "resource_id", "resource_az", "resource_type",
                   "checkpoint_id", "parent_id"):  # fmt: skip
        value = getattr(query, column)
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if query.statuses:
        where.append(f"status IN ({', '.join('?' * len(query.statuses))})")
        params.extend(query.statuses)
    for column in ("name", "resource_name"):
        value = getattr(query, column)
        if value:  # fuzzy; an empty fragment matches every backup
            where.append(f"instr(lower({column}), ?) > 0")
            params.append(ascii_lower(value))
    if query.start_time is not None:
        where.append("created_at >= ?")
        params.append(query.start_time)
    if query.end_time is not None:
        where.append("created_at <= ?")
        params.append(query.end_time)
    if query.enterprise_project_id is not None:
        where.append("enterprise_project_id = ?")
        params.append(query.enterprise_project_id)
    if query.incremental is not None:
        where.append("coalesce(json_extract(extra, '$.incremental'), 0) = ?")
        params.append(int(query.incremental))
    if query.used_percent is not None:
        # `used` and `size` are both GB here (the API answers `used` in MB).
        where.append("vault_id IN (SELECT id FROM cbr_vaults WHERE used * 100 >= ? * size)")
        params.append(query.used_percent)
    if query.shared:
        where.append("0")  # the emulator shares no backup with another project
    return where, params


class CbrTables:
    """CBR state in one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._db = store.db
        self.transaction = store.transaction
        # Answers most of the lifecycle tick's `due_records` without a query (store.DueWatch).
        self.due = DueWatch(store)

    # -- fixtures -------------------------------------------------------------------------

    def wipe(self) -> None:
        """Delete every CBR row (inside the caller's transaction)."""
        for table in ("cbr_replications", "cbr_tasks", "cbr_backups", "cbr_vaults"):
            self._db.execute(f"DELETE FROM {table}")
        self.due.forget()

    def load(self, fixtures: Fixtures) -> None:
        """Insert the fixtures' CBR vaults and backups (inside the caller's transaction)."""
        data = cbr_from_json(fixtures)
        self.due.forget()
        self._db.executemany(
            f"INSERT INTO cbr_vaults ({_VAULT_COLUMNS}) VALUES ({_marks(_VAULT_COLUMNS)})",
            [_vault_params(v) for v in data.vaults],
        )
        self.add_backups(data.backups)

    def add_backups(self, backups: Sequence[CbrBackup]) -> None:
        """Insert backups; each vault's used space grows by their sizes."""
        with self.transaction():
            for backup in backups:
                self._land(backup)

    # -- vaults ---------------------------------------------------------------------------

    def find_vault(self, vault_id: str) -> Vault | None:
        """A vault of any project (the caller checks that it is in scope)."""
        row = self._db.execute(
            f"SELECT {_VAULT_COLUMNS} FROM cbr_vaults WHERE id = ?", (vault_id,)
        ).fetchone()
        return _vault(row) if row else None

    def _vault_where(self, query: VaultQuery) -> tuple[str, list[Any]]:
        where, params = ["project_id = ?", "region = ?"], [query.project_id, query.region]
        for column in ("protect_type", "object_type", "status"):
            value = getattr(query, column)
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if query.cloud_type is not None:
            where.append("coalesce(json_extract(extra, '$.cloud_type'), 'public') = ?")
            params.append(query.cloud_type)
        if query.name:
            where.append("instr(lower(name), ?) > 0")
            params.append(ascii_lower(query.name))
        if query.ids:
            where.append(f"id IN ({', '.join('?' * len(query.ids))})")
            params.extend(query.ids)
        if query.policy_id is not None:
            where.append("json_extract(extra, '$.policy_id') = ?")
            params.append(query.policy_id)
        if query.resource_ids:
            marks = ", ".join("?" * len(query.resource_ids))
            where.append(
                "EXISTS (SELECT 1 FROM json_each(extra, '$.resources') r "
                f"WHERE json_extract(r.value, '$.id') IN ({marks}))"
            )
            params.extend(query.resource_ids)
        if query.enterprise_project_id is not None:
            where.append("coalesce(json_extract(extra, '$.enterprise_project_id'), '0') = ?")
            params.append(query.enterprise_project_id)
        if query.nothing:
            where.append("0")
        return " AND ".join(where), params

    def query_vaults(
        self, query: VaultQuery, *, limit: int, offset: int
    ) -> tuple[list[Vault], int]:
        """A page of the vaults `query` selects, oldest first, and how many it selects."""
        where, params = self._vault_where(query)
        rows = self._db.execute(
            f"SELECT {_VAULT_COLUMNS} FROM cbr_vaults WHERE {where} "
            "ORDER BY created_at, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        count = self._db.execute(f"SELECT COUNT(*) FROM cbr_vaults WHERE {where}", params)
        return [_vault(r) for r in rows], int(count.fetchone()[0])

    def resource_backups(self, vault_id: str) -> dict[str, tuple[int, int]]:
        """Per resource: how many backups of it the vault holds, and their GB."""
        rows = self._db.execute(
            "SELECT resource_id, COUNT(*), COALESCE(SUM(resource_size), 0) FROM cbr_backups "
            "WHERE vault_id = ? GROUP BY resource_id",
            (vault_id,),
        )
        return {str(r[0]): (int(r[1]), int(r[2])) for r in rows}

    def reserved(self, vault_id: str) -> int:
        """GB promised to the vault by replications still running into it."""
        row = self._db.execute(
            "SELECT coalesce(sum(b.resource_size), 0) FROM cbr_replications r "
            "JOIN cbr_backups b ON b.id = r.source_backup_id "
            "WHERE r.destination_vault_id = ? AND r.status = ?",
            (vault_id, RECORD_RUNNING),
        ).fetchone()
        return int(row[0])

    # -- backups --------------------------------------------------------------------------

    def get_backup(self, project_id: str, backup_id: str) -> CbrBackup | None:
        row = self._db.execute(
            f"SELECT {_BACKUP_COLUMNS} FROM cbr_backups WHERE id = ? AND project_id = ?",
            (backup_id, project_id),
        ).fetchone()
        return _backup(row) if row else None

    def find_backup(self, backup_id: str) -> CbrBackup | None:
        row = self._db.execute(
            f"SELECT {_BACKUP_COLUMNS} FROM cbr_backups WHERE id = ?", (backup_id,)
        ).fetchone()
        return _backup(row) if row else None

    def query_backups(
        self, query: BackupQuery, *, limit: int, offset: int = 0, after: CbrBackup | None = None
    ) -> list[CbrBackup]:
        where, params = _backup_where(query)
        if after is not None:
            term, values = keyset_after(query.sort, [getattr(after, k) for k, _ in query.sort])
            where.append(term)
            params.extend(values)
        order = ", ".join(f"{key} {'DESC' if desc else 'ASC'}" for key, desc in query.sort)
        rows = self._db.execute(
            f"SELECT {_BACKUP_COLUMNS} FROM cbr_backups WHERE {' AND '.join(where)} "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [_backup(r) for r in rows]

    def count_backups(self, query: BackupQuery | None = None) -> int:
        """How many backups `query` selects (every CBR backup without one)."""
        if query is None:
            return int(self._db.execute("SELECT COUNT(*) FROM cbr_backups").fetchone()[0])
        where, params = _backup_where(query)
        sql = f"SELECT COUNT(*) FROM cbr_backups WHERE {' AND '.join(where)}"
        return int(self._db.execute(sql, params).fetchone()[0])

    # -- replication records and their tasks ----------------------------------------------

    def replica_blocked(self, backup_id: str, region: str) -> bool:
        """A replica of the backup to `region` is being made or made (BackupService.1009)."""
        row = self._db.execute(
            "SELECT 1 FROM cbr_replications WHERE source_backup_id = ? "
            f"AND destination_region = ? AND status IN ({_BLOCKING}) LIMIT 1",
            (backup_id, region),
        ).fetchone()
        return row is not None

    def add_replication(
        self, record: CbrReplication, task: OperationLog, replica: CbrBackup | None
    ) -> None:
        """Insert a record, its task and (a completed copy's) replica, atomically; the
        destination vault's used space grows by the replica's size.

        Raises DuplicateReplication if the unique index refuses the record.
        """
        with self.transaction():
            try:
                self._db.execute(
                    f"INSERT INTO cbr_replications ({_RECORD_COLUMNS}) "
                    f"VALUES ({_marks(_RECORD_COLUMNS)})",
                    _record_params(record),
                )
            except sqlite3.IntegrityError as exc:
                raise DuplicateReplication(str(exc)) from exc
            if record.status == RECORD_RUNNING:
                self.due.note(record.due_at)
            self._db.execute(
                f"INSERT INTO cbr_tasks ({_TASK_COLUMNS}) VALUES ({_marks(_TASK_COLUMNS)})",
                _task_params(task),
            )
            if replica is not None:
                self._land(replica)

    def finish_replication(
        self, record: CbrReplication, task: OperationLog, replica: CbrBackup | None
    ) -> None:
        """Write a running record's outcome, its task's and the replica, atomically.

        Raises RecordNotRunning (and writes nothing) if the record is no longer running.
        """
        # Lean: the only refusal, RecordNotRunning, is an update that changed no row.
        with self.transaction(lean=True):
            cursor = self._db.execute(
                "UPDATE cbr_replications SET status = ?, updated_at = ?, "
                "destination_backup_id = ?, destination_checkpoint_id = ?, progress = ?, "
                "fail_code = ?, fail_reason = ?, due_at = NULL WHERE id = ? AND status = ?",
                (
                    record.status, record.updated_at, record.destination_backup_id,
                    record.destination_checkpoint_id, record.progress, record.fail_code,
                    record.fail_reason, record.id, RECORD_RUNNING,
                ),
            )  # fmt: skip
            if cursor.rowcount != 1:
                raise RecordNotRunning(record.id)
            self._db.execute(
                "UPDATE cbr_tasks SET status = ?, updated_at = ?, ended_at = ?, progress = ?, "
                "error_code = ?, error_message = ?, replication = ? WHERE id = ?",
                (
                    task.status, task.updated_at, task.ended_at, task.progress, task.error_code,
                    task.error_message, _json(task.replication), task.id,
                ),
            )  # fmt: skip
            if replica is not None:
                self._land(replica)

    def _land(self, replica: CbrBackup) -> None:
        self._db.execute(
            f"INSERT INTO cbr_backups ({_BACKUP_COLUMNS}) VALUES ({_marks(_BACKUP_COLUMNS)})",
            _backup_params(replica),
        )
        self._db.execute(
            "UPDATE cbr_vaults SET used = used + ? WHERE id = ?",
            (replica.resource_size, replica.vault_id),
        )

    def get_record(self, record_id: str) -> CbrReplication | None:
        row = self._db.execute(
            f"SELECT {_RECORD_COLUMNS} FROM cbr_replications WHERE id = ?", (record_id,)
        ).fetchone()
        return _record(row) if row else None

    def records_for_backup(self, backup_id: str) -> list[CbrReplication]:
        rows = self._db.execute(
            f"SELECT {_RECORD_COLUMNS} FROM cbr_replications "
            "WHERE source_backup_id = ? ORDER BY created_at DESC, id DESC",
            (backup_id,),
        )
        return [_record(r) for r in rows]

    def list_records(self, status: str | None = None) -> list[CbrReplication]:
        sql = f"SELECT {_RECORD_COLUMNS} FROM cbr_replications"
        params: tuple[str, ...] = ()
        if status == RECORD_RUNNING:
            # Written out, so that SQLite may use the partial index of running records.
            sql += f" WHERE status = '{RECORD_RUNNING}'"
        elif status is not None:
            sql += " WHERE status = ?"
            params = (status,)
        rows = self._db.execute(sql + " ORDER BY created_at DESC, id DESC", params)
        return [_record(r) for r in rows]

    def due_records(self, now: str) -> list[CbrReplication]:
        """The running records due at `now`, oldest first ([] at once if `due` knows)."""
        if not self.due.may_be_due(now):
            return []
        version = self.store.data_version()
        rows = self._db.execute(_DUE_RECORDS, (now,)).fetchall()
        if not rows:  # those returned may yet fail to finish: ask again next time
            next_due = self._db.execute(_NEXT_DUE).fetchone()[0]
            self.due.learn(next_due, version)
        return [_record(r) for r in rows]

    # -- tasks ----------------------------------------------------------------------------

    def get_task(self, project_id: str, task_id: str) -> OperationLog | None:
        row = self._db.execute(
            f"SELECT {_TASK_COLUMNS} FROM cbr_tasks WHERE id = ? AND project_id = ?",
            (task_id, project_id),
        ).fetchone()
        return _task(row) if row else None

    def query_tasks(
        self, query: TaskQuery, *, limit: int, offset: int
    ) -> tuple[list[OperationLog], int]:
        """A page of the tasks `query` selects, newest first, and how many it selects."""
        where, params = ["project_id = ?"], [query.project_id]
        for column in ("operation_type", "status", "provider_id", "resource_id", "vault_id"):
            value = getattr(query, column)
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        for column in ("resource_name", "vault_name"):
            value = getattr(query, column)
            if value:
                where.append(f"instr(lower({column}), ?) > 0")
                params.append(ascii_lower(value))
        if query.start_time is not None:
            where.append("created_at >= ?")
            params.append(query.start_time)
        if query.end_time is not None:
            where.append("created_at <= ?")
            params.append(query.end_time)
        if query.enterprise_project_id is not None:
            where.append(
                "json_extract(replication, '$.source_backup_id') IN "
                "(SELECT id FROM cbr_backups WHERE enterprise_project_id = ?)"
            )
            params.append(query.enterprise_project_id)
        clause = " AND ".join(where)
        rows = self._db.execute(
            f"SELECT {_TASK_COLUMNS} FROM cbr_tasks WHERE {clause} "
            "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        count = self._db.execute(f"SELECT COUNT(*) FROM cbr_tasks WHERE {clause}", params)
        return [_task(r) for r in rows], int(count.fetchone()[0])
