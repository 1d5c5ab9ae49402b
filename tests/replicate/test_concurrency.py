"""Two callers replicate the same backup at once: one succeeds, the other is told why.

Both look at the backup, both send; the service's duplicate rule lets exactly one through.
The other gets `AlreadyReplicated` carrying the service's `BackupService.1009` (code,
message, request id, status) and the replication that won — not a vague failure, and not a
second copy. Threads with a barrier (sync) and a gather (async), token against AK/SK.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from csbs_client import AuthenticatedClient, Client
from csbs_replicate import AlreadyReplicated, Replication, replicate
from csbs_replicate import aio as areplicate
from csbs_replicate.testing import Control, Demo, EmulatorHandle

from .support import POLICY, REQUEST_ID, records_of, to_east

ROUNDS = 20


def judge(outcomes: list[Replication | BaseException], control: Control, item: str) -> None:
    winners = [o for o in outcomes if isinstance(o, Replication)]
    losers = [o for o in outcomes if isinstance(o, AlreadyReplicated)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1, outcomes
    winner, loser = winners[0], losers[0]
    assert not winner.recovered
    assert loser.error_code == "BackupService.1009"
    assert loser.status == 400
    assert loser.operation == "replicateBackup"
    assert "being replicated or has been replicated" in loser.error_msg
    assert loser.request_id is not None
    assert REQUEST_ID.match(loser.request_id)
    assert loser.existing is not None
    assert loser.existing.record_id == winner.record_id  # the one that blocked it
    assert loser.existing.destination_region == winner.destination_region
    [record] = records_of(control, item)
    assert record["id"] == winner.record_id


@pytest.fixture
def clients(csbs_emulator: EmulatorHandle) -> list[Client | AuthenticatedClient]:
    return [csbs_emulator.token_client(), csbs_emulator.aksk_client()]


def race(
    clients: list[Client | AuthenticatedClient], demo: Demo, item: str
) -> list[Replication | BaseException]:
    """Every client replicates `item` at once (released together by a barrier)."""
    barrier = threading.Barrier(len(clients))
    outcomes: list[Replication | BaseException] = []

    def caller(client: Client | AuthenticatedClient) -> None:
        barrier.wait()
        try:
            outcomes.append(
                replicate(client, demo.project_id, item, **to_east(demo), policy=POLICY)
            )
        except Exception as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=caller, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_concurrent_replicates_one_wins_one_is_told_why(
    clients: list[Client | AuthenticatedClient], csbs_control: Control, csbs_demo: Demo
) -> None:
    for item in csbs_control.create_backups(csbs_demo.project_id, ROUNDS):
        judge(race(clients, csbs_demo, item), csbs_control, item)


def test_concurrent_replicates_one_wins_one_is_told_why_async(
    clients: list[Client | AuthenticatedClient], csbs_control: Control, csbs_demo: Demo
) -> None:
    async def rounds() -> None:
        for item in csbs_control.create_backups(csbs_demo.project_id, ROUNDS):
            outcomes = await asyncio.gather(
                *(
                    areplicate.replicate(
                        client, csbs_demo.project_id, item, **to_east(csbs_demo), policy=POLICY
                    )
                    for client in clients
                ),
                return_exceptions=True,
            )
            judge(list(outcomes), csbs_control, item)
        for client in clients:
            await client.get_async_httpx_client().aclose()

    asyncio.run(rounds())


def test_a_replicate_after_a_finished_one_is_told_which(
    csbs_token_client: AuthenticatedClient, csbs_control: Control, csbs_demo: Demo
) -> None:
    first = replicate(csbs_token_client, csbs_demo.project_id, csbs_demo.item, **to_east(csbs_demo))
    with pytest.raises(AlreadyReplicated) as refused:
        replicate(csbs_token_client, csbs_demo.project_id, csbs_demo.item, **to_east(csbs_demo))
    existing = refused.value.existing
    assert existing is not None
    assert (existing.record_id, existing.status) == (first.record_id, "success")
    assert (
        existing.destination_item_id
        == records_of(csbs_control, csbs_demo.item)[0]["destination_item_id"]
    )
    assert "existing replication" in str(refused.value)
