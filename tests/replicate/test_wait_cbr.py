"""wait_for_replica on CBR, and two callers racing: the guarantees of the CSBS tests, on CBR.

Progress of a copy under the `manual` lifecycle (the record's `replicating`, then
`success`), the deadline with a clock that moves only when the helper sleeps, reads retried
through 503/500 of `cbr.showBackup`, a failed copy's `fail_code` and `fail_reason`, the
replica confirmed in the destination vault with the destination's own credentials,
`replicate_and_wait` sync and async from the environment (`CSBS_API=cbr`), and two
concurrent copies of which exactly one wins and the other is told which.
"""

from __future__ import annotations

import asyncio
import random
import threading

import pytest

from cbr_client.models import BackupResp
from csbs_replicate import (
    AlreadyReplicated,
    AnyClient,
    ApiError,
    Backoff,
    Connection,
    Progress,
    Replication,
    ReplicationFailed,
    WaitTimeout,
    replicate,
    replicate_and_wait,
    wait_for_replica,
)
from csbs_replicate import aio as areplicate
from csbs_replicate.testing import Control, Demo, EmulatorHandle

from .support import FAST, POLICY, REQUEST_ID, FakeTime, cbr_backups, cbr_east, cbr_records_of


def start(client: AnyClient, handle: EmulatorHandle) -> Replication:
    demo = handle.demo
    return replicate(client, demo.project_id, demo.cbr_demo.item, **cbr_east(demo), policy=POLICY)


@pytest.mark.csbs_lifecycle("manual")
def test_progress_is_reported_until_the_copy_succeeds(csbs_emulator: EmulatorHandle) -> None:
    client, control = csbs_emulator.cbr_token_client(), csbs_emulator.control
    replication = start(client, csbs_emulator)
    seen: list[Progress] = []

    def on_progress(progress: Progress) -> None:
        seen.append(progress)
        if len(seen) == 3:  # the copy ends after three looks
            control.advance_cbr(str(replication.record_id))

    replica = wait_for_replica(client, replication, backoff=FAST, on_progress=on_progress)
    assert [p.status for p in seen] == ["replicating"] * 3 + ["success"]
    assert [p.polls for p in seen] == [1, 2, 3, 4]
    assert {p.record_id for p in seen} == {replication.record_id}
    assert seen[-1].percent == 100
    [record] = cbr_records_of(control, csbs_emulator.demo.cbr_demo.item)
    assert replica.id == record["destination_backup_id"]
    assert replica.record_id == replication.record_id
    assert replica.source_region == csbs_emulator.demo.region
    assert isinstance(replica.backup, BackupResp)
    assert str(replica.backup.id) == replica.id


@pytest.mark.csbs_lifecycle("manual")
def test_a_wait_that_times_out_says_how_far_the_copy_got(csbs_emulator: EmulatorHandle) -> None:
    client = csbs_emulator.cbr_token_client()
    replication = start(client, csbs_emulator)
    fake = FakeTime()
    with pytest.raises(WaitTimeout) as timed_out:
        wait_for_replica(
            client,
            replication,
            timeout=60,
            backoff=Backoff(initial=1.0, factor=2.0, maximum=8.0, jitter=0.5),
            sleep=fake.sleep,
            clock=fake.clock,
            rng=random.Random(7),
        )
    progress = timed_out.value.progress
    assert progress is not None
    assert progress.status == "replicating"
    assert progress.record_id == replication.record_id
    assert progress.elapsed == 60
    assert "still replicating" in timed_out.value.error_msg
    assert timed_out.value.request_id is not None
    assert REQUEST_ID.match(timed_out.value.request_id)
    assert sum(fake.pauses) == pytest.approx(60)


def test_reads_are_retried_through_503_and_500(csbs_emulator: EmulatorHandle) -> None:
    client, control = csbs_emulator.cbr_token_client(), csbs_emulator.control
    replication = start(client, csbs_emulator)
    control.faults(
        {"operation": "cbr.showBackup", "status": 503, "next_n": 2},
        {"operation": "cbr.showBackup", "status": 500, "next_n": 2},
    )
    replica = wait_for_replica(client, replication, backoff=FAST)
    assert replica.backup is not None
    assert [r["next_n"] for r in control.fault_settings()["rules"]] == [0, 0]  # all met


def test_a_failed_copy_raises_with_its_fail_code_and_reason(csbs_emulator: EmulatorHandle) -> None:
    client = csbs_emulator.cbr_token_client()
    csbs_emulator.control.fail_copies(fail_code="BackupService.6002", fail_reason="quota there")
    replication = start(client, csbs_emulator)
    with pytest.raises(ReplicationFailed) as failed:
        wait_for_replica(client, replication, backoff=FAST)
    error = failed.value
    assert (error.error_code, error.error_msg) == ("BackupService.6002", "quota there")
    assert (error.fail_code, error.fail_reason) == ("BackupService.6002", "quota there")
    assert error.record_id == replication.record_id
    assert error.request_id is not None
    assert REQUEST_ID.match(error.request_id)


@pytest.mark.csbs_lifecycle("manual")
def test_a_copy_failed_by_the_control_plane(csbs_emulator: EmulatorHandle) -> None:
    client = csbs_emulator.cbr_token_client()
    replication = start(client, csbs_emulator)
    csbs_emulator.control.advance_cbr(
        str(replication.record_id), "fail", fail_code="BackupService.6003", fail_reason="x"
    )
    with pytest.raises(ReplicationFailed) as failed:
        wait_for_replica(client, replication, backoff=FAST)
    assert (failed.value.fail_code, failed.value.fail_reason) == ("BackupService.6003", "x")


def test_the_replica_is_confirmed_in_the_destination_with_its_own_credentials(
    csbs_emulator: EmulatorHandle,
) -> None:
    connection = csbs_emulator.connection("aksk", api="cbr")  # signs for one project a client
    source = connection.client()
    replication = start(source, csbs_emulator)
    # The source's client cannot read the destination project (403): the record is the
    # evidence and the replica is returned without the destination's view of it.
    unconfirmed = wait_for_replica(source, replication, backoff=FAST)
    assert unconfirmed.backup is None
    confirmed = wait_for_replica(
        source, replication, destination_client=connection.client, backoff=FAST
    )
    assert confirmed == unconfirmed
    assert isinstance(confirmed.backup, BackupResp)
    assert str(confirmed.backup.image_type) == "replication"


def test_a_wait_without_the_record_id_follows_the_newest_replication_to_the_region(
    csbs_emulator: EmulatorHandle,
) -> None:
    client, demo = csbs_emulator.cbr_token_client(), csbs_emulator.demo
    made = start(client, csbs_emulator)
    without = Replication(
        project_id=demo.project_id,
        checkpoint_item_id=demo.cbr_demo.item,
        destination_region=demo.destination_region,
        destination_project_id=demo.destination_project_id,
        record_id=None,
        api="cbr",
    )
    assert wait_for_replica(client, without, backoff=FAST).record_id == made.record_id


def test_a_refused_read_is_raised_with_its_code(csbs_emulator: EmulatorHandle) -> None:
    demo = csbs_emulator.demo
    gone = Replication(
        project_id=demo.project_id,
        checkpoint_item_id="00000000-0000-4000-8000-000000000000",
        destination_region=demo.destination_region,
        destination_project_id=demo.destination_project_id,
        record_id=None,
        api="cbr",
    )
    with pytest.raises(ApiError) as refused:
        wait_for_replica(csbs_emulator.cbr_token_client(), gone, backoff=FAST)
    assert (refused.value.status, refused.value.error_code) == (404, "BackupService.6302")
    assert refused.value.operation == "showBackup"


def test_replicate_and_wait_sync_and_async_with_a_connection_from_the_environment(
    csbs_emulator: EmulatorHandle,
) -> None:
    env = csbs_emulator.environ("aksk", api="cbr")
    demo = csbs_emulator.demo
    with Connection.from_env(env) as connection:
        assert connection.api == "cbr"
        replica = replicate_and_wait(
            connection.client(),
            demo.project_id,
            demo.cbr_demo.backup_ids[0],
            **cbr_east(demo),
            destination_client=connection.client,
            backoff=FAST,
        )
        assert isinstance(replica.backup, BackupResp)

    async def go() -> None:
        connection = Connection.from_env(env)
        replica = await areplicate.replicate_and_wait(
            connection.client(),
            demo.project_id,
            demo.cbr_demo.backup_ids[1],
            **cbr_east(demo),
            destination_client=connection.client,
            backoff=FAST,
            sleep=FakeTime().asleep,
        )
        assert isinstance(replica.backup, BackupResp)
        await connection.aclose()

    asyncio.run(go())


# -- two callers at once --------------------------------------------------------------------


def judge(outcomes: list[Replication | BaseException], control: Control, item: str) -> None:
    winners = [o for o in outcomes if isinstance(o, Replication)]
    losers = [o for o in outcomes if isinstance(o, AlreadyReplicated)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    winner, loser = winners[0], losers[0]
    assert loser.error_code == "BackupService.1009"
    assert (loser.status, loser.operation) == (400, "copyBackup")
    assert loser.request_id is not None
    assert REQUEST_ID.match(loser.request_id)
    assert loser.existing is not None
    assert loser.existing.record_id == winner.record_id  # the one that blocked it
    [record] = cbr_records_of(control, item)
    assert record["id"] == winner.record_id


def race(clients: list[AnyClient], demo: Demo, item: str) -> list[Replication | BaseException]:
    """Every client copies `item` at once (released together by a barrier)."""
    barrier = threading.Barrier(len(clients))
    outcomes: list[Replication | BaseException] = []

    def caller(client: AnyClient) -> None:
        barrier.wait()
        try:
            outcomes.append(
                replicate(client, demo.project_id, item, **cbr_east(demo), policy=POLICY)
            )
        except Exception as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=caller, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_concurrent_copies_one_wins_one_is_told_why(csbs_emulator: EmulatorHandle) -> None:
    clients: list[AnyClient] = [csbs_emulator.cbr_token_client(), csbs_emulator.cbr_aksk_client()]
    for item in cbr_backups(csbs_emulator, 20):
        judge(race(clients, csbs_emulator.demo, item), csbs_emulator.control, item)


def test_concurrent_copies_one_wins_one_is_told_why_async(csbs_emulator: EmulatorHandle) -> None:
    clients: list[AnyClient] = [csbs_emulator.cbr_token_client(), csbs_emulator.cbr_aksk_client()]

    async def rounds() -> None:
        for item in cbr_backups(csbs_emulator, 20):
            demo = csbs_emulator.demo
            outcomes = await asyncio.gather(
                *(
                    areplicate.replicate(
                        client, demo.project_id, item, **cbr_east(demo), policy=POLICY
                    )
                    for client in clients
                ),
                return_exceptions=True,
            )
            judge(list(outcomes), csbs_emulator.control, item)
        for client in clients:
            await client.get_async_httpx_client().aclose()

    asyncio.run(rounds())
