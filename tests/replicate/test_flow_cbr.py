"""The same replicate and wait flows on CBR's adapter, driven by hand: no I/O.

A scripted CBR answers each effect with `cbr_client` models. The decisions are the flows'
own (test_flow.py pins them on CSBS); here is what CBR brings: the body names the vault;
where no replication records are listed, a new `replication` task of the backup is the
evidence of a lost answer's copy, and the replicas in the destination vault when the tasks
cannot be read; the wait follows the task when there is no record; a record's
`extra_info.fail_code` (a string) and a task's `error_info` say why a copy failed.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Generator
from typing import Any

import pytest

import cbr_client
import csbs_client
from cbr_client.models import (
    BackupReplicateReq,
    BackupReplicateResp,
    ListBackupsResponse,
    ListOpLogsResponse,
    ServiceError,
    ShowBackupResponse,
)
from csbs_replicate import (
    AlreadyReplicated,
    Backoff,
    Replica,
    Replication,
    ReplicationFailed,
    ReplicationRefused,
    RetryPolicy,
    WaitTimeout,
    blocking,
)
from csbs_replicate._cbr import CBR
from csbs_replicate._flow import (
    Answer,
    Effect,
    Find,
    Lost,
    Outcome,
    Pause,
    Post,
    Show,
    Target,
    Tasks,
    replicate_flow,
    wait_flow,
)

from .support import Destination, FakeTime

PROJECT, EAST, EAST_PROJECT = "p-source", "cn-east-2", "p-east"
ITEM = "11111111-1111-4111-8111-111111111111"
RESOURCE = "22222222-2222-4222-8222-222222222222"
VAULT = "33333333-3333-4333-8333-333333333333"
SOURCE_VAULT = "44444444-4444-4444-8444-444444444444"
TARGET = Target(PROJECT, ITEM, EAST, EAST_PROJECT, destination_vault_id=VAULT)
POLICY = RetryPolicy(attempts=4, timeout=60, backoff=Backoff(0.5, 2, 4, jitter=0), settle=0)


def new_id() -> str:
    return str(uuid.uuid4())


def backup_json(item: str, project: str, vault: str, image_type: str = "backup") -> dict[str, Any]:
    return {
        "id": item,
        "name": "b",
        "status": "available",
        "checkpoint_id": new_id(),
        "image_type": image_type,
        "project_id": project,
        "provider_id": "0daac4c5-6707-4851-97ba-169e36266b66",
        "resource_id": RESOURCE,
        "resource_type": "OS::Nova::Server",
        "vault_id": vault,
        "created_at": "2026-01-01T00:00:00.000000",
    }


def error(status: int, code: str, message: str = "m") -> Answer:
    return Answer(status, ServiceError(error_code=code, error_msg=message), "e" * 32)


class Cbr:
    """A scripted CBR: `posts` says what each copyBackup does (its answer, and whether the
    service committed it). `records=False` lists no replication records; `tasks=False`
    answers listOpLogs 403 (credentials without that permission)."""

    def __init__(
        self,
        posts: list[tuple[str, bool]],
        *,
        records: bool = True,
        tasks: bool = True,
        outcome: str = "replicating",
    ) -> None:
        self.posts = list(posts)
        self.with_records = records
        self.tasks_readable = tasks
        self.outcome = outcome
        self.records: list[dict[str, Any]] = []
        self.tasks: list[dict[str, Any]] = []
        self.replicas: list[dict[str, Any]] = []
        self.log: list[str] = []
        self.bodies: list[dict[str, Any]] = []

    def commit(self, status: str | None = None) -> str:
        status = status or self.outcome
        record_id = new_id()
        replica = new_id() if status == "success" else None
        self.records.insert(
            0,
            {
                "id": record_id,
                "status": status,
                "source_region": "cn-north-1",
                "destination_region": EAST,
                "destination_project_id": EAST_PROJECT,
                "destination_backup_id": replica,
                "destination_vault_id": VAULT,
                "extra_info": {
                    "progress": 100 if replica else 40,
                    "fail_code": "",
                    "fail_reason": "",
                },
            },
        )
        task_status = {"replicating": "running", "success": "success", "fail": "failed"}[status]
        self.tasks.insert(
            0,
            {
                "id": new_id(),
                "project_id": PROJECT,
                "status": task_status,
                "operation_type": "replication",
                "created_at": f"2026-01-01T00:00:{len(self.tasks):02d}.000000",
                "started_at": "2026-01-01T00:00:00.000000",
                "updated_at": "2026-01-01T00:00:00.000000",
                "error_info": {"code": "", "message": ""},
                "extra_info": {
                    "common": {"progress": 100 if replica else 40},
                    "replication": {
                        "source_backup_id": ITEM,
                        "source_project_id": PROJECT,
                        "source_region": "cn-north-1",
                        "destination_project_id": EAST_PROJECT,
                        "destination_region": EAST,
                        "destination_backup_id": replica,
                    },
                },
            },
        )
        if replica:
            self.replicas.append(backup_json(replica, EAST_PROJECT, VAULT, "replication"))
        return record_id

    def __call__(self, effect: Effect) -> Outcome:
        self.log.append(type(effect).__name__)
        if isinstance(effect, Pause):
            return None
        if isinstance(effect, Show):
            if effect.region is None:
                body = backup_json(ITEM, PROJECT, SOURCE_VAULT)
                if self.with_records:
                    body["replication_records"] = self.records
                return Answer(200, ShowBackupResponse.from_dict({"backup": body}), "s" * 32)
            found = [r for r in self.replicas if r["id"] == effect.item_id]
            if not found:
                return error(404, "BackupService.6302")
            return Answer(200, ShowBackupResponse.from_dict({"backup": found[0]}), None)
        if isinstance(effect, Find):
            assert effect.vault_id == VAULT  # the replicas are looked for in the vault
            listing = {"backups": self.replicas, "count": len(self.replicas)}
            return Answer(200, ListBackupsResponse.from_dict(listing), None)
        if isinstance(effect, Tasks):
            if not self.tasks_readable:
                return error(403, "APIGW.0302")
            logs = {"operation_logs": self.tasks, "count": len(self.tasks)}
            return Answer(200, ListOpLogsResponse.from_dict(logs), None)
        assert isinstance(effect, Post)
        assert isinstance(effect.body, BackupReplicateReq)
        self.bodies.append(effect.body.to_dict())
        kind, commits = self.posts.pop(0)
        record_id = self.commit() if commits else None
        if kind == "ok":
            assert record_id is not None
            body = {
                "replication": {
                    "backup_id": ITEM,
                    "destination_project_id": EAST_PROJECT,
                    "destination_region": EAST,
                    "destination_vault_id": VAULT,
                    "project_id": PROJECT,
                    "provider_id": "0daac4c5-6707-4851-97ba-169e36266b66",
                    "replication_record_id": record_id,
                    "source_region": "cn-north-1",
                }
            }
            return Answer(200, BackupReplicateResp.from_dict(body), "o" * 32)
        if kind == "dropped":
            return Lost("RemoteProtocolError: peer closed connection", sent=True)
        if kind == "503":
            return error(503, "BackupService.9998", "busy")
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


def run_replicate(service: Cbr) -> Replication:
    time = FakeTime()
    result: Replication = drive(
        replicate_flow(CBR, TARGET, POLICY, time.clock, random.Random(1)), service, time
    )
    return result


def run_wait(service: Cbr, replication: Replication, timeout: float = 60) -> Replica:
    time = FakeTime()
    flow = wait_flow(
        CBR, replication, timeout, Backoff(0.5, jitter=0), time.clock, random.Random(1), None
    )
    result: Replica = drive(flow, service, time)
    return result


def replication_of(record_id: str | None) -> Replication:
    return Replication(
        PROJECT, ITEM, EAST, EAST_PROJECT, record_id, destination_vault_id=VAULT, api="cbr"
    )


# -- replicate ------------------------------------------------------------------------------


def test_an_accepted_copy_is_one_post_into_the_vault() -> None:
    service = Cbr([("ok", True)])
    replication = run_replicate(service)
    assert (replication.attempts, replication.recovered) == (1, False)
    assert replication.record_id == service.records[0]["id"]
    assert (replication.api, replication.destination_vault_id) == ("cbr", VAULT)
    assert service.log == ["Show", "Post"]
    assert service.bodies == [
        {
            "replicate": {
                "destination_project_id": EAST_PROJECT,
                "destination_region": EAST,
                "destination_vault_id": VAULT,
                "enable_acceleration": False,
            }
        }
    ]


@pytest.mark.parametrize("kind", ["dropped", "503"])
def test_a_lost_answer_of_a_committed_copy_is_found_in_the_records(kind: str) -> None:
    service = Cbr([(kind, True)])
    replication = run_replicate(service)
    assert replication.recovered
    assert replication.record_id == service.records[0]["id"]
    assert replication.source_region == "cn-north-1"
    assert service.log.count("Post") == 1
    assert "Tasks" not in service.log  # the records say it all


def test_without_records_a_new_task_is_the_evidence() -> None:
    service = Cbr([("dropped", True)], records=False)
    service.commit("fail")  # an older, failed copy to the same region: its task was seen
    replication = run_replicate(service)
    assert replication.recovered
    assert replication.record_id is None  # accepted, but the service names no record
    assert service.log == ["Show", "Tasks", "Find", "Post", "Show", "Tasks"]


def test_without_records_or_tasks_a_new_replica_in_the_vault_is_the_evidence() -> None:
    service = Cbr([("dropped", True)], records=False, tasks=False, outcome="success")
    replication = run_replicate(service)
    assert replication.recovered
    assert service.log == ["Show", "Tasks", "Find", "Post", "Show", "Find"]


def test_without_records_and_nothing_new_it_is_sent_again() -> None:
    service = Cbr([("dropped", False), ("ok", True)], records=False)
    replication = run_replicate(service)
    assert (replication.attempts, replication.recovered) == (2, False)
    assert len(service.tasks) == 1


@pytest.mark.parametrize("code", ["BackupService.1009", "BackupService.6114"])
def test_a_refusal_after_a_lost_answer_is_first_checked_against_the_lost_call(code: str) -> None:
    # The first answer is lost and the first look misses it (a lagging read, modelled by
    # committing on the second call); the retry is refused because of that copy: a
    # duplicate, or a vault the copy filled (CBR checks the room before duplicates).
    service = Cbr([("dropped", False), (code, True)])
    replication = run_replicate(service)
    assert replication.recovered
    assert replication.record_id == service.records[0]["id"]
    assert service.log == ["Show", "Post", "Show", "Pause", "Post", "Show"]


def test_a_refusal_after_a_lost_answer_that_is_not_ours_is_raised() -> None:
    service = Cbr([("dropped", False), ("BackupService.6114", False)])
    with pytest.raises(ReplicationRefused) as refused:
        run_replicate(service)
    assert refused.value.error_code == "BackupService.6114"
    assert not service.records


def test_a_1009_names_the_replication_that_blocks() -> None:
    service = Cbr([("1009", False)])
    blocking_id = service.commit("replicating")
    service.commit("fail")  # the newest record, but a failed copy does not block
    with pytest.raises(AlreadyReplicated) as refused:
        run_replicate(service)
    existing = refused.value.existing
    assert existing is not None
    assert (existing.record_id, existing.status) == (blocking_id, "replicating")
    assert refused.value.operation == "copyBackup"
    assert refused.value.request_id == "e" * 32


# -- wait -----------------------------------------------------------------------------------


def test_wait_follows_the_record_to_the_replica_in_the_destination() -> None:
    service = Cbr([], outcome="success")
    record_id = service.commit()
    replica = run_wait(service, replication_of(record_id))
    assert replica.id == service.records[0]["destination_backup_id"]
    assert replica.record_id == record_id
    assert isinstance(replica.backup, cbr_client.models.BackupResp)
    assert service.log == ["Show", "Show"]


def test_a_failed_record_says_its_fail_code_and_reason() -> None:
    service = Cbr([], outcome="fail")
    record_id = service.commit()
    service.records[0]["extra_info"].update(fail_code="BackupService.6001", fail_reason="link")
    with pytest.raises(ReplicationFailed) as failed:
        run_wait(service, replication_of(record_id))
    assert (failed.value.fail_code, failed.value.fail_reason) == ("BackupService.6001", "link")
    assert failed.value.record_id == record_id


def test_wait_without_records_follows_the_task() -> None:
    service = Cbr([], records=False, outcome="success")
    service.commit()
    replica = run_wait(service, replication_of(None))
    assert replica.id == service.tasks[0]["extra_info"]["replication"]["destination_backup_id"]
    assert service.log == ["Show", "Tasks", "Show"]


def test_a_failed_task_says_its_error_info() -> None:
    service = Cbr([], records=False, outcome="fail")
    service.commit()
    service.tasks[0]["error_info"] = {"code": "BackupService.6002", "message": "quota"}
    with pytest.raises(ReplicationFailed) as failed:
        run_wait(service, replication_of(None))
    assert (failed.value.error_code, failed.value.fail_reason) == ("BackupService.6002", "quota")


def test_a_copy_the_service_does_not_show_is_waited_for_until_the_deadline() -> None:
    service = Cbr([], records=False)
    with pytest.raises(WaitTimeout) as timed_out:
        run_wait(service, replication_of(None), timeout=5)
    assert timed_out.value.progress is not None
    assert timed_out.value.progress.status == "not-listed"


# -- the public functions pick the adapter by the client ------------------------------------


def test_a_cbr_client_needs_a_vault_and_a_csbs_client_takes_none() -> None:
    cbr = cbr_client.Client(base_url="http://cbr.invalid")
    csbs = csbs_client.Client(base_url="http://csbs.invalid")
    east: Destination = {"destination_region": EAST, "destination_project_id": EAST_PROJECT}
    with pytest.raises(ValueError, match="CBR replicates into a vault"):
        blocking.replicate(cbr, PROJECT, ITEM, **east)
    with pytest.raises(ValueError, match="CSBS replicates to a region, not a vault"):
        blocking.replicate(csbs, PROJECT, ITEM, **east, destination_vault_id=VAULT)
    with pytest.raises(ValueError, match="badly formed"):
        blocking.replicate(cbr, PROJECT, ITEM, **east, destination_vault_id="v")
    with pytest.raises(TypeError, match="not a generated client"):
        blocking.replicate(object(), PROJECT, ITEM, **east)  # type: ignore[arg-type]


def test_a_replication_is_waited_for_with_a_client_of_its_api() -> None:
    csbs = csbs_client.Client(base_url="http://csbs.invalid")
    with pytest.raises(ValueError, match="made with CBR and the client speaks CSBS"):
        blocking.wait_for_replica(csbs, replication_of("r"))


def test_the_sync_driver_runs_the_cbr_flow_over_the_cbr_calls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = Cbr([("dropped", False), ("ok", True)])
    seen: list[str] = []

    def call(api: Any, effect: Effect, client: Any) -> Outcome:
        seen.append(api.name)
        return service(effect)

    monkeypatch.setattr(blocking, "call_sync", call)
    time = FakeTime()
    replication = blocking.replicate(
        cbr_client.AuthenticatedClient(base_url="http://cbr.invalid", token="t"),
        PROJECT,
        ITEM,
        destination_region=EAST,
        destination_project_id=EAST_PROJECT,
        destination_vault_id=VAULT,
        policy=POLICY,
        sleep=time.sleep,
        clock=time.clock,
        rng=random.Random(1),
    )
    assert replication.attempts == 2
    assert set(seen) == {"cbr"}
