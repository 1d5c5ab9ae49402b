"""wait_for_replica: progress, backoff with jitter, the deadline, reads that fail, the end.

A copy under the emulator's `manual` or `delay` lifecycle ends only when the test says, so
progress is observed without timing; the deadline is checked with a clock that moves only
when the helper sleeps, so a "timed out" test takes no time and cannot flake.
"""

from __future__ import annotations

import asyncio
import itertools
import random

import httpx
import pytest

from csbs_client import AuthenticatedClient, Client
from csbs_client.models import Backup
from csbs_replicate import (
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

from .support import FAST, POLICY, REQUEST_ID, FakeTime, records_of, to_east


def start(client: AnyClient, demo: Demo) -> Replication:
    return replicate(client, demo.project_id, demo.item, **to_east(demo), policy=POLICY)


@pytest.mark.csbs_lifecycle("manual")
def test_progress_is_reported_until_the_copy_succeeds(
    csbs_token_client: AuthenticatedClient, csbs_control: Control, csbs_demo: Demo
) -> None:
    replication = start(csbs_token_client, csbs_demo)
    seen: list[Progress] = []

    def on_progress(progress: Progress) -> None:
        seen.append(progress)
        if len(seen) == 3:  # the copy ends after three looks
            csbs_control.advance(str(replication.record_id))

    replica = wait_for_replica(
        csbs_token_client, replication, backoff=FAST, on_progress=on_progress
    )
    assert [p.status for p in seen] == ["copying"] * 3 + ["success"]
    assert [p.polls for p in seen] == [1, 2, 3, 4]
    assert {p.record_id for p in seen} == {replication.record_id}
    assert seen[0].percent == 0
    assert seen[-1].percent == 100
    assert all(a.elapsed <= b.elapsed for a, b in itertools.pairwise(seen))
    [record] = records_of(csbs_control, csbs_demo.item)
    assert replica.id == record["destination_item_id"]
    assert replica.record_id == replication.record_id
    assert (replica.region, replica.project_id) == (
        csbs_demo.destination_region,
        csbs_demo.destination_project_id,
    )
    assert replica.source_region == csbs_demo.region
    assert replica.backup is not None
    assert str(replica.backup.id) == replica.id


@pytest.mark.csbs_lifecycle("delay", delay=30)
def test_a_delayed_copy_ends_when_the_emulator_clock_passes(
    csbs_token_client: AuthenticatedClient, csbs_control: Control, csbs_demo: Demo
) -> None:
    replication = start(csbs_token_client, csbs_demo)

    def on_progress(progress: Progress) -> None:
        if progress.status == "copying":
            csbs_control.move_clock(31)

    replica = wait_for_replica(
        csbs_token_client, replication, backoff=FAST, on_progress=on_progress
    )
    assert replica.backup is not None


@pytest.mark.csbs_lifecycle("manual")
def test_a_wait_that_times_out_says_how_far_the_copy_got(
    csbs_token_client: AuthenticatedClient, csbs_demo: Demo
) -> None:
    replication = start(csbs_token_client, csbs_demo)
    fake = FakeTime()
    backoff = Backoff(initial=1.0, factor=2.0, maximum=8.0, jitter=0.5)
    with pytest.raises(WaitTimeout) as timed_out:
        wait_for_replica(
            csbs_token_client,
            replication,
            timeout=60,
            backoff=backoff,
            sleep=fake.sleep,
            clock=fake.clock,
            rng=random.Random(7),
        )
    error = timed_out.value
    progress = error.progress
    assert progress is not None
    assert (progress.status, progress.percent) == ("copying", 0)
    assert progress.record_id == replication.record_id
    assert progress.elapsed == 60
    assert progress.polls == len(fake.pauses) + 1
    assert error.error_code == "client.wait_timeout"
    assert "still copying 0%" in error.error_msg
    assert error.request_id is not None
    assert REQUEST_ID.match(error.request_id)
    # The overall deadline holds exactly; pauses back off exponentially, with jitter, capped.
    assert sum(fake.pauses) == pytest.approx(60)
    for n, pause in enumerate(fake.pauses[:-1]):
        ceiling = min(8.0, 2.0**n)
        assert ceiling * 0.5 <= pause <= ceiling
    assert len(set(fake.pauses[3:-1])) > 1  # jittered, not all the same


def test_reads_are_retried_through_503_and_500(
    csbs_token_client: AuthenticatedClient, csbs_control: Control, csbs_demo: Demo
) -> None:
    replication = start(csbs_token_client, csbs_demo)
    csbs_control.faults(
        {"operation": "showBackup", "status": 503, "next_n": 2},
        {"operation": "showBackup", "status": 500, "next_n": 2},
    )
    replica = wait_for_replica(csbs_token_client, replication, backoff=FAST)
    assert replica.backup is not None
    assert [r["next_n"] for r in csbs_control.fault_settings()["rules"]] == [0, 0]  # all met


class Flaky(httpx.BaseTransport):
    """Fails the first requests in transit (as listed), then passes them on."""

    def __init__(self, inner: httpx.BaseTransport, failures: list[type[httpx.TransportError]]):
        self.inner = inner
        self.failures = list(failures)
        self.failed = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.failures:
            self.failed += 1
            raise self.failures.pop(0)("injected", request=request)
        return self.inner.handle_request(request)


def test_reads_are_retried_through_connection_errors(
    csbs_emulator: EmulatorHandle, csbs_demo: Demo
) -> None:
    replication = start(csbs_emulator.token_client(), csbs_demo)
    flaky = Flaky(
        httpx.HTTPTransport(),
        [httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError, httpx.ReadTimeout],
    )
    client = AuthenticatedClient(
        base_url=csbs_emulator.base_url,
        token=csbs_demo.token,
        auth_header_name="X-Auth-Token",
        prefix="",
        httpx_args={"transport": flaky},
    )
    replica = wait_for_replica(client, replication, backoff=FAST)
    assert flaky.failed == 4
    assert replica.backup is not None


def test_an_unreachable_service_ends_the_wait_at_the_deadline(csbs_demo: Demo) -> None:
    replication = Replication(
        project_id=csbs_demo.project_id,
        checkpoint_item_id=csbs_demo.item,
        destination_region=csbs_demo.destination_region,
        destination_project_id=csbs_demo.destination_project_id,
        record_id=None,
    )
    down = Flaky(httpx.HTTPTransport(), [httpx.ConnectError] * 1000)
    client = Client(base_url="http://127.0.0.1:9", httpx_args={"transport": down})
    fake = FakeTime()
    with pytest.raises(WaitTimeout) as timed_out:
        wait_for_replica(client, replication, timeout=30, sleep=fake.sleep, clock=fake.clock)
    assert timed_out.value.progress is None
    assert "never read" in timed_out.value.error_msg
    assert "ConnectError" in timed_out.value.error_msg
    assert fake.now == pytest.approx(30)


def test_a_failed_copy_raises_with_its_fail_code_and_reason(
    csbs_token_client: AuthenticatedClient, csbs_control: Control, csbs_demo: Demo
) -> None:
    csbs_control.fail_copies(fail_code="BackupService.6002", fail_reason="quota in the destination")
    replication = start(csbs_token_client, csbs_demo)
    with pytest.raises(ReplicationFailed) as failed:
        wait_for_replica(csbs_token_client, replication, backoff=FAST)
    error = failed.value
    assert error.as_dict() == {
        "kind": "ReplicationFailed",
        "error_code": "BackupService.6002",
        "error_msg": "quota in the destination",
        "request_id": error.request_id,
        "status": None,
        "record_id": replication.record_id,
        "fail_code": "BackupService.6002",
        "fail_description": "Replication failed",
        "fail_reason": "quota in the destination",
    }
    assert error.request_id is not None
    assert REQUEST_ID.match(error.request_id)


@pytest.mark.csbs_lifecycle("manual")
def test_a_copy_failed_by_the_control_plane_with_a_long_code(
    csbs_token_client: AuthenticatedClient, csbs_control: Control, csbs_demo: Demo
) -> None:
    replication = start(csbs_token_client, csbs_demo)
    csbs_control.advance(str(replication.record_id), "fail", fail_code=64001, fail_reason="x")
    with pytest.raises(ReplicationFailed) as failed:
        wait_for_replica(csbs_token_client, replication, backoff=FAST)
    assert (failed.value.fail_code, failed.value.error_code) == (64001, "64001")


def test_the_replica_is_confirmed_in_the_destination_with_its_own_credentials(
    csbs_emulator: EmulatorHandle, csbs_demo: Demo
) -> None:
    connection = csbs_emulator.connection("aksk")  # signs for one project per client
    source = connection.client()
    replication = start(source, csbs_demo)
    # The source's client cannot read the destination project (403): the record is the
    # evidence and the replica is returned without the destination's view of it.
    unconfirmed = wait_for_replica(source, replication, backoff=FAST)
    assert unconfirmed.backup is None
    confirmed = wait_for_replica(
        source, replication, destination_client=connection.client, backoff=FAST
    )
    assert confirmed == unconfirmed
    assert isinstance(confirmed.backup, Backup)  # the CSBS client's model
    assert confirmed.backup.extend_info.copy_from == csbs_demo.region


def test_a_wait_without_the_record_id_follows_the_newest_replication_to_the_region(
    csbs_token_client: AuthenticatedClient, csbs_control: Control, csbs_demo: Demo
) -> None:
    made = start(csbs_token_client, csbs_demo)
    replica = wait_for_replica(
        csbs_token_client,
        Replication(
            project_id=csbs_demo.project_id,
            checkpoint_item_id=csbs_demo.item,
            destination_region=csbs_demo.destination_region,
            destination_project_id=csbs_demo.destination_project_id,
            record_id=None,
        ),
        backoff=FAST,
    )
    assert replica.record_id == made.record_id


def test_a_refused_read_is_raised_with_its_code(
    csbs_token_client: AuthenticatedClient, csbs_demo: Demo
) -> None:
    gone = Replication(
        project_id=csbs_demo.project_id,
        checkpoint_item_id="00000000-0000-4000-8000-000000000000",
        destination_region=csbs_demo.destination_region,
        destination_project_id=csbs_demo.destination_project_id,
        record_id=None,
    )
    with pytest.raises(ApiError) as refused:
        wait_for_replica(csbs_token_client, gone, backoff=FAST)
    assert (refused.value.status, refused.value.error_code) == (404, "CSBS.3001")
    assert refused.value.operation == "showBackup"


def test_replicate_and_wait_sync_and_async_with_a_connection_from_the_environment(
    csbs_emulator: EmulatorHandle, csbs_demo: Demo
) -> None:
    env = csbs_emulator.environ("aksk")
    with Connection.from_env(env) as connection:
        replica = replicate_and_wait(
            connection.client(),
            csbs_demo.project_id,
            csbs_demo.checkpoint_item_ids[0],
            **to_east(csbs_demo),
            destination_client=connection.client,
            backoff=FAST,
        )
        assert replica.backup is not None

    async def go() -> None:
        connection = Connection.from_env(env)
        replica = await areplicate.replicate_and_wait(
            connection.client(),
            csbs_demo.project_id,
            csbs_demo.checkpoint_item_ids[1],
            **to_east(csbs_demo),
            destination_client=connection.client,
            backoff=FAST,
            sleep=FakeTime().asleep,
        )
        assert replica.backup is not None
        await connection.aclose()

    asyncio.run(go())
