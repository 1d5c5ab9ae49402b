from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.backup import Backup


T = TypeVar("T", bound="ShowBackupResponse")


@_attrs_define
class ShowBackupResponse:
    """The body of `showBackup`.

    Attributes:
        checkpoint_item (Backup): A backup (checkpoint item). A reader may rely on the members every public body
            carries (`id`, `name`, `status`, `checkpoint_id`, `resource_id`, `resource_type`,
            `extend_info`); `created_at`, `updated_at`, `description` and `tags` are missing
            from some of them. The emulator sends every documented member.
    """

    checkpoint_item: Backup
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checkpoint_item = self.checkpoint_item.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "checkpoint_item": checkpoint_item,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backup import Backup  # noqa: PLC0415

        d = dict(src_dict)
        checkpoint_item = Backup.from_dict(d.pop("checkpoint_item"))

        show_backup_response = cls(
            checkpoint_item=checkpoint_item,
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
