"""Bad input to every CBR operation: a clear 400 in CBR's error shape (`BackupService.9900`),
never a 500, and nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from csbs_emulator.app import Emulator

from ..conftest import assert_error
from .conftest import TOKEN, UNKNOWN_ID, copy_url, state

P = "e2a214e8bbe946759d52490575ffc53d"  # the demo project
GOOD = "/v3/" + P


def _cases() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(operation, method, path, request options) that the spec refuses."""
    backup = "/backups/" + UNKNOWN_ID
    body = {"destination_project_id": P, "destination_region": "cn-east-2",
            "destination_vault_id": UNKNOWN_ID}  # fmt: skip
    return [
        ("copyBackup", "POST", GOOD + "/backups/not-a-uuid/replicate",
         {"json": {"replicate": body}}),
        ("copyBackup", "POST", GOOD + backup + "/replicate", {"json": {"replication": body}}),
        ("copyBackup", "POST", GOOD + backup + "/replicate",
         {"json": {"replicate": {**body, "name": "<b>"}}}),
        ("copyBackup", "POST", GOOD + backup + "/replicate",
         {"json": {"replicate": {**body, "enable_acceleration": "yes"}}}),
        ("copyBackup", "POST", GOOD + backup + "/replicate",
         {"json": {"replicate": {**body, "destination_region": "bad region!"}}}),
        ("copyBackup", "POST", GOOD + backup + "/replicate",
         {"json": {"replicate": {**body, "surprise": 1}}}),
        ("copyBackup", "POST", GOOD + backup + "/replicate",
         {"content": b"{not json", "headers": {"content-type": "application/json"}}),
        ("copyBackup", "POST", GOOD + backup + "/replicate",
         {"content": b"\xff\xfe", "headers": {"content-type": "application/json"}}),
        ("copyBackup", "POST", GOOD + backup + "/replicate", {}),
        ("showBackup", "GET", GOOD + "/backups/xyz", {}),
        ("listBackups", "GET", GOOD + "/backups", {"params": {"limit": 0}}),
        ("listBackups", "GET", GOOD + "/backups", {"params": {"limit": "ten"}}),
        ("listBackups", "GET", GOOD + "/backups", {"params": {"status": "gone"}}),
        ("listBackups", "GET", GOOD + "/backups", {"params": {"sort": "size:up"}}),
        ("listBackups", "GET", GOOD + "/backups", {"params": {"show_replication": "maybe"}}),
        ("listBackups", "GET", GOOD + "/backups", {"params": {"start_time": "yesterday"}}),
        ("listBackups", "GET", GOOD + "/backups", {"params": {"no_such": "x"}}),
        ("showReplicationCapabilities", "GET", GOOD + "/replication-capabilities",
         {"params": {"x": "1"}}),
        ("listOpLogs", "GET", GOOD + "/operation-logs", {"params": {"operation_type": "copy!"}}),
        ("listOpLogs", "GET", GOOD + "/operation-logs", {"params": {"offset": -1}}),
        ("showOpLog", "GET", GOOD + "/operation-logs/not-an-id!", {}),
        ("showVault", "GET", GOOD + "/vaults/not-a-uuid", {}),
        ("listVault", "GET", GOOD + "/vaults", {"params": {"protect_type": "everything"}}),
        ("listVault", "GET", GOOD + "/vaults", {"params": {"limit": 1001}}),
        ("listExternalVault", "GET", GOOD + "/vaults/external", {"params": {"region_id": "x"}}),
        ("listExternalVault", "GET", GOOD + "/vaults/external",
         {"params": {"region_id": "cn-east-2", "external_project_id": P, "limit": -5}}),
    ]  # fmt: skip


@pytest.mark.parametrize(("operation", "method", "path", "options"), _cases())
def test_bad_input_is_a_clear_400_and_writes_nothing(
    app: Emulator,
    client: TestClient,
    operation: str,
    method: str,
    path: str,
    options: dict[str, Any],
) -> None:
    before = state(app)
    headers = {**TOKEN, **options.pop("headers", {})}
    response = client.request(method, path, headers=headers, **options)
    payload = assert_error(response, 400, "BackupService.9900")
    assert payload["error_msg"].startswith("Invalid parameter: "), operation
    assert state(app) == before


def test_every_cbr_operation_has_a_bad_input_case(app: Emulator) -> None:
    operations = {
        op["operationId"]
        for item in app.specs["cbr"]["paths"].values()
        for op in item.values()
        if isinstance(op, dict)
    }
    assert {case[0] for case in _cases()} == operations


def test_an_unknown_path_and_method_answer_the_gateway(client: TestClient) -> None:
    assert_error(client.get(GOOD + "/nothing-here", headers=TOKEN), 404, "APIGW.0101")
    response = client.delete(copy_url(P, UNKNOWN_ID), headers=TOKEN)
    assert_error(response, 405, "APIGW.0101")
    assert response.headers["allow"] == "POST"


def test_an_injected_fault_answers_in_cbr_codes(client: TestClient) -> None:
    """Fault rules name CBR's operations `cbr.<operationId>`; the error is CBR's."""
    rules = {"rules": [{"operation": "cbr.listVault", "status": 503, "next_n": 1}]}
    assert client.put("/_emulator/faults", json=rules).status_code == 200
    assert_error(client.get(GOOD + "/vaults", headers=TOKEN), 503, "BackupService.9998")
    assert client.get(GOOD + "/vaults", headers=TOKEN).status_code == 200
    # The bare name is CSBS's: a rule for `listBackups` leaves CBR's listBackups alone.
    rules = {"rules": [{"operation": "listBackups", "status": 500, "next_n": 1}]}
    assert client.put("/_emulator/faults", json=rules).status_code == 200
    assert client.get(GOOD + "/backups", headers=TOKEN).status_code == 200
