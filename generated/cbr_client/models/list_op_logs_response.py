from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.operation_log import OperationLog


T = TypeVar("T", bound="ListOpLogsResponse")


@_attrs_define
class ListOpLogsResponse:
    """The body of `listOpLogs`; `limit` and `offset` echo the page asked for.

    Attributes:
        operation_logs (list[OperationLog]): One page of tasks (任务列表).
        count (int): Number of matching tasks over all pages (任务个数).
        limit (int | Unset): Items per page.
        offset (int | Unset): Offset the page starts at.
    """

    operation_logs: list[OperationLog]
    count: int
    limit: int | Unset = UNSET
    offset: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        operation_logs = []
        for operation_logs_item_data in self.operation_logs:
            operation_logs_item = operation_logs_item_data.to_dict()
            operation_logs.append(operation_logs_item)

        count = self.count

        limit = self.limit

        offset = self.offset

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "operation_logs": operation_logs,
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
        from ..models.operation_log import OperationLog  # noqa: PLC0415

        d = dict(src_dict)
        operation_logs = []
        _operation_logs = d.pop("operation_logs")
        for operation_logs_item_data in _operation_logs:
            operation_logs_item = OperationLog.from_dict(operation_logs_item_data)

            operation_logs.append(operation_logs_item)

        count = d.pop("count")

        limit = d.pop("limit", UNSET)

        offset = d.pop("offset", UNSET)

        list_op_logs_response = cls(
            operation_logs=operation_logs,
            count=count,
            limit=limit,
            offset=offset,
        )

        list_op_logs_response.additional_properties = d
        return list_op_logs_response

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
