"""The store: schema version and migrations, durability across restarts and kill -9."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from csbs_emulator import EmulatorConfig, create_app
from csbs_emulator.cbr import tables as cbr_tables
from csbs_emulator.csbs import tables as csbs_tables
from csbs_emulator.csbs.model import BackupQuery
from csbs_emulator.csbs.tables import MIGRATIONS, SCHEMA, SCHEMA_VERSION, CsbsTables
from csbs_emulator.store import Store, StoreError, _statements


def test_a_new_database_is_migrated_to_the_current_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", (SCHEMA,))
    assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    assert store.integrity_check() == "ok"
    mode = sqlite3.connect(tmp_path / "s.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    store.close()


@pytest.mark.parametrize(("durability", "synchronous"), [("normal", 0), ("full", 2)])
def test_durability_sets_what_a_commit_waits_for(
    tmp_path: Path, durability: str, synchronous: int
) -> None:
    """`normal`: no fsync at all (OFF: a commit is in the kernel's hands, which a killed
    process cannot undo); `full`: an fsync per commit. Either way the WAL is copied into the
    database by the commit that takes it past 1,000 pages (docs/emulator.md)."""
    store = Store(tmp_path / "s.db", (SCHEMA,), durability=durability)
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == synchronous
    assert store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    store.close()


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "s.db")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path / "s.db", (SCHEMA,))


def _open_and_close(path: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        Store(path, (SCHEMA,)).close()
        results.put("")
    except BaseException as exc:  # the parent reports it
        results.put(repr(exc))


@pytest.mark.slow(20)
def test_many_processes_opening_one_new_file_together_all_succeed(tmp_path: Path) -> None:
    """SQLite refuses the switch to WAL with "database is locked", without waiting, while
    another process creates the same file: a CI run lost an emulator to it (about one open in
    twenty when four start together). Every open must wait its turn instead."""
    ctx = multiprocessing.get_context("spawn")
    processes, rounds = 6, 8
    failures: list[str] = []
    for n in range(rounds):
        path = str(tmp_path / f"new-{n}.db")
        barrier, results = ctx.Barrier(processes), ctx.Queue()
        workers = [
            ctx.Process(target=_open_and_close, args=(path, barrier, results))
            for _ in range(processes)
        ]
        for w in workers:
            w.start()
        outcomes = [results.get(timeout=120) for _ in workers]
        for w in workers:
            w.join(timeout=60)
        failures += [o for o in outcomes if o]
        store = Store(path, (SCHEMA,))
        assert store.schema_version == SCHEMA_VERSION
        assert store.integrity_check() == "ok"
        store.close()
    assert failures == [], f"{len(failures)} of {processes * rounds} opens failed: {failures[:3]}"


def test_migration_is_idempotent_on_reopen(tmp_path: Path) -> None:
    Store(tmp_path / "s.db", (SCHEMA,)).close()
    store = Store(tmp_path / "s.db", (SCHEMA,))
    assert store.schema_version == SCHEMA_VERSION
    store.close()


def test_state_survives_a_restart(tmp_path: Path) -> None:
    config = EmulatorConfig(db_path=tmp_path / "e.db", access_log=False)
    first = create_app(config)
    demo = first.control_plane.demo()
    ids = first.csbs.service.create_backups(demo["project_id"], 3, "available", "kept")
    first.close()
    second = create_app(config)
    page = second.csbs.tables.list_backups(demo["project_id"], limit=100, filters={"name": "kept"})
    assert sorted(b.id for b in page) == sorted(ids)
    second.close()


def test_an_acknowledged_write_survives_kill_9(tmp_path: Path) -> None:
    """A child writes through the store, reports, then is SIGKILLed without closing."""
    db = tmp_path / "k.db"
    child = textwrap.dedent(
        f"""
        import sys, time
        from csbs_emulator import EmulatorConfig, create_app
        app = create_app(EmulatorConfig(db_path={str(db)!r}, access_log=False))
        demo = app.control_plane.demo()
        ids = app.csbs.service.create_backups(demo["project_id"], 5, "available", "acked")
        print(",".join(ids), flush=True)
        time.sleep(60)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    acknowledged = proc.stdout.readline().strip().split(",")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    store = Store(db, (SCHEMA,))
    assert store.integrity_check() == "ok"
    project = store.projects()[0].id
    found = {
        b.id
        for p in store.projects()
        for b in CsbsTables(store).list_backups(p.id, limit=1000, filters={"name": "acked"})
    }
    assert project
    assert found == set(acknowledged)
    store.close()


def _counted_by_listing(store: Store, query: BackupQuery) -> int:
    """The same count as `count_matching`, from the rows: the listing reads the backups
    table (an empty `name` fragment would not do: it adds no term, so count would still read
    the kept totals)."""
    return len(CsbsTables(store).query_backups(query, limit=1_000_000))


def test_kept_totals_follow_every_write_and_answer_count(tmp_path: Path) -> None:
    """countBackups by project (and status) reads `backup_counts`, which triggers keep: after
    creations, a status or project change, deletions and a reset, the totals equal a count
    of the rows, for each project alone and for several at once (all_tenants)."""
    app = create_app(EmulatorConfig(db_path=tmp_path / "c.db", access_log=False))
    store = app.store
    tables = app.csbs.tables
    projects = [p.id for p in store.projects()]
    assert len(projects) >= 2
    demo = app.control_plane.demo()
    statuses = ("available", "error", "deleting", "protecting")
    for n, status in enumerate(statuses):
        app.csbs.service.create_backups(demo["project_id"], 3 + n, status, f"made-{status}")

    def agree() -> None:
        assert CsbsTables(store).counts_disagree() == []
        rows = store._db.execute("SELECT COUNT(*) FROM backups").fetchone()[0]
        assert CsbsTables(store).count_backups() == rows
        for scope in [(p,) for p in projects] + [tuple(projects)]:
            for status in (None, *statuses, "deleted", "no-such-status"):
                query = BackupQuery(project_ids=scope, status=status)
                assert CsbsTables(store).count_matching(query) == _counted_by_listing(
                    store, query
                ), query

    agree()
    protecting = BackupQuery((demo["project_id"],), status="protecting")
    before = CsbsTables(store).count_matching(protecting)
    raw = store._db  # writes the emulator never makes today: the triggers must follow them too
    with store.transaction():
        raw.execute("UPDATE backups SET status = 'error' WHERE name = 'made-available'")
        raw.execute(
            "UPDATE backups SET project_id = ? WHERE name = 'made-deleting'", (projects[-1],)
        )
        raw.execute("UPDATE backups SET description = 'touched' WHERE name = 'made-error'")
        raw.execute(
            "DELETE FROM backups WHERE name = 'made-protecting' AND id NOT IN "
            "(SELECT source_item_id FROM replication_records)"
        )
    agree()
    assert tables.count_matching(protecting) == before - (3 + statuses.index("protecting"))
    app.control_plane.reset()
    agree()
    app.close()


def test_a_version_2_file_is_migrated_with_its_totals_and_indexes(tmp_path: Path) -> None:
    """A file made by schema steps 0 -> 1 -> 2 as they shipped, holding the demo data and 7
    more backups: opening it adds the kept totals, counted from the rows, and mends the two
    filter indexes step 1 -> 2 made without the project (they scanned the project)."""
    source = tmp_path / "data.db"
    app = create_app(EmulatorConfig(db_path=source, access_log=False))
    demo = app.control_plane.demo()
    app.csbs.service.create_backups(demo["project_id"], 7, "available", "old")
    expected = {
        p.id: app.csbs.tables.count_matching(BackupQuery((p.id,), status="available"))
        for p in app.store.projects()
    }
    app.close()
    path = tmp_path / "v2.db"
    raw = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:2]:
        for statement in _statements(step):
            raw.execute(statement)
    raw.execute("PRAGMA user_version = 2")
    raw.execute("ATTACH DATABASE ? AS source", (str(source),))
    for table in ("regions", "projects", "credentials", "backups", "replication_records"):
        raw.execute(f"INSERT INTO {table} SELECT * FROM source.{table}")  # noqa: S608 - fixed names
    raw.execute("DETACH DATABASE source")
    raw.close()

    store = Store(path, (SCHEMA,))
    assert store.schema_version == SCHEMA_VERSION
    assert CsbsTables(store).counts_disagree() == []
    assert {
        p.id: CsbsTables(store).count_matching(BackupQuery((p.id,), status="available"))
        for p in store.projects()
    } == expected
    assert expected[demo["project_id"]] >= 7
    indexes = dict(
        store._db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN "
            "('backups_by_resource', 'backups_by_checkpoint')"
        ).fetchall()
    )
    assert "(project_id, resource_id, created_at DESC, id DESC)" in indexes["backups_by_resource"]
    assert (
        "(project_id, checkpoint_id, created_at DESC, id DESC)" in indexes["backups_by_checkpoint"]
    )
    assert store.integrity_check() == "ok"
    store.close()


def _plan(db: sqlite3.Connection, sql: str) -> str:
    rows = db.execute(f"EXPLAIN QUERY PLAN {sql}", ("x",) * sql.count("?")).fetchall()
    return " | ".join(row[3] for row in rows)


def test_replication_records_are_read_in_index_order_and_only_running_ones_wait(
    tmp_path: Path,
) -> None:
    """Schema steps CSBS 3 -> 4 and CBR 1 -> 2 (issue 19): replicateBackup's copy-state
    update finds the backup's newest record in index order, with no sort of the id tie-break;
    the lifecycle's due reads use a partial index of running records, which the record of an
    instant replication (never running) does not enter."""
    app = create_app(EmulatorConfig(db_path=tmp_path / "e.db", access_log=False))
    db = app.store.db
    update = _plan(db, csbs_tables._UPDATE_COPY_STATE)
    assert "INDEX records_by_source" in update
    assert "TEMP B-TREE" not in update
    for sql, index in (
        (csbs_tables._DUE_RECORDS, "records_due"),
        (cbr_tables._DUE_RECORDS, "cbr_replications_due"),
        (cbr_tables._NEXT_DUE, "cbr_replications_due"),
        (
            "SELECT MIN(due_at) FROM replication_records WHERE status = 'copying'",
            "records_due",
        ),
    ):
        plan = _plan(db, sql)
        assert f"INDEX {index}" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    for table, index in (
        ("replication_records", "records_due"),
        ("cbr_replications", "cbr_replications_due"),
    ):
        partial = {row[1]: row[4] for row in db.execute(f"PRAGMA index_list({table})")}
        assert partial[index] == 1, f"{index} indexes every record"
    app.close()


def test_a_migration_with_a_trigger_is_split_into_whole_statements() -> None:
    script = (
        "CREATE TABLE t (a);\nCREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;\n"
    )
    assert [s.strip() for s in _statements(script)] == [
        "CREATE TABLE t (a);",
        "CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;",
    ]
    with pytest.raises(StoreError, match="incomplete"):
        list(_statements("CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1;"))
