"""CSBS v1's tables: backups, replication records and the kept totals, and their SQL.

Owns: the CSBS schema history (`SCHEMA`) and every read and write of CSBS state, through
the store engine's connection and transactions.
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
    Backup,
    BackupQuery,
    ReplicationRecord,
    backups_from_json,
)


class DuplicateReplication(StoreError):
    """A blocking replication record already exists for (backup, destination region)."""


class RecordNotCopying(StoreError):
    """The record is no longer `copying`: another writer on the same file finished it."""


_BLOCKING = ", ".join(f"'{s}'" for s in BLOCKING_RECORD_STATUSES)

# Each entry moves the schema from version i to i+1. Append only; never edit a shipped step.
# Step 0 also made the directory every service shares (regions, projects, credentials): it
# was written when CSBS was the only service, and shipped files hold it at that step.
MIGRATIONS: Final[tuple[str, ...]] = (
    # 0 -> 1: the first schema.
    f"""
    CREATE TABLE regions (
        name TEXT PRIMARY KEY,
        destinations TEXT NOT NULL            -- JSON array of region names
    );
    CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        region TEXT NOT NULL REFERENCES regions(name),
        name TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE credentials (
        key TEXT PRIMARY KEY,                 -- the token, or the AK
        kind TEXT NOT NULL CHECK (kind IN ('token', 'aksk')),
        secret TEXT NOT NULL,
        permission TEXT NOT NULL CHECK (permission IN ('rw', 'ro')),
        projects TEXT NOT NULL,               -- JSON array of project ids
        user TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE backups (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        checkpoint_id TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        copy_from TEXT,
        copy_status TEXT NOT NULL,
        fail_code TEXT NOT NULL,              -- JSON object
        fail_reason TEXT NOT NULL,
        fail_op TEXT NOT NULL,
        progress INTEGER NOT NULL,
        size INTEGER NOT NULL,
        extra TEXT NOT NULL                   -- JSON object of descriptive members
    );
    -- listBackups pages newest first within a project: (created_at, id) keyset, no scans.
    CREATE INDEX backups_by_project_time ON backups (project_id, created_at DESC, id DESC);
    CREATE TABLE replication_records (
        id TEXT PRIMARY KEY,
        source_project_id TEXT NOT NULL,
        source_region TEXT NOT NULL,
        source_item_id TEXT NOT NULL REFERENCES backups(id),
        source_checkpoint_id TEXT NOT NULL,
        destination_region TEXT NOT NULL,
        destination_project_id TEXT NOT NULL,
        destination_item_id TEXT,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        due_at TEXT,
        name TEXT,
        description TEXT,
        enable_acceleration INTEGER NOT NULL,
        progress INTEGER NOT NULL,
        fail_code TEXT NOT NULL,
        fail_reason TEXT NOT NULL
    );
    -- The seed's rule, enforced by the database itself: at most one replica of a backup
    -- being made or made per destination region (BackupService.1009), even across processes.
    CREATE UNIQUE INDEX one_live_replica_per_region
        ON replication_records (source_item_id, destination_region)
        WHERE status IN ({_BLOCKING});
    CREATE INDEX records_by_source ON replication_records (source_item_id, created_at DESC);
    CREATE INDEX records_due ON replication_records (status, due_at);
    """,
    # 1 -> 2: listBackups' documented filters and sorts (issue 11), and administrators.
    """
    ALTER TABLE credentials ADD COLUMN admin INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE backups ADD COLUMN policy_id TEXT;
    ALTER TABLE backups ADD COLUMN protected_at TEXT;
    ALTER TABLE backups ADD COLUMN expired_at TEXT;
    -- Searchable copies of members kept in `extra` (written by the store from it).
    ALTER TABLE backups ADD COLUMN resource_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE backups ADD COLUMN resource_az TEXT NOT NULL DEFAULT '';
    ALTER TABLE backups ADD COLUMN image_type TEXT NOT NULL DEFAULT 'backup';
    ALTER TABLE backups ADD COLUMN private_ip TEXT NOT NULL DEFAULT '';
    ALTER TABLE backups ADD COLUMN eip TEXT NOT NULL DEFAULT '';
    UPDATE backups SET
        protected_at = created_at,
        resource_name = coalesce(json_extract(extra, '$.resource_name'), ''),
        resource_az = coalesce(json_extract(extra, '$.resource_az'), ''),
        image_type = coalesce(json_extract(extra, '$.image_type'), 'backup'),
        private_ip = coalesce(json_extract(extra, '$.backup_data.private_ip'), ''),
        eip = coalesce(json_extract(extra, '$.backup_data.eip'), '');
    -- One index per documented sort key, so that a sorted page (and a page after a marker)
    -- is read in index order, not sorted from a scan (the id tie-break ends each one).
    CREATE INDEX backups_by_project_updated ON backups (project_id, updated_at, id);
    CREATE INDEX backups_by_project_name ON backups (project_id, name, id);
    CREATE INDEX backups_by_project_status ON backups (project_id, status, created_at, id);
    CREATE INDEX backups_by_project_protected ON backups (project_id, protected_at, id);
    CREATE INDEX backups_by_project_id ON backups (project_id, id);
    CREATE INDEX backups_by_resource ON backups (resource_id, created_at);
    CREATE INDEX backups_by_checkpoint ON backups (checkpoint_id, created_at);
    """,
    # 2 -> 3: countBackups by project (and status) from kept totals, not by counting index
    # entries: counting the 900,000 available backups of one project took 2 s (bench/README.md).
    # The database keeps the totals itself, so no writer can forget them.
    """
    CREATE TABLE backup_counts (
        project_id TEXT NOT NULL,
        status TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (project_id, status)
    ) WITHOUT ROWID;
    INSERT INTO backup_counts (project_id, status, n)
        SELECT project_id, status, COUNT(*) FROM backups GROUP BY project_id, status;
    CREATE TRIGGER backups_counted_in AFTER INSERT ON backups BEGIN
        INSERT INTO backup_counts (project_id, status, n) VALUES (NEW.project_id, NEW.status, 1)
            ON CONFLICT (project_id, status) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER backups_counted_out AFTER DELETE ON backups BEGIN
        UPDATE backup_counts SET n = n - 1
            WHERE project_id = OLD.project_id AND status = OLD.status;
    END;
    -- Equality filters that select few backups among many, in the default order: without
    -- the project and order columns SQLite prefers walking the project's time index (the
    -- ORDER BY's), a scan of the whole project (bench/README.md, issue 11). Step 1 -> 2 made
    -- them without; it is not edited, files made by it are mended here.
    DROP INDEX backups_by_resource;
    DROP INDEX backups_by_checkpoint;
    CREATE INDEX backups_by_resource ON backups
        (project_id, resource_id, created_at DESC, id DESC);
    CREATE INDEX backups_by_checkpoint ON backups
        (project_id, checkpoint_id, created_at DESC, id DESC);
    CREATE TRIGGER backups_counted_moved AFTER UPDATE OF project_id, status ON backups
    WHEN OLD.project_id IS NOT NEW.project_id OR OLD.status IS NOT NEW.status BEGIN
        UPDATE backup_counts SET n = n - 1
            WHERE project_id = OLD.project_id AND status = OLD.status;
        INSERT INTO backup_counts (project_id, status, n) VALUES (NEW.project_id, NEW.status, 1)
            ON CONFLICT (project_id, status) DO UPDATE SET n = n + 1;
    END;
    """,
    # 3 -> 4: less work per replicateBackup (issue 19, bench/README.md). The newest record
    # of a backup is read in index order: the id tie-break was sorted in a temporary b-tree
    # on every copy-state update. Only copying records are waited on, so only they are
    # indexed by due time: an instant replication's record (never copying) adds no entry.
    """
    DROP INDEX records_by_source;
    CREATE INDEX records_by_source ON replication_records
        (source_item_id, created_at DESC, id DESC);
    DROP INDEX records_due;
    CREATE INDEX records_due ON replication_records (due_at) WHERE status = 'copying';
    """,
)
SCHEMA: Final = Schema("csbs", MIGRATIONS)
SCHEMA_VERSION: Final = SCHEMA.version

_BACKUP_COLUMNS = (
    "id, project_id, region, name, description, checkpoint_id, resource_id, resource_type, "
    "status, created_at, updated_at, copy_from, copy_status, fail_code, fail_reason, fail_op, "
    "progress, size, extra, policy_id, protected_at, expired_at"
)
# Written from `Backup.extra`, never read back: they exist to be filtered on.
_SEARCH_COLUMNS = "resource_name, resource_az, image_type, private_ip, eip"
_RECORD_COLUMNS = (
    "id, source_project_id, source_region, source_item_id, source_checkpoint_id, "
    "destination_region, destination_project_id, destination_item_id, status, created_at, "
    "updated_at, due_at, name, description, enable_acceleration, progress, fail_code, fail_reason"
)


def _json(value: Any) -> str:
    """A JSON column's text (orjson: the backup and record columns are on the hot path)."""
    return orjson.dumps(value).decode()


def _backup(row: Sequence[Any]) -> Backup:
    return Backup(
        id=row[0],
        project_id=row[1],
        region=row[2],
        name=row[3],
        description=row[4],
        checkpoint_id=row[5],
        resource_id=row[6],
        resource_type=row[7],
        status=row[8],
        created_at=row[9],
        updated_at=row[10],
        copy_from=row[11],
        copy_status=row[12],
        fail_code=orjson.loads(row[13]),
        fail_reason=row[14],
        fail_op=row[15],
        progress=row[16],
        size=row[17],
        extra=orjson.loads(row[18]),
        policy_id=row[19],
        protected_at=row[20],
        expired_at=row[21],
        stored=tuple(row),
    )


def _backup_params(b: Backup) -> tuple[Any, ...]:
    extra = b.extra
    data = extra.get("backup_data") or {}
    return (
        b.id, b.project_id, b.region, b.name, b.description, b.checkpoint_id, b.resource_id,
        b.resource_type, b.status, b.created_at, b.updated_at, b.copy_from, b.copy_status,
        _json(b.fail_code), b.fail_reason, b.fail_op, b.progress, b.size, _json(extra),
        b.policy_id, b.protected_at or b.created_at, b.expired_at,
        str(extra.get("resource_name", "")), str(extra.get("resource_az", "")),
        str(extra.get("image_type", "backup")), str(data.get("private_ip", "")),
        str(data.get("eip", "")),
    )  # fmt: skip


def _where(query: BackupQuery) -> tuple[list[str], list[Any]]:
    """The WHERE terms (ANDed) and their parameters of a listBackups/countBackups query."""
    if len(query.project_ids) == 1:
        where, params = ["project_id = ?"], [query.project_ids[0]]
    else:
        marks = ", ".join("?" * len(query.project_ids))
        where, params = [f"project_id IN ({marks})"], list(query.project_ids)
    for column in ("status", "resource_id", "checkpoint_id", "resource_type", "image_type",
                   "policy_id"):  # fmt: skip
        value = getattr(query, column)
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if query.az is not None:
        where.append("resource_az = ?")
        params.append(query.az)
    for column in ("name", "resource_name"):
        value = getattr(query, column)
        if value:  # fuzzy; an empty fragment matches every backup
            where.append(f"instr(lower({column}), ?) > 0")
            params.append(ascii_lower(value))
    if query.ip is not None:
        where.append("(private_ip = ? OR eip = ?)")
        params.extend((query.ip, query.ip))
    if query.start_time is not None:
        where.append("created_at >= ?")
        params.append(query.start_time)
    if query.end_time is not None:
        where.append("created_at <= ?")
        params.append(query.end_time)
    return where, params


def _sort_values(sort: Sequence[tuple[str, bool]], marker: Backup) -> list[Any]:
    """The marker's values of the sort keys (`protected_at` stored as created_at if unset)."""
    return [
        marker.protected_at or marker.created_at if key == "protected_at" else getattr(marker, key)
        for key, _ in sort
    ]


def _record(row: Sequence[Any]) -> ReplicationRecord:
    return ReplicationRecord(
        id=row[0],
        source_project_id=row[1],
        source_region=row[2],
        source_item_id=row[3],
        source_checkpoint_id=row[4],
        destination_region=row[5],
        destination_project_id=row[6],
        destination_item_id=row[7],
        status=row[8],
        created_at=row[9],
        updated_at=row[10],
        due_at=row[11],
        name=row[12],
        description=row[13],
        enable_acceleration=bool(row[14]),
        progress=row[15],
        fail_code=orjson.loads(row[16]),
        fail_reason=row[17],
    )


def _record_params(r: ReplicationRecord) -> tuple[Any, ...]:
    return (
        r.id, r.source_project_id, r.source_region, r.source_item_id, r.source_checkpoint_id,
        r.destination_region, r.destination_project_id, r.destination_item_id, r.status,
        r.created_at, r.updated_at, r.due_at, r.name, r.description,
        int(r.enable_acceleration), r.progress, _json(r.fail_code), r.fail_reason,
    )  # fmt: skip


# The statements of the hot paths, built once: an f-string per call made a new string each
# time, which the connection's statement cache then hashed and compared in full.
_INSERT_BACKUP: Final = (
    f"INSERT INTO backups ({_BACKUP_COLUMNS}, {_SEARCH_COLUMNS}) VALUES ({', '.join('?' * 27)})"
)
_INSERT_RECORD: Final = (
    f"INSERT INTO replication_records ({_RECORD_COLUMNS}) VALUES ({', '.join('?' * 18)})"
)
_GET_BACKUP: Final = f"SELECT {_BACKUP_COLUMNS} FROM backups WHERE id = ? AND project_id = ?"
_FIND_BACKUP: Final = f"SELECT {_BACKUP_COLUMNS} FROM backups WHERE id = ?"
_RECORDS_OF: Final = (
    f"SELECT {_RECORD_COLUMNS} FROM replication_records "
    "WHERE source_item_id = ? ORDER BY created_at DESC, id DESC"
)
_REPLICA_BLOCKED: Final = (
    "SELECT 1 FROM replication_records WHERE source_item_id = ? "
    f"AND destination_region = ? AND status IN ({_BLOCKING}) LIMIT 1"
)
# A few pages' worth: decoded backups are ~5 KB each, and memory must stay flat under a mixed
# load (tests/reliability/test_soak.py allows 10 MiB of growth in all).
_LISTED_KEPT: Final = 256
_UPDATE_COPY_STATE: Final = (
    "UPDATE backups SET copy_status = ?, fail_code = ?, fail_reason = ?, fail_op = ?, "
    "updated_at = ? WHERE id = ? AND ? = (SELECT id FROM replication_records "
    "WHERE source_item_id = ? ORDER BY created_at DESC, id DESC LIMIT 1)"
)
_DUE_RECORDS: Final = (
    f"SELECT {_RECORD_COLUMNS} FROM replication_records "
    "WHERE status = 'copying' AND due_at IS NOT NULL AND due_at <= ? ORDER BY due_at"
)


class CsbsTables:
    """CSBS state in one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._db = store.db
        self.transaction = store.transaction
        # Answers most of the lifecycle tick's `due_records` without a query.
        self.due = DueWatch(store)
        self._listed: dict[str, Backup] = {}

    def integrity_check(self) -> str:
        return self.store.integrity_check()

    # -- fixtures -------------------------------------------------------------------------

    def wipe(self) -> None:
        """Delete every CSBS row (inside the caller's transaction)."""
        for table in ("replication_records", "backups"):
            self._db.execute(f"DELETE FROM {table}")
        self.due.forget()

    def load(self, fixtures: Fixtures) -> None:
        """Insert the fixtures' CSBS backups (inside the caller's transaction)."""
        self._insert_backups(backups_from_json(fixtures))
        self.due.forget()

    def _insert_backups(self, backups: Sequence[Backup]) -> None:
        self._db.executemany(_INSERT_BACKUP, [_backup_params(b) for b in backups])

    def add_backups(self, backups: Sequence[Backup]) -> None:
        with self.transaction():
            self._insert_backups(backups)

    # -- backups --------------------------------------------------------------------------

    def get_backup(self, project_id: str, backup_id: str) -> Backup | None:
        row = self._db.execute(_GET_BACKUP, (backup_id, project_id)).fetchone()
        return _backup(row) if row else None

    def find_backup(self, backup_id: str) -> Backup | None:
        """A backup of any project (the caller checks that it is in scope)."""
        row = self._db.execute(_FIND_BACKUP, (backup_id,)).fetchone()
        return _backup(row) if row else None

    def query_backups(
        self,
        query: BackupQuery,
        *,
        limit: int,
        after: Backup | None = None,
        offset: int = 0,
    ) -> list[Backup]:
        """listBackups: the backups `query` selects, in its order, after `after`, skipping
        `offset` of them, at most `limit`. Read-only: listings share them."""
        where, params = _where(query)
        if after is not None:
            term, values = keyset_after(query.sort, _sort_values(query.sort, after))
            where.append(term)
            params.extend(values)
        order = ", ".join(f"{key} {'DESC' if desc else 'ASC'}" for key, desc in query.sort)
        rows = self._db.execute(
            f"SELECT {_BACKUP_COLUMNS} FROM backups WHERE {' AND '.join(where)} "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [self._listed_backup(row) for row in rows]

    def _listed_backup(self, row: tuple[Any, ...]) -> Backup:
        """The backup of a listed row, decoded once per distinct row (bounded): a page of
        listBackups decoded ten rows' JSON into ten new objects on every call, ~3 us each
        (bench/README.md, issue 19). The same row is the same backup, so the object is
        shared by every listing that reads it: read-only (`query_backups`).

        Kept by id and used only if the whole row is the same: a row as the key made every
        lookup hash its ~1.3 KB of fresh strings (~7 us a page of eleven), where comparing
        it with the kept row is a memcmp of each column."""
        listed = self._listed
        backup = listed.get(row[0])
        if backup is None or backup.stored != row:
            if len(listed) >= _LISTED_KEPT:
                listed.clear()
            backup = listed[row[0]] = _backup(row)
        return backup

    def count_matching(self, query: BackupQuery) -> int:
        """countBackups: how many backups `query` selects."""
        where, params = _where(query)
        if where[1:] == (["status = ?"] if query.status is not None else []):
            # Only the scope, and perhaps the status: the kept totals answer at once.
            sql = f"SELECT coalesce(sum(n), 0) FROM backup_counts WHERE {' AND '.join(where)}"
        else:
            sql = f"SELECT COUNT(*) FROM backups WHERE {' AND '.join(where)}"
        return int(self._db.execute(sql, params).fetchone()[0])

    def counts_disagree(self) -> list[tuple[str, str, int, int]]:
        """(project, status, kept total, counted) wherever `backup_counts` is wrong: empty
        unless the store is broken (the crash and migration tests ask)."""
        rows = self._db.execute(
            "SELECT project_id, status, kept, counted FROM ("
            "  SELECT c.project_id, c.status, c.n AS kept, "
            "    (SELECT COUNT(*) FROM backups b"
            "     WHERE b.project_id = c.project_id AND b.status = c.status) AS counted "
            "  FROM backup_counts c"
            "  UNION ALL"
            "  SELECT project_id, status, 0, COUNT(*) FROM backups b WHERE NOT EXISTS ("
            "    SELECT 1 FROM backup_counts c"
            "    WHERE c.project_id = b.project_id AND c.status = b.status)"
            "  GROUP BY project_id, status"
            ") WHERE kept != counted ORDER BY project_id, status"
        )
        return [(str(p), str(st), int(k), int(c)) for p, st, k, c in rows]

    def list_backups(
        self, project_id: str, *, limit: int, filters: dict[str, str] | None = None
    ) -> list[Backup]:
        """The project's backups newest first, filtered as listBackups filters (tests, demo)."""
        query = BackupQuery((project_id,), **(filters or {}))  # type: ignore[arg-type]
        return self.query_backups(query, limit=limit)

    def count_backups(self) -> int:
        """Every stored backup, of every project (the control plane's health)."""
        return int(self._db.execute("SELECT coalesce(sum(n), 0) FROM backup_counts").fetchone()[0])

    # -- replication records --------------------------------------------------------------

    def start_replication(self, record: ReplicationRecord, source: Backup) -> None:
        """Insert a record and set the source's copy state (inside the caller's unit).

        Raises DuplicateReplication when a blocking record exists for the same backup and
        destination region; the unique index decides, so concurrent writers cannot both win.
        """
        self.add_replication(record, source, None)

    def replica_blocked(self, backup_id: str, region: str) -> bool:
        """A replica of the backup to `region` is being made or made (BackupService.1009)."""
        return self._db.execute(_REPLICA_BLOCKED, (backup_id, region)).fetchone() is not None

    def add_replication(
        self, record: ReplicationRecord, source: Backup, replica: Backup | None
    ) -> None:
        """Insert a record already in its final state, the source's copy state and the
        replica (the instant lifecycle: no one ever sees the record `copying`).

        Inside the caller's unit (`transaction()`), which the service opens around its rule-5
        check and this: all of it is written, or none of it. (Its own unit, nested, was a
        savepoint more per replicateBackup for nothing: the only failure, the unique index's
        refusal, comes before any write, and the service's unit rolls back on it anyway.)
        Raises DuplicateReplication if the unique index refuses the record.
        """
        db = self._db
        try:
            db.execute(_INSERT_RECORD, _record_params(record))
        except sqlite3.IntegrityError as exc:
            raise DuplicateReplication(str(exc)) from exc
        if record.status == "copying":
            self.due.note(record.due_at)
        self._update_backup_copy_state(source, record.id)
        if replica is not None:
            db.execute(_INSERT_BACKUP, _backup_params(replica))

    def finish_replication(
        self, record: ReplicationRecord, source: Backup, replica: Backup | None
    ) -> None:
        """Write a record's final state, the source's copy state and the replica, atomically.

        A record finishes once: if it is no longer `copying` (another process on the same
        file finished it first) this raises RecordNotCopying and writes nothing, so a record
        never gets two outcomes nor two replicas.
        """
        # Lean: the only refusal, RecordNotCopying, is an update that changed no row.
        with self.transaction(lean=True):
            cursor = self._db.execute(
                "UPDATE replication_records SET status = ?, updated_at = ?, "
                "destination_item_id = ?, progress = ?, fail_code = ?, fail_reason = ?, "
                "due_at = NULL WHERE id = ? AND status = 'copying'",
                (
                    record.status,
                    record.updated_at,
                    record.destination_item_id,
                    record.progress,
                    _json(record.fail_code),
                    record.fail_reason,
                    record.id,
                ),
            )
            if cursor.rowcount != 1:
                raise RecordNotCopying(record.id)
            self._update_backup_copy_state(source, record.id)
            if replica is not None:
                self._insert_backups([replica])

    def _update_backup_copy_state(self, b: Backup, record_id: str) -> None:
        """Write the source's copy state that `record_id` implies, if it is the newest record.

        The service decides from its own read of the newest record, but another process on
        the same file may have added or finished a newer one since; checked here, under the
        write lock, a stale copy state can never overwrite the newest record's.
        """
        self._db.execute(
            _UPDATE_COPY_STATE,
            (
                b.copy_status, _json(b.fail_code), b.fail_reason, b.fail_op, b.updated_at,
                b.id, record_id, b.id,
            ),
        )  # fmt: skip

    def get_record(self, record_id: str) -> ReplicationRecord | None:
        row = self._db.execute(
            f"SELECT {_RECORD_COLUMNS} FROM replication_records WHERE id = ?",
            (record_id,),
        ).fetchone()
        return _record(row) if row else None

    def records_for_backup(self, backup_id: str) -> list[ReplicationRecord]:
        return [_record(row) for row in self._db.execute(_RECORDS_OF, (backup_id,))]

    def list_records(self, status: str | None = None) -> list[ReplicationRecord]:
        sql = f"SELECT {_RECORD_COLUMNS} FROM replication_records"
        params: tuple[str, ...] = ()
        if status == "copying":
            # Written out, so that SQLite may use the partial index of running records.
            sql += " WHERE status = 'copying'"
        elif status is not None:
            sql += " WHERE status = ?"
            params = (status,)
        rows = self._db.execute(sql + " ORDER BY created_at DESC, id DESC", params)
        return [_record(row) for row in rows]

    def due_records(self, now: str) -> list[ReplicationRecord]:
        """The copying records due at `now`, oldest first ([] at once if `due` knows)."""
        if not self.due.may_be_due(now):
            return []
        version = self.store.data_version()
        rows = self._db.execute(_DUE_RECORDS, (now,)).fetchall()
        if not rows:  # those returned may yet fail to finish: ask again next time
            self.due.learn(self.next_due(), version)
        return [_record(row) for row in rows]

    def next_due(self) -> str | None:
        row = self._db.execute(
            "SELECT MIN(due_at) FROM replication_records WHERE status = 'copying'"
        ).fetchone()
        return row[0] if row else None
