"""Model-based stateful suite of CBR v3: the generated `cbr_client` against the target, checked
by the CBR reference model (`cbr_model`, `cbr_queries`).

Owns: the `CbrMachine` (a Hypothesis `RuleBasedStateMachine`), `run_cbr_model` (which the
mutation test may reuse), and the tests that run it on emulators and check its coverage. The
world is `cbr_world.CBR_WORLD`; the endpoint and the per-answer checks are `model_harness`'s
(`checked` with `api=CBR`: status, `error_code` among the operation's `x-cbr-error-codes`,
headers, the spec's strict reading, the typed parse and its round trip).
Must not import: the emulator's service, store or operations (the model is independent).

What it draws: copies accepted and refused by each documented rule (every code of copyBackup,
each vault rule, each unusable status, room taken by copies still running), duplicates, copies
to another region while one runs, copies that end in success or failure (the control plane's
advance, or an injected failure under the instant lifecycle) and their retry, identical copies
sent at once (exactly one wins) and copies racing for the room of one vault; reads of every
operation with every filter and sort (listBackups with show_replication, markers, offsets,
limits; listOpLogs; listVault; listExternalVault; showBackup with its replication_records,
showVault, showOpLog), malformed parameters, every gateway refusal, each operation under an
injected 500 and 503. Every answer is compared with the model: status, code and every member
the model knows. After each step the control plane's CBR records must be the model's.

Against an emulator only: the world is loaded through the control plane. (A real CBR service
is tested by the schemathesis suites within the safety guard; this model needs to set its
world, so it is skipped there.)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from cbr_client.api.capabilities import show_replication_capabilities
from cbr_client.api.replication import copy_backup
from cbr_client.api.vaults import list_vault
from cbr_client.models import (
    BackupReplicateResp,
    ListVaultResponse,
    ReplicationCapabilities,
)
from cbr_client.types import Response
from contract_tests.apis import CBR
from contract_tests.cbr_draws import (
    ACCELERATION,
    CBR_RULE,
    DESCRIPTIONS,
    FAIL,
    MALFORMED_BACKUPS,
    MALFORMED_EXTERNAL,
    MALFORMED_TASKS,
    MALFORMED_VAULTS,
    NAMES,
    OPERATIONS,
    SHAPELESS,
    SORT_KEYS,
    SORTS,
    SOURCES,
    backup_value,
    one_parameter,
    parse_copy,
    task_value,
    typed_query,
    vault_value,
)
from contract_tests.cbr_driver import CbrDriver
from contract_tests.cbr_model import (
    DUPLICATE,
    FAULTS,
    INVALID,
    NO_ROOM,
    OK,
    CopyParams,
)
from contract_tests.cbr_queries import (
    BACKUP_FILTERS,
    EXTERNAL_FILTERS,
    TASK_FILTERS,
    VAULT_FILTERS,
    ListQuery,
)
from contract_tests.cbr_world import BACKUP, VAULT
from contract_tests.coverage import (
    CBR_NEEDS_A_RUNNING_COPY,
    CBR_REFUSALS,
    RECORDER,
    expected_rows_of,
)
from contract_tests.model import Expect
from contract_tests.model_harness import (
    ASIA,
    BOGUS_TOKEN,
    EAST,
    EAST_B,
    EAST_X,
    HOME,
    MAIN_TOKEN,
    OTHER,
    SOUTH,
    UNKNOWN_ID,
    UNKNOWN_PROJECT,
    UNKNOWN_REGION,
    Endpoint,
    call,
)
from contract_tests.target import Target
from contract_tests.test_model_stateful import _attach_repro, counted, model_settings


class CbrMachine(CbrDriver, RuleBasedStateMachine):
    """Drives a CBR target through the generated client and compares it with the model."""

    # -- rules: copyBackup -----------------------------------------------------------------

    @precondition(lambda self: self._may_copy())
    @rule(data=st.data())
    @counted
    def copy(self, data: st.DataObject) -> None:
        """Any backup (or none), any region, project and vault, any caller."""
        backup = data.draw(
            st.sampled_from([*sorted(self.model.backups), UNKNOWN_ID]), label="backup"
        )
        known = self.model.backups.get(backup)
        own = known.project_id if known is not None else HOME
        project = data.draw(st.sampled_from([own] * 4 + [HOME, EAST]), label="path project")
        region = data.draw(
            st.sampled_from([*sorted(self.model.regions), UNKNOWN_REGION]), label="region"
        )
        there = sorted(p for p, r in self.model.projects.items() if r == region)
        dest = data.draw(st.sampled_from(there * 3 + [UNKNOWN_PROJECT, EAST]), label="dest project")
        vaults = sorted(v.id for v in self.model.vaults.values() if v.project_id == dest)
        vault = data.draw(
            st.sampled_from(vaults * 3 + sorted(self.model.vaults) + [UNKNOWN_ID]), label="vault"
        )
        params = CopyParams(
            region,
            dest,
            vault,
            data.draw(NAMES, label="name"),
            data.draw(DESCRIPTIONS, label="description"),
            data.draw(ACCELERATION, label="acceleration"),
        )
        token, host = self._caller(data, project)
        self._copy(token, project, backup, params, host)

    @precondition(lambda self: self._may_copy() and self._open_routes())
    @rule(data=st.data())
    @counted
    def copy_open_route(self, data: st.DataObject) -> None:
        """A copy the rules allow; then the same again is refused (being made, or made)."""
        backup, route = data.draw(st.sampled_from(self._open_routes()), label="route")
        params = CopyParams(
            route.destination_region,
            route.destination_project_id,
            route.destination_vault_id,
            data.draw(NAMES, label="name"),
            data.draw(DESCRIPTIONS, label="description"),
            data.draw(ACCELERATION, label="acceleration"),
        )
        assert self._copy(MAIN_TOKEN, self._of(backup), backup, params) == OK
        self._again_to_region(backup, route)

    @precondition(lambda self: self._may_copy() and self._further())
    @rule(data=st.data())
    @counted
    def copy_to_another_region(self, data: st.DataObject) -> None:
        """A replica made or being made in one region does not block another region."""
        backup, params = data.draw(st.sampled_from(self._further()), label="route")
        assert self._copy(MAIN_TOKEN, self._of(backup), backup, params) == OK

    @precondition(lambda self: self._may_copy() and self._retries())
    @rule(data=st.data())
    @counted
    def retry_after_failed_copy(self, data: st.DataObject) -> None:
        """A failed copy does not block the same copy again."""
        backup, params = data.draw(st.sampled_from(self._retries()), label="retry")
        expect = self._copy(MAIN_TOKEN, self._of(backup), backup, params)
        assert expect.why == CBR_RULE + "copy: accepted after a failed copy to that region"

    @precondition(lambda self: self._may_copy())
    @rule(data=st.data())
    @counted
    def copy_refused(self, data: st.DataObject) -> None:
        """Each documented refusal of copyBackup, one call each with everything else right,
        in a drawn order: every code, every vault rule, every unusable status."""
        for why in data.draw(st.permutations(CBR_REFUSALS), label="order"):
            token, project, backup, params, host = self._aimed_at(data, why)
            expect = self._copy(token, project, backup, params, host)
            assert expect.why == why, f"model: aimed at {why!r}, applied {expect.why!r}"

    @precondition(lambda self: self._may_copy())
    @rule(data=st.data())
    @counted
    def copy_shapeless_body(self, data: st.DataObject) -> None:
        """A body the schema refuses as a whole: no `replicate`, a required member missing,
        an unknown member, not an object (400 BackupService.9900, nothing written)."""
        kind = data.draw(st.sampled_from(SHAPELESS), label="body")
        member = {"destination_region": "cn-east-2", "destination_project_id": EAST}
        body: Any = {
            "no replicate": {"replication": {**member, "destination_vault_id": VAULT["east-repl"]}},
            "missing vault": {"replicate": member},
            "unknown member": {
                "replicate": {
                    **member,
                    "destination_vault_id": VAULT["east-repl"],
                    "copy_from": "x",
                }
            },
            "not an object": ["replicate"],
        }[kind]
        backup = BACKUP[SOURCES[0]]
        expect = self.model.gateway(
            MAIN_TOKEN, HOME, write=True, host_region=None
        ) or INVALID.because(CBR_RULE + "copy: body out of bounds")
        api = self._api(MAIN_TOKEN)
        what = f"copyBackup {backup} with a body with {kind}"
        raw = api.get_httpx_client().post(f"/v3/{HOME}/backups/{backup}/replicate", json=body)
        response = call(what, lambda: copy_backup._build_response(client=api, response=raw))
        self._check(response, expect, "copyBackup", BackupReplicateResp, what)

    @precondition(lambda self: self._may_copy())
    @rule(size=st.sampled_from([2**20 + 1, 2**21]))
    @counted
    def copy_too_large(self, size: int) -> None:
        """A body over the gateway's limit (1 MiB in the emulator): 413 APIGW.0201."""
        backup = BACKUP[SOURCES[0]]
        text = (
            CopyParams("cn-east-2", EAST, VAULT["east-repl"])
            .body()
            .__repr__()
            .replace("'", '"')
            .encode()
        )
        api = self._api(MAIN_TOKEN)
        what = f"copyBackup {backup} with a {size}-byte body"
        raw = api.get_httpx_client().post(
            f"/v3/{HOME}/backups/{backup}/replicate",
            content=text + b" " * (size - len(text)),
            headers={"Content-Type": "application/json"},
        )
        response = call(what, lambda: copy_backup._build_response(client=api, response=raw))
        expect = Expect(413, "APIGW.0201").because(CBR_RULE + "copy: body over 1 MiB")
        self._check(response, expect, "copyBackup", BackupReplicateResp, what)

    # -- rules: concurrency ----------------------------------------------------------------

    @precondition(lambda self: self._may_copy() and self._open_routes())
    @rule(data=st.data(), n=st.integers(2, 6))
    @counted
    def identical_copies_at_once(self, data: st.DataObject, n: int) -> None:
        """The same allowed copy sent n times at once: exactly one 200; the others meet the
        winner as if it came first (1009, or 6114 when its copy took the vault's room: the
        vault rules come before the duplicate rule)."""
        backup, params = data.draw(st.sampled_from(self._open_routes()), label="route")
        path = f"/v3/{self._of(backup)}/backups/{backup}/replicate"
        answers = self._at_once([(path, params.body())] * n)
        api = self._api(MAIN_TOKEN)
        won = [a for a in answers if a.status_code == 200]
        assert len(won) == 1, f"{n} identical copies at once: {[a.status_code for a in answers]}"
        what = f"copyBackup {backup}, one of {n} at once"
        winner = call(what, functools.partial(parse_copy, api, won[0]))
        body = self._check(winner, OK, "copyBackup", BackupReplicateResp, what)
        self._accepted(body["replication"], self._of(backup), backup, params, what, "success")
        expect = self.model.decide_copy(MAIN_TOKEN, self._of(backup), backup, params)
        assert expect in (DUPLICATE, NO_ROOM), f"model: a copy again is {expect}"
        for answer in answers:
            if answer is not won[0]:
                response = call(what, functools.partial(parse_copy, api, answer))
                self._check(response, expect, "copyBackup", BackupReplicateResp, what)
        RECORDER.both(CBR_RULE + "copy: one winner among identical copies at once")

    @precondition(lambda self: self._may_copy() and self._racers())
    @rule(data=st.data())
    @counted
    def copies_racing_for_room(self, data: st.DataObject) -> None:
        """Two copies at once into a vault with room for either but not both: one 200, the
        other 6114 (the room of a running copy counts)."""
        pair = data.draw(st.sampled_from(self._racers()), label="pair")
        params = CopyParams("cn-east-2", EAST, VAULT["east-small"])
        answers = self._at_once(
            [(f"/v3/{HOME}/backups/{b}/replicate", params.body()) for b in pair]
        )
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [200, 400], f"two copies racing for room: {statuses}"
        api = self._api(MAIN_TOKEN)
        for backup, answer in zip(pair, answers, strict=True):
            what = f"copyBackup {backup} racing for east-small"
            response = call(what, functools.partial(parse_copy, api, answer))
            if answer.status_code == 200:
                body = self._check(response, OK, "copyBackup", BackupReplicateResp, what)
                self._accepted(body["replication"], HOME, backup, params, what, "success")
        for backup, answer in zip(pair, answers, strict=True):
            if answer.status_code != 200:
                what = f"copyBackup {backup} racing for east-small"
                expect = self.model.decide_copy(MAIN_TOKEN, HOME, backup, params)
                assert expect == NO_ROOM, f"model: the loser should meet 6114, not {expect}"
                response = call(what, functools.partial(parse_copy, api, answer))
                self._check(response, expect, "copyBackup", BackupReplicateResp, what)
        RECORDER.both(CBR_RULE + "copy: copies at once into a vault with room for one")

    # -- rules: the lifecycle --------------------------------------------------------------

    @precondition(lambda self: self.lifecycle == "manual" and self.model.running())
    @rule(data=st.data())
    @counted
    def advance(self, data: st.DataObject) -> None:
        """The control plane ends a copy; success lands the replica, failure lets a retry."""
        running = sorted(self.model.running(), key=lambda r: r.seq)
        record = data.draw(st.sampled_from(running), label="record")
        outcome = data.draw(st.sampled_from(["success", "fail"]), label="outcome")
        self._advance(record, outcome)
        again = CopyParams(
            record.destination_region, record.destination_project_id, record.destination_vault_id
        )
        if outcome == "fail":
            expect = self.model.decide_copy(
                MAIN_TOKEN, record.source_project_id, record.backup_id, again
            )
            if expect.ok:  # a retry, unless another copy took the room meanwhile
                self._again(
                    record.backup_id, again, "copy: accepted after a failed copy to that region"
                )
        elif data.draw(st.booleans(), label="again after success"):
            expect = self.model.decide_copy(
                MAIN_TOKEN, record.source_project_id, record.backup_id, again
            )
            self._again(record.backup_id, again, expect.why.removeprefix(CBR_RULE))

    @initialize(data=st.data())
    def begin_with_a_failed_copy(self, data: st.DataObject) -> None:
        """Every instant example starts with a failed copy and its retry (see the CSBS
        suite's `begin_with_a_failed_copy_and_its_retry`: swarm testing may switch the rule
        off for a whole example), and then lists those copies' tasks: `list_tasks` is the
        only rule that reaches listOpLogs, and a default run once met none of its 15 rows
        (swarm testing switched it off, or no copy had a task when it was on)."""
        if self._may_fail_at_once():
            self.instant_copy_fails_then_retry(data)
            if any(r.task_id for r in self.model.records.values()):  # list_tasks' precondition
                self.list_tasks(data)

    @initialize(data=st.data())
    def begin_with_each_aimed_rule(self, data: st.DataObject) -> None:
        """Every example starts with one call of each rule that aims at coverage rows no other
        rule reaches: every refusal of copyBackup, the bodies the schema refuses, two copies
        racing for a vault's room, each read,
        the gateway's refusals and the faults. Swarm testing switches whole rules off per
        example, so rows met by chance alone were missed by whole runs on 2026-12-05: a
        served run of 10 examples met no listExternalVault row, another none of copyBackup's
        refusals. The random steps after this draw the same rules again, from the states
        the copies leave."""
        if self._may_copy():  # the copy rules' precondition
            self.copy_refused(data)
            self.copy_shapeless_body(data)
            if self._racers():  # a vault with room for one of two: once per example at most
                self.copies_racing_for_room(data)
        for read in (
            self.show,
            self.capabilities,
            self.list_backups_each_parameter,
            self.list_vaults,
            self.list_external_vaults,
            self.every_read_refused_by_the_gateway,
        ):
            read(data)
        if self.endpoint.control is not None:  # every_call_under_a_fault's precondition
            self.every_call_under_a_fault(data)

    @precondition(lambda self: self._may_fail_at_once())
    @rule(data=st.data())
    @counted
    def instant_copy_fails_then_retry(self, data: st.DataObject) -> None:
        """A copy that fails as it is accepted (instant lifecycle: an injected failure; delay:
        advanced to `fail` at once): the same copy again is accepted, and then refused."""
        backup, params = data.draw(st.sampled_from(self._open_routes()), label="route")
        failures = {"next_n": 1, "fail_code": {"Code": FAIL[0]}, "fail_reason": FAIL[1]}
        with self._faults({"replication_failures": failures}):
            assert self._copy(MAIN_TOKEN, self._of(backup), backup, params, outcome="fail") == OK
        self._again(backup, params, "copy: accepted after a failed copy to that region")
        self._again_to_region(backup, params)

    # -- rules: single reads ---------------------------------------------------------------

    @rule(data=st.data())
    @counted
    def show(self, data: st.DataObject) -> None:
        """A backup, vault or task (or an unknown or malformed id) through its own project,
        another, or another tenant's; any caller; ids in capitals too."""
        kind = data.draw(st.sampled_from(["backup", "backup", "vault", "task"]), label="kind")
        ids = {
            "backup": sorted(self.model.backups),
            "vault": sorted(self.model.vaults),
            "task": self._tasks(),
        }[kind]
        item = data.draw(
            st.sampled_from([*ids, UNKNOWN_ID, "not-a-uuid", UNKNOWN_ID.upper()]), label="id"
        )
        own = self._project_of(kind, item) if item in ids else HOME
        project = data.draw(
            st.sampled_from([own] * 4 + [HOME, EAST, OTHER, EAST_X]), label="project"
        )
        token, host = self._caller(data, project)
        ref = data.draw(st.sampled_from([item] * 4 + [item.upper()]), label="as sent")
        {"backup": self._show_backup, "vault": self._show_vault, "task": self._show_task}[kind](
            token, project, ref, host
        )

    @rule(data=st.data())
    @counted
    def show_refused(self, data: st.DataObject) -> None:
        """Each single read's refusals in a drawn order: a malformed id, an unknown one,
        another project's (all answered like a missing one)."""
        # Another project's: a backup and a vault of other projects, shown through HOME; a
        # task of any project, shown through a project of the same credential but not its own.
        cases: list[tuple[str, str, str]] = [
            (kind, item, HOME)
            for kind in ("backup", "vault", "task")
            for item in ("not-a-uuid", UNKNOWN_ID)
        ]
        cases += [("backup", BACKUP["other-app"], HOME), ("vault", VAULT["east-b-repl"], HOME)]
        cases += [
            ("task", str(r.task_id), EAST if r.source_project_id != EAST else HOME)
            for r in sorted(self.model.records.values(), key=lambda r: r.seq)[:1]
        ]
        show = {"backup": self._show_backup, "vault": self._show_vault, "task": self._show_task}
        for kind, item, project in data.draw(st.permutations(cases), label="order"):
            show[kind](MAIN_TOKEN, project, item)

    @rule(data=st.data())
    @counted
    def capabilities(self, data: st.DataObject) -> None:
        """Every region and its destinations, by any caller; then an unknown query parameter
        (`dec`, which an old SDK sends, or any other) is refused."""
        token, host = self._caller(data, HOME)
        extra = data.draw(st.sampled_from(["dec", "x", "limit"]), label="unknown parameter")
        for unknown in (None, extra):
            expect = self.model.decide_read(token, HOME, host) or (
                INVALID.because(CBR_RULE + "capabilities: unknown parameter") if unknown else OK
            )
            api = self._api(token, host)
            what = f"showReplicationCapabilities {HOME} ?{unknown} (host {host})"
            send: Callable[[], Response[Any]]
            if unknown is None:
                send = functools.partial(
                    show_replication_capabilities.sync_detailed, HOME, client=api
                )
            else:
                raw = api.get_httpx_client().get(
                    f"/v3/{HOME}/replication-capabilities", params={unknown: "1"}
                )
                send = functools.partial(
                    show_replication_capabilities._build_response, client=api, response=raw
                )
            response = call(what, send)
            body = self._check(
                response, expect, "showReplicationCapabilities", ReplicationCapabilities, what
            )
            if expect.ok:
                got = {r["name"]: set(r["replication_destinations"]) for r in body["regions"]}
                assert got == self.model.capabilities(), f"{what}: {got}"
            token, host = MAIN_TOKEN, None  # the unknown parameter by the owner

    # -- rules: listings -------------------------------------------------------------------

    @rule(data=st.data())
    @counted
    def list_backups_at_random(self, data: st.DataObject) -> None:
        """listBackups with random filters (values of a backup of the project mostly), sort,
        limit, offset, marker, show_replication, by the owner or anyone else."""
        project = data.draw(
            st.sampled_from([HOME, HOME, HOME, EAST, SOUTH, OTHER, UNKNOWN_PROJECT]),
            label="project",
        )
        token, host = (
            self._caller(data, project)
            if data.draw(st.integers(0, 3)) == 0
            else (self._owner(project) if project in self.model.projects else MAIN_TOKEN, None)
        )
        self._settle()
        scope = [b for b in self.model.backups.values() if b.project_id == project]
        kinds = data.draw(
            st.lists(st.sampled_from(BACKUP_FILTERS), max_size=3, unique=True), label="filters"
        )
        anchor = data.draw(st.sampled_from(scope), label="anchor") if scope else None
        query = ListQuery({k: data.draw(backup_value(k, anchor, scope), label=k) for k in kinds})
        query.sort = data.draw(SORTS, label="sort")
        query.limit = data.draw(st.sampled_from([None, 1, 2, 3, 5, 1000]), label="limit")
        query.offset = data.draw(st.sampled_from([None, None, 0, 1, 2, 7]), label="offset")
        if scope and data.draw(st.integers(0, 3), label="marker?") == 0:
            query.marker = data.draw(st.sampled_from(sorted(b.id for b in scope)), label="marker")
        query.show_replication = data.draw(st.sampled_from([None, True, False]), label="records")
        self._list_backups(token, host, project, query)

    @rule(data=st.data())
    @counted
    def list_backups_each_parameter(self, data: st.DataObject) -> None:
        """Each filter alone (a value some backup has), each sort key and direction, a page
        walk with a marker, and one malformed value per parameter."""
        self._settle()
        scope = [b for b in self.model.backups.values() if b.project_id == HOME]
        for sort in data.draw(
            st.permutations([k + d for k in SORT_KEYS for d in (":asc", ":desc")]), label="sorts"
        ):
            self._list_backups(MAIN_TOKEN, None, HOME, ListQuery(sort=sort, show_replication=True))
        for kind in data.draw(st.permutations(BACKUP_FILTERS), label="filters"):
            anchor = data.draw(st.sampled_from(scope), label="anchor")
            self._list_backups(
                MAIN_TOKEN,
                None,
                HOME,
                ListQuery(
                    {kind: data.draw(backup_value(kind, anchor, scope, hit=True), label=kind)}
                ),
            )
        # A walk by markers, two at a time, with an offset after the first page.
        query = ListQuery(sort=data.draw(SORTS, label="walk sort"), limit=2)
        walked: list[str] = []
        while True:
            page = self._list_backups(MAIN_TOKEN, None, HOME, query)
            assert page is not None
            walked += page
            if len(page) < 2:
                break
            query = ListQuery(
                sort=query.sort,
                limit=2,
                marker=page[-1],
                offset=data.draw(st.sampled_from([None, 0, 1]), label="offset"),
            )
        unknown = ListQuery(
            marker=data.draw(st.sampled_from([UNKNOWN_ID, BACKUP["other-app"]]), label="marker")
        )
        assert self._list_backups(MAIN_TOKEN, None, HOME, unknown) is None
        for name, value in data.draw(st.permutations(MALFORMED_BACKUPS), label="malformed"):
            self._list_backups(MAIN_TOKEN, None, HOME, one_parameter(name, value))

    @precondition(lambda self: any(r.task_id for r in self.model.records.values()))
    @rule(data=st.data())
    @counted
    def list_tasks(self, data: st.DataObject) -> None:
        """listOpLogs: each filter alone with a value some task has (and random pairs),
        pages, a malformed value per parameter, another project's view."""
        self._settle()
        # A project with tasks (HOME's copies mostly; EAST's own too).
        projects = sorted({r.source_project_id for r in self.model.records.values()})
        home = data.draw(st.sampled_from(projects), label="project")
        mine = [r for r in self.model.records.values() if r.source_project_id == home]
        for kind in data.draw(st.permutations(TASK_FILTERS), label="filters"):
            anchor = data.draw(st.sampled_from(mine), label="anchor")
            value = data.draw(task_value(self.model, kind, anchor), label=kind)
            self._list_tasks(MAIN_TOKEN, None, home, ListQuery({kind: value}))
        pair = data.draw(
            st.lists(st.sampled_from(TASK_FILTERS), min_size=2, max_size=2, unique=True),
            label="pair",
        )
        anchor = data.draw(st.sampled_from(mine), label="anchor")
        query = ListQuery({k: data.draw(task_value(self.model, k, anchor), label=k) for k in pair})
        query.limit = data.draw(st.sampled_from([None, 1, 2]), label="limit")
        query.offset = data.draw(st.sampled_from([None, 0, 1]), label="offset")
        self._list_tasks(MAIN_TOKEN, None, home, query)
        # Pages of one: each task once, newest first, from an offset.
        for offset in range(len(mine) + 1):
            self._list_tasks(MAIN_TOKEN, None, home, ListQuery(limit=1, offset=offset))
        project = data.draw(st.sampled_from([EAST, SOUTH, OTHER]), label="other project")
        token, host = self._caller(data, project)
        self._list_tasks(token, host, project, ListQuery())
        name, value = data.draw(st.sampled_from(MALFORMED_TASKS), label="malformed")
        self._list_tasks(MAIN_TOKEN, None, home, one_parameter(name, value))

    @rule(data=st.data())
    @counted
    def list_vaults(self, data: st.DataObject) -> None:
        """listVault: each filter alone with a value some vault has, a random pair, pages
        that must cover the whole listing once, a malformed value."""
        project = data.draw(st.sampled_from([HOME, HOME, EAST]), label="project")
        mine = [v for v in self.model.vaults.values() if v.project_id == project]
        for kind in data.draw(st.permutations(VAULT_FILTERS), label="filters"):
            # A vault that has a value for the filter (a policy, bound resources), so the
            # filter selects something.
            having = [
                v
                for v in mine
                if kind not in ("policy_id", "resource_ids")
                or v.members[{"resource_ids": "resources"}.get(kind, kind)]
            ]
            anchor = data.draw(st.sampled_from(having or mine), label="anchor")
            self._list_vaults(
                MAIN_TOKEN,
                None,
                project,
                ListQuery({kind: data.draw(vault_value(kind, anchor), label=kind)}),
            )
        pair = data.draw(
            st.lists(st.sampled_from(VAULT_FILTERS), min_size=2, max_size=2, unique=True),
            label="pair",
        )
        anchor = data.draw(st.sampled_from(mine), label="anchor")
        self._list_vaults(
            MAIN_TOKEN,
            None,
            project,
            ListQuery({k: data.draw(vault_value(k, anchor), label=k) for k in pair}),
        )
        limit = data.draw(st.sampled_from([1, 2, 3]), label="page size")
        seen: list[str] = []
        for offset in range(0, len(mine) + limit, limit):
            query = ListQuery(limit=limit, offset=offset)
            api = self._api(MAIN_TOKEN)
            page = call(
                "listVault page",
                functools.partial(
                    list_vault.sync_detailed, project, client=api, **typed_query(query)
                ),
            )
            seen += [
                v["id"]
                for v in self._check(
                    page, OK, "listVault", ListVaultResponse, f"listVault {query}"
                )["vaults"]
            ]
        assert sorted(seen) == sorted(v.id for v in mine), f"listVault pages of {limit}: {seen}"
        RECORDER.both(CBR_RULE + "property: a listing's pages hold it whole, each item once")
        name, value = data.draw(st.sampled_from(MALFORMED_VAULTS), label="malformed")
        self._list_vaults(MAIN_TOKEN, None, project, one_parameter(name, value))
        token, host = self._caller(data, project)
        self._list_vaults(token, host, project, ListQuery())

    @rule(data=st.data())
    @counted
    def list_external_vaults(self, data: st.DataObject) -> None:
        """listExternalVault from HOME: each destination project of the caller, another
        tenant's or one not in the region (no vault), each filter alone, vault_id with
        other filters (ignored), the two spellings of object_type."""
        external = data.draw(
            st.sampled_from(
                [(EAST, "cn-east-2")] * 3
                + [
                    (EAST_B, "cn-east-2"),
                    (SOUTH, "cn-south-1"),
                    (ASIA, "ap-southeast-1"),
                    (EAST_X, "cn-east-2"),
                    (EAST, "cn-south-1"),
                    (UNKNOWN_PROJECT, "cn-east-2"),
                ]
            ),
            label="external",
        )
        theirs = [v for v in self.model.vaults.values() if v.project_id == external[0]]
        for kind in data.draw(st.permutations(EXTERNAL_FILTERS), label="filters"):
            anchor = data.draw(st.sampled_from(theirs), label="anchor") if theirs else None
            self._list_vaults(
                MAIN_TOKEN,
                None,
                HOME,
                ListQuery({kind: data.draw(vault_value(kind, anchor), label=kind)}),
                external,
            )
        if theirs:
            anchor = data.draw(st.sampled_from(theirs), label="alone")
            other = "backup" if anchor.protect_type != "backup" else "replication"
            self._list_vaults(
                MAIN_TOKEN,
                None,
                HOME,
                ListQuery({"vault_id": anchor.id, "protect_type": other}),
                external,
            )
            RECORDER.both(CBR_RULE + "list external vaults: vault_id alone selects")
        spellings = data.draw(
            st.tuples(st.sampled_from(["server", "disk"]), st.sampled_from(["server", "disk"])),
            label="spellings",
        )
        self._list_vaults(
            MAIN_TOKEN,
            None,
            HOME,
            ListQuery({"object_type": spellings[0], "objcet_type": spellings[1]}),
            external,
        )
        name, value = data.draw(st.sampled_from(MALFORMED_EXTERNAL), label="malformed")
        self._list_vaults(MAIN_TOKEN, None, HOME, one_parameter(name, value), external)
        token, host = self._caller(data, HOME)
        self._list_vaults(token, host, HOME, ListQuery(), external)

    # -- rules: the gateway and faults -----------------------------------------------------

    @rule(data=st.data())
    @counted
    def every_read_refused_by_the_gateway(self, data: st.DataObject) -> None:
        """Each read under each gateway refusal (every pair), in a drawn order."""
        twists = {
            "no token": (None, HOME, None),
            "bogus token": (BOGUS_TOKEN, HOME, None),
            "foreign project": (MAIN_TOKEN, OTHER, None),
            "other region": (MAIN_TOKEN, HOME, "cn-east-2"),
            "no region": (MAIN_TOKEN, HOME, UNKNOWN_REGION),
        }
        pairs = [(twist, operation) for twist in sorted(twists) for operation in OPERATIONS[1:]]
        for twist, operation in data.draw(st.permutations(pairs), label="order"):
            token, project, host = twists[twist]
            self._read(operation, token, host, project)

    @precondition(lambda self: self.endpoint.control is not None)
    @rule(data=st.data())
    @counted
    def every_call_under_a_fault(self, data: st.DataObject) -> None:
        """Each operation under an injected 500 and 503 (rules name `cbr.<operationId>`):
        answered with the fault's code after the gateway, nothing changed."""
        pairs = [(op, status) for op in OPERATIONS for status in sorted(FAULTS)]
        for operation, status in data.draw(st.permutations(pairs), label="order"):
            rule = {"operation": f"cbr.{operation}", "status": status, "next_n": 1}
            with self._faults({"rules": [rule]}):
                if operation == "copyBackup":
                    backup = BACKUP[data.draw(st.sampled_from(SOURCES), label="backup")]
                    params = CopyParams("cn-east-2", EAST, VAULT["east-repl"])
                    self._copy(MAIN_TOKEN, HOME, backup, params, fault=status)
                else:
                    self._faulted_read(operation, FAULTS[status])

    # -- invariants -------------------------------------------------------------------------

    @invariant()
    def one_live_record_per_region(self) -> None:
        pairs = self.model.live_pairs()
        assert len(pairs) == len(set(pairs)), f"model: two live records for one region: {pairs}"

    @invariant()
    def target_records_agree(self) -> None:
        """The emulator's CBR records are exactly the model's, one live per region."""
        response = self.endpoint.control_call("GET", "/_emulator/cbr/replications")
        assert response.status_code == 200, response.text
        records = response.json()["replication_records"]
        got = {r["id"]: r["status"] for r in records}
        want = {r.id: r.status for r in self.model.records.values()}
        assert got == want, f"the target's CBR records differ: {got} != {want}"


# -- running it -----------------------------------------------------------------------------

BUDGETS: Final[dict[str, dict[str, tuple[int, int]]]] = {
    "quick": {"manual": (4, 12), "instant": (2, 10)},
    "default": {"manual": (10, 25), "instant": (4, 20)},
    "thorough": {"manual": (100, 40), "instant": (40, 30)},
}


def run_cbr_model(endpoint: Endpoint, run_settings: settings, *, reports: Path) -> None:
    """Run the CBR machine against `endpoint`; raises on the first (shrunk) failure, whose
    calls also go to `reports`/model-repro-cbr/repro.sh."""

    class BoundMachine(CbrMachine):
        def __init__(self) -> None:
            super().__init__(endpoint)

    BoundMachine.__name__ = BoundMachine.__qualname__ = "CbrMachine"
    RECORDER.ran = True
    RECORDER.apis.add(CBR.name)
    try:
        run_state_machine_as_test(BoundMachine, settings=run_settings)
    except Exception as failure:
        RECORDER.failures += 1
        _attach_repro(failure, endpoint, reports / "model-repro-cbr")
        raise


def test_cbr_replication_model(
    target: Target,
    new_emulator: Callable[..., Any],
    pytestconfig: pytest.Config,
    contract_reports: Path,
) -> None:
    """A CBR target answers every call as the model predicts, across random call sequences:
    fresh emulators in the manual and the instant lifecycle (a served one in its own)."""
    if target.dry_run:
        pytest.skip("dry run: the model compares real answers, so it sends nothing")
    if not target.is_emulator:
        pytest.skip(
            "the CBR model loads its own world: emulators only (schemathesis covers a real service)"
        )
    RECORDER.reset()
    budget = BUDGETS[pytestconfig.getoption("--model-budget", default="default")]
    if target.base_url is None:
        for lifecycle in ("manual", "instant"):
            endpoint = Endpoint.in_process(new_emulator(lifecycle=lifecycle))
            try:
                run_cbr_model(
                    endpoint,
                    model_settings(max_examples=budget[lifecycle][0], steps=budget[lifecycle][1]),
                    reports=contract_reports,
                )
            finally:
                endpoint.close()
        return
    endpoint = Endpoint.for_target(target)
    try:
        examples, steps = budget["manual"]
        run_cbr_model(
            endpoint, model_settings(max_examples=examples, steps=steps), reports=contract_reports
        )
    finally:
        from contract_tests.model_harness import restore_demo

        restore_demo(endpoint)
        endpoint.close()


def test_every_cbr_rule_and_code_is_reached(target: Target, pytestconfig: pytest.Config) -> None:
    """The CBR model reached every code of every operation's x-cbr-error-codes, every rule,
    filter, sort and property (contract_tests/coverage.py): a zero row is a blind spot."""
    if CBR.name not in RECORDER.apis:
        pytest.skip("the CBR model did not run in this session")
    rows = expected_rows_of(CBR)
    if "manual" not in RECORDER.lifecycles:  # a served emulator, instant or delayed
        rows = [row for row in rows if row not in CBR_NEEDS_A_RUNNING_COPY]
    zero = RECORDER.zero_rows(rows)
    if pytestconfig.getoption("--model-budget", default="default") == "quick":
        pytest.skip(f"quick budget: coverage is reported, not enforced ({len(zero)} rows at 0)")
    assert not zero, "never reached by the CBR model suite:\n" + RECORDER.table(rows)
