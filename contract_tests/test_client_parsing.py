"""The generated client parses every answer the target gives, for every operation and status.

Owns: one case per (operation, status, error_code) the target can be brought to answer — 200
and each documented error: 400 (each business code of replicate, and `CSBS.9001`), 401, 403,
404, 413, and 500/503 through the control plane's fault injection (`PUT /_emulator/faults`).
Each answer goes through `model_harness.checked`: `parsed` is the operation's model for 200
and `ServiceError` for errors, `to_dict()` gives the body back exactly, and the body, its
`Content-Type` and `X-Request-Id` are as the spec says. 200 bodies are made rich first: a
succeeded copy (a replica with `copy_from`), a failed one (`fail_code`), a copying one, and a
listing with a `next` link.
Must not import: the emulator's internals.

Against a target that is not an emulator the cases that need no world run through the
target's own credentials and project; those that need the world (seeded copies, other
tenants, fault injection) cannot run there and skip saying so; replicate cases also need
`--allow-replicate`, and even then only the one the gateway refuses (a bogus token) is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

import httpx
import pytest

from contract_tests.model import (
    BAD_PROJECT,
    BAD_REGION,
    DUPLICATE,
    FORBIDDEN,
    INVALID,
    NO_ENDPOINT,
    NOT_AVAILABLE,
    NOT_FOUND,
    OK,
    UNAUTHENTICATED,
    Expect,
)
from contract_tests.model_harness import (
    BOGUS_TOKEN,
    EAST,
    HOME,
    MAIN_TOKEN,
    OTHER,
    RO_TOKEN,
    UNKNOWN_ID,
    UNKNOWN_PROJECT,
    UNKNOWN_REGION,
    WORLD,
    ApiClient,
    Endpoint,
    call,
    checked,
    host_of,
    restore_demo,
)
from contract_tests.target import Target, new_emulator_app
from csbs_client.api.backups import count_backups, list_backups, show_backup
from csbs_client.api.capabilities import show_replication_capabilities
from csbs_client.api.replication import replicate_backup
from csbs_client.models import (
    BackupStatus,
    CopyStatus,
    CountBackupsResponse,
    FailCode,
    LinkRel,
    ListBackupsResponse,
    ProviderId,
    ReplicateRequest,
    ReplicateResponse,
    ReplicationCapabilities,
    ReplicationParam,
    ReplicationRecordStatus,
    ShowBackupResponse,
)
from csbs_client.types import Response

PROVIDER = ProviderId.FC4D5750_22E7_4798_8A46_F48F62C4C1DA
BACKUPS = {b["name"]: b["id"] for b in WORLD["backups"]}
SUCCEEDED, FAILED, COPYING = BACKUPS["home-a"], BACKUPS["home-b"], BACKUPS["home-c"]


@dataclass
class Prepared:
    """The target as the cases see it: the caller's own client and project, and, on an
    emulator, the suite's world with three copies in three states."""

    endpoint: Endpoint
    own: ApiClient  # the caller's own credentials
    project: str
    world: bool  # WORLD is loaded: the world's ids, tokens and the control plane exist
    lifecycle: str = ""
    replica: str = ""  # the replica of SUCCEEDED in EAST

    def client(self, who: str, host: str | None = None) -> ApiClient:
        if who == OWN:
            return self.own if host is None else self.endpoint.api(MAIN_TOKEN, host)
        return self.endpoint.api(who, host)


OWN = "own"  # the caller's own credentials, whatever they are (token or AK/SK)


def _replicate(endpoint: Endpoint, item: str, region: str, project: str) -> Response[Any]:
    body = ReplicateRequest(
        replication=ReplicationParam(destination_region=region, destination_project_id=project)
    )
    api = endpoint.api(MAIN_TOKEN)
    return replicate_backup.sync_detailed(HOME, PROVIDER, UUID(item), client=api, body=body)


def _record_id(response: Response[Any]) -> str:
    assert response.status_code == 200, response.content
    parsed: Any = response.parsed
    return str(parsed.replication.replication_record_id)  # a UUID as the client types it


def _end(endpoint: Endpoint, lifecycle: str, record_id: str, outcome: str) -> dict[str, Any]:
    if lifecycle != "instant":
        response = endpoint.control_call(
            "POST", f"/_emulator/replications/{record_id}/advance", {"outcome": outcome}
        )
        assert response.status_code == 200, response.text
    records = endpoint.control_call("GET", "/_emulator/replications").json()
    record = next(r for r in records["replication_records"] if r["id"] == record_id)
    assert record["status"] == outcome, record
    return dict(record)


def prepare(endpoint: Endpoint) -> Prepared:
    lifecycle = endpoint.load_world(WORLD)
    ok = _end(
        endpoint,
        lifecycle,
        _record_id(_replicate(endpoint, SUCCEEDED, "cn-east-2", EAST)),
        "success",
    )
    if lifecycle == "instant":  # the copy ends before the answer: make that one fail
        failures = {"replication_failures": {"next_n": 1}}
        assert endpoint.control_call("PUT", "/_emulator/faults", failures).status_code == 200
    _end(endpoint, lifecycle, _record_id(_replicate(endpoint, FAILED, "cn-east-2", EAST)), "fail")
    if lifecycle != "instant":  # a copy still running
        _record_id(_replicate(endpoint, COPYING, "cn-east-2", EAST))
    own = endpoint.api(MAIN_TOKEN)
    return Prepared(endpoint, own, HOME, True, lifecycle, str(ok["destination_item_id"]))


@pytest.fixture(scope="module")
def parsing_target(target: Target) -> Iterator[Prepared]:
    """The target, prepared. In-process the suite gets its own emulator (the session's is
    shared with other suites); a `--base-url` emulator gets the demo dataset back afterwards;
    anything else is used as it is, through its own credentials and project."""
    if target.base_url is None:
        app = new_emulator_app(lifecycle="manual")
        endpoint = Endpoint.in_process(app)
        try:
            yield prepare(endpoint)
        finally:
            endpoint.close()
            app.close()
        return
    if not target.is_emulator:
        if target.project_id is None:
            pytest.fail("no project id to call the target with: set CSBS_PROJECT_ID")
        endpoint = Endpoint.for_target(target)
        assert endpoint.own is not None
        try:
            yield Prepared(endpoint, endpoint.own, target.project_id, world=False)
        finally:
            endpoint.close()
        return
    endpoint = Endpoint.for_target(target)
    try:
        yield prepare(endpoint)
    finally:
        restore_demo(endpoint)
        endpoint.close()


# -- the cases --------------------------------------------------------------------------------

Send = Callable[[Prepared], Response[Any]]


@dataclass(frozen=True)
class Case:
    id: str
    operation: str
    expect: Expect
    send: Send
    world: bool = False  # needs the suite's world (and the emulator's control plane)
    fault: int | None = None  # inject this status for the call (control plane)
    # What the typed answer must show, so a 200 body is known to be as rich as intended.
    shows: Callable[[Any, Prepared], None] | None = None

    @property
    def ok_type(self) -> type:
        return {
            "replicateBackup": ReplicateResponse,
            "showBackup": ShowBackupResponse,
            "listBackups": ListBackupsResponse,
            "countBackups": CountBackupsResponse,
            "showReplicationCapabilities": ReplicationCapabilities,
        }[self.operation]


def _show(item: str, project: str | None = None, who: str = OWN, host: str | None = None) -> Send:
    def send(p: Prepared) -> Response[Any]:
        api = p.client(who, host)
        return show_backup.sync_detailed(project or p.project, UUID(item), client=api)

    return send


def _show_raw_id(raw: str) -> Send:
    # The client types the id as a UUID; a malformed one is sent as the raw string would be.
    def send(p: Prepared) -> Response[Any]:
        return show_backup.sync_detailed(p.project, cast(UUID, raw), client=p.own)

    return send


def _list(project: str | None = None, who: str = OWN, **params: Any) -> Send:
    def send(p: Prepared) -> Response[Any]:
        api = p.client(who)
        return list_backups.sync_detailed(project or p.project, client=api, **params)

    return send


def _count(
    project: str | None = None, who: str = OWN, host: str | None = None, **params: Any
) -> Send:
    def send(p: Prepared) -> Response[Any]:
        api = p.client(who, host)
        return count_backups.sync_detailed(project or p.project, client=api, **params)

    return send


def _counted(parsed: CountBackupsResponse, p: Prepared) -> None:
    assert isinstance(parsed.count, int)
    assert parsed.count >= 0
    if p.world:  # the suite's world: the caller's home project holds backups
        assert parsed.count > 0


def _capabilities(
    project: str | None = None, who: str = OWN, host: str | None = None, extra_query: bool = False
) -> Send:
    def send(p: Prepared) -> Response[Any]:
        if not extra_query:
            api = p.client(who, host)
            return show_replication_capabilities.sync_detailed(project or p.project, client=api)
        # A query parameter the operation does not declare, added by the httpx client
        # underneath (the generated function has no way to send one): 400 CSBS.9001.
        http = p.own.get_httpx_client()
        http.params = httpx.QueryParams({"unknown": "1"})
        try:
            return show_replication_capabilities.sync_detailed(project or p.project, client=p.own)
        finally:
            http.params = httpx.QueryParams()

    return send


def _replicate_case(
    item: str = BACKUPS["home-volume"],
    region: str = "cn-south-1",
    dest: str | None = None,
    who: str = OWN,
    description: str | None = None,
) -> Send:
    def send(p: Prepared) -> Response[Any]:
        params = ReplicationParam(
            destination_region=region,
            destination_project_id=dest or _project_in(region),
        )
        if description is not None:
            params.description = description
        body = ReplicateRequest(replication=params)
        api = p.client(who)
        return replicate_backup.sync_detailed(
            p.project, PROVIDER, UUID(item), client=api, body=body
        )

    return send


def _project_in(region: str) -> str:
    return str(next(p["id"] for p in WORLD["projects"] if p["region"] == region))


def _copy_state(
    status: CopyStatus, record: ReplicationRecordStatus
) -> Callable[[Any, Prepared], None]:
    def shows(parsed: ShowBackupResponse, p: Prepared) -> None:
        item = parsed.checkpoint_item
        assert item.extend_info.copy_status is status
        assert isinstance(item.replication_records, list)
        assert item.replication_records[0].status is record
        if status is CopyStatus.FAIL:
            assert isinstance(item.extend_info.fail_code, FailCode)
            assert item.extend_info.fail_code.code
            assert item.extend_info.fail_op == "replicate"
        if status is CopyStatus.SUCCESS:
            assert str(item.replication_records[0].destination_checkpoint_item_id) == p.replica

    return shows


def _is_replica(parsed: ShowBackupResponse, p: Prepared) -> None:
    assert str(parsed.checkpoint_item.id) == p.replica
    assert parsed.checkpoint_item.extend_info.copy_from == "cn-north-1"


def _has_next_link(parsed: ListBackupsResponse, p: Prepared) -> None:
    if not p.world:  # a real project may hold fewer than three backups
        return
    assert len(parsed.checkpoint_items) == 2
    assert isinstance(parsed.checkpoint_items_links, list)
    assert parsed.checkpoint_items_links[0].rel is LinkRel.NEXT


# Cases marked world=True need the suite's world (its ids, tokens, seeded copies, the control
# plane); the others run against any target, through its own credentials and project.
SHOW = [
    Case(
        "source-succeeded",
        "showBackup",
        OK,
        _show(SUCCEEDED),
        world=True,
        shows=_copy_state(CopyStatus.SUCCESS, ReplicationRecordStatus.SUCCESS),
    ),
    Case(
        "source-failed",
        "showBackup",
        OK,
        _show(FAILED),
        world=True,
        shows=_copy_state(CopyStatus.FAIL, ReplicationRecordStatus.FAIL),
    ),
    Case(
        "source-copying",
        "showBackup",
        OK,
        _show(COPYING),
        world=True,
        shows=lambda parsed, p: (
            None
            if p.lifecycle == "instant"  # nothing stays copying there
            else _copy_state(CopyStatus.COPYING, ReplicationRecordStatus.COPYING)(parsed, p)
        ),
    ),
    Case(
        "replica",
        "showBackup",
        OK,
        lambda p: _show(p.replica, EAST, host=host_of("cn-east-2"))(p),
        world=True,
        shows=_is_replica,
    ),
    Case("malformed-id", "showBackup", INVALID, _show_raw_id("not-a-uuid")),
    Case("bad-token", "showBackup", UNAUTHENTICATED, _show(UNKNOWN_ID, who=BOGUS_TOKEN)),
    Case("foreign-project", "showBackup", FORBIDDEN, _show(UNKNOWN_ID, project=UNKNOWN_PROJECT)),
    Case("other-tenant", "showBackup", FORBIDDEN, _show(SUCCEEDED, project=OTHER), world=True),
    Case("unknown", "showBackup", NOT_FOUND, _show(UNKNOWN_ID)),
    Case(
        "fault-500",
        "showBackup",
        Expect(500, "CSBS.9999"),
        _show(SUCCEEDED),
        world=True,
        fault=500,
    ),
    Case(
        "fault-503",
        "showBackup",
        Expect(503, "CSBS.9998"),
        _show(SUCCEEDED),
        world=True,
        fault=503,
    ),
]
LIST = [
    Case("first-page", "listBackups", OK, _list(limit=2), shows=_has_next_link),
    Case("everything", "listBackups", OK, _list()),
    Case("limit-0", "listBackups", INVALID, _list(limit=0)),
    Case("bad-token", "listBackups", UNAUTHENTICATED, _list(who=BOGUS_TOKEN)),
    Case("foreign-project", "listBackups", FORBIDDEN, _list(project=UNKNOWN_PROJECT)),
    Case("unknown-marker", "listBackups", NOT_FOUND, _list(marker=UUID(UNKNOWN_ID))),
    Case("fault-500", "listBackups", Expect(500, "CSBS.9999"), _list(), world=True, fault=500),
    Case("fault-503", "listBackups", Expect(503, "CSBS.9998"), _list(), world=True, fault=503),
]
COUNT = [
    Case("everything", "countBackups", OK, _count(), shows=_counted),
    Case("filtered", "countBackups", OK, _count(status=BackupStatus.AVAILABLE, name="a")),
    Case("bad-time", "countBackups", INVALID, _count(start_time="yesterday")),
    Case("bad-token", "countBackups", UNAUTHENTICATED, _count(who=BOGUS_TOKEN)),
    Case("foreign-project", "countBackups", FORBIDDEN, _count(project=UNKNOWN_PROJECT)),
    Case(
        "unknown-region-host",
        "countBackups",
        NO_ENDPOINT,
        _count(host=host_of(UNKNOWN_REGION)),
        world=True,
    ),
    Case("fault-500", "countBackups", Expect(500, "CSBS.9999"), _count(), world=True, fault=500),
    Case("fault-503", "countBackups", Expect(503, "CSBS.9998"), _count(), world=True, fault=503),
]
CAPABILITIES = [
    Case("all", "showReplicationCapabilities", OK, _capabilities()),
    Case("unknown-query", "showReplicationCapabilities", INVALID, _capabilities(extra_query=True)),
    Case(
        "bad-token",
        "showReplicationCapabilities",
        UNAUTHENTICATED,
        _capabilities(who=BOGUS_TOKEN),
    ),
    Case(
        "foreign-project",
        "showReplicationCapabilities",
        FORBIDDEN,
        _capabilities(project=UNKNOWN_PROJECT),
    ),
    Case(
        "unknown-region-host",
        "showReplicationCapabilities",
        NO_ENDPOINT,
        _capabilities(host=host_of(UNKNOWN_REGION)),
        world=True,
    ),
    Case(
        "fault-500",
        "showReplicationCapabilities",
        Expect(500, "CSBS.9999"),
        _capabilities(),
        world=True,
        fault=500,
    ),
    Case(
        "fault-503",
        "showReplicationCapabilities",
        Expect(503, "CSBS.9998"),
        _capabilities(),
        world=True,
        fault=503,
    ),
]
REPLICATE = [
    Case("accepted", "replicateBackup", OK, _replicate_case(), world=True),
    Case(
        "bad-description",
        "replicateBackup",
        INVALID,
        _replicate_case(description="a <b>"),
        world=True,
    ),
    Case(
        "not-available",
        "replicateBackup",
        NOT_AVAILABLE,
        _replicate_case(item=BACKUPS["home-protecting"]),
        world=True,
    ),
    Case(
        "unknown-region",
        "replicateBackup",
        BAD_REGION,
        _replicate_case(region=UNKNOWN_REGION, dest=EAST),
        world=True,
    ),
    Case(
        "own-region",
        "replicateBackup",
        BAD_REGION,
        _replicate_case(region="cn-north-1"),
        world=True,
    ),
    Case(
        "project-elsewhere",
        "replicateBackup",
        BAD_PROJECT,
        _replicate_case(dest=EAST),
        world=True,
    ),
    Case(
        "duplicate",
        "replicateBackup",
        DUPLICATE,
        _replicate_case(item=SUCCEEDED, region="cn-east-2"),
        world=True,
    ),
    # Refused by the gateway before anything is read: safe on any target that allows it.
    Case(
        "bad-token",
        "replicateBackup",
        UNAUTHENTICATED,
        _replicate_case(item=UNKNOWN_ID, who=BOGUS_TOKEN),
    ),
    Case("read-only", "replicateBackup", FORBIDDEN, _replicate_case(who=RO_TOKEN), world=True),
    Case("unknown", "replicateBackup", NOT_FOUND, _replicate_case(item=UNKNOWN_ID), world=True),
    Case(
        "too-large",
        "replicateBackup",
        Expect(413, "APIGW.0201"),
        _replicate_case(description="x" * (1024 * 1024 + 1)),
        world=True,
    ),
    Case(
        "fault-500",
        "replicateBackup",
        Expect(500, "CSBS.9999"),
        _replicate_case(),
        world=True,
        fault=500,
    ),
    Case(
        "fault-503",
        "replicateBackup",
        Expect(503, "CSBS.9998"),
        _replicate_case(),
        world=True,
        fault=503,
    ),
]
CASES = [*SHOW, *LIST, *COUNT, *CAPABILITIES, *REPLICATE]


def test_every_documented_status_has_a_case() -> None:
    """Each operation's declared statuses are all covered here (the spec is the checklist)."""
    from contract_tests.model_harness import spec_schemas

    doc = spec_schemas().doc
    for item in doc["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            declared = {int(s) for s in operation["responses"]}
            covered = {c.expect.status for c in CASES if c.operation == operation["operationId"]}
            # 404 APIGW.0101 of an unknown region host is reachable on every operation, and
            # tested once (capabilities); the spec declares 404 only where a code is listed.
            assert declared <= covered, (
                f"{operation['operationId']}: no case for {declared - covered}"
            )


@pytest.mark.parametrize("case", CASES, ids=[f"{c.operation}-{c.id}" for c in CASES])
def test_client_parses_answer(case: Case, parsing_target: Prepared, target: Target) -> None:
    if case.operation == "replicateBackup" and not target.may_replicate:
        pytest.skip(
            "replicate is not sent to a target that is not an emulator without --allow-replicate"
        )
    prepared = parsing_target
    if case.world and not prepared.world:
        pytest.skip(
            "needs the suite's world and the emulator's control plane (seeded copies, fault "
            "injection); the target is not an emulator"
        )
    if case.fault is not None:
        rule = {"operation": case.operation, "status": case.fault, "next_n": 1}
        response = prepared.endpoint.control_call("PUT", "/_emulator/faults", {"rules": [rule]})
        assert response.status_code == 200, response.text
    what = f"{case.operation} {case.id}"
    try:
        answer = call(what, lambda: case.send(prepared))
    finally:
        if case.fault is not None:
            prepared.endpoint.control_call("PUT", "/_emulator/faults", {})
    checked(answer, case.expect, case.operation, case.ok_type, what)
    if case.shows is not None:
        case.shows(answer.parsed, prepared)
