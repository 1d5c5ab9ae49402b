"""CSBS v1's replication rules and state transitions: plain Python, no HTTP.

Owns: what `replicateBackup`, `showBackup`, `listBackups` and `showReplicationCapabilities`
mean — which requests are refused with which error code, and how a replication record
moves from `copying` to `success` or `fail`. Raises `ApiError`s from the catalogue.
Must not import: the web framework or the HTTP layer. State goes through `CsbsTables` only.

Rule order for replicateBackup (the reference model of the contract suite mirrors it):
  1. backup missing, deleted, or of another project  -> 404 CSBS.3001
  2. backup not `available`                          -> 400 CSBS.2003
  3. destination region unknown / the source / not a replication destination of the source
                                                     -> 400 BackupService.1005
  4. destination project unknown, not in the destination region, or not the caller's
                                                     -> 400 BackupService.1011
  5. a replica to that region being made or made     -> 400 BackupService.1009 (atomic)
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any, Final

from ..clock import Clock, due_at
from ..config import EmulatorConfig
from ..directory import Directory, FixtureRefused, repeated
from ..errors import ApiError
from ..faults import DEFAULT_FAIL_CODE, CopyOutcomes
from ..ids import random_id, time_ordered_id
from ..listing import parse_sort
from ..model import Credential, Fixtures, Region, full_timestamp, timestamp
from .errors import backup_not_found, csbs_error, invalid_parameter
from .model import (
    DEFAULT_SORT,
    MAX_PAGE,
    REPLICABLE_STATUS,
    SORT_KEYS,
    Backup,
    BackupQuery,
    ReplicationRecord,
)
from .tables import CsbsTables, DuplicateReplication, RecordNotCopying

# listBackups/countBackups parameters that are plain filters (BackupQuery members).
_FILTERS: Final = (
    "status", "name", "resource_name", "az", "resource_id", "checkpoint_id", "resource_type",
    "image_type", "policy_id", "ip",
)  # fmt: skip


def generated_members(resource_name: str, region: str, stamp: str) -> dict[str, Any]:
    """Realistic descriptive members of a backup the control plane makes: one server with a
    40 GB system disk, backed up in full (`createBackups`)."""
    volume = uuid.uuid4()
    # The address comes from the same random bytes as the ids: the module-level `random` is
    # shared with the user's process (a test seeding it would change our answers, and we its).
    host = volume.bytes
    return {
        "resource_name": resource_name,
        "resource_az": f"{region}a",
        "image_type": "backup",
        "incremental": False,
        "backup_data": {
            "__openstack_region_name": f"{region}a", "cloudservicetype": "server", "disk": 40,
            "imagetype": "gold", "ram": 4096, "vcpus": 2, "eip": "",
            "private_ip": f"192.168.{host[0]}.{1 + host[1] % 254}",
        },
        "volume_backups": [
            {
                "id": str(uuid.uuid4()), "name": f"autobk_{resource_name}", "status": "available",
                "bootable": True, "image_type": "backup", "incremental": False,
                "average_speed": 20, "size": 1024, "source_volume_id": str(volume),
                "source_volume_name": f"{resource_name}-sys", "source_volume_size": 40,
                "space_saving_ratio": 0, "snapshot_id": str(uuid.uuid4()),
            }
        ],
        "average_speed": 20480,
        "space_saving_ratio": 0,
        "supported_restore_mode": "backup",
        "support_lld": True,
        "taskid": str(uuid.uuid4()),
        "finished_at": stamp,
    }  # fmt: skip


def _duplicate() -> ApiError:
    """Rule 5's refusal (made only when refusing: an error object on every replicateBackup
    was ~1 us of each, bench/README.md)."""
    return csbs_error(
        "BackupService.1009",
        "The backup is being replicated or has been replicated to the destination region.",
    )


class ReplicationService:
    def __init__(
        self,
        tables: CsbsTables,
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
        """Refuse fixtures whose CSBS backups name a project the directory lacks."""
        repeated("backup", (b["id"] for b in fixtures.data.get("backups", [])))
        known_projects = {p.id for p in fixtures.projects}
        for b in fixtures.data.get("backups", []):
            if b["project_id"] not in known_projects:
                raise FixtureRefused(f"backup {b['id']} names unknown project")

    @property
    def regions(self) -> dict[str, Region]:
        return self.directory.regions

    # -- showReplicationCapabilities ----------------------------------------------------

    def capabilities(self) -> list[Region]:
        return sorted(self.regions.values(), key=lambda r: r.name)

    # -- showBackup ---------------------------------------------------------------------

    def show_backup(self, project_id: str, item_id: str) -> tuple[Backup, list[ReplicationRecord]]:
        self.tick()
        backup = self._visible_backup(project_id, item_id)
        return backup, self.tables.records_for_backup(backup.id)

    def _visible_backup(self, project_id: str, item_id: str) -> Backup:
        # Another project's backup is answered exactly like a missing one: no enumeration.
        backup = self.tables.get_backup(project_id, item_id.lower())
        if backup is None or backup.status == "deleted":
            raise backup_not_found(item_id)
        return backup

    # -- listBackups, countBackups -------------------------------------------------------

    def backup_query(
        self,
        caller: Credential,
        project_id: str,
        region: str | None,
        params: Mapping[str, Any],
    ) -> BackupQuery:
        """The selection of a listBackups/countBackups call from its (validated) parameters.

        `all_tenants=true` widens the scope to every project of the region for an
        administrator and is ignored for anyone else (x-csbs-choice of AllTenants).
        """
        scope: tuple[str, ...] = (project_id,)
        if params.get("all_tenants") and caller.admin:
            here = region or self.directory.region_of(project_id)
            scope = tuple(
                sorted(p.id for p in self.directory.projects.values() if p.region == here)
            )
            scope = scope or (project_id,)
        times = {
            key: full_timestamp(params[key]) for key in ("start_time", "end_time") if key in params
        }
        filters = {key: params[key] for key in _FILTERS if key in params}
        return BackupQuery(
            scope, **filters, **times, sort=parse_sort(params.get("sort"), SORT_KEYS, DEFAULT_SORT)
        )

    def list_backups(
        self, query: BackupQuery, *, limit: int, marker: str | None, offset: int
    ) -> tuple[list[Backup], str | None]:
        """A page of backups and the marker of the next page (None on the last page)."""
        self.tick()
        after = None
        if marker is not None:
            after = self.tables.find_backup(marker.lower())
            if after is None or after.project_id not in query.project_ids:
                raise backup_not_found(marker)
        size = min(limit, MAX_PAGE)
        page = self.tables.query_backups(query, limit=size + 1, after=after, offset=offset)
        if len(page) > size:
            return page[:size], page[size - 1].id
        return page, None

    def count_backups(self, query: BackupQuery) -> int:
        self.tick()
        return self.tables.count_matching(query)

    # -- replicateBackup ----------------------------------------------------------------

    def replicate(
        self, caller: Credential, project_id: str, item_id: str, params: dict[str, Any]
    ) -> ReplicationRecord:
        self.tick()
        source = self._visible_backup(project_id, item_id)
        if source.status != REPLICABLE_STATUS:
            raise csbs_error(
                "CSBS.2003",
                f"Checkpoint_item ({item_id}) is {source.status}; only an available backup "
                "can be replicated.",
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
            raise csbs_error(
                "BackupService.1011",
                f"Destination project ({destination_project}) does not support replication "
                f"in region {destination}.",
            )
        now = self.clock.now()
        stamp = timestamp(now)
        record = ReplicationRecord(
            id=time_ordered_id(),
            source_project_id=project_id,
            source_region=source.region,
            source_item_id=source.id,
            source_checkpoint_id=source.checkpoint_id,
            destination_region=destination,
            destination_project_id=destination_project,
            status="copying",
            created_at=stamp,
            updated_at=stamp,
            name=params.get("name"),
            description=params.get("description"),
            enable_acceleration=bool(params.get("enable_acceleration", False)),
            due_at=self._due_at(now, stamp),
        )
        source.stored = None  # no longer as read
        source.copy_status = "copying"
        source.fail_code, source.fail_reason, source.fail_op = {}, "", ""
        source.updated_at = stamp
        # Lean (no savepoint when joining the turn's group): every refusal below, rule 5,
        # comes before the first write (the record's insert is it, or refuses it).
        with self.tables.transaction(lean=True):
            if self.config.lifecycle != "instant":
                try:
                    self.tables.start_replication(record, source)
                except DuplicateReplication:
                    raise _duplicate() from None
                return record
            # Instant: one unit checks rule 5 and writes the record once, already complete,
            # with the source's copy state and the replica: an acknowledged replication is
            # complete, or nothing is; the outcome is drawn only for an accepted one. When
            # no failure is set, the outcome is a success that blocks like any other, so
            # the unique index alone decides rule 5 (a query fewer per replicateBackup).
            if not self.outcomes.certain and self.tables.replica_blocked(source.id, destination):
                raise _duplicate()
            replica = self._complete(record, source, self.outcomes.draw(), newest=True)
            try:
                self.tables.add_replication(record, source, replica)
            except DuplicateReplication:
                raise _duplicate() from None
        return record

    def _check_destination_region(self, source_region: str, destination: str) -> None:
        if destination not in self.regions:
            raise csbs_error(
                "BackupService.1005", f"Destination region ({destination}) does not exist."
            )
        if destination == source_region:
            raise csbs_error(
                "BackupService.1005",
                f"Destination region ({destination}) is the backup's own region.",
            )
        allowed = self.regions[source_region].replication_destinations
        if destination not in allowed:
            raise csbs_error(
                "BackupService.1005",
                f"Region {source_region} cannot replicate to {destination}; see "
                "replication_capabilities.",
            )

    def _due_at(self, now: dt.datetime, stamp: str) -> str | None:
        if self.config.lifecycle == "instant":
            return stamp  # due_at() of an instant copy is `now`, already stamped
        due = due_at(now, self.config.lifecycle, self.config.delay_seconds)
        return timestamp(due) if due is not None else None

    # -- the lifecycle ------------------------------------------------------------------

    def tick(self) -> list[ReplicationRecord]:
        """Complete every delayed record that has come due."""
        if self.config.lifecycle == "manual" or self.tables.due.idle():
            return []  # nothing waits to come due (always so with instant replications)
        due = self.tables.due_records(timestamp(self.clock.now()))
        finished = (self._finish(record, self.outcomes.draw()) for record in due)
        return [record for record in finished if record is not None]

    def advance(
        self, record_id: str, outcome: str, fail_code: dict[str, str] | None, fail_reason: str
    ) -> ReplicationRecord | None:
        """Control plane: end one copying record. None if unknown; ValueError if not copying."""
        record = self.tables.get_record(record_id.lower())
        if record is None:
            return None
        if record.status != "copying":
            raise ValueError(f"record {record.id} is {record.status}, not copying")
        code = (fail_code or DEFAULT_FAIL_CODE) if outcome == "fail" else {}
        finished = self._finish(record, (outcome, code, fail_reason if outcome == "fail" else ""))
        if finished is None:
            raise ValueError(f"record {record.id} was finished meanwhile, it is not copying")
        return finished

    def advance_all(
        self, outcome: str, fail_code: dict[str, str] | None, fail_reason: str
    ) -> list[ReplicationRecord]:
        code = (fail_code or DEFAULT_FAIL_CODE) if outcome == "fail" else {}
        reason = fail_reason if outcome == "fail" else ""
        finished = (
            self._finish(record, (outcome, code, reason))
            for record in self.tables.list_records("copying")
        )
        return [record for record in finished if record is not None]

    def _finish(
        self, record: ReplicationRecord, outcome: tuple[str, dict[str, str], str]
    ) -> ReplicationRecord | None:
        """End a copying record; None if another process on the same database ended it."""
        source = self.tables.get_backup(record.source_project_id, record.source_item_id)
        if source is None:  # the source vanished (fixtures reloaded): nothing to finish
            return record
        # The source's copy_status follows its newest record, whichever record ended.
        newest = self.tables.records_for_backup(source.id)
        replica = self._complete(
            record, source, outcome, newest=not newest or newest[0].id == record.id
        )
        try:
            self.tables.finish_replication(record, source, replica)
        except RecordNotCopying:
            return None  # the first outcome stands; this one is dropped whole
        return record

    def _complete(
        self,
        record: ReplicationRecord,
        source: Backup,
        outcome: tuple[str, dict[str, str], str],
        *,
        newest: bool,
    ) -> Backup | None:
        """Give `record` its outcome, and `source` too if `newest`; the replica on success."""
        status, fail_code, fail_reason = outcome
        stamp = timestamp(self.clock.now())
        replica = None
        record.status, record.updated_at, record.due_at = status, stamp, None
        record.fail_code, record.fail_reason = fail_code, fail_reason
        if status == "success":
            replica = self._replica_of(source, record, stamp)
            record.destination_item_id = replica.id
            record.progress = 100
        source.stored = None  # no longer as read
        if newest:
            source.copy_status = status
            source.fail_code = fail_code
            source.fail_reason = fail_reason
            source.fail_op = "replicate" if status == "fail" else ""
        source.updated_at = stamp
        return replica

    def _replica_of(self, source: Backup, record: ReplicationRecord, stamp: str) -> Backup:
        return Backup(
            id=time_ordered_id(),
            project_id=record.destination_project_id,
            region=record.destination_region,
            name=record.name if record.name is not None else source.name,
            description=record.description
            if record.description is not None
            else source.description,
            # Time-ordered too: `backups_by_checkpoint` leads with it, and a random one put
            # each replica's entry on a page of its own (1.2 of the 6.3 pages each
            # replicateBackup wrote, bench/README.md).
            checkpoint_id=time_ordered_id(),
            resource_id=source.resource_id,
            resource_type=source.resource_type,
            status="available",
            created_at=stamp,
            updated_at=stamp,
            copy_from=source.region,
            copy_status="na",
            size=source.size,
            # A replica is the same data point in time; it was made by no policy, carries
            # no image (images are regional) and is a new job's result.
            policy_id=None,
            protected_at=source.protected_at,
            expired_at=None,
            extra={
                **source.extra,
                "image_type": "replication",
                "os_images_data": [],
                "taskid": random_id(),
                "finished_at": stamp,
            },
        )

    # -- control plane helpers ----------------------------------------------------------

    def create_backups(
        self, project_id: str, count: int, status: str, name: str | None
    ) -> list[str]:
        project = self.directory.projects.get(project_id)
        if project is None:
            raise invalid_parameter(f"project {project_id} is not in the fixtures")
        now = self.clock.now()
        backups = []
        for i in range(count):
            # Distinct, increasing times keep listBackups' order total and stable.
            stamp = timestamp(now + dt.timedelta(microseconds=i))
            backups.append(
                Backup(
                    id=str(uuid.uuid4()),
                    project_id=project_id,
                    region=project.region,
                    name=name or f"autobk_{i}",
                    description="",
                    checkpoint_id=str(uuid.uuid4()),
                    resource_id=str(uuid.uuid4()),
                    resource_type="OS::Nova::Server",
                    status=status,
                    created_at=stamp,
                    updated_at=stamp,
                    size=1024,
                    extra=generated_members(f"ecs-generated-{i % 10}", project.region, stamp),
                )
            )
        self.tables.add_backups(backups)
        return [b.id for b in backups]

    def demo_item_ids(self, project_id: str) -> list[str]:
        page = self.tables.list_backups(
            project_id, limit=1000, filters={"status": REPLICABLE_STATUS}
        )
        return sorted(b.id for b in page)
