"""The read side of the CBR model: what listBackups, listOpLogs, listVault and
listExternalVault should answer, from `openapi/cbr-v3.yaml` (see `cbr_model`'s docstring for
each rule).

Owns: `ListQuery` (a list call's parameters as sent), which of them the spec refuses (400
`BackupService.9900`), how each filter matches, the orders, and `CbrQueries`, the model's
listings (its state is `cbr_model.CbrModel`'s).
Must not import: the emulator, the generated clients, HTTP libraries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from contract_tests.cbr_model import (
    _NAME,
    ALL_EPS,
    BACKUP_NOT_FOUND,
    BACKUP_STATUSES,
    CLOUD_TYPES,
    INT32_MAX,
    INVALID,
    OBJECT_TYPES,
    OK,
    OPERATION_TYPES,
    PAGE_MAX,
    PROTECT_TYPES,
    RESOURCE_TYPES,
    SORT_MAX,
    TASK_STATUSES,
    Backup,
    CbrModel,
    Record,
    Vault,
    is_uuid,
)
from contract_tests.model import Expect, ModelError, fuzzy_match, parse_sort

# listBackups' parameters and how each matches (the spec's parameter list).
BACKUP_EXACT: Final = (
    "checkpoint_id", "image_type", "resource_az", "resource_id", "resource_type", "vault_id",
    "parent_id",
)  # fmt: skip
BACKUP_FUZZY: Final = ("name", "resource_name")
TIMES: Final = ("start_time", "end_time")
BACKUP_FILTERS: Final = (
    *BACKUP_EXACT, *BACKUP_FUZZY, *TIMES, "status", "enterprise_project_id", "used_percent",
    "incremental", "own_type", "member_status", "dec",
)  # fmt: skip
BACKUP_MAX_LENGTH: Final = {
    "checkpoint_id": 64, "resource_az": 64, "resource_id": 255, "vault_id": 64,
    "parent_id": 64, "name": 255, "resource_name": 255,
}  # fmt: skip
TASK_EXACT: Final = (
    "operation_type",
    "status",
    "provider_id",
    "resource_id",
    "vault_id",
    "vault_name",
)
TASK_FILTERS: Final = (*TASK_EXACT, "resource_name", *TIMES, "enterprise_project_id")
TASK_MAX_LENGTH: Final = {
    "provider_id": 64, "resource_id": 255, "resource_name": 255, "vault_id": 64, "vault_name": 64,
}  # fmt: skip
VAULT_FILTERS: Final = (
    "name", "cloud_type", "protect_type", "object_type", "enterprise_project_id", "id",
    "policy_id", "status", "resource_ids",
)  # fmt: skip
EXTERNAL_FILTERS: Final = (
    "protect_type", "object_type", "objcet_type", "cloud_type", "vault_id", "enterprise_project_id",
)  # fmt: skip

_EP = re.compile(r"[0-9A-Za-z_-]+")
_IDS = re.compile(r"[0-9A-Za-z,-]+")
_FILTER_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|([+-])(\d{2}):?(\d{2}))?"
)
_SORT_KEY = "(created_at|updated_at|name|status|protected_at|id)(:(asc|desc))?"
_SORT = re.compile(f"{_SORT_KEY}(,{_SORT_KEY})*")


def filter_time(text: str) -> str | None:
    """A FilterTime as the zone-less UTC microsecond form times are written in (None: it
    breaks the spec's pattern). A `Z` is UTC; a numeric offset is taken away (`12:00+08:00`
    is `04:00`); a time the pattern admits but no calendar has is compared as written."""
    match = _FILTER_TIME.fullmatch(text)
    if match is None or len(text) > 40:
        return None
    fraction = (match.group(7) or ".")[1:].ljust(6, "0")
    written = f"{text[:19]}.{fraction}"
    try:
        moment = dt.datetime.fromisoformat(written)
    except ValueError:
        return written
    if match.group(9):
        offset = dt.timedelta(hours=int(match.group(10)), minutes=int(match.group(11)))
        moment -= offset if match.group(9) == "+" else -offset
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


@dataclass(slots=True)
class ListQuery:
    """The query of a list call; None (or absent) means "not sent". Values as sent."""

    filters: dict[str, Any] = field(default_factory=dict)
    sort: str | None = None
    limit: int | None = None
    offset: int | None = None
    marker: str | None = None
    show_replication: bool | None = None

    def paging(self) -> dict[str, Any]:
        sent = {
            "sort": self.sort,
            "limit": self.limit,
            "offset": self.offset,
            "marker": self.marker,
        }
        return {k: v for k, v in sent.items() if v is not None}

    def __str__(self) -> str:
        parts = [f"{k}={v!r}" for k, v in self.filters.items()]
        parts += [f"{k}={v!r}" for k, v in self.paging().items()]
        if self.show_replication is not None:
            parts.append(f"show_replication={self.show_replication}")
        return " ".join(parts) or "(no parameters)"


def backup_order(sort: str | None) -> Callable[[Backup], Any]:
    """The key a listing orders backups by under a (valid) `sort`."""
    parsed = parse_sort(sort)
    if parsed is None:
        raise ModelError(f"malformed sort {sort!r}")
    keys = parsed

    def value(b: Backup, key: str) -> str:
        found = getattr(b, key)
        if found is None:
            raise ModelError(f"{b.id} has no known {key}")
        return str(found)

    class Key:
        def __init__(self, b: Backup) -> None:
            self.values = [(value(b, k), desc) for k, desc in keys]

        def __lt__(self, other: Key) -> bool:
            for (x, desc), (y, _) in zip(self.values, other.values, strict=True):
                if x != y:
                    return (x > y) if desc else (x < y)
            return False

        def __gt__(self, other: Key) -> bool:
            return other < self

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Key) and self.values == other.values

        __hash__ = None  # type: ignore[assignment]

    return Key


def _invalid_paging(query: ListQuery, *, sort: bool) -> list[str]:
    bad = []
    if query.limit is not None and not 1 <= query.limit <= PAGE_MAX:
        bad.append("limit")
    if query.offset is not None and not 0 <= query.offset <= INT32_MAX:
        bad.append("offset")
    text = query.sort if sort else None
    if text is not None and not (1 <= len(text) <= SORT_MAX and _SORT.fullmatch(text)):
        bad.append("sort")
    if query.marker is not None and not is_uuid(query.marker):
        bad.append("marker")
    return bad


def _valid_ep(value: Any) -> bool:
    return isinstance(value, str) and 1 <= len(value) <= 64 and bool(_EP.fullmatch(value))


def _valid_backup_filter(name: str, value: Any) -> bool:
    if name in BACKUP_MAX_LENGTH:
        return len(str(value)) <= BACKUP_MAX_LENGTH[name]
    if name in TIMES:
        return filter_time(str(value)) is not None
    if name == "status":
        return (
            isinstance(value, list) and 1 <= len(value) <= 8 and set(value) <= set(BACKUP_STATUSES)
        )
    if name == "image_type":
        return value in ("backup", "replication")
    if name == "resource_type":
        return value in RESOURCE_TYPES
    if name == "enterprise_project_id":
        return _valid_ep(value)
    if name == "used_percent":
        return isinstance(value, int) and 1 <= value <= 100
    if name == "own_type":
        return value in ("private", "shared", "all_granted")
    if name == "member_status":
        return value in ("pending", "accepted", "rejected")
    if name in ("incremental", "dec"):
        return isinstance(value, bool)
    raise ModelError(f"listBackups has no filter {name!r}")


def _valid_task_filter(name: str, value: Any) -> bool:
    if name in TASK_MAX_LENGTH:
        return len(str(value)) <= TASK_MAX_LENGTH[name]
    if name in TIMES:
        return filter_time(str(value)) is not None
    if name == "operation_type":
        return value in OPERATION_TYPES
    if name == "status":
        return value in TASK_STATUSES
    if name == "enterprise_project_id":
        return _valid_ep(value)
    raise ModelError(f"listOpLogs has no filter {name!r}")


def _valid_vault_filter(name: str, value: Any, *, external: bool) -> bool:
    if name == "protect_type":
        return value in PROTECT_TYPES
    if name in ("object_type", "objcet_type"):
        return value in OBJECT_TYPES
    if name == "cloud_type":
        return value in CLOUD_TYPES
    if name == "enterprise_project_id":
        return _valid_ep(value)
    if external:
        if name == "vault_id":
            return len(str(value)) <= 64
        raise ModelError(f"listExternalVault has no filter {name!r}")
    if name == "name":
        return 1 <= len(str(value)) <= 64 and bool(_NAME.fullmatch(str(value)))
    if name == "id":
        return (
            isinstance(value, list)
            and 1 <= len(value) <= 100
            and all(1 <= len(i) <= 1024 and _IDS.fullmatch(i) for i in value)
        )
    if name in ("policy_id", "status"):
        return len(str(value)) <= 64
    if name == "resource_ids":
        return len(str(value)) <= 4096 and bool(re.fullmatch(r"[0-9A-Za-z,-]*", str(value)))
    raise ModelError(f"listVault has no filter {name!r}")


class CbrQueries:
    """The model's answers to the list calls: which are refused, and what each lists."""

    def __init__(self, model: CbrModel) -> None:
        self.model = model

    # -- listBackups --------------------------------------------------------------------

    def _scope(self, project_id: str) -> list[Backup]:
        return [b for b in self.model.backups.values() if b.project_id == project_id]

    def invalid_backup_query(self, query: ListQuery) -> list[str]:
        """The listBackups parameters the spec refuses (400 9900, naming one); [] if none."""
        bad = [
            name for name, value in query.filters.items() if not _valid_backup_filter(name, value)
        ]
        return bad + _invalid_paging(query, sort=True)

    def decide_list_backups(
        self, token: str | None, project_id: str, query: ListQuery, host: str | None = None
    ) -> Expect:
        refused = self.model.gateway(token, project_id, write=False, host_region=host)
        if refused is not None:
            return refused
        if self.invalid_backup_query(query):
            return INVALID.because(self.model.why("list backups: malformed parameter"))
        if query.marker is not None and all(
            b.id != query.marker.lower() for b in self._scope(project_id)
        ):
            rule = "list backups: marker names no backup of the project"
            return BACKUP_NOT_FOUND.because(self.model.why(rule))
        return OK

    def backup_matches(self, b: Backup, name: str, value: Any) -> bool:
        """Whether a backup passes one listBackups filter (the query is valid)."""
        if name in ("dec", "member_status"):
            return True  # dec: ignored; member_status: only shared backups have one
        if name == "own_type":
            return bool(value != "shared")  # nothing is shared with the project
        if name == "status":
            return b.status in list(value)
        if name in BACKUP_FUZZY:
            return fuzzy_match(str(getattr(b, name) or ""), str(value))
        if name == "start_time":
            return str(b.created_at) >= str(filter_time(value))
        if name == "end_time":
            return str(b.created_at) <= str(filter_time(value))
        if name == "enterprise_project_id":
            return bool(value == ALL_EPS or b.enterprise_project_id == value)
        if name == "used_percent":
            return self.model.vaults[b.vault_id].used_percent() >= int(value)
        if name == "incremental":
            return b.incremental is bool(value)
        return bool(getattr(b, name) == value)

    def backup_listing(self, project_id: str, query: ListQuery) -> list[Backup]:
        """Every backup the listing shows over all pages (no marker, no offset), in order."""
        items = self._scope(project_id)
        unknown = [b.id for b in items if not b.known]
        if unknown:
            raise ModelError(f"backups {unknown} not adopted before listing")
        items = [
            b for b in items if all(self.backup_matches(b, n, v) for n, v in query.filters.items())
        ]
        return sorted(items, key=backup_order(query.sort))

    def backup_page(self, project_id: str, query: ListQuery) -> list[str]:
        items = self.backup_listing(project_id, query)
        if query.marker is not None:
            key = backup_order(query.sort)
            after = key(self.model.backups[query.marker.lower()])
            items = [b for b in items if key(b) > after]
        rest = items[query.offset or 0 :]
        return [b.id for b in rest[: query.limit or PAGE_MAX]]

    # -- listOpLogs ---------------------------------------------------------------------

    def invalid_task_query(self, query: ListQuery) -> list[str]:
        bad = [name for name, value in query.filters.items() if not _valid_task_filter(name, value)]
        return bad + _invalid_paging(query, sort=False)

    def decide_list_tasks(
        self, token: str | None, project_id: str, query: ListQuery, host: str | None = None
    ) -> Expect:
        refused = self.model.gateway(token, project_id, write=False, host_region=host)
        if refused is not None:
            return refused
        if self.invalid_task_query(query):
            return INVALID.because(self.model.why("list tasks: malformed parameter"))
        return OK

    def task_matches(self, r: Record, name: str, value: str) -> bool:
        source = self.model.backups[r.backup_id]
        vault = self.model.vaults[r.source_vault_id]
        member: Any = {
            "operation_type": "replication",
            "status": r.task_status,
            "provider_id": source.provider_id,
            "resource_id": source.resource_id,
            "vault_id": vault.id,
            "vault_name": vault.name,
        }.get(name)
        if name == "resource_name":
            return fuzzy_match(source.resource_name, value)
        if name == "vault_name":  # x-cbr-choice: a substring, as resource_name
            return fuzzy_match(vault.name, value)
        if name == "start_time":
            return str(r.task_created_at) >= str(filter_time(value))
        if name == "end_time":
            return str(r.task_created_at) <= str(filter_time(value))
        if name == "enterprise_project_id":
            return bool(value == ALL_EPS or source.enterprise_project_id == value)
        return bool(member == value)

    def task_listing(self, project_id: str, query: ListQuery) -> list[Record]:
        """The project's matching tasks, newest first (ties in any order: see `task_groups`)."""
        mine = [r for r in self.model.records.values() if r.source_project_id == project_id]
        unknown = [r.id for r in mine if r.task_id is None or r.task_created_at is None]
        if unknown:
            raise ModelError(f"tasks of {unknown} not adopted before listing")
        found = [
            r for r in mine if all(self.task_matches(r, n, v) for n, v in query.filters.items())
        ]
        return sorted(found, key=lambda r: str(r.task_created_at), reverse=True)

    # -- listVault and listExternalVault ------------------------------------------------

    def invalid_vault_query(self, query: ListQuery, *, external: bool) -> list[str]:
        bad = [
            name
            for name, value in query.filters.items()
            if not _valid_vault_filter(name, value, external=external)
        ]
        return bad + _invalid_paging(query, sort=False)

    def decide_list_vaults(
        self,
        token: str | None,
        project_id: str,
        query: ListQuery,
        host: str | None = None,
        *,
        external: bool = False,
    ) -> Expect:
        refused = self.model.gateway(token, project_id, write=False, host_region=host)
        if refused is not None:
            return refused
        if self.invalid_vault_query(query, external=external):
            what = "list external vaults" if external else "list vaults"
            return INVALID.because(self.model.why(f"{what}: malformed parameter"))
        return OK

    @staticmethod
    def vault_matches(v: Vault, name: str, value: Any) -> bool:
        if name == "name":
            return fuzzy_match(v.name, str(value))
        if name == "id":
            wanted = {i.lower() for item in value for i in str(item).split(",") if i}
            return v.id in wanted
        if name == "resource_ids":
            wanted = {i for i in str(value).split(",") if i}
            return any(r["id"] in wanted for r in v.members["resources"])
        if name == "enterprise_project_id":
            return bool(value == ALL_EPS or v.members["enterprise_project_id"] == value)
        if name in ("object_type", "objcet_type"):
            return bool(v.object_type == value)
        if name in ("cloud_type", "policy_id"):
            return bool(v.members.get(name) == value)
        if name == "vault_id":
            return v.id == str(value).lower()
        return bool(getattr(v, name) == value)  # protect_type, status

    def vault_listing(self, project_id: str, query: ListQuery) -> set[str]:
        """listVault: the ids of the project's matching vaults (no order is documented)."""
        return {
            v.id
            for v in self.model.vaults.values()
            if v.project_id == project_id
            and all(self.vault_matches(v, n, val) for n, val in query.filters.items())
        }

    def external_listing(
        self, token: str | None, external_project: str, region: str, query: ListQuery
    ) -> set[str]:
        """listExternalVault: another region's project's vaults, as the caller sees them."""
        credential = self.model.credentials.get(token) if token is not None else None
        if credential is None or external_project not in credential.projects:
            return set()
        if self.model.projects.get(external_project) != region:
            return set()
        filters = dict(query.filters)
        if "vault_id" in filters:  # alone: the other filters are ignored
            filters = {"vault_id": filters["vault_id"]}
        return {
            v.id
            for v in self.model.vaults.values()
            if v.project_id == external_project
            and all(self.vault_matches(v, n, val) for n, val in filters.items())
        }
