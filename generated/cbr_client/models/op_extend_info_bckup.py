from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpExtendInfoBckup")


@_attrs_define
class OpExtendInfoBckup:
    """Details of a `backup` task (备份扩展参数); the name is the service's (sic).

    Attributes:
        app_consistency_error_code (None | str | Unset): Error code of a failed application-consistent backup.
        app_consistency_error_message (None | str | Unset): Error message of a failed application-consistent backup.
        app_consistency_status (None | str | Unset): `0` not application-consistent, `1` application-consistent.
        backup_id (None | str | Unset): The backup made (备份副本ID).
        backup_name (None | str | Unset): Its name (备份名称).
        incremental (None | str | Unset): Whether it is incremental, as a string (`true`/`false`).
    """

    app_consistency_error_code: None | str | Unset = UNSET
    app_consistency_error_message: None | str | Unset = UNSET
    app_consistency_status: None | str | Unset = UNSET
    backup_id: None | str | Unset = UNSET
    backup_name: None | str | Unset = UNSET
    incremental: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        app_consistency_error_code: None | str | Unset
        if isinstance(self.app_consistency_error_code, Unset):
            app_consistency_error_code = UNSET
        else:
            app_consistency_error_code = self.app_consistency_error_code

        app_consistency_error_message: None | str | Unset
        if isinstance(self.app_consistency_error_message, Unset):
            app_consistency_error_message = UNSET
        else:
            app_consistency_error_message = self.app_consistency_error_message

        app_consistency_status: None | str | Unset
        if isinstance(self.app_consistency_status, Unset):
            app_consistency_status = UNSET
        else:
            app_consistency_status = self.app_consistency_status

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

        incremental: None | str | Unset
        if isinstance(self.incremental, Unset):
            incremental = UNSET
        else:
            incremental = self.incremental

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if app_consistency_error_code is not UNSET:
            field_dict["app_consistency_error_code"] = app_consistency_error_code
        if app_consistency_error_message is not UNSET:
            field_dict["app_consistency_error_message"] = app_consistency_error_message
        if app_consistency_status is not UNSET:
            field_dict["app_consistency_status"] = app_consistency_status
        if backup_id is not UNSET:
            field_dict["backup_id"] = backup_id
        if backup_name is not UNSET:
            field_dict["backup_name"] = backup_name
        if incremental is not UNSET:
            field_dict["incremental"] = incremental

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_app_consistency_error_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        app_consistency_error_code = _parse_app_consistency_error_code(
            d.pop("app_consistency_error_code", UNSET)
        )

        def _parse_app_consistency_error_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        app_consistency_error_message = _parse_app_consistency_error_message(
            d.pop("app_consistency_error_message", UNSET)
        )

        def _parse_app_consistency_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        app_consistency_status = _parse_app_consistency_status(
            d.pop("app_consistency_status", UNSET)
        )

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

        def _parse_incremental(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        incremental = _parse_incremental(d.pop("incremental", UNSET))

        op_extend_info_bckup = cls(
            app_consistency_error_code=app_consistency_error_code,
            app_consistency_error_message=app_consistency_error_message,
            app_consistency_status=app_consistency_status,
            backup_id=backup_id,
            backup_name=backup_name,
            incremental=incremental,
        )

        op_extend_info_bckup.additional_properties = d
        return op_extend_info_bckup

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
