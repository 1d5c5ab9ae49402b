from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.copy_status import CopyStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fail_code import FailCode


T = TypeVar("T", bound="ExtendInfo")


@_attrs_define
class ExtendInfo:
    """Extended information of a backup. Only the members that bear on replication are required; the service sends many
    more.

        Attributes:
            copy_status (CopyStatus): Replication status of a backup: `na` (never replicated), `waiting_copy`, `copying`,
                then `success` or `fail`.
            auto_trigger (bool | Unset): Whether a policy made the backup.
            copy_from (None | str | Unset): For a replica, the region it was copied from; `null` otherwise.
            fail_code (FailCode | Unset): Why a replication failed; `{}` while nothing has failed.
            fail_op (str | Unset): The operation that failed, e.g. `replicate`; empty when none.
            fail_reason (str | Unset): Why the last operation failed; empty when none.
            progress (int | Unset): Progress of the running operation, in percent.
            size (int | Unset): Size of the backup in MB.
            resource_name (str | Unset): Name of the backed-up resource.
            resource_az (str | Unset): Availability zone of the backed-up resource.
            image_type (str | Unset): Image type, e.g. `backup`.
            incremental (bool | Unset): Whether the backup is incremental.
            finished_at (None | str | Unset): When the backup finished (a `Timestamp`), or `null` while it runs.
    """

    copy_status: CopyStatus
    auto_trigger: bool | Unset = UNSET
    copy_from: None | str | Unset = UNSET
    fail_code: FailCode | Unset = UNSET
    fail_op: str | Unset = UNSET
    fail_reason: str | Unset = UNSET
    progress: int | Unset = UNSET
    size: int | Unset = UNSET
    resource_name: str | Unset = UNSET
    resource_az: str | Unset = UNSET
    image_type: str | Unset = UNSET
    incremental: bool | Unset = UNSET
    finished_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        copy_status = self.copy_status.value

        auto_trigger = self.auto_trigger

        copy_from: None | str | Unset
        if isinstance(self.copy_from, Unset):
            copy_from = UNSET
        else:
            copy_from = self.copy_from

        fail_code: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fail_code, Unset):
            fail_code = self.fail_code.to_dict()

        fail_op = self.fail_op

        fail_reason = self.fail_reason

        progress = self.progress

        size = self.size

        resource_name = self.resource_name

        resource_az = self.resource_az

        image_type = self.image_type

        incremental = self.incremental

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "copy_status": copy_status,
            }
        )
        if auto_trigger is not UNSET:
            field_dict["auto_trigger"] = auto_trigger
        if copy_from is not UNSET:
            field_dict["copy_from"] = copy_from
        if fail_code is not UNSET:
            field_dict["fail_code"] = fail_code
        if fail_op is not UNSET:
            field_dict["fail_op"] = fail_op
        if fail_reason is not UNSET:
            field_dict["fail_reason"] = fail_reason
        if progress is not UNSET:
            field_dict["progress"] = progress
        if size is not UNSET:
            field_dict["size"] = size
        if resource_name is not UNSET:
            field_dict["resource_name"] = resource_name
        if resource_az is not UNSET:
            field_dict["resource_az"] = resource_az
        if image_type is not UNSET:
            field_dict["image_type"] = image_type
        if incremental is not UNSET:
            field_dict["incremental"] = incremental
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fail_code import FailCode  # noqa: PLC0415

        d = dict(src_dict)
        copy_status = CopyStatus(d.pop("copy_status"))

        auto_trigger = d.pop("auto_trigger", UNSET)

        def _parse_copy_from(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        copy_from = _parse_copy_from(d.pop("copy_from", UNSET))

        _fail_code = d.pop("fail_code", UNSET)
        fail_code: FailCode | Unset
        if isinstance(_fail_code, Unset):
            fail_code = UNSET
        else:
            fail_code = FailCode.from_dict(_fail_code)

        fail_op = d.pop("fail_op", UNSET)

        fail_reason = d.pop("fail_reason", UNSET)

        progress = d.pop("progress", UNSET)

        size = d.pop("size", UNSET)

        resource_name = d.pop("resource_name", UNSET)

        resource_az = d.pop("resource_az", UNSET)

        image_type = d.pop("image_type", UNSET)

        incremental = d.pop("incremental", UNSET)

        def _parse_finished_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        extend_info = cls(
            copy_status=copy_status,
            auto_trigger=auto_trigger,
            copy_from=copy_from,
            fail_code=fail_code,
            fail_op=fail_op,
            fail_reason=fail_reason,
            progress=progress,
            size=size,
            resource_name=resource_name,
            resource_az=resource_az,
            image_type=image_type,
            incremental=incremental,
            finished_at=finished_at,
        )

        extend_info.additional_properties = d
        return extend_info

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
