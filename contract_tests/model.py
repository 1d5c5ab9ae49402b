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

listBackups and countBackups (issue 11), as the spec states them:
  scope     the path project's backups; with `all_tenants=true` and an administrator's
            credential, every backup of every project in the path project's region (a
            non-administrator's `all_tenants` is ignored). Deleted backups are listed.
  filters   ANDed. Exact: status, resource_id, checkpoint_id, resource_type, az
            (`extend_info.resource_az`), image_type (`extend_info.image_type`; replicas are
            `replication`), policy_id (a backup without a policy never matches), ip
            (`backup_data.private_ip` or `backup_data.eip`). Fuzzy: name, resource_name (a
            substring after lower-casing ASCII A-Z on both sides; `%` and `_` are plain; ""
            matches all). start_time <= created_at <= end_time, fractions padded to 6 digits.
  order     `sort` ("key[:asc|desc],...", default direction desc, default created_at:desc; a
            repeated key counts at its first place); ties broken by `id` in the direction of
            the last key unless `id` is a key. Strings compare by code point.
  paging    `marker` (a backup of the scope, else 404 CSBS.3001; it need not match the
            filters) starts the page after the marker's place in the order, `offset` skips
            that many more, then min(limit, 1000) items; a `next` link iff more follow.
  count     the length of the whole listing with the same filters; paging and sort
            parameters are unknown to it (400 CSBS.9001).
  400       a malformed sort or time, a bound of the spec broken: CSBS.9001 naming the
            parameter, before the marker is looked up.

Server-assigned values (record ids, replica ids, a replica's `created_at` and
`checkpoint_id`, a backup's `updated_at` once a replication touched it) are adopted by the
suite the first time it sees them, and checked from then on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cmp_to_key
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

# listBackups' and countBackups' filters, by how they match (components/parameters).
EXACT_FILTERS: Final = (
    "status", "resource_id", "checkpoint_id", "resource_type", "az", "image_type", "policy_id",
    "ip",
)  # fmt: skip
FUZZY_FILTERS: Final = ("name", "resource_name")
TIME_FILTERS: Final = ("start_time", "end_time")
LIST_FILTERS: Final = (*EXACT_FILTERS, *FUZZY_FILTERS, *TIME_FILTERS)
# The spec's maxLength of each string filter (status is an enum, times a pattern).
FILTER_MAX_LENGTH: Final = {
    "name": 255, "resource_name": 255, "resource_id": 255, "checkpoint_id": 255,
    "az": 64, "resource_type": 64, "image_type": 64, "policy_id": 64, "ip": 64,
}  # fmt: skip
# Parameters of listBackups that countBackups does not take (400 there, as unknown).
PAGING_PARAMETERS: Final = ("limit", "marker", "offset", "sort")
SORT_KEYS: Final = ("created_at", "updated_at", "name", "status", "protected_at", "id")
DEFAULT_SORT: Final = "created_at:desc"
PAGE_MAX: Final = 1000  # a page never holds more, whatever `limit` says
INT32_MAX: Final = 2**31 - 1  # the bound of `limit` and `offset`
SORT_MAX_LENGTH: Final = 255
REPLICA_IMAGE_TYPE: Final = "replication"
# `backup_data` members the control plane sends blank when the fixtures leave them out.
BACKUP_DATA_BLANKS: Final[dict[str, Any]] = {
    "__openstack_region_name": "", "cloudservicetype": "", "disk": 0, "imagetype": "",
    "ram": 0, "vcpus": 0, "eip": "", "private_ip": "",
}  # fmt: skip

# Bounds of the request body (components/schemas/ReplicationParam and its $refs).
# Matched whole (fullmatch): a JSON Schema pattern's `$` is the end of the string, whereas
# Python's `$` also matches before a final newline.
_REGION_RE = re.compile(r"[a-zA-Z0-9._\-]+")
_PROJECT_RE = re.compile(r"[0-9A-Za-z-]+")
_NAME_MAX = 64
_DESCRIPTION_MAX = 255
# components/schemas/FilterTimestamp and SortSpec, matched whole for the same reason.
_TIME_RE = re.compile(
    r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(\.[0-9]{1,6})?"
)
_SORT_KEY_RE = "(created_at|updated_at|name|status|protected_at|id)(:(asc|desc))?"
_SORT_RE = re.compile(f"{_SORT_KEY_RE}(,{_SORT_KEY_RE})*")
# Only the 26 ASCII capitals fold: "Ü" stays "Ü" (str.lower() would fold it too).
_ASCII_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def full_timestamp(text: str) -> str:
    """A service time with its fraction padded to six digits: `...:38` -> `...:38.000000`.

    Stored times always have six digits, so comparing these strings compares the times.
    """
    head, _, fraction = text.partition(".")
    return f"{head}.{fraction.ljust(6, '0')}"


def fuzzy_match(value: str, needle: str) -> bool:
    """`name`/`resource_name`: a substring after folding ASCII capitals on both sides."""
    return needle.translate(_ASCII_LOWER) in value.translate(_ASCII_LOWER)


def parse_sort(text: str | None) -> tuple[tuple[str, bool], ...] | None:
    """`sort` as ((key, descending), ...) with the `id` tie-break; None when malformed.

    A key given twice counts at its first place; the tie-break by `id` takes the direction
    of the last key left (the order is then total, so paging is stable).
    """
    if text is None:
        text = DEFAULT_SORT
    if not 1 <= len(text) <= SORT_MAX_LENGTH or not _SORT_RE.fullmatch(text):
        return None
    keys: list[tuple[str, bool]] = []
    for part in text.split(","):
        key, _, direction = part.partition(":")
        if all(key != known for known, _ in keys):
            keys.append((key, direction != "asc"))
    if all(key != "id" for key, _ in keys):
        keys.append(("id", keys[-1][1]))
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class Expect:
    """What a call should answer: the status, and the `error_code` of an error."""

    status: int
    error_code: str | None = None
    # Which documented rule the model applied (a row of contract_tests/coverage.py); not
    # part of what the target must answer, so not compared.
    why: str = field(default="", compare=False)

    def because(self, why: str) -> Expect:
        return replace(self, why=why)

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
    """A token, the projects it covers, whether it may write, and whether it is an
    administrator's (who may list across tenants with `all_tenants`)."""

    token: str
    projects: frozenset[str]
    writable: bool
    admin: bool = False


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
    # None while unknown: a replica's until adopted, and any backup's after a replication
    # started or ended on it (the spec leaves it to the service); `updated_floor` is the last
    # value known, which a new one may not precede.
    updated_at: str | None = None
    updated_floor: str = ""
    protected_at: str | None = None
    expired_at: str | None = None
    policy_id: str | None = None
    resource_name: str = ""
    resource_az: str = ""
    image_type: str = "backup"
    backup_data: dict[str, Any] = field(default_factory=lambda: dict(BACKUP_DATA_BLANKS))
    # None: not known to the model (the control plane makes them up when fixtures omit them).
    volume_backups: list[dict[str, Any]] | None = None
    os_images_data: list[dict[str, Any]] | None = None
    tags: list[dict[str, str]] | None = None
    copy_from: str | None = None
    copy_status: str = "na"
    fail_code: dict[str, str] = field(default_factory=dict)
    fail_reason: str = ""
    fail_op: str = ""

    @property
    def known(self) -> bool:
        """Whether every member a listing orders or filters by is known."""
        return None not in (self.name, self.created_at, self.updated_at, self.checkpoint_id)


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


@dataclass(slots=True)
class ListQuery:
    """The query of a listBackups or countBackups call; None (or absent) means "not sent".

    Values are kept as sent (a time with its short fraction, a malformed sort), so the model
    also decides what is refused.
    """

    filters: dict[str, str] = field(default_factory=dict)
    all_tenants: bool | None = None
    sort: str | None = None
    limit: int | None = None
    offset: int | None = None
    marker: str | None = None

    def paging(self) -> dict[str, Any]:
        """The paging and sort parameters that were sent."""
        sent = {n: getattr(self, n) for n in PAGING_PARAMETERS}
        return {name: value for name, value in sent.items() if value is not None}

    def __str__(self) -> str:
        parts = [f"{k}={v!r}" for k, v in self.filters.items()]
        if self.all_tenants is not None:
            parts.append(f"all_tenants={self.all_tenants}")
        parts.extend(f"{k}={v!r}" for k, v in self.paging().items())
        return " ".join(parts) or "(no parameters)"


@dataclass(frozen=True, slots=True)
class OneOf:
    """A member the model knows only to be one of `values` (e.g. `""` or `null`)."""

    values: tuple[Any, ...]

    def __init__(self, *values: Any) -> None:
        object.__setattr__(self, "values", values)

    def __repr__(self) -> str:
        return " or ".join(map(repr, self.values))


class ModelError(AssertionError):
    """The suite asked the model something that cannot happen (a bug of the suite)."""


class Gateway:
    """The world every API of the service shares: regions and their replication destinations,
    projects and their regions, credentials; and the API gateway's refusals in front of both
    APIs. `rule_prefix` names its coverage rows apart per API ("" for CSBS, "cbr " for CBR)."""

    rule_prefix = ""

    def __init__(
        self,
        regions: Mapping[str, Iterable[str]],
        projects: Mapping[str, str],
        credentials: Iterable[Credential],
    ) -> None:
        self.regions: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in regions.items()}
        self.projects: dict[str, str] = dict(projects)  # project id -> region
        self.credentials: dict[str, Credential] = {c.token: c for c in credentials}

    @staticmethod
    def directory(fixtures: Mapping[str, Any]) -> dict[str, Any]:
        """The keyword arguments of `Gateway` from the control plane's `Fixtures` format."""
        return {
            "regions": {r["name"]: r["replication_destinations"] for r in fixtures["regions"]},
            "projects": {p["id"]: p["region"] for p in fixtures["projects"]},
            "credentials": [
                Credential(
                    t["token"],
                    frozenset(t["projects"]),
                    t.get("permission", "rw") == "rw",
                    bool(t.get("admin", False)),
                )
                for t in fixtures.get("tokens", [])
            ],
        }

    # -- the gateway --------------------------------------------------------------------

    def gateway(
        self, token: str | None, project_id: str, *, write: bool, host_region: str | None
    ) -> Expect | None:
        """The gateway's refusal of a call, or None when it lets the call through."""
        if host_region is not None and host_region not in self.regions:
            return NO_ENDPOINT.because(f"{self.rule_prefix}gateway: Host names an unknown region")
        credential = self.credentials.get(token) if token is not None else None
        if credential is None:
            return UNAUTHENTICATED.because(f"{self.rule_prefix}gateway: no or unknown credential")
        if project_id not in credential.projects:
            return FORBIDDEN.because(
                f"{self.rule_prefix}gateway: project not covered by the credential"
            )
        if host_region is not None and self.projects.get(project_id) != host_region:
            return FORBIDDEN.because(
                f"{self.rule_prefix}gateway: Host names another region than the project's"
            )
        if write and not credential.writable:
            return FORBIDDEN.because(f"{self.rule_prefix}gateway: read-only credential writes")
        return None


class ReplicationModel(Gateway):
    """The state the target should be in, and what it should answer to each call."""

    def __init__(
        self,
        regions: Mapping[str, Iterable[str]],
        projects: Mapping[str, str],
        credentials: Iterable[Credential],
        backups: Iterable[Backup],
    ) -> None:
        super().__init__(regions, projects, credentials)
        self.backups: dict[str, Backup] = {b.id: b for b in backups}
        self.records: dict[str, Record] = {}
        self._seq = 0

    @classmethod
    def from_fixtures(cls, fixtures: Mapping[str, Any]) -> ReplicationModel:
        """The model of a world described in the control plane's `Fixtures` format.

        Each backup must give `resource_name` and `resource_az` (the control plane's defaults
        for them are not documented); other members take the control plane's documented
        defaults (`image_type` `backup`, blank `backup_data`, `updated_at` and `protected_at`
        the creation time, no policy, no expiry).
        """
        directory = Gateway.directory(fixtures)
        projects = directory["projects"]
        return cls(
            **directory,
            backups=[_fixture_backup(b, projects) for b in fixtures.get("backups", [])],
        )

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
            return INVALID.because("replicate: body out of bounds")
        source = self.visible(project_id, item_id)
        if source is None:
            return self._not_found("replicate", project_id, item_id)
        if source.status != AVAILABLE:
            return NOT_AVAILABLE.because(f"replicate: backup {source.status}")
        destination = params.destination_region
        if destination not in self.regions:
            return BAD_REGION.because("replicate: destination region unknown")
        if destination == source.region:
            return BAD_REGION.because("replicate: destination is the backup's own region")
        if destination not in self.regions[source.region]:
            return BAD_REGION.because(
                "replicate: destination not among the source's replication_destinations"
            )
        credential = self.credentials[token] if token is not None else None
        target_project = params.destination_project_id
        if target_project not in self.projects:
            return BAD_PROJECT.because("replicate: destination project unknown")
        if self.projects[target_project] != destination:
            return BAD_PROJECT.because("replicate: destination project in another region")
        if credential is None or target_project not in credential.projects:
            return BAD_PROJECT.because(
                "replicate: destination project not the caller's (another tenant's)"
            )
        live = self.live_record(source.id, destination)
        if live is not None:
            if live.status == "success":
                return DUPLICATE.because("replicate: a replica to that region exists")
            return DUPLICATE.because("replicate: a replica to that region is being made")
        failed = any(
            r.backup_id == source.id and r.destination_region == destination
            for r in self.records.values()
        )
        if failed:  # only failed records to that region remain: a retry
            return OK.because("replicate: accepted after a failed copy to that region")
        return OK.because("replicate: accepted")

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
        self._touch(source)
        return record

    @staticmethod
    def _touch(backup: Backup) -> None:
        """A replication changed the backup: its `updated_at` is the service's to set."""
        if backup.updated_at is not None:
            backup.updated_floor = backup.updated_at
        backup.updated_at = None

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
                # A replica is of the same data, the same resource and disks as its source,
                # but no policy made it and no expiry or image carries over.
                protected_at=source.protected_at,
                expired_at=None,
                policy_id=None,
                resource_name=source.resource_name,
                resource_az=source.resource_az,
                image_type=REPLICA_IMAGE_TYPE,
                backup_data=dict(source.backup_data),
                volume_backups=(
                    None if source.volume_backups is None else list(source.volume_backups)
                ),
                os_images_data=[],
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
        self._touch(source)
        return replica

    def adopt_replica(self, replica_id: str, seen: Mapping[str, Any]) -> None:
        """Adopt a new replica's server-assigned members from its first `showBackup`.

        Its `updated_at` is not adopted: a replica is made in one step, so the model says it
        equals `created_at` and the comparison that follows holds the target to it.
        """
        replica = self.backups[replica_id]
        if replica.created_at is not None:
            raise ModelError(f"replica {replica_id} was adopted already")
        replica.created_at = str(seen["created_at"])
        replica.updated_at = replica.created_at
        replica.checkpoint_id = str(seen["checkpoint_id"])
        if replica.name is None:
            replica.name = str(seen["name"])
        if replica.description is None:
            replica.description = str(seen.get("description", ""))

    def adopt_updated_at(self, backup_id: str, seen: str) -> None:
        """Adopt the `updated_at` a replication gave the backup (the caller checks the floor)."""
        backup = self.backups[backup_id]
        if backup.updated_at is not None:
            raise ModelError(f"{backup_id}'s updated_at is known already")
        backup.updated_at = seen

    def unsettled(self) -> list[Backup]:
        """Backups with a server-assigned member not yet adopted (to show before listing)."""
        return [b for b in self.backups.values() if not b.known]

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
        if self.visible(project_id, item_id) is not None:
            return OK
        return self._not_found("show", project_id, item_id)

    def _not_found(self, operation: str, project_id: str, item_id: str) -> Expect:
        """404 CSBS.3001 for a backup the project cannot see, with the reason (`operation`:
        the coverage row's prefix): none has that id, another project's, or deleted."""
        known = self.backups.get(item_id.lower())
        if known is None:
            return NOT_FOUND.because(f"{operation}: backup unknown")
        if known.project_id != project_id:
            return NOT_FOUND.because(f"{operation}: backup of another project")
        return NOT_FOUND.because(f"{operation}: backup deleted")

    def backup_view(self, backup_id: str, *, with_records: bool) -> dict[str, Any]:
        """The members of a `Backup` body the model is sure of (a subset of the answer).

        Members the spec leaves to the service (progress, size, speeds, task ids, ...) are
        absent, and so are server-assigned members until adopted.
        """
        b = self.backups[backup_id]
        extend_info: dict[str, Any] = {
            "copy_from": b.copy_from,
            "copy_status": b.copy_status,
            "fail_code": b.fail_code,
            "fail_reason": b.fail_reason,
            "fail_op": b.fail_op,
            "auto_trigger": b.policy_id is not None,
            "resource_name": b.resource_name,
            "resource_az": b.resource_az,
            "image_type": b.image_type,
        }
        if b.volume_backups is not None:
            extend_info["volume_backups"] = b.volume_backups
        if b.os_images_data is not None:
            extend_info["os_images_data"] = b.os_images_data
        view: dict[str, Any] = {
            "id": b.id,
            "status": b.status,
            "resource_id": b.resource_id,
            "resource_type": b.resource_type,
            "expired_at": b.expired_at,
            "backup_data": b.backup_data,
            "extend_info": extend_info,
        }
        optional = {
            "name": b.name,
            "description": b.description,
            "checkpoint_id": b.checkpoint_id,
            "created_at": b.created_at,
            "updated_at": b.updated_at,
            "protected_at": b.protected_at or b.created_at,
            "tags": b.tags,
        }
        view |= {key: value for key, value in optional.items() if value is not None}
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

    # -- listBackups and countBackups -----------------------------------------------------

    @staticmethod
    def invalid_query(query: ListQuery, *, count: bool = False) -> list[str]:
        """The parameters the spec refuses (400 CSBS.9001, naming one of them); [] if none."""
        bad = []
        for name, value in query.filters.items():
            if name not in LIST_FILTERS:
                raise ModelError(f"listBackups has no filter {name!r}")
            if name in TIME_FILTERS:
                malformed = not _TIME_RE.fullmatch(value)
            elif name == "status":
                malformed = value not in BACKUP_STATUSES
            else:
                malformed = len(value) > FILTER_MAX_LENGTH[name]
            if malformed:
                bad.append(name)
        if count:
            return bad + list(query.paging())
        if query.limit is not None and not 1 <= query.limit <= INT32_MAX:
            bad.append("limit")
        if query.offset is not None and not 0 <= query.offset <= INT32_MAX:
            bad.append("offset")
        if query.sort is not None and parse_sort(query.sort) is None:
            bad.append("sort")
        return bad

    def scope(self, token: str | None, project_id: str, all_tenants: bool | None) -> list[Backup]:
        """The backups a call may see: the project's, or with an administrator's
        `all_tenants` every project's of its region (a non-administrator's is ignored)."""
        credential = self.credentials.get(token) if token is not None else None
        if all_tenants and credential is not None and credential.admin:
            region = self.projects[project_id]
            return [b for b in self.backups.values() if b.region == region]
        return [b for b in self.backups.values() if b.project_id == project_id]

    def _decide_query(
        self,
        token: str | None,
        project_id: str,
        query: ListQuery,
        host_region: str | None,
        *,
        count: bool,
    ) -> Expect:
        refused = self.gateway(token, project_id, write=False, host_region=host_region)
        if refused is not None:
            return refused
        bad = self.invalid_query(query, count=count)
        if bad:
            if count and set(bad) & set(PAGING_PARAMETERS):
                return INVALID.because("count: paging or sort parameter")
            return INVALID.because("list: malformed parameter")
        if query.marker is not None:
            marker = query.marker.lower()
            if all(b.id != marker for b in self.scope(token, project_id, query.all_tenants)):
                return NOT_FOUND.because("list: marker names no backup of the scope")
        return OK

    def decide_list(
        self,
        token: str | None,
        project_id: str,
        query: ListQuery | None = None,
        host_region: str | None = None,
    ) -> Expect:
        return self._decide_query(token, project_id, query or ListQuery(), host_region, count=False)

    def decide_count(
        self,
        token: str | None,
        project_id: str,
        query: ListQuery | None = None,
        host_region: str | None = None,
    ) -> Expect:
        return self._decide_query(token, project_id, query or ListQuery(), host_region, count=True)

    @staticmethod
    def matches(backup: Backup, filters: Mapping[str, str]) -> bool:
        """Whether the backup passes every filter (the query must be valid)."""
        for name, value in filters.items():
            if name == "start_time":
                ok = (backup.created_at or "") >= full_timestamp(value)
            elif name == "end_time":
                ok = (backup.created_at or "") <= full_timestamp(value)
            elif name == "name":
                ok = fuzzy_match(backup.name or "", value)
            elif name == "resource_name":
                ok = fuzzy_match(backup.resource_name, value)
            elif name == "az":
                ok = backup.resource_az == value
            elif name == "ip":
                ok = value in (backup.backup_data["private_ip"], backup.backup_data["eip"])
            elif name == "policy_id":
                ok = backup.policy_id is not None and backup.policy_id == value
            else:  # status, resource_id, checkpoint_id, resource_type, image_type
                ok = getattr(backup, name) == value
            if not ok:
                return False
        return True

    @staticmethod
    def order(sort: str | None) -> Callable[[Backup], Any]:
        """The sort key of a (valid) `sort`: items compare by it in listing order."""
        keys = parse_sort(sort)
        if keys is None:
            raise ModelError(f"malformed sort {sort!r}")

        def compare(a: Backup, b: Backup) -> int:
            for key, descending in keys:
                x, y = _sort_value(a, key), _sort_value(b, key)
                if x != y:
                    return (1 if x < y else -1) if descending else (-1 if x < y else 1)
            return 0

        return cmp_to_key(compare)

    def listing(self, token: str | None, project_id: str, query: ListQuery) -> list[Backup]:
        """Every backup the listing shows over all its pages (no marker, no offset), in order.

        Deleted backups are listed (the `status` filter accepts `deleted`); only showBackup
        and replicateBackup treat them as gone.
        """
        items = self.scope(token, project_id, query.all_tenants)
        unknown = [b.id for b in items if not b.known]
        if unknown:
            raise ModelError(f"backups {unknown} not adopted before listing")
        items = [b for b in items if self.matches(b, query.filters)]
        return sorted(items, key=self.order(query.sort))

    def rest(self, token: str | None, project_id: str, query: ListQuery) -> list[str]:
        """The ids from the query's place on: after its marker and offset, every page."""
        items = self.listing(token, project_id, query)
        if query.marker is not None:
            key = self.order(query.sort)
            after = key(self.backups[query.marker.lower()])
            items = [b for b in items if key(b) > after]
        return [b.id for b in items[query.offset or 0 :]]

    def page(self, token: str | None, project_id: str, query: ListQuery) -> tuple[list[str], bool]:
        """One page: its ids, and whether more items follow (a `next` link)."""
        rest = self.rest(token, project_id, query)
        size = min(query.limit or PAGE_MAX, PAGE_MAX)
        return rest[:size], len(rest) > size

    def count(self, token: str | None, project_id: str, query: ListQuery) -> int:
        return len(self.listing(token, project_id, query))

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


def _sort_value(backup: Backup, key: str) -> str:
    # A backup's protected_at is its creation time unless the fixtures gave one.
    value = getattr(backup, key) or (backup.created_at if key == "protected_at" else None)
    if value is None:
        raise ModelError(f"{backup.id} has no known {key}")
    return str(value)


def _fixture_backup(b: Mapping[str, Any], projects: Mapping[str, str]) -> Backup:
    """A backup of the control plane's `Fixtures`, with the members it sends by default."""
    created = full_timestamp(b["created_at"])

    def time(name: str) -> str | None:
        return full_timestamp(b[name]) if b.get(name) else None

    return Backup(
        id=b["id"],
        project_id=b["project_id"],
        region=projects[b["project_id"]],
        name=b["name"],
        description=b.get("description", ""),
        status=b.get("status", AVAILABLE),
        resource_id=b["resource_id"],
        resource_type=b.get("resource_type", "OS::Nova::Server"),
        checkpoint_id=b["checkpoint_id"],
        created_at=created,
        updated_at=time("updated_at") or created,
        protected_at=time("protected_at") or created,
        expired_at=time("expired_at"),
        policy_id=b.get("policy_id"),
        resource_name=b["resource_name"],
        resource_az=b["resource_az"],
        image_type=b.get("image_type", "backup"),
        backup_data={**BACKUP_DATA_BLANKS, **b.get("backup_data", {})},
        volume_backups=b.get("volume_backups"),
        os_images_data=b.get("os_images_data"),
        tags=b.get("tags", []),
    )
