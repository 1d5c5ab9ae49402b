"""Test your own code against the CSBS emulator with the `csbs` pytest plugin's fixtures.

The plugin comes with the package (`pip install .`): no conftest.py, no set-up. Each test
gets an emulator reset to the demo dataset; this module passes as it is.
"""

from __future__ import annotations

import pytest

from csbs_client import AuthenticatedClient, Client
from csbs_replicate import (
    AlreadyReplicated,
    Backoff,
    Progress,
    ReplicationFailed,
    replicate,
    wait_for_replica,
)
from csbs_replicate.testing import Control, Demo, EmulatorHandle

QUICK = Backoff(initial=0.05, maximum=0.2)  # the emulator is local: poll fast


def copy_east(client: Client | AuthenticatedClient, demo: Demo, item: str) -> str:
    """The code under test: replicate a backup, wait for the replica, return its id."""
    replication = replicate(
        client,
        demo.project_id,
        item,
        destination_region=demo.destination_region,
        destination_project_id=demo.destination_project_id,
    )
    return wait_for_replica(client, replication, timeout=30, backoff=QUICK).id


def test_a_backup_is_copied(
    csbs_token_client: AuthenticatedClient, csbs_demo: Demo, csbs_control: Control
) -> None:
    replica_id = copy_east(csbs_token_client, csbs_demo, csbs_demo.item)
    [record] = csbs_control.records()
    assert record["destination_item_id"] == replica_id


def test_a_lost_answer_still_makes_exactly_one_copy(
    csbs_aksk_client: Client, csbs_demo: Demo, csbs_control: Control
) -> None:
    csbs_control.drop_answers("replicateBackup")  # the call commits; its answer is lost
    replica_id = copy_east(csbs_aksk_client, csbs_demo, csbs_demo.item)
    [record] = csbs_control.records()
    assert record["destination_item_id"] == replica_id


def test_a_second_copy_is_refused_with_the_reason(
    csbs_token_client: AuthenticatedClient, csbs_demo: Demo
) -> None:
    first = copy_east(csbs_token_client, csbs_demo, csbs_demo.item)
    with pytest.raises(AlreadyReplicated) as refused:
        copy_east(csbs_token_client, csbs_demo, csbs_demo.item)
    assert refused.value.error_code == "BackupService.1009"
    assert refused.value.existing is not None
    assert refused.value.existing.destination_item_id == first


def test_a_failed_copy_says_why(
    csbs_token_client: AuthenticatedClient, csbs_demo: Demo, csbs_control: Control
) -> None:
    csbs_control.fail_copies(fail_code="BackupService.6000", fail_reason="link down")
    with pytest.raises(ReplicationFailed) as failed:
        copy_east(csbs_token_client, csbs_demo, csbs_demo.item)
    assert (failed.value.fail_code, failed.value.fail_reason) == ("BackupService.6000", "link down")


@pytest.mark.csbs_lifecycle("manual")  # copies end only when the test says so
def test_progress_is_reported_until_the_copy_ends(
    csbs_token_client: AuthenticatedClient, csbs_demo: Demo, csbs_control: Control
) -> None:
    seen: list[str] = []

    def on_progress(progress: Progress) -> None:
        seen.append(progress.status)
        if progress.status == "copying":
            csbs_control.advance_all("success")

    replication = replicate(
        csbs_token_client,
        csbs_demo.project_id,
        csbs_demo.item,
        destination_region=csbs_demo.destination_region,
        destination_project_id=csbs_demo.destination_project_id,
    )
    wait_for_replica(csbs_token_client, replication, backoff=QUICK, on_progress=on_progress)
    assert seen == ["copying", "success"]


def test_in_process_without_a_socket(csbs_inprocess: EmulatorHandle) -> None:
    demo = csbs_inprocess.demo
    assert copy_east(csbs_inprocess.token_client(), demo, demo.item)
