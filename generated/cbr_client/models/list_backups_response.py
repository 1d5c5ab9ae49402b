from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.backup_resp import BackupResp


T = TypeVar("T", bound="ListBackupsResponse")


@_attrs_define
class ListBackupsResponse:
    """The body of `listBackups`; `limit` and `offset` echo the page asked for.

    Attributes:
        backups (list[BackupResp]): One page of backups (备份列表).
        count (int): Number of matching backups over all pages (备份个数).
        limit (int | Unset): Items per page (每页显示的条目数量).
        offset (int | Unset): Offset the page starts at (偏移量).
    """

    backups: list[BackupResp]
    count: int
    limit: int | Unset = UNSET
    offset: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        backups = []
        for backups_item_data in self.backups:
            backups_item = backups_item_data.to_dict()
            backups.append(backups_item)

        count = self.count

        limit = self.limit

        offset = self.offset

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "backups": backups,
                "count": count,
            }
        )
        if limit is not UNSET:
            field_dict["limit"] = limit
        if offset is not UNSET:
            field_dict["offset"] = offset

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backup_resp import BackupResp  # noqa: PLC0415

        d = dict(src_dict)
        backups = []
        _backups = d.pop("backups")
        for backups_item_data in _backups:
            backups_item = BackupResp.from_dict(backups_item_data)

            backups.append(backups_item)

        count = d.pop("count")

        limit = d.pop("limit", UNSET)

        offset = d.pop("offset", UNSET)

        list_backups_response = cls(
            backups=backups,
            count=count,
            limit=limit,
            offset=offset,
        )

        list_backups_response.additional_properties = d
        return list_backups_response

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
