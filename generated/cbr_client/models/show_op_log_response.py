from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.operation_log import OperationLog


T = TypeVar("T", bound="ShowOpLogResponse")


@_attrs_define
class ShowOpLogResponse:
    """The body of `showOpLog`.

    Attributes:
        operation_log (OperationLog): A task (operation log). A reader may rely on the members the service's definition
            requires; `policy_id`, `vault_id` and `vault_name` are `null` in the public examples.
    """

    operation_log: OperationLog
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        operation_log = self.operation_log.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "operation_log": operation_log,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.operation_log import OperationLog  # noqa: PLC0415

        d = dict(src_dict)
        operation_log = OperationLog.from_dict(d.pop("operation_log"))

        show_op_log_response = cls(
            operation_log=operation_log,
        )

        show_op_log_response.additional_properties = d
        return show_op_log_response

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
