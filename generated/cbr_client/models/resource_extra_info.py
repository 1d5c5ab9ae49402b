from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resource_extra_info_include_volumes import (
        ResourceExtraInfoIncludeVolumes,
    )


T = TypeVar("T", bound="ResourceExtraInfo")


@_attrs_define
class ResourceExtraInfo:
    """Extra information of a resource (资源附加信息).

    Attributes:
        exclude_volumes (list[str] | None | Unset): Disks excluded from backup.
        include_volumes (list[ResourceExtraInfoIncludeVolumes] | None | Unset): The only disks backed up; empty for all.
    """

    exclude_volumes: list[str] | None | Unset = UNSET
    include_volumes: list[ResourceExtraInfoIncludeVolumes] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exclude_volumes: list[str] | None | Unset
        if isinstance(self.exclude_volumes, Unset):
            exclude_volumes = UNSET
        elif isinstance(self.exclude_volumes, list):
            exclude_volumes = self.exclude_volumes

        else:
            exclude_volumes = self.exclude_volumes

        include_volumes: list[dict[str, Any]] | None | Unset
        if isinstance(self.include_volumes, Unset):
            include_volumes = UNSET
        elif isinstance(self.include_volumes, list):
            include_volumes = []
            for include_volumes_type_0_item_data in self.include_volumes:
                include_volumes_type_0_item = include_volumes_type_0_item_data.to_dict()
                include_volumes.append(include_volumes_type_0_item)

        else:
            include_volumes = self.include_volumes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if exclude_volumes is not UNSET:
            field_dict["exclude_volumes"] = exclude_volumes
        if include_volumes is not UNSET:
            field_dict["include_volumes"] = include_volumes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resource_extra_info_include_volumes import (
            ResourceExtraInfoIncludeVolumes,  # noqa: PLC0415
        )

        d = dict(src_dict)

        def _parse_exclude_volumes(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                exclude_volumes_type_0 = cast(list[str], data)

                return exclude_volumes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        exclude_volumes = _parse_exclude_volumes(d.pop("exclude_volumes", UNSET))

        def _parse_include_volumes(
            data: object,
        ) -> list[ResourceExtraInfoIncludeVolumes] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                include_volumes_type_0 = []
                _include_volumes_type_0 = data
                for include_volumes_type_0_item_data in _include_volumes_type_0:
                    include_volumes_type_0_item = (
                        ResourceExtraInfoIncludeVolumes.from_dict(
                            include_volumes_type_0_item_data
                        )
                    )

                    include_volumes_type_0.append(include_volumes_type_0_item)

                return include_volumes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ResourceExtraInfoIncludeVolumes] | None | Unset, data)

        include_volumes = _parse_include_volumes(d.pop("include_volumes", UNSET))

        resource_extra_info = cls(
            exclude_volumes=exclude_volumes,
            include_volumes=include_volumes,
        )

        resource_extra_info.additional_properties = d
        return resource_extra_info

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
