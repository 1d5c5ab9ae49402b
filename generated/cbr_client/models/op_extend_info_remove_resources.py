from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resource import Resource


T = TypeVar("T", bound="OpExtendInfoRemoveResources")


@_attrs_define
class OpExtendInfoRemoveResources:
    """Details of a `remove_resource` task (移除Vault的资源).

    Attributes:
        fail_count (int | None | Unset): Resources that failed to be removed.
        total_count (int | None | Unset): Backups deleted.
        resources (list[Resource] | None | Unset): The resources removed.
    """

    fail_count: int | None | Unset = UNSET
    total_count: int | None | Unset = UNSET
    resources: list[Resource] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fail_count: int | None | Unset
        if isinstance(self.fail_count, Unset):
            fail_count = UNSET
        else:
            fail_count = self.fail_count

        total_count: int | None | Unset
        if isinstance(self.total_count, Unset):
            total_count = UNSET
        else:
            total_count = self.total_count

        resources: list[dict[str, Any]] | None | Unset
        if isinstance(self.resources, Unset):
            resources = UNSET
        elif isinstance(self.resources, list):
            resources = []
            for resources_type_0_item_data in self.resources:
                resources_type_0_item = resources_type_0_item_data.to_dict()
                resources.append(resources_type_0_item)

        else:
            resources = self.resources

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if fail_count is not UNSET:
            field_dict["fail_count"] = fail_count
        if total_count is not UNSET:
            field_dict["total_count"] = total_count
        if resources is not UNSET:
            field_dict["resources"] = resources

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resource import Resource  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_fail_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        fail_count = _parse_fail_count(d.pop("fail_count", UNSET))

        def _parse_total_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total_count = _parse_total_count(d.pop("total_count", UNSET))

        def _parse_resources(data: object) -> list[Resource] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                resources_type_0 = []
                _resources_type_0 = data
                for resources_type_0_item_data in _resources_type_0:
                    resources_type_0_item = Resource.from_dict(
                        resources_type_0_item_data
                    )

                    resources_type_0.append(resources_type_0_item)

                return resources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Resource] | None | Unset, data)

        resources = _parse_resources(d.pop("resources", UNSET))

        op_extend_info_remove_resources = cls(
            fail_count=fail_count,
            total_count=total_count,
            resources=resources,
        )

        op_extend_info_remove_resources.additional_properties = d
        return op_extend_info_remove_resources

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
