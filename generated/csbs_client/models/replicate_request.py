from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.replication_param import ReplicationParam


T = TypeVar("T", bound="ReplicateRequest")


@_attrs_define
class ReplicateRequest:
    """The body of `replicateBackup`.

    Attributes:
        replication (ReplicationParam): Replication parameters (replication_param, 复制参数).
    """

    replication: ReplicationParam

    def to_dict(self) -> dict[str, Any]:
        replication = self.replication.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "replication": replication,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.replication_param import ReplicationParam  # noqa: PLC0415

        d = dict(src_dict)
        replication = ReplicationParam.from_dict(d.pop("replication"))

        replicate_request = cls(
            replication=replication,
        )

        return replicate_request
