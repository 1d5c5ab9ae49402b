"""`scripts/parity check`: the committed snapshots against the emulator, and the diff it prints.

Owns: the CI gate (every committed snapshot replays against a fresh in-process emulator with
no difference that is not accepted), the readable per-call diff and exit code of a check that
fails, accepted differences (shown as accepted, never as same) and stale ones, and a
recording keeping the accepted list of the snapshot it replaces.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tools.parity.snapshot import SNAPSHOTS

from .conftest import Parity

EMULATOR = SNAPSHOTS / "emulator"


def doctor(path: Path, change: Any) -> None:
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=1), "utf-8")


def call_of(data: dict[str, Any], call_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in data["calls"] if c["id"] == call_id)
    return found


def test_every_committed_snapshot_passes_against_a_fresh_emulator(parity: Parity) -> None:
    code, out = parity("check")
    assert code == 0, out
    assert "parity check: 10 snapshots" in out
    assert "passed" in out
    # The documentation's known differences show as accepted, with their reasons.
    assert "accepted     list-all" in out
    assert '(accepted: The example sends "" on a backup that is no replica' in out
    assert "(accepted: The task pages' example is a backup task" in out  # CBR's
    assert "DIFFERS" not in out


def test_a_difference_fails_naming_the_call_and_the_member(parity: Parity, tmp_path: Path) -> None:
    path = tmp_path / "reads.json"
    shutil.copy(EMULATOR / "reads.json", path)

    def change(data: dict[str, Any]) -> None:
        page = call_of(data, "list-page-two")["answer"]
        page["body"]["checkpoint_items"][0]["id"] = "<first_id>"
        count = call_of(data, "count-all")["answer"]
        count["status"] = 201
        count["body"]["count"] = "9"
        count["headers"]["content-type"] = "text/plain"
        call_of(data, "list-sort-name")["answer"]["derived"]["by_name"] = False

    doctor(path, change)
    code, out = parity("check", str(path), "--json", str(tmp_path / "verdict.json"))
    assert code == 1, out
    lines = out.splitlines()
    assert any(line.split()[:2] == ["DIFFERS", "list-page-two"] for line in lines), out
    assert '/checkpoint_items/0/id: "<first_id>" recorded, "<second_id>" now' in out
    assert "status: 201 recorded, 200 now" in out
    assert "/count: string recorded, integer now" in out
    assert 'header content-type: "text/plain" recorded, "application/json" now' in out
    assert "derived by_name: false recorded, true now" in out
    assert "3 differ" in out
    assert "FAILED" in out
    verdict = json.loads((tmp_path / "verdict.json").read_text("utf-8"))
    members = {(d["call"], d["member"]) for d in verdict[0]["differences"]}
    assert ("list-page-two", "/checkpoint_items/0/id") in members
    assert ("count-all", "/count") in members


def test_an_accepted_difference_shows_as_accepted_and_a_stale_one_is_reported(
    parity: Parity, tmp_path: Path
) -> None:
    path = tmp_path / "refusals.json"
    shutil.copy(EMULATOR / "refusals.json", path)

    def change(data: dict[str, Any]) -> None:
        call_of(data, "list-unknown-parameter")["answer"]["status"] = 200
        data["accepted"] = [
            {
                "call": "list-unknown-parameter",
                "member": "status",
                "reason": "the real service ignores unknown query parameters",
            },
            {"call": "list-limit-zero", "member": "status", "reason": "no longer differs"},
        ]

    doctor(path, change)
    code, out = parity("check", str(path))
    assert code == 0, out
    assert "accepted     list-unknown-parameter" in out
    assert (
        "status: 200 recorded, 400 now (accepted: the real service ignores unknown query "
        "parameters)" in out
    )
    assert "accepted difference no longer seen: list-limit-zero status" in out
    assert "1 accepted" in out


def test_a_recording_keeps_the_accepted_list_of_the_snapshot_it_replaces(
    parity: Parity, tmp_path: Path
) -> None:
    path = tmp_path / "refusals.json"
    shutil.copy(EMULATOR / "refusals.json", path)
    accepted = [{"call": "unknown-path", "member": "status", "reason": "kept"}]
    doctor(path, lambda data: data.update(accepted=accepted))
    code, out = parity("record", "--scenario", "refusals", "--out", str(tmp_path))
    assert code == 0, out
    assert json.loads(path.read_text("utf-8"))["accepted"] == accepted
