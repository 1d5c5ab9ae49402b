"""Group commit (issue 7): calls handled together commit together, and a 2xx still means
committed.

`http.GroupCommit` lets the calls of one event-loop turn share one SQLite transaction, each
call's writes a savepoint in it. These tests drive the ASGI app directly with calls that
arrive together and check, from a second connection to the database file, that no call is
answered before its writes are committed, that a refused call (BackupService.1009) rolls back
alone, and that a failed commit answers 500 and keeps nothing.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from asgi_support import committed_records, replicate_demo

from csbs_emulator.app import Emulator
from csbs_emulator.config import EmulatorConfig
from csbs_emulator.http import Message


@pytest.fixture
def emulator(tmp_path: Path) -> Any:
    app = Emulator(EmulatorConfig(db_path=tmp_path / "state.db", access_log=False))
    yield app
    app.close()


async def _replicate(
    app: Emulator, item_id: str, seen_at_answer: dict[str, int]
) -> tuple[int, dict[str, Any]]:
    def at_start(_: Message) -> None:
        # What a client could read the moment its answer starts.
        seen_at_answer[item_id] = committed_records(app.store.path, item_id)

    return await replicate_demo(app, item_id, at_start=at_start)


def _new_backups(app: Emulator, count: int) -> list[str]:
    project = app.control_plane.demo()["project_id"]
    return app.csbs.service.create_backups(project, count, "available", None)


def test_calls_arriving_together_are_answered_only_once_committed(emulator: Emulator) -> None:
    first, second = _new_backups(emulator, 2)
    seen: dict[str, int] = {}

    async def together() -> list[tuple[int, dict[str, Any]]]:
        return list(
            await asyncio.gather(
                _replicate(emulator, first, seen), _replicate(emulator, second, seen)
            )
        )

    answers = asyncio.run(together())
    assert [status for status, _ in answers] == [200, 200]
    assert seen == {first: 1, second: 1}
    assert not emulator.store.pending


def test_a_refused_call_rolls_back_alone_in_its_group(emulator: Emulator) -> None:
    (item,) = _new_backups(emulator, 1)
    seen: dict[str, int] = {}

    async def together() -> list[tuple[int, dict[str, Any]]]:
        return list(
            await asyncio.gather(_replicate(emulator, item, seen), _replicate(emulator, item, {}))
        )

    (status_a, _), (status_b, body_b) = asyncio.run(together())
    assert status_a == 200
    assert status_b == 400
    assert body_b["error_code"] == "BackupService.1009"
    assert committed_records(emulator.store.path, item) == 1
    assert seen[item] == 1


def test_a_failed_commit_answers_500_and_keeps_nothing(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _new_backups(emulator, 2)
    store = emulator.store

    def failing_flush() -> None:
        store._db.execute("ROLLBACK")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "flush", failing_flush)

    async def together() -> list[tuple[int, dict[str, Any]]]:
        return list(
            await asyncio.gather(_replicate(emulator, first, {}), _replicate(emulator, second, {}))
        )

    answers = asyncio.run(together())
    assert [status for status, _ in answers] == [500, 500]
    assert {body["error_code"] for _, body in answers} == {"CSBS.9999"}
    monkeypatch.undo()
    assert committed_records(store.path, first) == 0
    assert committed_records(store.path, second) == 0
    # The emulator goes on: the same backups replicate once the disk is back.
    assert asyncio.run(_replicate(emulator, first, {}))[0] == 200


def test_writes_outside_a_call_still_commit_at_once(emulator: Emulator) -> None:
    (item,) = _new_backups(emulator, 1)
    with sqlite3.connect(emulator.store.path) as other:
        found = other.execute("SELECT COUNT(*) FROM backups WHERE id = ?", (item,)).fetchone()
    assert found == (1,)
    assert not emulator.store.pending


def _count_commits(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets one entry per commit of pending writes."""
    store, commits = emulator.store, []
    flush = store.flush

    def counting() -> None:
        if store.pending:
            commits.append(1)
        flush()

    monkeypatch.setattr(store, "flush", counting)
    return commits


async def _a_turn_apart(emulator: Emulator, first: str, second: str) -> list[int]:
    """Two replications: the second reaches the app one loop turn after the first's handler
    ran, as a request read by the next poll does."""
    one = asyncio.ensure_future(_replicate(emulator, first, {}))
    await asyncio.sleep(0)  # the first call's handler runs and its group is open
    two = asyncio.ensure_future(_replicate(emulator, second, {}))
    return [status for status, _ in await asyncio.gather(one, two)]


def test_a_call_arriving_a_turn_later_joins_the_open_group(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The group waits one turn for calls from other connections (uncounted here, as
    in-process): two calls a turn apart share one commit, instead of splitting a steady load
    into cohorts committing in turn (bench/README.md, issue 19)."""
    first, second = _new_backups(emulator, 2)
    commits = _count_commits(emulator, monkeypatch)
    assert asyncio.run(_a_turn_apart(emulator, first, second)) == [200, 200]
    assert len(commits) == 1
    assert committed_records(emulator.store.path, first) == 1
    assert committed_records(emulator.store.path, second) == 1


def test_when_every_connection_has_a_call_in_the_group_it_commits_at_once(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One open connection (a client calling in turn, c=1) with its call in the group: no
    other call can join, so the group commits without waiting a turn; the next call is a
    group of its own."""
    first, second = _new_backups(emulator, 2)
    emulator.group_commit.open_connections = lambda: 1
    commits = _count_commits(emulator, monkeypatch)
    assert asyncio.run(_a_turn_apart(emulator, first, second)) == [200, 200]
    assert len(commits) == 2
    # With a second connection open, the first call's group waits for it.
    third, fourth = _new_backups(emulator, 2)
    emulator.group_commit.open_connections = lambda: 2
    commits.clear()
    assert asyncio.run(_a_turn_apart(emulator, third, fourth)) == [200, 200]
    assert len(commits) == 1


def test_the_served_emulator_reads_uvicorns_open_connections(emulator: Emulator) -> None:
    """`csbs-emulator serve` gives the group commit uvicorn's own count of open connections."""
    import uvicorn

    from csbs_emulator.cli import count_connections

    server = uvicorn.Server(uvicorn.Config(emulator))
    count_connections(emulator, server)
    count = emulator.group_commit.open_connections
    assert count is not None
    assert count() == 0
    server.server_state.connections.update({object(), object()})  # type: ignore[arg-type]
    assert count() == 2
