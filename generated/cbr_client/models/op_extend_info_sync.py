from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpExtendInfoSync")


@_attrs_define
class OpExtendInfoSync:
    """Details of a `sync` task (扩展同步信息).

    Attributes:
        sync_backup_num (int | None | Unset): Backups synchronised.
        delete_backup_num (int | None | Unset): Backups deleted.
        err_sync_backup_num (int | None | Unset): Backups that failed to synchronise.
    """

    sync_backup_num: int | None | Unset = UNSET
    delete_backup_num: int | None | Unset = UNSET
    err_sync_backup_num: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sync_backup_num: int | None | Unset
        if isinstance(self.sync_backup_num, Unset):
            sync_backup_num = UNSET
        else:
            sync_backup_num = self.sync_backup_num

        delete_backup_num: int | None | Unset
        if isinstance(self.delete_backup_num, Unset):
            delete_backup_num = UNSET
        else:
            delete_backup_num = self.delete_backup_num

        err_sync_backup_num: int | None | Unset
        if isinstance(self.err_sync_backup_num, Unset):
            err_sync_backup_num = UNSET
        else:
            err_sync_backup_num = self.err_sync_backup_num

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if sync_backup_num is not UNSET:
            field_dict["sync_backup_num"] = sync_backup_num
        if delete_backup_num is not UNSET:
            field_dict["delete_backup_num"] = delete_backup_num
        if err_sync_backup_num is not UNSET:
            field_dict["err_sync_backup_num"] = err_sync_backup_num

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_sync_backup_num(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        sync_backup_num = _parse_sync_backup_num(d.pop("sync_backup_num", UNSET))

        def _parse_delete_backup_num(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        delete_backup_num = _parse_delete_backup_num(d.pop("delete_backup_num", UNSET))

        def _parse_err_sync_backup_num(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        err_sync_backup_num = _parse_err_sync_backup_num(
            d.pop("err_sync_backup_num", UNSET)
        )

        op_extend_info_sync = cls(
            sync_backup_num=sync_backup_num,
            delete_backup_num=delete_backup_num,
            err_sync_backup_num=err_sync_backup_num,
        )

        op_extend_info_sync.additional_properties = d
        return op_extend_info_sync

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
