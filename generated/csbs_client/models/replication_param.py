from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReplicationParam")


@_attrs_define
class ReplicationParam:
    """Replication parameters (replication_param, 复制参数).

    Attributes:
        destination_region (str): A region id, e.g. `cn-north-1`. Example: cn-east-2.
        destination_project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        name (str | Unset): A backup's name. Example: rep_from_bd3c8a42-7dd4-4400-b091-2777c51a5c9a.
        description (str | Unset): A backup's description; angle brackets are not allowed. Example: do replication.
        enable_acceleration (bool | Unset): Whether to accelerate a cross-region copy to shorten it (跨区域复制时，是否启用加速). Off
            when omitted. Default: False.
    """

    destination_region: str
    destination_project_id: str
    name: str | Unset = UNSET
    description: str | Unset = UNSET
    enable_acceleration: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        destination_region = self.destination_region

        destination_project_id = self.destination_project_id

        name = self.name

        description = self.description

        enable_acceleration = self.enable_acceleration

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "destination_region": destination_region,
                "destination_project_id": destination_project_id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if enable_acceleration is not UNSET:
            field_dict["enable_acceleration"] = enable_acceleration

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        destination_region = d.pop("destination_region")

        destination_project_id = d.pop("destination_project_id")

        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        enable_acceleration = d.pop("enable_acceleration", UNSET)

        replication_param = cls(
            destination_region=destination_region,
            destination_project_id=destination_project_id,
            name=name,
            description=description,
            enable_acceleration=enable_acceleration,
        )

        return replication_param
