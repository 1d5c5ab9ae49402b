from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.replication_resp import ReplicationResp


T = TypeVar("T", bound="ReplicateResponse")


@_attrs_define
class ReplicateResponse:
    """The body of a successful `replicateBackup`.

    Attributes:
        replication (ReplicationResp): The accepted replication (replication_resp, 复制返回参数).
    """

    replication: ReplicationResp
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        replication = self.replication.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "replication": replication,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.replication_resp import ReplicationResp  # noqa: PLC0415

        d = dict(src_dict)
        replication = ReplicationResp.from_dict(d.pop("replication"))

        replicate_response = cls(
            replication=replication,
        )

        replicate_response.additional_properties = d
        return replicate_response

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
