"""Replicate and wait as plain generators: all the deciding, none of the I/O (sans-IO).

Owns: the logic, once for both APIs. A flow yields effects — a call to make (`Show`,
`Find`, `Tasks`, `Post`) or a `Pause` — and is sent each call's outcome (`Answer`, or `Lost`
when no answer could be read); `blocking` and `aio` run the same flows over the generated
clients' sync and async functions, so the two cannot drift apart, and tests can drive a
flow by hand.

Two APIs, one logic. CSBS v1 and CBR v3 replicate alike (a call that answers at once with a
record id, a copy that runs on, a record on the source that ends in `success` or `fail`,
`BackupService.1009` for a second replica to a region); what differs is said once per API by
an adapter (`Api`: `_csbs.CSBS`, `_cbr.CBR`): the body of the replicate call, and how each
answer's model reads as the views the flows decide on (`BackupView`, `RecordView`,
`TaskView`, `ErrorBody`, `Accepted`). The flows never look at a generated model themselves.

The lost answer. The replicate call is not idempotent: a blind retry after a lost answer
meets `BackupService.1009`, or makes a second copy once a first one has failed. So, before
its first call, `replicate_flow` reads the source backup and notes what the service shows:
its replication records; where the service lists none, the other evidence its API has — for
CSBS the source's copy state, for CBR the backup's `replication` tasks in the operation logs
— and the replicas already in the destination. When an answer is lost — a transport error
after the request may have left, a read timeout, an unreadable answer, or a 429/5xx that a
proxy may have sent for a committed call — it asks the service before anything else: a
record to the destination that was not there before is this call's (accepted: no retry), as
is, where no records are listed, a copy state that changed to a started copy, a new task of
this backup to the destination, or a new replica there. Only when the service shows nothing
(looked at twice, `settle` seconds apart) is the call sent again; a call that never reached
the service (a connect error) is sent again without looking. A refusal after a lost answer
(`BackupService.1009`; for CBR also `6114`, a vault the lost call's copy filled) is checked
the same way before it is believed: it may be the lost call's own replication.
Must not import: httpx, the emulator, a generated client (its models reach the flows only
through an adapter).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol
from uuid import UUID

from .errors import (
    DUPLICATE_REPLICATION,
    NOT_ACCEPTED,
    OUTCOME_UNKNOWN,
    UNREACHABLE,
    AlreadyReplicated,
    ApiError,
    CsbsError,
    OutcomeUnknown,
    ReplicationFailed,
    ReplicationNotAccepted,
    ReplicationRefused,
    Unreachable,
    WaitTimeout,
)
from .results import Backoff, Existing, Progress, Replica, Replication, RetryPolicy

# Statuses after which a call may succeed when made again: throttled, or a server or proxy
# error. For the replicate call they are also answers that may hide a committed call.
TRANSIENT = frozenset({429, 500, 502, 503, 504})
# How a copy ends, in the words of a replication record (both APIs) or a CBR task.
SUCCEEDED = frozenset({"success"})
# `fail` is the documented end of a record; `skip` a record's (CBR documents it; Huawei's
# Java SDK names it for CSBS); `failed`, `skipped` and `timeout` the ends of a CBR task.
FAILED = frozenset({"fail", "skip", "failed", "skipped", "timeout"})
_NO_REASON = {
    "skip": "the service skipped the copy",
    "skipped": "the service skipped the copy",
    "timeout": "the service gave the copy up (timeout)",
}
# The status of a copy the service does not show at all (yet): neither a record nor, where
# the API has them, a copy state or a task. The wait goes on looking until its deadline.
NOT_LISTED = "not-listed"

Clock = Callable[[], float]


# -- effects and outcomes -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Show:
    """showBackup. `region` None: at the source's endpoint; else the destination's."""

    project_id: str
    item_id: str
    region: str | None = None
    operation: ClassVar[str] = "showBackup"


@dataclass(frozen=True, slots=True)
class Find:
    """listBackups of one project, narrowed to the backups of one resource (and, where the
    API keeps backups in vaults, to the replicas in one vault)."""

    project_id: str
    resource_id: str
    region: str | None = None
    vault_id: str | None = None
    operation: ClassVar[str] = "listBackups"


@dataclass(frozen=True, slots=True)
class Tasks:
    """listOpLogs (CBR): the project's `replication` tasks on one resource, at the source."""

    project_id: str
    resource_id: str
    region: ClassVar[None] = None
    operation: ClassVar[str] = "listOpLogs"


@dataclass(frozen=True, slots=True)
class Post:
    """The replicate call (CSBS replicateBackup, CBR copyBackup), with the API's body."""

    project_id: str
    item_id: str
    body: Any


@dataclass(frozen=True, slots=True)
class Pause:
    seconds: float


Read = Show | Find | Tasks
Call = Read | Post
Effect = Call | Pause


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer that was read: its status, the generated client's model of its body (its
    `ServiceError` for a documented error status; None for an undocumented status), its
    request id, and the start of its body as text (for an error without the service's body)."""

    status: int
    parsed: object
    request_id: str | None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Lost:
    """No answer could be read. `sent` False: the request never reached the service."""

    reason: str
    sent: bool


Outcome = Answer | Lost | None  # None answers a Pause


# -- what the flows read: the views an adapter makes of an API's models ---------------------


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a copy failed, as the service says it (`code` as the service gives it)."""

    code: str | int | None
    description: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class RecordView:
    """A replication record of a source backup."""

    id: str
    status: str
    destination_region: str | None
    destination_project_id: str | None
    replica_id: str | None = None
    source_region: str | None = None
    created_at: str | None = None
    percent: int | None = None
    failure: Failure | None = None


@dataclass(frozen=True, slots=True)
class CopyState:
    """CSBS: the copy as the source backup's own `extend_info` shows it (`copy_status`).
    `mark` changes when another copy starts or this one moves on; `started` says whether the
    status is one a replication leaves behind."""

    status: str
    percent: int | None
    mark: tuple[str | None, ...]
    started: bool
    failure: Failure | None = None


@dataclass(frozen=True, slots=True)
class BackupView:
    """A backup. `records` None: the service lists no replication records for it; `copy`
    None: the API shows no copy state; `model` the generated client's own model of it."""

    id: str
    resource_id: str
    created_at: str | None
    is_replica: bool
    records: tuple[RecordView, ...] | None
    copy: CopyState | None
    model: Any


@dataclass(frozen=True, slots=True)
class TaskView:
    """CBR: a `replication` task in the operation logs."""

    id: str
    status: str
    source_backup_id: str | None
    destination_region: str | None
    destination_project_id: str | None
    replica_id: str | None = None
    created_at: str | None = None
    percent: int | None = None
    failure: Failure | None = None


@dataclass(frozen=True, slots=True)
class ErrorBody:
    """The service's error body."""

    code: str
    message: str
    request_id: str | None


@dataclass(frozen=True, slots=True)
class Accepted:
    """The answer of an accepted replicate call."""

    record_id: str
    source_region: str | None


@dataclass(frozen=True, slots=True)
class Target:
    """What one replicate is for. `destination_vault_id`: the replication vault that takes
    the replica (CBR; CSBS replicates to a region and has none)."""

    project_id: str
    item_id: str
    destination_region: str
    destination_project_id: str
    name: str | None = None
    description: str | None = None
    enable_acceleration: bool = False
    destination_vault_id: str | None = None


class Api(Protocol):
    """What the flows need to know of one API (see `_csbs`, `_cbr`). Every reading method
    takes an answer's model and returns None when the model is not the one it reads."""

    @property
    def name(self) -> str:
        """`csbs` or `cbr`."""
        ...

    @property
    def replicate_operation(self) -> str:
        """The replicate call's operationId, for errors."""
        ...

    @property
    def has_tasks(self) -> bool:
        """Whether `Tasks` can be asked (CBR's operation logs)."""
        ...

    @property
    def has_vaults(self) -> bool:
        """Whether a replica goes into a vault that the replicate call names (CBR)."""
        ...

    def body(self, target: Target) -> object:
        """The request body of the replicate call."""
        ...

    def error(self, parsed: object) -> ErrorBody | None: ...

    def accepted(self, parsed: object) -> Accepted | None: ...

    def backup(self, parsed: object) -> BackupView | None:
        """showBackup's answer."""
        ...

    def backups(self, parsed: object) -> list[BackupView] | None:
        """listBackups' answer."""
        ...

    def tasks(self, parsed: object) -> list[TaskView] | None:
        """listOpLogs' answer."""
        ...


def api_error(
    api: Api, answer: Answer, operation: str, kind: type[ApiError] = ApiError
) -> ApiError:
    """The typed error of an error answer, with the body's request id or the header's."""
    body = api.error(answer.parsed)
    if body is not None:
        return kind(
            body.code,
            body.message,
            request_id=body.request_id or answer.request_id,
            status=answer.status,
            operation=operation,
        )
    text = answer.text.strip() or "an answer without the service's error body"
    return kind(
        f"HTTP.{answer.status}",
        text[:300],
        request_id=answer.request_id,
        status=answer.status,
        operation=operation,
    )


def _failure(
    api: Api, outcome: Outcome, code: str, message: str, kind: type[CsbsError]
) -> CsbsError:
    """An error naming the last outcome: its code and request id when it was an answer."""
    if isinstance(outcome, Answer):
        error = api_error(api, outcome, "")
        return kind(
            error.error_code,
            f"{message}; last answer: {error.error_msg}",
            request_id=error.request_id,
            status=outcome.status,
        )
    reason = outcome.reason if isinstance(outcome, Lost) else "no answer"
    return kind(code, f"{message}; last: {reason}")


@dataclass(frozen=True, slots=True)
class _Read:
    backup: BackupView
    request_id: str | None


class _Context:
    """A flow's API, clock, randomness, backoff and deadline, and its retried reads."""

    def __init__(
        self, api: Api, clock: Clock, rng: random.Random, backoff: Backoff, deadline: float
    ) -> None:
        self.api = api
        self.clock = clock
        self.rng = rng
        self.backoff = backoff
        self.deadline = deadline

    def remaining(self) -> float:
        return self.deadline - self.clock()

    def read(self, effect: Read) -> Generator[Effect, Outcome, Answer]:
        """The definite answer to a read, retried after a transport failure, an unreadable
        answer, a 429 or a 5xx until the deadline (then `Unreachable`)."""
        tries = 0
        while True:
            outcome = yield effect
            if isinstance(outcome, Answer) and outcome.status not in TRANSIENT:
                return outcome
            remaining = self.remaining()
            if remaining <= 0:
                message = f"{effect.operation} kept failing"
                raise _failure(self.api, outcome, UNREACHABLE, message, Unreachable)
            yield Pause(min(self.backoff.pause(tries, self.rng), remaining))
            tries += 1

    def backup(self, project_id: str, item_id: str) -> Generator[Effect, Outcome, _Read]:
        """The source backup as showBackup answers it; any error answer raises."""
        answer = yield from self.read(Show(project_id, item_id))
        view = self.api.backup(answer.parsed) if answer.status == 200 else None
        if view is not None:
            return _Read(view, answer.request_id)
        raise api_error(self.api, answer, "showBackup")


# -- reading what the service shows ---------------------------------------------------------


def _to(view: RecordView | TaskView, region: str, project_id: str) -> bool:
    """Whether a record or task is of a replication to `region` and `project_id` (a view
    that names no project counts for any)."""
    return view.destination_region == region and view.destination_project_id in (None, project_id)


def _existing(record: RecordView, region: str) -> Existing:
    return Existing(
        record_id=record.id,
        status=record.status,
        destination_region=record.destination_region or region,
        destination_project_id=record.destination_project_id,
        created_at=record.created_at,
        destination_item_id=record.replica_id,
    )


def _replicas(
    ctx: _Context, source: BackupView, region: str, project_id: str, vault_id: str | None
) -> Generator[Effect, Outcome, list[BackupView] | None]:
    """The replicas of `source`'s resource in `project_id` of `region` (the destination; in
    `vault_id` when the API has vaults), newest first; None when the destination cannot be
    read (for instance, credentials of the source only)."""
    answer = yield from ctx.read(Find(project_id, source.resource_id, region, vault_id))
    found = ctx.api.backups(answer.parsed) if answer.status == 200 else None
    if found is None:
        return None
    replicas = [b for b in found if b.is_replica]
    return sorted(replicas, key=lambda b: b.created_at or "", reverse=True)


def _tasks(
    ctx: _Context, source: BackupView, project_id: str, region: str, destination_project: str
) -> Generator[Effect, Outcome, list[TaskView] | None]:
    """CBR: the `replication` tasks of `source` to the destination, newest first; None when
    the operation logs cannot be read."""
    answer = yield from ctx.read(Tasks(project_id, source.resource_id))
    found = ctx.api.tasks(answer.parsed) if answer.status == 200 else None
    if found is None:
        return None
    mine = [
        t for t in found if t.source_backup_id == source.id and _to(t, region, destination_project)
    ]
    return sorted(mine, key=lambda t: t.created_at or "", reverse=True)


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


def _ids(views: Iterable[_Identified] | None) -> frozenset[str] | None:
    return None if views is None else frozenset(v.id for v in views)


@dataclass(frozen=True, slots=True)
class _Seen:
    """What the service showed before the first replicate call."""

    records: frozenset[str] | None  # ids of the source's records; None: none listed
    copy: CopyState | None  # CSBS: the source's copy state
    tasks: frozenset[str] | None  # CBR, only when no records: its tasks to the destination
    replicas: frozenset[str] | None  # only when no records: replicas in the destination


def _look_before(ctx: _Context, target: Target) -> Generator[Effect, Outcome, _Seen]:
    before = (yield from ctx.backup(target.project_id, target.item_id)).backup
    tasks = replicas = None
    if before.records is None:  # what else the service can show of a replication
        region, project = target.destination_region, target.destination_project_id
        if ctx.api.has_tasks:
            tasks = _ids((yield from _tasks(ctx, before, target.project_id, region, project)))
        found = yield from _replicas(ctx, before, region, project, target.destination_vault_id)
        replicas = _ids(found)
    return _Seen(_ids(before.records), before.copy, tasks, replicas)


# -- replicate ------------------------------------------------------------------------------


def replicate_flow(
    api: Api, target: Target, policy: RetryPolicy, clock: Clock, rng: random.Random
) -> Generator[Effect, Outcome, Replication]:
    ctx = _Context(api, clock, rng, policy.backoff, clock() + policy.timeout)
    seen = yield from _look_before(ctx, target)
    lost = False  # an answer of this call was lost: a replication may be ours
    outcome: Outcome = None
    for attempt in range(1, policy.attempts + 1):
        if attempt > 1:
            remaining = ctx.remaining()
            if remaining <= 0:
                break
            yield Pause(min(policy.backoff.pause(attempt - 2, rng), remaining))
        outcome = yield Post(target.project_id, target.item_id, api.body(target))
        if isinstance(outcome, Answer) and outcome.status not in TRANSIENT:
            accepted = api.accepted(outcome.parsed) if outcome.status == 200 else None
            if accepted is not None:
                return _replication(
                    api,
                    target,
                    accepted.record_id,
                    accepted.source_region,
                    attempt,
                    request_id=outcome.request_id,
                )
            error = api_error(api, outcome, api.replicate_operation, ReplicationRefused)
            now = None
            if lost:
                # A refusal after a lost answer may be the lost call's own doing: its copy
                # blocks a second one (1009), or took the room left in the vault (CBR 6114,
                # which the service checks before 1009). The service is asked first.
                now = yield from ctx.backup(target.project_id, target.item_id)
                mine = yield from _evidence(ctx, target, seen, now.backup, attempt)
                if mine is not None:
                    return mine
            if error.error_code != DUPLICATE_REPLICATION:
                raise error
            if now is None:
                now = yield from ctx.backup(target.project_id, target.item_id)
            region, project = target.destination_region, target.destination_project_id
            blocking = next(
                (
                    r
                    for r in now.backup.records or ()
                    if _to(r, region, project) and r.status not in FAILED
                ),
                None,
            )
            raise AlreadyReplicated(
                error.error_code,
                error.error_msg,
                request_id=error.request_id,
                status=error.status,
                operation=error.operation,
                existing=None if blocking is None else _existing(blocking, region),
            )
        if isinstance(outcome, Lost) and not outcome.sent:
            continue  # it never reached the service: there is nothing to find out
        lost = True
        mine = yield from _find_out(ctx, target, seen, policy.settle, attempt, outcome)
        if mine is not None:
            return mine
    raise _failure(
        api,
        outcome,
        NOT_ACCEPTED,
        f"{api.replicate_operation} was not accepted after {policy.attempts} attempt(s) "
        f"within {policy.timeout:g}s, and the service shows no replication from any of them",
        ReplicationNotAccepted,
    )


def _replication(
    api: Api,
    target: Target,
    record_id: str | None,
    source_region: str | None,
    attempt: int,
    *,
    request_id: str | None = None,
    recovered: bool = False,
) -> Replication:
    return Replication(
        project_id=target.project_id,
        checkpoint_item_id=target.item_id,
        destination_region=target.destination_region,
        destination_project_id=target.destination_project_id,
        record_id=record_id,
        source_region=source_region,
        request_id=request_id,
        attempts=attempt,
        recovered=recovered,
        destination_vault_id=target.destination_vault_id,
        api=api.name,
    )


def replicate_flow_for(
    api: Api,
    project_id: str,
    checkpoint_item_id: str | UUID,
    destination_region: str,
    destination_project_id: str,
    destination_vault_id: str | UUID | None,
    name: str | None,
    description: str | None,
    enable_acceleration: bool,
    policy: RetryPolicy | None,
    clock: Clock,
    rng: random.Random | None,
) -> Generator[Effect, Outcome, Replication]:
    """`replicate_flow` for the arguments of the public `replicate` functions: the ids
    checked (and written canonically) at once, a default policy and randomness."""
    item = str(UUID(str(checkpoint_item_id)))
    vault = None if destination_vault_id is None else str(UUID(str(destination_vault_id)))
    if api.has_vaults and vault is None:
        raise ValueError(
            "CBR replicates into a vault: give destination_vault_id, a replication vault of "
            "the destination project in the destination region (ListExternalVault lists them)"
        )
    if not api.has_vaults and vault is not None:
        raise ValueError("CSBS replicates to a region, not a vault: destination_vault_id is CBR's")
    target = Target(
        project_id=project_id,
        item_id=item,
        destination_region=destination_region,
        destination_project_id=destination_project_id,
        name=name,
        description=description,
        enable_acceleration=enable_acceleration,
        destination_vault_id=vault,
    )
    return replicate_flow(api, target, policy or RetryPolicy(), clock, rng or random.Random())


def _find_out(
    ctx: _Context, target: Target, seen: _Seen, settle: float, attempt: int, outcome: Outcome
) -> Generator[Effect, Outcome, Replication | None]:
    """After a lost answer: this call's replication, if the service shows one."""
    looks = 2 if settle > 0 else 1
    for look in range(looks):
        if look:
            remaining = ctx.remaining()
            if remaining <= 0:
                break
            yield Pause(min(settle, remaining))
        try:
            now = yield from ctx.backup(target.project_id, target.item_id)
            mine = yield from _evidence(ctx, target, seen, now.backup, attempt)
        except CsbsError as exc:  # unreachable until the deadline, or the read refused
            why = (
                outcome.reason
                if isinstance(outcome, Lost)
                else f"HTTP {outcome.status}"
                if isinstance(outcome, Answer)
                else "no answer"
            )
            raise OutcomeUnknown(
                OUTCOME_UNKNOWN,
                f"the answer to {ctx.api.replicate_operation} was lost ({why}) and the service "
                f"could not be asked whether it was accepted: {exc.error_code}: {exc.error_msg}",
                request_id=exc.request_id,
                status=exc.status,
            ) from exc
        if mine is not None:
            return mine
    return None


def _evidence(
    ctx: _Context, target: Target, seen: _Seen, now: BackupView, attempt: int
) -> Generator[Effect, Outcome, Replication | None]:
    """This call's replication, as the service shows it now beside what was `seen` before."""
    region, project = target.destination_region, target.destination_project_id

    def recovered(record_id: str | None = None, source_region: str | None = None) -> Replication:
        return _replication(ctx.api, target, record_id, source_region, attempt, recovered=True)

    if now.records is not None and seen.records is not None:
        new = [r for r in now.records if r.id not in seen.records and _to(r, region, project)]
        return recovered(new[0].id, new[0].source_region) if new else None
    # The service lists no records: the source's copy state, its tasks, the destination.
    copy = now.copy
    if copy is not None and seen.copy is not None and copy.mark != seen.copy.mark and copy.started:
        return recovered()
    if seen.tasks is not None:
        tasks = yield from _tasks(ctx, now, target.project_id, region, project)
        if tasks is not None and {t.id for t in tasks} - seen.tasks:
            return recovered()
    if seen.replicas is not None:
        found = yield from _replicas(ctx, now, region, project, target.destination_vault_id)
        if found is not None and {b.id for b in found} - seen.replicas:
            return recovered()
    return None


# -- wait -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _State:
    """Where the copy is, from its record, the copy state or its task."""

    status: str
    percent: int | None = None
    record_id: str | None = None
    replica_id: str | None = None
    source_region: str | None = None
    failure: Failure | None = None


def _record_state(backup: BackupView, replication: Replication) -> _State | None:
    """The copy's record (by id; without one, the newest to the destination), else the
    CSBS copy state; None when the service shows neither."""
    records = backup.records
    if records is not None:
        if replication.record_id is not None:
            record = next((r for r in records if r.id == replication.record_id), None)
        else:
            region, project = replication.destination_region, replication.destination_project_id
            record = next((r for r in records if _to(r, region, project)), None)
        if record is not None:
            return _State(
                record.status,
                record.percent,
                record.id,
                record.replica_id,
                record.source_region,
                record.failure,
            )
    copy = backup.copy
    if copy is not None:
        return _State(copy.status, copy.percent, failure=copy.failure)
    return None


def _state(
    ctx: _Context, replication: Replication, read: _Read
) -> Generator[Effect, Outcome, _State]:
    state = _record_state(read.backup, replication)
    if state is None and read.backup.records is None and ctx.api.has_tasks:
        tasks = yield from _tasks(
            ctx,
            read.backup,
            replication.project_id,
            replication.destination_region,
            replication.destination_project_id,
        )
        if tasks:
            task = tasks[0]
            state = _State(
                task.status, task.percent, replica_id=task.replica_id, failure=task.failure
            )
    return state or _State(NOT_LISTED)


def _failed(state: _State, replication: Replication, read: _Read) -> ReplicationFailed:
    failure = state.failure or Failure(None, None, "")
    return ReplicationFailed(
        record_id=state.record_id or replication.record_id,
        fail_code=failure.code,
        fail_description=failure.description,
        fail_reason=failure.reason or _NO_REASON.get(state.status, ""),
        request_id=read.request_id,
    )


def wait_flow(
    api: Api,
    replication: Replication,
    timeout: float,
    backoff: Backoff,
    clock: Clock,
    rng: random.Random,
    on_progress: Callable[[Progress], None] | None,
) -> Generator[Effect, Outcome, Replica]:
    started = clock()
    ctx = _Context(api, clock, rng, backoff, started + timeout)
    progress: Progress | None = None
    unconfirmed: str | None = None  # a replica the record names, not yet in the destination
    polls = 0
    while True:
        polls += 1
        try:
            read = yield from ctx.backup(replication.project_id, replication.checkpoint_item_id)
            state = yield from _state(ctx, replication, read)
            progress = Progress(
                status=state.status,
                percent=state.percent,
                elapsed=clock() - started,
                polls=polls,
                record_id=state.record_id or replication.record_id,
            )
            if on_progress is not None:
                on_progress(progress)
            if state.status in SUCCEEDED:
                replica = yield from _confirm(ctx, replication, read.backup, state)
                if replica is not None:
                    return replica
                unconfirmed = state.replica_id or "the replica"
            elif state.status in FAILED:
                raise _failed(state, replication, read)
        except Unreachable as exc:
            where = progress.describe() if progress else "never read"
            raise WaitTimeout(
                f"no answer from the service before the {timeout:g}s deadline (the copy was "
                f"{where}): {exc.error_msg}",
                progress=progress,
                request_id=exc.request_id,
                status=exc.status,
            ) from exc
        remaining = ctx.remaining()
        if remaining <= 0:
            message = f"the copy was still {progress.describe()} at the {timeout:g}s deadline"
            if unconfirmed is not None and state.status in SUCCEEDED:
                message = (
                    f"the copy succeeded, but {unconfirmed} was not visible in "
                    f"{replication.destination_region} (project "
                    f"{replication.destination_project_id}) by the {timeout:g}s deadline"
                )
            raise WaitTimeout(message, progress=progress, request_id=read.request_id)
        yield Pause(min(backoff.pause(polls - 1, rng), remaining))


def _confirm(
    ctx: _Context, replication: Replication, source: BackupView, state: _State
) -> Generator[Effect, Outcome, Replica | None]:
    """The replica a succeeded copy made, as the destination shows it; None while the
    destination does not show it yet."""
    region, project = replication.destination_region, replication.destination_project_id
    replica_id = state.replica_id
    if replica_id is None:  # the service did not name it: the newest replica of the resource
        found = yield from _replicas(ctx, source, region, project, replication.destination_vault_id)
        if not found:
            return None
        replica_id = found[0].id

    def replica(backup: Any) -> Replica:
        assert replica_id is not None
        return Replica(
            id=replica_id,
            region=region,
            project_id=project,
            record_id=state.record_id,
            source_item_id=replication.checkpoint_item_id,
            source_region=state.source_region or replication.source_region,
            backup=backup,
        )

    try:
        UUID(replica_id)
    except ValueError:
        return replica(None)  # not an id showBackup could take; the record is the evidence
    answer = yield from ctx.read(Show(project, replica_id, region))
    view = ctx.api.backup(answer.parsed) if answer.status == 200 else None
    if view is not None:
        return replica(view.model)
    if answer.status == 404:
        return None  # not visible in the destination yet
    if answer.status in (401, 403):
        return replica(None)  # these credentials cannot read the destination
    raise api_error(ctx.api, answer, "showBackup")
