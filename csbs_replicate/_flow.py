"""Replicate and wait as plain generators: all the deciding, none of the I/O (sans-IO).

Owns: the logic. A flow yields effects — a call to make (`Show`, `Find`, `Post`) or a
`Pause` — and is sent each call's outcome (`Answer`, or `Lost` when no answer could be
read); `blocking` and `aio` run the same flows over the generated client's sync and async
functions, so the two cannot drift apart, and tests can drive a flow by hand.

The lost answer. replicateBackup is not idempotent: a blind retry after a lost answer meets
`BackupService.1009`, or makes a second copy once a first one has failed. So, before its
first call, `replicate_flow` reads the source backup and notes what it shows (its
replication records; where the service lists none, its copy state and the replicas already
in the destination). When an answer is lost — a transport error after the request may have
left, a read timeout, an unreadable answer, or a 429/5xx that a proxy may have sent for a
committed call — it asks the service before anything else: a record to the destination that
was not there before is this call's (accepted: no retry). Only when the service shows
nothing (looked at twice, `settle` seconds apart) is the call sent again; a call that never
reached the service (a connect error) is sent again without looking. A `BackupService.1009`
after a lost answer is the lost call's own replication, found the same way.
Must not import: httpx, the emulator. The generated client's models only, no I/O.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from dataclasses import dataclass
from uuid import UUID

from csbs_client.models import (
    Backup,
    ListBackupsResponse,
    ReplicateRequest,
    ReplicateResponse,
    ReplicationParam,
    ReplicationRecord,
    ServiceError,
    ShowBackupResponse,
)
from csbs_client.types import Unset

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
# error. For replicateBackup they are also answers that may hide a committed call.
TRANSIENT = frozenset({429, 500, 502, 503, 504})
SUCCEEDED = frozenset({"success"})
# `fail` is the documented end; `skip` is one of Huawei's Java SDK's record statuses.
FAILED = frozenset({"fail", "skip"})
# copy_status values that show a replication was started.
STARTED = frozenset({"waiting_copy", "copying", "success", "fail"})

Clock = Callable[[], float]


# -- effects and outcomes -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Show:
    """showBackup. `region` None: at the source's endpoint; else the destination's."""

    project_id: str
    item_id: str
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Find:
    """listBackups of one project, narrowed to the backups of one resource."""

    project_id: str
    resource_id: str
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """replicateBackup."""

    project_id: str
    item_id: str
    body: ReplicateRequest


@dataclass(frozen=True, slots=True)
class Pause:
    seconds: float


Effect = Show | Find | Post | Pause


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer that was read: its status, the generated client's model of its body (a
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


# -- what a replicate is for ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    project_id: str
    item_id: str
    destination_region: str
    destination_project_id: str
    name: str | None = None
    description: str | None = None
    enable_acceleration: bool = False

    def body(self) -> ReplicateRequest:
        param = ReplicationParam(
            destination_region=self.destination_region,
            destination_project_id=self.destination_project_id,
        )
        if self.name is not None:
            param.name = self.name
        if self.description is not None:
            param.description = self.description
        param.enable_acceleration = self.enable_acceleration
        return ReplicateRequest(replication=param)


def api_error(answer: Answer, operation: str, kind: type[ApiError] = ApiError) -> ApiError:
    """The typed error of an error answer, with the body's request id or the header's."""
    parsed = answer.parsed
    if isinstance(parsed, ServiceError):
        request_id = parsed.request_id if isinstance(parsed.request_id, str) else None
        return kind(
            parsed.error_code,
            parsed.error_msg,
            request_id=request_id or answer.request_id,
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


def _failure(outcome: Outcome, code: str, message: str, kind: type[CsbsError]) -> CsbsError:
    """An error naming the last outcome: its code and request id when it was an answer."""
    if isinstance(outcome, Answer):
        error = api_error(outcome, "")
        return kind(
            error.error_code,
            f"{message}; last answer: {error.error_msg}",
            request_id=error.request_id,
            status=outcome.status,
        )
    reason = outcome.reason if isinstance(outcome, Lost) else "no answer"
    return kind(code, f"{message}; last: {reason}")


class _Context:
    """A flow's clock, randomness, backoff and deadline, and its retried reads."""

    def __init__(self, clock: Clock, rng: random.Random, backoff: Backoff, deadline: float) -> None:
        self.clock = clock
        self.rng = rng
        self.backoff = backoff
        self.deadline = deadline

    def remaining(self) -> float:
        return self.deadline - self.clock()

    def read(self, effect: Show | Find) -> Generator[Effect, Outcome, Answer]:
        """The definite answer to a read, retried after a transport failure, an unreadable
        answer, a 429 or a 5xx until the deadline (then `Unreachable`)."""
        tries = 0
        while True:
            outcome = yield effect
            if isinstance(outcome, Answer) and outcome.status not in TRANSIENT:
                return outcome
            remaining = self.remaining()
            if remaining <= 0:
                operation = "showBackup" if isinstance(effect, Show) else "listBackups"
                raise _failure(outcome, UNREACHABLE, f"{operation} kept failing", Unreachable)
            yield Pause(min(self.backoff.pause(tries, self.rng), remaining))
            tries += 1

    def backup(self, project_id: str, item_id: str) -> Generator[Effect, Outcome, _Read]:
        """The source backup as showBackup answers it; any error answer raises."""
        answer = yield from self.read(Show(project_id, item_id))
        parsed = answer.parsed
        if answer.status == 200 and isinstance(parsed, ShowBackupResponse):
            return _Read(parsed.checkpoint_item, answer.request_id)
        raise api_error(answer, "showBackup")


@dataclass(frozen=True, slots=True)
class _Read:
    backup: Backup
    request_id: str | None


# -- reading a backup -----------------------------------------------------------------------


def _text(value: object) -> str | None:
    """A member that may be missing (UNSET), null or blank, as text or None."""
    if value is None or isinstance(value, Unset):
        return None
    text = str(value)
    return text or None


def _records(backup: Backup) -> list[ReplicationRecord] | None:
    """The backup's replication records, newest first; None when the service lists none."""
    if isinstance(backup.replication_records, Unset):
        return None
    return list(backup.replication_records)


def _to(record: ReplicationRecord, region: str, project_id: str) -> bool:
    project = _text(record.destination_project_id)
    return record.destination_region == region and project in (None, project_id)


def _existing(record: ReplicationRecord) -> Existing:
    return Existing(
        record_id=str(record.id),
        status=str(record.status),
        destination_region=record.destination_region,
        destination_project_id=_text(record.destination_project_id),
        created_at=_text(record.created_at),
        destination_item_id=_text(record.destination_checkpoint_item_id),
    )


def _copy_state(backup: Backup) -> tuple[str, str | None, str | None]:
    info = backup.extend_info
    return (str(info.copy_status), _text(backup.updated_at), _text(info.fail_reason))


@dataclass(frozen=True, slots=True)
class _Seen:
    """What the source showed before the first replicate call."""

    records: frozenset[str] | None  # ids of its replication records; None: none listed
    copy_state: tuple[str, str | None, str | None]
    replicas: frozenset[str] | None  # replicas in the destination (only when no records)


def _replicas(
    ctx: _Context, source: Backup, region: str, project_id: str
) -> Generator[Effect, Outcome, list[Backup] | None]:
    """The replicas of `source`'s resource in `project_id` of `region` (the destination),
    newest first; None when the destination cannot be read (for instance, credentials of the
    source only)."""
    answer = yield from ctx.read(Find(project_id, str(source.resource_id), region))
    parsed = answer.parsed
    if answer.status != 200 or not isinstance(parsed, ListBackupsResponse):
        return None
    found = [b for b in parsed.checkpoint_items if _text(b.extend_info.copy_from) is not None]
    return sorted(found, key=lambda b: _text(b.created_at) or "", reverse=True)


# -- replicate ------------------------------------------------------------------------------


def replicate_flow(
    target: Target, policy: RetryPolicy, clock: Clock, rng: random.Random
) -> Generator[Effect, Outcome, Replication]:
    ctx = _Context(clock, rng, policy.backoff, clock() + policy.timeout)
    before = (yield from ctx.backup(target.project_id, target.item_id)).backup
    records = _records(before)
    replicas = None
    if records is None:
        found = yield from _replicas(
            ctx, before, target.destination_region, target.destination_project_id
        )
        replicas = None if found is None else frozenset(str(b.id) for b in found)
    seen = _Seen(
        None if records is None else frozenset(str(r.id) for r in records),
        _copy_state(before),
        replicas,
    )
    lost = False  # an answer of this call was lost: a replication may be ours
    outcome: Outcome = None
    for attempt in range(1, policy.attempts + 1):
        if attempt > 1:
            remaining = ctx.remaining()
            if remaining <= 0:
                break
            yield Pause(min(policy.backoff.pause(attempt - 2, rng), remaining))
        outcome = yield Post(target.project_id, target.item_id, target.body())
        if isinstance(outcome, Answer) and outcome.status not in TRANSIENT:
            parsed = outcome.parsed
            if outcome.status == 200 and isinstance(parsed, ReplicateResponse):
                r = parsed.replication
                return Replication(
                    project_id=target.project_id,
                    checkpoint_item_id=target.item_id,
                    destination_region=target.destination_region,
                    destination_project_id=target.destination_project_id,
                    record_id=str(r.replication_record_id),
                    source_region=r.source_region,
                    request_id=outcome.request_id,
                    attempts=attempt,
                )
            error = api_error(outcome, "replicateBackup", ReplicationRefused)
            if error.error_code != DUPLICATE_REPLICATION:
                raise error
            now = yield from ctx.backup(target.project_id, target.item_id)
            if lost:
                mine = yield from _evidence(ctx, target, seen, now.backup, attempt)
                if mine is not None:
                    return mine
            blocking = next(
                (
                    r
                    for r in _records(now.backup) or []
                    if _to(r, target.destination_region, target.destination_project_id)
                    and str(r.status) not in FAILED
                ),
                None,
            )
            raise AlreadyReplicated(
                error.error_code,
                error.error_msg,
                request_id=error.request_id,
                status=error.status,
                operation=error.operation,
                existing=None if blocking is None else _existing(blocking),
            )
        if isinstance(outcome, Lost) and not outcome.sent:
            continue  # it never reached the service: there is nothing to find out
        lost = True
        mine = yield from _find_out(ctx, target, seen, policy.settle, attempt, outcome)
        if mine is not None:
            return mine
    raise _failure(
        outcome,
        NOT_ACCEPTED,
        f"replicateBackup was not accepted after {policy.attempts} attempt(s) within "
        f"{policy.timeout:g}s, and the service shows no replication from any of them",
        ReplicationNotAccepted,
    )


def replicate_flow_for(
    project_id: str,
    checkpoint_item_id: str | UUID,
    destination_region: str,
    destination_project_id: str,
    name: str | None,
    description: str | None,
    enable_acceleration: bool,
    policy: RetryPolicy | None,
    clock: Clock,
    rng: random.Random | None,
) -> Generator[Effect, Outcome, Replication]:
    """`replicate_flow` for the arguments of the public `replicate` functions: the backup id
    checked (and written canonically) at once, a default policy and randomness."""
    target = Target(
        project_id=project_id,
        item_id=str(UUID(str(checkpoint_item_id))),
        destination_region=destination_region,
        destination_project_id=destination_project_id,
        name=name,
        description=description,
        enable_acceleration=enable_acceleration,
    )
    return replicate_flow(target, policy or RetryPolicy(), clock, rng or random.Random())


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
                f"the answer to replicateBackup was lost ({why}) and the service could not "
                f"be asked whether it was accepted: {exc.error_code}: {exc.error_msg}",
                request_id=exc.request_id,
                status=exc.status,
            ) from exc
        if mine is not None:
            return mine
    return None


def _evidence(
    ctx: _Context, target: Target, seen: _Seen, now: Backup, attempt: int
) -> Generator[Effect, Outcome, Replication | None]:
    """This call's replication, as `now` shows it beside what was `seen` before it."""

    def recovered(record_id: str | None, source_region: str | None) -> Replication:
        return Replication(
            project_id=target.project_id,
            checkpoint_item_id=target.item_id,
            destination_region=target.destination_region,
            destination_project_id=target.destination_project_id,
            record_id=record_id,
            source_region=source_region,
            attempts=attempt,
            recovered=True,
        )

    records = _records(now)
    if records is not None and seen.records is not None:
        new = [
            r
            for r in records
            if str(r.id) not in seen.records
            and _to(r, target.destination_region, target.destination_project_id)
        ]
        return recovered(str(new[0].id), _text(new[0].source_region)) if new else None
    # The service lists no records: the source's copy state, then the destination.
    state = _copy_state(now)
    if state != seen.copy_state and state[0] in STARTED:
        return recovered(None, None)
    if seen.replicas is not None:
        found = yield from _replicas(
            ctx, now, target.destination_region, target.destination_project_id
        )
        if found is not None and {str(b.id) for b in found} - seen.replicas:
            return recovered(None, None)
    return None


# -- wait -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _State:
    status: str
    percent: int | None
    record: ReplicationRecord | None


def _state(backup: Backup, replication: Replication) -> _State:
    """Where the copy is: its record's status, else (no records) the copy_status."""
    records = _records(backup)
    if records is not None:
        if replication.record_id is not None:
            record = next((r for r in records if str(r.id) == replication.record_id), None)
        else:
            record = next(
                (
                    r
                    for r in records
                    if _to(r, replication.destination_region, replication.destination_project_id)
                ),
                None,
            )
        if record is not None:
            extra = record.extra_info
            percent = None if isinstance(extra, Unset) else extra.progress
            return _State(str(record.status), percent if isinstance(percent, int) else None, record)
    info = backup.extend_info
    percent = info.progress if isinstance(info.progress, int) else None
    return _State(str(info.copy_status), percent, None)


def _failed(state: _State, replication: Replication, read: _Read) -> CsbsError:
    code: str | int | None = None
    description: str | None = None
    reason = ""
    if state.record is not None and not isinstance(state.record.extra_info, Unset):
        extra = state.record.extra_info
        fail = extra.fail_code
        reason = _text(extra.fail_reason) or ""
    else:
        fail = read.backup.extend_info.fail_code
        reason = _text(read.backup.extend_info.fail_reason) or ""
    if not isinstance(fail, Unset):
        code = None if isinstance(fail.code, Unset) else fail.code
        description = _text(fail.description)
    if state.status == "skip" and not reason:
        reason = "the service skipped the copy"
    record_id = str(state.record.id) if state.record is not None else replication.record_id
    return ReplicationFailed(
        record_id=record_id,
        fail_code=code,
        fail_description=description,
        fail_reason=reason,
        request_id=read.request_id,
    )


def wait_flow(
    replication: Replication,
    timeout: float,
    backoff: Backoff,
    clock: Clock,
    rng: random.Random,
    on_progress: Callable[[Progress], None] | None,
) -> Generator[Effect, Outcome, Replica]:
    started = clock()
    ctx = _Context(clock, rng, backoff, started + timeout)
    progress: Progress | None = None
    unconfirmed: str | None = None  # a replica the record names, not yet in the destination
    polls = 0
    while True:
        polls += 1
        try:
            read = yield from ctx.backup(replication.project_id, replication.checkpoint_item_id)
            state = _state(read.backup, replication)
            progress = Progress(
                status=state.status,
                percent=state.percent,
                elapsed=clock() - started,
                polls=polls,
                record_id=str(state.record.id) if state.record else replication.record_id,
            )
            if on_progress is not None:
                on_progress(progress)
            if state.status in SUCCEEDED:
                replica = yield from _confirm(ctx, replication, read.backup, state)
                if replica is not None:
                    return replica
                unconfirmed = _replica_id(state) or "the replica"
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


def _replica_id(state: _State) -> str | None:
    return None if state.record is None else _text(state.record.destination_checkpoint_item_id)


def _confirm(
    ctx: _Context, replication: Replication, source: Backup, state: _State
) -> Generator[Effect, Outcome, Replica | None]:
    """The replica a succeeded copy made, as the destination shows it; None while the
    destination does not show it yet."""
    record = state.record
    replica_id = _replica_id(state)
    source_region = None if record is None else _text(record.source_region)
    source_region = source_region or replication.source_region
    if replica_id is None:  # the service did not name it: the newest replica of the resource
        found = yield from _replicas(
            ctx, source, replication.destination_region, replication.destination_project_id
        )
        if not found:
            return None
        replica_id = str(found[0].id)

    def replica(backup: Backup | None) -> Replica:
        assert replica_id is not None
        return Replica(
            id=replica_id,
            region=replication.destination_region,
            project_id=replication.destination_project_id,
            record_id=None if record is None else str(record.id),
            source_item_id=replication.checkpoint_item_id,
            source_region=source_region,
            backup=backup,
        )

    try:
        UUID(replica_id)
    except ValueError:
        return replica(None)  # not an id showBackup could take; the record is the evidence
    answer = yield from ctx.read(
        Show(replication.destination_project_id, replica_id, replication.destination_region)
    )
    parsed = answer.parsed
    if answer.status == 200 and isinstance(parsed, ShowBackupResponse):
        return replica(parsed.checkpoint_item)
    if answer.status == 404:
        return None  # not visible in the destination yet
    if answer.status in (401, 403):
        return replica(None)  # these credentials cannot read the destination
    raise api_error(answer, "showBackup")
