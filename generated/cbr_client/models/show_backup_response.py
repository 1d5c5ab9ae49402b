from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.backup_resp import BackupResp


T = TypeVar("T", bound="ShowBackupResponse")


@_attrs_define
class ShowBackupResponse:
    """The body of `showBackup`.

    Attributes:
        backup (BackupResp): A backup (备份副本). A reader may rely on the members every public body carries;
            `null` appears in the public examples for `parent_id`, `protected_at` and several
            `extend_info` members. `replication_records` is sent by `showBackup` always and by
            `listBackups` only with `show_replication=true`.
    """

    backup: BackupResp
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        backup = self.backup.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "backup": backup,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backup_resp import BackupResp  # noqa: PLC0415

        d = dict(src_dict)
        backup = BackupResp.from_dict(d.pop("backup"))

        show_backup_response = cls(
            backup=backup,
        )

        show_backup_response.additional_properties = d
        return show_backup_response

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
