from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpExtendInfoRestore")


@_attrs_define
class OpExtendInfoRestore:
    """Details of a `restore` task (扩展恢复信息).

    Attributes:
        backup_id (None | str | Unset): The backup restored from.
        backup_name (None | str | Unset): Its name.
        target_resource_id (None | str | Unset): The resource restored to.
        target_resource_name (None | str | Unset): Its name.
    """

    backup_id: None | str | Unset = UNSET
    backup_name: None | str | Unset = UNSET
    target_resource_id: None | str | Unset = UNSET
    target_resource_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        backup_id: None | str | Unset
        if isinstance(self.backup_id, Unset):
            backup_id = UNSET
        else:
            backup_id = self.backup_id

        backup_name: None | str | Unset
        if isinstance(self.backup_name, Unset):
            backup_name = UNSET
        else:
            backup_name = self.backup_name

        target_resource_id: None | str | Unset
        if isinstance(self.target_resource_id, Unset):
            target_resource_id = UNSET
        else:
            target_resource_id = self.target_resource_id

        target_resource_name: None | str | Unset
        if isinstance(self.target_resource_name, Unset):
            target_resource_name = UNSET
        else:
            target_resource_name = self.target_resource_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if backup_id is not UNSET:
            field_dict["backup_id"] = backup_id
        if backup_name is not UNSET:
            field_dict["backup_name"] = backup_name
        if target_resource_id is not UNSET:
            field_dict["target_resource_id"] = target_resource_id
        if target_resource_name is not UNSET:
            field_dict["target_resource_name"] = target_resource_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_backup_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        backup_id = _parse_backup_id(d.pop("backup_id", UNSET))

        def _parse_backup_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        backup_name = _parse_backup_name(d.pop("backup_name", UNSET))

        def _parse_target_resource_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_resource_id = _parse_target_resource_id(
            d.pop("target_resource_id", UNSET)
        )

        def _parse_target_resource_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_resource_name = _parse_target_resource_name(
            d.pop("target_resource_name", UNSET)
        )

        op_extend_info_restore = cls(
            backup_id=backup_id,
            backup_name=backup_name,
            target_resource_id=target_resource_id,
            target_resource_name=target_resource_name,
        )

        op_extend_info_restore.additional_properties = d
        return op_extend_info_restore

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
