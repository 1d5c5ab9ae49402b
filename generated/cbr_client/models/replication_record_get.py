from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.replication_status import ReplicationStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.replication_records_extra_info import ReplicationRecordsExtraInfo


T = TypeVar("T", bound="ReplicationRecordGet")


@_attrs_define
class ReplicationRecordGet:
    """One replication of a backup (复制记录), as the source backup lists it. A reader may
    rely on `id` only (the service's definition requires no other member).

        Attributes:
            id (UUID): A UUID in its canonical dashed form. Example: 6df2b54c-dd62-4059-a07c-1b8f24f2725d.
            created_at (str | Unset): A time as the service writes it: ISO 8601, UTC, with or without a fraction (up to six
                digits) and with or without a zone (`Z` or `+00:00`), e.g. `2020-02-05T10:38:34.209782`.
                The emulator writes the zone-less microsecond form. Not strict RFC 3339, hence no `format`.
                 Example: 2020-02-05T10:38:34.209782.
            status (ReplicationStatus | str | Unset): Status of the replication (see `ReplicationStatus`).
            source_region (str | Unset): A region id, e.g. `ap-southeast-1`. Example: ap-southeast-2.
            source_project_id (str | Unset): A project id; Huawei issues 32 lowercase hex digits. Example:
                68589cac08274b82b4e254268a3862d8.
            source_backup_id (UUID | Unset): A UUID in its canonical dashed form. Example:
                6df2b54c-dd62-4059-a07c-1b8f24f2725d.
            source_checkpoint_id (UUID | Unset): A UUID in its canonical dashed form. Example:
                6df2b54c-dd62-4059-a07c-1b8f24f2725d.
            vault_id (UUID | Unset): A UUID in its canonical dashed form. Example: 6df2b54c-dd62-4059-a07c-1b8f24f2725d.
            destination_region (str | Unset): A region id, e.g. `ap-southeast-1`. Example: ap-southeast-2.
            destination_project_id (str | Unset): A project id; Huawei issues 32 lowercase hex digits. Example:
                68589cac08274b82b4e254268a3862d8.
            destination_backup_id (None | str | Unset): The replica (复制的目的备份ID), a UUID once the copy has succeeded; `null`
                before.
            destination_checkpoint_id (None | str | Unset): Restore point of the replica (复制的目的备份记录ID); `null` before the
                copy has succeeded.
            destination_vault_id (UUID | Unset): A UUID in its canonical dashed form. Example:
                6df2b54c-dd62-4059-a07c-1b8f24f2725d.
            extra_info (ReplicationRecordsExtraInfo | Unset): Progress and failure details of a replication record. Huawei's
                definition and Go SDK
                spell the destination vault `destinatio_vault_id` (sic); the Python SDK 3.1.219 reads
                `destination_vault_id`. The emulator sends both, with the same value.
    """

    id: UUID
    created_at: str | Unset = UNSET
    status: ReplicationStatus | str | Unset = UNSET
    source_region: str | Unset = UNSET
    source_project_id: str | Unset = UNSET
    source_backup_id: UUID | Unset = UNSET
    source_checkpoint_id: UUID | Unset = UNSET
    vault_id: UUID | Unset = UNSET
    destination_region: str | Unset = UNSET
    destination_project_id: str | Unset = UNSET
    destination_backup_id: None | str | Unset = UNSET
    destination_checkpoint_id: None | str | Unset = UNSET
    destination_vault_id: UUID | Unset = UNSET
    extra_info: ReplicationRecordsExtraInfo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        created_at = self.created_at

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, ReplicationStatus):
            status = self.status.value
        else:
            status = self.status

        source_region = self.source_region

        source_project_id = self.source_project_id

        source_backup_id: str | Unset = UNSET
        if not isinstance(self.source_backup_id, Unset):
            source_backup_id = str(self.source_backup_id)

        source_checkpoint_id: str | Unset = UNSET
        if not isinstance(self.source_checkpoint_id, Unset):
            source_checkpoint_id = str(self.source_checkpoint_id)

        vault_id: str | Unset = UNSET
        if not isinstance(self.vault_id, Unset):
            vault_id = str(self.vault_id)

        destination_region = self.destination_region

        destination_project_id = self.destination_project_id

        destination_backup_id: None | str | Unset
        if isinstance(self.destination_backup_id, Unset):
            destination_backup_id = UNSET
        else:
            destination_backup_id = self.destination_backup_id

        destination_checkpoint_id: None | str | Unset
        if isinstance(self.destination_checkpoint_id, Unset):
            destination_checkpoint_id = UNSET
        else:
            destination_checkpoint_id = self.destination_checkpoint_id

        destination_vault_id: str | Unset = UNSET
        if not isinstance(self.destination_vault_id, Unset):
            destination_vault_id = str(self.destination_vault_id)

        extra_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extra_info, Unset):
            extra_info = self.extra_info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if status is not UNSET:
            field_dict["status"] = status
        if source_region is not UNSET:
            field_dict["source_region"] = source_region
        if source_project_id is not UNSET:
            field_dict["source_project_id"] = source_project_id
        if source_backup_id is not UNSET:
            field_dict["source_backup_id"] = source_backup_id
        if source_checkpoint_id is not UNSET:
            field_dict["source_checkpoint_id"] = source_checkpoint_id
        if vault_id is not UNSET:
            field_dict["vault_id"] = vault_id
        if destination_region is not UNSET:
            field_dict["destination_region"] = destination_region
        if destination_project_id is not UNSET:
            field_dict["destination_project_id"] = destination_project_id
        if destination_backup_id is not UNSET:
            field_dict["destination_backup_id"] = destination_backup_id
        if destination_checkpoint_id is not UNSET:
            field_dict["destination_checkpoint_id"] = destination_checkpoint_id
        if destination_vault_id is not UNSET:
            field_dict["destination_vault_id"] = destination_vault_id
        if extra_info is not UNSET:
            field_dict["extra_info"] = extra_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.replication_records_extra_info import ReplicationRecordsExtraInfo  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        created_at = d.pop("created_at", UNSET)

        def _parse_status(data: object) -> ReplicationStatus | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ReplicationStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ReplicationStatus | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        source_region = d.pop("source_region", UNSET)

        source_project_id = d.pop("source_project_id", UNSET)

        _source_backup_id = d.pop("source_backup_id", UNSET)
        source_backup_id: UUID | Unset
        if isinstance(_source_backup_id, Unset):
            source_backup_id = UNSET
        else:
            source_backup_id = UUID(_source_backup_id)

        _source_checkpoint_id = d.pop("source_checkpoint_id", UNSET)
        source_checkpoint_id: UUID | Unset
        if isinstance(_source_checkpoint_id, Unset):
            source_checkpoint_id = UNSET
        else:
            source_checkpoint_id = UUID(_source_checkpoint_id)

        _vault_id = d.pop("vault_id", UNSET)
        vault_id: UUID | Unset
        if isinstance(_vault_id, Unset):
            vault_id = UNSET
        else:
            vault_id = UUID(_vault_id)

        destination_region = d.pop("destination_region", UNSET)

        destination_project_id = d.pop("destination_project_id", UNSET)

        def _parse_destination_backup_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        destination_backup_id = _parse_destination_backup_id(
            d.pop("destination_backup_id", UNSET)
        )

        def _parse_destination_checkpoint_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        destination_checkpoint_id = _parse_destination_checkpoint_id(
            d.pop("destination_checkpoint_id", UNSET)
        )

        _destination_vault_id = d.pop("destination_vault_id", UNSET)
        destination_vault_id: UUID | Unset
        if isinstance(_destination_vault_id, Unset):
            destination_vault_id = UNSET
        else:
            destination_vault_id = UUID(_destination_vault_id)

        _extra_info = d.pop("extra_info", UNSET)
        extra_info: ReplicationRecordsExtraInfo | Unset
        if isinstance(_extra_info, Unset):
            extra_info = UNSET
        else:
            extra_info = ReplicationRecordsExtraInfo.from_dict(_extra_info)

        replication_record_get = cls(
            id=id,
            created_at=created_at,
            status=status,
            source_region=source_region,
            source_project_id=source_project_id,
            source_backup_id=source_backup_id,
            source_checkpoint_id=source_checkpoint_id,
            vault_id=vault_id,
            destination_region=destination_region,
            destination_project_id=destination_project_id,
            destination_backup_id=destination_backup_id,
            destination_checkpoint_id=destination_checkpoint_id,
            destination_vault_id=destination_vault_id,
            extra_info=extra_info,
        )

        replication_record_get.additional_properties = d
        return replication_record_get

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
