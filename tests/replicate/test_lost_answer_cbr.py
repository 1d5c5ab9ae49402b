"""The hard part on CBR: a copyBackup whose answer is lost after the service committed it.

As test_lost_answer.py does for CSBS, against the same emulator's CBR room: the answer is
dropped after the commit (`drop` on `cbr.copyBackup`: deterministic, no timing), replaced by
a proxy's 503 after the commit, or delayed beyond the client's timeout. Each time the helper
must report the one replication the service made — the right record, then the right
replica — and the service must show exactly one of each: one replication record on the
source, one `replication` task in the operation logs, one replica in the destination vault.
The dropped answer runs 100 rounds in a row, sync and async, token and AK/SK alike (each
round a backup never replicated before; the emulator is reset when the demo's replication
vault is full).
"""

from __future__ import annotations

import asyncio

import pytest

import cbr_client
from cbr_client.models import BackupResp
from csbs_replicate import ReplicationFailed, replicate, wait_for_replica
from csbs_replicate import aio as areplicate
from csbs_replicate.testing import EmulatorHandle

from .support import FAST, POLICY, cbr_backups, cbr_east, cbr_records_of, cbr_shown

ROUNDS = 100
COPY = "cbr.copyBackup"  # how fault rules name CBR's operations


def check_one_replication(
    handle: EmulatorHandle, item: str, record_id: str | None, status: str
) -> dict[str, object]:
    """The store holds one record of `item` (`record_id`, in `status`), and the public API
    shows exactly it: one record, one task, and on success one replica in the vault."""
    [record] = cbr_records_of(handle.control, item)
    assert record["id"] == record_id
    assert record["status"] == status
    shown = cbr_shown(handle.cbr_token_client(), handle.demo, item)
    assert shown.records == [record_id]
    assert shown.tasks == [record["operation_log_id"]]
    assert shown.replicas == ([record["destination_backup_id"]] if status == "success" else [])
    return record


def test_a_dropped_answer_is_found_out_100_times_in_a_row(csbs_emulator: EmulatorHandle) -> None:
    clients: list[cbr_client.Client | cbr_client.AuthenticatedClient] = [
        csbs_emulator.cbr_token_client(),
        csbs_emulator.cbr_aksk_client(),
    ]
    # Confirms replicas with AK/SK signed for the destination project.
    destination = csbs_emulator.connection("aksk", api="cbr").client
    demo = csbs_emulator.demo
    for n, item in enumerate(cbr_backups(csbs_emulator, ROUNDS)):
        client = clients[n % 2]
        csbs_emulator.control.drop_answers(COPY)
        replication = replicate(client, demo.project_id, item, **cbr_east(demo), policy=POLICY)
        assert replication.recovered, n
        assert replication.attempts == 1  # found out, never sent again
        assert replication.api == "cbr"
        record = check_one_replication(csbs_emulator, item, replication.record_id, "success")
        replica = wait_for_replica(
            client, replication, destination_client=destination, backoff=FAST
        )
        assert replica.id == record["destination_backup_id"]
        assert replica.region == demo.destination_region
        assert isinstance(replica.backup, BackupResp)  # the CBR client's model, as shown there
        assert str(replica.backup.image_type) == "replication"
        assert str(replica.backup.vault_id) == demo.cbr_demo.destination_vault_id
        assert len(cbr_records_of(csbs_emulator.control, item)) == 1
    assert n == ROUNDS - 1


def test_a_dropped_answer_is_found_out_100_times_in_a_row_async(
    csbs_emulator: EmulatorHandle,
) -> None:
    client = csbs_emulator.cbr_aksk_client()
    destination = csbs_emulator.connection("aksk", api="cbr").client
    demo = csbs_emulator.demo

    async def rounds() -> int:
        done = 0
        for item in cbr_backups(csbs_emulator, ROUNDS):
            csbs_emulator.control.drop_answers(COPY)
            replication = await areplicate.replicate(
                client, demo.project_id, item, **cbr_east(demo), policy=POLICY
            )
            assert replication.recovered, done
            record = check_one_replication(csbs_emulator, item, replication.record_id, "success")
            replica = await areplicate.wait_for_replica(
                client, replication, destination_client=destination, backoff=FAST
            )
            assert replica.id == record["destination_backup_id"]
            done += 1
        await client.get_async_httpx_client().aclose()
        return done

    assert asyncio.run(rounds()) == ROUNDS


def test_a_dropped_answer_then_a_failed_copy_100_times_in_a_row(
    csbs_emulator: EmulatorHandle,
) -> None:
    client = csbs_emulator.cbr_token_client()
    demo, control = csbs_emulator.demo, csbs_emulator.control
    for n, item in enumerate(cbr_backups(csbs_emulator, ROUNDS)):
        control.faults(
            {"operation": COPY, "drop": True, "next_n": 1},
            replication_failures={
                "next_n": 1,
                "fail_code": {"Code": "BackupService.6001", "Description": "copy broke"},
                "fail_reason": f"link down {n}",
            },
        )
        replication = replicate(client, demo.project_id, item, **cbr_east(demo), policy=POLICY)
        # Accepted (found out), though the copy then failed: still exactly one replication,
        # and no second one was started after the failure (which CBR would not refuse).
        assert replication.recovered, n
        check_one_replication(csbs_emulator, item, replication.record_id, "fail")
        with pytest.raises(ReplicationFailed) as failed:
            wait_for_replica(client, replication, backoff=FAST)
        error = failed.value
        assert (error.fail_code, error.fail_reason) == ("BackupService.6001", f"link down {n}")
        assert (error.error_code, error.error_msg) == ("BackupService.6001", f"link down {n}")
        assert error.record_id == replication.record_id
        assert error.request_id
        assert len(cbr_records_of(control, item)) == 1


def test_a_proxy_503_after_the_commit_is_found_out(csbs_emulator: EmulatorHandle) -> None:
    client = csbs_emulator.cbr_token_client()
    demo = csbs_emulator.demo
    for item in cbr_backups(csbs_emulator, 25):
        csbs_emulator.control.error(COPY, 503, after_commit=True)
        replication = replicate(client, demo.project_id, item, **cbr_east(demo), policy=POLICY)
        assert replication.recovered
        assert replication.attempts == 1
        check_one_replication(csbs_emulator, item, replication.record_id, "success")


def test_an_answer_slower_than_the_client_is_found_out(csbs_emulator: EmulatorHandle) -> None:
    # The answer comes 30 times later than the client waits: its outcome is unknown to it.
    client = csbs_emulator.cbr_token_client(timeout=0.1)
    demo = csbs_emulator.demo
    for item in cbr_backups(csbs_emulator, 5):
        csbs_emulator.control.delay_answers(COPY, latency_ms=3000)
        replication = replicate(client, demo.project_id, item, **cbr_east(demo), policy=POLICY)
        assert replication.recovered
        check_one_replication(csbs_emulator, item, replication.record_id, "success")


def test_an_error_before_the_service_saw_the_call_is_retried_once_known_safe(
    csbs_emulator: EmulatorHandle,
) -> None:
    # 503 twice before the call runs: nothing committed, so after looking, it is sent again.
    client = csbs_emulator.cbr_token_client()
    demo = csbs_emulator.demo
    for item in cbr_backups(csbs_emulator, 20):
        csbs_emulator.control.error(COPY, 503, next_n=2)
        replication = replicate(client, demo.project_id, item, **cbr_east(demo), policy=POLICY)
        assert not replication.recovered
        assert replication.attempts == 3
        assert replication.request_id
        check_one_replication(csbs_emulator, item, replication.record_id, "success")


def test_a_dropped_answer_in_process_100_times_in_a_row(csbs_inprocess: EmulatorHandle) -> None:
    client = csbs_inprocess.cbr_aksk_client()
    demo = csbs_inprocess.demo
    for item in cbr_backups(csbs_inprocess, ROUNDS):
        csbs_inprocess.control.drop_answers(COPY)
        replication = replicate(client, demo.project_id, item, **cbr_east(demo), policy=POLICY)
        assert replication.recovered
        check_one_replication(csbs_inprocess, item, replication.record_id, "success")


def test_a_rule_on_csbs_replicate_leaves_cbr_copy_alone(csbs_emulator: EmulatorHandle) -> None:
    # Fault rules name CBR's operations `cbr.<operationId>`: CSBS's replicateBackup is not
    # CBR's copyBackup, so this copy's answer arrives and the rule is still pending.
    demo = csbs_emulator.demo
    csbs_emulator.control.drop_answers("replicateBackup")
    replication = replicate(
        csbs_emulator.cbr_token_client(), demo.project_id, demo.cbr_demo.item, **cbr_east(demo)
    )
    assert not replication.recovered
    assert [r["next_n"] for r in csbs_emulator.control.fault_settings()["rules"]] == [1]
