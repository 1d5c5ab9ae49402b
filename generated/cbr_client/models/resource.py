from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.resource_type import ResourceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resource_extra_info import ResourceExtraInfo


T = TypeVar("T", bound="Resource")


@_attrs_define
class Resource:
    """The resource a task works on (资源信息).

    Attributes:
        extra_info (ResourceExtraInfo | Unset): Extra information of a resource (资源附加信息).
        id (str | Unset): Id of the resource (待备份资源id).
        name (None | str | Unset): Name of the resource, 0–255 characters.
        type_ (ResourceType | str | Unset): Type of the resource (see `ResourceType`).
    """

    extra_info: ResourceExtraInfo | Unset = UNSET
    id: str | Unset = UNSET
    name: None | str | Unset = UNSET
    type_: ResourceType | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        extra_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extra_info, Unset):
            extra_info = self.extra_info.to_dict()

        id = self.id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        type_: str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, ResourceType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if extra_info is not UNSET:
            field_dict["extra_info"] = extra_info
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resource_extra_info import ResourceExtraInfo  # noqa: PLC0415

        d = dict(src_dict)
        _extra_info = d.pop("extra_info", UNSET)
        extra_info: ResourceExtraInfo | Unset
        if isinstance(_extra_info, Unset):
            extra_info = UNSET
        else:
            extra_info = ResourceExtraInfo.from_dict(_extra_info)

        id = d.pop("id", UNSET)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_type_(data: object) -> ResourceType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = ResourceType(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ResourceType | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        resource = cls(
            extra_info=extra_info,
            id=id,
            name=name,
            type_=type_,
        )

        resource.additional_properties = d
        return resource

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
