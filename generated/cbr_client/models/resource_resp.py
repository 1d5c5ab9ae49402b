from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.protect_status import ProtectStatus
from ..models.resource_type import ResourceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resource_extra_info import ResourceExtraInfo


T = TypeVar("T", bound="ResourceResp")


@_attrs_define
class ResourceResp:
    """A resource bound to a vault (资源详情).

    Attributes:
        id (str): Id of the resource (待备份资源id).
        name (str): Name of the resource, 0–255 characters.
        type_ (ResourceType | str): Type of the resource (see `ResourceType`).
        extra_info (ResourceExtraInfo | Unset): Extra information of a resource (资源附加信息).
        protect_status (ProtectStatus | str | Unset): Protection status (see `ProtectStatus`).
        size (int | None | Unset): Allocated size of the resource in GB.
        backup_size (int | None | Unset): Size of its backups.
        backup_count (int | None | Unset): Number of its backups.
        auto_protect (bool | None | Unset): Whether it follows the vault's automatic backup policy.
    """

    id: str
    name: str
    type_: ResourceType | str
    extra_info: ResourceExtraInfo | Unset = UNSET
    protect_status: ProtectStatus | str | Unset = UNSET
    size: int | None | Unset = UNSET
    backup_size: int | None | Unset = UNSET
    backup_count: int | None | Unset = UNSET
    auto_protect: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        type_: str
        if isinstance(self.type_, ResourceType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        extra_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extra_info, Unset):
            extra_info = self.extra_info.to_dict()

        protect_status: str | Unset
        if isinstance(self.protect_status, Unset):
            protect_status = UNSET
        elif isinstance(self.protect_status, ProtectStatus):
            protect_status = self.protect_status.value
        else:
            protect_status = self.protect_status

        size: int | None | Unset
        if isinstance(self.size, Unset):
            size = UNSET
        else:
            size = self.size

        backup_size: int | None | Unset
        if isinstance(self.backup_size, Unset):
            backup_size = UNSET
        else:
            backup_size = self.backup_size

        backup_count: int | None | Unset
        if isinstance(self.backup_count, Unset):
            backup_count = UNSET
        else:
            backup_count = self.backup_count

        auto_protect: bool | None | Unset
        if isinstance(self.auto_protect, Unset):
            auto_protect = UNSET
        else:
            auto_protect = self.auto_protect

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "type": type_,
            }
        )
        if extra_info is not UNSET:
            field_dict["extra_info"] = extra_info
        if protect_status is not UNSET:
            field_dict["protect_status"] = protect_status
        if size is not UNSET:
            field_dict["size"] = size
        if backup_size is not UNSET:
            field_dict["backup_size"] = backup_size
        if backup_count is not UNSET:
            field_dict["backup_count"] = backup_count
        if auto_protect is not UNSET:
            field_dict["auto_protect"] = auto_protect

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resource_extra_info import ResourceExtraInfo  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_type_(data: object) -> ResourceType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = ResourceType(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ResourceType | str, data)

        type_ = _parse_type_(d.pop("type"))

        _extra_info = d.pop("extra_info", UNSET)
        extra_info: ResourceExtraInfo | Unset
        if isinstance(_extra_info, Unset):
            extra_info = UNSET
        else:
            extra_info = ResourceExtraInfo.from_dict(_extra_info)

        def _parse_protect_status(data: object) -> ProtectStatus | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                protect_status_type_0 = ProtectStatus(data)

                return protect_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ProtectStatus | str | Unset, data)

        protect_status = _parse_protect_status(d.pop("protect_status", UNSET))

        def _parse_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size = _parse_size(d.pop("size", UNSET))

        def _parse_backup_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        backup_size = _parse_backup_size(d.pop("backup_size", UNSET))

        def _parse_backup_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        backup_count = _parse_backup_count(d.pop("backup_count", UNSET))

        def _parse_auto_protect(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        auto_protect = _parse_auto_protect(d.pop("auto_protect", UNSET))

        resource_resp = cls(
            id=id,
            name=name,
            type_=type_,
            extra_info=extra_info,
            protect_status=protect_status,
            size=size,
            backup_size=backup_size,
            backup_count=backup_count,
            auto_protect=auto_protect,
        )

        resource_resp.additional_properties = d
        return resource_resp

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
