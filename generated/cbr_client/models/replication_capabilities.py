from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.replication_capabilities_region import ReplicationCapabilitiesRegion


T = TypeVar("T", bound="ReplicationCapabilities")


@_attrs_define
class ReplicationCapabilities:
    """The body of `showReplicationCapabilities`.

    Attributes:
        regions (list[ReplicationCapabilitiesRegion]): The regions and their replication destinations (支持复制的区域列表).
    """

    regions: list[ReplicationCapabilitiesRegion]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        regions = []
        for regions_item_data in self.regions:
            regions_item = regions_item_data.to_dict()
            regions.append(regions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "regions": regions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.replication_capabilities_region import (
            ReplicationCapabilitiesRegion,  # noqa: PLC0415
        )

        d = dict(src_dict)
        regions = []
        _regions = d.pop("regions")
        for regions_item_data in _regions:
            regions_item = ReplicationCapabilitiesRegion.from_dict(regions_item_data)

            regions.append(regions_item)

        replication_capabilities = cls(
            regions=regions,
        )

        replication_capabilities.additional_properties = d
        return replication_capabilities

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
