"""The asynchronous lifecycle: copying -> success (a replica appears) or fail (fail_code)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from csbs_emulator.app import Emulator

from .conftest import MakeEmulator, body, replicate_url

TOKEN = {"X-Auth-Token": "emulator-demo-token"}


def start(client: TestClient, demo: dict[str, Any], index: int = 0) -> tuple[str, str]:
    item = demo["checkpoint_item_ids"][index]
    response = client.post(
        replicate_url(demo["project_id"], item),
        json=body(demo["destination_region"], demo["destination_project_id"], name="copy-1"),
        headers=TOKEN,
    )
    assert response.status_code == 200, response.text
    return item, response.json()["replication"]["replication_record_id"]


def show(client: TestClient, project: str, item: str, **headers: str) -> dict[str, Any]:
    response = client.get(f"/v1/{project}/checkpoint_items/{item}", headers={**TOKEN, **headers})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["checkpoint_item"]
    return data


def setup(make_emulator: MakeEmulator, **config: Any) -> tuple[Emulator, TestClient, Any]:
    app = make_emulator(**config)
    client = TestClient(app, base_url="http://127.0.0.1")
    return app, client, client.get("/_emulator/demo").json()


def test_instant_lifecycle_completes_before_the_answer(make_emulator: MakeEmulator) -> None:
    _, client, demo = setup(make_emulator)
    item, record_id = start(client, demo)
    source = show(client, demo["project_id"], item)
    assert source["extend_info"]["copy_status"] == "success"
    (record,) = source["replication_records"]
    assert record["id"] == record_id
    assert record["status"] == "success"
    replica_id = record["destination_checkpoint_item_id"]
    # The replica lives in the destination project, and says where it came from.
    replica = show(
        client,
        demo["destination_project_id"],
        replica_id,
        Host=f"csbs.{demo['destination_region']}.myhuaweicloud.com",
    )
    assert replica["extend_info"]["copy_from"] == "cn-north-1"
    assert replica["status"] == "available"
    assert replica["name"] == "copy-1"
    assert source["extend_info"]["copy_from"] is None


def test_manual_lifecycle_waits_for_the_control_plane(make_emulator: MakeEmulator) -> None:
    _, client, demo = setup(make_emulator, lifecycle="manual")
    item, record_id = start(client, demo)
    source = show(client, demo["project_id"], item)
    assert source["extend_info"]["copy_status"] == "copying"
    assert source["replication_records"][0]["destination_checkpoint_item_id"] is None
    copying = client.get("/_emulator/replications", params={"status": "copying"}).json()
    assert [r["id"] for r in copying["replication_records"]] == [record_id]
    done = client.post(f"/_emulator/replications/{record_id}/advance", json={"outcome": "success"})
    assert done.status_code == 200
    replica_id = done.json()["destination_item_id"]
    assert show(client, demo["project_id"], item)["extend_info"]["copy_status"] == "success"
    replica = show(client, demo["destination_project_id"], replica_id)
    assert replica["extend_info"]["copy_from"] == "cn-north-1"
    again = client.post(f"/_emulator/replications/{record_id}/advance", json={"outcome": "fail"})
    assert again.status_code == 409
    assert again.json()["error_code"] == "EMULATOR.0409"


def test_a_failed_copy_reports_fail_code_and_no_replica(make_emulator: MakeEmulator) -> None:
    app, client, demo = setup(make_emulator, lifecycle="manual")
    item, record_id = start(client, demo)
    backups_before = app.csbs.tables.count_backups()
    response = client.post(
        f"/_emulator/replications/{record_id}/advance",
        json={
            "outcome": "fail",
            "fail_code": {"Code": "BackupService.6001", "Description": "network broken"},
            "fail_reason": "link down",
        },
    )
    assert response.status_code == 200
    info = show(client, demo["project_id"], item)["extend_info"]
    assert info["copy_status"] == "fail"
    assert info["fail_code"] == {"Code": "BackupService.6001", "Description": "network broken"}
    assert info["fail_reason"] == "link down"
    assert info["fail_op"] == "replicate"
    assert app.csbs.tables.count_backups() == backups_before


def test_delay_lifecycle_completes_when_the_clock_passes(make_emulator: MakeEmulator) -> None:
    _, client, demo = setup(make_emulator, lifecycle="delay", delay_seconds=30)
    item, _ = start(client, demo)
    assert show(client, demo["project_id"], item)["extend_info"]["copy_status"] == "copying"
    client.post("/_emulator/clock", json={"seconds": 29})
    assert show(client, demo["project_id"], item)["extend_info"]["copy_status"] == "copying"
    client.post("/_emulator/clock", json={"seconds": 2})
    assert show(client, demo["project_id"], item)["extend_info"]["copy_status"] == "success"


def test_injected_replication_failures_are_reproducible(make_emulator: MakeEmulator) -> None:
    _, client, demo = setup(make_emulator)
    settings = {
        "replication_failures": {
            "next_n": 1,
            "fail_code": {"Code": "BackupService.6002", "Description": "injected"},
        }
    }
    assert client.put("/_emulator/faults", json=settings).status_code == 200
    first, _ = start(client, demo, 0)
    second, _ = start(client, demo, 1)
    assert show(client, demo["project_id"], first)["extend_info"]["fail_code"]["Code"] == (
        "BackupService.6002"
    )
    assert show(client, demo["project_id"], second)["extend_info"]["copy_status"] == "success"


def test_copy_status_follows_the_newest_record(make_emulator: MakeEmulator) -> None:
    app, client, demo = setup(make_emulator, lifecycle="manual")
    item, first = start(client, demo)
    south = next(
        p.id
        for p in app.directory.projects.values()
        if p.region == "cn-south-1" and "demo" in p.name
    )
    second = client.post(
        replicate_url(demo["project_id"], item), json=body("cn-south-1", south), headers=TOKEN
    ).json()["replication"]["replication_record_id"]
    # The older copy ends: the source still shows the newest one, which is copying.
    client.post(f"/_emulator/replications/{first}/advance", json={"outcome": "success"})
    assert show(client, demo["project_id"], item)["extend_info"]["copy_status"] == "copying"
    client.post(f"/_emulator/replications/{second}/advance", json={"outcome": "fail"})
    assert show(client, demo["project_id"], item)["extend_info"]["copy_status"] == "fail"


def test_reset_restores_the_fixtures(make_emulator: MakeEmulator) -> None:
    app, client, demo = setup(make_emulator)
    start(client, demo)
    count = app.csbs.tables.count_backups()
    health = client.post("/_emulator/reset").json()
    assert health["backups"] == count - 1
    assert app.csbs.tables.list_records() == []


def test_delayed_work_another_emulator_wrote_is_finished_by_the_next_call(
    make_emulator: MakeEmulator, tmp_path: Path
) -> None:
    """A read remembers the file's data_version for the rest of its event-loop turn (the
    store's `data_version`, issue 19); a later call reads it again, so work another emulator
    on the same file made comes due here: the reader's next call finishes the copy."""
    db = tmp_path / "s.db"
    writer = make_emulator(db_path=db, lifecycle="delay", delay_seconds=0)
    reader = make_emulator(db_path=db)
    write = TestClient(writer, base_url="http://127.0.0.1")
    read = TestClient(reader, base_url="http://127.0.0.1")
    demo = read.get("/_emulator/demo").json()
    project = demo["project_id"]
    # The reader reads first, so it has a data_version to remember.
    assert show(read, project, demo["checkpoint_item_ids"][0])["replication_records"] == []
    item, record_id = start(write, demo)  # copying, due at once; the writer never ticks again
    (record,) = show(read, project, item)["replication_records"]
    assert (record["id"], record["status"]) == (record_id, "success")
