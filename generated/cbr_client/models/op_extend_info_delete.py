from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpExtendInfoDelete")


@_attrs_define
class OpExtendInfoDelete:
    """Details of a `delete` task (删除扩展参数).

    Attributes:
        backup_id (None | str | Unset): The deleted backup (备份副本ID).
        backup_name (None | str | Unset): Its name (备份名称).
    """

    backup_id: None | str | Unset = UNSET
    backup_name: None | str | Unset = UNSET
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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if backup_id is not UNSET:
            field_dict["backup_id"] = backup_id
        if backup_name is not UNSET:
            field_dict["backup_name"] = backup_name

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

        op_extend_info_delete = cls(
            backup_id=backup_id,
            backup_name=backup_name,
        )

        op_extend_info_delete.additional_properties = d
        return op_extend_info_delete

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
