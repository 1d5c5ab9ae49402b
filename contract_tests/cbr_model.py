"""The reference model of CBR v3 replication: what the service should answer, in plain Python.

Owns: an independent statement of CBR's rules, written from `openapi/cbr-v3.yaml`, the
README's fidelity table ("### CBR v3") and the documented rule order (the CBR room's service
docstring), not from the emulator's code: vaults, backups, replication records and their
tasks; what copyBackup and each read answers (status and `error_code`); how a copy moves from
`replicating` to `success` or `fail`; what a backup, a record, a task and a vault look like.
The stateful suite (`test_cbr_model_stateful.py`) drives the target and compares every answer
with this model.
Must not import: the emulator, the generated clients, HTTP libraries.

The gateway is shared with CSBS (`model.Gateway`); its rows are named "cbr gateway: …".

copyBackup, in this order (each refusal a 400 unless said):
  request  a body member out of the spec's bounds, unknown or missing      -> 9900
   1. backup missing, or another project's                                -> 404 6302
   2. a replica (image_type replication)                                  -> 1002
   3. not an ECS backup (resource_type OS::Nova::Server), or without its system disk -> 1003
   4. not `available`                                                     -> 1004
   5. destination region unknown / the source's own / not one of its replication_destinations
                                                                          -> 1005
   6. destination project unknown / in another region / not the caller's  -> 1011
   7. destination vault missing, or not of that project in that region    -> 6105
   8. not a `replication` vault, or not of servers (an ECS backup's object type) -> 6102
   9. not `available` (lock, frozen, deleting, error)                     -> 6112
  10. no room: used + the copies still running into it + the backup's size > size (GB; a
      failed copy gives its room back)                                    -> 6114
  11. a record `waiting_replicate`, `replicating` or `success` of the backup to that region
      (a `fail` does not block: a retry)                                  -> 1009
  accepted: a record `replicating` on the source (newest first in replication_records) and a
  task `running` of type `replication`; on success the replica (image_type `replication`,
  `available`) lands in the destination vault, whose `used` (MB) grows by the backup's size
  (GB x 1024), the record turns `success` with the replica's ids and progress 100, the task
  `success`; on failure the record `fail` with `fail_code` and `fail_reason`, the task `failed`
  with them as `error_info`.

Reads:
  showBackup/showVault/showOpLog  a malformed id 9900; another project's answers like a missing
            one (6302, 400 6105, 6500)
  listBackups  the path project's backups; filters ANDed: exact (checkpoint_id, image_type,
            resource_az, resource_id, resource_type, vault_id, parent_id, incremental), any of
            `status`, fuzzy (name, resource_name: a substring, ASCII case folded),
            start_time <= created_at <= end_time (a `Z` or numeric offset converted to UTC),
            enterprise_project_id (`all_granted_eps`: any), used_percent (the vault's used
            share >= it), own_type (`shared`: nothing is shared, none; else the project's),
            member_status (the share status of shared backups: the project's own are listed
            whatever it says), dec (ignored); `sort` as CSBS's (default created_at:desc, ties
            by id in the last key's direction, a repeated key counts at its first place);
            `marker` a backup of the project (else 404 6302) after whose place the page
            starts, then `offset`, then `limit` (1-1000, default 1000); `count` the whole
            filtered listing; `limit` and `offset` echoed; replication_records only with
            show_replication=true
  listOpLogs  the project's tasks, newest first (by created_at), filters ANDed
            (operation_type, status, provider_id, resource_id, vault_id exact; resource_name
            and vault_name fuzzy; times as above; enterprise_project_id the backup's)
  listVault  the project's vaults (order not documented: compared as a set, pages disjoint),
            filters ANDed (name fuzzy; cloud_type, protect_type, object_type, status
            exact; id any of the values split at commas; policy_id; resource_ids any bound
            resource; enterprise_project_id)
  listExternalVault  the vaults of `external_project_id` in `region_id` when the caller's
            credential covers that project and it is there (else none); `vault_id` alone
            selects (the other filters ignored); `object_type` and `objcet_type` must agree
  showReplicationCapabilities  every region and its destinations; an unknown query parameter
            9900

Server-assigned values (record, task and replica ids, times, a replica's checkpoint and the
members a copy gives it when the call did not) are adopted the first time the suite sees them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from contract_tests.model import (
    Expect,
    Gateway,
    ModelError,
    OneOf,
    full_timestamp,
)

RULE: Final = "cbr "  # coverage rows of CBR start so (contract_tests/coverage.py)

OK: Final = Expect(200)
INVALID: Final = Expect(400, "BackupService.9900")
BACKUP_NOT_FOUND: Final = Expect(404, "BackupService.6302")
TASK_NOT_FOUND: Final = Expect(404, "BackupService.6500")
VAULT_NOT_FOUND: Final = Expect(400, "BackupService.6105")
A_REPLICA: Final = Expect(400, "BackupService.1002")
NOT_AN_ECS: Final = Expect(400, "BackupService.1003")
NOT_AVAILABLE: Final = Expect(400, "BackupService.1004")
BAD_REGION: Final = Expect(400, "BackupService.1005")
DUPLICATE: Final = Expect(400, "BackupService.1009")
BAD_PROJECT: Final = Expect(400, "BackupService.1011")
WRONG_VAULT: Final = Expect(400, "BackupService.6102")
VAULT_UNUSABLE: Final = Expect(400, "BackupService.6112")
NO_ROOM: Final = Expect(400, "BackupService.6114")
FAULTS: Final = {500: Expect(500, "BackupService.9999"), 503: Expect(503, "BackupService.9998")}

ECS: Final = "OS::Nova::Server"
AVAILABLE: Final = "available"
REPLICA: Final = "replication"
LIVE: Final = frozenset({"waiting_replicate", "replicating", "success"})
BACKUP_STATUSES: Final = (
    "available", "protecting", "deleting", "restoring", "error", "waiting_protect",
    "waiting_delete", "waiting_restore",
)  # fmt: skip
VAULT_STATUSES: Final = ("available", "lock", "frozen", "deleting", "error")
RESOURCE_TYPES: Final = (
    "OS::Nova::Server", "OS::Cinder::Volume", "OS::Ironic::BareMetalServer",
    "OS::Native::Server", "OS::Sfs::Turbo", "OS::Workspace::DesktopV2",
)  # fmt: skip
OPERATION_TYPES: Final = (
    "backup", "copy", "replication", "restore", "delete", "sync", "vault_delete",
    "remove_resource", "migrate_resources",
)  # fmt: skip
TASK_STATUSES: Final = ("success", "skipped", "failed", "running", "timeout", "waiting")
PROTECT_TYPES: Final = ("backup", "replication", "hybrid")
OBJECT_TYPES: Final = ("server", "disk", "turbo", "workspace", "vmware", "rds", "file")
CLOUD_TYPES: Final = ("public", "hybrid")
ALL_EPS: Final = "all_granted_eps"
PAGE_MAX: Final = 1000  # `limit`'s maximum and default (components/parameters/Limit)
INT32_MAX: Final = 2**31 - 1
SORT_MAX: Final = 255
MB_PER_GB: Final = 1024  # billing.used is in MB, size in GB (the SDK: 已使用容量, 单位MB)

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_REGION = re.compile(r"[a-zA-Z0-9._\-]+")
_PROJECT = re.compile(r"[0-9A-Za-z-]+")
_NAME = re.compile("[\u4e00-\u9fa5\uf900-\ufa2da-zA-Z0-9_\\-]*")


def is_uuid(text: str) -> bool:
    return bool(_UUID.fullmatch(text))


@dataclass(frozen=True, slots=True)
class CopyParams:
    """The `replicate` member of a copyBackup request; None means "omitted"."""

    destination_region: str
    destination_project_id: str
    destination_vault_id: str
    name: str | None = None
    description: str | None = None
    enable_acceleration: bool | None = None
    cross_account_urn: str | None = None

    def body(self) -> dict[str, Any]:
        members = {
            "destination_region": self.destination_region,
            "destination_project_id": self.destination_project_id,
            "destination_vault_id": self.destination_vault_id,
            "name": self.name,
            "description": self.description,
            "enable_acceleration": self.enable_acceleration,
            "cross_account_urn": self.cross_account_urn,
        }
        return {"replicate": {k: v for k, v in members.items() if v is not None}}


@dataclass(slots=True)
class Vault:
    id: str
    project_id: str
    region: str
    name: str
    description: str
    protect_type: str
    object_type: str
    size: int  # GB
    status: str
    created_at: str
    members: dict[str, Any]  # what the fixture gave besides (billing and vault members)
    used: int = 0  # GB its backups hold (the API answers it in MB)

    def used_percent(self) -> float:
        return 100 * self.used / self.size


@dataclass(slots=True)
class Backup:
    id: str
    project_id: str
    region: str
    vault_id: str
    resource_id: str
    resource_name: str
    resource_type: str
    resource_az: str
    resource_size: int
    status: str
    image_type: str
    provider_id: str
    # None until the suite has seen and adopted it (a replica's server-assigned members).
    name: str | None
    description: str | None
    checkpoint_id: str | None
    created_at: str | None
    # None while unknown: a replica's until adopted, a source's after a copy touched it.
    updated_at: str | None
    protected_at: str | None
    updated_floor: str = ""
    expired_at: str | None = None
    parent_id: str | None = None
    enterprise_project_id: str | None = "0"
    incremental: bool | None = False
    contain_system_disk: bool = True
    # The extend_info members the fixture gave (None: a replica, whose the copy decides).
    extend: dict[str, Any] | None = None

    @property
    def known(self) -> bool:
        """Whether every member a listing orders or filters by is known (a replica's once
        adopted, a source's `updated_at` once seen again after a copy touched it)."""
        return self.created_at is not None and self.updated_at is not None


@dataclass(slots=True)
class Record:
    """A replication record and its task (one each, made together)."""

    id: str
    seq: int
    backup_id: str
    source_project_id: str
    source_region: str
    source_vault_id: str
    destination_region: str
    destination_project_id: str
    destination_vault_id: str
    size: int
    name: str | None
    description: str | None
    status: str = "replicating"
    replica_id: str | None = None
    fail_code: str = ""
    fail_reason: str = ""
    created_at: str | None = None  # adopted
    task_id: str | None = None  # adopted (the control plane's operation_log_id)
    task_created_at: str | None = None  # adopted

    @property
    def live(self) -> bool:
        return self.status in LIVE

    @property
    def task_status(self) -> str:
        return {"replicating": "running", "success": "success", "fail": "failed"}[self.status]


class CbrModel(Gateway):
    """The state a CBR target should be in, and what it should answer to each call."""

    rule_prefix = RULE

    def __init__(
        self,
        regions: Mapping[str, Iterable[str]],
        projects: Mapping[str, str],
        credentials: Iterable[Any],
        vaults: Iterable[Vault],
        backups: Iterable[Backup],
    ) -> None:
        super().__init__(regions, projects, credentials)
        self.vaults: dict[str, Vault] = {v.id: v for v in vaults}
        self.backups: dict[str, Backup] = {b.id: b for b in backups}
        for backup in self.backups.values():
            self.vaults[backup.vault_id].used += backup.resource_size
        self.records: dict[str, Record] = {}
        self._seq = 0

    @classmethod
    def from_fixtures(cls, fixtures: Mapping[str, Any]) -> CbrModel:
        """The model of a world in the control plane's `Fixtures` format, its `cbr` part
        giving every member the model compares (contract_tests/cbr_world.py does)."""
        directory = Gateway.directory(fixtures)
        projects: dict[str, str] = directory["projects"]
        cbr = fixtures["cbr"]
        return cls(
            **directory,
            vaults=[_fixture_vault(v, projects) for v in cbr["vaults"]],
            backups=[_fixture_backup(b, projects) for b in cbr["backups"]],
        )

    def why(self, rule: str) -> str:
        return RULE + rule

    # -- copyBackup ---------------------------------------------------------------------

    @staticmethod
    def invalid_params(params: CopyParams) -> bool:
        """Whether the body breaks the spec's bounds (BackupReplicateReqBody): 400 9900."""
        region, project = params.destination_region, params.destination_project_id
        if not (1 <= len(region) <= 255 and _REGION.fullmatch(region)):
            return True
        if not (1 <= len(project) <= 64 and _PROJECT.fullmatch(project)):
            return True
        if not is_uuid(params.destination_vault_id):
            return True
        if params.name is not None and not (
            1 <= len(params.name) <= 64 and _NAME.fullmatch(params.name)
        ):
            return True
        for text, least in ((params.description, 0), (params.cross_account_urn, 1)):
            if text is not None and not (least <= len(text) <= 255 and not re.search("[<>]", text)):
                return True
        return False

    def visible(self, project_id: str, backup_id: str) -> Backup | None:
        """The backup a project sees under this id (another project's: None)."""
        backup = self.backups.get(backup_id.lower())
        return backup if backup is not None and backup.project_id == project_id else None

    def live_record(self, backup_id: str, region: str) -> Record | None:
        return next(
            (
                r
                for r in self.records.values()
                if r.backup_id == backup_id and r.destination_region == region and r.live
            ),
            None,
        )

    def reserved(self, vault_id: str) -> int:
        """GB of the copies still running into a vault."""
        return sum(
            r.size
            for r in self.records.values()
            if r.destination_vault_id == vault_id and r.status == "replicating"
        )

    def decide_copy(
        self,
        token: str | None,
        project_id: str,
        backup_id: str,
        params: CopyParams,
        host_region: str | None = None,
    ) -> Expect:
        refused = self.gateway(token, project_id, write=True, host_region=host_region)
        if refused is not None:
            return refused
        if self.invalid_params(params):
            return INVALID.because(self.why("copy: body out of bounds"))
        if not is_uuid(backup_id):
            return INVALID.because(self.why("copy: malformed backup id"))
        source = self.visible(project_id, backup_id)
        if source is None:
            known = self.backups.get(backup_id.lower())
            rule = "copy: backup unknown" if known is None else "copy: backup of another project"
            return BACKUP_NOT_FOUND.because(self.why(rule))
        if source.image_type == REPLICA:
            return A_REPLICA.because(self.why("copy: backup is a replica"))
        if source.resource_type != ECS:
            return NOT_AN_ECS.because(self.why("copy: backup not of an ECS"))
        if not source.contain_system_disk:
            return NOT_AN_ECS.because(self.why("copy: ECS backup without its system disk"))
        if source.status != AVAILABLE:
            return NOT_AVAILABLE.because(self.why(f"copy: backup {source.status}"))
        region = params.destination_region
        if region not in self.regions:
            return BAD_REGION.because(self.why("copy: destination region unknown"))
        if region == source.region:
            return BAD_REGION.because(self.why("copy: destination is the backup's own region"))
        if region not in self.regions[source.region]:
            return BAD_REGION.because(self.why("copy: destination not among the capabilities"))
        target = params.destination_project_id
        credential = self.credentials.get(token) if token is not None else None
        if target not in self.projects:
            return BAD_PROJECT.because(self.why("copy: destination project unknown"))
        if self.projects[target] != region:
            return BAD_PROJECT.because(self.why("copy: destination project in another region"))
        if credential is None or target not in credential.projects:
            return BAD_PROJECT.because(self.why("copy: destination project another tenant's"))
        vault = self.vaults.get(params.destination_vault_id.lower())
        if vault is None:
            return VAULT_NOT_FOUND.because(self.why("copy: destination vault unknown"))
        if vault.region != region:
            return VAULT_NOT_FOUND.because(self.why("copy: destination vault in another region"))
        if vault.project_id != target:
            return VAULT_NOT_FOUND.because(self.why("copy: destination vault another project's"))
        if vault.protect_type != REPLICA:
            rule = f"copy: destination vault a {vault.protect_type} vault"
            return WRONG_VAULT.because(self.why(rule))
        if vault.object_type != "server":  # an ECS backup's object type
            return WRONG_VAULT.because(self.why("copy: destination vault of another object type"))
        if vault.status != AVAILABLE:
            return VAULT_UNUSABLE.because(self.why(f"copy: destination vault {vault.status}"))
        if vault.used + source.resource_size > vault.size:
            return NO_ROOM.because(self.why("copy: destination vault without room"))
        if vault.used + self.reserved(vault.id) + source.resource_size > vault.size:
            rule = "copy: destination vault's room taken by running copies"
            return NO_ROOM.because(self.why(rule))
        live = self.live_record(source.id, region)
        if live is not None:
            made = "exists" if live.status == "success" else "is being made"
            return DUPLICATE.because(self.why(f"copy: a replica to that region {made}"))
        earlier = (r for r in self.records.values() if r.backup_id == source.id)
        if any(r.destination_region == region for r in earlier):  # only failed copies remain
            return OK.because(self.why("copy: accepted after a failed copy to that region"))
        return OK.because(self.why("copy: accepted"))

    def start_copy(
        self, record_id: str, project_id: str, backup_id: str, params: CopyParams
    ) -> Record:
        """An accepted copy: the record (and task) the target assigned `record_id` to."""
        if record_id in self.records:
            raise ModelError(f"record id {record_id} was already used")
        source = self.visible(project_id, backup_id)
        if source is None:
            raise ModelError(f"a copy of {backup_id} cannot have been accepted")
        self._seq += 1
        record = Record(
            id=record_id,
            seq=self._seq,
            backup_id=source.id,
            source_project_id=project_id,
            source_region=source.region,
            source_vault_id=source.vault_id,
            destination_region=params.destination_region,
            destination_project_id=params.destination_project_id,
            destination_vault_id=params.destination_vault_id.lower(),
            size=source.resource_size,
            name=params.name,
            description=params.description,
        )
        self.records[record_id] = record
        # The spec leaves a source's updated_at to the service once a copy touched it.
        self._touch(source)
        return record

    def _touch(self, backup: Backup) -> None:
        if backup.updated_at is not None:
            backup.updated_floor = backup.updated_at
        backup.updated_at = None

    def finish_copy(
        self, record_id: str, outcome: str, *, replica_id: str | None, fail: tuple[str, str]
    ) -> Backup | None:
        """A copy ends: the replica on success (its server-assigned members to adopt)."""
        record = self.records[record_id]
        if record.status != "replicating":
            raise ModelError(f"record {record_id} is {record.status}, not replicating")
        self._touch(self.backups[record.backup_id])
        if outcome != "success":
            record.status = "fail"
            record.fail_code, record.fail_reason = fail
            return None
        if replica_id is None:
            raise ModelError(f"copy {record_id} succeeded without a replica")
        source = self.backups[record.backup_id]
        vault = self.vaults[record.destination_vault_id]
        record.status, record.replica_id = "success", replica_id
        replica = Backup(
            id=replica_id,
            project_id=record.destination_project_id,
            region=record.destination_region,
            vault_id=vault.id,
            resource_id=source.resource_id,
            resource_name=source.resource_name,
            resource_type=source.resource_type,
            resource_az=source.resource_az,
            resource_size=source.resource_size,
            status=AVAILABLE,
            image_type=REPLICA,
            provider_id=source.provider_id,
            name=record.name,
            description=record.description,
            checkpoint_id=None,
            created_at=None,
            updated_at=None,
            protected_at=None,
            enterprise_project_id=None,
            incremental=None,
            contain_system_disk=source.contain_system_disk,
        )
        self.backups[replica_id] = replica
        vault.used += record.size
        return replica

    def adopt_replica(self, replica_id: str, shown: Mapping[str, Any]) -> None:
        """Adopt a new replica's server-assigned members, as first shown."""
        replica = self.backups[replica_id]
        if replica.created_at is not None:
            raise ModelError(f"replica {replica_id} was adopted already")
        replica.created_at = str(shown["created_at"])
        replica.updated_at = str(shown["updated_at"])
        replica.protected_at = str(shown["protected_at"])
        replica.checkpoint_id = str(shown["checkpoint_id"])
        replica.expired_at = shown.get("expired_at")
        replica.parent_id = shown.get("parent_id")
        replica.enterprise_project_id = shown.get("enterprise_project_id")
        replica.incremental = shown.get("incremental")
        if replica.name is None:
            replica.name = str(shown["name"])
        if replica.description is None:
            replica.description = shown.get("description")

    def adopt_updated_at(self, backup_id: str, seen: str) -> None:
        backup = self.backups[backup_id]
        if backup.updated_at is not None:
            raise ModelError(f"{backup_id}'s updated_at is known already")
        backup.updated_at = seen

    def unsettled(self) -> list[Backup]:
        return [b for b in self.backups.values() if not b.known]

    def records_of(self, backup_id: str) -> list[Record]:
        """A backup's records, newest first (by adopted created_at, then acceptance)."""
        return sorted(
            (r for r in self.records.values() if r.backup_id == backup_id),
            key=lambda r: (r.created_at or "", r.seq),
            reverse=True,
        )

    def running(self) -> list[Record]:
        return [r for r in self.records.values() if r.status == "replicating"]

    def live_pairs(self) -> list[tuple[str, str]]:
        return [(r.backup_id, r.destination_region) for r in self.records.values() if r.live]

    # -- the single reads ---------------------------------------------------------------

    def decide_show_backup(
        self, token: str | None, project_id: str, backup_id: str, host: str | None = None
    ) -> Expect:
        refused = self.gateway(token, project_id, write=False, host_region=host)
        if refused is not None:
            return refused
        if not is_uuid(backup_id):
            return INVALID.because(self.why("show backup: malformed id"))
        if self.visible(project_id, backup_id) is not None:
            return OK
        if backup_id.lower() in self.backups:
            return BACKUP_NOT_FOUND.because(self.why("show backup: another project's"))
        return BACKUP_NOT_FOUND.because(self.why("show backup: unknown"))

    def decide_show_vault(
        self, token: str | None, project_id: str, vault_id: str, host: str | None = None
    ) -> Expect:
        refused = self.gateway(token, project_id, write=False, host_region=host)
        if refused is not None:
            return refused
        if not is_uuid(vault_id):
            return INVALID.because(self.why("show vault: malformed id"))
        vault = self.vaults.get(vault_id.lower())
        if vault is not None and vault.project_id == project_id:
            return OK
        if vault is not None:
            return VAULT_NOT_FOUND.because(self.why("show vault: another project's"))
        return VAULT_NOT_FOUND.because(self.why("show vault: unknown"))

    def task(self, project_id: str, task_id: str) -> Record | None:
        return next(
            (
                r
                for r in self.records.values()
                if r.task_id == task_id.lower() and r.source_project_id == project_id
            ),
            None,
        )

    def decide_show_task(
        self, token: str | None, project_id: str, task_id: str, host: str | None = None
    ) -> Expect:
        refused = self.gateway(token, project_id, write=False, host_region=host)
        if refused is not None:
            return refused
        if not is_uuid(task_id):
            return INVALID.because(self.why("show task: malformed id"))
        if self.task(project_id, task_id) is not None:
            return OK
        if any(r.task_id == task_id.lower() for r in self.records.values()):
            return TASK_NOT_FOUND.because(self.why("show task: another project's"))
        return TASK_NOT_FOUND.because(self.why("show task: unknown"))

    def decide_read(
        self, token: str | None, project_id: str, host: str | None = None
    ) -> Expect | None:
        """The gateway's refusal of a read (None: let through)."""
        return self.gateway(token, project_id, write=False, host_region=host)

    # -- views: the members of each body the model is sure of --------------------------

    def backup_view(self, backup_id: str, *, records: bool) -> dict[str, Any]:
        b = self.backups[backup_id]
        view: dict[str, Any] = {
            "id": b.id,
            "project_id": b.project_id,
            "vault_id": b.vault_id,
            "status": b.status,
            "image_type": b.image_type,
            "provider_id": b.provider_id,
            "resource_id": b.resource_id,
            "resource_name": b.resource_name,
            "resource_type": b.resource_type,
            "resource_az": b.resource_az,
            "resource_size": b.resource_size,
        }
        known = {
            "name": b.name,
            "description": b.description,
            "checkpoint_id": b.checkpoint_id,
            "created_at": b.created_at,
            "updated_at": b.updated_at,
            "protected_at": b.protected_at,
        }
        view |= {k: v for k, v in known.items() if v is not None}
        if b.extend is not None:  # a fixture backup: every member given
            view |= {
                "expired_at": b.expired_at,
                "parent_id": b.parent_id,
                "enterprise_project_id": b.enterprise_project_id,
                "incremental": b.incremental,
                "extend_info": {"contain_system_disk": b.contain_system_disk, **b.extend},
            }
        if records:
            view["replication_records"] = [self.record_view(r) for r in self.records_of(b.id)]
        return view

    def record_view(self, r: Record) -> dict[str, Any]:
        source = self.backups[r.backup_id]
        replica = self.backups.get(r.replica_id) if r.replica_id else None
        view: dict[str, Any] = {
            "id": r.id,
            "status": r.status,
            "source_region": r.source_region,
            "source_project_id": r.source_project_id,
            "source_backup_id": r.backup_id,
            "vault_id": r.source_vault_id,
            "destination_region": r.destination_region,
            "destination_project_id": r.destination_project_id,
            "destination_vault_id": r.destination_vault_id,
            "destination_backup_id": r.replica_id,
            "extra_info": {
                "fail_code": r.fail_code or BLANK,
                "fail_reason": r.fail_reason or BLANK,
                "auto_trigger": False,  # CopyBackup is a call, never a policy
                # Both spellings, the same value (README fidelity table).
                "destinatio_vault_id": r.destination_vault_id,
                "destination_vault_id": r.destination_vault_id,
            },
        }
        if source.checkpoint_id is not None:
            view["source_checkpoint_id"] = source.checkpoint_id
        if r.created_at is not None:
            view["created_at"] = r.created_at
        if r.status == "success":
            view["extra_info"]["progress"] = 100
            if replica is not None and replica.checkpoint_id is not None:
                view["destination_checkpoint_id"] = replica.checkpoint_id
        else:
            view["destination_checkpoint_id"] = None
        return view

    def task_view(self, r: Record) -> dict[str, Any]:
        source = self.backups[r.backup_id]
        vault = self.vaults[r.source_vault_id]
        replica = self.backups.get(r.replica_id) if r.replica_id else None
        replication: dict[str, Any] = {
            "source_backup_id": source.id,
            "source_project_id": r.source_project_id,
            "source_region": r.source_region,
            "source_backup_name": source.name,
            "destination_project_id": r.destination_project_id,
            "destination_region": r.destination_region,
            "destination_backup_id": r.replica_id,
        }
        if source.checkpoint_id is not None:
            replication["source_checkpoint_id"] = source.checkpoint_id
        if replica is not None:
            replication["destination_backup_name"] = replica.name
            if replica.checkpoint_id is not None:
                replication["destination_checkpoint_id"] = replica.checkpoint_id
        elif r.status != "success":
            replication["destination_checkpoint_id"] = None
        view: dict[str, Any] = {
            "operation_type": "replication",
            "status": r.task_status,
            "project_id": r.source_project_id,
            "provider_id": source.provider_id,
            "vault_id": vault.id,
            "vault_name": vault.name,
            "policy_id": None,
            "error_info": {
                "code": r.fail_code or BLANK,
                "message": r.fail_reason or BLANK,
            },
            "extra_info": {
                "replication": replication,
                "resource": {
                    "id": source.resource_id,
                    "name": source.resource_name,
                    "type": source.resource_type,
                },
            },
        }
        if source.checkpoint_id is not None:
            view["checkpoint_id"] = source.checkpoint_id
        if r.task_id is not None:
            view["id"] = r.task_id
        if r.task_created_at is not None:
            view["created_at"] = r.task_created_at
        if r.status == "replicating":
            view["ended_at"] = None
        return view

    def vault_view(self, vault_id: str) -> dict[str, Any]:
        v = self.vaults[vault_id]
        m = v.members
        billing: dict[str, Any] = {
            "protect_type": v.protect_type,
            "object_type": v.object_type,
            "size": v.size,
            "status": v.status,
            "used": v.used * MB_PER_GB,
            "charging_mode": m["charging_mode"],
            "cloud_type": m["cloud_type"],
            "consistent_level": m["consistent_level"],
        }
        if (v.protect_type, v.object_type) == (REPLICA, "server"):
            billing["spec_code"] = "vault.replication.server.normal"  # the spec's SpecCode
        return {
            "id": v.id,
            "name": v.name,
            "description": v.description,
            "project_id": v.project_id,
            "provider_id": PROVIDERS[v.object_type],
            "created_at": v.created_at,
            "billing": billing,
            "enterprise_project_id": m["enterprise_project_id"],
            "tags": m["tags"],
            "resources": [
                {k: r[k] for k in ("id", "name", "type", "protect_status", "size")}
                for r in m["resources"]
            ],
            **{k: m[k] for k in ("auto_bind", "auto_expand", "smn_notify", "threshold", "user_id")},
        }

    def capabilities(self) -> dict[str, set[str]]:
        return {name: set(dests) for name, dests in self.regions.items()}


# An empty failure member: the spec allows `""` or `null` (`fail_code`, `error_info`).
BLANK: Final = OneOf("", None)


PROVIDERS: Final = {
    "server": "0daac4c5-6707-4851-97ba-169e36266b66",
    "disk": "d1603440-187d-4516-af25-121250c7cc97",
    "turbo": "3f3c3220-245c-4805-b811-758870015881",
}

# extend_info members a fixture backup gives (each shown as given).
_EXTEND: Final = (
    "bootable", "system_disk", "snapshot_id", "support_lld", "supported_restore_mode",
    "os_images_data", "encrypted", "is_multi_az", "auto_trigger",
)  # fmt: skip
_VAULT_MEMBERS: Final = (
    "charging_mode", "cloud_type", "consistent_level", "enterprise_project_id", "auto_bind",
    "auto_expand", "smn_notify", "threshold", "user_id", "tags", "resources", "policy_id",
)  # fmt: skip


def _fixture_vault(v: Mapping[str, Any], projects: Mapping[str, str]) -> Vault:
    missing = [k for k in _VAULT_MEMBERS if k != "policy_id" and k not in v]
    if missing:
        raise ModelError(f"vault {v['id']} leaves {missing} to the control plane's defaults")
    return Vault(
        id=v["id"],
        project_id=v["project_id"],
        region=projects[v["project_id"]],
        name=v["name"],
        description=v["description"],
        protect_type=v["protect_type"],
        object_type=v["object_type"],
        size=v["size"],
        status=v["status"],
        created_at=full_timestamp(v["created_at"]),
        members={k: v.get(k) for k in _VAULT_MEMBERS},
    )


def _fixture_backup(b: Mapping[str, Any], projects: Mapping[str, str]) -> Backup:
    missing = [k for k in _EXTEND if k not in b]
    if missing:
        raise ModelError(f"backup {b['id']} leaves {missing} to the control plane's defaults")
    return Backup(
        id=b["id"],
        project_id=b["project_id"],
        region=projects[b["project_id"]],
        vault_id=b["vault_id"],
        resource_id=b["resource_id"],
        resource_name=b["resource_name"],
        resource_type=b["resource_type"],
        resource_az=b["resource_az"],
        resource_size=b["resource_size"],
        status=b["status"],
        image_type=b["image_type"],
        provider_id=b["provider_id"],
        name=b["name"],
        description=b["description"],
        checkpoint_id=b["checkpoint_id"],
        created_at=full_timestamp(b["created_at"]),
        updated_at=full_timestamp(b["updated_at"]),
        protected_at=full_timestamp(b["protected_at"]),
        expired_at=full_timestamp(b["expired_at"]),
        parent_id=b.get("parent_id"),
        enterprise_project_id=b["enterprise_project_id"],
        incremental=b["incremental"],
        contain_system_disk=b["contain_system_disk"],
        extend={k: b[k] for k in _EXTEND},
    )
