"""The CBR model suite's driver: every call it sends, checked against the model.

Owns: `CbrDriver`, the half of `CbrMachine` that is not rules: each operation sent through the
generated `cbr_client` (or on the wire when its types cannot hold the call) and checked with
`model_harness.checked` (status, code, headers, the spec's strict reading, the typed parse)
and then member by member with the model's views; an accepted copy followed to its record,
task and replica (server-assigned values adopted once); the routes the rules allow; copies
sent at once. The rules (test_cbr_model_stateful.py) only choose what to call.
Must not import: the emulator's service, store or operations.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast
from uuid import UUID

import httpx
from hypothesis import strategies as st

from cbr_client.api.backups import list_backups, show_backup
from cbr_client.api.capabilities import show_replication_capabilities
from cbr_client.api.replication import copy_backup
from cbr_client.api.tasks import list_op_logs, show_op_log
from cbr_client.api.vaults import list_external_vault, list_vault, show_vault
from cbr_client.models import (
    BackupReplicateReq,
    BackupReplicateResp,
    ListBackupsResponse,
    ListOpLogsResponse,
    ListVaultResponse,
    ReplicationCapabilities,
    ShowBackupResponse,
    ShowOpLogResponse,
    ShowVaultResponse,
)
from cbr_client.types import Response
from contract_tests.apis import CBR
from contract_tests.cbr_draws import (
    BROKEN,
    CALLERS,
    CBR_RULE,
    FAIL,
    OTHER_SOURCES,
    ROW_OP,
    SOURCES,
    ThreadPool,
    as_sent,
    host_of,
    parse_copy,
    typed_query,
    wire,
)
from contract_tests.cbr_model import (
    AVAILABLE,
    BACKUP_STATUSES,
    DUPLICATE,
    FAULTS,
    OK,
    REPLICA,
    CbrModel,
    CopyParams,
    Record,
)
from contract_tests.cbr_queries import (
    CbrQueries,
    ListQuery,
)
from contract_tests.cbr_world import BACKUP, CBR_WORLD, VAULT
from contract_tests.coverage import (
    RECORDER,
    cbr_filter_row,
    cbr_sort_row,
)
from contract_tests.model import Expect
from contract_tests.model_harness import (
    BOGUS_TOKEN,
    EAST,
    EAST_X,
    EUROPE,
    HOME,
    MAIN_TOKEN,
    OTHER_TOKEN,
    RO_TOKEN,
    SOUTH,
    TOKENS,
    UNKNOWN_ID,
    UNKNOWN_PROJECT,
    UNKNOWN_REGION,
    CbrClient,
    Endpoint,
    assert_matches,
    call,
    checked,
)


class CbrDriver:
    """Sends CBR calls through the generated client and compares them with the model."""

    def __init__(self, endpoint: Endpoint) -> None:
        super().__init__()
        self.endpoint = endpoint
        endpoint.journal.clear()
        self.lifecycle = endpoint.load_world(CBR_WORLD)
        RECORDER.lifecycles.add(self.lifecycle)
        self.model = CbrModel.from_fixtures(CBR_WORLD)
        self.queries = CbrQueries(self.model)

    # -- sending ----------------------------------------------------------------------------

    def _api(self, token: str | None, host: str | None = None) -> CbrClient:
        return self.endpoint.cbr(token, host_of(host) if host else None)

    def _owner(self, project: str) -> str:
        return next(
            c.token for c in self.model.credentials.values() if project in c.projects and c.writable
        )

    def _caller(self, data: st.DataObject, project: str) -> tuple[str | None, str | None]:
        twist = data.draw(st.sampled_from(CALLERS), label="caller")
        region = self.model.projects.get(project)
        owner = self._owner(project) if region is not None else MAIN_TOKEN
        if twist == "owner":
            return owner, None
        if twist == "owner via its region":
            return owner, region
        if twist == "owner via another region":
            return owner, "cn-east-2" if region != "cn-east-2" else "cn-north-1"
        if twist == "unknown region":
            return owner, UNKNOWN_REGION
        return TOKENS[twist], None

    def _check(
        self, response: Response[Any], expect: Expect, operation: str, ok: type, what: str
    ) -> dict[str, Any]:
        return checked(response, expect, operation, ok, what, api=CBR)

    # -- copyBackup -------------------------------------------------------------------------

    def _copy(
        self,
        token: str | None,
        project: str,
        backup: str,
        params: CopyParams,
        host: str | None = None,
        *,
        fault: int | None = None,
        outcome: str = "success",
    ) -> Expect:
        """Send one copyBackup, compare its answer, and follow an accepted copy in the model
        (under the instant lifecycle it has ended in `outcome` before the answer)."""
        expect = self.model.decide_copy(token, project, backup, params, host)
        if fault is not None:
            refused = self.model.gateway(token, project, write=True, host_region=host)
            expect = refused or FAULTS[fault]
        what = (
            f"copyBackup {backup} of {project} -> {params.destination_region}/"
            f"{params.destination_project_id}/{params.destination_vault_id} (host {host})"
        )
        api = self._api(token, host)
        if self.model.invalid_params(params):  # the typed body cannot hold a malformed id
            raw = api.get_httpx_client().post(
                f"/v3/{project}/backups/{backup}/replicate", json=params.body()
            )
            response = call(what, functools.partial(parse_copy, api, raw))
        else:
            body = BackupReplicateReq.from_dict(params.body())
            response = call(
                what,
                lambda: copy_backup.sync_detailed(project, as_sent(backup), client=api, body=body),
            )
        answer = self._check(response, expect, "copyBackup", BackupReplicateResp, what)
        if expect.ok:
            self._accepted(answer["replication"], project, backup, params, what, outcome)
        return expect

    def _accepted(
        self,
        accepted: dict[str, Any],
        project: str,
        backup: str,
        params: CopyParams,
        what: str,
        outcome: str,
    ) -> Record:
        source = self.model.backups[backup.lower()]
        assert_matches(
            {
                "backup_id": source.id,
                "project_id": project,
                "provider_id": source.provider_id,
                "source_region": source.region,
                "destination_region": params.destination_region,
                "destination_project_id": params.destination_project_id,
                "destination_vault_id": params.destination_vault_id,
            },
            accepted,
            what,
        )
        RECORDER.both("cbr property: the copyBackup answer echoes the request")
        record = self.model.start_copy(accepted["replication_record_id"], project, backup, params)
        record.task_id = str(self._control_record(record.id)["operation_log_id"])
        if self.lifecycle == "instant":  # the copy has ended before the answer
            self._ended(record, outcome)
        elif self.lifecycle == "delay":  # ended now, through the control plane, before it is due
            self._advance(record, outcome)
        else:  # its task runs: shown and compared
            self._show_task(self._owner(project), project, record.task_id)
        return record

    def _control_record(self, record_id: str) -> dict[str, Any]:
        """A CBR record as the control plane keeps it: the task's id (`operation_log_id`; the
        public API names no link from a record to its task) and the replica's."""
        response = self.endpoint.control_call("GET", "/_emulator/cbr/replications")
        assert response.status_code == 200, response.text
        found = [r for r in response.json()["replication_records"] if r["id"] == record_id]
        assert found, f"record {record_id} is not in the control plane"
        return cast(dict[str, Any], found[0])

    def _ended(self, record: Record, outcome: str) -> None:
        """A copy that has ended (instant lifecycle, or advanced): the model follows it, the
        source, the task and the replica are shown and compared."""
        replica_id = self._control_record(record.id).get("destination_backup_id")
        replica = self.model.finish_copy(
            record.id, outcome, replica_id=replica_id if outcome == "success" else None, fail=FAIL
        )
        owner = self._owner(record.source_project_id)
        self._show_backup(owner, record.source_project_id, record.backup_id)
        if replica is not None:
            self._adopt_replica(replica.id)
        self._show_task(owner, record.source_project_id, str(record.task_id))

    def _adopt_replica(self, replica_id: str) -> None:
        """The replica in its project, region and vault: adopted, compared, listed there, and
        the vault's used space grown by it (the model's vault_view says by how much)."""
        replica = self.model.backups[replica_id]
        owner = self._owner(replica.project_id)
        what = f"showBackup replica {replica_id} in {replica.project_id}"
        response = call(
            what,
            lambda: show_backup.sync_detailed(
                replica.project_id, UUID(replica_id), client=self._api(owner, replica.region)
            ),
        )
        shown = self._check(response, OK, "showBackup", ShowBackupResponse, what)["backup"]
        self.model.adopt_replica(replica_id, shown)
        assert_matches(self.model.backup_view(replica_id, records=True), shown, what)
        listed = self._list_backups(
            owner, None, replica.project_id, ListQuery({"image_type": REPLICA})
        )
        assert listed is not None
        assert replica_id in listed, f"{what}: not listed in its project"
        self._show_vault(owner, replica.project_id, replica.vault_id)
        RECORDER.both("cbr property: a replica lands in its vault, whose used space grows")

    def _again(self, backup: str, params: CopyParams, why: str) -> None:
        source = self.model.backups[backup]
        expect = self._copy(MAIN_TOKEN, source.project_id, backup, params)
        assert expect.why == CBR_RULE + why, f"model: {backup} again is {expect.why!r}"

    def _advance(self, record: Record, outcome: str) -> None:
        body: dict[str, Any] = {"outcome": outcome}
        if outcome == "fail":
            body |= {"fail_code": FAIL[0], "fail_reason": FAIL[1]}
        response = self.endpoint.control_call(
            "POST", f"/_emulator/cbr/replications/{record.id}/advance", body
        )
        assert response.status_code == 200, f"advance {record.id}: {response.text}"
        assert response.json()["status"] == outcome, response.text
        self._ended(record, outcome)

    # -- the routes the model allows --------------------------------------------------------

    def _vaults_for(self, project: str) -> list[str]:
        """Replication vaults of servers, usable, of a project (room not considered)."""
        return sorted(
            v.id
            for v in self.model.vaults.values()
            if v.project_id == project
            and (v.protect_type, v.object_type, v.status) == (REPLICA, "server", AVAILABLE)
        )

    def _open_routes(self) -> list[tuple[str, CopyParams]]:
        """(backup, params) the main credential may copy right now, the rules all met."""
        routes: list[tuple[str, CopyParams]] = []
        credential = self.model.credentials[MAIN_TOKEN]
        for name in (*SOURCES, *OTHER_SOURCES):
            backup = self.model.backups[BACKUP[name]]
            for region in self.model.regions[backup.region]:
                if self.model.live_record(backup.id, region) is not None:
                    continue
                for project, where in sorted(self.model.projects.items()):
                    if where != region or project not in credential.projects:
                        continue
                    for vault in self._vaults_for(project):
                        params = CopyParams(region, project, vault)
                        if self.model.decide_copy(
                            MAIN_TOKEN, backup.project_id, backup.id, params
                        ).ok:
                            routes.append((backup.id, params))
        return routes

    def _may_copy(self) -> bool:
        return self.endpoint.may_replicate

    def _again_to_region(self, backup: str, route: CopyParams) -> None:
        """The same backup again to that region, into its roomiest vault: refused, a replica
        being made or made (the duplicate rule is per region and comes after the vault rules,
        so into the vault the copy just filled 6114 would come first)."""
        region, project = route.destination_region, route.destination_project_id
        again = CopyParams(region, project, max(self._vaults_for(project), key=self._room))
        expect = self.model.decide_copy(MAIN_TOKEN, self._of(backup), backup, again)
        made = "exists" if expect.why.endswith("exists") else "is being made"
        assert expect == DUPLICATE, f"model: {backup} again to {region} is {expect.why!r}"
        self._again(backup, again, f"copy: a replica to that region {made}")

    def _of(self, backup: str) -> str:
        """The project a backup is copied through (its own)."""
        return self.model.backups[backup].project_id

    def _room(self, vault_id: str) -> int:
        vault = self.model.vaults[vault_id]
        return vault.size - vault.used - self.model.reserved(vault_id)

    def _further(self) -> list[tuple[str, CopyParams]]:
        live = {r.backup_id for r in self.model.records.values() if r.live}
        return [route for route in self._open_routes() if route[0] in live]

    def _retries(self) -> list[tuple[str, CopyParams]]:
        failed = {
            (r.backup_id, r.destination_region)
            for r in self.model.records.values()
            if r.status == "fail"
        }
        return [(b, p) for b, p in self._open_routes() if (b, p.destination_region) in failed]

    def _aimed_at(
        self, data: st.DataObject, why: str
    ) -> tuple[str | None, str, str, CopyParams, str | None]:
        """(token, project, backup, body, host) of a call meeting refusal `why` and no other."""
        rule = why.removeprefix(CBR_RULE)
        web = BACKUP[data.draw(st.sampled_from(SOURCES[:3]), label="source")]
        good = CopyParams("cn-east-2", EAST, VAULT["east-repl"])
        gateway = {
            "gateway: Host names an unknown region": (MAIN_TOKEN, HOME, UNKNOWN_REGION),
            "gateway: no or unknown credential": (BOGUS_TOKEN, HOME, None),
            "gateway: project not covered by the credential": (OTHER_TOKEN, HOME, None),
            "gateway: Host names another region than the project's": (
                MAIN_TOKEN,
                HOME,
                "cn-east-2",
            ),
            "gateway: read-only credential writes": (RO_TOKEN, HOME, None),
        }
        if rule in gateway:
            token, project, host = gateway[rule]
            return token, project, web, good, host
        if rule == "copy: body out of bounds":
            broken = data.draw(st.sampled_from(BROKEN), label="broken")
            params = CopyParams(**{**good.body()["replicate"], **broken})
            return MAIN_TOKEN, HOME, web, params, None
        if rule.startswith("copy: backup ") and rule.split()[-1] in BACKUP_STATUSES:
            return MAIN_TOKEN, HOME, BACKUP[f"st-{rule.split()[-1]}"], good, None
        backups = {
            "copy: malformed backup id": "not-a-uuid",
            "copy: backup unknown": UNKNOWN_ID,
            "copy: backup of another project": BACKUP["other-app"],
            "copy: backup is a replica": BACKUP["web-replica"],
            "copy: backup not of an ECS": BACKUP[
                data.draw(st.sampled_from(["web-volume", "turbo-share"]), label="not ecs")
            ],
            "copy: ECS backup without its system disk": BACKUP["web-nosys"],
        }
        if rule in backups:
            return MAIN_TOKEN, HOME, backups[rule], good, None
        if rule == "copy: destination vault without room":
            # db-2-incr (100 GB) into east-small (40 of 100 GB used), or 40 GB into east-tiny.
            backup, vault = data.draw(
                st.sampled_from([("db-2-incr", "east-small"), ("web-1", "east-tiny")]), label="full"
            )
            return (
                MAIN_TOKEN,
                HOME,
                BACKUP[backup],
                CopyParams("cn-east-2", EAST, VAULT[vault]),
                None,
            )
        destinations = {
            "copy: destination region unknown": (UNKNOWN_REGION, EAST, "east-repl"),
            "copy: destination is the backup's own region": ("cn-north-1", HOME, "Home-Replicas"),
            "copy: destination not among the capabilities": ("eu-west-0", EUROPE, "europe-repl"),
            "copy: destination project unknown": ("cn-east-2", UNKNOWN_PROJECT, "east-repl"),
            "copy: destination project in another region": ("cn-east-2", SOUTH, "south-repl"),
            "copy: destination project another tenant's": ("cn-east-2", EAST_X, "east-x-repl"),
            "copy: destination vault unknown": ("cn-east-2", EAST, None),
            "copy: destination vault in another region": ("cn-east-2", EAST, "south-repl"),
            "copy: destination vault another project's": (
                "cn-east-2",
                EAST,
                data.draw(st.sampled_from(["east-b-repl", "east-x-repl"]), label="theirs"),
            ),
            "copy: destination vault a backup vault": ("cn-east-2", EAST, "east-backup"),
            "copy: destination vault a hybrid vault": ("cn-east-2", EAST, "east-hybrid"),
            "copy: destination vault of another object type": ("cn-east-2", EAST, "east-repl-disk"),
            **{
                f"copy: destination vault {status}": ("cn-east-2", EAST, f"east-{status}")
                for status in ("lock", "frozen", "deleting", "error")
            },
        }
        region, project, named = destinations[rule]
        vault_id = VAULT[named] if named is not None else UNKNOWN_ID
        return MAIN_TOKEN, HOME, web, CopyParams(region, project, vault_id), None

    def _at_once(self, requests: list[tuple[str, dict[str, Any]]]) -> list[httpx.Response]:
        """POST every (path, body) at the same time with the main credential."""
        http = self._api(MAIN_TOKEN).get_httpx_client()
        built = [http.build_request("POST", path, json=body) for path, body in requests]
        for request in built:
            self.endpoint._note(request)
        transport = self.endpoint.transport
        if transport is not None:  # in-process: one event loop turn handles them all

            async def gather() -> list[httpx.Response]:
                return list(await asyncio.gather(*(transport.handle_async(r) for r in built)))

            return transport.loop.run_until_complete(gather())
        with ThreadPool(len(built)) as pool:
            return list(pool.map(http.send, built))

    def _racers(self) -> list[tuple[str, str]]:
        """Pairs of backups that fit east-small's room one at a time but not together."""
        vault = self.model.vaults[VAULT["east-small"]]
        room = vault.size - vault.used - self.model.reserved(vault.id)
        free = [b for b, p in self._open_routes() if p.destination_vault_id == vault.id]
        sizes = {b: self.model.backups[b].resource_size for b in free}
        return [
            (a, b) for a, b in itertools.combinations(sorted(free), 2) if sizes[a] + sizes[b] > room
        ]

    def _may_fail_at_once(self) -> bool:
        """A copy may be made to fail as it is accepted: instant (an injected failure) or
        delayed (advanced to `fail` at once)."""
        return self.lifecycle in ("instant", "delay") and bool(self._open_routes())

    @contextmanager
    def _faults(self, body: dict[str, Any]) -> Iterator[None]:
        response = self.endpoint.control_call("PUT", "/_emulator/faults", body)
        assert response.status_code == 200, response.text
        try:
            yield
        finally:
            self.endpoint.control_call("PUT", "/_emulator/faults", {})

    def _show_backup(
        self, token: str | None, project: str, backup: str, host: str | None = None
    ) -> dict[str, Any] | None:
        expect = self.model.decide_show_backup(token, project, backup, host)
        what = f"showBackup {backup} in {project} (host {host})"
        api = self._api(token, host)
        response = call(
            what, lambda: show_backup.sync_detailed(project, as_sent(backup), client=api)
        )
        body = self._check(response, expect, "showBackup", ShowBackupResponse, what)
        if not expect.ok:
            return None
        shown: dict[str, Any] = body["backup"]
        self._adopt_record_times(shown)
        backup_id = backup.lower()
        known = self.model.backups[backup_id]
        if known.updated_at is None and known.created_at is not None:
            seen = shown.get("updated_at")
            assert isinstance(seen, str), f"{what}: updated_at {seen!r}"
            assert seen >= known.updated_floor, f"{what}: updated_at {seen!r} went back"
            self.model.adopt_updated_at(backup_id, seen)
        assert_matches(self.model.backup_view(backup_id, records=True), shown, what)
        if shown.get("replication_records"):
            RECORDER.both(CBR_RULE + "property: a record's destination echoes the request")
        return shown

    def _adopt_record_times(self, shown: dict[str, Any]) -> None:
        """Adopt each record's created_at the first time it is shown (newest first then
        orders by it)."""
        for listed in shown.get("replication_records") or []:
            record = self.model.records.get(listed["id"])
            if record is not None and record.created_at is None:
                record.created_at = listed.get("created_at")

    def _show_vault(
        self, token: str | None, project: str, vault: str, host: str | None = None
    ) -> None:
        expect = self.model.decide_show_vault(token, project, vault, host)
        what = f"showVault {vault} in {project} (host {host})"
        api = self._api(token, host)
        response = call(what, lambda: show_vault.sync_detailed(project, as_sent(vault), client=api))
        body = self._check(response, expect, "showVault", ShowVaultResponse, what)
        if expect.ok:
            assert_matches(self.model.vault_view(vault.lower()), body["vault"], what)

    def _show_task(
        self, token: str | None, project: str, task: str, host: str | None = None
    ) -> dict[str, Any] | None:
        expect = self.model.decide_show_task(token, project, task, host)
        what = f"showOpLog {task} in {project} (host {host})"
        api = self._api(token, host)
        response = call(what, lambda: show_op_log.sync_detailed(project, as_sent(task), client=api))
        body = self._check(response, expect, "showOpLog", ShowOpLogResponse, what)
        if not expect.ok:
            return None
        shown: dict[str, Any] = body["operation_log"]
        record = self.model.task(project, task)
        assert record is not None
        if record.task_created_at is None:
            record.task_created_at = shown["created_at"]
        assert_matches(self.model.task_view(record), shown, what)
        if record.status != "replicating":
            assert shown.get("ended_at"), f"{what}: an ended task without ended_at"
        RECORDER.both(CBR_RULE + "property: a task follows its copy")
        return shown

    def _tasks(self) -> list[str]:
        return sorted(str(r.task_id) for r in self.model.records.values() if r.task_id)

    def _project_of(self, kind: str, item: str) -> str:
        if kind == "backup":
            return self.model.backups[item].project_id
        if kind == "vault":
            return self.model.vaults[item].project_id
        return next(r.source_project_id for r in self.model.records.values() if r.task_id == item)

    def _settle(self) -> None:
        """Show each backup a copy touched, so that every member a listing uses is known."""
        for backup in self.model.unsettled():
            self._show_backup(self._owner(backup.project_id), backup.project_id, backup.id)
        for record in self.model.records.values():
            if record.task_created_at is None:
                self._show_task(
                    self._owner(record.source_project_id),
                    record.source_project_id,
                    str(record.task_id),
                )

    def _list_backups(
        self, token: str | None, host: str | None, project: str, query: ListQuery
    ) -> list[str] | None:
        """listBackups compared with the model: the page, count, echo, every member."""
        self._settle()
        expect = self.queries.decide_list_backups(token, project, query, host)
        api = self._api(token, host)
        what = f"listBackups {project} {query} (host {host})"
        response = self._send_list(api, list_backups, f"/v3/{project}/backups", project, query)
        body = self._check(response, expect, "listBackups", ListBackupsResponse, what)
        if not expect.ok:
            return None
        want = self.queries.backup_page(project, query)
        got = [item["id"] for item in body["backups"]]
        assert got == want, f"{what}: ids {got} != the model's {want}"
        listing = self.queries.backup_listing(project, query)
        assert body["count"] == len(listing), f"{what}: count {body['count']} != {len(listing)}"
        assert (body["limit"], body["offset"]) == (query.limit or 1000, query.offset or 0), what
        for item in body["backups"]:
            view = self.model.backup_view(item["id"], records=bool(query.show_replication))
            assert_matches(view, item, what)
            if not query.show_replication:
                assert "replication_records" not in item, (
                    f"{what}: records without show_replication"
                )
        self._list_rows(query, body["backups"], "listBackups")
        return got

    def _send_list(
        self, api: CbrClient, module: Any, path: str, project: str, query: ListQuery
    ) -> Response[Any]:
        """A list call: through the generated function when its types can hold the query,
        else on the wire as written (a malformed value, an unknown enum)."""
        what = f"{path} {query}"
        try:
            keywords = typed_query(query, module.__name__.rsplit(".", 1)[-1])
        except ValueError:
            raw = api.get_httpx_client().get(path, params=httpx.QueryParams(wire(query)))
            return call(what, lambda: module._build_response(client=api, response=raw))
        return call(what, functools.partial(module.sync_detailed, project, client=api, **keywords))

    def _list_rows(self, query: ListQuery, items: list[dict[str, Any]], operation: str) -> None:
        """Coverage: each filter that selected something, each sort key and direction, the
        paging cases, and the order property (checked by the page comparison)."""
        for name in query.filters:
            RECORDER.both(cbr_filter_row(operation, name), held=bool(items))
        if operation == "listBackups":
            for part in (query.sort or "").split(","):
                if part:
                    key, _, direction = part.partition(":")
                    RECORDER.both(cbr_sort_row(key, direction != "asc"), held=len(items) > 1)
            if len(items) > 1:
                RECORDER.both(CBR_RULE + "property: a page is in the requested order")
            if query.show_replication and any(i.get("replication_records") for i in items):
                RECORDER.both(CBR_RULE + "list backups: show_replication")
        for case, held in (
            ("offset", bool(query.offset)),
            ("marker", query.marker is not None),
            ("offset after a marker", bool(query.offset) and query.marker is not None),
            ("limit", query.limit is not None and len(items) == query.limit),
        ):
            if held:
                RECORDER.both(f"{CBR_RULE}{ROW_OP[operation]}: {case}")
        if query.filters and items:
            RECORDER.both(CBR_RULE + "property: every listed item satisfies every filter")

    def _list_tasks(
        self, token: str | None, host: str | None, project: str, query: ListQuery
    ) -> None:
        self._settle()
        expect = self.queries.decide_list_tasks(token, project, query, host)
        api = self._api(token, host)
        what = f"listOpLogs {project} {query} (host {host})"
        response = self._send_list(
            api, list_op_logs, f"/v3/{project}/operation-logs", project, query
        )
        body = self._check(response, expect, "listOpLogs", ListOpLogsResponse, what)
        if not expect.ok:
            return
        listing = self.queries.task_listing(project, query)
        assert body["count"] == len(listing), f"{what}: count {body['count']} != {len(listing)}"
        assert (body["limit"], body["offset"]) == (query.limit or 1000, query.offset or 0), what
        got = body["operation_logs"]
        # Newest first: the page is the model's slice, ties of created_at in any order.
        start = query.offset or 0
        want = listing[start : start + (query.limit or 1000)]
        assert [t["created_at"] for t in got] == [r.task_created_at for r in want], f"{what}: order"
        by_time = {r.task_id: r for r in listing}
        for task in got:
            record = by_time.get(task["id"])
            assert record is not None, f"{what}: lists {task['id']}, which the model never made"
            assert record in want, f"{what}: lists {task['id']} out of its page"
            assert_matches(self.model.task_view(record), task, what)
        self._list_rows(query, got, "listOpLogs")

    def _list_vaults(
        self,
        token: str | None,
        host: str | None,
        project: str,
        query: ListQuery,
        external: tuple[str, str] | None = None,
    ) -> None:
        """listVault (or, with `external` = (project, region), listExternalVault): the whole
        listing as a set (no order is documented), then its pages disjoint and complete."""
        expect = self.queries.decide_list_vaults(
            token, project, query, host, external=external is not None
        )
        operation = "listExternalVault" if external else "listVault"
        module = list_external_vault if external else list_vault
        path = f"/v3/{project}/vaults" + ("/external" if external else "")
        required = dict(zip(("external_project_id", "region_id"), external or (), strict=False))
        full = ListQuery({**required, **query.filters}, limit=query.limit, offset=query.offset)
        api = self._api(token, host)
        what = f"{operation} {project} {full} (host {host})"
        response = self._send_list(api, module, path, project, full)
        body = self._check(response, expect, operation, ListVaultResponse, what)
        if not expect.ok:
            return
        if external:
            want = self.queries.external_listing(token, *external, query)
        else:
            want = self.queries.vault_listing(project, query)
        got = [v["id"] for v in body["vaults"]]
        assert body["count"] == len(want), f"{what}: count {body['count']} != {len(want)}"
        assert (body["limit"], body["offset"]) == (query.limit or 1000, query.offset or 0), what
        assert len(got) == len(set(got)), f"{what}: a vault listed twice: {got}"
        assert set(got) <= want, f"{what}: {got} not of {want}"
        start, size = query.offset or 0, query.limit or 1000
        assert len(got) == max(0, min(size, len(want) - start)), f"{what}: a page of {len(got)}"
        for vault in body["vaults"]:
            assert_matches(self.model.vault_view(vault["id"]), vault, what)
        self._list_rows(query, body["vaults"], operation)

    def _read(self, operation: str, token: str | None, host: str | None, project: str) -> None:
        """One read with valid parameters, compared with the model (whatever it answers)."""
        if operation == "showBackup":
            self._show_backup(token, project, BACKUP["web-1"], host)
        elif operation == "showVault":
            self._show_vault(token, project, VAULT["home-server"], host)
        elif operation == "showOpLog":
            self._show_task(token, project, (self._tasks() or [UNKNOWN_ID])[0], host)
        elif operation == "listBackups":
            self._list_backups(token, host, project, ListQuery())
        elif operation == "listOpLogs":
            self._list_tasks(token, host, project, ListQuery())
        elif operation == "listVault":
            self._list_vaults(token, host, project, ListQuery())
        elif operation == "listExternalVault":
            self._list_vaults(token, host, project, ListQuery(), (EAST, "cn-east-2"))
        else:
            expect = self.model.decide_read(token, project, host) or OK
            api = self._api(token, host)
            what = f"showReplicationCapabilities {project} (host {host})"
            response = call(
                what, lambda: show_replication_capabilities.sync_detailed(project, client=api)
            )
            self._check(
                response, expect, "showReplicationCapabilities", ReplicationCapabilities, what
            )

    def _faulted_read(self, operation: str, expect: Expect) -> None:
        api = self._api(MAIN_TOKEN)
        what = f"{operation} under an injected {expect}"
        sends: dict[str, tuple[Callable[[], Response[Any]], type]] = {
            "showBackup": (
                lambda: show_backup.sync_detailed(HOME, UUID(BACKUP["web-1"]), client=api),
                ShowBackupResponse,
            ),
            "listBackups": (
                lambda: list_backups.sync_detailed(HOME, client=api),
                ListBackupsResponse,
            ),
            "showReplicationCapabilities": (
                lambda: show_replication_capabilities.sync_detailed(HOME, client=api),
                ReplicationCapabilities,
            ),
            "listOpLogs": (
                lambda: list_op_logs.sync_detailed(HOME, client=api),
                ListOpLogsResponse,
            ),
            "showOpLog": (
                lambda: show_op_log.sync_detailed(HOME, UUID(UNKNOWN_ID), client=api),
                ShowOpLogResponse,
            ),
            "showVault": (
                lambda: show_vault.sync_detailed(HOME, UUID(VAULT["home-server"]), client=api),
                ShowVaultResponse,
            ),
            "listVault": (lambda: list_vault.sync_detailed(HOME, client=api), ListVaultResponse),
            "listExternalVault": (
                lambda: list_external_vault.sync_detailed(
                    HOME, client=api, external_project_id=EAST, region_id="cn-east-2"
                ),
                ListVaultResponse,
            ),
        }
        send, ok = sends[operation]
        self._check(call(what, send), expect, operation, ok, what)
