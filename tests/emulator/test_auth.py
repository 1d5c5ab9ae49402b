"""Gateway authentication and project scoping: 401 APIGW.0301 and 403 APIGW.0302."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from csbs_signing import AkSkAuth

from .conftest import MakeEmulator, assert_error, body, replicate_url


def paths(demo: dict[str, Any]) -> list[tuple[str, str]]:
    project, item = demo["project_id"], demo["checkpoint_item_ids"][0]
    return [
        ("GET", f"/v1/{project}/checkpoint_items"),
        ("GET", f"/v1/{project}/checkpoint_items/{item}"),
        ("GET", f"/v1/{project}/replication_capabilities"),
        ("POST", replicate_url(project, item)),
    ]


def call(client: TestClient, method: str, path: str, demo: dict[str, Any], **kw: Any) -> Any:
    payload = body(demo["destination_region"], demo["destination_project_id"])
    return client.request(method, path, json=payload if method == "POST" else None, **kw)


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Auth-Token": "not-a-token"}, {"X-Auth-Token": ""}, {"Authorization": "Bearer x"}],
)
def test_missing_or_invalid_credentials_are_401_on_every_operation(
    client: TestClient, demo: dict[str, Any], headers: dict[str, str]
) -> None:
    for method, path in paths(demo):
        assert_error(call(client, method, path, demo, headers=headers), 401, "APIGW.0301")


def test_another_projects_token_is_403_on_every_operation(
    client: TestClient, demo: dict[str, Any]
) -> None:
    for method, path in paths(demo):
        response = call(
            client, method, path, demo, headers={"X-Auth-Token": "emulator-other-token"}
        )
        assert_error(response, 403, "APIGW.0302")


def test_a_read_only_token_reads_but_cannot_replicate(
    client: TestClient, demo: dict[str, Any]
) -> None:
    headers = {"X-Auth-Token": "emulator-demo-token-readonly"}
    for method, path in paths(demo):
        response = call(client, method, path, demo, headers=headers)
        if method == "POST":
            assert_error(response, 403, "APIGW.0302")
        else:
            assert response.status_code == 200, response.text


def test_the_host_names_the_region(client: TestClient, demo: dict[str, Any]) -> None:
    project = demo["project_id"]
    ok = {"X-Auth-Token": "emulator-demo-token", "Host": "csbs.cn-north-1.myhuaweicloud.com"}
    assert client.get(f"/v1/{project}/checkpoint_items", headers=ok).status_code == 200
    elsewhere = {**ok, "Host": "csbs.cn-east-2.myhuaweicloud.com"}
    assert_error(
        client.get(f"/v1/{project}/checkpoint_items", headers=elsewhere), 403, "APIGW.0302"
    )
    nowhere = {**ok, "Host": "csbs.xx-nowhere-9.myhuaweicloud.com"}
    assert_error(client.get(f"/v1/{project}/checkpoint_items", headers=nowhere), 404, "APIGW.0101")


def test_aksk_signed_requests_are_accepted_and_scoped(
    make_emulator: MakeEmulator, demo: dict[str, Any]
) -> None:
    app = make_emulator()  # its own: leaving the TestClient runs the lifespan, which closes it
    with TestClient(app, base_url="http://127.0.0.1:8080") as raw:
        signed = httpx.Client(
            transport=raw._transport, base_url="http://127.0.0.1:8080",
            auth=AkSkAuth(demo["ak"], demo["sk"], project_id=demo["project_id"]),
        )  # fmt: skip
        for method, path in paths(demo):
            response = call(signed, method, path, demo)  # type: ignore[arg-type]
            assert response.status_code == 200, response.text
        wrong_key = httpx.Client(
            transport=raw._transport, base_url="http://127.0.0.1:8080",
            auth=AkSkAuth(demo["ak"], "not-the-secret"),
        )  # fmt: skip
        response = wrong_key.get(f"/v1/{demo['project_id']}/checkpoint_items")
        payload = assert_error(response, 401, "APIGW.0301")
        assert "bad_signature" in payload["error_msg"]
        readonly = httpx.Client(
            transport=raw._transport, base_url="http://127.0.0.1:8080",
            auth=AkSkAuth("EMULATORDEMOAK000002", "emulator-demo-secret-key-0002"),
        )  # fmt: skip
        method, path = paths(demo)[-1]
        assert_error(call(readonly, method, path, demo), 403, "APIGW.0302")  # type: ignore[arg-type]
