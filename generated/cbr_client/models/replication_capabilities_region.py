from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReplicationCapabilitiesRegion")


@_attrs_define
class ReplicationCapabilitiesRegion:
    """One region and the regions its backups may be replicated to.

    Attributes:
        name (str): A region id, e.g. `ap-southeast-1`. Example: ap-southeast-2.
        replication_destinations (list[str]): Regions backups of `name` may be replicated to (支持复制的目标区域列表).
    """

    name: str
    replication_destinations: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        replication_destinations = self.replication_destinations

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "replication_destinations": replication_destinations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        replication_destinations = cast(list[str], d.pop("replication_destinations"))

        replication_capabilities_region = cls(
            name=name,
            replication_destinations=replication_destinations,
        )

        replication_capabilities_region.additional_properties = d
        return replication_capabilities_region

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
