"""Replicate a CBR backup with Huawei's official SDK, against the emulator, unmodified.

Run the emulator (`csbs-emulator serve`), then `python examples/cbr_official_sdk.py
http://127.0.0.1:8080`. The demo's names come from `/_emulator/demo`; everything else is
`huaweicloudsdkcbr` as you would use it against the real service.
"""

from __future__ import annotations

import sys

import httpx
from huaweicloudsdkcbr.v1 import (
    BackupReplicateReq,
    BackupReplicateReqBody,
    CbrClient,
    CopyBackupRequest,
    ListExternalVaultRequest,
    ShowBackupRequest,
)
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException


def main(endpoint: str) -> str:
    demo = httpx.get(f"{endpoint}/_emulator/demo").json()
    credentials = BasicCredentials(demo["ak"], demo["sk"], demo["project_id"])
    client = (
        CbrClient.new_builder().with_credentials(credentials).with_endpoints([endpoint]).build()
    )

    # The destination: a replication vault of the destination project, in its region.
    vaults = client.list_external_vault(
        ListExternalVaultRequest(
            external_project_id=demo["destination_project_id"],
            region_id=demo["destination_region"],
            protect_type="replication",
        )
    ).vaults
    vault = next(
        v
        for v in vaults
        if v.billing.object_type == "server"
        and v.billing.status == "available"
        and v.billing.size * 1024 - v.billing.used >= 40 * 1024  # size in GB, used in MB
    )

    backup_id = demo["cbr"]["backup_ids"][0]
    body = BackupReplicateReqBody(
        destination_project_id=demo["destination_project_id"],
        destination_region=demo["destination_region"],
        destination_vault_id=vault.id,
        name="replica_from_sdk",
    )
    request = CopyBackupRequest(backup_id=backup_id, body=BackupReplicateReq(replicate=body))
    try:
        record_id = client.copy_backup(request).replication.replication_record_id
    except ClientRequestException as exc:  # e.g. BackupService.1009: already replicated there
        print(exc.status_code, exc.error_code, exc.error_msg, exc.request_id)
        raise

    backup = client.show_backup(ShowBackupRequest(backup_id=backup_id)).backup
    record = next(r for r in backup.replication_records if r.id == record_id)
    print(record.status, record.destination_backup_id)
    return str(record.destination_backup_id)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
