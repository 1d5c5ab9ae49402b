from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReplicationRecordsExtraInfo")


@_attrs_define
class ReplicationRecordsExtraInfo:
    """Progress and failure details of a replication record. Huawei's definition and Go SDK
    spell the destination vault `destinatio_vault_id` (sic); the Python SDK 3.1.219 reads
    `destination_vault_id`. The emulator sends both, with the same value.

        Attributes:
            progress (int | None | Unset): Progress of the copy in percent (复制进度).
            fail_code (None | str | Unset): Failure code; empty (or `null`) on success (失败错误码，成功时为空).
            fail_reason (None | str | Unset): Why the copy failed (错误原因).
            auto_trigger (bool | None | Unset): Whether a policy started the replication (是否为自动调度复制).
            destinatio_vault_id (None | str | Unset): The destination vault, as the service's definition and the Go SDK
                spell it.
            destination_vault_id (None | str | Unset): The destination vault, as the Python SDK spells it.
    """

    progress: int | None | Unset = UNSET
    fail_code: None | str | Unset = UNSET
    fail_reason: None | str | Unset = UNSET
    auto_trigger: bool | None | Unset = UNSET
    destinatio_vault_id: None | str | Unset = UNSET
    destination_vault_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        progress: int | None | Unset
        if isinstance(self.progress, Unset):
            progress = UNSET
        else:
            progress = self.progress

        fail_code: None | str | Unset
        if isinstance(self.fail_code, Unset):
            fail_code = UNSET
        else:
            fail_code = self.fail_code

        fail_reason: None | str | Unset
        if isinstance(self.fail_reason, Unset):
            fail_reason = UNSET
        else:
            fail_reason = self.fail_reason

        auto_trigger: bool | None | Unset
        if isinstance(self.auto_trigger, Unset):
            auto_trigger = UNSET
        else:
            auto_trigger = self.auto_trigger

        destinatio_vault_id: None | str | Unset
        if isinstance(self.destinatio_vault_id, Unset):
            destinatio_vault_id = UNSET
        else:
            destinatio_vault_id = self.destinatio_vault_id

        destination_vault_id: None | str | Unset
        if isinstance(self.destination_vault_id, Unset):
            destination_vault_id = UNSET
        else:
            destination_vault_id = self.destination_vault_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if progress is not UNSET:
            field_dict["progress"] = progress
        if fail_code is not UNSET:
            field_dict["fail_code"] = fail_code
        if fail_reason is not UNSET:
            field_dict["fail_reason"] = fail_reason
        if auto_trigger is not UNSET:
            field_dict["auto_trigger"] = auto_trigger
        if destinatio_vault_id is not UNSET:
            field_dict["destinatio_vault_id"] = destinatio_vault_id
        if destination_vault_id is not UNSET:
            field_dict["destination_vault_id"] = destination_vault_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_progress(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        progress = _parse_progress(d.pop("progress", UNSET))

        def _parse_fail_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fail_code = _parse_fail_code(d.pop("fail_code", UNSET))

        def _parse_fail_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fail_reason = _parse_fail_reason(d.pop("fail_reason", UNSET))

        def _parse_auto_trigger(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        auto_trigger = _parse_auto_trigger(d.pop("auto_trigger", UNSET))

        def _parse_destinatio_vault_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        destinatio_vault_id = _parse_destinatio_vault_id(
            d.pop("destinatio_vault_id", UNSET)
        )

        def _parse_destination_vault_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        destination_vault_id = _parse_destination_vault_id(
            d.pop("destination_vault_id", UNSET)
        )

        replication_records_extra_info = cls(
            progress=progress,
            fail_code=fail_code,
            fail_reason=fail_reason,
            auto_trigger=auto_trigger,
            destinatio_vault_id=destinatio_vault_id,
            destination_vault_id=destination_vault_id,
        )

        replication_records_extra_info.additional_properties = d
        return replication_records_extra_info

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
