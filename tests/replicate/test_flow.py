"""The replicate and wait flows driven by hand: every path of the decision, no I/O.

A scripted service answers each effect the flow yields; the clock moves only on pauses.
This is where the cases the emulator cannot show are pinned down: a service that lists no
replication records (the copy state and the destination's backups are the evidence), a
connect error (never sent, so never looked for), unreadable answers, reads that fail until
the deadline, and the sync and async drivers agreeing step for step.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import uuid
from collections.abc import Callable, Generator
from typing import Any

import pytest

from csbs_client import Client
from csbs_client.models import (
    ListBackupsResponse,
    ReplicateResponse,
    ServiceError,
    ShowBackupResponse,
)
from csbs_replicate import (
    AlreadyReplicated,
    Backoff,
    OutcomeUnknown,
    Replica,
    Replication,
    ReplicationFailed,
    ReplicationNotAccepted,
    ReplicationRefused,
    RetryPolicy,
    WaitTimeout,
    aio,
    blocking,
)
from csbs_replicate._csbs import CSBS
from csbs_replicate._flow import (
    Answer,
    Effect,
    Find,
    Lost,
    Outcome,
    Pause,
    Show,
    Target,
    api_error,
    replicate_flow,
    wait_flow,
)

from .support import FakeTime

PROJECT, EAST, EAST_PROJECT = "p-source", "cn-east-2", "p-east"
ITEM = "11111111-1111-4111-8111-111111111111"
RESOURCE = "22222222-2222-4222-8222-222222222222"
TARGET = Target(PROJECT, ITEM, EAST, EAST_PROJECT)
POLICY = RetryPolicy(attempts=4, timeout=60, backoff=Backoff(0.5, 2, 4, jitter=0), settle=0)


def new_id() -> str:
    return str(uuid.uuid4())


def backup_json(item: str, **extend: Any) -> dict[str, Any]:
    return {
        "id": item,
        "name": "b",
        "checkpoint_id": new_id(),
        "resource_id": RESOURCE,
        "resource_type": "OS::Nova::Server",
        "status": "available",
        "extend_info": {"copy_status": "na", **extend},
    }


def error(status: int, code: str, message: str = "m") -> Answer:
    return Answer(status, ServiceError(error_code=code, error_msg=message), "e" * 32)


class Service:
    """A scripted CSBS: `posts` says what each replicate call does (its answer, and whether
    the service committed it); reads answer from the state. `records=False` is a service
    that lists no replication records."""

    def __init__(
        self,
        posts: list[tuple[str, bool]],
        *,
        records: bool = True,
        read_failures: int = 0,
        outcome: str = "copying",
    ) -> None:
        self.posts = list(posts)
        self.with_records = records
        self.read_failures = read_failures
        self.outcome = outcome
        self.records: list[dict[str, Any]] = []
        self.copy_status = "na"
        self.updated = 0
        self.replicas: list[dict[str, Any]] = []
        self.log: list[str] = []

    def commit(self) -> str:
        record_id = new_id()
        replica = new_id() if self.outcome == "success" else None
        self.records.insert(
            0,
            {
                "id": record_id,
                "destination_region": EAST,
                "destination_project_id": EAST_PROJECT,
                "status": self.outcome,
                "destination_checkpoint_item_id": replica,
                "source_region": "cn-north-1",
                "extra_info": {"progress": 100 if replica else 0, "fail_code": {}},
            },
        )
        self.copy_status = self.outcome
        self.updated += 1
        if replica:
            self.replicas.append(backup_json(replica, copy_from="cn-north-1"))
        return record_id

    def source(self) -> dict[str, Any]:
        data = backup_json(ITEM, copy_status=self.copy_status)
        data["updated_at"] = f"2026-01-01T00:00:{self.updated:02d}"
        if self.with_records:
            data["replication_records"] = self.records
        return data

    def __call__(self, effect: Effect) -> Outcome:
        self.log.append(type(effect).__name__)
        if isinstance(effect, Pause):
            return None
        if isinstance(effect, Show | Find) and self.read_failures:
            self.read_failures -= 1
            return Lost("ReadTimeout", sent=True)
        if isinstance(effect, Show):
            if effect.region is None:
                body = {"checkpoint_item": self.source()}
                return Answer(200, ShowBackupResponse.from_dict(body), "s" * 32)
            found = [r for r in self.replicas if r["id"] == effect.item_id]
            if not found:
                return error(404, "CSBS.3001")
            return Answer(200, ShowBackupResponse.from_dict({"checkpoint_item": found[0]}), None)
        if isinstance(effect, Find):
            listing = {"checkpoint_items": self.replicas}
            return Answer(200, ListBackupsResponse.from_dict(listing), None)
        kind, commits = self.posts.pop(0)
        record_id = self.commit() if commits else None
        if kind == "ok":
            assert record_id is not None
            body = {
                "replication": {
                    "project_id": PROJECT,
                    "provider_id": "fc4d5750-22e7-4798-8a46-f48f62c4c1da",
                    "checkpoint_item_id": ITEM,
                    "source_region": "cn-north-1",
                    "destination_region": EAST,
                    "destination_project_id": EAST_PROJECT,
                    "replication_record_id": record_id,
                }
            }
            return Answer(200, ReplicateResponse.from_dict(body), "o" * 32)
        if kind == "dropped":
            return Lost("RemoteProtocolError: peer closed connection", sent=True)
        if kind == "dropped-then-dark":  # and no read gets through any more
            self.read_failures = 1_000_000
            return Lost("RemoteProtocolError: peer closed connection", sent=True)
        if kind == "unreadable":
            return Lost("unreadable answer (JSONDecodeError: Expecting value)", sent=True)
        if kind == "connect":
            return Lost("ConnectError: refused", sent=False)
        if kind == "503":
            return error(503, "CSBS.9998", "busy")
        if kind == "502-html":
            return Answer(502, None, None, "<html>Bad Gateway</html>")
        if kind == "1009":
            return error(400, "BackupService.1009", "being replicated")
        return error(400, kind, "refused")


def drive(
    flow: Generator[Effect, Outcome, Any], service: Callable[[Effect], Outcome], time: FakeTime
) -> Any:
    outcome: Outcome = None
    while True:
        try:
            effect = flow.send(outcome)
        except StopIteration as stop:
            return stop.value
        if isinstance(effect, Pause):
            time.sleep(effect.seconds)
        outcome = service(effect)


def run_replicate(service: Service, policy: RetryPolicy = POLICY) -> Replication:
    time = FakeTime()
    result: Replication = drive(
        replicate_flow(CSBS, TARGET, policy, time.clock, random.Random(1)), service, time
    )
    return result


def posts(service: Service) -> int:
    return service.log.count("Post")


# -- replicate ------------------------------------------------------------------------------


def test_an_accepted_call_is_one_post() -> None:
    service = Service([("ok", True)])
    replication = run_replicate(service)
    assert (replication.attempts, replication.recovered) == (1, False)
    assert replication.record_id == service.records[0]["id"]
    assert replication.request_id == "o" * 32
    assert service.log == ["Show", "Post"]


@pytest.mark.parametrize("kind", ["dropped", "unreadable", "503", "502-html"])
def test_a_lost_answer_of_a_committed_call_is_found_in_the_records(kind: str) -> None:
    service = Service([(kind, True)])
    replication = run_replicate(service)
    assert replication.recovered
    assert replication.record_id == service.records[0]["id"]
    assert replication.source_region == "cn-north-1"
    assert posts(service) == 1


@pytest.mark.parametrize("kind", ["dropped", "unreadable", "503", "502-html"])
def test_a_lost_answer_of_a_call_never_committed_is_sent_again(kind: str) -> None:
    service = Service([(kind, False), ("ok", True)])
    replication = run_replicate(service)
    assert (replication.attempts, replication.recovered) == (2, False)
    assert service.log == ["Show", "Post", "Show", "Pause", "Post"]
    assert len(service.records) == 1


def test_a_connect_error_is_sent_again_without_looking() -> None:
    service = Service([("connect", False), ("connect", False), ("ok", True)])
    replication = run_replicate(service)
    assert replication.attempts == 3
    assert service.log == ["Show", "Post", "Pause", "Post", "Pause", "Post"]


def test_a_1009_after_a_lost_answer_is_the_lost_calls_own_replication() -> None:
    # The first answer is lost and the first look misses it (a lagging read, modelled by
    # committing on the second call); the retry is refused: that refusal is our own copy.
    service = Service([("dropped", False), ("1009", True)])
    replication = run_replicate(service)
    assert replication.recovered
    assert replication.record_id == service.records[0]["id"]


def test_a_1009_on_the_first_call_names_the_replication_that_blocks() -> None:
    service = Service([("1009", False)])
    blocking = service.commit()
    service.records[0]["status"] = "copying"
    service.commit()
    service.records[0]["status"] = "fail"  # the newest record, but a failed copy does not block
    with pytest.raises(AlreadyReplicated) as refused:
        run_replicate(service)
    existing = refused.value.existing
    assert existing is not None
    assert (existing.record_id, existing.status) == (blocking, "copying")
    assert (refused.value.error_code, refused.value.status) == ("BackupService.1009", 400)
    assert refused.value.request_id == "e" * 32


def test_another_refusal_is_raised_at_once() -> None:
    service = Service([("CSBS.2003", False)])
    with pytest.raises(ReplicationRefused) as refused:
        run_replicate(service)
    assert not isinstance(refused.value, AlreadyReplicated)
    assert refused.value.error_code == "CSBS.2003"
    assert posts(service) == 1


def test_every_attempt_failing_is_not_accepted_and_says_the_last_code() -> None:
    service = Service([("503", False)] * 4)
    with pytest.raises(ReplicationNotAccepted) as failed:
        run_replicate(service)
    assert failed.value.error_code == "CSBS.9998"
    assert "no replication from any of them" in failed.value.error_msg
    assert failed.value.request_id == "e" * 32
    assert posts(service) == 4


def test_a_lost_answer_and_no_way_to_look_is_outcome_unknown() -> None:
    service = Service([("dropped-then-dark", True)])
    time = FakeTime()
    with pytest.raises(OutcomeUnknown) as unknown:
        drive(replicate_flow(CSBS, TARGET, POLICY, time.clock, random.Random(1)), service, time)
    assert unknown.value.error_code == "client.outcome_unknown"
    assert "RemoteProtocolError" in unknown.value.error_msg
    assert "ReadTimeout" in unknown.value.error_msg
    assert time.now == pytest.approx(60)  # looked until the deadline, then said so
    assert posts(service) == 1  # and never sent it again


def test_settle_looks_twice_before_sending_again() -> None:
    policy = RetryPolicy(attempts=2, timeout=60, backoff=Backoff(0.5, jitter=0), settle=2.0)
    service = Service([("dropped", False), ("ok", True)])
    run_replicate(service, policy)
    assert service.log == ["Show", "Post", "Show", "Pause", "Show", "Pause", "Post"]


def test_without_records_a_changed_copy_state_is_the_evidence() -> None:
    service = Service([("dropped", True)], records=False)
    replication = run_replicate(service)
    assert replication.recovered
    assert replication.record_id is None  # accepted, but the service names no record
    assert posts(service) == 1


def test_without_records_a_new_replica_in_the_destination_is_the_evidence() -> None:
    service = Service([("dropped", True)], records=False, outcome="success")
    service.copy_status = "success"  # already "success" from an older copy elsewhere
    service.updated = 0

    def commit_without_changing_the_copy_state() -> str:
        replica = new_id()
        service.replicas.append(backup_json(replica, copy_from="cn-north-1"))
        return replica

    service.commit = commit_without_changing_the_copy_state  # type: ignore[method-assign]
    replication = run_replicate(service)
    assert replication.recovered
    assert service.log[:2] == ["Show", "Find"]  # the destination was read before the call


def test_without_records_and_no_change_it_is_sent_again() -> None:
    service = Service([("dropped", False), ("ok", True)], records=False)
    replication = run_replicate(service)
    assert replication.attempts == 2


# -- wait -----------------------------------------------------------------------------------


def run_wait(service: Service, replication: Replication, timeout: float = 60) -> Replica:
    time = FakeTime()
    flow = wait_flow(
        CSBS, replication, timeout, Backoff(0.5, jitter=0), time.clock, random.Random(1), None
    )
    result: Replica = drive(flow, service, time)
    return result


def replication_of(record_id: str | None) -> Replication:
    return Replication(PROJECT, ITEM, EAST, EAST_PROJECT, record_id)


def test_wait_without_records_finds_the_replica_in_the_destination() -> None:
    service = Service([], records=False, outcome="success")
    service.commit()
    replica = run_wait(service, replication_of(None))
    assert replica.id == service.replicas[0]["id"]
    assert replica.backup is not None
    assert service.log == ["Show", "Find", "Show"]


def test_wait_keeps_polling_while_the_destination_does_not_show_the_replica() -> None:
    service = Service([], outcome="success")
    record_id = service.commit()
    hidden = service.replicas.pop()
    looks = itertools.count()
    original = service.__call__

    def lagging(effect: Effect) -> Outcome:
        if isinstance(effect, Show) and effect.region and next(looks) == 2:
            service.replicas.append(hidden)
        return original(effect)

    time = FakeTime()
    flow = wait_flow(
        CSBS,
        replication_of(record_id),
        60,
        Backoff(0.5, jitter=0),
        time.clock,
        random.Random(1),
        None,
    )
    replica: Replica = drive(flow, lagging, time)
    assert replica.id == hidden["id"]
    assert time.now == pytest.approx(0.5 + 1.0)


def test_wait_says_when_a_succeeded_copy_never_shows_in_the_destination() -> None:
    service = Service([], outcome="success")
    record_id = service.commit()
    replica = service.replicas.pop()["id"]  # the destination never shows it
    with pytest.raises(WaitTimeout) as timed_out:
        run_wait(service, replication_of(record_id), timeout=5)
    assert f"the copy succeeded, but {replica} was not visible in {EAST}" in (
        timed_out.value.error_msg
    )


@pytest.mark.parametrize(
    ("status", "reason"), [("fail", "injected"), ("skip", "the service skipped the copy")]
)
def test_wait_ends_on_a_failed_or_skipped_record(status: str, reason: str) -> None:
    service = Service([], outcome=status)
    record_id = service.commit()
    if status == "fail":
        service.records[0]["extra_info"] = {
            "fail_code": {"Code": "BackupService.6000", "Description": "d"},
            "fail_reason": "injected",
        }
    with pytest.raises(ReplicationFailed) as failed:
        run_wait(service, replication_of(record_id))
    assert failed.value.fail_reason == reason
    assert failed.value.record_id == record_id


def test_wait_treats_a_status_it_does_not_know_as_under_way() -> None:
    service = Service([], outcome="waiting_replicate")
    record_id = service.commit()
    with pytest.raises(WaitTimeout) as timed_out:
        run_wait(service, replication_of(record_id), timeout=5)
    assert timed_out.value.progress is not None
    assert timed_out.value.progress.status == "waiting_replicate"


# -- the drivers, the errors, the pacing ----------------------------------------------------


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_sync_and_async_drivers_run_the_same_steps(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = Service([("dropped", False), ("503", False), ("ok", True)])
    monkeypatch.setattr(blocking, "call_sync", lambda api, effect, client: service(effect))

    async def call_async(api: object, effect: Effect, client: object) -> Outcome:
        return service(effect)

    monkeypatch.setattr(aio, "call_async", call_async)
    time = FakeTime()
    common: dict[str, Any] = {
        "destination_region": EAST,
        "destination_project_id": EAST_PROJECT,
        "policy": POLICY,
        "clock": time.clock,
        "rng": random.Random(1),
    }
    client = Client(base_url="http://csbs.invalid")  # never called: the service is scripted
    if mode == "sync":
        replication = blocking.replicate(client, PROJECT, ITEM, sleep=time.sleep, **common)
    else:
        replication = asyncio.run(aio.replicate(client, PROJECT, ITEM, sleep=time.asleep, **common))
    assert replication.attempts == 3
    assert service.log == ["Show", "Post", "Show", "Post", "Show", "Post"]
    assert time.pauses == [0.5, 1.0]


def test_an_error_without_the_services_body_keeps_the_status_and_text() -> None:
    error = api_error(CSBS, Answer(502, None, "r" * 32, " <html>Bad Gateway</html>"), "showBackup")
    assert (error.error_code, error.error_msg, error.status) == (
        "HTTP.502",
        "<html>Bad Gateway</html>",
        502,
    )
    assert error.request_id == "r" * 32
    body_id = Answer(401, ServiceError("APIGW.0301", "m", request_id="b" * 32), "h" * 32)
    assert api_error(CSBS, body_id, "x").request_id == "b" * 32  # the body's id wins


def test_backoff_grows_is_capped_and_jittered_within_bounds() -> None:
    backoff = Backoff(initial=1, factor=2, maximum=10, jitter=0.25)
    rng = random.Random(3)
    for n in range(12):
        ceiling = min(10, 2**n)
        assert ceiling * 0.75 <= backoff.pause(n, rng) <= ceiling
    assert Backoff(1, 3, 100, jitter=0).pause(2, rng) == 9
    for bad in (
        lambda: Backoff(initial=-1),
        lambda: Backoff(factor=0.5),
        lambda: Backoff(jitter=2),
        lambda: RetryPolicy(attempts=0),
        lambda: RetryPolicy(timeout=0),
    ):
        with pytest.raises(ValueError, match=r"must|needs|fraction"):
            bad()


def test_a_bad_backup_id_is_refused_before_any_call() -> None:
    client = Client(base_url="http://csbs.invalid")
    with pytest.raises(ValueError, match="badly formed"):
        blocking.replicate(
            client,
            PROJECT,
            "not-a-uuid",
            destination_region=EAST,
            destination_project_id=EAST_PROJECT,
        )


def test_the_body_carries_only_what_was_given() -> None:
    assert CSBS.body(Target(PROJECT, ITEM, EAST, EAST_PROJECT)).to_dict() == {
        "replication": {
            "destination_region": EAST,
            "destination_project_id": EAST_PROJECT,
            "enable_acceleration": False,
        }
    }
    given = CSBS.body(Target(PROJECT, ITEM, EAST, EAST_PROJECT, "n", "d", True)).to_dict()
    assert given["replication"] == {
        "destination_region": EAST,
        "destination_project_id": EAST_PROJECT,
        "name": "n",
        "description": "d",
        "enable_acceleration": True,
    }
