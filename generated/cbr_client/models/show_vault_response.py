from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.vault import Vault


T = TypeVar("T", bound="ShowVaultResponse")


@_attrs_define
class ShowVaultResponse:
    """The body of `showVault`.

    Attributes:
        vault (Vault): A vault (存储库). A reader may rely on the members the service's definition requires;
            `description` is `null` in the public examples.
    """

    vault: Vault
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        vault = self.vault.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "vault": vault,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.vault import Vault  # noqa: PLC0415

        d = dict(src_dict)
        vault = Vault.from_dict(d.pop("vault"))

        show_vault_response = cls(
            vault=vault,
        )

        show_vault_response.additional_properties = d
        return show_vault_response

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
