"""The reference model of CSBS v1 replication: what the service should answer, in plain Python.

Owns: an independent statement of the replication rules, written from `openapi/csbs-v1.yaml`
and the documented rule order (not from the emulator's code): the world (regions and their
replication destinations, projects, credentials), backups and replication records, what each
call should answer (status and `error_code`), how a replication record moves from `copying`
to `success` or `fail`, and what a backup should look like afterwards. The stateful suite
(`test_model_stateful.py`) drives the real target and compares every answer with this model.
Must not import: the emulator (`csbs_emulator`), the generated client, HTTP libraries. The
model is the second opinion; sharing code with the emulator would make it an echo.

Order of checks, as the API gateway and the service apply them:
  gateway   Host names an unknown region                      -> 404 APIGW.0101
            no token / unknown token                          -> 401 APIGW.0301
            project not covered by the credential             -> 403 APIGW.0302
            Host names a region the project is not in         -> 403 APIGW.0302
            a write (replicate) with a read-only credential   -> 403 APIGW.0302
  request   a body member out of the spec's bounds            -> 400 CSBS.9001
  replicateBackup, in this order:
    1. backup missing, deleted, or of another project         -> 404 CSBS.3001
    2. backup not `available`                                 -> 400 CSBS.2003
    3. destination region unknown / the source's own / not one of the source's
       `replication_destinations`                             -> 400 BackupService.1005
    4. destination project unknown / not in the destination region / not covered by the
       caller's credential                                    -> 400 BackupService.1011
    5. a replica to that region being made or made (a record `waiting_copy`, `copying` or
       `success` for the same backup and destination region; `fail` does not block)
                                                              -> 400 BackupService.1009
  On acceptance a record starts `copying` and the source's `extend_info.copy_status` becomes
  `copying`. When a record ends, a `success` makes a replica in the destination project
  (status `available`, `extend_info.copy_from` = the source region, `copy_status` `na`); the
  source's copy state follows its newest record (`fail` carries `fail_code`, `fail_reason`
  and `fail_op` `replicate`).

Server-assigned values (record ids, replica ids, a replica's `created_at` and
`checkpoint_id`) are adopted by the suite the first time it sees them, and checked from then on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

PROVIDER_ID: Final = "fc4d5750-22e7-4798-8a46-f48f62c4c1da"
AVAILABLE: Final = "available"
# Record statuses that block another replication of the backup to the same region (seed:
# "being made or already made"). A failed copy does not block a retry.
LIVE_STATUSES: Final = frozenset({"waiting_copy", "copying", "success"})
BACKUP_STATUSES: Final = (
    "waiting_protect",
    "protecting",
    "available",
    "waiting_restore",
    "restoring",
    "error",
    "waiting_delete",
    "deleting",
    "deleted",
)

# listBackups' filters: each keeps the backups whose member of that name equals the value.
LIST_FILTERS: Final = ("status", "name", "resource_id", "checkpoint_id", "resource_type")

# Bounds of the request body (components/schemas/ReplicationParam and its $refs).
# Matched whole (fullmatch): a JSON Schema pattern's `$` is the end of the string, whereas
# Python's `$` also matches before a final newline.
_REGION_RE = re.compile(r"[a-zA-Z0-9._\-]+")
_PROJECT_RE = re.compile(r"[0-9A-Za-z-]+")
_NAME_MAX = 64
_DESCRIPTION_MAX = 255


@dataclass(frozen=True, slots=True)
class Expect:
    """What a call should answer: the status, and the `error_code` of an error."""

    status: int
    error_code: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    def __str__(self) -> str:
        return f"{self.status} {self.error_code}" if self.error_code else str(self.status)


OK: Final = Expect(200)
NO_ENDPOINT: Final = Expect(404, "APIGW.0101")
UNAUTHENTICATED: Final = Expect(401, "APIGW.0301")
FORBIDDEN: Final = Expect(403, "APIGW.0302")
INVALID: Final = Expect(400, "CSBS.9001")
NOT_FOUND: Final = Expect(404, "CSBS.3001")
NOT_AVAILABLE: Final = Expect(400, "CSBS.2003")
BAD_REGION: Final = Expect(400, "BackupService.1005")
BAD_PROJECT: Final = Expect(400, "BackupService.1011")
DUPLICATE: Final = Expect(400, "BackupService.1009")


@dataclass(frozen=True, slots=True)
class Credential:
    """A token, the projects it covers, and whether it may write."""

    token: str
    projects: frozenset[str]
    writable: bool


@dataclass(slots=True)
class Backup:
    id: str
    project_id: str
    region: str
    # Server-assigned for a replica (its name and description too when the replicate call
    # gave none): None until the suite has seen it and adopted it.
    name: str | None
    description: str | None
    status: str
    resource_id: str
    resource_type: str
    checkpoint_id: str | None
    created_at: str | None
    copy_from: str | None = None
    copy_status: str = "na"
    fail_code: dict[str, str] = field(default_factory=dict)
    fail_reason: str = ""
    fail_op: str = ""


@dataclass(slots=True)
class Record:
    id: str
    seq: int  # creation order: the newest record of a backup has the highest seq
    backup_id: str
    source_project_id: str
    source_region: str
    destination_region: str
    destination_project_id: str
    name: str | None
    description: str | None
    enable_acceleration: bool
    status: str = "copying"
    replica_id: str | None = None
    fail_code: dict[str, str] = field(default_factory=dict)
    fail_reason: str = ""

    @property
    def live(self) -> bool:
        return self.status in LIVE_STATUSES


@dataclass(frozen=True, slots=True)
class ReplicateParams:
    """The `replication` member of a replicate request; None means "omitted"."""

    destination_region: str
    destination_project_id: str
    name: str | None = None
    description: str | None = None
    enable_acceleration: bool | None = None


class ModelError(AssertionError):
    """The suite asked the model something that cannot happen (a bug of the suite)."""


class ReplicationModel:
    """The state the target should be in, and what it should answer to each call."""

    def __init__(
        self,
        regions: Mapping[str, Iterable[str]],
        projects: Mapping[str, str],
        credentials: Iterable[Credential],
        backups: Iterable[Backup],
    ) -> None:
        self.regions: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in regions.items()}
        self.projects: dict[str, str] = dict(projects)  # project id -> region
        self.credentials: dict[str, Credential] = {c.token: c for c in credentials}
        self.backups: dict[str, Backup] = {b.id: b for b in backups}
        self.records: dict[str, Record] = {}
        self._seq = 0

    @classmethod
    def from_fixtures(cls, fixtures: Mapping[str, Any]) -> ReplicationModel:
        """The model of a world described in the control plane's `Fixtures` format."""
        projects = {p["id"]: p["region"] for p in fixtures["projects"]}
        return cls(
            regions={r["name"]: r["replication_destinations"] for r in fixtures["regions"]},
            projects=projects,
            credentials=[
                Credential(t["token"], frozenset(t["projects"]), t.get("permission", "rw") == "rw")
                for t in fixtures.get("tokens", [])
            ],
            backups=[
                Backup(
                    id=b["id"],
                    project_id=b["project_id"],
                    region=projects[b["project_id"]],
                    name=b["name"],
                    description=b.get("description", ""),
                    status=b.get("status", AVAILABLE),
                    resource_id=b["resource_id"],
                    resource_type=b.get("resource_type", "OS::Nova::Server"),
                    checkpoint_id=b["checkpoint_id"],
                    created_at=b["created_at"],
                )
                for b in fixtures.get("backups", [])
            ],
        )

    # -- the gateway --------------------------------------------------------------------

    def gateway(
        self, token: str | None, project_id: str, *, write: bool, host_region: str | None
    ) -> Expect | None:
        """The gateway's refusal of a call, or None when it lets the call through."""
        if host_region is not None and host_region not in self.regions:
            return NO_ENDPOINT
        credential = self.credentials.get(token) if token is not None else None
        if credential is None:
            return UNAUTHENTICATED
        if project_id not in credential.projects:
            return FORBIDDEN
        if host_region is not None and self.projects.get(project_id) != host_region:
            return FORBIDDEN
        if write and not credential.writable:
            return FORBIDDEN
        return None

    # -- replicateBackup ----------------------------------------------------------------

    @staticmethod
    def invalid_params(params: ReplicateParams) -> bool:
        """Whether the body breaks the spec's bounds (400 CSBS.9001)."""
        if params.name is not None and not 1 <= len(params.name) <= _NAME_MAX:
            return True
        if params.description is not None and (
            len(params.description) > _DESCRIPTION_MAX or re.search(r"[<>]", params.description)
        ):
            return True
        region, project = params.destination_region, params.destination_project_id
        if not (1 <= len(region) <= 255 and _REGION_RE.fullmatch(region)):
            return True
        return not (1 <= len(project) <= 64 and _PROJECT_RE.fullmatch(project))

    def visible(self, project_id: str, item_id: str) -> Backup | None:
        """The backup a project sees under this id (another project's or a deleted one: None)."""
        # A UUID names the same backup in either case (the spec's pattern admits both).
        backup = self.backups.get(item_id.lower())
        if backup is None or backup.project_id != project_id or backup.status == "deleted":
            return None
        return backup

    def live_record(self, backup_id: str, region: str) -> Record | None:
        for record in self.records.values():
            if (
                record.backup_id == backup_id
                and record.destination_region == region
                and record.live
            ):
                return record
        return None

    def decide_replicate(
        self,
        token: str | None,
        project_id: str,
        item_id: str,
        params: ReplicateParams,
        host_region: str | None = None,
    ) -> Expect:
        refused = self.gateway(token, project_id, write=True, host_region=host_region)
        if refused is not None:
            return refused
        if self.invalid_params(params):
            return INVALID
        source = self.visible(project_id, item_id)
        if source is None:
            return NOT_FOUND
        if source.status != AVAILABLE:
            return NOT_AVAILABLE
        destination = params.destination_region
        if (
            destination not in self.regions
            or destination == source.region
            or destination not in self.regions[source.region]
        ):
            return BAD_REGION
        credential = self.credentials[token] if token is not None else None
        target_project = params.destination_project_id
        if (
            self.projects.get(target_project) != destination
            or credential is None
            or target_project not in credential.projects
        ):
            return BAD_PROJECT
        if self.live_record(source.id, destination) is not None:
            return DUPLICATE
        return OK

    def start_replication(
        self, record_id: str, project_id: str, item_id: str, params: ReplicateParams
    ) -> Record:
        """An accepted replication: the record the target assigned `record_id` to."""
        if record_id in self.records:
            raise ModelError(f"record id {record_id} was already used")
        source = self.visible(project_id, item_id)
        if source is None:
            raise ModelError(f"replication of {item_id} cannot have been accepted")
        self._seq += 1
        record = Record(
            id=record_id,
            seq=self._seq,
            backup_id=source.id,
            source_project_id=project_id,
            source_region=source.region,
            destination_region=params.destination_region,
            destination_project_id=params.destination_project_id,
            name=params.name,
            description=params.description,
            enable_acceleration=bool(params.enable_acceleration),
        )
        self.records[record_id] = record
        source.copy_status = "copying"
        source.fail_code, source.fail_reason, source.fail_op = {}, "", ""
        return record

    def finish_replication(
        self,
        record_id: str,
        outcome: str,
        *,
        replica_id: str | None = None,
        fail_code: Mapping[str, str] | None = None,
        fail_reason: str = "",
    ) -> Backup | None:
        """A copying record ends in `outcome`; a success makes the replica `replica_id`."""
        record = self.records[record_id]
        if record.status != "copying":
            raise ModelError(f"record {record_id} is {record.status}, not copying")
        if outcome not in ("success", "fail"):
            raise ModelError(f"unknown outcome {outcome!r}")
        source = self.backups[record.backup_id]
        record.status = outcome
        replica = None
        if outcome == "success":
            if replica_id is None or replica_id in self.backups:
                raise ModelError(f"a success needs a new replica id, not {replica_id!r}")
            record.replica_id = replica_id
            record.fail_code, record.fail_reason = {}, ""
            replica = Backup(
                id=replica_id,
                project_id=record.destination_project_id,
                region=record.destination_region,
                # The spec does not say what a replica is called when the call names none.
                name=record.name,
                description=record.description,
                status=AVAILABLE,
                resource_id=source.resource_id,
                resource_type=source.resource_type,
                checkpoint_id=None,
                created_at=None,
                copy_from=source.region,
            )
            self.backups[replica_id] = replica
        else:
            record.fail_code, record.fail_reason = dict(fail_code or {}), fail_reason
        # The source's copy state follows its newest record, whichever record ended.
        if self.newest_record(source.id) is record:
            source.copy_status = outcome
            source.fail_code = dict(record.fail_code)
            source.fail_reason = record.fail_reason
            source.fail_op = "replicate" if outcome == "fail" else ""
        return replica

    def adopt_replica(self, replica_id: str, seen: Mapping[str, Any]) -> None:
        """Adopt a new replica's server-assigned members from its first `showBackup`."""
        replica = self.backups[replica_id]
        if replica.created_at is not None:
            raise ModelError(f"replica {replica_id} was adopted already")
        replica.created_at = str(seen["created_at"])
        replica.checkpoint_id = str(seen["checkpoint_id"])
        if replica.name is None:
            replica.name = str(seen["name"])
        if replica.description is None:
            replica.description = str(seen.get("description", ""))

    def records_of(self, backup_id: str) -> list[Record]:
        """The backup's replication records, newest first (as `showBackup` lists them)."""
        return sorted(
            (r for r in self.records.values() if r.backup_id == backup_id),
            key=lambda r: r.seq,
            reverse=True,
        )

    def newest_record(self, backup_id: str) -> Record | None:
        records = self.records_of(backup_id)
        return records[0] if records else None

    def copying(self) -> list[Record]:
        return [r for r in self.records.values() if r.status == "copying"]

    # -- showBackup ---------------------------------------------------------------------

    def decide_show(
        self, token: str | None, project_id: str, item_id: str, host_region: str | None = None
    ) -> Expect:
        refused = self.gateway(token, project_id, write=False, host_region=host_region)
        if refused is not None:
            return refused
        return OK if self.visible(project_id, item_id) is not None else NOT_FOUND

    def backup_view(self, backup_id: str, *, with_records: bool) -> dict[str, Any]:
        """The members of a `Backup` body the model is sure of (a subset of the answer).

        Members the spec leaves to the service (timestamps besides `created_at`, progress,
        size, ...) are absent, and so are a replica's server-assigned members until adopted.
        """
        b = self.backups[backup_id]
        view: dict[str, Any] = {
            "id": b.id,
            "status": b.status,
            "resource_id": b.resource_id,
            "resource_type": b.resource_type,
            "extend_info": {
                "copy_from": b.copy_from,
                "copy_status": b.copy_status,
                "fail_code": b.fail_code,
                "fail_reason": b.fail_reason,
                "fail_op": b.fail_op,
            },
        }
        if b.name is not None:
            view["name"] = b.name
        if b.description is not None:
            view["description"] = b.description
        if b.checkpoint_id is not None:
            view["checkpoint_id"] = b.checkpoint_id
        if b.created_at is not None:
            view["created_at"] = b.created_at
        if with_records:
            view["replication_records"] = [self.record_view(r) for r in self.records_of(b.id)]
        return view

    def record_view(self, r: Record) -> dict[str, Any]:
        source = self.backups[r.backup_id]
        view: dict[str, Any] = {
            "id": r.id,
            "source_region": r.source_region,
            "source_project_id": r.source_project_id,
            "source_checkpoint_item_id": r.backup_id,
            "destination_region": r.destination_region,
            "destination_project_id": r.destination_project_id,
            "destination_checkpoint_item_id": r.replica_id,
            "status": r.status,
            "extra_info": {
                "fail_code": r.fail_code,
                "fail_reason": r.fail_reason,
                "enable_acceleration": r.enable_acceleration,
            },
        }
        if source.checkpoint_id is not None:
            view["source_checkpoint_id"] = source.checkpoint_id
        return view

    # -- listBackups --------------------------------------------------------------------

    def decide_list(
        self,
        token: str | None,
        project_id: str,
        marker: str | None = None,
        host_region: str | None = None,
        limit: int | None = None,
    ) -> Expect:
        refused = self.gateway(token, project_id, write=False, host_region=host_region)
        if refused is not None:
            return refused
        if limit is not None and not 1 <= limit <= 1000:
            return INVALID
        if marker is not None:
            known = self.backups.get(marker.lower())
            if known is None or known.project_id != project_id:
                return NOT_FOUND
        return OK

    def listing(self, project_id: str, filters: Mapping[str, str] | None = None) -> list[Backup]:
        """Every backup a listing of the project shows, newest first (by created_at, id),
        keeping those whose members equal every filter (`LIST_FILTERS`).

        Deleted backups are listed (the `status` filter accepts `deleted`); only showBackup
        and replicateBackup treat them as gone.
        """
        items = [b for b in self.backups.values() if b.project_id == project_id]
        unknown = [b.id for b in items if b.created_at is None or b.name is None]
        if unknown:
            raise ModelError(f"replicas {unknown} not adopted before listing")
        for name, value in (filters or {}).items():
            if name not in LIST_FILTERS:
                raise ModelError(f"listBackups has no filter {name!r}")
            items = [b for b in items if getattr(b, name) == value]
        return sorted(items, key=lambda b: (b.created_at or "", b.id), reverse=True)

    def page(
        self,
        project_id: str,
        *,
        filters: Mapping[str, str] | None = None,
        limit: int,
        marker: str | None,
    ) -> tuple[list[str], bool]:
        """One page: its ids, and whether more items follow."""
        items = self.listing(project_id, filters)
        if marker is not None:
            last = self.backups[marker.lower()]
            key = (last.created_at or "", last.id)
            items = [b for b in items if (b.created_at or "", b.id) < key]
        return [b.id for b in items[:limit]], len(items) > limit

    # -- showReplicationCapabilities ---------------------------------------------------

    def decide_capabilities(
        self, token: str | None, project_id: str, host_region: str | None = None
    ) -> Expect:
        refused = self.gateway(token, project_id, write=False, host_region=host_region)
        return refused if refused is not None else OK

    def capabilities(self) -> dict[str, set[str]]:
        """Each region's replication destinations (the spec gives no order)."""
        return {name: set(dests) for name, dests in self.regions.items()}

    # -- invariants ---------------------------------------------------------------------

    def live_pairs(self) -> list[tuple[str, str]]:
        """(backup, region) of every live record: the duplicate rule keeps them unique."""
        return [(r.backup_id, r.destination_region) for r in self.records.values() if r.live]

    def copy_status_consistent(self) -> list[str]:
        """Backups whose copy state does not follow their newest record (should be none)."""
        wrong = []
        for backup in self.backups.values():
            newest = self.newest_record(backup.id)
            expected = newest.status if newest is not None else "na"
            if backup.copy_status != expected:
                wrong.append(f"{backup.id}: {backup.copy_status} != {expected}")
        return wrong
