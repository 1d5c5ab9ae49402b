from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fail_code import FailCode


T = TypeVar("T", bound="ReplicationRecordExtraInfo")


@_attrs_define
class ReplicationRecordExtraInfo:
    """Progress and failure details.

    Attributes:
        progress (int | Unset): Progress of the copy, in percent.
        fail_code (FailCode | Unset): Why an operation failed; `{}` while nothing has failed (both public examples send
            `{}`). The docs type `Code` as Long; replication failures in the emulator carry
            string codes such as `BackupService.6000`, so a reader accepts both.
        fail_reason (str | Unset): Why the copy failed; empty when it did not.
        enable_acceleration (bool | Unset): Whether the copy was accelerated.
    """

    progress: int | Unset = UNSET
    fail_code: FailCode | Unset = UNSET
    fail_reason: str | Unset = UNSET
    enable_acceleration: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        progress = self.progress

        fail_code: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fail_code, Unset):
            fail_code = self.fail_code.to_dict()

        fail_reason = self.fail_reason

        enable_acceleration = self.enable_acceleration

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if progress is not UNSET:
            field_dict["progress"] = progress
        if fail_code is not UNSET:
            field_dict["fail_code"] = fail_code
        if fail_reason is not UNSET:
            field_dict["fail_reason"] = fail_reason
        if enable_acceleration is not UNSET:
            field_dict["enable_acceleration"] = enable_acceleration

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fail_code import FailCode  # noqa: PLC0415

        d = dict(src_dict)
        progress = d.pop("progress", UNSET)

        _fail_code = d.pop("fail_code", UNSET)
        fail_code: FailCode | Unset
        if isinstance(_fail_code, Unset):
            fail_code = UNSET
        else:
            fail_code = FailCode.from_dict(_fail_code)

        fail_reason = d.pop("fail_reason", UNSET)

        enable_acceleration = d.pop("enable_acceleration", UNSET)

        replication_record_extra_info = cls(
            progress=progress,
            fail_code=fail_code,
            fail_reason=fail_reason,
            enable_acceleration=enable_acceleration,
        )

        replication_record_extra_info.additional_properties = d
        return replication_record_extra_info

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
