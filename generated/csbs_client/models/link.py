from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.link_rel import LinkRel

T = TypeVar("T", bound="Link")


@_attrs_define
class Link:
    """A paging link.

    Attributes:
        href (str): The URL of the next page.
        rel (LinkRel | str): The relation; `next` is the only one the emulator sends.
    """

    href: str
    rel: LinkRel | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        href = self.href

        rel: str
        if isinstance(self.rel, LinkRel):
            rel = self.rel.value
        else:
            rel = self.rel

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "href": href,
                "rel": rel,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        href = d.pop("href")

        def _parse_rel(data: object) -> LinkRel | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rel_type_0 = LinkRel(data)

                return rel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LinkRel | str, data)

        rel = _parse_rel(d.pop("rel"))

        link = cls(
            href=href,
            rel=rel,
        )

        link.additional_properties = d
        return link

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
