"""A CBR copy's lifecycle: the record on the source backup, the task in the operation logs,
and the replica in the destination vault, whose used space grows — under each lifecycle
(instant, delay, manual), on success and on failure."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from csbs_emulator.app import Emulator

from ..conftest import MakeEmulator
from .conftest import TOKEN, copy


def _record(client: TestClient, demo: dict[str, Any], backup: str) -> dict[str, Any]:
    shown = client.get(f"/v3/{demo['project_id']}/backups/{backup}", headers=TOKEN)
    assert shown.status_code == 200, shown.text
    records: list[dict[str, Any]] = shown.json()["backup"]["replication_records"]
    assert len(records) >= 1
    return records[0]


def _task(client: TestClient, demo: dict[str, Any], task_id: str) -> dict[str, Any]:
    shown = client.get(f"/v3/{demo['project_id']}/operation-logs/{task_id}", headers=TOKEN)
    assert shown.status_code == 200, shown.text
    task: dict[str, Any] = shown.json()["operation_log"]
    return task


def _used(client: TestClient, demo: dict[str, Any]) -> int:
    vault = demo["cbr"]["destination_vault_id"]
    shown = client.get(f"/v3/{demo['destination_project_id']}/vaults/{vault}", headers=TOKEN)
    assert shown.status_code == 200, shown.text
    used: int = shown.json()["vault"]["billing"]["used"]
    return used


def _replicas(client: TestClient, demo: dict[str, Any]) -> list[dict[str, Any]]:
    listed = client.get(
        f"/v3/{demo['destination_project_id']}/backups",
        params={"vault_id": demo["cbr"]["destination_vault_id"], "image_type": "replication"},
        headers=TOKEN,
    )
    assert listed.status_code == 200, listed.text
    backups: list[dict[str, Any]] = listed.json()["backups"]
    return backups


def _replication_task(client: TestClient, demo: dict[str, Any], backup: str) -> dict[str, Any]:
    listed = client.get(
        f"/v3/{demo['project_id']}/operation-logs",
        params={"operation_type": "replication"},
        headers=TOKEN,
    )
    assert listed.status_code == 200, listed.text
    tasks = listed.json()["operation_logs"]
    [task] = [t for t in tasks if t["extra_info"]["replication"]["source_backup_id"] == backup]
    return dict(task)


def test_an_instant_copy_is_complete_when_answered(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    backup = demo["cbr"]["backup_ids"][0]
    used = _used(client, demo)
    answer = copy(client, demo, backup, name="rep_web0", description="to the east")
    assert answer.status_code == 200, answer.text
    record = _record(client, demo, backup)
    assert record["id"] == answer.json()["replication"]["replication_record_id"]
    assert record["status"] == "success"
    assert record["extra_info"]["progress"] == 100
    assert record["extra_info"]["fail_code"] == ""
    assert record["destination_vault_id"] == demo["cbr"]["destination_vault_id"]
    assert record["extra_info"]["destinatio_vault_id"] == record["destination_vault_id"]
    [replica] = _replicas(client, demo)
    assert replica["id"] == record["destination_backup_id"]
    assert replica["checkpoint_id"] == record["destination_checkpoint_id"]
    assert (replica["name"], replica["description"]) == ("rep_web0", "to the east")
    assert replica["image_type"] == "replication"
    assert replica["project_id"] == demo["destination_project_id"]
    # `used` is in MB (the docs and the SDK: "used capacity, in MB"), `resource_size` in GB.
    assert _used(client, demo) == used + replica["resource_size"] * 1024
    task = _replication_task(client, demo, backup)
    assert task["status"] == "success"
    assert task["ended_at"] is not None
    assert task["extra_info"]["replication"]["destination_backup_id"] == replica["id"]
    assert task["extra_info"]["common"]["progress"] == 100


def test_a_delayed_copy_runs_then_completes_when_due(make_emulator: MakeEmulator) -> None:
    app = make_emulator(lifecycle="delay", delay_seconds=30)
    client = TestClient(app)
    demo = client.get("/_emulator/demo").json()
    backup = demo["cbr"]["backup_ids"][1]
    used = _used(client, demo)
    assert copy(client, demo, backup).status_code == 200
    record = _record(client, demo, backup)
    assert (record["status"], record["destination_backup_id"]) == ("replicating", None)
    task = _replication_task(client, demo, backup)
    assert (task["status"], task["ended_at"]) == ("running", None)
    assert _replicas(client, demo) == []
    assert _used(client, demo) == used
    assert client.post("/_emulator/clock", json={"seconds": 31}).status_code == 200
    assert _record(client, demo, backup)["status"] == "success"
    assert _task(client, demo, task["id"])["status"] == "success"
    assert len(_replicas(client, demo)) == 1
    assert _used(client, demo) > used


def test_a_failed_copy_fails_its_record_and_task_and_lands_nothing(
    make_emulator: MakeEmulator,
) -> None:
    app = make_emulator(lifecycle="manual")
    client = TestClient(app)
    demo = client.get("/_emulator/demo").json()
    backup = demo["cbr"]["backup_ids"][2]
    used = _used(client, demo)
    record_id = copy(client, demo, backup).json()["replication"]["replication_record_id"]
    advanced = client.post(
        f"/_emulator/cbr/replications/{record_id}/advance",
        json={"outcome": "fail", "fail_code": "BackupService.6000", "fail_reason": "link down"},
    )
    assert advanced.status_code == 200, advanced.text
    record = _record(client, demo, backup)
    assert record["status"] == "fail"
    assert record["extra_info"]["fail_code"] == "BackupService.6000"
    assert record["extra_info"]["fail_reason"] == "link down"
    assert record["destination_backup_id"] is None
    task = _replication_task(client, demo, backup)
    assert task["status"] == "failed"
    assert task["error_info"] == {"code": "BackupService.6000", "message": "link down"}
    assert _replicas(client, demo) == []
    assert _used(client, demo) == used
    again = client.post(
        f"/_emulator/cbr/replications/{record_id}/advance", json={"outcome": "success"}
    )
    assert again.status_code == 409


def test_injected_copy_failures_apply_to_cbr_copies(
    client: TestClient, demo: dict[str, Any]
) -> None:
    """`setFaults`' replication_failures fail the next copies of either API."""
    failures = {"replication_failures": {"next_n": 1, "fail_reason": "injected"}}
    assert client.put("/_emulator/faults", json=failures).status_code == 200
    backup = demo["cbr"]["backup_ids"][3]
    assert copy(client, demo, backup).status_code == 200
    record = _record(client, demo, backup)
    assert (record["status"], record["extra_info"]["fail_reason"]) == ("fail", "injected")
    assert copy(client, demo, backup).status_code == 200  # the retry; the budget is spent
    assert _record(client, demo, backup)["status"] == "success"


def test_a_restart_keeps_every_cbr_row_and_finishes_what_came_due(
    make_emulator: MakeEmulator, tmp_path: Any
) -> None:
    db = tmp_path / "cbr.db"
    first = make_emulator(db_path=db, lifecycle="delay", delay_seconds=0)
    client = TestClient(first)
    demo = client.get("/_emulator/demo").json()
    backup = demo["cbr"]["backup_ids"][0]
    assert copy(client, demo, backup).status_code == 200
    first.close()
    second = make_emulator(db_path=db, lifecycle="delay", delay_seconds=0)
    again = TestClient(second)
    assert _record(again, demo, backup)["status"] == "success"
    assert len(_replicas(again, demo)) == 1


def test_a_refused_duplicate_spends_no_injected_failure(
    client: TestClient, demo: dict[str, Any]
) -> None:
    """An outcome is drawn only for an accepted copy: a 1009 leaves the budget whole."""
    first, second = demo["cbr"]["backup_ids"][:2]
    assert copy(client, demo, first).status_code == 200
    failures = {"replication_failures": {"next_n": 1, "fail_reason": "injected"}}
    assert client.put("/_emulator/faults", json=failures).status_code == 200
    assert copy(client, demo, first).json()["error_code"] == "BackupService.1009"
    assert copy(client, demo, second).status_code == 200
    assert _record(client, demo, second)["status"] == "fail"
