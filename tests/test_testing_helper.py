"""`csbs_emulator.testing.LiveEmulator`, the public helper every live-emulator test uses.

It starts the installed `csbs-emulator` on 127.0.0.1 and returns once the URL of its ready
line answers `/_emulator/health`; `stop()` ends the process; `kill()` and `start()` restart it
on the same port and database; a start that fails raises with what the process printed; and
the example the emulator guide shows (examples/live_emulator.py) runs as written.
"""

from __future__ import annotations

import json
import re
import runpy
from pathlib import Path

import httpx
import pytest

from csbs_emulator.testing import READY_PREFIX, EmulatorError, LiveEmulator, installed_script

ROOT = Path(__file__).resolve().parents[1]


def test_start_answers_health_and_stop_ends_the_process(tmp_path: Path) -> None:
    with LiveEmulator(["--quiet"], db=tmp_path / "emulator.db", cwd=tmp_path) as emulator:
        assert emulator.command()[0] == str(installed_script()), "not the installed script"
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", emulator.base_url), emulator.base_url
        assert emulator.output[0].startswith(f"{READY_PREFIX}{emulator.base_url} ")
        health = httpx.get(f"{emulator.base_url}/_emulator/health", timeout=10)
        assert health.status_code == 200, health.text
        assert health.json()["status"] == "ok"

        # A crash, then a restart on the same port and database: the state survived.
        project = httpx.get(f"{emulator.base_url}/_emulator/demo").json()["project_id"]
        made = httpx.post(
            f"{emulator.base_url}/_emulator/backups", json={"project_id": project}, timeout=10
        )
        assert made.status_code == 200, made.text
        url, backups = emulator.base_url, health.json()["backups"] + 1
        emulator.kill()
        assert not emulator.running
        emulator.start()
        assert (emulator.base_url, emulator.starts) == (url, 2)
        again = httpx.get(f"{url}/_emulator/health", timeout=10)
        assert again.json()["backups"] == backups
        process = emulator.process
    assert process is not None
    assert process.returncode is not None
    assert not emulator.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/_emulator/health", timeout=2)


def test_a_failed_start_raises_with_the_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad-fixtures.json"
    bad.write_text(json.dumps({"projects": "not a list"}))
    emulator = LiveEmulator(["--fixtures", str(bad)], start_timeout=30)
    with pytest.raises(EmulatorError, match="did not start") as raised:
        emulator.start()
    assert any("bad-fixtures.json" in line for line in raised.value.output), raised.value.output
    assert "bad-fixtures.json" in str(raised.value)
    assert not emulator.running


def test_the_guides_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    scope = runpy.run_path(str(ROOT / "examples" / "live_emulator.py"))
    demo = scope["demo"]
    assert isinstance(demo, dict)
    assert demo["token"]
    assert list(tmp_path.iterdir()) == []  # `:memory:` leaves no file behind
