"""The hard part: a replicate whose answer is lost after the service committed it.

The emulator drops the answer after the commit (`drop`, deterministic: no timing), replaces
it with a proxy's 503 after the commit, or delays it beyond the client's timeout. Each time
the helper must report the one replication the service made — the right record, then the
right replica — and the store must hold exactly one. Each scenario runs in a bounded loop
(100 in a row for the dropped answer, sync and async, token and AK/SK alike).
"""

from __future__ import annotations

import asyncio

import pytest

from csbs_client import AuthenticatedClient, Client
from csbs_client.models import Backup
from csbs_replicate import ReplicationFailed, replicate, wait_for_replica
from csbs_replicate import aio as areplicate
from csbs_replicate.testing import Control, Demo, EmulatorHandle

from .support import FAST, POLICY, records_of, to_east

ROUNDS = 100


def check_one_replication(
    control: Control, item: str, record_id: str | None, status: str
) -> dict[str, object]:
    [record] = records_of(control, item)
    assert record["id"] == record_id
    assert record["status"] == status
    return record


@pytest.fixture
def items(csbs_control: Control, csbs_demo: Demo) -> list[str]:
    """ROUNDS fresh available backups of the demo project."""
    return csbs_control.create_backups(csbs_demo.project_id, ROUNDS)


def test_a_dropped_answer_is_found_out_100_times_in_a_row(
    csbs_emulator: EmulatorHandle, csbs_control: Control, csbs_demo: Demo, items: list[str]
) -> None:
    clients: list[Client | AuthenticatedClient] = [
        csbs_emulator.token_client(),
        csbs_emulator.aksk_client(),
    ]
    destination = csbs_emulator.connection("aksk").client  # confirms replicas with AK/SK too
    for n, item in enumerate(items):
        client = clients[n % 2]
        csbs_control.drop_answers("replicateBackup")
        replication = replicate(
            client, csbs_demo.project_id, item, **to_east(csbs_demo), policy=POLICY
        )
        assert replication.recovered, n
        assert replication.attempts == 1  # found out, never sent again
        record = check_one_replication(csbs_control, item, replication.record_id, "success")
        replica = wait_for_replica(
            client, replication, destination_client=destination, backoff=FAST
        )
        assert replica.id == record["destination_item_id"]
        assert replica.region == csbs_demo.destination_region
        assert isinstance(replica.backup, Backup)  # the CSBS client's model
        assert replica.backup.extend_info.copy_from == csbs_demo.region
        assert len(records_of(csbs_control, item)) == 1


def test_a_dropped_answer_is_found_out_100_times_in_a_row_async(
    csbs_emulator: EmulatorHandle, csbs_control: Control, csbs_demo: Demo, items: list[str]
) -> None:
    client = csbs_emulator.aksk_client()
    destination = csbs_emulator.connection("aksk").client

    async def rounds() -> None:
        for n, item in enumerate(items):
            csbs_control.drop_answers("replicateBackup")
            replication = await areplicate.replicate(
                client, csbs_demo.project_id, item, **to_east(csbs_demo), policy=POLICY
            )
            assert replication.recovered, n
            record = check_one_replication(csbs_control, item, replication.record_id, "success")
            replica = await areplicate.wait_for_replica(
                client, replication, destination_client=destination, backoff=FAST
            )
            assert replica.id == record["destination_item_id"]
        await client.get_async_httpx_client().aclose()

    asyncio.run(rounds())


def test_a_dropped_answer_then_a_failed_copy_100_times_in_a_row(
    csbs_token_client: AuthenticatedClient, csbs_control: Control, csbs_demo: Demo, items: list[str]
) -> None:
    for n, item in enumerate(items):
        csbs_control.faults(
            {"operation": "replicateBackup", "drop": True, "next_n": 1},
            replication_failures={
                "next_n": 1,
                "fail_code": {"Code": "BackupService.6001", "Description": "copy broke"},
                "fail_reason": f"link down {n}",
            },
        )
        replication = replicate(
            csbs_token_client, csbs_demo.project_id, item, **to_east(csbs_demo), policy=POLICY
        )
        # Accepted (found out), though the copy then failed: still exactly one replication,
        # and no second one was started after the failure (which would not be refused).
        assert replication.recovered, n
        check_one_replication(csbs_control, item, replication.record_id, "fail")
        with pytest.raises(ReplicationFailed) as failed:
            wait_for_replica(csbs_token_client, replication, backoff=FAST)
        error = failed.value
        assert (error.fail_code, error.fail_reason) == ("BackupService.6001", f"link down {n}")
        assert (error.error_code, error.error_msg) == ("BackupService.6001", f"link down {n}")
        assert error.fail_description == "copy broke"
        assert error.record_id == replication.record_id
        assert error.request_id
        assert len(records_of(csbs_control, item)) == 1


def test_a_proxy_503_after_the_commit_is_found_out(
    csbs_token_client: AuthenticatedClient, csbs_control: Control, csbs_demo: Demo, items: list[str]
) -> None:
    for item in items[:25]:
        csbs_control.error("replicateBackup", 503, after_commit=True)
        replication = replicate(
            csbs_token_client, csbs_demo.project_id, item, **to_east(csbs_demo), policy=POLICY
        )
        assert replication.recovered
        assert replication.attempts == 1
        check_one_replication(csbs_control, item, replication.record_id, "success")


def test_an_answer_slower_than_the_client_is_found_out(
    csbs_emulator: EmulatorHandle, csbs_control: Control, csbs_demo: Demo, items: list[str]
) -> None:
    # The answer comes 30 times later than the client waits: its outcome is unknown to it.
    client = csbs_emulator.token_client(timeout=0.1)
    for item in items[:5]:
        csbs_control.delay_answers("replicateBackup", latency_ms=3000)
        replication = replicate(
            client, csbs_demo.project_id, item, **to_east(csbs_demo), policy=POLICY
        )
        assert replication.recovered
        check_one_replication(csbs_control, item, replication.record_id, "success")


def test_an_error_before_the_service_saw_the_call_is_retried_once_known_safe(
    csbs_token_client: AuthenticatedClient, csbs_control: Control, csbs_demo: Demo, items: list[str]
) -> None:
    # 503 twice before the call runs: nothing committed, so after looking, it is sent again.
    for item in items[:20]:
        csbs_control.error("replicateBackup", 503, next_n=2)
        replication = replicate(
            csbs_token_client, csbs_demo.project_id, item, **to_east(csbs_demo), policy=POLICY
        )
        assert not replication.recovered
        assert replication.attempts == 3
        assert replication.request_id
        check_one_replication(csbs_control, item, replication.record_id, "success")


def test_a_dropped_answer_in_process_100_times_in_a_row(csbs_inprocess: EmulatorHandle) -> None:
    control, demo = csbs_inprocess.control, csbs_inprocess.demo
    client = csbs_inprocess.aksk_client()
    for item in control.create_backups(demo.project_id, ROUNDS):
        control.drop_answers("replicateBackup")
        replication = replicate(client, demo.project_id, item, **to_east(demo), policy=POLICY)
        assert replication.recovered
        check_one_replication(control, item, replication.record_id, "success")
