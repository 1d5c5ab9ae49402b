from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.provider_id import ProviderId

T = TypeVar("T", bound="ReplicationResp")


@_attrs_define
class ReplicationResp:
    """The accepted replication (replication_resp, 复制返回参数).

    Attributes:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        provider_id (ProviderId | str): The backup provider id (备份提供商ID).
        checkpoint_item_id (UUID): A UUID in its canonical dashed form. Example: c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        source_region (str): A region id, e.g. `cn-north-1`. Example: cn-east-2.
        destination_region (str): A region id, e.g. `cn-north-1`. Example: cn-east-2.
        destination_project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        replication_record_id (UUID): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
    """

    project_id: str
    provider_id: ProviderId | str
    checkpoint_item_id: UUID
    source_region: str
    destination_region: str
    destination_project_id: str
    replication_record_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        project_id = self.project_id

        provider_id: str
        if isinstance(self.provider_id, ProviderId):
            provider_id = self.provider_id.value
        else:
            provider_id = self.provider_id

        checkpoint_item_id = str(self.checkpoint_item_id)

        source_region = self.source_region

        destination_region = self.destination_region

        destination_project_id = self.destination_project_id

        replication_record_id = str(self.replication_record_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "project_id": project_id,
                "provider_id": provider_id,
                "checkpoint_item_id": checkpoint_item_id,
                "source_region": source_region,
                "destination_region": destination_region,
                "destination_project_id": destination_project_id,
                "replication_record_id": replication_record_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
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

        checkpoint_item_id = UUID(d.pop("checkpoint_item_id"))

        source_region = d.pop("source_region")

        destination_region = d.pop("destination_region")

        destination_project_id = d.pop("destination_project_id")

        replication_record_id = UUID(d.pop("replication_record_id"))

        replication_resp = cls(
            project_id=project_id,
            provider_id=provider_id,
            checkpoint_item_id=checkpoint_item_id,
            source_region=source_region,
            destination_region=destination_region,
            destination_project_id=destination_project_id,
            replication_record_id=replication_record_id,
        )

        replication_resp.additional_properties = d
        return replication_resp

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
