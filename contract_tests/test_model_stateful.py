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

Against an emulator the suite owns the state: each example loads `WORLD`, and lifecycles are
driven through the control plane (`manual`: the `advance` rule; `instant`: completed on
acceptance; `delay`: advanced right after acceptance, before any tick can end it). A
`--base-url` emulator gets its demo dataset back afterwards. Against a target that is not an
emulator only the observed model runs: its model is what the target answered at the start,
it never replicates without `--allow-replicate`, and even with it sends only replicate calls
that a correct service must refuse (an unknown backup, no valid credentials).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Final, TypeVar, cast
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from contract_tests.model import (
    DUPLICATE,
    FORBIDDEN,
    INVALID,
    LIST_FILTERS,
    LIVE_STATUSES,
    NOT_FOUND,
    OK,
    UNAUTHENTICATED,
    Expect,
    ReplicateParams,
    ReplicationModel,
)
from contract_tests.model_harness import (
    EAST,
    EAST_B,
    EAST_X,
    FAIL_CODE,
    HOME,
    MAIN_TOKEN,
    OTHER,
    OTHER_TOKEN,
    RO_TOKEN,
    SOUTH,
    TOKENS,
    UNKNOWN_ID,
    UNKNOWN_PROJECT,
    UNKNOWN_REGION,
    WORLD,
    ApiClient,
    Endpoint,
    assert_matches,
    call,
    checked,
    host_of,
    restore_demo,
)
from contract_tests.target import Target
from csbs_client.api.backups import list_backups, show_backup
from csbs_client.api.capabilities import show_replication_capabilities
from csbs_client.api.replication import replicate_backup
from csbs_client.models import (
    BackupStatus,
    ListBackupsResponse,
    ProviderId,
    ReplicateRequest,
    ReplicateResponse,
    ReplicationCapabilities,
    ReplicationParam,
    ResourceType,
    ShowBackupResponse,
)
from csbs_client.types import UNSET, Unset

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
    "bogus",
    "none",
]


class ReplicationMachine(RuleBasedStateMachine):
    """Drives the target through the generated client and compares it with the model."""

    def __init__(self, endpoint: Endpoint) -> None:
        super().__init__()
        self.endpoint = endpoint
        self.lifecycle = endpoint.load_world(WORLD)
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
        live = [r["destination_region"] for r in records if r["status"] in LIVE_STATUSES]
        assert len(live) == len(set(live)), f"{what}: two live replicas to one region: {live}"
        return shown

    def _show_and_compare(self, backup_id: str, host_region: str | None = None) -> dict[str, Any]:
        backup = self.model.backups[backup_id]
        token = self._owner_token(backup.project_id)
        shown = self._show(token, backup.project_id, backup_id, host_region)
        assert shown is not None
        assert_matches(
            self.model.backup_view(backup_id, with_records=True), shown, f"showBackup {backup_id}"
        )
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
        record = self.model.start_replication(record_id, project, item, params)
        if self.lifecycle == "instant":
            self._adopt_instant_success(record.id)
        elif self.lifecycle == "delay":
            # Ended through the control plane before any public call can tick it.
            self._advance(record.id, "success")
        return expect

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
        assert_matches(
            self.model.backup_view(source.id, with_records=True),
            shown,
            "source after an instant copy",
        )
        self._adopt_replica(replica_id)

    def _adopt_replica(self, replica_id: str) -> None:
        """See the new replica in its project and region; adopt its server-assigned members."""
        replica = self.model.backups[replica_id]
        token = self._owner_token(replica.project_id)
        shown = self._show(token, replica.project_id, replica_id, replica.region)
        assert shown is not None, f"replica {replica_id} is not visible in {replica.project_id}"
        self.model.adopt_replica(replica_id, shown)
        assert_matches(
            self.model.backup_view(replica_id, with_records=True), shown, f"replica {replica_id}"
        )

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
    def replicate_without_write_permission(self, data: st.DataObject) -> None:
        """A read-only credential, or another tenant's, on an otherwise valid replication."""
        item, region, project = data.draw(st.sampled_from(self._open_routes()), label="route")
        token = data.draw(st.sampled_from([RO_TOKEN, OTHER_TOKEN]), label="token")
        source = self.model.backups[item]
        expect = self._replicate(token, source.project_id, item, ReplicateParams(region, project))
        assert expect.status == 403, f"model: {expect}"

    # -- rules: the lifecycle ---------------------------------------------------------------

    def _copying(self) -> list[str]:
        return [r.id for r in self.model.copying()]

    @precondition(lambda self: self.lifecycle == "manual" and self._copying())
    @rule(data=st.data())
    def advance(self, data: st.DataObject) -> None:
        """The control plane ends a copy; the replica appears (success) or the source fails."""
        record_id = data.draw(st.sampled_from(self._copying()), label="record")
        outcome = data.draw(st.sampled_from(["success", "fail"]), label="outcome")
        self._advance(record_id, outcome)
        self._show_and_compare(self.model.records[record_id].backup_id)

    @precondition(
        lambda self: (
            self.endpoint.control is not None
            and any(r.status != "copying" for r in self.model.records.values())
        )
    )
    @rule(data=st.data())
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
            assert_matches(
                self.model.backup_view(item, with_records=True), shown, f"showBackup {ref}"
            )

    @rule(data=st.data())
    def list_all_pages(self, data: st.DataObject) -> None:
        """Every page of a project's listing, filtered or not, compared item by item."""
        project = data.draw(
            st.sampled_from(
                [HOME, HOME, HOME, EAST, EAST_B, SOUTH, OTHER, EAST_X, UNKNOWN_PROJECT]
            ),
            label="project",
        )
        token, host = self._caller(data, project)
        filters = self._list_filters(data, project)
        limit = data.draw(st.sampled_from([None, 1, 2, 3, 5, 1000, 0, 1001]), label="limit")
        api = self.endpoint.api(token, host_of(host) if host else None)
        expect = self.model.decide_list(token, project, None, host, limit)
        marker: str | None = None
        for page_no in range(20):
            shown = " ".join(f"{k}={v}" for k, v in filters.items())
            what = f"listBackups {project} {shown} limit={limit} marker={marker} #{page_no}"
            response = call(
                what,
                partial(
                    list_backups.sync_detailed,
                    project,
                    client=api,
                    limit=limit if limit is not None else UNSET,
                    marker=UUID(marker) if marker else UNSET,
                    status=BackupStatus(filters["status"]) if "status" in filters else UNSET,
                    name=filters.get("name", UNSET),
                    resource_id=UUID(filters["resource_id"]) if "resource_id" in filters else UNSET,
                    checkpoint_id=(
                        UUID(filters["checkpoint_id"]) if "checkpoint_id" in filters else UNSET
                    ),
                    resource_type=(
                        ResourceType(filters["resource_type"])
                        if "resource_type" in filters
                        else UNSET
                    ),
                ),
            )
            body = checked(response, expect, "listBackups", ListBackupsResponse, what)
            if not expect.ok:
                return
            want, more = self.model.page(
                project, filters=filters, limit=limit or 1000, marker=marker
            )
            items = body["checkpoint_items"]
            assert [b["id"] for b in items] == want, (
                f"{what}: ids {[b['id'] for b in items]} != {want}"
            )
            for item in items:
                assert_matches(self.model.backup_view(item["id"], with_records=False), item, what)
            links = body.get("checkpoint_items_links") or []
            assert bool(links) == more, f"{what}: next link {links} but more={more}"
            if not more:
                return
            query = parse_qs(urlsplit(links[0]["href"]).query)
            assert links[0]["rel"] == "next"
            assert query.get("marker") == [want[-1]], f"{what}: next marker {query}"
            if limit is not None:
                assert query.get("limit") == [str(limit)], f"{what}: next link drops limit: {query}"
            for name, value in filters.items():
                assert query.get(name) == [value], f"{what}: next link drops {name}: {query}"
            marker = want[-1]
        raise AssertionError("listing did not end within 20 pages")

    def _list_filters(self, data: st.DataObject, project: str) -> dict[str, str]:
        """No filter, or one or two, with values of the project's backups (or matching none)."""
        kinds = data.draw(
            st.lists(st.sampled_from(LIST_FILTERS), max_size=2, unique=True), label="filters"
        )
        mine = [b for b in self.model.backups.values() if b.project_id == project]
        filters: dict[str, str] = {}
        for kind in kinds:
            if kind == "status":
                choices = ["available", "deleted", "protecting", "error", "restoring"]
            elif kind == "resource_type":
                choices = ["OS::Nova::Server", "OS::Cinder::Volume"]
            else:
                choices = [str(getattr(b, kind)) for b in mine]
                choices.append("nothing-by-this-name" if kind == "name" else UNKNOWN_ID)
            filters[kind] = data.draw(st.sampled_from(choices), label=kind)
        return filters

    @rule(data=st.data())
    def list_with_foreign_marker(self, data: st.DataObject) -> None:
        """A marker that names no backup of the project: 404 CSBS.3001."""
        foreign = [b.id for b in self.model.backups.values() if b.project_id != HOME]
        marker = data.draw(st.sampled_from([UNKNOWN_ID, *foreign]), label="marker")
        what = f"listBackups {HOME} marker={marker}"
        api = self.endpoint.api(MAIN_TOKEN)
        response = call(
            what, lambda: list_backups.sync_detailed(HOME, client=api, marker=UUID(marker))
        )
        checked(
            response,
            self.model.decide_list(MAIN_TOKEN, HOME, marker),
            "listBackups",
            ListBackupsResponse,
            what,
        )

    @rule(data=st.data())
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
    def injected_fault(self, data: st.DataObject) -> None:
        """An injected 500/503 answers after the gateway and before any rule, and changes
        nothing; a call the gateway refuses does not spend the fault (control plane)."""
        operation = data.draw(st.sampled_from(["replicateBackup", "showBackup"]), label="call")
        status = data.draw(st.sampled_from(sorted(FAULTS)), label="fault")
        scope = data.draw(st.sampled_from([operation, "*"]), label="fault scope")
        rule = {"operation": scope, "status": status, "next_n": 1}
        response = self.endpoint.control_call("PUT", "/_emulator/faults", {"rules": [rule]})
        assert response.status_code == 200, response.text
        item, region, project = data.draw(st.sampled_from(self._open_routes()), label="route")
        source = self.model.backups[item]
        token, host = self._caller(data, source.project_id)
        try:
            if operation == "replicateBackup":
                params = ReplicateParams(region, project)
                expect = self._replicate(token, source.project_id, item, params, host, status)
            else:
                self._show(token, source.project_id, item, host, status)
                expect = (
                    self.model.gateway(token, source.project_id, write=False, host_region=host)
                    or FAULTS[status]
                )
            left = self.endpoint.control_call("GET", "/_emulator/faults").json()["rules"]
            spent = expect == FAULTS[status]
            assert left[0].get("next_n") == (0 if spent else 1), (
                f"fault budget after a {expect} answer: {left}"
            )
        finally:
            self.endpoint.control_call("PUT", "/_emulator/faults", {})

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


# -- running it -----------------------------------------------------------------------------


def model_settings(*, max_examples: int, steps: int, shrink: bool = True) -> settings:
    """Bounded settings on top of the loaded profile; CSBS_MODEL_EXAMPLES/_STEPS override."""
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
    if shrink:
        phases.append(Phase.shrink)
    return settings(
        max_examples=int(os.environ.get("CSBS_MODEL_EXAMPLES", max_examples)),
        stateful_step_count=int(os.environ.get("CSBS_MODEL_STEPS", steps)),
        deadline=None,
        phases=phases,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def run_model(endpoint: Endpoint, run_settings: settings) -> None:
    """Run the state machine against `endpoint`; raises on the first (shrunk) failure."""

    class BoundMachine(ReplicationMachine):
        def __init__(self) -> None:
            super().__init__(endpoint)

    BoundMachine.__name__ = BoundMachine.__qualname__ = "ReplicationMachine"
    run_state_machine_as_test(BoundMachine, settings=run_settings)


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
    backups: dict[str, dict[str, Any]]  # id -> the stable members


def take_snapshot(own: ApiClient, project_id: str) -> Snapshot:
    what = f"snapshot of {project_id}"
    caps = call(what, lambda: show_replication_capabilities.sync_detailed(project_id, client=own))
    body = checked(caps, OK, "showReplicationCapabilities", ReplicationCapabilities, what)
    regions = {r["name"]: set(r["replication_destinations"]) for r in body["regions"]}
    listing = call(what, lambda: list_backups.sync_detailed(project_id, client=own, limit=1000))
    items = checked(listing, OK, "listBackups", ListBackupsResponse, what)["checkpoint_items"]
    backups = {b["id"]: {k: b.get(k) for k in STABLE_MEMBERS} for b in items}
    return Snapshot(project_id, regions, backups)


class ObservedMachine(RuleBasedStateMachine):
    """A read-only model for a target whose state the suite cannot set (a real service): what
    it answered at the start is the model. Backups keep their stable members, listings stay
    ordered and paged as the spec says, unknown ids are 404, foreign projects 403, missing or
    bogus credentials 401, the spec's bounds 400. Replicate is sent only when the target may
    be replicated to, and then only calls no correct service can accept (an unknown backup,
    a bogus token)."""

    def __init__(self, endpoint: Endpoint, snapshot: Snapshot) -> None:
        super().__init__()
        assert endpoint.own is not None
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
    def list_pages(self, data: st.DataObject) -> None:
        limit = data.draw(st.sampled_from([None, 1, 2, 5, 0, 1001]), label="limit")
        status = data.draw(st.sampled_from([None, None, "available"]), label="status")
        who = data.draw(st.sampled_from(["own"] * 4 + ["bogus", "none"]), label="credentials")
        project = data.draw(
            st.sampled_from([self.project] * 4 + [UNKNOWN_PROJECT]), label="project"
        )
        expect = self._expect(who, project)
        if expect.ok and limit is not None and not 1 <= limit <= 1000:
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
            assert len(items) <= (limit or 1000), f"{what}: {len(items)} items"
            for item in items:
                if status is not None:
                    assert item["status"] == status, f"{what}: {item['id']} is {item['status']}"
                if item["id"] in self.snapshot.backups:
                    assert_matches(self.snapshot.backups[item["id"]], item, what)
            keys = [(b["created_at"], b["id"]) for b in items]
            seen.extend(keys)
            assert seen == sorted(set(seen), reverse=True), f"{what}: not newest first: {seen}"
            links = body.get("checkpoint_items_links") or []
            if not links:
                return
            assert items, f"{what}: a next link after an empty page"
            query = parse_qs(urlsplit(links[0]["href"]).query)
            assert query.get("marker") == [items[-1]["id"]], f"{what}: next marker {query}"
            marker = items[-1]["id"]

    @rule(data=st.data())
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

    @precondition(lambda self: self.endpoint.may_replicate)
    @rule(data=st.data())
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


def run_observed(endpoint: Endpoint, project_id: str, run_settings: settings) -> None:
    """Run the observed model against a target the suite cannot reset (see ObservedMachine)."""
    assert endpoint.own is not None
    snapshot = take_snapshot(endpoint.own, project_id)

    class BoundObserved(ObservedMachine):
        def __init__(self) -> None:
            super().__init__(endpoint, snapshot)

    BoundObserved.__name__ = BoundObserved.__qualname__ = "ObservedMachine"
    run_state_machine_as_test(BoundObserved, settings=run_settings)


# -- the tests ------------------------------------------------------------------------------


def test_replication_model(target: Target, new_emulator: Callable[..., Any]) -> None:
    """The target answers every call as the model predicts, across random call sequences.

    In-process: fresh emulators in the manual and the instant lifecycle, then the observed
    model on one with the demo dataset. A `--base-url` emulator: the full model in its own
    lifecycle (its demo dataset is put back afterwards), then the observed model. Anything
    else: the observed model only, read-only unless --allow-replicate.
    """
    if target.base_url is None:
        for lifecycle, examples, steps in (("manual", 25, 30), ("instant", 8, 20)):
            endpoint = Endpoint.in_process(new_emulator(lifecycle=lifecycle))
            try:
                run_model(endpoint, model_settings(max_examples=examples, steps=steps))
            finally:
                endpoint.close()
        app = new_emulator()
        endpoint = Endpoint.in_process(app)
        demo = app.control_plane.demo()
        endpoint.own = endpoint.api(str(demo["token"]))
        try:
            run_observed(
                endpoint, str(demo["project_id"]), model_settings(max_examples=10, steps=15)
            )
        finally:
            endpoint.close()
    else:
        endpoint = Endpoint.for_target(target)
        try:
            if target.is_emulator:
                try:
                    run_model(endpoint, model_settings(max_examples=25, steps=30))
                finally:
                    restore_demo(endpoint)
            if target.project_id is None:
                pytest.fail("no project id for the observed model: set CSBS_PROJECT_ID")
            # Against a real service every request counts (rate-capped): a small run.
            examples = 10 if target.is_emulator else 4
            run_observed(
                endpoint, target.project_id, model_settings(max_examples=examples, steps=10)
            )
        finally:
            endpoint.close()
