from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.backup_replicate_resp_body import BackupReplicateRespBody


T = TypeVar("T", bound="BackupReplicateResp")


@_attrs_define
class BackupReplicateResp:
    """The body of a successful `copyBackup`.

    Attributes:
        replication (BackupReplicateRespBody): The accepted replication (BackupReplicateRespBody).
    """

    replication: BackupReplicateRespBody
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
        from ..models.backup_replicate_resp_body import BackupReplicateRespBody  # noqa: PLC0415

        d = dict(src_dict)
        replication = BackupReplicateRespBody.from_dict(d.pop("replication"))

        backup_replicate_resp = cls(
            replication=replication,
        )

        backup_replicate_resp.additional_properties = d
        return backup_replicate_resp

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
