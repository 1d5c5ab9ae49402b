"""A lost group (issue 19): lean units (replicateBackup's, copyBackup's, a record's finish)
that join a turn's open group are not savepoints, so one that fails after writing takes the
group with it, and every call of that group answers 500 with nothing of it kept. A unit that
fails before writing (a refusal) leaves the group as it was (tests/test_group_commit.py,
tests/test_group_refusals.py); calls of a later group are not touched. Any other unit that
joins the group is a savepoint and fails alone (loading fixtures, below).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from asgi_support import asgi_exchange, committed_records, replicate_demo

from csbs_emulator.app import Emulator
from csbs_emulator.cbr.tables import CbrTables
from csbs_emulator.config import EmulatorConfig
from csbs_emulator.csbs.tables import CsbsTables


@pytest.fixture
def emulator(tmp_path: Path) -> Any:
    app = Emulator(EmulatorConfig(db_path=tmp_path / "state.db", access_log=False))
    yield app
    app.close()


async def _show(app: Emulator, item_id: str) -> int:
    demo = app.control_plane.demo()
    path = f"/v1/{demo['project_id']}/checkpoint_items/{item_id}"
    sent = await asgi_exchange(app, "GET", path, b"", [(b"x-auth-token", demo["token"].encode())])
    return int(sent[0]["status"])


def test_a_unit_failing_after_writing_loses_its_group(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = emulator.control_plane.demo()["project_id"]
    first, failing, reader = emulator.csbs.service.create_backups(project, 3, "available", None)
    update = CsbsTables._update_backup_copy_state

    def fails_for_one(self: CsbsTables, source: Any, record_id: str) -> None:
        update(self, source, record_id)  # written: the group must go
        if source.id == failing:
            raise RuntimeError("disk went away mid-unit")

    monkeypatch.setattr(CsbsTables, "_update_backup_copy_state", fails_for_one)

    async def together() -> list[Any]:
        return list(
            await asyncio.gather(
                replicate_demo(emulator, first),
                replicate_demo(emulator, failing),
                _show(emulator, reader),
            )
        )

    (status_first, body_first), (status_failing, _), status_reader = asyncio.run(together())
    assert status_first == 500
    assert body_first["error_code"] == "CSBS.9999"
    assert status_failing == 500
    # The reader came after the lost group and read only committed state.
    assert status_reader == 200
    assert committed_records(emulator.store.path, first) == 0
    assert committed_records(emulator.store.path, failing) == 0
    assert not emulator.store.pending
    monkeypatch.undo()
    # Nothing was kept, so both replicate in a later turn.
    assert asyncio.run(replicate_demo(emulator, first))[0] == 200
    assert asyncio.run(replicate_demo(emulator, failing))[0] == 200


def test_a_call_of_the_next_group_in_the_same_turn_is_answered(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = emulator.control_plane.demo()["project_id"]
    failing, after = emulator.csbs.service.create_backups(project, 2, "available", None)
    update = CsbsTables._update_backup_copy_state

    def fails_for_one(self: CsbsTables, source: Any, record_id: str) -> None:
        update(self, source, record_id)
        if source.id == failing:
            raise RuntimeError("disk went away mid-unit")

    monkeypatch.setattr(CsbsTables, "_update_backup_copy_state", fails_for_one)

    async def together() -> list[Any]:
        return list(
            await asyncio.gather(replicate_demo(emulator, failing), replicate_demo(emulator, after))
        )

    (status_failing, _), (status_after, _) = asyncio.run(together())
    assert status_failing == 500
    assert status_after == 200
    assert committed_records(emulator.store.path, failing) == 0
    assert committed_records(emulator.store.path, after) == 1


def test_a_unit_that_is_not_lean_fails_alone(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = emulator.control_plane.demo()["project_id"]
    first, after = emulator.csbs.service.create_backups(project, 2, "available", None)
    fixtures = emulator.control_plane.fixtures
    load = CbrTables.load

    def fails_after_wiping(self: CbrTables, given: Any) -> None:
        load(self, given)  # everything was wiped and most of it loaded: then it fails
        raise RuntimeError("disk went away mid-load")

    monkeypatch.setattr(CbrTables, "load", fails_after_wiping)

    async def load_fixtures() -> int:
        body = json.dumps(fixtures.data).encode()
        sent = await asgi_exchange(emulator, "PUT", "/_emulator/fixtures", body)
        return int(sent[0]["status"])

    async def together() -> list[Any]:
        return list(
            await asyncio.gather(
                replicate_demo(emulator, first), load_fixtures(), replicate_demo(emulator, after)
            )
        )

    (status_first, _), status_load, (status_after, _) = asyncio.run(together())
    assert status_load == 500
    # The load's savepoint rolled back alone: the calls before and after it are committed.
    assert (status_first, status_after) == (200, 200)
    assert committed_records(emulator.store.path, first) == 1
    assert committed_records(emulator.store.path, after) == 1
