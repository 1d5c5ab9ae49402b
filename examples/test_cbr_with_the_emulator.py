"""Test your own CBR v3 code against the emulator with the `csbs` pytest plugin's fixtures.

The same plugin as for CSBS (`pip install .`; the official-SDK fixture also needs
`pip install huaweicloudsdkcbr`): no conftest.py, no set-up. Each test gets an emulator
reset to the demo dataset; this module passes as it is.
"""

from __future__ import annotations

from typing import Any

import pytest
from huaweicloudsdkcbr.v1 import ShowBackupRequest

import cbr_client
from csbs_replicate import AlreadyReplicated, Backoff, ReplicationFailed, replicate_and_wait
from csbs_replicate.testing import CbrDemo, Control, Demo

QUICK = Backoff(initial=0.05, maximum=0.2)  # the emulator is local: poll fast


def copy_east(client: cbr_client.Client | cbr_client.AuthenticatedClient, demo: Demo) -> str:
    """The code under test: copy a CBR backup into the destination vault, wait, return the
    replica's id."""
    cbr = demo.cbr_demo
    replica = replicate_and_wait(
        client,
        demo.project_id,
        cbr.item,
        destination_region=demo.destination_region,
        destination_project_id=demo.destination_project_id,
        destination_vault_id=cbr.destination_vault_id,
        timeout=30,
        backoff=QUICK,
    )
    return replica.id


def test_a_backup_is_copied_into_the_vault(
    cbr_token_client: cbr_client.AuthenticatedClient, csbs_demo: Demo, csbs_control: Control
) -> None:
    replica_id = copy_east(cbr_token_client, csbs_demo)
    [record] = csbs_control.cbr_records()
    assert record["destination_backup_id"] == replica_id


def test_a_lost_answer_still_makes_exactly_one_copy(
    cbr_aksk_client: cbr_client.Client, csbs_demo: Demo, csbs_control: Control
) -> None:
    csbs_control.drop_answers("cbr.copyBackup")  # the call commits; its answer is lost
    replica_id = copy_east(cbr_aksk_client, csbs_demo)
    [record] = csbs_control.cbr_records()
    assert record["destination_backup_id"] == replica_id


def test_huaweis_own_sdk_sees_the_copy(
    cbr_token_client: cbr_client.AuthenticatedClient, cbr_sdk_client: Any, csbs_demo: Demo,
    cbr_demo: CbrDemo,
) -> None:  # fmt: skip
    replica_id = copy_east(cbr_token_client, csbs_demo)
    backup = cbr_sdk_client.show_backup(ShowBackupRequest(backup_id=cbr_demo.item)).backup
    [record] = backup.replication_records
    assert (record.status, record.destination_backup_id) == ("success", replica_id)


def test_a_second_copy_is_refused_with_the_reason(
    cbr_token_client: cbr_client.AuthenticatedClient, csbs_demo: Demo
) -> None:
    first = copy_east(cbr_token_client, csbs_demo)
    with pytest.raises(AlreadyReplicated) as refused:
        copy_east(cbr_token_client, csbs_demo)
    assert refused.value.error_code == "BackupService.1009"
    assert refused.value.existing is not None
    assert refused.value.existing.destination_item_id == first


def test_a_failed_copy_says_why(
    cbr_token_client: cbr_client.AuthenticatedClient, csbs_demo: Demo, csbs_control: Control
) -> None:
    csbs_control.fail_copies(fail_code="BackupService.6000", fail_reason="link down")
    with pytest.raises(ReplicationFailed) as failed:
        copy_east(cbr_token_client, csbs_demo)
    assert (failed.value.fail_code, failed.value.fail_reason) == ("BackupService.6000", "link down")
