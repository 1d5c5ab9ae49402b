from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.provider_id import ProviderId

T = TypeVar("T", bound="BackupReplicateRespBody")


@_attrs_define
class BackupReplicateRespBody:
    """The accepted replication (BackupReplicateRespBody).

    Attributes:
        backup_id (UUID): A UUID in its canonical dashed form. Example: 6df2b54c-dd62-4059-a07c-1b8f24f2725d.
        destination_project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        destination_region (str): A region id, e.g. `ap-southeast-1`. Example: ap-southeast-2.
        destination_vault_id (UUID): A UUID in its canonical dashed form. Example: 6df2b54c-dd62-4059-a07c-1b8f24f2725d.
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        provider_id (ProviderId | str): The backup provider of the backup (see `ProviderId`).
        replication_record_id (UUID): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.
        source_region (str): A region id, e.g. `ap-southeast-1`. Example: ap-southeast-2.
    """

    backup_id: UUID
    destination_project_id: str
    destination_region: str
    destination_vault_id: UUID
    project_id: str
    provider_id: ProviderId | str
    replication_record_id: UUID
    source_region: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        backup_id = str(self.backup_id)

        destination_project_id = self.destination_project_id

        destination_region = self.destination_region

        destination_vault_id = str(self.destination_vault_id)

        project_id = self.project_id

        provider_id: str
        if isinstance(self.provider_id, ProviderId):
            provider_id = self.provider_id.value
        else:
            provider_id = self.provider_id

        replication_record_id = str(self.replication_record_id)

        source_region = self.source_region

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "backup_id": backup_id,
                "destination_project_id": destination_project_id,
                "destination_region": destination_region,
                "destination_vault_id": destination_vault_id,
                "project_id": project_id,
                "provider_id": provider_id,
                "replication_record_id": replication_record_id,
                "source_region": source_region,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        backup_id = UUID(d.pop("backup_id"))

        destination_project_id = d.pop("destination_project_id")

        destination_region = d.pop("destination_region")

        destination_vault_id = UUID(d.pop("destination_vault_id"))

        project_id = d.pop("project_id")

        def _parse_provider_id(data: object) -> ProviderId | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                provider_id_type_0 = ProviderId(data)

                return provider_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ProviderId | str, data)

        provider_id = _parse_provider_id(d.pop("provider_id"))

        replication_record_id = UUID(d.pop("replication_record_id"))

        source_region = d.pop("source_region")

        backup_replicate_resp_body = cls(
            backup_id=backup_id,
            destination_project_id=destination_project_id,
            destination_region=destination_region,
            destination_vault_id=destination_vault_id,
            project_id=project_id,
            provider_id=provider_id,
            replication_record_id=replication_record_id,
            source_region=source_region,
        )

        backup_replicate_resp_body.additional_properties = d
        return backup_replicate_resp_body

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
