"""Model-based stateful suite: the generated client against the target, checked by the model.

Owns: the `ReplicationMachine` (a Hypothesis `RuleBasedStateMachine`) and `run_model` (which
`test_mutants.py` reuses), the read-only `ObservedMachine` for targets the suite cannot
reset, and the test that runs them against the target. The world, the endpoint and the
per-answer checks are in `model_harness.py`; the rules in `model.py`.
Must not import: the emulator's service, store or operations (the model is independent).

Every call goes through the generated client and `checked` (status, `error_code`, headers,
schema, typed parse, round trip); then every body member the model knows is compared. The
answer must also agree with itself: a source's `copy_status` follows its newest record, and
at most one record per region is live. After each step the emulator's replication records
(control plane) must equal the model's. Server-assigned values are adopted when first seen.

Reads (issue 11): listBackups with random filters (values of one backup of the scope mostly,
so that ANDed filters still match; any part of a name in any case for the fuzzy ones; times
with short fractions), scopes (an administrator's `all_tenants` and anyone else's), sorts
(repeated keys, ties), limits, offsets and markers; each page is the model's, and following
the `next` links as written yields exactly the model's whole ordered listing. countBackups
equals the model's count and the length of the whole listing with the same filters. One
malformed parameter at a time is refused 400 CSBS.9001 naming it. Replicas are listed in
their projects (`image_type=replication`).

Against an emulator the suite owns the state: each example loads `WORLD`, and lifecycles are
driven through the control plane (`manual`: the `advance` rule; `instant`: completed on
acceptance; `delay`: advanced right after acceptance, before any tick can end it). A
`--base-url` emulator gets its demo dataset back afterwards. Against a target that is not an
emulator only the observed model runs: its model is what the target answered at the start,
it never replicates without `--allow-replicate`, and even with it sends only replicate calls
that a correct service must refuse (an unknown backup, no valid credentials).
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Final, TypeVar, cast
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from contract_tests.apis import CSBS, Api
from contract_tests.coverage import (
    NEEDS_A_RUNNING_COPY,
    RECORDER,
    UNAVAILABLE,
    expected_rows,
    filter_row,
    sort_row,
)
from contract_tests.model import (
    AVAILABLE,
    DUPLICATE,
    FILTER_MAX_LENGTH,
    FORBIDDEN,
    FUZZY_FILTERS,
    INT32_MAX,
    INVALID,
    LIST_FILTERS,
    LIVE_STATUSES,
    NOT_FOUND,
    OK,
    PAGE_MAX,
    PAGING_PARAMETERS,
    SORT_KEYS,
    TIME_FILTERS,
    UNAUTHENTICATED,
    Backup,
    Expect,
    ListQuery,
    ReplicateParams,
    ReplicationModel,
    full_timestamp,
    fuzzy_match,
    parse_sort,
)
from contract_tests.model_harness import (
    ADMIN_TOKEN,
    ASIA,
    BOGUS_TOKEN,
    EAST,
    EAST_B,
    EAST_X,
    EUROPE,
    FAIL_CODE,
    HOME,
    MAIN_TOKEN,
    OTHER,
    OTHER_TOKEN,
    POLICY_DAILY,
    RO_TOKEN,
    SOUTH,
    TOKENS,
    UNKNOWN_ID,
    UNKNOWN_PROJECT,
    UNKNOWN_REGION,
    WORLD,
    ApiClient,
    Endpoint,
    as_curl,
    assert_matches,
    call,
    checked,
    host_of,
    restore_demo,
    spec_schemas,
)
from contract_tests.target import Target
from csbs_client.api.backups import count_backups, list_backups, show_backup
from csbs_client.api.capabilities import show_replication_capabilities
from csbs_client.api.replication import replicate_backup
from csbs_client.models import (
    BackupStatus,
    CountBackupsResponse,
    ListBackupsResponse,
    ProviderId,
    ReplicateRequest,
    ReplicateResponse,
    ReplicationCapabilities,
    ReplicationParam,
    ShowBackupResponse,
)
from csbs_client.types import UNSET, Response, Unset

T = TypeVar("T")

# -- the state machine ----------------------------------------------------------------------

# Each list mixes valid values, the bounds themselves, and one step beyond (400 CSBS.9001).
# Lengths count characters, not bytes: 64 CJK characters fit, 65 emoji do not.
_NAMES = st.sampled_from(
    [None, None, "r", "replica-of-model", "n" * 64, "n" * 65, "", "副" * 64, "😀" * 65]
)
_DESCRIPTIONS = st.sampled_from(
    [None, None, "", "copied by the model suite", "d" * 255, "d" * 256, "a <b>"]
)
FAULTS: Final = {500: Expect(500, "CSBS.9999"), 503: Expect(503, "CSBS.9998")}
TOO_LARGE: Final = Expect(413, "APIGW.0201").because("replicate: body over 1 MiB")
R = TypeVar("R")
_BY_NAME: Final = {b["name"]: b["id"] for b in WORLD["backups"]}


def counted(rule_body: Callable[..., R]) -> Callable[..., R]:
    """Count each run of a rule for the contract summary's model rows (coverage.RECORDER)."""

    @functools.wraps(rule_body)
    def run(self: Any, *args: Any, **kwargs: Any) -> R:
        RECORDER.rules[rule_body.__name__] += 1
        return rule_body(self, *args, **kwargs)

    return run


# The documented refusals of replicateBackup, each aimed at on purpose (besides the random
# `replicate` rule, which meets them by chance), all of them in each run of
# `replicate_refused`: the coverage table must reach every one.
_REFUSALS: Final = (
    *(f"replicate: backup {status}" for status in UNAVAILABLE),
    "replicate: backup unknown",
    "replicate: backup deleted",
    "replicate: backup of another project",
    "replicate: destination region unknown",
    "replicate: destination is the backup's own region",
    "replicate: destination not among the source's replication_destinations",
    "gateway: Host names an unknown region",
    "gateway: no or unknown credential",
    "gateway: project not covered by the credential",
    "gateway: Host names another region than the project's",
    "gateway: read-only credential writes",
    "replicate: body out of bounds",
    "replicate: destination project unknown",
    "replicate: destination project in another region",
    "replicate: destination project not the caller's (another tenant's)",
)
# A body outside ReplicationParam's bounds, one bound at a time (400 CSBS.9001).
_BROKEN_BODIES = st.sampled_from(
    [
        ReplicateParams("cn-east-2", EAST, name=""),
        ReplicateParams("cn-east-2", EAST, name="n" * 65),
        ReplicateParams("cn-east-2", EAST, description="d" * 256),
        ReplicateParams("cn-east-2", EAST, description="<b>"),
        ReplicateParams("cn east-2", EAST),
        ReplicateParams("", EAST),
        ReplicateParams("cn-east-2", "bad_project!"),
        ReplicateParams("cn-east-2", "p" * 65),
    ]
)
# (token, Host region) of each gateway refusal a replicate is aimed at (else the owner).
_GATEWAY_REFUSALS: Final[dict[str, tuple[str | None, str | None]]] = {
    "gateway: Host names an unknown region": (MAIN_TOKEN, UNKNOWN_REGION),
    "gateway: no or unknown credential": (BOGUS_TOKEN, None),
    "gateway: Host names another region than the project's": (MAIN_TOKEN, "cn-east-2"),
    "gateway: read-only credential writes": (RO_TOKEN, None),
}
_GATEWAY_TWISTS: Final = ("no token", "bogus token", "foreign project", "other region", "no region")
_READS: Final = ("showBackup", "listBackups", "countBackups", "showReplicationCapabilities")
_VALID_NAMES = st.sampled_from([None, "r", "n" * 64])
_VALID_DESCRIPTIONS = st.sampled_from([None, "", "d" * 255])
_ACCELERATION = st.sampled_from([None, True, False])
_CALLER_TWISTS: Final = ["owner"] * 6 + [
    "owner via its region",
    "owner via another region",
    "unknown region",
    "main",
    "ro",
    "other",
    "admin",
    "bogus",
    "none",
]


class ReplicationMachine(RuleBasedStateMachine):
    """Drives the target through the generated client and compares it with the model."""

    def __init__(self, endpoint: Endpoint) -> None:
        super().__init__()
        self.endpoint = endpoint
        # Each example starts a new journal: after a failure, Hypothesis replays the shrunk
        # example last, so the journal then holds exactly its calls.
        endpoint.journal.clear()
        self.lifecycle = endpoint.load_world(WORLD)
        RECORDER.lifecycles.add(self.lifecycle)
        self.model = ReplicationModel.from_fixtures(WORLD)
        # Destinations to draw from: every region and project, one unknown, one malformed.
        self.regions = [*sorted(self.model.regions), UNKNOWN_REGION, "cn north-1", "cn-east-2\n"]
        self.projects = [*sorted(self.model.projects), UNKNOWN_PROJECT, "bad_project!"]

    # -- helpers --------------------------------------------------------------------------

    def _caller(self, data: st.DataObject, project: str) -> tuple[str | None, str | None]:
        """Who calls and through which regional host: mostly the project's owner, else one
        thing wrong at a time (a credential, or the Host's region)."""
        twist = data.draw(st.sampled_from(_CALLER_TWISTS), label="caller")
        region = self.model.projects.get(project)
        owner = self._owner_token(project) if region is not None else MAIN_TOKEN
        if twist == "owner":
            return owner, None
        if twist == "owner via its region":
            return owner, region
        if twist == "owner via another region":
            other = "cn-east-2" if region != "cn-east-2" else "cn-north-1"
            return owner, other
        if twist == "unknown region":
            return owner, UNKNOWN_REGION
        return TOKENS[twist], None

    def _show(
        self,
        token: str | None,
        project: str,
        item: str,
        host_region: str | None,
        fault: int | None = None,
    ) -> dict[str, Any] | None:
        expect = self.model.decide_show(token, project, item, host_region)
        if fault is not None:
            refused = self.model.gateway(token, project, write=False, host_region=host_region)
            expect = refused or FAULTS[fault]
        what = f"showBackup {item} in {project} (host {host_region})"
        api = self.endpoint.api(token, host_of(host_region) if host_region else None)
        response = call(
            what,
            lambda: show_backup.sync_detailed(project, _uuid(item), client=api),
        )
        body = checked(response, expect, "showBackup", ShowBackupResponse, what)
        if not expect.ok:
            return None
        shown: dict[str, Any] = body["checkpoint_item"]
        records = shown.get("replication_records", [])
        # Whatever the model says, an answer must agree with itself: copy_status follows the
        # newest record (listed first), and at most one record per region is live.
        newest = records[0]["status"] if records else "na"
        assert shown["extend_info"]["copy_status"] == newest, f"{what}: copy_status vs records"
        if records:
            RECORDER.both("property: the source's copy_status follows its newest record")
        live = [r["destination_region"] for r in records if r["status"] in LIVE_STATUSES]
        assert len(live) == len(set(live)), f"{what}: two live replicas to one region: {live}"
        backup = self.model.backups.get(item.lower())
        if backup is not None and backup.created_at is not None and backup.updated_at is None:
            # A replication touched it: adopt the new updated_at, which may not go back.
            seen = shown.get("updated_at")
            assert isinstance(seen, str), f"{what}: updated_at {seen!r}"
            assert seen >= backup.updated_floor, (
                f"{what}: updated_at {seen!r} is before the last one, {backup.updated_floor}"
            )
            self.model.adopt_updated_at(backup.id, seen)
        return shown

    def _settle(self) -> None:
        """Show each backup whose `updated_at` a replication changed, so that the model
        knows every member a listing orders and filters by."""
        for backup in self.model.unsettled():
            token = self._owner_token(backup.project_id)
            shown = self._show(token, backup.project_id, backup.id, None)
            if shown is None:
                continue
            # Not compared with the model's whole view here: its records, at least, echo
            # the requested destinations.
            for listed in shown.get("replication_records", []):
                asked = self.model.records.get(listed["id"])
                if asked is None:
                    continue
                assert (listed["destination_region"], listed["destination_project_id"]) == (
                    asked.destination_region,
                    asked.destination_project_id,
                ), f"showBackup {backup.id}: record {listed['id']} does not echo its destination"
                RECORDER.both("property: a record's destination echoes the request")

    def _compare_shown(self, backup_id: str, shown: dict[str, Any], what: str) -> None:
        """A shown backup is the model's view, its replication records included: each
        record's destination_region and destination_project_id are the requested ones."""
        assert_matches(self.model.backup_view(backup_id, with_records=True), shown, what)
        for _ in shown.get("replication_records", []):
            RECORDER.both("property: a record's destination echoes the request")

    def _show_and_compare(self, backup_id: str, host_region: str | None = None) -> dict[str, Any]:
        backup = self.model.backups[backup_id]
        token = self._owner_token(backup.project_id)
        shown = self._show(token, backup.project_id, backup_id, host_region)
        assert shown is not None
        self._compare_shown(backup_id, shown, f"showBackup {backup_id}")
        return shown

    def _owner_token(self, project: str) -> str:
        return next(
            c.token for c in self.model.credentials.values() if project in c.projects and c.writable
        )

    def _replicate(
        self,
        token: str | None,
        project: str,
        item: str,
        params: ReplicateParams,
        host_region: str | None = None,
        fault: int | None = None,
        instant_outcome: str = "success",
    ) -> Expect:
        assert self.endpoint.may_replicate  # rules that replicate have this as precondition
        expect = self.model.decide_replicate(token, project, item, params, host_region)
        if fault is not None:
            refused = self.model.gateway(token, project, write=True, host_region=host_region)
            expect = refused or FAULTS[fault]
        what = (
            f"replicateBackup {item} of {project} -> {params.destination_region}/"
            f"{params.destination_project_id} (host {host_region})"
        )
        body = ReplicateRequest(
            replication=ReplicationParam(
                destination_region=params.destination_region,
                destination_project_id=params.destination_project_id,
                name=_unset(params.name),
                description=_unset(params.description),
                enable_acceleration=_unset(params.enable_acceleration),
            )
        )
        api = self.endpoint.api(token, host_of(host_region) if host_region else None)
        response = call(
            what,
            lambda: replicate_backup.sync_detailed(
                project,
                ProviderId.FC4D5750_22E7_4798_8A46_F48F62C4C1DA,
                UUID(item),
                client=api,
                body=body,
            ),
        )
        answer = checked(response, expect, "replicateBackup", ReplicateResponse, what)
        if not expect.ok:
            return expect
        source = self.model.backups[item]
        accepted = answer["replication"]
        record_id = accepted.get("replication_record_id")
        assert_matches(
            {
                "project_id": project,
                "provider_id": PROVIDER,
                "checkpoint_item_id": item,
                "source_region": source.region,
                "destination_region": params.destination_region,
                "destination_project_id": params.destination_project_id,
            },
            accepted,
            what,
        )
        RECORDER.both("property: the replicate answer echoes the request")
        record = self.model.start_replication(record_id, project, item, params)
        if self.lifecycle == "instant" and instant_outcome == "fail":
            # A failure was injected: the copy ended in `fail` before the answer.
            self.model.finish_replication(
                record.id, "fail", fail_code=FAIL_CODE, fail_reason="model says fail"
            )
            self._show_and_compare(item)
        elif self.lifecycle == "instant":
            self._adopt_instant_success(record.id)
        elif self.lifecycle == "delay":
            # Ended through the control plane before any public call can tick it.
            self._advance(record.id, "success")
        return expect

    def _replicate_again(self, item: str, region: str, project: str, why: str) -> None:
        """The same route again (main credential, no other member): the model applies `why`."""
        source = self.model.backups[item]
        params = ReplicateParams(region, project)
        expect = self._replicate(MAIN_TOKEN, source.project_id, item, params)
        assert expect.why == why, f"model: {item} -> {region}/{project} again is {expect.why!r}"

    def _adopt_instant_success(self, record_id: str) -> None:
        """An instant lifecycle ends the copy before answering: adopt the replica's id."""
        record = self.model.records[record_id]
        source = self.model.backups[record.backup_id]
        shown = self._show(self._owner_token(source.project_id), source.project_id, source.id, None)
        assert shown is not None
        listed = {r["id"]: r for r in shown.get("replication_records", [])}
        assert record_id in listed, f"record {record_id} is not listed by its source"
        replica_id = listed[record_id].get("destination_checkpoint_item_id")
        assert isinstance(replica_id, str), (
            f"instant copy {record_id} has no replica: {listed[record_id]}"
        )
        self.model.finish_replication(record_id, "success", replica_id=replica_id)
        self._compare_shown(source.id, shown, "source after an instant copy")
        self._adopt_replica(replica_id)

    def _adopt_replica(self, replica_id: str) -> None:
        """See the new replica in its project and region; adopt its server-assigned members."""
        replica = self.model.backups[replica_id]
        token = self._owner_token(replica.project_id)
        shown = self._show(token, replica.project_id, replica_id, replica.region)
        assert shown is not None, f"replica {replica_id} is not visible in {replica.project_id}"
        self.model.adopt_replica(replica_id, shown)
        # The model's replica has extend_info.copy_from = its source's region (compared here).
        self._compare_shown(replica_id, shown, f"replica {replica_id}")
        RECORDER.both("property: a replica's copy_from names its source's region")
        # ... and it is listed there, among the replicas of that project.
        query = ListQuery({"image_type": "replication"})
        listed = self._list(token, None, replica.project_id, query)
        assert listed is not None
        assert replica_id in listed, f"replica {replica_id} is not listed in its project"

    def _advance(self, record_id: str, outcome: str) -> None:
        body: dict[str, Any] = {"outcome": outcome}
        if outcome == "fail":
            body |= {"fail_code": FAIL_CODE, "fail_reason": "model says fail"}
        response = self.endpoint.control_call(
            "POST", f"/_emulator/replications/{record_id}/advance", body
        )
        assert response.status_code == 200, f"advance {record_id}: {response.text}"
        ended = response.json()
        assert ended["status"] == outcome, (
            f"advance {record_id} to {outcome}: the record is {ended['status']} after it"
        )
        replica = self.model.finish_replication(
            record_id,
            outcome,
            replica_id=ended.get("destination_item_id"),
            fail_code=FAIL_CODE,
            fail_reason="model says fail",
        )
        if replica is not None:
            self._adopt_replica(replica.id)

    # -- rules: replicate -----------------------------------------------------------------

    def _may_replicate(self) -> bool:
        return self.endpoint.may_replicate

    @precondition(_may_replicate)
    @rule(data=st.data())
    @counted
    def replicate(self, data: st.DataObject) -> None:
        """Any known backup (or none), any region, a right or wrong project and credential."""
        item = data.draw(st.sampled_from([*self.model.backups, UNKNOWN_ID]), label="backup")
        backup = self.model.backups.get(item)
        own = backup.project_id if backup is not None else HOME
        project = data.draw(st.sampled_from([own] * 4 + [HOME, EAST]), label="path project")
        region = data.draw(st.sampled_from(self.regions), label="destination region")
        in_region = [p for p, r in self.model.projects.items() if r == region]
        dest = data.draw(
            st.sampled_from(sorted(in_region) * 4 + self.projects), label="destination project"
        )
        params = ReplicateParams(
            region,
            dest,
            data.draw(_NAMES, label="name"),
            data.draw(_DESCRIPTIONS, label="description"),
            data.draw(_ACCELERATION, label="enable_acceleration"),
        )
        token, host = self._caller(data, project)
        self._replicate(token, project, item, params, host)

    def _live_records(self) -> list[str]:
        return [r.id for r in self.model.records.values() if r.live]

    @precondition(lambda self: self._may_replicate() and self._live_records())
    @rule(data=st.data())
    @counted
    def replicate_duplicate(self, data: st.DataObject) -> None:
        """Again to a region with a replica being made or made: refused, whatever the project."""
        record = self.model.records[
            data.draw(st.sampled_from(self._live_records()), label="live record")
        ]
        source = self.model.backups[record.backup_id]
        token = self._owner_token(source.project_id)
        credential = self.model.credentials[token]
        projects = sorted(
            p for p, r in self.model.projects.items()
            if r == record.destination_region and p in credential.projects
        )  # fmt: skip
        dest = data.draw(st.sampled_from(projects), label="destination project")
        params = ReplicateParams(
            record.destination_region, dest, name=data.draw(_NAMES, label="name")
        )
        expect = self._replicate(token, source.project_id, source.id, params)
        if not self.model.invalid_params(params):  # a malformed body is refused first
            assert expect == DUPLICATE, f"model: a live record should block, got {expect}"

    def _open_routes(self) -> list[tuple[str, str, str]]:
        """(backup, region, project) that the main credential may replicate right now."""
        credential = self.model.credentials[MAIN_TOKEN]
        routes = []
        for backup in self.model.backups.values():
            if backup.project_id not in credential.projects or backup.status != "available":
                continue
            for region in self.model.regions[backup.region]:
                if self.model.live_record(backup.id, region) is not None:
                    continue
                for project, project_region in self.model.projects.items():
                    if project_region == region and project in credential.projects:
                        routes.append((backup.id, region, project))
        return routes

    @precondition(lambda self: self._may_replicate() and self._open_routes())
    @rule(data=st.data())
    @counted
    def replicate_open_route(self, data: st.DataObject) -> None:
        """A replication the rules allow (a new region, or a retry after a failed copy)."""
        item, region, project = data.draw(st.sampled_from(self._open_routes()), label="route")
        params = ReplicateParams(
            region,
            project,
            data.draw(_VALID_NAMES, label="name"),
            data.draw(_VALID_DESCRIPTIONS, label="description"),
            data.draw(_ACCELERATION, label="enable_acceleration"),
        )
        expect = self._replicate(MAIN_TOKEN, self.model.backups[item].project_id, item, params)
        assert expect == OK, f"model: an open route should be accepted, got {expect}"
        # The seed's rule, at once, every time: a replica being made (manual) or made
        # (instant, or delay: ended at once) blocks. A refused call changes nothing, so
        # asking costs only the call; leaving it to a coin (as before) left "a replica
        # exists" at 4 hits in some runs.
        blocked = "is being made" if self.lifecycle == "manual" else "exists"
        self._replicate_again(
            item, region, project, f"replicate: a replica to that region {blocked}"
        )

    def _further_regions(self) -> list[tuple[str, str, str]]:
        """Open routes of backups that have a replica being made or made in another region."""
        live = {r.backup_id for r in self.model.records.values() if r.live}
        return [route for route in self._open_routes() if route[0] in live]

    @precondition(lambda self: self._may_replicate() and self._further_regions())
    @rule(data=st.data())
    @counted
    def replicate_to_another_region(self, data: st.DataObject) -> None:
        """A replica being made or made in one region does not block a copy to another (the
        duplicate rule is per destination region)."""
        item, region, project = data.draw(st.sampled_from(self._further_regions()), label="route")
        source = self.model.backups[item]
        expect = self._replicate(
            MAIN_TOKEN, source.project_id, item, ReplicateParams(region, project)
        )
        assert expect == OK, f"model: a copy to a new region should be accepted, got {expect}"

    def _retries(self) -> list[tuple[str, str, str]]:
        """Open routes to a region where a copy of the backup failed (a retry)."""
        failed = {
            (r.backup_id, r.destination_region)
            for r in self.model.records.values()
            if r.status == "fail"
        }
        return [route for route in self._open_routes() if route[:2] in failed]

    @precondition(lambda self: self._may_replicate() and self._retries())
    @rule(data=st.data())
    @counted
    def retry_after_failed_copy(self, data: st.DataObject) -> None:
        """A failed copy does not block another replication to its region."""
        item, region, project = data.draw(st.sampled_from(self._retries()), label="retry")
        source = self.model.backups[item]
        expect = self._replicate(
            MAIN_TOKEN, source.project_id, item, ReplicateParams(region, project)
        )
        assert expect == OK, f"model: a retry after a failed copy should be accepted, got {expect}"

    @precondition(lambda self: self._may_replicate() and self._open_routes())
    @rule(data=st.data())
    @counted
    def replicate_without_write_permission(self, data: st.DataObject) -> None:
        """A read-only credential, or another tenant's, on an otherwise valid replication."""
        item, region, project = data.draw(st.sampled_from(self._open_routes()), label="route")
        token = data.draw(st.sampled_from([RO_TOKEN, OTHER_TOKEN]), label="token")
        source = self.model.backups[item]
        expect = self._replicate(token, source.project_id, item, ReplicateParams(region, project))
        assert expect.status == 403, f"model: {expect}"

    def _home_available(self) -> list[str]:
        return sorted(
            b.id for b in self.model.backups.values()
            if b.project_id == HOME and b.status == AVAILABLE
        )  # fmt: skip

    def _aimed_at(self, data: st.DataObject, why: str) -> tuple[str, str, ReplicateParams]:
        """(backup, path project, body) of a call that meets refusal `why` and no other."""
        home = data.draw(st.sampled_from(self._home_available()), label="home backup")
        if why.startswith("replicate: backup ") and why.split()[-1] in UNAVAILABLE:
            status = why.split()[-1]
            mine = self.model.credentials[MAIN_TOKEN].projects
            candidates = sorted(
                b.id for b in self.model.backups.values()
                if b.status == status and b.project_id in mine
            )  # fmt: skip
            item = data.draw(st.sampled_from(candidates), label="backup")
            backup = self.model.backups[item]
            region = next(iter(self.model.regions[backup.region]))
            dest = next(p for p, r in sorted(self.model.projects.items()) if r == region)
            return item, backup.project_id, ReplicateParams(region, dest)
        if why == "replicate: body out of bounds":  # each bound of ReplicationParam, broken
            return home, HOME, data.draw(_BROKEN_BODIES, label="body")
        if why.startswith("gateway: "):  # a valid replication; the caller is what is wrong
            return home, HOME, ReplicateParams("cn-east-2", EAST)
        if why == "replicate: backup unknown":
            return UNKNOWN_ID, HOME, ReplicateParams("cn-east-2", EAST)
        if why == "replicate: backup deleted":
            return _BY_NAME["home-deleted"], HOME, ReplicateParams("cn-east-2", EAST)
        if why == "replicate: backup of another project":
            return _BY_NAME["east-a"], HOME, ReplicateParams("cn-south-1", SOUTH)
        region, dest = {
            "replicate: destination region unknown": (UNKNOWN_REGION, EAST),
            "replicate: destination is the backup's own region": ("cn-north-1", HOME),
            "replicate: destination not among the source's replication_destinations": (
                "eu-west-0",
                EUROPE,
            ),
            "replicate: destination project unknown": ("cn-east-2", UNKNOWN_PROJECT),
            "replicate: destination project in another region": ("cn-east-2", SOUTH),
            "replicate: destination project not the caller's (another tenant's)": (
                "cn-east-2",
                EAST_X,
            ),
        }[why]
        return home, HOME, ReplicateParams(region, dest)

    @precondition(_may_replicate)
    @rule(data=st.data())
    @counted
    def replicate_refused(self, data: st.DataObject) -> None:
        """Each documented refusal, one call each, everything else right: a non-available
        backup (each status), an unknown, deleted or another project's backup, the gateway's
        refusals, a body out of bounds, the own region, an unknown or disallowed region, an
        unknown project, one of another region, another tenant's. The answer must be that
        rule's code."""
        # Every refusal in each run, in a drawn order: each rule is met however few times
        # Hypothesis picks this one (a served emulator's run is short).
        for why in data.draw(st.permutations(_REFUSALS), label="order"):
            token, host = _GATEWAY_REFUSALS.get(why, (MAIN_TOKEN, None))
            item, project, params = self._aimed_at(data, why)
            if why == "gateway: project not covered by the credential":
                token = OTHER_TOKEN  # a valid token of another tenant, on our project
            expect = self._replicate(token, project, item, params, host)
            assert expect.why == why, f"model: aimed at {why!r}, the model applied {expect.why!r}"

    @precondition(_may_replicate)
    @rule(data=st.data())
    @counted
    def replicate_too_large(self, data: st.DataObject) -> None:
        """A body over the gateway's limit (1 MiB in the emulator): 413 APIGW.0201, and
        nothing is replicated (the body is whitespace-padded valid JSON)."""
        item = data.draw(st.sampled_from(self._home_available()), label="backup")
        size = data.draw(st.sampled_from([2**20 + 1, 2**21]), label="bytes")
        text = (
            '{"replication": {"destination_region": "cn-east-2", '
            f'"destination_project_id": "{EAST}"}}}}'
        ).encode()
        api = self.endpoint.api(MAIN_TOKEN)
        what = f"replicateBackup {item} with a {size}-byte body"
        url = f"/v1/{HOME}/providers/{PROVIDER}/checkpoint_items/{item}/replicate"
        raw = api.get_httpx_client().post(
            url,
            content=text + b" " * (size - len(text)),
            headers={"Content-Type": "application/json"},
        )
        response = call(what, lambda: replicate_backup._build_response(client=api, response=raw))
        checked(response, TOO_LARGE, "replicateBackup", ReplicateResponse, what)

    @rule(data=st.data())
    @counted
    def show_malformed_id(self, data: st.DataObject) -> None:
        """An id that is no UUID (short, undashed, not hex): 400 CSBS.9001, after the gateway."""
        raw = data.draw(
            st.sampled_from(
                [
                    "not-a-uuid",
                    "0" * 36,
                    _BY_NAME["home-a"][:-1],
                    _BY_NAME["home-a"].replace("-", ""),
                ]
            ),
            label="id",
        )
        project = data.draw(st.sampled_from([HOME, EAST, OTHER]), label="project")
        expect = self.model.gateway(
            MAIN_TOKEN, project, write=False, host_region=None
        ) or INVALID.because("show: malformed id")
        api = self.endpoint.api(MAIN_TOKEN)
        what = f"showBackup {raw!r} in {project}"
        response = call(
            what, lambda: show_backup.sync_detailed(project, cast(UUID, raw), client=api)
        )
        checked(response, expect, "showBackup", ShowBackupResponse, what)

    @rule(data=st.data())
    @counted
    def capabilities_with_unknown_parameter(self, data: st.DataObject) -> None:
        """A query parameter the call does not declare (`dec`, which an old SDK sends, or
        any other): 400 CSBS.9001 (x-csbs-choice: unknown parameters are refused)."""
        name = data.draw(st.sampled_from(["dec", "limit", "x"]), label="parameter")
        api = self.endpoint.api(MAIN_TOKEN)
        what = f"showReplicationCapabilities {HOME}?{name}=1"
        raw = api.get_httpx_client().get(f"/v1/{HOME}/replication_capabilities?{name}=1")
        response = call(
            what, lambda: show_replication_capabilities._build_response(client=api, response=raw)
        )
        checked(response, INVALID, "showReplicationCapabilities", ReplicationCapabilities, what)

    # -- rules: the lifecycle ---------------------------------------------------------------

    def _copying(self) -> list[str]:
        return [r.id for r in self.model.copying()]

    @precondition(lambda self: self.lifecycle == "manual" and self._copying())
    @rule(data=st.data())
    @counted
    def advance(self, data: st.DataObject) -> None:
        """The control plane ends a copy; the replica appears (success) or the source fails."""
        record_id = data.draw(st.sampled_from(self._copying()), label="record")
        outcome = data.draw(st.sampled_from(["success", "fail"]), label="outcome")
        self._advance(record_id, outcome)
        record = self.model.records[record_id]
        self._show_and_compare(record.backup_id)
        route = (record.backup_id, record.destination_region, record.destination_project_id)
        if outcome == "success" and data.draw(st.booleans(), label="again after success"):
            self._replicate_again(*route, "replicate: a replica to that region exists")
        retry = data.draw(st.sampled_from([True, True, True, False]), label="retry at once")
        if outcome == "fail" and retry:
            # A failed copy does not block: the same replication again is accepted.
            self._replicate_again(*route, "replicate: accepted after a failed copy to that region")

    @precondition(
        lambda self: (
            self.endpoint.control is not None
            and any(r.status != "copying" for r in self.model.records.values())
        )
    )
    @rule(data=st.data())
    @counted
    def advance_ended(self, data: st.DataObject) -> None:
        """An ended copy cannot be ended again (control plane: 409 EMULATOR.0409)."""
        ended = [r.id for r in self.model.records.values() if r.status != "copying"]
        record_id = data.draw(st.sampled_from(ended), label="record")
        response = self.endpoint.control_call(
            "POST", f"/_emulator/replications/{record_id}/advance", {"outcome": "success"}
        )
        assert response.status_code == 409, f"advance of ended {record_id}: {response.text}"
        assert response.json()["error_code"] == "EMULATOR.0409"

    # -- rules: reads -----------------------------------------------------------------------

    @rule(data=st.data())
    @counted
    def show(self, data: st.DataObject) -> None:
        """A known backup (or none) through its own project, another project, or another tenant."""
        item = data.draw(st.sampled_from([*self.model.backups, UNKNOWN_ID]), label="backup")
        backup = self.model.backups.get(item)
        own = backup.project_id if backup is not None else HOME
        project = data.draw(
            st.sampled_from([own] * 4 + [HOME, EAST, OTHER, EAST_X]), label="path project"
        )
        token, host = self._caller(data, project)
        # A UUID in capitals names the same backup (the spec's pattern admits A-F).
        ref = data.draw(st.sampled_from([item] * 5 + [item.upper()]), label="id as sent")
        shown = self._show(token, project, ref, host)
        if shown is not None:
            self._compare_shown(item, shown, f"showBackup {ref}")

    # -- rules: listBackups and countBackups -------------------------------------------------

    def _reader(self, data: st.DataObject, project: str) -> tuple[str | None, str | None]:
        """Who lists: the owner or the administrator (so `all_tenants` matters), else one
        thing wrong (`_caller`)."""
        who = data.draw(st.sampled_from(["owner"] * 3 + ["admin"] * 2 + ["twist"]), label="reader")
        region = self.model.projects.get(project)
        if who == "twist" or region is None:
            return self._caller(data, project)
        token = ADMIN_TOKEN if who == "admin" else self._owner_token(project)
        return token, data.draw(st.sampled_from([None, None, region]), label="host")

    def _draw_query(
        self, data: st.DataObject, token: str | None, project: str, *, paging: bool
    ) -> ListQuery:
        """Filters with values that match some of the caller's backups and not others, and
        (for listBackups, when `paging`) a sort, limit, offset and sometimes a marker."""
        all_tenants = data.draw(st.sampled_from([None, None, False, True, True]), label="all")
        scope = (
            self.model.scope(token, project, all_tenants) if project in self.model.projects else []
        )
        kinds = data.draw(
            st.lists(st.sampled_from(LIST_FILTERS), max_size=3, unique=True), label="filters"
        )
        # Most values are those of one backup of the scope, so that ANDed filters still
        # match something; the rest come from any backup, or match none.
        anchor = data.draw(st.sampled_from(scope), label="anchor") if scope else None
        filters = {}
        for kind in kinds:
            anchored = anchor is not None and data.draw(st.integers(0, 3), label="hit") > 0
            values = _anchored_values(kind, anchor) if anchored and anchor else None
            if values is None:
                values = _filter_values(kind, scope)
            filters[kind] = data.draw(values, label=kind)
        query = ListQuery(filters, all_tenants)
        if not paging:
            return query
        query.sort = data.draw(_SORTS, label="sort")
        query.limit = data.draw(_LIMITS, label="limit")
        query.offset = data.draw(_OFFSETS, label="offset")
        markers = [b.id for b in scope]
        if markers and data.draw(st.integers(0, 3), label="with marker") == 0:
            query.marker = data.draw(st.sampled_from(markers), label="marker")
        return query

    def _list(
        self, token: str | None, host: str | None, project: str, query: ListQuery
    ) -> list[str] | None:
        """listBackups compared with the model page by page, following the `next` links to
        the end; every id listed from the query's place on (None when refused)."""
        self._settle()
        expect = self.model.decide_list(token, project, query, host)
        api = self.endpoint.api(token, host_of(host) if host else None)
        what = f"listBackups {project} {query} (host {host}, token {token})"
        response = call(
            what, partial(list_backups.sync_detailed, project, client=api, **_list_args(query))
        )
        body = checked(response, expect, "listBackups", ListBackupsResponse, what)
        if not expect.ok:
            if expect == INVALID:
                _assert_names(body, self.model.invalid_query(query), what)
            return None
        rest = self.model.rest(token, project, query)
        size = min(query.limit or PAGE_MAX, PAGE_MAX)
        listed: list[str] = []
        items: list[dict[str, Any]] = []
        for page_no in range(len(rest) // size + 2):
            page_what = f"{what} page #{page_no}"
            items.extend(body["checkpoint_items"])
            self._check_scope(token, project, query, body["checkpoint_items"], page_what)
            got = [item["id"] for item in body["checkpoint_items"]]
            want = rest[len(listed) : len(listed) + size]
            assert got == want, f"{page_what}: ids {got} != the model's {want}"
            for item in body["checkpoint_items"]:
                view = self.model.backup_view(item["id"], with_records=False)
                assert_matches(view, item, page_what)
            listed.extend(got)
            links = body.get("checkpoint_items_links") or []
            more = len(rest) > len(listed)
            assert bool(links) == more, f"{page_what}: next link {links} but more={more}"
            if not more:
                assert listed == rest, f"{what}: all pages {listed} != the model's {rest}"
                self._listing_properties(token, project, query, items, what)
                return listed
            _check_next_link(links, query, listed[-1], page_what)
            response = _follow(api, links[0]["href"], page_what)
            body = checked(response, OK, "listBackups", ListBackupsResponse, page_what)
        raise AssertionError(f"{what}: the next links did not end after {len(rest)} items")

    def _listing_properties(
        self,
        token: str | None,
        project: str,
        query: ListQuery,
        items: list[dict[str, Any]],
        what: str,
    ) -> None:
        """What a listing must show whatever the model says, and the coverage rows it meets:
        every item passes every filter, and the pages are in the requested order (the
        tenancy of each page is `_check_scope`'s)."""
        for name, value in query.filters.items():
            RECORDER.aim(filter_row(name))
            for item in items:
                assert _satisfies(item, name, value) is not False, (
                    f"{what}: {item['id']} does not satisfy {name}={value!r}"
                )
            if items:  # the filter selected something, and every item passed it
                RECORDER.reached(filter_row(name))
                RECORDER.both("property: every listed item satisfies every filter")
        keys = parse_sort(query.sort)
        assert keys is not None  # a malformed sort is answered 400 before this
        for part in (query.sort or "").split(","):
            if part:
                key, _, direction = part.partition(":")
                RECORDER.both(sort_row(key, direction != "asc"), held=len(items) > 1)
        for before, after in itertools.pairwise(items):
            assert _in_order(before, after, keys), (
                f"{what}: {before['id']} is listed before {after['id']} against {query.sort}"
            )
        if len(items) > 1:
            RECORDER.both("property: a page is in the requested order")
        credential = self.model.credentials.get(token) if token is not None else None
        admin = credential is not None and credential.admin
        if query.all_tenants:
            RECORDER.both(
                "list: all_tenants by an administrator"
                if admin
                else "list: all_tenants by a non-administrator (ignored)"
            )
        if query.offset:
            RECORDER.both("list: offset")
        if query.marker is not None:
            RECORDER.both("list: marker")
            if query.offset:
                RECORDER.both("list: offset after a marker")
        if (query.limit or 0) > PAGE_MAX:
            RECORDER.both("list: limit over the page cap")
        replicas = {r.replica_id for r in self.model.records.values() if r.replica_id}
        if any(item["id"] in replicas for item in items):
            RECORDER.both("list: a replica listed in its destination project")

    def _check_scope(
        self,
        token: str | None,
        project: str,
        query: ListQuery,
        items: list[dict[str, Any]],
        what: str,
    ) -> None:
        """The tenancy rules, said plainly before ids are compared: never another region,
        and another project of the region only for an administrator's `all_tenants`."""
        credential = self.model.credentials.get(token) if token is not None else None
        across = bool(query.all_tenants and credential is not None and credential.admin)
        region = self.model.projects[project]
        for item in items:
            backup = self.model.backups.get(item["id"])
            assert backup is not None, f"{what}: lists {item['id']}, which the model never made"
            assert backup.region == region, (
                f"{what}: lists {backup.id} of {backup.region}, not of {region}"
            )
            assert across or backup.project_id == project, (
                f"{what}: lists {backup.id} of project {backup.project_id}"
                + (" (all_tenants is for administrators only)" if query.all_tenants else "")
            )
        if not across and items:
            # Each item's project is the path's, and a backup's project never changes: so a
            # backup listed under one project is never listed under another.
            RECORDER.both("property: a backup listed under one project never appears under another")

    def _count(
        self, token: str | None, host: str | None, project: str, query: ListQuery
    ) -> int | None:
        """countBackups compared with the model (None when refused)."""
        self._settle()
        expect = self.model.decide_count(token, project, query, host)
        api = self.endpoint.api(token, host_of(host) if host else None)
        what = f"countBackups {project} {query} (host {host}, token {token})"
        if query.paging():
            # Parameters the generated function cannot send (count does not declare them).
            send = partial(_count_raw, api, project, query)
        else:
            send = partial(
                count_backups.sync_detailed, project, client=api, **_list_args(query, count=True)
            )
        body = checked(call(what, send), expect, "countBackups", CountBackupsResponse, what)
        if not expect.ok:
            if expect == INVALID:
                _assert_names(body, self.model.invalid_query(query, count=True), what)
            return None
        want = self.model.count(token, project, query)
        assert body["count"] == want, f"{what}: count {body['count']} != the model's {want}"
        return int(body["count"])

    @rule(data=st.data())
    @counted
    def list_backups(self, data: st.DataObject) -> None:
        """A listing with random filters, scope, sort, offset, limit and marker, page by page."""
        project = data.draw(_LIST_PROJECTS, label="project")
        token, host = self._reader(data, project)
        self._list(token, host, project, self._draw_query(data, token, project, paging=True))

    @rule(data=st.data())
    @counted
    def list_sorted_from_marker(self, data: st.DataObject) -> None:
        """One or two sort keys, most with ties (then `id` in the last key's direction
        decides), small pages from a marker and an offset (skipped after the marker)."""
        project = data.draw(st.sampled_from([HOME, HOME, EAST, OTHER]), label="project")
        token = data.draw(st.sampled_from([self._owner_token(project), ADMIN_TOKEN]), label="who")
        keys = st.tuples(st.sampled_from(SORT_KEYS), st.sampled_from(["", ":asc", ":desc"]))
        sort = data.draw(st.lists(keys, min_size=1, max_size=2), label="sort")
        query = ListQuery(
            all_tenants=data.draw(st.sampled_from([None, True]), label="all_tenants"),
            sort=",".join(key + direction for key, direction in sort),
            limit=data.draw(st.sampled_from([1, 2, 3, 5]), label="limit"),
            offset=data.draw(st.sampled_from([None, 0, 1, 2, 3]), label="offset"),
        )
        scope = self.model.scope(token, project, query.all_tenants)
        if data.draw(st.booleans(), label="with marker"):
            query.marker = data.draw(st.sampled_from([b.id for b in scope]), label="marker")
        self._list(token, None, project, query)

    @rule(data=st.data())
    @counted
    def count_backups(self, data: st.DataObject) -> None:
        """A count with random filters equals the model's and the length of the whole
        listing with the same filters (whatever the page size)."""
        project = data.draw(_LIST_PROJECTS, label="project")
        token, host = self._reader(data, project)
        query = self._draw_query(data, token, project, paging=False)
        counted = self._count(token, host, project, query)
        if counted is None:
            return
        paged = ListQuery(dict(query.filters), query.all_tenants)
        paged.limit = data.draw(st.sampled_from([None, 1, 2, 3, 7]), label="page size")
        listed = self._list(token, host, project, paged)
        assert listed is not None
        assert len(listed) == counted, (
            f"countBackups {project} {query}: {counted}, but the listing has {listed}"
        )
        RECORDER.both("property: count equals the length of the full listing")

    @rule(data=st.data())
    @counted
    def malformed_query(self, data: st.DataObject) -> None:
        """One malformed parameter, the rest valid: 400 CSBS.9001 naming that parameter.
        countBackups refuses paging and sort parameters, even valid ones, as unknown."""
        count = data.draw(st.booleans(), label="countBackups")
        project = data.draw(st.sampled_from([HOME, EAST]), label="project")
        token = data.draw(st.sampled_from([MAIN_TOKEN, ADMIN_TOKEN]), label="token")
        query = self._draw_query(data, token, project, paging=not count)
        # The marker is looked up only after validation; none here keeps the answer about
        # the broken value.
        query.marker = None
        wrong = _ON_COUNT if count else _MALFORMED
        broken = data.draw(st.sampled_from(sorted(wrong)), label="parameter")
        value = data.draw(st.sampled_from(wrong[broken]), label="value")
        if broken in PAGING_PARAMETERS:
            setattr(query, broken, value)
        else:
            query.filters[broken] = str(value)
        assert self.model.invalid_query(query, count=count) == [broken], (
            f"model: only {broken} should be refused in {query}"
        )
        answered = (
            self._count(token, None, project, query)
            if count
            else self._list(token, None, project, query)
        )
        assert answered is None

    @rule(data=st.data())
    @counted
    def list_across_tenants(self, data: st.DataObject) -> None:
        """`all_tenants=true`: an administrator sees every project of the path project's
        region (replicas included) and no other region's; anyone else only the project."""
        project = data.draw(st.sampled_from([HOME, EAST, EAST_B, SOUTH, OTHER]), label="project")
        token = data.draw(
            st.sampled_from([ADMIN_TOKEN, ADMIN_TOKEN, self._owner_token(project), RO_TOKEN]),
            label="token",
        )
        query = ListQuery(all_tenants=True)
        image_type = data.draw(st.sampled_from([None, "replication"]), label="image_type")
        if image_type is not None:
            query.filters["image_type"] = image_type
        listed = self._list(token, None, project, query)
        if listed is None:
            return  # the read-only token may not cover `project`; the gateway said so
        counted = self._count(token, None, project, query)
        assert counted == len(listed), f"all_tenants: count {counted} != {len(listed)} listed"
        RECORDER.both("property: count equals the length of the full listing")

    @rule(data=st.data())
    @counted
    def list_with_foreign_marker(self, data: st.DataObject) -> None:
        """A marker that names no backup of the scope: 404 CSBS.3001 (another region's,
        another project's without an administrator's all_tenants, or none at all)."""
        token = data.draw(st.sampled_from([MAIN_TOKEN, ADMIN_TOKEN]), label="token")
        all_tenants = data.draw(st.sampled_from([None, True]), label="all_tenants")
        foreign = [b.id for b in self.model.backups.values() if b.project_id != HOME]
        marker = data.draw(st.sampled_from([UNKNOWN_ID, *foreign]), label="marker")
        query = ListQuery(all_tenants=all_tenants, marker=marker)
        self._list(token, None, HOME, query)

    @rule(data=st.data())
    @counted
    def capabilities(self, data: st.DataObject) -> None:
        project = data.draw(
            st.sampled_from([HOME, EAST, OTHER, EAST_X, UNKNOWN_PROJECT]), label="project"
        )
        token, host = self._caller(data, project)
        expect = self.model.decide_capabilities(token, project, host)
        what = f"showReplicationCapabilities {project} (host {host})"
        api = self.endpoint.api(token, host_of(host) if host else None)
        response = call(
            what, lambda: show_replication_capabilities.sync_detailed(project, client=api)
        )
        body = checked(
            response, expect, "showReplicationCapabilities", ReplicationCapabilities, what
        )
        if expect.ok:
            got = {r["name"]: r["replication_destinations"] for r in body["regions"]}
            assert len(got) == len(body["regions"]), f"{what}: a region is listed twice"
            assert {k: set(v) for k, v in got.items()} == self.model.capabilities(), (
                f"{what}: {got}"
            )

    @precondition(lambda self: self.endpoint.control is not None and self._open_routes())
    @rule(data=st.data())
    @counted
    def injected_fault(self, data: st.DataObject) -> None:
        """An injected 500/503 answers after the gateway and before any rule, and changes
        nothing; a call the gateway refuses does not spend the fault (control plane)."""
        operation = data.draw(st.sampled_from(_OPERATIONS), label="call")
        status = data.draw(st.sampled_from(sorted(FAULTS)), label="fault")
        scope = data.draw(st.sampled_from([operation, "*"]), label="fault scope")
        rule = {"operation": scope, "status": status, "next_n": 1}
        with self._faults({"rules": [rule]}):
            item, region, project = data.draw(st.sampled_from(self._open_routes()), label="route")
            source = self.model.backups[item]
            token, host = self._caller(data, source.project_id)
            if operation == "replicateBackup":
                params = ReplicateParams(region, project)
                expect = self._replicate(token, source.project_id, item, params, host, status)
            elif operation == "showBackup":
                self._show(token, source.project_id, item, host, status)
                expect = (
                    self.model.gateway(token, source.project_id, write=False, host_region=host)
                    or FAULTS[status]
                )
            else:
                expect = (
                    self.model.gateway(token, source.project_id, write=False, host_region=host)
                    or FAULTS[status]
                )
                self._read(operation, token, host, source.project_id, expect, "under a fault")
            left = self.endpoint.control_call("GET", "/_emulator/faults").json()["rules"]
            spent = expect == FAULTS[status]
            assert left[0].get("next_n") == (0 if spent else 1), (
                f"fault budget after a {expect} answer: {left}"
            )

    @rule(data=st.data())
    @counted
    def read_refused_by_gateway(self, data: st.DataObject) -> None:
        """Every read, refused by the gateway for each reason: no or an unknown token (401), a
        project the token does not cover or a Host of another region (403), a Host naming
        no region (404 APIGW.0101)."""
        for operation in data.draw(st.permutations(_READS), label="reads"):
            for twist in data.draw(st.permutations(_GATEWAY_TWISTS), label="twists"):
                self._read_refused(operation, twist)

    def _read_refused(self, operation: str, twist: str) -> None:
        token: str | None = MAIN_TOKEN
        project, host = HOME, None
        if twist == "no token":
            token = None
        elif twist == "bogus token":
            token = BOGUS_TOKEN
        elif twist == "foreign project":
            project = OTHER
        elif twist == "other region":
            host = "cn-east-2"
        else:
            host = UNKNOWN_REGION
        expect = self.model.gateway(token, project, write=False, host_region=host)
        assert expect is not None, f"model: {twist} should be refused"
        if operation == "showBackup":
            self._show(token, project, _BY_NAME["home-a"], host)
        elif operation == "listBackups":
            self._list(token, host, project, ListQuery())
        elif operation == "countBackups":
            self._count(token, host, project, ListQuery())
        else:
            self._read(operation, token, host, project, expect, f"refused ({twist})")

    @precondition(lambda self: self.endpoint.control is not None)
    @rule(data=st.data())
    @counted
    def every_call_under_a_fault(self, data: st.DataObject) -> None:
        """Each operation under an injected 500 and an injected 503, by its owner, in a drawn
        order: the fault answers after the gateway with its code (CSBS.9999 / CSBS.9998),
        and changes nothing (the model is not moved, and the next comparisons hold)."""
        pairs = [(operation, status) for operation in _OPERATIONS for status in sorted(FAULTS)]
        for operation, status in data.draw(st.permutations(pairs), label="order"):
            rule = {"operation": operation, "status": status, "next_n": 1}
            with self._faults({"rules": [rule]}):
                if operation == "replicateBackup":
                    item = data.draw(st.sampled_from(self._home_available()), label="backup")
                    params = ReplicateParams("cn-east-2", EAST)
                    self._replicate(MAIN_TOKEN, HOME, item, params, None, status)
                elif operation == "showBackup":
                    self._show(MAIN_TOKEN, HOME, _BY_NAME["home-a"], None, status)
                else:
                    expect = FAULTS[status]
                    self._read(operation, MAIN_TOKEN, None, HOME, expect, "under a fault")

    @contextmanager
    def _faults(self, body: dict[str, Any]) -> Iterator[None]:
        """Faults injected through the control plane for the block; cleared after it."""
        response = self.endpoint.control_call("PUT", "/_emulator/faults", body)
        assert response.status_code == 200, response.text
        try:
            yield
        finally:
            self.endpoint.control_call("PUT", "/_emulator/faults", {})

    def _may_fail_a_copy_at_once(self) -> bool:
        return (
            self.lifecycle == "instant"
            and self.endpoint.control is not None
            and bool(self._open_routes())
        )

    @initialize(data=st.data())
    def begin_with_a_failed_copy_and_its_retry(self, data: st.DataObject) -> None:
        """Every instant-lifecycle example starts with `instant_copy_fails_then_retry` once.
        Only that rule reaches a retry after a failed copy in the instant run, and Hypothesis'
        swarm testing switches whole rules off per example: in 6 default runs it ran 3 to 21
        times, so the coverage row could be met by chance alone. Later steps start from the
        state it leaves (a failed record and a replica made), which the rules then build on."""
        if self._may_fail_a_copy_at_once():
            self.instant_copy_fails_then_retry(data)

    @precondition(lambda self: self._may_fail_a_copy_at_once())
    @rule(data=st.data())
    @counted
    def instant_copy_fails_then_retry(self, data: st.DataObject) -> None:
        """The instant lifecycle with a copy failure injected (control plane): the copy is
        accepted and has already failed when the answer comes; the source says so, the same
        replication again is accepted (a failed copy does not block), and a third time is
        refused (that copy succeeded at once: the replica exists)."""
        item, region, project = data.draw(st.sampled_from(self._open_routes()), label="route")
        failures = {"next_n": 1, "fail_code": FAIL_CODE, "fail_reason": "model says fail"}
        with self._faults({"replication_failures": failures}):
            source = self.model.backups[item]
            params = ReplicateParams(region, project)
            first = self._replicate(
                MAIN_TOKEN, source.project_id, item, params, instant_outcome="fail"
            )
            assert first == OK, f"model: an open route is accepted, got {first}"
        self._replicate_again(
            item, region, project, "replicate: accepted after a failed copy to that region"
        )
        # The retry has already succeeded (instant): a third time meets the replica made.
        self._replicate_again(item, region, project, "replicate: a replica to that region exists")

    @rule(data=st.data())
    @counted
    def show_not_found(self, data: st.DataObject) -> None:
        """A backup that does not exist, a deleted one, another project's: each 404
        CSBS.3001, alike (no enumeration across projects)."""
        gone = [UNKNOWN_ID, _BY_NAME["home-deleted"], _BY_NAME["east-a"]]
        for item in data.draw(st.permutations(gone), label="order"):
            self._show(MAIN_TOKEN, HOME, item, None)

    @rule(data=st.data())
    @counted
    def list_each_parameter(self, data: st.DataObject) -> None:
        """One filter (with the value of a backup that has it, so something is selected) or
        one sort key and direction, alone on the caller's home project: every parameter is
        met on its own in each run of this rule (in a drawn order, with drawn values),
        besides the random combinations of `list_backups`."""
        scope = self.model.scope(MAIN_TOKEN, HOME, None)
        sorts = [key + direction for key in SORT_KEYS for direction in (":asc", ":desc")]
        for sort in data.draw(st.permutations(sorts), label="sorts"):
            self._list(MAIN_TOKEN, None, HOME, ListQuery(sort=sort))
        for kind in data.draw(st.permutations(LIST_FILTERS), label="filters"):
            anchors = [
                b for b in scope
                if (kind != "policy_id" or b.policy_id) and (kind != "ip" or b.backup_data["eip"])
            ]  # fmt: skip
            anchor = data.draw(st.sampled_from(anchors), label="anchor")
            values = _anchored_values(kind, anchor)
            assert values is not None, f"{kind}: the anchor {anchor.id} passes no value"
            # Compared with the model like any listing (a fuzzy value in other cases of a
            # non-ASCII letter rightly selects nothing: only A-Z fold); and counted: the
            # count of the same filter is the model's and the listing's length.
            query = ListQuery({kind: data.draw(values, label=kind)})
            listed = self._list(MAIN_TOKEN, None, HOME, query)
            counted = self._count(MAIN_TOKEN, None, HOME, query)
            assert listed is not None
            assert counted == len(listed), f"countBackups {HOME} {query}: {counted} != {listed}"
            RECORDER.both("property: count equals the length of the full listing")
        for name in data.draw(st.permutations(PAGING_PARAMETERS), label="paging on count"):
            # countBackups takes no paging or sort parameter, however valid the value.
            wrong = ListQuery()
            setattr(wrong, name, data.draw(st.sampled_from(_ON_COUNT[name]), label=name))
            assert self._count(MAIN_TOKEN, None, HOME, wrong) is None
        # Beyond the page cap: still 1000 at most, the rest behind the next link.
        limit = data.draw(st.sampled_from([PAGE_MAX + 1, INT32_MAX]), label="limit")
        self._list(MAIN_TOKEN, None, HOME, ListQuery(limit=limit))
        # An offset counted from a marker's place (the page after it, minus the first few).
        marker = data.draw(st.sampled_from(sorted(b.id for b in scope)), label="marker")
        offset = data.draw(st.sampled_from([1, 2]), label="offset after the marker")
        self._list(MAIN_TOKEN, None, HOME, ListQuery(marker=marker, offset=offset, limit=3))

    def _read(
        self,
        operation: str,
        token: str | None,
        host: str | None,
        project: str,
        expect: Expect,
        case: str,
    ) -> None:
        """listBackups, countBackups or showReplicationCapabilities with no parameter,
        answered `expect` (a fault's or the gateway's refusal: `case` says which)."""
        api = self.endpoint.api(token, host_of(host) if host else None)
        what = f"{operation} {project} {case} (host {host})"
        send: Callable[[], Response[Any]]
        ok_type: type
        if operation == "listBackups":
            send, ok_type = (
                partial(list_backups.sync_detailed, project, client=api),
                (ListBackupsResponse),
            )
        elif operation == "countBackups":
            send, ok_type = (
                partial(count_backups.sync_detailed, project, client=api),
                (CountBackupsResponse),
            )
        else:
            send = partial(show_replication_capabilities.sync_detailed, project, client=api)
            ok_type = ReplicationCapabilities
        response: Response[Any] = call(what, send)
        checked(response, expect, operation, ok_type, what)

    # -- invariants -------------------------------------------------------------------------

    @invariant()
    def model_is_consistent(self) -> None:
        pairs = self.model.live_pairs()
        assert len(pairs) == len(set(pairs)), f"model: two live records for one region: {pairs}"
        assert not self.model.copy_status_consistent()

    @invariant()
    def target_records_agree(self) -> None:
        """The emulator's replication records are exactly the model's, one live per region."""
        if self.endpoint.control is None:
            return
        response = self.endpoint.control_call("GET", "/_emulator/replications")
        assert response.status_code == 200, response.text
        records = response.json()["replication_records"]
        got = {r["id"]: r["status"] for r in records}
        want = {r.id: r.status for r in self.model.records.values()}
        assert got == want, f"the target's replication records differ: {got} != {want}"
        live = [
            (r["source_item_id"], r["destination_region"])
            for r in records
            if r["status"] in LIVE_STATUSES
        ]
        assert len(live) == len(set(live)), (
            f"the target has two live records for one region: {live}"
        )


PROVIDER: Final = ProviderId.FC4D5750_22E7_4798_8A46_F48F62C4C1DA.value


def _uuid(text: str) -> UUID:
    """The id as the client should send it: a capitalised one goes out as written (the
    generated function only applies str() to it)."""
    return UUID(text) if text == text.lower() else cast(UUID, text)


def _unset(value: T | None) -> T | Unset:
    return UNSET if value is None else value


# -- drawing and sending list and count queries ---------------------------------------------

_OPERATIONS: Final = (
    "replicateBackup", "showBackup", "listBackups", "countBackups", "showReplicationCapabilities",
)  # fmt: skip
_LIST_PROJECTS = st.sampled_from(
    [HOME, HOME, HOME, EAST, EAST, EAST_B, EAST_X, SOUTH, OTHER, ASIA, UNKNOWN_PROJECT]
)
# Keys may repeat (the first place counts) and directions may be left out (desc).
_SORTS = st.one_of(
    st.none(),
    st.lists(
        st.tuples(st.sampled_from(SORT_KEYS), st.sampled_from(["", ":asc", ":desc"])),
        min_size=1,
        max_size=3,
    ).map(lambda keys: ",".join(key + direction for key, direction in keys)),
)
# Beyond 1000 a page still holds 1000 at most.
# Small pages mostly, so that next links (which must keep every filter) are followed often.
_LIMITS = st.sampled_from([None, 1, 1, 2, 2, 3, 5, 1000, 1001, INT32_MAX])
_OFFSETS = st.sampled_from([None, None, None, 0, 1, 2, 4, 50])
_TOO_LONG = {name: "x" * (length + 1) for name, length in FILTER_MAX_LENGTH.items()}
# One malformed value per parameter (each alone is refused 400 CSBS.9001 naming it).
_MALFORMED: Final[dict[str, list[Any]]] = {
    "sort": [
        "size",
        "name:up",
        "name:ASC",
        "NAME",
        "created_at,",
        ",name",
        "name;desc",
        "name:asc:desc",
        "created_at desc",
        "id:",
        "",
        ",".join(["name"] * 60),  # valid keys, over 255 characters
    ],
    "start_time": [
        "2021-03-01",
        "2021-03-01 10:00:00",
        "2021-03-01T10:00:00Z",
        "2021-03-01T10:00:00+08:00",
        "2021-13-01T10:00:00",
        "2021-03-01T24:00:00",
        "2021-03-01T10:00:00.1234567",
        "2021-03-01T10:00:00.",
        "yesterday",
        "",
    ],
    "end_time": ["2021-03-32T10:00:00", "2021-3-1T10:00:00", "1614592800", ""],
    "limit": [0, -1, INT32_MAX + 1],
    "offset": [-1, INT32_MAX + 1],
    **{name: [value] for name, value in _TOO_LONG.items()},
}
# countBackups does not take paging or sort parameters, whatever their value.
_ON_COUNT: Final[dict[str, list[Any]]] = {
    **{k: v for k, v in _MALFORMED.items() if k not in PAGING_PARAMETERS},
    "limit": [5, 1000],
    "offset": [0, 3],
    "sort": ["name", "created_at:asc"],
    "marker": [UNKNOWN_ID],
}


def _fold(text: str) -> list[str]:
    """`text` in other cases: a fuzzy filter must find it all the same (ASCII only)."""
    return [text, text.upper(), text.lower(), text.swapcase()]


def _anchored_values(kind: str, anchor: Backup) -> st.SearchStrategy[str] | None:
    """Values of filter `kind` that `anchor` passes (None: it passes none, e.g. no policy)."""
    if kind in FUZZY_FILTERS:
        name = str(anchor.name if kind == "name" else anchor.resource_name)
        ends = st.tuples(st.integers(0, len(name)), st.integers(0, len(name)))
        parts = ends.map(lambda e: name[min(e) : max(e) + 1])
        return parts.flatmap(lambda part: st.sampled_from(_fold(part)))
    if kind in TIME_FILTERS:
        created = str(anchor.created_at)
        if kind == "end_time":  # inclusive: the time itself, padded or not
            return st.sampled_from([created, created.rstrip("0").rstrip(".")])
        return st.sampled_from([created, created[:19], created[:21], created[:23]])
    if kind == "policy_id":
        return st.just(anchor.policy_id) if anchor.policy_id else None
    if kind == "ip":
        return st.sampled_from([anchor.backup_data["private_ip"], anchor.backup_data["eip"]])
    value = {
        "status": anchor.status,
        "resource_id": anchor.resource_id,
        "checkpoint_id": str(anchor.checkpoint_id),
        "resource_type": anchor.resource_type,
        "az": anchor.resource_az,
        "image_type": anchor.image_type,
    }[kind]
    return st.just(value)


def _filter_values(kind: str, scope: list[Backup]) -> st.SearchStrategy[str]:
    """Values of filter `kind`: most match some backups of `scope` and not others; some match
    none; for fuzzy filters, any part of a name in any case."""
    if kind == "status":
        return st.sampled_from(
            ["available", "available", "deleted", "protecting", "error", "restoring"]
        )
    if kind in FUZZY_FILTERS:
        names = sorted({str(b.name if kind == "name" else b.resource_name) for b in scope})
        # `%` and `_` are plain characters; "ü" does not fold to "Ü"; "" matches everything.
        fixed = st.sampled_from(["", "nothing-by-this-name", "%", "_", "ü", "ÜBER", "DB_", "web"])
        if not names:
            return fixed
        parts = st.sampled_from(names).flatmap(
            lambda name: st.tuples(st.integers(0, len(name)), st.integers(0, len(name))).map(
                lambda ends: name[min(ends) : max(ends) + 1]
            )
        )
        return st.one_of(fixed, parts.flatmap(lambda part: st.sampled_from(_fold(part))))
    if kind in TIME_FILTERS:
        times = sorted({str(b.created_at) for b in scope if b.created_at is not None})
        fixed = st.sampled_from(["2020-01-01T00:00:00", "2099-12-31T23:59:59.999999"])
        if not times:
            return fixed
        # The time itself (inclusive), without its fraction, or with a shortened fraction.
        variants = st.sampled_from(times).flatmap(
            lambda t: st.sampled_from([t, t[:19], t[:21], t[:23], t[:25]])
        )
        return st.one_of(fixed, variants)
    values = {
        "resource_id": [b.resource_id for b in scope] + [UNKNOWN_ID, "not-a-uuid"],
        "checkpoint_id": [str(b.checkpoint_id) for b in scope] + [UNKNOWN_ID],
        "resource_type": ["OS::Nova::Server", "OS::Cinder::Volume", "OS::Nova::Unknown"],
        "az": [b.resource_az for b in scope] + ["cn-north-9z"],
        "image_type": ["backup", "replication", "snapshot"],
        "policy_id": [str(b.policy_id) for b in scope if b.policy_id] + [POLICY_DAILY, UNKNOWN_ID],
        "ip": [
            *(b.backup_data["private_ip"] for b in scope),
            *(b.backup_data["eip"] for b in scope),
            "10.9.9.9",
        ],
    }[kind]
    return st.sampled_from(sorted(set(values)))


def _list_args(query: ListQuery, *, count: bool = False) -> dict[str, Any]:
    """The query as the generated function's keywords (None: not sent at all, not even the
    generated defaults of `limit` and `all_tenants`)."""
    args: dict[str, Any] = {
        name: BackupStatus(value) if name == "status" else value
        for name, value in query.filters.items()
    }
    args["all_tenants"] = _unset(query.all_tenants)
    if not count:
        args |= {
            "limit": _unset(query.limit),
            "offset": _unset(query.offset),
            "sort": _unset(query.sort),
            "marker": UNSET if query.marker is None else _uuid(query.marker),
        }
    return args


def _query_params(query: ListQuery) -> dict[str, str]:
    """The query as sent on the wire (booleans as the generated client writes them)."""
    params = dict(query.filters)
    if query.all_tenants is not None:
        params["all_tenants"] = "true" if query.all_tenants else "false"
    params |= {name: str(value) for name, value in query.paging().items()}
    return params


def _count_raw(api: ApiClient, project: str, query: ListQuery) -> Response[Any]:
    """countBackups with parameters it does not declare, through the client's own httpx."""
    http = api.get_httpx_client()
    answer = http.get(f"/v1/{project}/checkpoint_items/count", params=_query_params(query))
    return count_backups._build_response(client=api, response=answer)


def _follow(api: ApiClient, href: str, what: str) -> Response[Any]:
    """GET a `next` link as the service wrote it (its path and query, on the same client)."""
    link = urlsplit(href)
    http = api.get_httpx_client()
    return call(
        what,
        lambda: list_backups._build_response(
            client=api, response=http.get(f"{link.path}?{link.query}")
        ),
    )


def _check_next_link(links: list[dict[str, Any]], query: ListQuery, last: str, what: str) -> None:
    """A `next` link keeps the filters, sort and limit, has the last id as its marker and no
    offset (the offset was spent on this page)."""
    assert links[0].get("rel") == "next", f"{what}: {links}"
    sent = parse_qs(urlsplit(links[0]["href"]).query, keep_blank_values=True)
    assert sent.get("marker") == [last], f"{what}: next marker {sent} is not {last}"
    assert "offset" not in sent, f"{what}: the next link repeats the offset: {sent}"
    kept = {name: [value] for name, value in query.filters.items()}
    if query.sort is not None:
        kept["sort"] = [query.sort]
    if query.limit is not None:
        kept["limit"] = [str(query.limit)]
    dropped = {k: v for k, v in kept.items() if sent.get(k) != v}
    assert not dropped, f"{what}: the next link drops or changes {dropped}: {sent}"


def _assert_names(body: dict[str, Any], parameters: list[str], what: str) -> None:
    """A 400 CSBS.9001 says which parameter it refuses."""
    message = str(body.get("error_msg", ""))
    assert any(name in message for name in parameters), (
        f"{what}: error_msg {message!r} names none of {parameters}"
    )


# -- running it -----------------------------------------------------------------------------


def model_settings(*, max_examples: int, steps: int, shrink: bool = True) -> settings:
    """Bounded settings on top of the loaded profile; CSBS_MODEL_EXAMPLES/_STEPS override."""
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
    # CSBS_MODEL_SHRINK=0: report the first failure as found (the mutation test, which only
    # needs to know that a run fails, not its shortest form).
    if shrink and os.environ.get("CSBS_MODEL_SHRINK", "1") != "0":
        phases.append(Phase.shrink)
    return settings(
        max_examples=int(os.environ.get("CSBS_MODEL_EXAMPLES", max_examples)),
        stateful_step_count=int(os.environ.get("CSBS_MODEL_STEPS", steps)),
        deadline=None,
        phases=phases,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def run_model(endpoint: Endpoint, run_settings: settings, *, reports: Path) -> None:
    """Run the state machine against `endpoint`; raises on the first (shrunk) failure, whose
    calls are also written to `reports`/model-repro/repro.sh."""

    class BoundMachine(ReplicationMachine):
        def __init__(self) -> None:
            super().__init__(endpoint)

    BoundMachine.__name__ = BoundMachine.__qualname__ = "ReplicationMachine"
    _run_machine(BoundMachine, endpoint, run_settings, reports)


def _run_machine(
    machine: type[RuleBasedStateMachine],
    endpoint: Endpoint,
    run_settings: settings,
    reports: Path,
    api: Api = CSBS,
) -> None:
    """Run a bound state machine, counting the run and its failure for the coverage report;
    a failure carries (and leaves in `reports`) the calls of its shortest sequence."""
    RECORDER.ran = True
    RECORDER.apis.add(api.name)
    try:
        run_state_machine_as_test(machine, settings=run_settings)
    except Exception as failure:
        RECORDER.failures += 1
        _attach_repro(failure, endpoint, reports / "model-repro")
        raise


def _attach_repro(failure: Exception, endpoint: Endpoint, folder: Path) -> None:
    """Add the shortest failing sequence's HTTP calls, as curl commands, to the failure
    (and write them to `folder`/repro.sh): Hypothesis ran it last."""
    if not endpoint.journal:
        return
    lines = as_curl(endpoint.journal, endpoint.url, folder)
    script = folder / "repro.sh"
    script.write_text("#!/usr/bin/env bash\n" + "\n".join(lines) + "\n", "utf-8")
    failure.add_note(
        f"The shortest failing sequence, {len(endpoint.journal)} HTTP calls "
        f"(control plane included; also in {script}):\n" + "\n".join(lines)
    )


# -- a target the suite cannot reset: the observed model ---------------------------------------

# Members of a backup that nothing in a read-only run changes.
STABLE_MEMBERS: Final = (
    "id", "name", "checkpoint_id", "resource_id", "resource_type", "created_at",
)  # fmt: skip


@dataclass(frozen=True)
class Snapshot:
    """What the target holds when the run starts, read through its own credentials."""

    project_id: str
    regions: dict[str, set[str]]
    backups: dict[str, dict[str, Any]]  # id -> the stable members it sent
    items: list[dict[str, Any]]  # the first page as listed: where filter values come from


def take_snapshot(own: ApiClient, project_id: str) -> Snapshot:
    what = f"snapshot of {project_id}"
    caps = call(what, lambda: show_replication_capabilities.sync_detailed(project_id, client=own))
    body = checked(caps, OK, "showReplicationCapabilities", ReplicationCapabilities, what)
    regions = {r["name"]: set(r["replication_destinations"]) for r in body["regions"]}
    listing = call(what, lambda: list_backups.sync_detailed(project_id, client=own, limit=1000))
    items = checked(listing, OK, "listBackups", ListBackupsResponse, what)["checkpoint_items"]
    # A tolerant reading: a member the service left out is not held against it later.
    backups = {b["id"]: {k: b[k] for k in STABLE_MEMBERS if k in b} for b in items}
    return Snapshot(project_id, regions, backups, items)


def _member(item: dict[str, Any], name: str) -> Any:
    """A body member a filter or sort key reads (None: the item does not show it)."""
    extend_info = item.get("extend_info") or {}
    backup_data = item.get("backup_data") or {}
    if name in ("az", "resource_name", "image_type"):
        return extend_info.get("resource_az" if name == "az" else name)
    if name == "ip":
        addresses = [backup_data.get("private_ip"), backup_data.get("eip")]
        return [a for a in addresses if a is not None] or None
    if name in ("start_time", "end_time"):
        name = "created_at"
    return item.get(name)


def _satisfies(item: dict[str, Any], name: str, value: str) -> bool | None:
    """Whether a listed item passes filter `name` (None: it does not show the member, or the
    filter reads what no body shows, like `policy_id`)."""
    member = _member(item, name)
    if member is None or name == "policy_id":
        return None
    if name in FUZZY_FILTERS:
        return fuzzy_match(str(member), value)
    if name == "ip":
        return value in member
    if name == "start_time":
        return full_timestamp(str(member)) >= full_timestamp(value)
    if name == "end_time":
        return full_timestamp(str(member)) <= full_timestamp(value)
    return bool(member == value)


def _in_order(a: dict[str, Any], b: dict[str, Any], keys: tuple[tuple[str, bool], ...]) -> bool:
    """Whether item `a` may come before item `b` under the sort (True when unknown)."""
    for key, descending in keys:
        x, y = a.get(key), b.get(key)
        if x is None or y is None:
            return True  # the tolerant reading: a member left out decides nothing
        if key.endswith("_at"):
            x, y = full_timestamp(str(x)), full_timestamp(str(y))
        if x != y:
            return bool((x > y) if descending else (x < y))
    return True


def _observed_values(kind: str, items: list[dict[str, Any]]) -> st.SearchStrategy[str]:
    """Values of filter `kind` taken from what the target listed (or matching nothing)."""
    seen: set[str] = set()
    for item in items:
        member = _member(item, kind)
        for value in member if isinstance(member, list) else [member]:
            if isinstance(value, str) and value:
                seen.add(value)
    if kind in FUZZY_FILTERS:
        parts = {part for value in seen for part in (value[:4], value[-3:])}
        seen = {folded for part in parts for folded in _fold(part)} | {"", "nothing-by-this-name"}
    elif kind in TIME_FILTERS:
        seen = {t[:19] for t in seen} | {"2000-01-01T00:00:00", "2099-12-31T23:59:59.999999"}
    elif kind == "status":
        seen |= {"available", "deleted"}
    else:
        seen.add(UNKNOWN_ID)
    return st.sampled_from(sorted(seen))


class ObservedMachine(RuleBasedStateMachine):
    """A read-only model for a target whose state the suite cannot set (a real service): what
    it answered at the start is the model. Backups keep their stable members, listings stay
    ordered and paged as the spec says, unknown ids are 404, foreign projects 403, missing or
    bogus credentials 401, the spec's bounds 400. Without knowing the data: every item a
    filter lists passes it, countBackups equals the length of the whole filtered listing,
    a sort's order holds across pages, a malformed sort or time is 400 naming it. Replicate
    is sent only when the target may be replicated to, and then only calls no correct
    service can accept (an unknown backup, a bogus token)."""

    def __init__(self, endpoint: Endpoint, snapshot: Snapshot) -> None:
        super().__init__()
        assert endpoint.own is not None
        endpoint.journal.clear()  # see ReplicationMachine.__init__
        self.endpoint = endpoint
        self.own = endpoint.own
        self.snapshot = snapshot
        self.project = snapshot.project_id

    def _client(self, who: str) -> ApiClient:
        return self.own if who == "own" else self.endpoint.api(TOKENS[who])

    def _expect(self, who: str, project: str) -> Expect:
        if who != "own":
            return UNAUTHENTICATED
        return OK if project == self.project else FORBIDDEN

    @rule(data=st.data())
    @counted
    def show(self, data: st.DataObject) -> None:
        ids = sorted(self.snapshot.backups)
        item = data.draw(st.sampled_from([*ids, *ids, UNKNOWN_ID]), label="backup")
        ref = data.draw(st.sampled_from([item] * 3 + [item.upper()]), label="id as sent")
        who = data.draw(st.sampled_from(["own"] * 4 + ["bogus", "none"]), label="credentials")
        project = data.draw(
            st.sampled_from([self.project] * 4 + [UNKNOWN_PROJECT]), label="project"
        )
        expect = self._expect(who, project)
        if expect.ok and item not in self.snapshot.backups:
            expect = NOT_FOUND
        what = f"showBackup {ref} in {project} as {who}"
        api = self._client(who)
        response = call(what, lambda: show_backup.sync_detailed(project, _uuid(ref), client=api))
        body = checked(response, expect, "showBackup", ShowBackupResponse, what)
        if expect.ok:
            shown = body["checkpoint_item"]
            assert_matches(self.snapshot.backups[item], shown, what)
            records = shown.get("replication_records", [])
            newest = records[0]["status"] if records else "na"
            assert shown["extend_info"]["copy_status"] == newest, f"{what}: copy_status vs records"

    @rule(data=st.data())
    @counted
    def list_pages(self, data: st.DataObject) -> None:
        limit = data.draw(st.sampled_from([None, 1, 2, 5, 0, 1001, INT32_MAX + 1]), label="limit")
        status = data.draw(st.sampled_from([None, None, "available"]), label="status")
        who = data.draw(st.sampled_from(["own"] * 4 + ["bogus", "none"]), label="credentials")
        project = data.draw(
            st.sampled_from([self.project] * 4 + [UNKNOWN_PROJECT]), label="project"
        )
        expect = self._expect(who, project)
        if expect.ok and limit is not None and not 1 <= limit <= INT32_MAX:
            expect = INVALID
        api = self._client(who)
        marker: str | None = None
        seen: list[tuple[str, str]] = []
        for page_no in range(10):  # bounded: a real service may hold many backups
            what = f"listBackups {project} as {who} limit={limit} status={status} #{page_no}"
            response = call(
                what,
                partial(
                    list_backups.sync_detailed,
                    project,
                    client=api,
                    limit=limit if limit is not None else UNSET,
                    marker=UUID(marker) if marker else UNSET,
                    status=BackupStatus(status) if status else UNSET,
                ),
            )
            body = checked(response, expect, "listBackups", ListBackupsResponse, what)
            if not expect.ok:
                return
            items = body["checkpoint_items"]
            assert len(items) <= min(limit or PAGE_MAX, PAGE_MAX), f"{what}: {len(items)} items"
            for item in items:
                if status is not None:
                    assert item["status"] == status, f"{what}: {item['id']} is {item['status']}"
                if item["id"] in self.snapshot.backups:
                    assert_matches(self.snapshot.backups[item["id"]], item, what)
            # Items that leave created_at out (the tolerant reading) decide nothing.
            seen.extend((b["created_at"], b["id"]) for b in items if "created_at" in b)
            assert seen == sorted(set(seen), reverse=True), f"{what}: not newest first: {seen}"
            links = body.get("checkpoint_items_links") or []
            if not links:
                return
            assert items, f"{what}: a next link after an empty page"
            query = parse_qs(urlsplit(links[0]["href"]).query)
            assert query.get("marker") == [items[-1]["id"]], f"{what}: next marker {query}"
            marker = items[-1]["id"]

    @rule(data=st.data())
    @counted
    def list_with_unknown_marker(self, data: st.DataObject) -> None:
        what = f"listBackups {self.project} marker={UNKNOWN_ID}"
        response = call(
            what,
            lambda: list_backups.sync_detailed(
                self.project, client=self.own, marker=UUID(UNKNOWN_ID)
            ),
        )
        checked(response, NOT_FOUND, "listBackups", ListBackupsResponse, what)

    @rule(data=st.data())
    @counted
    def capabilities(self, data: st.DataObject) -> None:
        who = data.draw(st.sampled_from(["own"] * 3 + ["bogus", "none"]), label="credentials")
        project = data.draw(
            st.sampled_from([self.project] * 3 + [UNKNOWN_PROJECT]), label="project"
        )
        expect = self._expect(who, project)
        what = f"showReplicationCapabilities {project} as {who}"
        api = self._client(who)
        response = call(
            what, lambda: show_replication_capabilities.sync_detailed(project, client=api)
        )
        body = checked(
            response, expect, "showReplicationCapabilities", ReplicationCapabilities, what
        )
        if expect.ok:
            got = {r["name"]: set(r["replication_destinations"]) for r in body["regions"]}
            assert got == self.snapshot.regions, f"{what}: {got}"

    def _pages(
        self, query: ListQuery, what: str, max_pages: int = 10
    ) -> tuple[list[dict[str, Any]], bool]:
        """Up to `max_pages` pages of the own project's listing, following the `next` links;
        the items, and whether that was the whole listing."""
        response = call(
            what,
            partial(list_backups.sync_detailed, self.project, client=self.own, **_list_args(query)),
        )
        items: list[dict[str, Any]] = []
        for page_no in range(max_pages):
            body = checked(response, OK, "listBackups", ListBackupsResponse, f"{what} #{page_no}")
            page = body["checkpoint_items"]
            assert len(page) <= min(query.limit or PAGE_MAX, PAGE_MAX), f"{what}: {len(page)}"
            items.extend(page)
            links = body.get("checkpoint_items_links") or []
            if not links:
                return items, True
            assert page, f"{what}: a next link after an empty page"
            _check_next_link(links, query, page[-1]["id"], f"{what} #{page_no}")
            response = _follow(self.own, links[0]["href"], f"{what} #{page_no + 1}")
        return items, False

    @rule(data=st.data())
    @counted
    def filtered_count_and_listing(self, data: st.DataObject) -> None:
        """A filter with a value taken from what the target listed: every item listed passes
        it, and countBackups says exactly how many the whole listing holds."""
        kind = data.draw(st.sampled_from(LIST_FILTERS), label="filter")
        value = data.draw(_observed_values(kind, self.snapshot.items), label="value")
        query = ListQuery({kind: value}, limit=data.draw(st.sampled_from([None, 2, 5])))
        what = f"countBackups {self.project} {query}"
        response = call(
            what,
            partial(
                count_backups.sync_detailed,
                self.project,
                client=self.own,
                **_list_args(query, count=True),
            ),
        )
        counted = checked(response, OK, "countBackups", CountBackupsResponse, what)["count"]
        what = f"listBackups {self.project} {query}"
        items, whole = self._pages(query, what)
        for item in items:
            assert _satisfies(item, kind, value) is not False, (
                f"{what}: {item.get('id')} does not pass {kind}={value!r}"
            )
        ids = [item["id"] for item in items]
        assert len(ids) == len(set(ids)), f"{what}: an item listed twice: {ids}"
        if whole:
            assert counted == len(items), f"{what}: count {counted} != {len(items)} listed"

    @rule(data=st.data())
    @counted
    def sorted_listing(self, data: st.DataObject) -> None:
        """Pages under a sort: in its order (ties by id) across pages, each item once."""
        sort = data.draw(_SORTS.filter(lambda s: s is not None), label="sort")
        keys = parse_sort(sort)
        assert keys is not None
        query = ListQuery(sort=sort, limit=data.draw(st.sampled_from([2, 5, 1000])))
        what = f"listBackups {self.project} {query}"
        items, _ = self._pages(query, what)
        ids = [item["id"] for item in items]
        assert len(ids) == len(set(ids)), f"{what}: an item listed twice: {ids}"
        for before, after in itertools.pairwise(items):
            assert _in_order(before, after, keys), (
                f"{what}: {before['id']} is listed before {after['id']}, against {keys}"
            )

    @rule(data=st.data())
    @counted
    def malformed_query(self, data: st.DataObject) -> None:
        """A malformed sort or time: 400 CSBS.9001 naming the parameter."""
        count = data.draw(st.booleans(), label="countBackups")
        broken = data.draw(
            st.sampled_from(["start_time", "end_time"] if count else ["sort", "start_time"]),
            label="parameter",
        )
        value = data.draw(st.sampled_from(_MALFORMED[broken]), label="value")
        query = ListQuery({broken: value}) if broken != "sort" else ListQuery(sort=value)
        api = self.own
        what = f"{'count' if count else 'list'}Backups {self.project} {query}"
        if count:
            args = _list_args(query, count=True)
            counted = call(
                what, partial(count_backups.sync_detailed, self.project, client=api, **args)
            )
            body = checked(counted, INVALID, "countBackups", CountBackupsResponse, what)
        else:
            args = _list_args(query)
            listed = call(
                what, partial(list_backups.sync_detailed, self.project, client=api, **args)
            )
            body = checked(listed, INVALID, "listBackups", ListBackupsResponse, what)
        _assert_names(body, [broken], what)

    @precondition(lambda self: self.endpoint.may_replicate)
    @rule(data=st.data())
    @counted
    def replicate_refused(self, data: st.DataObject) -> None:
        """Only calls a correct service refuses: an unknown backup, or no valid credentials."""
        who = data.draw(st.sampled_from(["own", "bogus", "none"]), label="credentials")
        item = data.draw(
            st.sampled_from([UNKNOWN_ID, *sorted(self.snapshot.backups)]), label="backup"
        )
        if who == "own":
            item = UNKNOWN_ID  # never a real backup with real credentials
        region = data.draw(st.sampled_from(sorted(self.snapshot.regions)), label="region")
        body = ReplicateRequest(
            replication=ReplicationParam(
                destination_region=region, destination_project_id=self.project
            )
        )
        what = f"replicateBackup {item} of {self.project} as {who}"
        api = self._client(who)
        response = call(
            what,
            lambda: replicate_backup.sync_detailed(
                self.project,
                ProviderId.FC4D5750_22E7_4798_8A46_F48F62C4C1DA,
                UUID(item),
                client=api,
                body=body,
            ),
        )
        # Own credentials that may not write are refused before the backup is looked up.
        expect = UNAUTHENTICATED if who != "own" else NOT_FOUND
        if who == "own" and int(response.status_code) == 403:
            expect = FORBIDDEN
        checked(response, expect, "replicateBackup", ReplicateResponse, what)


def run_observed(
    endpoint: Endpoint, project_id: str, run_settings: settings, *, reports: Path
) -> None:
    """Run the observed model against a target the suite cannot reset (see ObservedMachine)."""
    assert endpoint.own is not None
    snapshot = take_snapshot(endpoint.own, project_id)

    class BoundObserved(ObservedMachine):
        def __init__(self) -> None:
            super().__init__(endpoint, snapshot)

    BoundObserved.__name__ = BoundObserved.__qualname__ = "ObservedMachine"
    _run_machine(BoundObserved, endpoint, run_settings, reports)


# -- the tests ------------------------------------------------------------------------------


# Examples x steps of each run, per `--model-budget` (scripts/contract --quick / --thorough):
# in-process manual and instant lifecycles, a served emulator, and the observed model on an
# emulator and on a real service (every request counts there: rate-capped, kept small).
BUDGETS: Final[dict[str, dict[str, tuple[int, int]]]] = {
    "quick": {"manual": (10, 15), "instant": (3, 10), "served": (8, 15), "observed": (3, 8),
              "real": (2, 6)},
    # The read side has many combinations to meet; every row is met by design (each rule
    # aims at its rows every run), so two APIs in one job can afford fewer examples.
    "default": {"manual": (25, 30), "instant": (10, 20), "served": (40, 30), "observed": (4, 12),
                "real": (4, 10)},
    "thorough": {"manual": (300, 50), "instant": (60, 30), "served": (150, 40),
                 "observed": (50, 30), "real": (10, 15)},
}  # fmt: skip


def _budget(config: pytest.Config, run: str) -> settings:
    examples, steps = BUDGETS[config.getoption("--model-budget", default="default")][run]
    return model_settings(max_examples=examples, steps=steps)


def test_replication_model(
    target: Target,
    new_emulator: Callable[..., Any],
    pytestconfig: pytest.Config,
    contract_reports: Path,
) -> None:
    """The target answers every call as the model predicts, across random call sequences.

    In-process: fresh emulators in the manual and the instant lifecycle, then the observed
    model on the session's emulator (the demo dataset). A `--base-url` emulator: the full
    model in its own lifecycle (its demo dataset is put back afterwards), then the observed
    model. Anything else: the observed model only, read-only unless --allow-replicate.
    """
    if target.dry_run:
        pytest.skip("dry run: the model compares real answers, so it sends nothing and is skipped")
    RECORDER.reset()  # the coverage of this run only (other suites also use `checked`)
    if target.base_url is None:
        for lifecycle in ("manual", "instant"):
            endpoint = Endpoint.in_process(new_emulator(lifecycle=lifecycle))
            try:
                run_model(endpoint, _budget(pytestconfig, lifecycle), reports=contract_reports)
            finally:
                endpoint.close()
        # The session's own emulator (the demo dataset): the observed model only reads, and
        # replicates nothing (an unknown backup, or no valid credentials), so the suites after
        # it see the same state; a fresh emulator would cost a second start-up.
        app = target.app
        assert app is not None
        endpoint = Endpoint.in_process(app)
        demo = app.control_plane.demo()
        endpoint.own = endpoint.api(str(demo["token"]))
        try:
            run_observed(
                endpoint,
                str(demo["project_id"]),
                _budget(pytestconfig, "observed"),
                reports=contract_reports,
            )
        finally:
            endpoint.close()
    else:
        endpoint = Endpoint.for_target(target)
        try:
            if target.is_emulator:
                try:
                    run_model(endpoint, _budget(pytestconfig, "served"), reports=contract_reports)
                finally:
                    restore_demo(endpoint)
            if target.project_id is None:
                pytest.fail("no project id for the observed model: set CSBS_PROJECT_ID")
            run = "observed" if target.is_emulator else "real"
            run_observed(
                endpoint, target.project_id, _budget(pytestconfig, run), reports=contract_reports
            )
        finally:
            endpoint.close()


def test_page_cap(target: Target, new_emulator: Callable[..., Any]) -> None:
    """A page never holds more than 1000 items, whatever `limit` says; the `next` link
    brings the rest, and countBackups counts them all. Needs more backups than the world
    has, made through the control plane, so only against an emulator."""
    if target.base_url is None:
        endpoint = Endpoint.in_process(new_emulator(lifecycle="manual"))
    elif target.is_emulator:
        endpoint = Endpoint.for_target(target)
    else:
        pytest.skip("needs 1001 backups in one project: made through an emulator's control plane")
    try:
        endpoint.load_world(WORLD)
        made = endpoint.control_call(
            "POST", "/_emulator/backups", {"project_id": EUROPE, "count": PAGE_MAX + 1}
        )
        assert made.status_code == 200, made.text
        created = set(made.json()["checkpoint_item_ids"])
        api = endpoint.api(MAIN_TOKEN)
        # One limit over the cap (the model suite draws INT32_MAX too); each page is 1000 items
        # checked in full, so each limit costs seconds.
        for limit in (PAGE_MAX + 1,):
            query = ListQuery(limit=limit)
            what = f"listBackups {EUROPE} {query}"
            first = call(what, partial(list_backups.sync_detailed, EUROPE, client=api, limit=limit))
            body = checked(first, OK, "listBackups", ListBackupsResponse, what)
            page = body["checkpoint_items"]
            assert len(page) == PAGE_MAX, f"{what}: a page of {len(page)} items"
            links = body.get("checkpoint_items_links") or []
            assert links, f"{what}: no next link after a full page of {len(created)} backups"
            _check_next_link(links, query, page[-1]["id"], what)
            following = _follow(api, links[0]["href"], what)
            body = checked(following, OK, "listBackups", ListBackupsResponse, f"{what} #1")
            rest = body["checkpoint_items"]
            assert not body.get("checkpoint_items_links"), f"{what}: a link after the last page"
            listed = [(b["created_at"], b["id"]) for b in page + rest]
            assert listed == sorted(listed, reverse=True), f"{what}: not newest first"
            assert {b["id"] for b in page + rest} == created, f"{what}: not the backups made"
        what = f"countBackups {EUROPE}"
        counted = checked(
            call(what, partial(count_backups.sync_detailed, EUROPE, client=api)),
            OK,
            "countBackups",
            CountBackupsResponse,
            what,
        )
        assert counted["count"] == len(created), f"{what}: {counted} != {len(created)}"
    finally:
        if target.base_url is not None:
            restore_demo(endpoint)
        endpoint.close()


def test_every_rule_and_code_is_reached(target: Target, pytestconfig: pytest.Config) -> None:
    """The model suite's generation reached every documented rule, every error code of every
    operation's x-csbs-error-codes, every list filter and sort, and every semantic property
    (contract_tests/coverage.py): a zero row is a blind spot of the suite. Enforced on
    emulators in the default and thorough budgets; the quick one reports only."""
    if not RECORDER.ran:
        pytest.skip("the model suite did not run in this session (it is selected apart)")
    if not target.is_emulator:
        pytest.skip("a real service gets the read-only observed model: refusals are not drawn")
    rows = expected_rows(spec_schemas().doc)
    if RECORDER.lifecycles == {"instant"}:
        # A served `csbs-emulator serve` ends each copy before answering: no copy is ever
        # seen running, so a replica "being made" cannot be met (the embedded run meets it
        # in its manual lifecycle).
        rows = [row for row in rows if row not in NEEDS_A_RUNNING_COPY]
    zero = RECORDER.zero_rows(rows)
    if pytestconfig.getoption("--model-budget", default="default") == "quick":
        pytest.skip(f"quick budget: coverage is reported, not enforced ({len(zero)} rows at 0)")
    assert not zero, "never reached by the model suite:\n" + RECORDER.table(rows)
