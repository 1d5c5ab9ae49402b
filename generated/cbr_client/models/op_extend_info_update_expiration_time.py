from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpExtendInfoUpdateExpirationTime")


@_attrs_define
class OpExtendInfoUpdateExpirationTime:
    """Details of a task that changed backups' expiration (SDK only).

    Attributes:
        affected_backups_count (int | None | Unset): Backups affected.
        expiration_day (None | str | Unset): The new expiration date, `YYYY-MM-DD`.
    """

    affected_backups_count: int | None | Unset = UNSET
    expiration_day: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        affected_backups_count: int | None | Unset
        if isinstance(self.affected_backups_count, Unset):
            affected_backups_count = UNSET
        else:
            affected_backups_count = self.affected_backups_count

        expiration_day: None | str | Unset
        if isinstance(self.expiration_day, Unset):
            expiration_day = UNSET
        else:
            expiration_day = self.expiration_day

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if affected_backups_count is not UNSET:
            field_dict["affected_backups_count"] = affected_backups_count
        if expiration_day is not UNSET:
            field_dict["expiration_day"] = expiration_day

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_affected_backups_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        affected_backups_count = _parse_affected_backups_count(
            d.pop("affected_backups_count", UNSET)
        )

        def _parse_expiration_day(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        expiration_day = _parse_expiration_day(d.pop("expiration_day", UNSET))

        op_extend_info_update_expiration_time = cls(
            affected_backups_count=affected_backups_count,
            expiration_day=expiration_day,
        )

        op_extend_info_update_expiration_time.additional_properties = d
        return op_extend_info_update_expiration_time

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
