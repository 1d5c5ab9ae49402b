"""Deliberately broken emulators, to prove the contract suites catch what they claim to.

Owns: the catalogues of mutants (`MUTANTS`, CSBS v1's; `CBR_MUTANTS`, CBR v3's; both in
`ALL_MUTANTS`), each one small break of the emulator's contract;
`make_app(name)`, which builds a fresh emulator and breaks it; `ENV_MUTANT` (`CSBS_MUTANT`),
the test switch read by `app_from_env`, a factory for
`uvicorn --factory contract_tests.mutants:app_from_env`, and by contract_tests/target.py's
`new_emulator_app` (the main job against a mutant). Only the contract suites read it: the
production emulator has no mutant switch and never reads this variable.
Must not import: the test modules. It may reach into one emulator *instance* (never its
modules or classes) to break it: every change is an attribute set on that instance, or an
ASGI wrapper around it, so other emulators in the same process stay correct.

Two ways to break an emulator:
  * `Rewrite`, an ASGI middleware that sees each request (its body buffered) and may answer
    it itself or change the emulator's answer (status, headers, JSON body) on the way out;
  * instance patches of the emulator's service or gateway, for rules that live inside it.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from csbs_emulator import EmulatorConfig, create_app
from csbs_emulator.app import Emulator
from csbs_emulator.cbr.model import CbrBackup, CbrReplication
from csbs_emulator.cbr.model import Vault as CbrVault
from csbs_emulator.cbr.service import CbrService
from csbs_emulator.csbs.errors import csbs_error
from csbs_emulator.csbs.model import Backup, BackupQuery, ReplicationRecord
from csbs_emulator.errors import ApiError
from csbs_emulator.model import Credential

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
# Loose on purpose: the emulator types its scope as a MutableMapping, starlette as a dict.
ASGIApp = Callable[[Any, Any, Any], Awaitable[None]]

ENV_MUTANT: Final = "CSBS_MUTANT"
ENV_LIFECYCLE: Final = "CSBS_MUTANT_LIFECYCLE"
REPLICATE_SUFFIX: Final = "/replicate"


# -- the response-rewriting middleware -----------------------------------------------------


@dataclass
class Exchange:
    """One request and, once the emulator has answered, its answer (changeable)."""

    method: str
    path: str
    request_body: bytes
    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""

    @property
    def public(self) -> bool:
        """A CSBS v1 call (the CSBS mutants break only those)."""
        return self.path.startswith("/v1/")

    @property
    def cbr(self) -> bool:
        """A CBR v3 call."""
        return self.path.startswith("/v3/")

    @property
    def is_replicate(self) -> bool:
        return self.public and self.method == "POST" and self.path.endswith(REPLICATE_SUFFIX)

    @property
    def is_copy(self) -> bool:
        return self.cbr and self.method == "POST" and self.path.endswith(REPLICATE_SUFFIX)

    def request_json(self) -> Any:
        try:
            return json.loads(self.request_body or b"null")
        except ValueError:
            return None

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

    def set_json(self, value: Any) -> None:
        self.body = json.dumps(value, separators=(",", ":")).encode()

    def header(self, name: bytes) -> bytes | None:
        return next((v for k, v in self.headers if k.lower() == name), None)

    def set_header(self, name: bytes, value: bytes | None) -> None:
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name]
        if value is not None:
            self.headers.append((name, value))


class Rewrite:
    """An ASGI wrapper: `before` may answer a request itself (return True), `after` may change
    the emulator's answer. The body is re-sent whole with a fresh Content-Length."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        before: Callable[[Exchange], bool] | None = None,
        after: Callable[[Exchange], None] | None = None,
    ) -> None:
        self.app = app
        self.before = before
        self.after = after

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        exchange = Exchange(scope["method"], scope["path"], b"".join(chunks))
        if self.before is None or not self.before(exchange):
            await self._call_app(scope, exchange)
            if self.after is not None:
                self.after(exchange)
        exchange.set_header(b"content-length", str(len(exchange.body)).encode())
        await send(
            {"type": "http.response.start", "status": exchange.status, "headers": exchange.headers}
        )
        await send({"type": "http.response.body", "body": exchange.body})

    async def _call_app(self, scope: Scope, exchange: Exchange) -> None:
        replay = [{"type": "http.request", "body": exchange.request_body, "more_body": False}]
        out: list[bytes] = []

        async def receive() -> Message:
            return replay.pop(0) if replay else {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                exchange.status = int(message["status"])
                exchange.headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                out.append(message.get("body", b""))

        await self.app(scope, receive, send)
        exchange.body = b"".join(out)


def _error(exchange: Exchange, status: int, code: str, message: str) -> None:
    exchange.status = status
    exchange.headers = [
        (b"content-type", b"application/json"),
        (b"x-request-id", b"0123456789abcdef0123456789abcdef"),
    ]
    exchange.set_json({"error_code": code, "error_msg": message})


# -- the mutants -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutant:
    name: str
    breaks: str  # the contract it breaks, in one line
    apply: Callable[[Emulator], ASGIApp]


def _missing_field(emulator: Emulator) -> ASGIApp:
    def after(x: Exchange) -> None:
        body = x.json()
        if x.is_replicate and x.status == 200 and isinstance(body, dict):
            body["replication"].pop("replication_record_id", None)
            x.set_json(body)

    return Rewrite(emulator, after=after)


def _wrong_type(emulator: Emulator) -> ASGIApp:
    def after(x: Exchange) -> None:
        body = x.json()
        if not (x.public and x.status == 200 and isinstance(body, dict)):
            return
        items = [body["checkpoint_item"]] if "checkpoint_item" in body else []
        items += body.get("checkpoint_items", [])
        for item in items:
            item["extend_info"]["progress"] = str(item["extend_info"].get("progress", 0))
        x.set_json(body)

    return Rewrite(emulator, after=after)


def _duplicate_409(emulator: Emulator) -> ASGIApp:
    def after(x: Exchange) -> None:
        body = x.json()
        if (
            x.status == 400
            and isinstance(body, dict)
            and body["error_code"] == "BackupService.1009"
        ):
            x.status = 409

    return Rewrite(emulator, after=after)


def _duplicate_accepted(emulator: Emulator) -> ASGIApp:
    # The same backup to the same region again: a second live record instead of 1009.
    emulator.store.db.execute("DROP INDEX IF EXISTS one_live_replica_per_region")
    return emulator


def _ignored_token(emulator: Emulator) -> ASGIApp:
    directory = emulator.directory
    reload = directory.reload

    class AnyToken(dict[str, Credential]):
        def get(self, key: str, default: Any = None) -> Credential:
            known = super().get(key)
            return known if known is not None else self.anyone

        anyone = Credential("token", "*", "", "rw", frozenset())

    def reload_directory() -> None:
        reload()
        tokens = AnyToken(directory.tokens)
        tokens.anyone = Credential("token", "*", "", "rw", frozenset(directory.projects))
        directory.tokens = tokens

    directory.reload = reload_directory  # type: ignore[method-assign]
    reload_directory()
    return emulator


def _readonly_writes(emulator: Emulator) -> ASGIApp:
    directory = emulator.directory
    reload = directory.reload

    def reload_directory() -> None:
        reload()
        directory.tokens = {
            key: Credential(c.kind, c.key, c.secret, "rw", c.projects, c.user)
            for key, c in directory.tokens.items()
        }

    directory.reload = reload_directory  # type: ignore[method-assign]
    reload_directory()
    return emulator


def _edge_500(emulator: Emulator) -> ASGIApp:
    def before(x: Exchange) -> bool:
        body = x.request_json()
        if x.is_replicate and isinstance(body, dict):
            name = (body.get("replication") or {}).get("name")
            if isinstance(name, str) and len(name) == 64:  # the bound itself, not beyond it
                _error(x, 500, "CSBS.9999", "Internal error")
                return True
        return False

    return Rewrite(emulator, before=before)


def _wrong_content_type(emulator: Emulator) -> ASGIApp:
    def after(x: Exchange) -> None:
        if x.public:
            x.set_header(b"content-type", b"text/plain; charset=utf-8")

    return Rewrite(emulator, after=after)


def _missing_request_id(emulator: Emulator) -> ASGIApp:
    def after(x: Exchange) -> None:
        if x.public:
            x.set_header(b"x-request-id", None)

    return Rewrite(emulator, after=after)


def _lifecycle_stuck(emulator: Emulator) -> ASGIApp:
    # Every way a copy ends (advance, advance-all, instant, delay) goes through _finish.
    def finish(record: ReplicationRecord, *args: Any, **kwargs: Any) -> ReplicationRecord:
        return record  # unchanged: still copying

    emulator.csbs.service._finish = finish  # type: ignore[method-assign]
    return emulator


def _stale_copy_status(emulator: Emulator) -> ASGIApp:
    def after(x: Exchange) -> None:
        body = x.json()
        if x.public and x.status == 200 and isinstance(body, dict) and "checkpoint_item" in body:
            item = body["checkpoint_item"]
            if item.get("replication_records"):  # a copy ran: its end is never reported
                item["extend_info"]["copy_status"] = "copying"
                x.set_json(body)

    return Rewrite(emulator, after=after)


def _cross_project_leak(emulator: Emulator) -> ASGIApp:
    service = emulator.csbs.service
    visible = service._visible_backup

    def leaky(project_id: str, item_id: str) -> Backup:
        try:
            return visible(project_id, item_id)
        except ApiError:
            row = service.tables._db.execute(
                "SELECT project_id FROM backups WHERE id = ?", (item_id.lower(),)
            ).fetchone()
            if row is None:
                raise
            return visible(str(row[0]), item_id)

    service._visible_backup = leaky  # type: ignore[method-assign]
    return emulator


def _copy_from_unset(emulator: Emulator) -> ASGIApp:
    service = emulator.csbs.service
    replica_of = service._replica_of

    def without_origin(source: Backup, record: ReplicationRecord, stamp: str) -> Backup:
        replica = replica_of(source, record, stamp)
        replica.copy_from = None
        return replica

    service._replica_of = without_origin  # type: ignore[method-assign]
    return emulator


def _refuse_when(emulator: Emulator, blocks: Callable[[ReplicationRecord, str], bool]) -> ASGIApp:
    """Refuse a replication with 1009 when any existing record of the backup `blocks`."""
    service = emulator.csbs.service
    replicate = service.replicate

    def guarded(
        caller: Credential, project_id: str, item_id: str, params: dict[str, Any]
    ) -> ReplicationRecord:
        region = str(params.get("destination_region"))
        records = service.tables.records_for_backup(item_id.lower())
        mine = service.tables.get_backup(project_id, item_id.lower()) is not None
        if mine and any(blocks(r, region) for r in records):
            raise csbs_error("BackupService.1009", "The backup is being replicated.")
        return replicate(caller, project_id, item_id, params)

    service.replicate = guarded  # type: ignore[method-assign]
    return emulator


def _duplicate_ignores_region(emulator: Emulator) -> ASGIApp:
    return _refuse_when(emulator, lambda r, region: r.status in ("copying", "success"))


def _failed_copy_blocks(emulator: Emulator) -> ASGIApp:
    return _refuse_when(
        emulator, lambda r, region: r.status == "fail" and r.destination_region == region
    )


def _paging_skips_one(emulator: Emulator) -> ASGIApp:
    service = emulator.csbs.service
    list_backups = service.list_backups

    def skipping(
        query: BackupQuery, *, limit: int, marker: str | None, offset: int
    ) -> tuple[list[Backup], str | None]:
        page, next_marker = list_backups(query, limit=limit, marker=marker, offset=offset)
        return (page[1:] if marker is not None else page), next_marker

    service.list_backups = skipping  # type: ignore[method-assign]
    return emulator


# -- mutants of the rules, the echoes, the read parameters and the tenancy (issue 12) --------


def _unavailable_accepted(emulator: Emulator) -> ASGIApp:
    # The backup's status is not checked: a protecting or error backup is replicated.
    service = emulator.csbs.service
    replicate, visible = service.replicate, service._visible_backup

    def seen_available(project_id: str, item_id: str) -> Backup:
        backup = visible(project_id, item_id)
        backup.status = "available"  # this object only: the store keeps the real status
        return backup

    def relaxed(
        caller: Credential, project_id: str, item_id: str, params: dict[str, Any]
    ) -> ReplicationRecord:
        service._visible_backup = seen_available  # type: ignore[method-assign]
        try:
            return replicate(caller, project_id, item_id, params)
        finally:
            service._visible_backup = visible  # type: ignore[method-assign]

    service.replicate = relaxed  # type: ignore[method-assign]
    return emulator


def _own_region_accepted(emulator: Emulator) -> ASGIApp:
    # A replication to the backup's own region is let through (the other checks stay).
    service = emulator.csbs.service
    check = service._check_destination_region

    def lenient(source_region: str, destination: str) -> None:
        if destination != source_region:
            check(source_region, destination)

    service._check_destination_region = lenient  # type: ignore[method-assign]
    return emulator


def _foreign_project_accepted(emulator: Emulator) -> ASGIApp:
    # The destination project need not be the caller's: another tenant's is accepted.
    service = emulator.csbs.service
    replicate = service.replicate

    def trusting(
        caller: Credential, project_id: str, item_id: str, params: dict[str, Any]
    ) -> ReplicationRecord:
        widened = dataclasses.replace(
            caller, projects=caller.projects | {str(params.get("destination_project_id"))}
        )
        return replicate(widened, project_id, item_id, params)

    service.replicate = trusting  # type: ignore[method-assign]
    return emulator


def _wrong_destination_echo(emulator: Emulator) -> ASGIApp:
    # The accepted replication's answer names the source project as the destination.
    def after(x: Exchange) -> None:
        body = x.json()
        if x.is_replicate and x.status == 200 and isinstance(body, dict):
            body["replication"]["destination_project_id"] = body["replication"]["project_id"]
            x.set_json(body)

    return Rewrite(emulator, after=after)


def _replica_name_ignored(emulator: Emulator) -> ASGIApp:
    # The replica is named after its source whatever name the call gave.
    service = emulator.csbs.service
    replica_of = service._replica_of

    def source_named(source: Backup, record: ReplicationRecord, stamp: str) -> Backup:
        replica = replica_of(source, record, stamp)
        replica.name = source.name
        return replica

    service._replica_of = source_named  # type: ignore[method-assign]
    return emulator


def _query_patched(service: Any, change: Callable[[Any], Any]) -> None:
    """The service (CSBS's or CBR's) selects backups with `change(query)` instead of the query
    its `backup_query` builds: listBackups, and countBackups for CSBS."""
    backup_query = service.backup_query

    def changed(*args: Any) -> Any:
        return change(backup_query(*args))

    service.backup_query = changed


def _all_descending(query: Any) -> Any:
    """Every sort key read as descending: `:asc` ignored (either API's query)."""
    return dataclasses.replace(query, sort=tuple((key, True) for key, _ in query.sort))


def _resource_name_ignored(emulator: Emulator) -> ASGIApp:
    _query_patched(emulator.csbs.service, lambda q: dataclasses.replace(q, resource_name=None))
    return emulator


def _sort_direction_ignored(emulator: Emulator) -> ASGIApp:
    _query_patched(emulator.csbs.service, _all_descending)
    return emulator


def _all_tenants_for_everyone(emulator: Emulator) -> ASGIApp:
    # all_tenants widens the scope for any caller, not only administrators: a tenant leak.
    service = emulator.csbs.service
    backup_query = service.backup_query

    def leaky(
        caller: Credential, project_id: str, region: str | None, params: Mapping[str, Any]
    ) -> BackupQuery:
        return backup_query(dataclasses.replace(caller, admin=True), project_id, region, params)

    service.backup_query = leaky  # type: ignore[method-assign]
    return emulator


def _count_ignores_status(emulator: Emulator) -> ASGIApp:
    # countBackups drops the status filter: the count no longer equals the listing.
    service = emulator.csbs.service
    count = service.count_backups

    def sloppy(query: BackupQuery) -> int:
        return count(dataclasses.replace(query, status=None))

    service.count_backups = sloppy  # type: ignore[method-assign]
    return emulator


MUTANTS: Final[Mapping[str, Mutant]] = {
    m.name: m
    for m in (
        Mutant(
            "missing_field",
            "replicate's 200 lacks replication.replication_record_id",
            _missing_field,
        ),
        Mutant("wrong_type", "extend_info.progress is a string, not an integer", _wrong_type),
        Mutant("duplicate_409", "a duplicate answers 409 instead of 400 1009", _duplicate_409),
        Mutant(
            "duplicate_accepted",
            "the duplicate rule is gone: a second live replica per region",
            _duplicate_accepted,
        ),
        Mutant("ignored_token", "any token is accepted, for any project", _ignored_token),
        Mutant("readonly_writes", "a read-only credential may replicate", _readonly_writes),
        Mutant("edge_500", "a name of exactly 64 characters answers 500", _edge_500),
        Mutant("wrong_content_type", "public answers are text/plain", _wrong_content_type),
        Mutant("missing_request_id", "public answers lack X-Request-Id", _missing_request_id),
        Mutant(
            "lifecycle_stuck",
            "a copy never ends (advance is swallowed, instant never completes)",
            _lifecycle_stuck,
        ),
        Mutant(
            "stale_copy_status",
            "the source's copy_status stays copying after its copy ended",
            _stale_copy_status,
        ),
        Mutant(
            "cross_project_leak",
            "another project's backup is shown (and replicated) through this project",
            _cross_project_leak,
        ),
        Mutant("copy_from_unset", "a replica's extend_info.copy_from is null", _copy_from_unset),
        Mutant(
            "duplicate_ignores_region",
            "a live replica in one region blocks replication to every other region",
            _duplicate_ignores_region,
        ),
        Mutant(
            "failed_copy_blocks",
            "a failed copy blocks a retry to the same region",
            _failed_copy_blocks,
        ),
        Mutant(
            "paging_skips_one",
            "listBackups drops the first item of every page after a marker",
            _paging_skips_one,
        ),
        Mutant(
            "unavailable_accepted",
            "a backup that is not available (protecting, error, ...) is replicated",
            _unavailable_accepted,
        ),
        Mutant(
            "own_region_accepted",
            "a replication to the backup's own region is accepted",
            _own_region_accepted,
        ),
        Mutant(
            "foreign_project_accepted",
            "another tenant's project is accepted as the destination",
            _foreign_project_accepted,
        ),
        Mutant(
            "wrong_destination_echo",
            "the replicate answer names the source project as the destination project",
            _wrong_destination_echo,
        ),
        Mutant(
            "replica_name_ignored",
            "the replica takes its source's name, not the requested one",
            _replica_name_ignored,
        ),
        Mutant(
            "resource_name_ignored",
            "listBackups and countBackups ignore the resource_name filter",
            _resource_name_ignored,
        ),
        Mutant(
            "sort_direction_ignored",
            "sort reads every key as descending (:asc ignored)",
            _sort_direction_ignored,
        ),
        Mutant(
            "all_tenants_for_everyone",
            "all_tenants shows every tenant's backups to a non-administrator",
            _all_tenants_for_everyone,
        ),
        Mutant(
            "count_ignores_status",
            "countBackups ignores the status filter (count != the listing)",
            _count_ignores_status,
        ),
    )
}


# -- mutants of CBR v3 (issue 18): each breaks one documented rule of openapi/cbr-v3.yaml --------


def _cbr(emulator: Emulator) -> CbrService:
    return emulator.cbr.service


def _cbr_replica_accepted(emulator: Emulator) -> ASGIApp:
    # Rule removed: a replica (image_type replication) is copied again (1002 gone).
    service = _cbr(emulator)
    copy, visible = service.copy_backup, service._visible_backup

    def as_a_backup(project_id: str, backup_id: str) -> CbrBackup:
        return dataclasses.replace(visible(project_id, backup_id), image_type="backup")

    def relaxed(
        caller: Credential, project_id: str, backup_id: str, params: Mapping[str, Any]
    ) -> CbrReplication:
        service._visible_backup = as_a_backup  # type: ignore[method-assign]
        try:
            return copy(caller, project_id, backup_id, params)
        finally:
            service._visible_backup = visible  # type: ignore[method-assign]

    service.copy_backup = relaxed  # type: ignore[method-assign]
    return emulator


def _cbr_not_available_1003(emulator: Emulator) -> ASGIApp:
    # Wrong code: a backup that is not available is refused 1003 (not an ECS), not 1004.
    def after(x: Exchange) -> None:
        body = x.json()
        if x.is_copy and isinstance(body, dict) and body.get("error_code") == "BackupService.1004":
            body["error_code"] = "BackupService.1003"
            x.set_json(body)

    return Rewrite(emulator, after=after)


def _cbr_wrong_region_echo(emulator: Emulator) -> ASGIApp:
    # Wrong echo: copyBackup's answer names the source region as the destination region.
    def after(x: Exchange) -> None:
        body = x.json()
        if x.is_copy and x.status == 200 and isinstance(body, dict):
            body["replication"]["destination_region"] = body["replication"]["source_region"]
            x.set_json(body)

    return Rewrite(emulator, after=after)


def _cbr_vault_filter_ignored(emulator: Emulator) -> ASGIApp:
    # Ignored parameter: listBackups lists the backups of every vault whatever vault_id says.
    _query_patched(_cbr(emulator), lambda q: dataclasses.replace(q, vault_id=None))
    return emulator


def _cbr_sort_direction_ignored(emulator: Emulator) -> ASGIApp:
    _query_patched(_cbr(emulator), _all_descending)
    return emulator


def _cbr_show_replication_ignored(emulator: Emulator) -> ASGIApp:
    # Ignored parameter: listBackups never carries replication_records, even when asked.
    def after(x: Exchange) -> None:
        body = x.json()
        if x.cbr and x.method == "GET" and isinstance(body, dict) and "backups" in body:
            for item in body["backups"]:
                item.pop("replication_records", None)
            x.set_json(body)

    return Rewrite(emulator, after=after)


def _cbr_status_rule_on_source_vault(emulator: Emulator) -> ASGIApp:
    # A vault rule that looks at the wrong vault: 6112 reads the source vault's status, so a
    # locked, frozen, deleting or broken destination takes replicas.
    service = _cbr(emulator)
    tables, destination_vault = service.tables, service._destination_vault

    def wrong(source: CbrBackup, vault_id: str, project_id: str, region: str) -> CbrVault:
        find = tables.find_vault
        origin = find(source.vault_id)

        def seen(wanted: str) -> CbrVault | None:
            vault = find(wanted)
            if vault is not None and origin is not None and vault.id == vault_id.lower():
                return dataclasses.replace(vault, status=origin.status)
            return vault

        tables.find_vault = seen  # type: ignore[method-assign,assignment]
        try:
            return destination_vault(source, vault_id, project_id, region)
        finally:
            tables.find_vault = find  # type: ignore[method-assign]

    service._destination_vault = wrong  # type: ignore[method-assign]
    return emulator


def _cbr_room_ignores_running_copies(emulator: Emulator) -> ASGIApp:
    # 6114 counts only what the vault holds, not the copies still running into it.
    _cbr(emulator).tables.reserved = lambda vault_id: 0  # type: ignore[method-assign]
    return emulator


def _cbr_replica_takes_no_room(emulator: Emulator) -> ASGIApp:
    # A replica lands in its vault without using any of its space (`used` does not grow).
    tables = _cbr(emulator).tables
    land = tables._land

    def weightless(replica: CbrBackup) -> None:
        land(
            dataclasses.replace(replica, resource_size=0)
            if replica.image_type == "replication"
            else replica
        )

    tables._land = weightless  # type: ignore[method-assign]
    return emulator


def _cbr_duplicate_accepted(emulator: Emulator) -> ASGIApp:
    # Rule removed: a second replica of a backup to the same region (1009 gone).
    emulator.store.db.execute("DROP INDEX IF EXISTS cbr_one_live_replica_per_region")
    _cbr(emulator).tables.replica_blocked = lambda backup_id, region: False  # type: ignore[method-assign]
    return emulator


def _cbr_failed_copy_blocks(emulator: Emulator) -> ASGIApp:
    # A failed copy blocks a retry to its region (1009), as if it were live.
    tables = _cbr(emulator).tables
    blocked = tables.replica_blocked

    def strict(backup_id: str, region: str) -> bool:
        failed = any(
            r.status == "fail" and r.destination_region == region
            for r in tables.records_for_backup(backup_id)
        )
        return failed or blocked(backup_id, region)

    tables.replica_blocked = strict  # type: ignore[method-assign]
    return emulator


def _cbr_own_region_accepted(emulator: Emulator) -> ASGIApp:
    # Rule removed: a copy to the backup's own region is accepted (1005 for it gone).
    service = _cbr(emulator)
    check = service._check_destination_region

    def lenient(source_region: str, destination: str) -> None:
        if destination != source_region:
            check(source_region, destination)

    service._check_destination_region = lenient  # type: ignore[method-assign]
    return emulator


def _cbr_cross_project_leak(emulator: Emulator) -> ASGIApp:
    # A leak across projects: another project's backup is shown (and copied) through this one.
    service = _cbr(emulator)
    visible = service._visible_backup

    def leaky(project_id: str, backup_id: str) -> CbrBackup:
        try:
            return visible(project_id, backup_id)
        except ApiError:
            found = service.tables.find_backup(backup_id.lower())
            if found is None:
                raise
            return found

    service._visible_backup = leaky  # type: ignore[method-assign]
    return emulator


def _cbr_external_vaults_leak(emulator: Emulator) -> ASGIApp:
    # A leak across projects: listExternalVault shows any project's vaults, another tenant's.
    service = _cbr(emulator)
    external = service.list_external_vaults
    directory = emulator.directory

    def leaky(caller: Credential, params: Mapping[str, Any]) -> tuple[list[CbrVault], int]:
        everyone = dataclasses.replace(caller, projects=frozenset(directory.projects))
        return external(everyone, params)

    service.list_external_vaults = leaky  # type: ignore[method-assign]
    return emulator


def _cbr_lifecycle_stuck(emulator: Emulator) -> ASGIApp:
    # A lifecycle that never ends: no copy ever leaves `replicating` (instant, delay, advance).
    service = _cbr(emulator)
    service._complete = lambda record, task, source, outcome: None  # type: ignore[method-assign]
    service._finish = lambda record, outcome: record  # type: ignore[method-assign]
    return emulator


def _cbr_task_stays_running(emulator: Emulator) -> ASGIApp:
    # The task (operation log) of a copy stays `running` after its copy ended.
    def after(x: Exchange) -> None:
        body = x.json()
        if not (x.cbr and x.method == "GET" and x.status == 200 and isinstance(body, dict)):
            return
        tasks = (
            [body["operation_log"]] if "operation_log" in body else body.get("operation_logs", [])
        )
        for task in tasks:
            task["status"], task["ended_at"] = "running", None
        if tasks:
            x.set_json(body)

    return Rewrite(emulator, after=after)


CBR_MUTANTS: Final[Mapping[str, Mutant]] = {
    m.name: m
    for m in (
        Mutant(
            "cbr_replica_accepted", "a replica is copied again (1002 gone)", _cbr_replica_accepted
        ),
        Mutant(
            "cbr_not_available_1003",
            "a backup that is not available is refused 1003, not 1004",
            _cbr_not_available_1003,
        ),
        Mutant(
            "cbr_wrong_region_echo",
            "copyBackup's answer names the source region as the destination region",
            _cbr_wrong_region_echo,
        ),
        Mutant(
            "cbr_vault_filter_ignored",
            "listBackups ignores vault_id",
            _cbr_vault_filter_ignored,
        ),
        Mutant(
            "cbr_show_replication_ignored",
            "listBackups never carries replication_records, show_replication=true or not",
            _cbr_show_replication_ignored,
        ),
        Mutant(
            "cbr_sort_direction_ignored",
            "listBackups reads every sort key as descending (:asc ignored)",
            _cbr_sort_direction_ignored,
        ),
        Mutant(
            "cbr_status_rule_on_source_vault",
            "the vault status rule (6112) looks at the source vault, not the destination",
            _cbr_status_rule_on_source_vault,
        ),
        Mutant(
            "cbr_room_ignores_running_copies",
            "the room rule (6114) ignores copies still running into the vault",
            _cbr_room_ignores_running_copies,
        ),
        Mutant(
            "cbr_replica_takes_no_room",
            "a replica lands without using its vault's space (used does not grow)",
            _cbr_replica_takes_no_room,
        ),
        Mutant(
            "cbr_duplicate_accepted",
            "a second replica of a backup to the same region (1009 gone)",
            _cbr_duplicate_accepted,
        ),
        Mutant(
            "cbr_failed_copy_blocks",
            "a failed copy blocks a retry to its region (1009)",
            _cbr_failed_copy_blocks,
        ),
        Mutant(
            "cbr_own_region_accepted",
            "a copy to the backup's own region is accepted",
            _cbr_own_region_accepted,
        ),
        Mutant(
            "cbr_cross_project_leak",
            "another project's backup is shown (and copied) through this project",
            _cbr_cross_project_leak,
        ),
        Mutant(
            "cbr_external_vaults_leak",
            "listExternalVault shows another tenant's vaults",
            _cbr_external_vaults_leak,
        ),
        Mutant(
            "cbr_lifecycle_stuck",
            "a copy never ends (instant, delay and advance leave it replicating)",
            _cbr_lifecycle_stuck,
        ),
        Mutant(
            "cbr_task_stays_running",
            "a copy's task stays running after the copy ended",
            _cbr_task_stays_running,
        ),
    )
}
# Every mutant the mutation test runs: CSBS's (`MUTANTS`, the name parity's tests import) and
# CBR's.
ALL_MUTANTS: Final[Mapping[str, Mutant]] = {**MUTANTS, **CBR_MUTANTS}


class MutantApp:
    """A broken emulator as an ASGI app; `emulator` is the instance underneath."""

    def __init__(self, mutant: Mutant, emulator: Emulator) -> None:
        self.mutant = mutant
        self.emulator = emulator
        self._app = mutant.apply(emulator)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)

    def close(self) -> None:
        self.emulator.close()

    def __getattr__(self, name: str) -> Any:
        # The control plane, the store, ...: a mutant stands in wherever an emulator is used.
        return getattr(self.emulator, name)


# Not a mutant: the unbroken emulator through the same factory, for the baseline runs that
# show a suite passes before it is asked to fail.
BASELINE: Final = Mutant("none", "nothing (the unbroken emulator)", lambda emulator: emulator)


def make_app(mutant: str, **config: Any) -> MutantApp:
    """A fresh in-memory emulator (manual lifecycle, strict responses) with `mutant` applied;
    `"none"` is the unbroken emulator (`BASELINE`)."""
    chosen = BASELINE if mutant == BASELINE.name else ALL_MUTANTS.get(mutant)
    if chosen is None:
        raise KeyError(f"unknown mutant {mutant!r}; known: {', '.join(ALL_MUTANTS)}")
    options: dict[str, Any] = {
        "lifecycle": "manual",
        "strict_responses": True,
        "access_log": False,
    }
    options.update(config)
    return MutantApp(chosen, create_app(EmulatorConfig(**options)))


def app_from_env() -> MutantApp:
    """`uvicorn --factory contract_tests.mutants:app_from_env`: the mutant named by CSBS_MUTANT
    (lifecycle from CSBS_MUTANT_LIFECYCLE, default `instant` like `csbs-emulator serve`)."""
    name = os.environ.get(ENV_MUTANT)
    if not name:
        raise RuntimeError(f"set {ENV_MUTANT} to one of: none, {', '.join(ALL_MUTANTS)}")
    return make_app(name, lifecycle=os.environ.get(ENV_LIFECYCLE, "instant"))
