"""Huawei's official CBR SDK (`huaweicloudsdkcbr`), unmodified, against a served emulator.

Nothing here speaks HTTP itself: a `CbrClient` built with `BasicCredentials` (AK/SK, signed
by the SDK's own signer) and `with_endpoints([emulator URL])` finds a backup, the
replication capabilities and the destination vault (ListExternalVault), replicates, is
refused a duplicate with `ClientRequestException`, and sees the record succeed, the replica
in the destination vault and the task in the operation logs. Only the demo's names come
from the control plane (`/_emulator/demo`), as a user's test would read them.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from huaweicloudsdkcbr.v1 import (
    BackupReplicateReq,
    BackupReplicateReqBody,
    CbrClient,
    CopyBackupRequest,
    ListBackupsRequest,
    ListExternalVaultRequest,
    ListOpLogsRequest,
    ShowBackupRequest,
    ShowOpLogRequest,
    ShowReplicationCapabilitiesRequest,
    ShowVaultRequest,
)
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException

from csbs_emulator.testing import LiveEmulator


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, dict[str, Any]]]:
    with LiveEmulator(["--strict"]) as emulator:
        demo = httpx.get(f"{emulator.base_url}/_emulator/demo").json()
        yield emulator.base_url, demo


def client_for(base_url: str, demo: dict[str, Any], project_id: str) -> Any:
    credentials = BasicCredentials(demo["ak"], demo["sk"], project_id)
    return CbrClient.new_builder().with_credentials(credentials).with_endpoints([base_url]).build()


def test_the_official_sdk_replicates_a_backup_end_to_end(
    served: tuple[str, dict[str, Any]],
) -> None:
    base_url, demo = served
    cbr = demo["cbr"]
    source = client_for(base_url, demo, demo["project_id"])
    destination = client_for(base_url, demo, demo["destination_project_id"])

    # Find an available ECS backup of the source vault.
    listed = source.list_backups(
        ListBackupsRequest(vault_id=cbr["source_vault_id"], status="available", image_type="backup")
    )
    assert listed.count >= 1
    backup = next(b for b in listed.backups if b.id in cbr["backup_ids"])
    assert backup.resource_type == "OS::Nova::Server"
    assert backup.extend_info.contain_system_disk is True

    # Where may it go, and which vault there takes replicas?
    regions = source.show_replication_capabilities(ShowReplicationCapabilitiesRequest()).regions
    here = next(r for r in regions if r.name == demo["region"])
    assert demo["destination_region"] in here.replication_destinations
    external = source.list_external_vault(
        ListExternalVaultRequest(
            external_project_id=demo["destination_project_id"],
            region_id=demo["destination_region"],
            protect_type="replication",
            objcet_type="server",  # the SDK's own spelling of object_type
        )
    )
    vault = next(v for v in external.vaults if v.id == cbr["destination_vault_id"])
    assert vault.billing.protect_type == "replication"
    used_before = vault.billing.used

    # Replicate.
    body = BackupReplicateReqBody(
        destination_project_id=demo["destination_project_id"],
        destination_region=demo["destination_region"],
        destination_vault_id=vault.id,
        enable_acceleration=False,
        name="sdk_replica",
        description="made by huaweicloudsdkcbr",
    )
    copied = source.copy_backup(
        CopyBackupRequest(backup_id=backup.id, body=BackupReplicateReq(replicate=body))
    )
    replication = copied.replication
    assert replication.backup_id == backup.id
    assert replication.destination_vault_id == vault.id
    assert replication.source_region == demo["region"]
    assert replication.replication_record_id

    # The same backup to the same region again: refused, in the SDK's own exception.
    with pytest.raises(ClientRequestException) as refused:
        source.copy_backup(
            CopyBackupRequest(backup_id=backup.id, body=BackupReplicateReq(replicate=body))
        )
    assert refused.value.status_code == 400
    assert refused.value.error_code == "BackupService.1009"
    assert refused.value.request_id

    # The record on the source backup succeeded, naming the replica.
    shown = source.show_backup(ShowBackupRequest(backup_id=backup.id)).backup
    record = next(r for r in shown.replication_records if r.id == replication.replication_record_id)
    assert record.status == "success"
    assert record.destination_vault_id == vault.id
    assert record.extra_info.progress == 100
    replica_id = record.destination_backup_id
    assert replica_id

    # The replica is in the destination vault, whose used space grew by the backup's size.
    replica = destination.show_backup(ShowBackupRequest(backup_id=replica_id)).backup
    assert replica.image_type == "replication"
    assert replica.vault_id == vault.id
    assert replica.name == "sdk_replica"
    grown = destination.show_vault(ShowVaultRequest(vault_id=vault.id)).vault
    # The SDK documents `used` in MB ("used capacity, in MB") and a backup's size in GB.
    assert grown.billing.used == used_before + backup.resource_size * 1024

    # The task of type replication in the source project's operation logs.
    tasks = source.list_op_logs(ListOpLogsRequest(operation_type="replication")).operation_logs
    task = next(t for t in tasks if t.extra_info.replication.source_backup_id == backup.id)
    assert task.status == "success"
    assert task.extra_info.replication.destination_backup_id == replica_id
    one = source.show_op_log(ShowOpLogRequest(operation_log_id=task.id)).operation_log
    assert one.id == task.id
    assert one.operation_type == "replication"


def test_the_official_sdk_meets_each_refusal_as_a_client_request_exception(
    served: tuple[str, dict[str, Any]],
) -> None:
    base_url, demo = served
    cbr = demo["cbr"]
    source = client_for(base_url, demo, demo["project_id"])

    def copy(backup_id: str, **change: str) -> ClientRequestException:
        fields = {
            "destination_project_id": demo["destination_project_id"],
            "destination_region": demo["destination_region"],
            "destination_vault_id": cbr["destination_vault_id"],
            **change,
        }
        request = CopyBackupRequest(
            backup_id=backup_id,
            body=BackupReplicateReq(replicate=BackupReplicateReqBody(**fields)),
        )
        with pytest.raises(ClientRequestException) as refused:
            source.copy_backup(request)
        return refused.value

    assert copy(cbr["volume_backup_id"]).error_code == "BackupService.1003"
    assert copy(cbr["replica_backup_id"]).error_code == "BackupService.1002"
    missing = copy("00000000-0000-4000-8000-000000000000")
    assert (missing.status_code, missing.error_code) == (404, "BackupService.6302")
    fresh = cbr["backup_ids"][-1]
    assert copy(fresh, destination_region="eu-west-0").error_code == "BackupService.1005"
    assert (
        copy(fresh, destination_vault_id="00000000-0000-4000-8000-000000000000").error_code
        == "BackupService.6105"
    )


def test_the_guides_example_runs_as_written(served: tuple[str, dict[str, Any]]) -> None:
    """examples/cbr_official_sdk.py is the emulator guide's worked example, and runs."""
    root = Path(__file__).resolve().parents[3]
    guide = (root / "docs" / "emulator.md").read_text("utf-8")
    assert '--8<-- "examples/cbr_official_sdk.py"' in guide, "docs/emulator.md shows the example"
    base_url, demo = served
    httpx.post(f"{base_url}/_emulator/reset").raise_for_status()
    spec = importlib.util.spec_from_file_location(
        "cbr_official_sdk", root / "examples" / "cbr_official_sdk.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    replica = module.main(base_url)
    shown = httpx.get(
        f"{base_url}/v3/{demo['destination_project_id']}/backups/{replica}",
        headers={"X-Auth-Token": demo["token"]},
    )
    assert shown.status_code == 200
    assert shown.json()["backup"]["image_type"] == "replication"
