"""Every CBR copyBackup rule and its error code, through the HTTP layer (status + error_code),
each refusal leaving the state as it was; and the lifecycle of an accepted copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from csbs_emulator.app import Emulator

from ..conftest import MakeEmulator, assert_error
from .conftest import (
    OTHER_PROJECT,
    TOKEN,
    UNKNOWN_ID,
    backup_id,
    copy,
    copy_url,
    demo_fixtures,
    state,
    vault_id,
)


def refused(
    app: Emulator, client: TestClient, demo: dict[str, Any], backup: str, status: int, code: str,
    **change: Any,
) -> dict[str, Any]:  # fmt: skip
    before = state(app)
    payload = assert_error(copy(client, demo, backup, **change), status, code)
    assert state(app) == before, "a refused copyBackup wrote nothing"
    return payload


def test_copy_answers_the_documented_body(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    backup = demo["cbr"]["backup_ids"][0]
    response = copy(client, demo, backup, name="replica_1", enable_acceleration=True)
    assert response.status_code == 200, response.text
    assert len(response.headers["x-request-id"]) == 32
    replication = response.json()["replication"]
    assert replication == {
        "backup_id": backup,
        "destination_project_id": demo["destination_project_id"],
        "destination_region": demo["destination_region"],
        "destination_vault_id": demo["cbr"]["destination_vault_id"],
        "project_id": demo["project_id"],
        "provider_id": "0daac4c5-6707-4851-97ba-169e36266b66",
        "replication_record_id": replication["replication_record_id"],
        "source_region": demo["region"],
    }


def test_an_unknown_backup_or_another_projects_is_404_6302(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    refused(app, client, demo, UNKNOWN_ID, 404, "BackupService.6302")
    theirs = backup_id(app, "cbr_other_app")
    refused(app, client, demo, theirs, 404, "BackupService.6302")


def test_a_replica_cannot_be_replicated_again_1002(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    refused(app, client, demo, demo["cbr"]["replica_backup_id"], 400, "BackupService.1002")


def test_only_ecs_backups_with_their_system_disk_replicate_1003(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    refused(app, client, demo, demo["cbr"]["volume_backup_id"], 400, "BackupService.1003")
    data_only = backup_id(app, "cbr_demo_datadisk_only")
    refused(app, client, demo, data_only, 400, "BackupService.1003")


def test_only_an_available_backup_replicates_1004(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    refused(app, client, demo, backup_id(app, "cbr_demo_protecting"), 400, "BackupService.1004")


@pytest.mark.parametrize("region", ["eu-north-9", "cn-north-1", "eu-west-0"])
def test_the_destination_region_comes_from_the_capabilities_1005(
    app: Emulator, client: TestClient, demo: dict[str, Any], region: str
) -> None:
    """Unknown, the backup's own, and a known region the source may not replicate to."""
    backup = demo["cbr"]["backup_ids"][0]
    refused(app, client, demo, backup, 400, "BackupService.1005", destination_region=region)


def test_the_destination_project_must_be_in_that_region_and_the_callers_1011(
    app: Emulator, client: TestClient, demo: dict[str, Any], make_emulator: MakeEmulator
) -> None:
    backup = demo["cbr"]["backup_ids"][0]
    for project in ("f" * 32, demo["project_id"], OTHER_PROJECT):
        refused(
            app, client, demo, backup, 400, "BackupService.1011", destination_project_id=project
        )


def test_a_caller_without_the_destination_project_is_refused_1011(
    make_emulator: MakeEmulator,
) -> None:
    data = demo_fixtures()
    source = data["demo"]["project_id"]
    data["tokens"].append({"token": "source-only", "projects": [source], "permission": "rw"})
    app = make_emulator()
    client = TestClient(app)
    assert client.put("/_emulator/fixtures", json=data).status_code == 200
    demo = client.get("/_emulator/demo").json()
    before = state(app)
    response = client.post(
        copy_url(source, demo["cbr"]["backup_ids"][0]),
        json={
            "replicate": {
                "destination_project_id": demo["destination_project_id"],
                "destination_region": demo["destination_region"],
                "destination_vault_id": demo["cbr"]["destination_vault_id"],
            }
        },
        headers={"X-Auth-Token": "source-only"},
    )
    assert_error(response, 400, "BackupService.1011")
    assert state(app) == before


def test_the_destination_vault_must_exist_there_6105(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    backup = demo["cbr"]["backup_ids"][0]
    refused(app, client, demo, backup, 400, "BackupService.6105", destination_vault_id=UNKNOWN_ID)
    # A replication vault of the source project (another project, another region).
    replicas = vault_id(app, "vault-demo-replicas")
    refused(app, client, demo, backup, 400, "BackupService.6105", destination_vault_id=replicas)


@pytest.mark.parametrize("vault", ["vault-east2-backup", "vault-east2-replication-disk"])
def test_the_destination_vault_must_be_a_replication_vault_of_servers_6102(
    app: Emulator, client: TestClient, demo: dict[str, Any], vault: str
) -> None:
    backup = demo["cbr"]["backup_ids"][0]
    refused(
        app, client, demo, backup, 400, "BackupService.6102",
        destination_vault_id=vault_id(app, vault),
    )  # fmt: skip


def test_the_destination_vault_must_be_available_6112(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    frozen = vault_id(app, "vault-east2-replication-frozen")
    backup = demo["cbr"]["backup_ids"][0]
    refused(app, client, demo, backup, 400, "BackupService.6112", destination_vault_id=frozen)


def test_the_destination_vault_must_have_room_6114(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    small = vault_id(app, "vault-east2-replication-small")  # 10 GB; a demo backup is 40
    backup = demo["cbr"]["backup_ids"][0]
    refused(app, client, demo, backup, 400, "BackupService.6114", destination_vault_id=small)


def test_room_taken_by_another_emulator_on_the_file_meanwhile_refuses_6114(
    make_emulator: MakeEmulator, tmp_path: Path
) -> None:
    """Two emulators on one database file, an 80 GB vault, 40 GB backups: the first copy
    (emulator A) takes half; while A handles a third backup's copy, after it read the vault
    and before its write, emulator B commits a copy of the second, which fills it. A checks
    the room again under the write lock and refuses: the vault is never overfilled."""
    data = demo_fixtures()
    target = data["demo"]["cbr"]["destination_vault_id"]
    next(v for v in data["cbr"]["vaults"] if v["id"] == target)["size"] = 80
    a = make_emulator(db_path=tmp_path / "s.db", lifecycle="manual")
    client_a = TestClient(a)
    assert client_a.put("/_emulator/fixtures", json=data).status_code == 200
    client_b = TestClient(make_emulator(db_path=tmp_path / "s.db", lifecycle="manual"))
    demo = client_a.get("/_emulator/demo").json()
    first, second, third = demo["cbr"]["backup_ids"][:3]
    assert copy(client_a, demo, first).status_code == 200
    tables = a.cbr.tables
    begin = tables.transaction

    def other_copy_first(*, lean: bool = False) -> Any:
        tables.transaction = begin
        assert copy(client_b, demo, second).status_code == 200
        return begin(lean=lean)

    tables.transaction = other_copy_first
    refused_copy = copy(client_a, demo, third)
    assert tables.transaction is begin, "B's copy ran inside A's call"
    assert (refused_copy.status_code, refused_copy.json()["error_code"]) == (
        400,
        "BackupService.6114",
    )
    copies = a.store.db.execute(
        "SELECT source_backup_id FROM cbr_replications WHERE destination_vault_id = ?", (target,)
    ).fetchall()
    assert sorted(row[0] for row in copies) == sorted([first, second])  # none of the third


def test_room_counts_the_copies_still_running_into_the_vault_6114(
    make_emulator: MakeEmulator,
) -> None:
    """With copies running (manual lifecycle), an 80 GB vault takes two 40 GB backups and
    refuses a third; a failed copy gives its room back."""
    data = demo_fixtures()
    target = data["demo"]["cbr"]["destination_vault_id"]
    next(v for v in data["cbr"]["vaults"] if v["id"] == target)["size"] = 80
    app = make_emulator(lifecycle="manual")
    client = TestClient(app)
    assert client.put("/_emulator/fixtures", json=data).status_code == 200
    demo = client.get("/_emulator/demo").json()
    first, second, third = demo["cbr"]["backup_ids"][:3]
    records = [copy(client, demo, b).json()["replication"] for b in (first, second)]
    refused(app, client, demo, third, 400, "BackupService.6114")
    record_id = records[0]["replication_record_id"]
    failed = client.post(
        f"/_emulator/cbr/replications/{record_id}/advance", json={"outcome": "fail"}
    )
    assert failed.status_code == 200, failed.text
    assert copy(client, demo, third).status_code == 200


def test_one_replica_per_destination_region_1009(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    backup = demo["cbr"]["backup_ids"][0]
    assert copy(client, demo, backup).status_code == 200
    payload = refused(app, client, demo, backup, 400, "BackupService.1009")
    assert "destination region" in payload["error_msg"]


def test_a_running_copy_blocks_too_and_a_failed_one_does_not_1009(
    make_emulator: MakeEmulator,
) -> None:
    app = make_emulator(lifecycle="manual")
    client = TestClient(app)
    demo = client.get("/_emulator/demo").json()
    backup = demo["cbr"]["backup_ids"][0]
    record_id = copy(client, demo, backup).json()["replication"]["replication_record_id"]
    refused(app, client, demo, backup, 400, "BackupService.1009")
    advanced = client.post(
        f"/_emulator/cbr/replications/{record_id}/advance",
        json={"outcome": "fail", "fail_code": "BackupService.6000", "fail_reason": "disk lost"},
    )
    assert advanced.status_code == 200, advanced.text
    assert copy(client, demo, backup).status_code == 200  # the retry


def test_the_rules_are_checked_in_the_documented_order(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    """A request breaking several rules gets the first one's code (service docstring)."""
    volume = demo["cbr"]["volume_backup_id"]
    refused(app, client, demo, volume, 400, "BackupService.1003", destination_region="nowhere")
    backup = demo["cbr"]["backup_ids"][0]
    refused(
        app, client, demo, backup, 400, "BackupService.1005",
        destination_region="nowhere", destination_vault_id=UNKNOWN_ID,
    )  # fmt: skip
    refused(
        app, client, demo, backup, 400, "BackupService.1011",
        destination_project_id="f" * 32, destination_vault_id=UNKNOWN_ID,
    )  # fmt: skip


def test_a_read_only_credential_cannot_copy(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    before = state(app)
    response = client.post(
        copy_url(demo["project_id"], demo["cbr"]["backup_ids"][0]),
        json={"replicate": {"destination_project_id": "x", "destination_region": "y",
                            "destination_vault_id": UNKNOWN_ID}},
        headers={"X-Auth-Token": "emulator-demo-token-readonly"},
    )  # fmt: skip
    assert_error(response, 403, "APIGW.0302")
    assert state(app) == before


def test_no_token_is_401(client: TestClient, demo: dict[str, Any]) -> None:
    response = client.get(f"/v3/{demo['project_id']}/backups")
    assert_error(response, 401, "APIGW.0301")
    assert client.get(f"/v3/{demo['project_id']}/backups", headers=TOKEN).status_code == 200


def test_the_backups_own_region_is_refused_even_if_listed_as_a_destination_1005(
    make_emulator: MakeEmulator,
) -> None:
    """A region is never a replication destination of itself, whatever fixtures say."""
    data = demo_fixtures()
    home = data["demo"]["region"]
    region = next(r for r in data["regions"] if r["name"] == home)
    region["replication_destinations"].append(home)
    app = make_emulator()
    client = TestClient(app)
    assert client.put("/_emulator/fixtures", json=data).status_code == 200
    demo = client.get("/_emulator/demo").json()
    backup = demo["cbr"]["backup_ids"][0]
    payload = refused(
        app, client, demo, backup, 400, "BackupService.1005",
        destination_region=home, destination_project_id=demo["project_id"],
        destination_vault_id=vault_id(app, "vault-demo-replicas"),
    )  # fmt: skip
    assert "own region" in payload["error_msg"]


def test_a_cbr_host_names_the_region(client: TestClient, demo: dict[str, Any]) -> None:
    """`cbr.{region}.myhuaweicloud.com` scopes CBR calls as `csbs.{region}.…` scopes CSBS's."""
    path = f"/v3/{demo['project_id']}/vaults"
    ok = {**TOKEN, "Host": f"cbr.{demo['region']}.myhuaweicloud.com"}
    assert client.get(path, headers=ok).status_code == 200
    elsewhere = {**TOKEN, "Host": f"cbr.{demo['destination_region']}.myhuaweicloud.com"}
    assert_error(client.get(path, headers=elsewhere), 403, "APIGW.0302")
    nowhere = {**TOKEN, "Host": "cbr.xx-nowhere-9.myhuaweicloud.com"}
    assert_error(client.get(path, headers=nowhere), 404, "APIGW.0101")
    # A CSBS host in front of a CBR path names no CBR endpoint: no region is read from it.
    assert (
        client.get(path, headers={**TOKEN, "Host": "csbs.xx-nowhere-9.example"}).status_code == 200
    )
