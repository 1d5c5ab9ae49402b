"""CBR v3's replication rules and state transitions: plain Python, no HTTP.

Owns: what `copyBackup`, `showBackup`, `listBackups`, `listOpLogs`, `showOpLog`,
`showVault`, `listVault`, `listExternalVault` and `showReplicationCapabilities` mean — which
requests are refused with which error code, and how a replication record and its task move
from running to an outcome. Raises `ApiError`s from CBR's catalogue.
Must not import: the web framework or the HTTP layer. State goes through `CbrTables` only.

Rule order for copyBackup (the reference model of the contract suite mirrors it):
  1. backup missing, or of another project              -> 404 BackupService.6302
  2. backup is itself a replica (image_type replication) -> 400 BackupService.1002
  3. backup not of an ECS, or without its system disk    -> 400 BackupService.1003
  4. backup not `available`                              -> 400 BackupService.1004
  5. destination region unknown / the source's own / not a replication destination of the
     source (showReplicationCapabilities)                -> 400 BackupService.1005
  6. destination project unknown, not in the destination region, or not the caller's
                                                         -> 400 BackupService.1011
  7. destination vault missing, or not in that project and region
                                                         -> 400 BackupService.6105
  8. destination vault not a replication vault, or of another object type
                                                         -> 400 BackupService.6102
  9. destination vault not `available`                   -> 400 BackupService.6112
 10. destination vault without room for the backup (used + running copies into it + size
     > size)                                             -> 400 BackupService.6114
 11. a replica to that region being made or made         -> 400 BackupService.1009 (atomic)
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from typing import Any

from ..clock import Clock, due_at
from ..config import EmulatorConfig
from ..directory import Directory, FixtureRefused, repeated
from ..faults import DEFAULT_FAIL_CODE, CopyOutcomes
from ..ids import time_ordered_id
from ..listing import parse_sort
from ..model import Credential, Fixtures, Region, full_timestamp, timestamp
from .errors import (
    backup_not_found,
    cbr_error,
    task_not_found,
    vault_not_found,
)
from .model import (
    DEFAULT_SORT,
    ECS,
    MAX_PAGE,
    PROVIDERS,
    RECORD_FAILED,
    RECORD_RUNNING,
    RECORD_SUCCESS,
    REPLICABLE_STATUS,
    REPLICATION_VAULT,
    SORT_KEYS,
    TASK_FAILED,
    TASK_RUNNING,
    TASK_SUCCESS,
    USABLE_VAULT_STATUS,
    BackupQuery,
    CbrBackup,
    CbrReplication,
    OperationLog,
    TaskQuery,
    Vault,
    VaultQuery,
)
from .tables import CbrTables, DuplicateReplication, RecordNotRunning

ALL_ENTERPRISE_PROJECTS = "all_granted_eps"
Outcome = tuple[str, dict[str, str], str]  # (status, fail_code, fail_reason), CopyOutcomes'


_ZONE = re.compile(
    r"(?P<time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)"
    r"(?:[Zz]|(?P<sign>[+-])(?P<h>\d{2}):?(?P<m>\d{2}))?"
)


def _time(params: Mapping[str, Any], key: str) -> str | None:
    """A start_time/end_time filter (FilterTime) in the stored form: zone-less UTC, fraction
    padded. `Z` is UTC; a numeric offset is taken away (`12:00:00+08:00` is `04:00:00`); a
    time the pattern admits but no calendar has (`2021-02-30…`) is compared as written."""
    value = params.get(key)
    if value is None:
        return None
    match = _ZONE.fullmatch(str(value))
    if match is None:  # the spec's pattern let it through: compare it as written
        return full_timestamp(str(value))
    stamp = full_timestamp(match["time"])
    if match["sign"] is None:
        return stamp
    offset = dt.timedelta(hours=int(match["h"]), minutes=int(match["m"]))
    try:
        moment = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f")
    except ValueError:
        return stamp
    moment = moment - offset if match["sign"] == "+" else moment + offset
    return moment.isoformat(timespec="microseconds")


def _enterprise_project(params: Mapping[str, Any]) -> str | None:
    """`enterprise_project_id` as a filter: None for none, or for `all_granted_eps` (every
    enterprise project the caller may see: every one here)."""
    value = params.get("enterprise_project_id")
    return None if value in (None, ALL_ENTERPRISE_PROJECTS) else str(value)


class CbrService:
    def __init__(
        self,
        tables: CbrTables,
        directory: Directory,
        config: EmulatorConfig,
        clock: Clock,
        outcomes: CopyOutcomes,
    ) -> None:
        self.tables = tables
        self.directory = directory
        self.config = config
        self.clock = clock
        # Shared with every service: the control plane's "the next copies fail".
        self.outcomes = outcomes

    @staticmethod
    def check(fixtures: Fixtures) -> None:
        """Refuse a CBR part whose vaults or backups do not fit the directory or each other."""
        data = fixtures.data.get("cbr") or {}
        repeated("CBR vault", (v["id"] for v in data.get("vaults", [])))
        repeated("CBR backup", (b["id"] for b in data.get("backups", [])))
        known_projects = {p.id for p in fixtures.projects}
        vault_project: dict[str, str] = {}
        for v in data.get("vaults", []):
            if v["project_id"] not in known_projects:
                raise FixtureRefused(f"CBR vault {v['id']} names unknown project")
            vault_project[v["id"]] = v["project_id"]
        for b in data.get("backups", []):
            if b["project_id"] not in known_projects:
                raise FixtureRefused(f"CBR backup {b['id']} names unknown project")
            if vault_project.get(b["vault_id"]) != b["project_id"]:
                raise FixtureRefused(
                    f"CBR backup {b['id']} names vault {b['vault_id']}, which is not a vault "
                    "of its project"
                )

    # -- showReplicationCapabilities ----------------------------------------------------

    def capabilities(self) -> list[Region]:
        return sorted(self.directory.regions.values(), key=lambda r: r.name)

    # -- backups --------------------------------------------------------------------------

    def _visible_backup(self, project_id: str, backup_id: str) -> CbrBackup:
        # Another project's backup is answered exactly like a missing one: no enumeration.
        backup = self.tables.get_backup(project_id, backup_id.lower())
        if backup is None:
            raise backup_not_found(backup_id)
        return backup

    def show_backup(
        self, project_id: str, backup_id: str
    ) -> tuple[CbrBackup, list[CbrReplication]]:
        self.tick()
        backup = self._visible_backup(project_id, backup_id)
        return backup, self.tables.records_for_backup(backup.id)

    def records_of(self, backup: CbrBackup) -> list[CbrReplication]:
        return self.tables.records_for_backup(backup.id)

    def backup_query(self, project_id: str, params: Mapping[str, Any]) -> BackupQuery:
        status = params.get("status")
        statuses: tuple[str, ...] = ()
        if isinstance(status, list):
            statuses = tuple(status)
        elif status is not None:
            statuses = (status,)
        return BackupQuery(
            project_id,
            vault_id=params.get("vault_id"),
            statuses=statuses,
            image_type=params.get("image_type"),
            name=params.get("name"),
            resource_name=params.get("resource_name"),
            resource_id=params.get("resource_id"),
            resource_az=params.get("resource_az"),
            resource_type=params.get("resource_type"),
            checkpoint_id=params.get("checkpoint_id"),
            parent_id=params.get("parent_id"),
            start_time=_time(params, "start_time"),
            end_time=_time(params, "end_time"),
            enterprise_project_id=_enterprise_project(params),
            incremental=params.get("incremental"),
            used_percent=params.get("used_percent"),
            # Sharing is not modelled: `shared` lists nothing, `all_granted` the project's own;
            # `member_status` (the share status of shared backups) leaves those as they are.
            shared=params.get("own_type") == "shared",
            sort=parse_sort(params.get("sort"), SORT_KEYS, DEFAULT_SORT),
        )

    def list_backups(
        self, query: BackupQuery, *, limit: int, offset: int, marker: str | None
    ) -> tuple[list[CbrBackup], int]:
        """A page of backups, and how many the query selects in all."""
        self.tick()
        after = None
        if marker is not None:
            after = self.tables.find_backup(marker.lower())
            if after is None or after.project_id != query.project_id:
                raise backup_not_found(marker)
        page = self.tables.query_backups(
            query, limit=min(limit, MAX_PAGE), offset=offset, after=after
        )
        return page, self.tables.count_backups(query)

    # -- vaults ---------------------------------------------------------------------------

    def show_vault(self, project_id: str, vault_id: str) -> Vault:
        vault = self.tables.find_vault(vault_id.lower())
        if vault is None or vault.project_id != project_id:
            raise vault_not_found(vault_id)
        return vault

    def resources_of(self, vault: Vault) -> list[dict[str, Any]]:
        """The resources bound to a vault (its fixtures'), each a ResourceResp: the number of
        its backups in the vault and their size in GB (`backup_count`, `backup_size`); a
        resource the fixtures give no `protect_status` is `available`, no `size` null."""
        held = self.tables.resource_backups(vault.id)
        resources = []
        for r in vault.extra.get("resources", []):
            count, size = held.get(r["id"], (0, 0))
            defaults = {"protect_status": "available", "size": None}
            resources.append({**defaults, **r, "backup_count": count, "backup_size": size})
        return resources

    def list_vaults(
        self, project_id: str, region: str | None, params: Mapping[str, Any]
    ) -> tuple[list[Vault], int]:
        """listVault: the project's vaults (in its own region)."""
        here = self.directory.region_of(project_id) or region or ""
        return self._vaults(project_id, here, params)

    def list_external_vaults(
        self, caller: Credential, params: Mapping[str, Any]
    ) -> tuple[list[Vault], int]:
        """listExternalVault: vaults of `external_project_id` in `region_id`, as a caller
        looking for a replication destination sees them. A project the caller's credential
        does not cover, or one that is not in that region, has no vaults to show
        (x-cbr-choice: an empty list, not a refusal)."""
        project_id = params["external_project_id"]
        region = params["region_id"]
        if project_id not in caller.projects or self.directory.region_of(project_id) != region:
            return [], 0
        return self._vaults(project_id, region, params)

    def _vaults(
        self, project_id: str, region: str, params: Mapping[str, Any]
    ) -> tuple[list[Vault], int]:
        # listVault's `id` repeats (`id=a&id=b`, as the SDK sends it) or lists with commas
        # (`id=a,b`, the docs' form): each value is split at commas (x-cbr-choice).
        given = params.get("id") or params.get("vault_id") or []
        ids = [i for value in ([given] if isinstance(given, str) else given)
               for i in value.split(",") if i]  # fmt: skip
        page = {
            "limit": int(params.get("limit", MAX_PAGE)),
            "offset": int(params.get("offset", 0)),
        }
        if "vault_id" in params:  # listExternalVault: with vault_id the other filters are ignored
            query = VaultQuery(project_id, region, ids=tuple(i.lower() for i in ids))
            return self.tables.query_vaults(query, **page)
        # The SDK's `objcet_type` (sic) and the docs' `object_type` mean the same; given both,
        # a vault must be of both (x-cbr-choice: they must agree or nothing matches).
        spellings = {params[k] for k in ("object_type", "objcet_type") if k in params}
        query = VaultQuery(
            project_id,
            region,
            protect_type=params.get("protect_type"),
            object_type=next(iter(spellings), None),
            name=params.get("name"),
            status=params.get("status"),
            cloud_type=params.get("cloud_type"),
            ids=tuple(i.lower() for i in ids),
            policy_id=params.get("policy_id"),
            resource_ids=tuple(r for r in str(params.get("resource_ids") or "").split(",") if r),
            enterprise_project_id=_enterprise_project(params),
            nothing=len(spellings) > 1,
        )
        return self.tables.query_vaults(query, **page)

    # -- tasks ----------------------------------------------------------------------------

    def show_op_log(self, project_id: str, task_id: str) -> OperationLog:
        self.tick()
        task = self.tables.get_task(project_id, task_id.lower())
        if task is None:
            raise task_not_found(task_id)
        return task

    def list_op_logs(
        self, project_id: str, params: Mapping[str, Any]
    ) -> tuple[list[OperationLog], int]:
        self.tick()
        query = TaskQuery(
            project_id,
            operation_type=params.get("operation_type"),
            status=params.get("status"),
            provider_id=params.get("provider_id"),
            resource_id=params.get("resource_id"),
            resource_name=params.get("resource_name"),
            vault_id=params.get("vault_id"),
            vault_name=params.get("vault_name"),
            start_time=_time(params, "start_time"),
            end_time=_time(params, "end_time"),
            enterprise_project_id=_enterprise_project(params),
        )
        return self.tables.query_tasks(
            query, limit=int(params.get("limit", MAX_PAGE)), offset=int(params.get("offset", 0))
        )

    # -- copyBackup -----------------------------------------------------------------------

    def copy_backup(
        self, caller: Credential, project_id: str, backup_id: str, params: Mapping[str, Any]
    ) -> CbrReplication:
        self.tick()
        source = self._visible_backup(project_id, backup_id)
        if source.image_type == "replication":
            raise cbr_error(
                "BackupService.1002",
                f"Backup ({backup_id}) is a replica; replicas cannot be replicated again.",
            )
        if source.resource_type != ECS or not source.contain_system_disk:
            raise cbr_error(
                "BackupService.1003",
                f"Backup ({backup_id}) is not a backup of an ECS with its system disk.",
            )
        if source.status != REPLICABLE_STATUS:
            raise cbr_error(
                "BackupService.1004",
                f"Backup ({backup_id}) is {source.status}; only an available backup can be "
                "replicated.",
            )
        destination = params["destination_region"]
        self._check_destination_region(source.region, destination)
        destination_project = params["destination_project_id"]
        target = self.directory.projects.get(destination_project)
        if (
            target is None
            or target.region != destination
            or destination_project not in caller.projects
        ):
            raise cbr_error(
                "BackupService.1011",
                f"Destination project ({destination_project}) does not support replication "
                f"in region {destination}.",
            )
        vault = self._destination_vault(
            source, params["destination_vault_id"], destination_project, destination
        )
        now = self.clock.now()
        stamp = timestamp(now)
        record = CbrReplication(
            id=time_ordered_id(),
            source_project_id=project_id,
            source_region=source.region,
            source_backup_id=source.id,
            source_checkpoint_id=source.checkpoint_id,
            source_vault_id=source.vault_id,
            destination_project_id=destination_project,
            destination_region=destination,
            destination_vault_id=vault.id,
            status=RECORD_RUNNING,
            created_at=stamp,
            updated_at=stamp,
            operation_log_id=str(uuid.uuid4()),
            name=params.get("name"),
            description=params.get("description"),
            enable_acceleration=bool(params.get("enable_acceleration", False)),
            due_at=self._due_at(now),
        )
        task = self._task_for(record, source, stamp)
        duplicate = cbr_error(
            "BackupService.1009",
            "The backup is being replicated or has been replicated to the destination region.",
        )
        # Lean (no savepoint when joining the turn's group): rules 10 and 11 refuse before
        # the first write (the checks, or the record's insert in add_replication's savepoint).
        with self.tables.transaction(lean=True):
            # Rule 10 under the write lock: another emulator on the same file may have
            # filled the vault since it was read above (one process cannot: its calls run
            # one at a time, and its uncommitted copies are read here too).
            self._check_room(vault.id, source)
            # Checked here too, under the write lock, so the error names the rule rather
            # than the index; the unique index still decides between concurrent writers.
            if self.tables.replica_blocked(source.id, destination):
                raise duplicate
            replica = None
            if self.config.lifecycle == "instant":
                # Complete before the answer, in the same unit: an acknowledged replication
                # is complete, or nothing is; its outcome is drawn only once accepted.
                replica = self._complete(record, task, source, self.outcomes.draw())
            try:
                self.tables.add_replication(record, task, replica)
            except DuplicateReplication:
                raise duplicate from None
        return record

    def _check_destination_region(self, source_region: str, destination: str) -> None:
        regions = self.directory.regions
        if destination not in regions:
            raise cbr_error(
                "BackupService.1005", f"Destination region ({destination}) does not exist."
            )
        if destination == source_region:
            raise cbr_error(
                "BackupService.1005",
                f"Destination region ({destination}) is the backup's own region.",
            )
        if destination not in regions[source_region].replication_destinations:
            raise cbr_error(
                "BackupService.1005",
                f"Region {source_region} cannot replicate to {destination}; see "
                "replication-capabilities.",
            )

    def _destination_vault(
        self, source: CbrBackup, vault_id: str, project_id: str, region: str
    ) -> Vault:
        vault = self.tables.find_vault(vault_id.lower())
        if vault is None or vault.project_id != project_id or vault.region != region:
            raise vault_not_found(vault_id)
        source_vault = self.tables.find_vault(source.vault_id)
        object_type = source_vault.object_type if source_vault else "server"
        if vault.protect_type != REPLICATION_VAULT or vault.object_type != object_type:
            raise cbr_error(
                "BackupService.6102",
                f"Vault ({vault.id}) is a {vault.protect_type} vault of {vault.object_type}; "
                f"a replica needs a {REPLICATION_VAULT} vault of {object_type}.",
            )
        if vault.status != USABLE_VAULT_STATUS:
            raise cbr_error(
                "BackupService.6112",
                f"Vault status is illegal, allow status: {USABLE_VAULT_STATUS} "
                f"(vault {vault.id} is {vault.status}).",
            )
        return vault

    def _check_room(self, vault_id: str, source: CbrBackup) -> None:
        """Rule 10: the vault holds its backups, the copies still running into it and this
        one (read afresh: the caller holds the write lock)."""
        vault = self.tables.find_vault(vault_id)
        if vault is None:  # deleted by another emulator on the file meanwhile
            raise vault_not_found(vault_id)
        needed = vault.used + self.tables.reserved(vault.id) + source.resource_size
        if needed > vault.size:
            raise cbr_error(
                "BackupService.6114",
                f"The vault used capacity has exceeded the total capacity: vault {vault.id} "
                f"holds {vault.size} GB, {vault.size - needed + source.resource_size} GB free, "
                f"the backup needs {source.resource_size} GB.",
            )

    def _due_at(self, now: dt.datetime) -> str | None:
        due = due_at(now, self.config.lifecycle, self.config.delay_seconds)
        return timestamp(due) if due is not None else None

    def _task_for(self, record: CbrReplication, source: CbrBackup, stamp: str) -> OperationLog:
        source_vault = self.tables.find_vault(source.vault_id)
        return OperationLog(
            id=record.operation_log_id,
            project_id=record.source_project_id,
            operation_type="replication",
            status=TASK_RUNNING,
            provider_id=source.provider_id,
            checkpoint_id=source.checkpoint_id,
            vault_id=source.vault_id,
            vault_name=source_vault.name if source_vault else "",
            resource_id=source.resource_id,
            resource_name=source.resource_name,
            created_at=stamp,
            updated_at=stamp,
            started_at=stamp,
            replication={
                "source_backup_id": source.id,
                "source_checkpoint_id": source.checkpoint_id,
                "source_project_id": record.source_project_id,
                "source_region": record.source_region,
                "source_backup_name": source.name,
                "destination_project_id": record.destination_project_id,
                "destination_region": record.destination_region,
            },
        )

    # -- the lifecycle ----------------------------------------------------------------------

    def tick(self) -> list[CbrReplication]:
        """Complete every delayed record that has come due."""
        if self.config.lifecycle == "manual":
            return []
        due = self.tables.due_records(timestamp(self.clock.now()))
        finished = (self._finish(record, self.outcomes.draw()) for record in due)
        return [record for record in finished if record is not None]

    def advance(
        self, record_id: str, outcome: str, fail_code: str | None, fail_reason: str
    ) -> CbrReplication | None:
        """Control plane: end one running record. None if unknown; ValueError if not running."""
        record = self.tables.get_record(record_id.lower())
        if record is None:
            return None
        if record.status != RECORD_RUNNING:
            raise ValueError(f"record {record.id} is {record.status}, not {RECORD_RUNNING}")
        finished = self._finish(record, _outcome(outcome, fail_code, fail_reason))
        if finished is None:
            raise ValueError(f"record {record.id} was finished meanwhile")
        return finished

    def advance_all(
        self, outcome: str, fail_code: str | None, fail_reason: str
    ) -> list[CbrReplication]:
        finished = (
            self._finish(record, _outcome(outcome, fail_code, fail_reason))
            for record in self.tables.list_records(RECORD_RUNNING)
        )
        return [record for record in finished if record is not None]

    def _finish(self, record: CbrReplication, outcome: Outcome) -> CbrReplication | None:
        """End a running record; None if another process on the same file ended it."""
        source = self.tables.find_backup(record.source_backup_id)
        task = self.tables.get_task(record.source_project_id, record.operation_log_id)
        if source is None or task is None:  # fixtures reloaded meanwhile: nothing to finish
            return record
        replica = self._complete(record, task, source, outcome)
        try:
            self.tables.finish_replication(record, task, replica)
        except RecordNotRunning:
            return None
        return record

    def _complete(
        self, record: CbrReplication, task: OperationLog, source: CbrBackup, outcome: Outcome
    ) -> CbrBackup | None:
        """Give `record` and its task their outcome; the replica on success."""
        status, fail_code, fail_reason = outcome
        stamp = timestamp(self.clock.now())
        record.updated_at, record.due_at = stamp, None
        task.updated_at, task.ended_at = stamp, stamp
        if status != "success":
            code = fail_code.get("Code") or DEFAULT_FAIL_CODE["Code"]
            record.status, record.fail_code, record.fail_reason = RECORD_FAILED, code, fail_reason
            task.status, task.error_code, task.error_message = TASK_FAILED, code, fail_reason
            return None
        replica = self._replica_of(source, record, stamp)
        record.status, record.progress = RECORD_SUCCESS, 100
        record.destination_backup_id = replica.id
        record.destination_checkpoint_id = replica.checkpoint_id
        task.status, task.progress = TASK_SUCCESS, 100
        task.replication = {
            **task.replication,
            "destination_backup_id": replica.id,
            "destination_checkpoint_id": replica.checkpoint_id,
            "destination_backup_name": replica.name,
        }
        return replica

    def _replica_of(self, source: CbrBackup, record: CbrReplication, stamp: str) -> CbrBackup:
        return CbrBackup(
            id=time_ordered_id(),
            project_id=record.destination_project_id,
            region=record.destination_region,
            vault_id=record.destination_vault_id,
            name=record.name if record.name is not None else source.name,
            description=record.description
            if record.description is not None
            else source.description,
            checkpoint_id=str(uuid.uuid4()),
            resource_id=source.resource_id,
            resource_name=source.resource_name,
            resource_type=source.resource_type,
            resource_az=source.resource_az,
            resource_size=source.resource_size,
            status=REPLICABLE_STATUS,
            image_type="replication",
            provider_id=source.provider_id,
            created_at=stamp,
            updated_at=stamp,
            # The same data at the same point in time, made by a replication, not a policy.
            protected_at=source.protected_at,
            contain_system_disk=source.contain_system_disk,
            expired_at=None,
            parent_id=None,
            enterprise_project_id=source.enterprise_project_id,
            extra={**source.extra, "auto_trigger": False, "os_images_data": []},
        )

    # -- control plane helpers ------------------------------------------------------------

    def create_backups(self, vault_id: str, count: int, status: str, name: str | None) -> list[str]:
        """Control plane: `count` ECS backups (system disk included) in a vault."""
        vault = self.tables.find_vault(vault_id.lower())
        if vault is None:
            raise vault_not_found(vault_id)
        now = self.clock.now()
        backups = []
        for i in range(count):
            stamp = timestamp(now + dt.timedelta(microseconds=i))
            backups.append(
                CbrBackup(
                    id=str(uuid.uuid4()),
                    project_id=vault.project_id,
                    region=vault.region,
                    vault_id=vault.id,
                    name=name or f"manualbk_{i}",
                    description="",
                    checkpoint_id=str(uuid.uuid4()),
                    resource_id=str(uuid.uuid4()),
                    resource_name=f"ecs-generated-{i % 10}",
                    resource_type=ECS,
                    resource_az=f"{vault.region}a",
                    resource_size=40,
                    status=status,
                    image_type="backup",
                    provider_id=PROVIDERS["server"],
                    created_at=stamp,
                    updated_at=stamp,
                    protected_at=stamp,
                    extra={"bootable": True, "support_lld": True, "system_disk": True},
                )
            )
        self.tables.add_backups(backups)
        return [b.id for b in backups]

    def demo_backup_ids(self, project_id: str) -> list[str]:
        page = self.tables.query_backups(
            BackupQuery(project_id, statuses=(REPLICABLE_STATUS,), image_type="backup"),
            limit=MAX_PAGE,
        )
        return sorted(b.id for b in page if b.resource_type == ECS and b.contain_system_disk)


def _outcome(outcome: str, fail_code: str | None, fail_reason: str) -> Outcome:
    if outcome == "success":
        return "success", {}, ""
    return "fail", {"Code": fail_code or DEFAULT_FAIL_CODE["Code"]}, fail_reason
