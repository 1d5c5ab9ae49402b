"""The store engine: the only module that opens, locks, commits and migrates the database.

Owns: the SQLite connection, WAL mode and its checkpoints, transactions (one per
acknowledged change, committed before the HTTP answer leaves: a write acknowledged with a
2xx survives `kill -9` and a restart), group commit's deferral, the schema histories of the
services' tables (`Schema`, one append-only list of steps each), and the directory every
service shares (regions, projects, credentials). Each service's tables — its SQL — live in
its room (`csbs/tables.py`, `cbr/tables.py`) and run through this engine's connection and
transactions.
Must not import: the web framework, the HTTP layer, any service room. Raises `StoreError`s.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from .model import Credential, Fixtures, Project, Region


class StoreError(Exception):
    """A storage-level failure the service translates into a domain error."""


_WAL_SWITCH_TIMEOUT_S: Final = 30.0


@dataclass(frozen=True, slots=True)
class Schema:
    """One service's tables: the steps that move them from version i to i+1.

    Append only; never edit a shipped step. The first schema an engine is given keeps its
    version in `PRAGMA user_version`, as every file made before there were two services
    did (CSBS's, whose first step also made the directory tables); the others keep theirs
    in the engine's own `schema_versions` table.
    """

    name: str
    steps: tuple[str, ...]

    @property
    def version(self) -> int:
        return len(self.steps)


def _credential_params(c: Credential) -> tuple[object, ...]:
    projects = json.dumps(sorted(c.projects))
    return (c.key, c.kind, c.secret, c.permission, projects, c.user, int(c.admin))


# The WAL is copied into the database by the committing connection once it holds this many
# pages (SQLite's own default, named here because it is a choice; bench/README.md, issue 19).
# With no fsync (synchronous=OFF, below) a copy is only page-cache work: ~1,000 pages in
# ~1 ms (bench.stalls). A thread of its own used to do it every 0.2 s, PASSIVE, with
# NORMAL's fsyncs; under a steady stream of commits it never caught up with the writer, so
# the WAL only restarted when a commit crossed 20,000 pages and copied the rest itself, and
# commits waited for the kernel while the thread's fsyncs wrote 50 MB back: the c=1 stalls
# of 30-50 ms.
CHECKPOINT_PAGES: Final = 1_000
# SQLite's `synchronous` for each durability (see `Store`).
SYNCHRONOUS: Final = {"normal": "OFF", "full": "FULL"}


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a migration, one by one (a trigger's body holds `;`s of its
    own, so a plain split would cut it; `executescript` would commit the open transaction)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""
    if pending.strip(" \n;"):
        raise StoreError(f"an incomplete statement ends a migration: {pending.strip()[:80]!r}")


def _switch_to_wal(db: sqlite3.Connection) -> None:
    """Put the database in WAL mode, waiting out another process doing the same.

    Changing the journal mode needs the file to itself, and SQLite answers "database is
    locked" at once instead of calling the busy handler while another connection is
    creating the same new file or its WAL index (two emulators started together on an empty
    `--db` hit it about one time in twenty). Once it is WAL, the pragma takes no lock.
    """
    deadline = time.monotonic() + _WAL_SWITCH_TIMEOUT_S
    pause = 0.005
    while True:
        try:
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"could not put the database in WAL mode within {_WAL_SWITCH_TIMEOUT_S:.0f} s: "
                    f"another process keeps it locked ({exc})"
                ) from exc
            time.sleep(pause)
            pause = min(pause * 2, 0.2)
            continue
        if str(mode).lower() != "wal":
            raise StoreError(f"the database refused WAL mode (journal mode is {mode!r})")
        return


class DueWatch:
    """Whether a room's delayed work may have come due, answered mostly without a query.

    Every call ticks the lifecycle, and the tick asked the database each time: a query, a
    time stamp and a parse on every `replicateBackup`, `showBackup` and `listBackups`, ~10 us
    of ~300 (bench/README.md, issue 19), almost always for nothing (instant replications
    are written complete, never due). The watch remembers the earliest due time its tables
    last read and answers from it until that time comes, until this connection writes due
    work (`note`), or until another connection commits (`PRAGMA data_version` moves: another
    emulator on the same file may have made delayed work). A remembered time can be too
    early (the work was finished meanwhile), which costs one query, but never too late:
    a rollback on this connection (which may bring back work a tick had finished) forgets it.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._version: int | None = None  # data_version when `_next` was read; None: unknown
        self._rollbacks = 0  # the store's rollbacks then
        self._next: str | None = None

    def idle(self) -> bool:
        """Nothing is waiting to come due, at any time."""
        return self._next is None and self._current()

    def may_be_due(self, now: str) -> bool:
        return not self._current() or (self._next is not None and self._next <= now)

    def learn(self, next_due: str | None, version: int) -> None:
        """What the tables read: the earliest due time left (None: none), at `version`."""
        self._next, self._version, self._rollbacks = next_due, version, self._store.rollbacks

    def note(self, due_at: str | None) -> None:
        """This connection wrote work that comes due at `due_at`."""
        if due_at is not None and (self._next is None or due_at < self._next):
            self._next = due_at

    def forget(self) -> None:
        self._version = None

    def _current(self) -> bool:
        store = self._store
        return (
            self._version is not None
            and self._rollbacks == store.rollbacks
            and self._version == store.data_version()
        )


_BEGUN, _NESTED, _JOINED = 0, 1, 2  # how a unit opened: see `Store.transaction`


class _Unit:
    """`Store.transaction()`: a plain context manager, not a generator one — every write
    call enters one or two (the @contextmanager version cost ~2 us of each replicateBackup,
    bench/README.md)."""

    __slots__ = ("_changes", "_how", "_lean", "_store")

    def __init__(self, store: Store, lean: bool) -> None:
        self._store = store
        self._lean = lean
        self._how = _BEGUN
        self._changes = 0

    def __enter__(self) -> None:
        store = self._store
        db = store._db
        if not db.in_transaction:
            db.execute("BEGIN IMMEDIATE")
            store._group += 1
            self._how = _BEGUN
        elif self._lean and store._depth == 0 and store.deferring:
            self._how = _JOINED
            self._changes = db.total_changes
        else:
            db.execute("SAVEPOINT unit")
            self._how = _NESTED
        store._depth += 1

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        store = self._store
        store._depth -= 1
        db = store._db
        how = self._how
        if kind is None:
            if how == _NESTED:
                db.execute("RELEASE unit")
            elif how == _BEGUN and not store.deferring:
                db.execute("COMMIT")
                store._version_in = None
            return
        if how == _NESTED:
            db.execute("ROLLBACK TO unit")
            db.execute("RELEASE unit")
        elif how == _BEGUN or db.total_changes != self._changes:
            # Begun here; or joined and written to: the group goes with it (see
            # `transaction`). SQLite may have rolled back already (an I/O error).
            if db.in_transaction:
                db.execute("ROLLBACK")
            store._version_in = None
        else:
            return  # joined and failed before writing anything: nothing to undo
        store.rollbacks += 1


class Store:
    """SQLite-backed state of one emulator (all regions share it)."""

    def __init__(
        self, path: str | Path, schemas: Sequence[Schema], *, durability: str = "normal"
    ) -> None:
        if not schemas:
            raise ValueError("a store needs at least the first service's schema")
        self.path = str(path)
        self.schemas = tuple(schemas)
        # True while the HTTP layer runs a handler: see `transaction`.
        self.deferring = False
        # How many times this connection rolled back (a unit or a group): see `DueWatch`.
        self.rollbacks = 0
        # The transactions `_Unit` began (the open one is `group`), how many units are open,
        # and in which transaction `_version` was read (None: none): see `data_version`.
        self._group = 0
        self._depth = 0
        self._version = 0
        self._version_in: int | None = None
        self._turn_version: int | None = None  # see `data_version`
        self._open = True
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE) so that a check and
        # the write that depends on it can never interleave with another writer.
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA busy_timeout = 10000")
        # Each write that fires a trigger (CSBS's backup_counts) keeps a statement journal; in a
        # temporary file that added 55 us to every stored backup (bench/README.md).
        self._db.execute("PRAGMA temp_store = MEMORY")
        if self.path != ":memory:":
            _switch_to_wal(self._db)
        # "normal": a commit is in the kernel's hands before the answer leaves, so it
        # survives the process dying (kill -9) - what an emulator's state must survive - and
        # nothing is fsynced: an OS crash or power cut may lose or damage the file (OFF).
        # "full" fsyncs every commit and checkpoint, so a power cut loses nothing either.
        sync = SYNCHRONOUS["full" if durability == "full" else "normal"]
        self._db.execute(f"PRAGMA synchronous = {sync}")
        self._migrate()
        if self.path != ":memory:":
            self._db.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")

    # -- schema -------------------------------------------------------------------------

    @property
    def db(self) -> sqlite3.Connection:
        """The connection, for the services' tables (inside `transaction()` for writes)."""
        return self._db

    @property
    def schema_version(self) -> int:
        """The first schema's version (CSBS's: the file's only one before there were two)."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def schema_versions(self) -> dict[str, int]:
        """Every schema's version in this file, by name."""
        return {s.name: self._version_of(s) for s in self.schemas}

    def _version_of(self, schema: Schema) -> int:
        if schema is self.schemas[0]:
            return self.schema_version
        row = self._db.execute(
            "SELECT version FROM schema_versions WHERE name = ?", (schema.name,)
        ).fetchone()
        return int(row[0]) if row else 0

    def _set_version(self, schema: Schema, version: int) -> None:
        if schema is self.schemas[0]:
            self._db.execute(f"PRAGMA user_version = {version}")
        else:
            self._db.execute(
                "INSERT INTO schema_versions (name, version) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET version = excluded.version",
                (schema.name, version),
            )

    def _migrate(self) -> None:
        if len(self.schemas) > 1:
            with self.transaction():
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS schema_versions ("
                    "name TEXT PRIMARY KEY, version INTEGER NOT NULL)"
                )
        for schema in self.schemas:
            version = self._version_of(schema)
            if version > schema.version:
                # The first schema's words are the ones a single-schema emulator printed.
                which = "" if schema is self.schemas[0] else f"{schema.name} "
                raise StoreError(
                    f"database schema {which}version {version} is newer than this "
                    f"emulator's ({schema.version}); upgrade the emulator"
                )
            for step in range(version, schema.version):
                with self.transaction():
                    # Another process opening the same new file may have run this step
                    # while we waited for the write lock: decide on the version read under
                    # the lock.
                    if self._version_of(schema) > step:
                        continue
                    for statement in _statements(schema.steps[step]):
                        self._db.execute(statement)
                    self._set_version(schema, step + 1)

    def transaction(self, *, lean: bool = False) -> _Unit:
        """One atomic unit of writes: all of it is written, or none of it.

        A unit that opens the database transaction commits it when it ends, unless
        `deferring` (the HTTP layer sets it around a handler): then the transaction stays
        open and `flush()` commits it together with the units of the other calls handled in
        the same group (`http.GroupCommit`: one commit, and one write of each page they
        share, for many calls; the HTTP layer answers none of them before `flush()`, so a
        2xx still means committed).

        A unit inside an open transaction — nested, or joining the open group — is a
        savepoint: if it fails, it alone rolls back. Except a `lean` unit that joins the
        open group (a handler's unit after another call's in the same turn): a savepoint
        there copied every page the group had already written that the unit wrote again —
        ~150,000 instructions of each replicateBackup at c=32, an eighth of the call
        (bench/README.md, issue 19). A lean unit that fails before writing anything (a
        refusal: the checks come first, and a refused statement undoes itself) leaves the
        group as it was. One that fails after writing takes the whole group with it: the
        transaction rolls back, `group` moves on, and the HTTP layer answers every call of
        the lost group 500, as when a group's commit fails; nothing of them is kept. So
        `lean` is only for units that never refuse after a write: anything else (loading
        fixtures, which wipes first and may then meet a duplicate id) would take the other
        calls of its turn down with it.
        """
        return _Unit(self, lean)

    def data_version(self) -> int:
        """Moves whenever another connection (another emulator on the same file, a test's
        own connection) commits; this connection's commits leave it as it is."""
        # In a group's open transaction (BEGIN IMMEDIATE: this connection holds the write
        # lock) no other connection can commit, so the value read once in it stands until
        # it ends: one read per group of calls, not one per call.
        # Outside a transaction (reads: showBackup, listBackups), the value read by the first
        # handler of an event-loop turn serves the turn's other handlers, until the HTTP
        # layer ends the turn (`end_turn`): another process's commit in between is seen
        # one turn later, as if it had come a moment later (its work comes due no sooner
        # than a turn away). Reading it per call was ~4% of listBackups (issue 19).
        in_transaction = self._db.in_transaction
        if in_transaction:
            if self._version_in == self._group:
                return self._version
        elif self._turn_version is not None:
            return self._turn_version
        version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        if self.deferring:
            if in_transaction:
                self._version, self._version_in = version, self._group
            else:
                self._turn_version = version
        return version

    @property
    def turn_remembered(self) -> bool:
        """Something read in this event-loop turn is remembered until `end_turn()`."""
        return self._turn_version is not None

    def end_turn(self) -> None:
        self._turn_version = None

    @property
    def pending(self) -> bool:
        """Units written but not yet committed (they wait for `flush()`)."""
        return self._db.in_transaction

    @property
    def group(self) -> int:
        """Which transaction is open, while `pending`: each one `_Unit` begins is the next."""
        return self._group

    def flush(self) -> None:
        """Commit the units that `deferring` left open; on failure none of them is kept."""
        if not self._db.in_transaction:
            return
        self._version_in = None
        try:
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            self.rollbacks += 1
            raise

    def close(self) -> None:
        if self._open:
            self.flush()
            self._open = False
        self._db.close()

    def integrity_check(self) -> str:
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    # -- the directory: regions, projects, credentials --------------------------------------

    def is_empty(self) -> bool:
        return self._db.execute("SELECT 1 FROM regions LIMIT 1").fetchone() is None

    def wipe_directory(self) -> None:
        """Delete the directory (inside a transaction, after the services' own rows)."""
        for table in ("credentials", "projects", "regions"):
            self._db.execute(f"DELETE FROM {table}")

    def load_directory(self, fixtures: Fixtures) -> None:
        """Insert the fixtures' directory (inside a transaction, before the services' rows)."""
        self._db.executemany(
            "INSERT INTO regions (name, destinations) VALUES (?, ?)",
            [(r.name, json.dumps(list(r.replication_destinations))) for r in fixtures.regions],
        )
        self._db.executemany(
            "INSERT INTO projects (id, region, name) VALUES (?, ?, ?)",
            [(p.id, p.region, p.name) for p in fixtures.projects],
        )
        self._db.executemany(
            "INSERT INTO credentials (key, kind, secret, permission, projects, user, admin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [_credential_params(c) for c in fixtures.credentials],
        )

    def regions(self) -> list[Region]:
        rows = self._db.execute("SELECT name, destinations FROM regions ORDER BY name")
        return [Region(name, tuple(json.loads(dest))) for name, dest in rows]

    def projects(self) -> list[Project]:
        rows = self._db.execute("SELECT id, region, name FROM projects ORDER BY id")
        return [Project(*row) for row in rows]

    def credentials(self) -> list[Credential]:
        rows = self._db.execute(
            "SELECT kind, key, secret, permission, projects, user, admin FROM credentials"
        )
        return [
            Credential(kind, key, secret, perm, frozenset(json.loads(projects)), user, bool(admin))
            for kind, key, secret, perm, projects, user, admin in rows
        ]
