"""The read commands of `csbs` (show, list, count, capabilities, vaults), once per API.

Owns: `Reads`, what `csbs` shows of a backup, a listing, a count, the capabilities and the
vaults — a document (for `--json`) and text (for a person) — and `CsbsReads` and `CbrReads`,
which read them with each generated client: CSBS's listBackups pages with `marker` and a
`next` link and counts with countBackups; CBR's pages with `offset`/`marker` and a `count`,
has no count call (its `count` is answered from listBackups' `count`, asked for one item),
and keeps backups in vaults (`vaults`, `--vault`).
Must not import: the emulator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, TypeVar
from uuid import UUID

import cbr_client
import csbs_client
from cbr_client import models as cbr
from cbr_client.api.backups import list_backups as cbr_list
from cbr_client.api.backups import show_backup as cbr_show
from cbr_client.api.capabilities import show_replication_capabilities as cbr_capabilities
from cbr_client.api.vaults import list_external_vault, list_vault
from cbr_client.types import UNSET as CBR_UNSET
from cbr_client.types import Unset as CbrUnset
from csbs_client import models as csbs
from csbs_client.api.backups import count_backups, list_backups, show_backup
from csbs_client.api.capabilities import show_replication_capabilities
from csbs_client.types import UNSET, Unset

from ._calls import AnyClient, GeneratedResponse, answer
from ._cbr import CBR
from ._csbs import CSBS
from ._flow import Api, api_error
from ._values import text
from .connection import ConfigError

M = TypeVar("M")
E = TypeVar("E", bound=Enum)


@dataclass(frozen=True, slots=True)
class Filter:
    """A listBackups filter of `csbs list` and `csbs count`: its option, the parameter it
    sets, and the APIs that have it."""

    option: str
    dest: str
    help: str
    apis: tuple[str, ...] = ("csbs", "cbr")


FILTERS: Final = (
    Filter("--status", "status", "backup status, e.g. available"),
    Filter("--name", "name", "backup name (fuzzy)"),
    Filter("--resource-name", "resource_name", "resource name (fuzzy)"),
    Filter("--resource-id", "resource_id", "resource id"),
    Filter("--resource-type", "resource_type", "OS::Nova::Server or OS::Cinder::Volume"),
    Filter("--checkpoint-id", "checkpoint_id", "checkpoint id"),
    Filter("--az", "az", "availability zone"),
    Filter("--image-type", "image_type", "backup or replication"),
    Filter("--policy-id", "policy_id", "backup policy id (CSBS)", ("csbs",)),
    Filter("--ip", "ip", "server IP address (CSBS)", ("csbs",)),
    Filter("--vault", "vault_id", "vault id (CBR)", ("cbr",)),
    Filter("--start-time", "start_time", "created at or after (YYYY-MM-DDTHH:MM:SS, UTC)"),
    Filter("--end-time", "end_time", "created at or before (YYYY-MM-DDTHH:MM:SS, UTC)"),
)
PAGE: Final = 1000  # the most either listBackups gives in one page


def parsed(api: Api, response: GeneratedResponse, model: type[M], operation: str) -> M:
    """The answer's model, else the typed error of the answer."""
    if isinstance(response.parsed, model):
        return response.parsed
    raise api_error(api, answer(response), operation)


def table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    )


def shown(value: object) -> str:
    return text(value) or "-"


def enum_value(kind: type[E], value: str, option: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise ConfigError(
            f"{option} must be one of {', '.join(str(v.value) for v in kind)}"
        ) from None


def _lines(pairs: Sequence[tuple[str, str]]) -> str:
    return "\n".join(f"{key:<13}{value}" for key, value in pairs)


def _records(rows: Sequence[Sequence[str]]) -> str:
    if not rows:
        return ""
    header = ("RECORD", "TO", "PROJECT", "STATUS", "REPLICA", "CREATED")
    return "\nreplications:\n" + table([header, *rows])


@dataclass(frozen=True, slots=True)
class Listing:
    items: list[dict[str, Any]]
    rows: Sequence[Sequence[str]]


class Reads:
    """One API's read commands. Each returns (document, text)."""

    api: Api
    member: str  # the listing's member in a --json document
    header: tuple[str, ...]  # of a listing's table

    def show(self, project: str, item: UUID) -> tuple[dict[str, Any], str]:
        raise NotImplementedError

    def list(
        self,
        project: str,
        filters: Mapping[str, str],
        sort: str | None,
        wanted: int | None,
        all_tenants: bool,
    ) -> Listing:
        raise NotImplementedError

    def count(self, project: str, filters: Mapping[str, str], all_tenants: bool) -> int:
        raise NotImplementedError

    def capabilities(self, project: str) -> tuple[dict[str, Any], str]:
        raise NotImplementedError

    def vaults(
        self, project: str, region: str | None, destination_project: str | None
    ) -> tuple[dict[str, Any], str]:
        raise ConfigError("CSBS keeps no vaults: `vaults` is a CBR command (--api cbr)")

    def check(self, filters: Mapping[str, str]) -> None:
        """Refuse a filter this API's listBackups does not have."""
        for f in FILTERS:
            if f.dest in filters and self.api.name not in f.apis:
                other = " or ".join(a.upper() for a in f.apis)
                raise ConfigError(
                    f"{f.option} is a filter of {other} only, not {self.api.name.upper()}"
                )


def _capabilities(regions: Sequence[tuple[str, Sequence[str]]]) -> str:
    return "\n".join(f"{name}: {', '.join(to) or '(none)'}" for name, to in regions)


class CsbsReads(Reads):
    api = CSBS
    member = "checkpoint_items"
    header = ("ID", "NAME", "STATUS", "COPY", "CREATED")

    def __init__(self, client: AnyClient) -> None:
        assert isinstance(client, csbs_client.Client | csbs_client.AuthenticatedClient)
        self.client = client

    def show(self, project: str, item: UUID) -> tuple[dict[str, Any], str]:
        response = show_backup.sync_detailed(project, item, client=self.client)
        b = parsed(CSBS, response, csbs.ShowBackupResponse, "showBackup").checkpoint_item
        info = b.extend_info
        lines = [
            ("id", str(b.id)),
            ("name", b.name),
            ("status", str(b.status)),
            ("resource", f"{shown(info.resource_name)} ({b.resource_type}) {b.resource_id}"),
            ("created_at", shown(b.created_at)),
            ("copy_status", str(info.copy_status)),
            ("copy_from", shown(info.copy_from)),
        ]
        if info.fail_reason:
            lines.append(("fail_reason", shown(info.fail_reason)))
        records = [] if isinstance(b.replication_records, Unset) else b.replication_records
        rows = [
            (
                str(r.id),
                r.destination_region,
                shown(r.destination_project_id),
                str(r.status),
                shown(r.destination_checkpoint_item_id),
                shown(r.created_at),
            )
            for r in records
        ]
        return {"checkpoint_item": b.to_dict()}, _lines(lines) + _records(rows)

    def _filters(self, filters: Mapping[str, str]) -> dict[str, Any]:
        self.check(filters)
        out: dict[str, Any] = dict(filters)
        if "status" in out:
            out["status"] = enum_value(csbs.BackupStatus, out["status"], "--status")
        return out

    def list(
        self,
        project: str,
        filters: Mapping[str, str],
        sort: str | None,
        wanted: int | None,
        all_tenants: bool,
    ) -> Listing:
        params = self._filters(filters)
        items: list[csbs.Backup] = []
        marker: Any = UNSET
        while wanted is None or len(items) < wanted:
            response = list_backups.sync_detailed(
                project,
                client=self.client,
                limit=PAGE if wanted is None else min(PAGE, wanted - len(items)),
                marker=marker,
                sort=sort if sort else UNSET,
                all_tenants=all_tenants,
                **params,
            )
            page = parsed(CSBS, response, csbs.ListBackupsResponse, "listBackups")
            items.extend(page.checkpoint_items)
            links = page.checkpoint_items_links
            more = not isinstance(links, Unset) and any(str(link.rel) == "next" for link in links)
            if not more or not page.checkpoint_items:
                break
            marker = page.checkpoint_items[-1].id
        rows = [
            (str(b.id), b.name, str(b.status), str(b.extend_info.copy_status), shown(b.created_at))
            for b in items
        ]
        return Listing([b.to_dict() for b in items], rows)

    def count(self, project: str, filters: Mapping[str, str], all_tenants: bool) -> int:
        response = count_backups.sync_detailed(
            project, client=self.client, all_tenants=all_tenants, **self._filters(filters)
        )
        return parsed(CSBS, response, csbs.CountBackupsResponse, "countBackups").count

    def capabilities(self, project: str) -> tuple[dict[str, Any], str]:
        response = show_replication_capabilities.sync_detailed(project, client=self.client)
        caps = parsed(CSBS, response, csbs.ReplicationCapabilities, "showReplicationCapabilities")
        regions = [(r.name, r.replication_destinations) for r in caps.regions]
        return caps.to_dict(), _capabilities(regions)


# CBR's listBackups names two filters differently from CSBS's (and from the options).
_CBR_PARAMETERS: Final = {"az": "resource_az"}


class CbrReads(Reads):
    api = CBR
    member = "backups"
    header = ("ID", "NAME", "STATUS", "TYPE", "CREATED")

    def __init__(self, client: AnyClient) -> None:
        assert isinstance(client, cbr_client.Client | cbr_client.AuthenticatedClient)
        self.client = client

    def show(self, project: str, item: UUID) -> tuple[dict[str, Any], str]:
        response = cbr_show.sync_detailed(project, item, client=self.client)
        b = parsed(CBR, response, cbr.ShowBackupResponse, "showBackup").backup
        lines = [
            ("id", str(b.id)),
            ("name", b.name),
            ("status", str(b.status)),
            ("image_type", str(b.image_type)),
            ("resource", f"{shown(b.resource_name)} ({b.resource_type}) {b.resource_id}"),
            ("vault", str(b.vault_id)),
            ("created_at", shown(b.created_at)),
        ]
        records = [] if isinstance(b.replication_records, CbrUnset) else b.replication_records
        rows = [
            (
                str(r.id),
                shown(r.destination_region),
                shown(r.destination_project_id),
                shown(r.status),
                shown(r.destination_backup_id),
                shown(r.created_at),
            )
            for r in records
        ]
        return {"backup": b.to_dict()}, _lines(lines) + _records(rows)

    def _filters(self, filters: Mapping[str, str], all_tenants: bool) -> dict[str, Any]:
        self.check(filters)
        if all_tenants:
            raise ConfigError("--all-tenants is CSBS's: CBR's listBackups has no such parameter")
        out: dict[str, Any] = {_CBR_PARAMETERS.get(k, k): v for k, v in filters.items()}
        if "status" in out:
            out["status"] = [enum_value(cbr.BackupStatus, out["status"], "--status")]
        if "image_type" in out:
            out["image_type"] = enum_value(cbr.ImageType, out["image_type"], "--image-type")
        if "resource_type" in out:
            out["resource_type"] = enum_value(
                cbr.ResourceType, out["resource_type"], "--resource-type"
            )
        return out

    def _page(
        self, project: str, params: Mapping[str, Any], limit: int, **more: Any
    ) -> cbr.ListBackupsResponse:
        response = cbr_list.sync_detailed(
            project, client=self.client, limit=limit, **params, **more
        )
        return parsed(CBR, response, cbr.ListBackupsResponse, "listBackups")

    def list(
        self,
        project: str,
        filters: Mapping[str, str],
        sort: str | None,
        wanted: int | None,
        all_tenants: bool,
    ) -> Listing:
        params = self._filters(filters, all_tenants)
        items: list[cbr.BackupResp] = []
        marker: Any = CBR_UNSET
        while wanted is None or len(items) < wanted:
            size = PAGE if wanted is None else min(PAGE, wanted - len(items))
            page = self._page(
                project, params, size, marker=marker, sort=sort if sort else CBR_UNSET
            )
            items.extend(page.backups)
            # `count` is every match over all pages; a short page is the last one.
            if len(page.backups) < size or len(items) >= page.count:
                break
            marker = page.backups[-1].id
        rows = [
            (str(b.id), b.name, str(b.status), str(b.image_type), shown(b.created_at))
            for b in items
        ]
        return Listing([b.to_dict() for b in items], rows)

    def count(self, project: str, filters: Mapping[str, str], all_tenants: bool) -> int:
        # CBR has no countBackups: listBackups' `count` is the number of matching backups
        # over all pages, so one item is asked for and the count read.
        return self._page(project, self._filters(filters, all_tenants), 1).count

    def capabilities(self, project: str) -> tuple[dict[str, Any], str]:
        response = cbr_capabilities.sync_detailed(project, client=self.client)
        caps = parsed(CBR, response, cbr.ReplicationCapabilities, "showReplicationCapabilities")
        regions = [(r.name, r.replication_destinations) for r in caps.regions]
        return caps.to_dict(), _capabilities(regions)

    def vaults(
        self, project: str, region: str | None, destination_project: str | None
    ) -> tuple[dict[str, Any], str]:
        """The project's vaults here, or (with a region and project) the replication vaults
        a replica may go to there (ListExternalVault)."""
        if (region is None) != (destination_project is None):
            raise ConfigError("vaults: give --to and --to-project together, or neither")
        if region is not None and destination_project is not None:
            response = list_external_vault.sync_detailed(
                project,
                client=self.client,
                external_project_id=destination_project,
                region_id=region,
                protect_type=cbr.ProtectType.REPLICATION,
            )
            operation = "listExternalVault"
        else:
            response = list_vault.sync_detailed(project, client=self.client)
            operation = "listVault"
        found = parsed(CBR, response, cbr.ListVaultResponse, operation)
        header = ("ID", "NAME", "PROTECT", "OBJECT", "STATUS", "SIZE_GB", "USED_MB")
        rows = [
            (
                str(v.id),
                v.name,
                str(v.billing.protect_type),
                shown(v.billing.object_type),
                str(v.billing.status),
                str(v.billing.size),
                str(v.billing.used),
            )
            for v in found.vaults
        ]
        return found.to_dict(), table([header, *rows]) if rows else ""


READS: Final[dict[str, Callable[[AnyClient], Reads]]] = {"csbs": CsbsReads, "cbr": CbrReads}
