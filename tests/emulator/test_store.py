"""The store: schema version and migrations, durability across restarts and kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from csbs_emulator import EmulatorConfig, create_app
from csbs_emulator.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError


def test_a_new_database_is_migrated_to_the_current_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    assert store.integrity_check() == "ok"
    mode = sqlite3.connect(tmp_path / "s.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    store.close()


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "s.db")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path / "s.db")


def test_migration_is_idempotent_on_reopen(tmp_path: Path) -> None:
    Store(tmp_path / "s.db").close()
    store = Store(tmp_path / "s.db")
    assert store.schema_version == SCHEMA_VERSION
    store.close()


def test_state_survives_a_restart(tmp_path: Path) -> None:
    config = EmulatorConfig(db_path=tmp_path / "e.db", access_log=False)
    first = create_app(config)
    demo = first.control_plane.demo()
    ids = first.service.create_backups(demo["project_id"], 3, "available", "kept")
    first.close()
    second = create_app(config)
    page = second.store.list_backups(demo["project_id"], limit=100, filters={"name": "kept"})
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
        ids = app.service.create_backups(demo["project_id"], 5, "available", "acked")
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
    store = Store(db)
    assert store.integrity_check() == "ok"
    project = store.projects()[0].id
    found = {
        b.id
        for p in store.projects()
        for b in store.list_backups(p.id, limit=1000, filters={"name": "acked"})
    }
    assert project
    assert found == set(acknowledged)
    store.close()
