from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.vault import Vault


T = TypeVar("T", bound="ListVaultResponse")


@_attrs_define
class ListVaultResponse:
    """The body of `listVault` and `listExternalVault`; `limit` and `offset` echo the page asked for.

    Attributes:
        vaults (list[Vault]): One page of vaults (存储库实例列表).
        count (int): Number of matching vaults over all pages (存储库个数).
        limit (int | Unset): Items per page.
        offset (int | Unset): Offset the page starts at.
    """

    vaults: list[Vault]
    count: int
    limit: int | Unset = UNSET
    offset: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        vaults = []
        for vaults_item_data in self.vaults:
            vaults_item = vaults_item_data.to_dict()
            vaults.append(vaults_item)

        count = self.count

        limit = self.limit

        offset = self.offset

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "vaults": vaults,
                "count": count,
            }
        )
        if limit is not UNSET:
            field_dict["limit"] = limit
        if offset is not UNSET:
            field_dict["offset"] = offset

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.vault import Vault  # noqa: PLC0415

        d = dict(src_dict)
        vaults = []
        _vaults = d.pop("vaults")
        for vaults_item_data in _vaults:
            vaults_item = Vault.from_dict(vaults_item_data)

            vaults.append(vaults_item)

        count = d.pop("count")

        limit = d.pop("limit", UNSET)

        offset = d.pop("offset", UNSET)

        list_vault_response = cls(
            vaults=vaults,
            count=count,
            limit=limit,
            offset=offset,
        )

        list_vault_response.additional_properties = d
        return list_vault_response

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
