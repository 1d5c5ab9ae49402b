"""The `csbs-emulator` command as a user meets it: the printed curl works, shutdown is clean."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from csbs_emulator.csbs.tables import SCHEMA, SCHEMA_VERSION
from csbs_emulator.store import Store
from csbs_emulator.testing import LiveEmulator


def printed_curl(output: list[str]) -> str:
    """The command under the `try:` line of the start-up banner."""
    index = next(i for i, line in enumerate(output) if line.strip() == "try:")
    return output[index + 1].strip()


def run_curl(command: str) -> dict[str, object]:
    assert command.startswith("curl ")
    # Run through a shell: it is the exact text a user pastes into one (it comes from the
    # emulator's own banner, not from outside input).
    done = subprocess.run(  # noqa: S602
        command + " -w '\\n%{http_code}'", shell=True, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    body, status = done.stdout.rsplit("\n", 1)
    assert status == "200", body
    payload: dict[str, object] = json.loads(body)
    return payload


def test_the_printed_curl_succeeds_and_a_restart_prints_a_new_one(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with LiveEmulator(db=db) as emulator:
        first = printed_curl(emulator.output)
        answer = run_curl(first)
        assert "replication" in answer
        # An access-log line per request, carrying the request id. It is written after the
        # answer is sent and read from the pipe by a thread, so give it a moment to arrive.
        deadline = time.monotonic() + 10
        while not any("/replicate" in line and "request_id=" in line for line in emulator.output):
            assert time.monotonic() < deadline, "no access-log line for the replicate call"
            time.sleep(0.05)
    # On the same store the demo backup is replicated now; the new banner picks another one
    # (the same curl again would be the duplicate refusal), and it succeeds as well.
    with LiveEmulator(db=db) as emulator:
        second = printed_curl(emulator.output)
        assert second != first
        assert "replication" in run_curl(second)


def test_sigterm_shuts_down_gracefully(tmp_path: Path) -> None:
    emulator = LiveEmulator(db=tmp_path / "term.db").start()
    # uvicorn finishes its shutdown, then re-raises the signal it caught, so the exit status
    # is "terminated by SIGTERM" even when everything closed cleanly; the log says which.
    assert emulator.stop(graceful=True) in (0, -signal.SIGTERM)
    assert any("Application shutdown complete" in line for line in emulator.output)
    assert any("Finished server process" in line for line in emulator.output)
    store = Store(tmp_path / "term.db", (SCHEMA,))
    assert store.integrity_check() == "ok"
    store.close()


def test_demo_prints_the_dataset() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "csbs_emulator", "demo"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    demo = json.loads(done.stdout)
    assert set(demo) == {
        "token", "project_id", "region", "checkpoint_item_ids", "destination_region",
        "destination_project_id", "ak", "sk", "cbr",
    }  # fmt: skip
    assert len(demo["checkpoint_item_ids"]) >= 3
    assert set(demo["cbr"]) == {
        "source_vault_id", "destination_vault_id", "volume_backup_id", "replica_backup_id",
        "backup_ids",
    }  # fmt: skip
    assert len(demo["cbr"]["backup_ids"]) >= 3


def test_bad_fixtures_are_refused_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"regions": [], "projects": []}))
    done = subprocess.run(
        [sys.executable, "-m", "csbs_emulator", "serve", "--port", "0", "--db", ":memory:",
         "--fixtures", str(bad)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "fixtures" in done.stderr


def test_a_database_it_cannot_use_is_one_clear_line_not_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    raw = sqlite3.connect(db)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    done = subprocess.run(
        [sys.executable, "-m", "csbs_emulator", "serve", "--db", str(db), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"csbs-emulator: {db}: database schema version {SCHEMA_VERSION + 1} is newer than "
        f"this emulator's ({SCHEMA_VERSION}); upgrade the emulator"
    ]
