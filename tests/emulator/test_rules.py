"""Every replication rule and its error code, through the HTTP layer (status + error_code)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from csbs_emulator.app import Emulator

from .conftest import assert_error, body, replicate_url

TOKEN = {"X-Auth-Token": "emulator-demo-token"}


def demo_project(app: Emulator, region: str) -> str:
    return next(
        p.id for p in app.directory.projects.values() if p.region == region and "demo" in p.name
    )


def backup_in_status(app: Emulator, project_id: str, status: str) -> str:
    page = app.csbs.tables.list_backups(project_id, limit=100, filters={"status": status})
    assert page, f"the demo fixtures have a {status} backup"
    return page[0].id


def replicate(
    client: TestClient, project: str, item: str, payload: Any, headers: dict[str, str] = TOKEN
) -> Any:
    return client.post(replicate_url(project, item), json=payload, headers=headers)


def test_replicate_answers_the_documented_body(client: TestClient, demo: dict[str, Any]) -> None:
    item = demo["checkpoint_item_ids"][0]
    response = replicate(
        client,
        demo["project_id"],
        item,
        body(demo["destination_region"], demo["destination_project_id"], name="r1"),
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert len(response.headers["x-request-id"]) == 32
    replication = response.json()["replication"]
    assert replication == {
        "project_id": demo["project_id"],
        "provider_id": "fc4d5750-22e7-4798-8a46-f48f62c4c1da",
        "checkpoint_item_id": item,
        "source_region": "cn-north-1",
        "destination_region": demo["destination_region"],
        "destination_project_id": demo["destination_project_id"],
        "replication_record_id": replication["replication_record_id"],
    }


def test_unknown_provider_is_400_csbs_9001(client: TestClient, demo: dict[str, Any]) -> None:
    response = client.post(
        replicate_url(demo["project_id"], demo["checkpoint_item_ids"][0], provider="x" * 36),
        json=body(demo["destination_region"], demo["destination_project_id"]),
        headers=TOKEN,
    )
    payload = assert_error(response, 400, "CSBS.9001")
    assert "provider_id" in payload["error_msg"]


def test_missing_backup_is_404_csbs_3001(client: TestClient, demo: dict[str, Any]) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    response = replicate(
        client,
        demo["project_id"],
        missing,
        body(demo["destination_region"], demo["destination_project_id"]),
    )
    payload = assert_error(response, 404, "CSBS.3001")
    assert payload["error_msg"] == f"Checkpoint_item ({missing}) is not found."


def test_another_projects_backup_is_indistinguishable_from_a_missing_one(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    other_project = next(p.id for p in app.directory.projects.values() if "other" in p.name)
    other_item = app.csbs.tables.list_backups(other_project, limit=1)[0].id
    # The demo token on its own project, naming the other tenant's backup: 404, as if absent.
    response = replicate(
        client,
        demo["project_id"],
        other_item,
        body(demo["destination_region"], demo["destination_project_id"]),
    )
    assert_error(response, 404, "CSBS.3001")
    assert_error(
        client.get(f"/v1/{demo['project_id']}/checkpoint_items/{other_item}", headers=TOKEN),
        404,
        "CSBS.3001",
    )


@pytest.mark.parametrize("status", ["protecting", "error", "deleting"])
def test_a_backup_that_is_not_available_is_400_csbs_2003(
    app: Emulator, client: TestClient, demo: dict[str, Any], status: str
) -> None:
    item = backup_in_status(app, demo["project_id"], status)
    response = replicate(
        client,
        demo["project_id"],
        item,
        body(demo["destination_region"], demo["destination_project_id"]),
    )
    payload = assert_error(response, 400, "CSBS.2003")
    assert status in payload["error_msg"]


def test_a_deleted_backup_is_not_found(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    (item,) = app.csbs.service.create_backups(demo["project_id"], 1, "deleted", None)
    response = replicate(
        client,
        demo["project_id"],
        item,
        body(demo["destination_region"], demo["destination_project_id"]),
    )
    assert_error(response, 404, "CSBS.3001")


@pytest.mark.parametrize(
    ("region", "why"),
    [
        ("xx-nowhere-1", "does not exist"),
        ("cn-north-1", "own region"),
        ("eu-west-0", "cannot replicate"),
    ],
)
def test_destination_region_unknown_same_or_not_allowed_is_400_1005(
    app: Emulator, client: TestClient, demo: dict[str, Any], region: str, why: str
) -> None:
    project = demo_project(app, region) if region != "xx-nowhere-1" else demo["project_id"]
    response = replicate(
        client, demo["project_id"], demo["checkpoint_item_ids"][0], body(region, project)
    )
    payload = assert_error(response, 400, "BackupService.1005")
    assert why in payload["error_msg"]


def test_destination_project_wrong_is_400_1011(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    item = demo["checkpoint_item_ids"][0]
    other_tenant = next(p.id for p in app.directory.projects.values() if "other" in p.name)
    wrong = [
        "0123456789abcdef0123456789abcdef",  # no such project
        demo_project(app, "cn-south-1"),  # a project of another region
        demo["project_id"],  # the source project, which is not in the destination region
        other_tenant,  # a project the caller's credential does not cover
    ]
    for project in wrong:
        response = replicate(
            client, demo["project_id"], item, body(demo["destination_region"], project)
        )
        assert_error(response, 400, "BackupService.1011")


def test_a_second_replication_to_the_same_region_is_400_1009(
    client: TestClient, demo: dict[str, Any], make_emulator: Any
) -> None:
    item = demo["checkpoint_item_ids"][1]
    payload = body(demo["destination_region"], demo["destination_project_id"])
    assert replicate(client, demo["project_id"], item, payload).status_code == 200
    response = replicate(client, demo["project_id"], item, payload)
    assert_error(response, 400, "BackupService.1009")
    # The rule is per destination region: another allowed region is still fine.
    app_projects = client.app.directory.projects.values()  # type: ignore[attr-defined]
    south = next(p.id for p in app_projects if p.region == "cn-south-1" and "demo" in p.name)
    assert replicate(client, demo["project_id"], item, body("cn-south-1", south)).status_code == 200


def test_a_copy_still_running_blocks_and_a_failed_one_does_not(
    make_emulator: Any,
) -> None:
    app = make_emulator(lifecycle="manual")
    client = TestClient(app)
    demo = client.get("/_emulator/demo").json()
    item = demo["checkpoint_item_ids"][2]
    payload = body(demo["destination_region"], demo["destination_project_id"])
    first = replicate(client, demo["project_id"], item, payload)
    assert first.status_code == 200
    # Being made: refused.
    assert_error(replicate(client, demo["project_id"], item, payload), 400, "BackupService.1009")
    record_id = first.json()["replication"]["replication_record_id"]
    advanced = client.post(
        f"/_emulator/replications/{record_id}/advance",
        json={"outcome": "fail", "fail_code": {"Code": "BackupService.6000"}},
    )
    assert advanced.status_code == 200
    assert advanced.json()["status"] == "fail"
    # A failed copy does not block a retry.
    assert replicate(client, demo["project_id"], item, payload).status_code == 200


@pytest.mark.parametrize(
    ("replication", "fragment"),
    [
        ({"destination_project_id": "p"}, "destination_region"),
        ({"destination_region": "cn-east-2"}, "destination_project_id"),
        ({"destination_region": "", "destination_project_id": "p"}, "destination_region"),
        ({"destination_region": "cn-east-2", "destination_project_id": "p", "name": ""}, "name"),
        (
            {"destination_region": "cn-east-2", "destination_project_id": "p", "name": "n" * 65},
            "name",
        ),
        (
            {"destination_region": "cn-east-2", "destination_project_id": "p",
             "description": "<b>"},
            "description",
        ),
        (
            {"destination_region": "cn-east-2", "destination_project_id": "p",
             "enable_acceleration": "yes"},
            "enable_acceleration",
        ),
        (
            {"destination_region": "cn-east-2", "destination_project_id": "p", "vault": "v"},
            "vault",
        ),
        ({"destination_region": "cn/east", "destination_project_id": "p"}, "destination_region"),
    ],
)  # fmt: skip
def test_invalid_bodies_are_400_csbs_9001(
    client: TestClient, demo: dict[str, Any], replication: dict[str, Any], fragment: str
) -> None:
    response = replicate(
        client, demo["project_id"], demo["checkpoint_item_ids"][0], {"replication": replication}
    )
    payload = assert_error(response, 400, "CSBS.9001")
    assert fragment in payload["error_msg"]


@pytest.mark.parametrize(
    ("raw", "content_type", "fragment"),
    [
        (b"", "application/json", "required"),
        (b"{", "application/json", "malformed JSON"),
        (b"\xff\xfe{}", "application/json", "UTF-8"),
        (b'{"replication": {}, "replication": {}}', "application/json", "duplicate"),
        (b'{"replication": NaN}', "application/json", "NaN"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json", "nested"),
        (b'{"replication": {"destination_region": "cn-east-2"}}', "text/plain", "Content-Type"),
        (b"[]", "application/json", "object"),
    ],
)
def test_malformed_requests_are_400_csbs_9001(
    client: TestClient, demo: dict[str, Any], raw: bytes, content_type: str, fragment: str
) -> None:
    response = client.post(
        replicate_url(demo["project_id"], demo["checkpoint_item_ids"][0]),
        content=raw,
        headers={**TOKEN, "Content-Type": content_type},
    )
    payload = assert_error(response, 400, "CSBS.9001")
    assert fragment in payload["error_msg"]


def test_an_oversized_body_is_413_apigw_0201(client: TestClient, demo: dict[str, Any]) -> None:
    response = client.post(
        replicate_url(demo["project_id"], demo["checkpoint_item_ids"][0]),
        content=b" " * (1024 * 1024 + 1),
        headers={**TOKEN, "Content-Type": "application/json"},
    )
    assert_error(response, 413, "APIGW.0201")


def test_a_malformed_checkpoint_id_is_400(client: TestClient, demo: dict[str, Any]) -> None:
    response = client.get(f"/v1/{demo['project_id']}/checkpoint_items/not-a-uuid", headers=TOKEN)
    payload = assert_error(response, 400, "CSBS.9001")
    assert "checkpoint_item_id" in payload["error_msg"]


def test_replicate_refusals_change_no_state(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    before = (app.csbs.tables.list_records(), app.csbs.tables.count_backups())
    item = demo["checkpoint_item_ids"][0]
    replicate(client, demo["project_id"], item, body("cn-north-1", demo["project_id"]))
    replicate(client, demo["project_id"], item, {"replication": {}})
    replicate(client, demo["project_id"], item, body(demo["destination_region"], "nope"))
    assert (app.csbs.tables.list_records(), app.csbs.tables.count_backups()) == before
    shown = client.get(f"/v1/{demo['project_id']}/checkpoint_items/{item}", headers=TOKEN)
    assert shown.json()["checkpoint_item"]["extend_info"]["copy_status"] == "na"
