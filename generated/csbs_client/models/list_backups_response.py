from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.backup import Backup
    from ..models.link import Link


T = TypeVar("T", bound="ListBackupsResponse")


@_attrs_define
class ListBackupsResponse:
    """The body of `listBackups`. The docs name only `checkpoint_items`; the emulator adds
    `checkpoint_items_links` (a `next` link) when more items follow, as the public SDKs
    read it.

        Attributes:
            checkpoint_items (list[Backup]): One page of backups.
            checkpoint_items_links (list[Link] | Unset): A `next` link when more backups follow.
    """

    checkpoint_items: list[Backup]
    checkpoint_items_links: list[Link] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checkpoint_items = []
        for checkpoint_items_item_data in self.checkpoint_items:
            checkpoint_items_item = checkpoint_items_item_data.to_dict()
            checkpoint_items.append(checkpoint_items_item)

        checkpoint_items_links: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.checkpoint_items_links, Unset):
            checkpoint_items_links = []
            for checkpoint_items_links_item_data in self.checkpoint_items_links:
                checkpoint_items_links_item = checkpoint_items_links_item_data.to_dict()
                checkpoint_items_links.append(checkpoint_items_links_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "checkpoint_items": checkpoint_items,
            }
        )
        if checkpoint_items_links is not UNSET:
            field_dict["checkpoint_items_links"] = checkpoint_items_links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backup import Backup  # noqa: PLC0415
        from ..models.link import Link  # noqa: PLC0415

        d = dict(src_dict)
        checkpoint_items = []
        _checkpoint_items = d.pop("checkpoint_items")
        for checkpoint_items_item_data in _checkpoint_items:
            checkpoint_items_item = Backup.from_dict(checkpoint_items_item_data)

            checkpoint_items.append(checkpoint_items_item)

        _checkpoint_items_links = d.pop("checkpoint_items_links", UNSET)
        checkpoint_items_links: list[Link] | Unset = UNSET
        if _checkpoint_items_links is not UNSET:
            checkpoint_items_links = []
            for checkpoint_items_links_item_data in _checkpoint_items_links:
                checkpoint_items_links_item = Link.from_dict(
                    checkpoint_items_links_item_data
                )

                checkpoint_items_links.append(checkpoint_items_links_item)

        list_backups_response = cls(
            checkpoint_items=checkpoint_items,
            checkpoint_items_links=checkpoint_items_links,
        )

        list_backups_response.additional_properties = d
        return list_backups_response

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
