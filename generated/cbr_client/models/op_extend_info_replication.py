from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpExtendInfoReplication")


@_attrs_define
class OpExtendInfoReplication:
    """Replication details of a `replication` task (扩展复制信息). The service's definition
    requires the source backup, source and destination project and region.

        Attributes:
            destination_project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
                68589cac08274b82b4e254268a3862d8.
            destination_region (str): A region id, e.g. `ap-southeast-1`. Example: ap-southeast-2.
            source_backup_id (UUID): A UUID in its canonical dashed form. Example: 6df2b54c-dd62-4059-a07c-1b8f24f2725d.
            source_project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
                68589cac08274b82b4e254268a3862d8.
            source_region (str): A region id, e.g. `ap-southeast-1`. Example: ap-southeast-2.
            destination_backup_id (None | str | Unset): The replica (目标副本ID); `null` until the copy has succeeded.
            destination_checkpoint_id (None | str | Unset): Restore point of the replica (目标还原点ID); `null` until the copy
                has succeeded.
            source_checkpoint_id (None | str | Unset): Restore point of the replicated backup (源还原点ID).
            source_backup_name (None | str | Unset): Name of the replicated backup (源备份名称).
            destination_backup_name (None | str | Unset): Name of the replica (目标备份名称).
    """

    destination_project_id: str
    destination_region: str
    source_backup_id: UUID
    source_project_id: str
    source_region: str
    destination_backup_id: None | str | Unset = UNSET
    destination_checkpoint_id: None | str | Unset = UNSET
    source_checkpoint_id: None | str | Unset = UNSET
    source_backup_name: None | str | Unset = UNSET
    destination_backup_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        destination_project_id = self.destination_project_id

        destination_region = self.destination_region

        source_backup_id = str(self.source_backup_id)

        source_project_id = self.source_project_id

        source_region = self.source_region

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

        source_checkpoint_id: None | str | Unset
        if isinstance(self.source_checkpoint_id, Unset):
            source_checkpoint_id = UNSET
        else:
            source_checkpoint_id = self.source_checkpoint_id

        source_backup_name: None | str | Unset
        if isinstance(self.source_backup_name, Unset):
            source_backup_name = UNSET
        else:
            source_backup_name = self.source_backup_name

        destination_backup_name: None | str | Unset
        if isinstance(self.destination_backup_name, Unset):
            destination_backup_name = UNSET
        else:
            destination_backup_name = self.destination_backup_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "destination_project_id": destination_project_id,
                "destination_region": destination_region,
                "source_backup_id": source_backup_id,
                "source_project_id": source_project_id,
                "source_region": source_region,
            }
        )
        if destination_backup_id is not UNSET:
            field_dict["destination_backup_id"] = destination_backup_id
        if destination_checkpoint_id is not UNSET:
            field_dict["destination_checkpoint_id"] = destination_checkpoint_id
        if source_checkpoint_id is not UNSET:
            field_dict["source_checkpoint_id"] = source_checkpoint_id
        if source_backup_name is not UNSET:
            field_dict["source_backup_name"] = source_backup_name
        if destination_backup_name is not UNSET:
            field_dict["destination_backup_name"] = destination_backup_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        destination_project_id = d.pop("destination_project_id")

        destination_region = d.pop("destination_region")

        source_backup_id = UUID(d.pop("source_backup_id"))

        source_project_id = d.pop("source_project_id")

        source_region = d.pop("source_region")

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

        def _parse_source_checkpoint_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source_checkpoint_id = _parse_source_checkpoint_id(
            d.pop("source_checkpoint_id", UNSET)
        )

        def _parse_source_backup_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source_backup_name = _parse_source_backup_name(
            d.pop("source_backup_name", UNSET)
        )

        def _parse_destination_backup_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        destination_backup_name = _parse_destination_backup_name(
            d.pop("destination_backup_name", UNSET)
        )

        op_extend_info_replication = cls(
            destination_project_id=destination_project_id,
            destination_region=destination_region,
            source_backup_id=source_backup_id,
            source_project_id=source_project_id,
            source_region=source_region,
            destination_backup_id=destination_backup_id,
            destination_checkpoint_id=destination_checkpoint_id,
            source_checkpoint_id=source_checkpoint_id,
            source_backup_name=source_backup_name,
            destination_backup_name=destination_backup_name,
        )

        op_extend_info_replication.additional_properties = d
        return op_extend_info_replication

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
