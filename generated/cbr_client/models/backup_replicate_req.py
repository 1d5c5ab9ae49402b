from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.backup_replicate_req_body import BackupReplicateReqBody


T = TypeVar("T", bound="BackupReplicateReq")


@_attrs_define
class BackupReplicateReq:
    """The body of `copyBackup`.

    Attributes:
        replicate (BackupReplicateReqBody): Replication parameters (BackupReplicateReqBody).
    """

    replicate: BackupReplicateReqBody

    def to_dict(self) -> dict[str, Any]:
        replicate = self.replicate.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "replicate": replicate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backup_replicate_req_body import BackupReplicateReqBody  # noqa: PLC0415

        d = dict(src_dict)
        replicate = BackupReplicateReqBody.from_dict(d.pop("replicate"))

        backup_replicate_req = cls(
            replicate=replicate,
        )

        return backup_replicate_req
