from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.copy_status import CopyStatus
from ..models.resource_type import ResourceType
from ..models.restore_mode import RestoreMode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fail_code import FailCode
    from ..models.image_data import ImageData
    from ..models.volume_backup import VolumeBackup


T = TypeVar("T", bound="ExtendInfo")


@_attrs_define
class ExtendInfo:
    """Extended information of a backup (extend_info). A reader may rely on `copy_status`
    only: the public bodies leave out `copy_from`, `fail_code`, `volume_backups`,
    `os_images_data` and `resource_type` in places; the emulator sends every member.

        Attributes:
            copy_status (CopyStatus | str): Replication status of the backup (see `CopyStatus`); `na` by default.
            auto_trigger (bool | Unset): Whether a backup policy made the backup.
            average_speed (int | Unset): Average speed in kb/s.
            copy_from (None | str | Unset): For a replica, the region it was replicated from (the source region); `null` or
                `""` otherwise. The Chinese page (and the replicate page, the seed) give this
                meaning; the English pages call it the destination region — the seed's meaning
                stands, and the emulator writes the source region on every replica.
            fail_code (FailCode | Unset): Why an operation failed; `{}` while nothing has failed (both public examples send
                `{}`). The docs type `Code` as Long; replication failures in the emulator carry
                string codes such as `BackupService.6000`, so a reader accepts both.
            fail_op (str | Unset): The operation that failed: the docs list `backup`, `restore` and `delete`; the
                emulator writes `replicate` after a failed copy; `""` when none failed (as the
                public example sends).
            fail_reason (str | Unset): Why the last operation failed; empty when none.
            image_type (str | Unset): Backup type, e.g. `backup`; the emulator writes `replication` on replicas.
            incremental (bool | Unset): Whether the backup is incremental.
            progress (int | Unset): Progress of the backup, in percent.
            resource_az (str | Unset): Availability zone of the backed-up resource.
            resource_name (str | Unset): Name of the backed-up resource.
            resource_type (ResourceType | str | Unset): Type of the backed-up resource (documented; absent from the docs'
                example).
            size (int | Unset): Size of the backup in MB.
            space_saving_ratio (int | Unset): Space-saving rate.
            volume_backups (list[VolumeBackup] | Unset): One entry per disk backup.
            finished_at (None | str | Unset): When the backup finished (a `Timestamp`), or `null` while it runs.
            supported_restore_mode (RestoreMode | str | Unset): How the backup can be restored, `backup` (from disk
                backups), `snapshot` or `na` (not at all).
            os_images_data (list[ImageData] | Unset): Images made from the backup.
            support_lld (bool | Unset): Whether fast restore (lazy loading) is allowed.
            taskid (str | Unset): Id of the job that made the backup.
            hypervisor_type (str | Unset): The hypervisor; always `QEMU` per the docs.
    """

    copy_status: CopyStatus | str
    auto_trigger: bool | Unset = UNSET
    average_speed: int | Unset = UNSET
    copy_from: None | str | Unset = UNSET
    fail_code: FailCode | Unset = UNSET
    fail_op: str | Unset = UNSET
    fail_reason: str | Unset = UNSET
    image_type: str | Unset = UNSET
    incremental: bool | Unset = UNSET
    progress: int | Unset = UNSET
    resource_az: str | Unset = UNSET
    resource_name: str | Unset = UNSET
    resource_type: ResourceType | str | Unset = UNSET
    size: int | Unset = UNSET
    space_saving_ratio: int | Unset = UNSET
    volume_backups: list[VolumeBackup] | Unset = UNSET
    finished_at: None | str | Unset = UNSET
    supported_restore_mode: RestoreMode | str | Unset = UNSET
    os_images_data: list[ImageData] | Unset = UNSET
    support_lld: bool | Unset = UNSET
    taskid: str | Unset = UNSET
    hypervisor_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        copy_status: str
        if isinstance(self.copy_status, CopyStatus):
            copy_status = self.copy_status.value
        else:
            copy_status = self.copy_status

        auto_trigger = self.auto_trigger

        average_speed = self.average_speed

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

        image_type = self.image_type

        incremental = self.incremental

        progress = self.progress

        resource_az = self.resource_az

        resource_name = self.resource_name

        resource_type: str | Unset
        if isinstance(self.resource_type, Unset):
            resource_type = UNSET
        elif isinstance(self.resource_type, ResourceType):
            resource_type = self.resource_type.value
        else:
            resource_type = self.resource_type

        size = self.size

        space_saving_ratio = self.space_saving_ratio

        volume_backups: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.volume_backups, Unset):
            volume_backups = []
            for volume_backups_item_data in self.volume_backups:
                volume_backups_item = volume_backups_item_data.to_dict()
                volume_backups.append(volume_backups_item)

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = self.finished_at

        supported_restore_mode: str | Unset
        if isinstance(self.supported_restore_mode, Unset):
            supported_restore_mode = UNSET
        elif isinstance(self.supported_restore_mode, RestoreMode):
            supported_restore_mode = self.supported_restore_mode.value
        else:
            supported_restore_mode = self.supported_restore_mode

        os_images_data: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.os_images_data, Unset):
            os_images_data = []
            for os_images_data_item_data in self.os_images_data:
                os_images_data_item = os_images_data_item_data.to_dict()
                os_images_data.append(os_images_data_item)

        support_lld = self.support_lld

        taskid = self.taskid

        hypervisor_type = self.hypervisor_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "copy_status": copy_status,
            }
        )
        if auto_trigger is not UNSET:
            field_dict["auto_trigger"] = auto_trigger
        if average_speed is not UNSET:
            field_dict["average_speed"] = average_speed
        if copy_from is not UNSET:
            field_dict["copy_from"] = copy_from
        if fail_code is not UNSET:
            field_dict["fail_code"] = fail_code
        if fail_op is not UNSET:
            field_dict["fail_op"] = fail_op
        if fail_reason is not UNSET:
            field_dict["fail_reason"] = fail_reason
        if image_type is not UNSET:
            field_dict["image_type"] = image_type
        if incremental is not UNSET:
            field_dict["incremental"] = incremental
        if progress is not UNSET:
            field_dict["progress"] = progress
        if resource_az is not UNSET:
            field_dict["resource_az"] = resource_az
        if resource_name is not UNSET:
            field_dict["resource_name"] = resource_name
        if resource_type is not UNSET:
            field_dict["resource_type"] = resource_type
        if size is not UNSET:
            field_dict["size"] = size
        if space_saving_ratio is not UNSET:
            field_dict["space_saving_ratio"] = space_saving_ratio
        if volume_backups is not UNSET:
            field_dict["volume_backups"] = volume_backups
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if supported_restore_mode is not UNSET:
            field_dict["supported_restore_mode"] = supported_restore_mode
        if os_images_data is not UNSET:
            field_dict["os_images_data"] = os_images_data
        if support_lld is not UNSET:
            field_dict["support_lld"] = support_lld
        if taskid is not UNSET:
            field_dict["taskid"] = taskid
        if hypervisor_type is not UNSET:
            field_dict["hypervisor_type"] = hypervisor_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fail_code import FailCode  # noqa: PLC0415
        from ..models.image_data import ImageData  # noqa: PLC0415
        from ..models.volume_backup import VolumeBackup  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_copy_status(data: object) -> CopyStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                copy_status_type_0 = CopyStatus(data)

                return copy_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CopyStatus | str, data)

        copy_status = _parse_copy_status(d.pop("copy_status"))

        auto_trigger = d.pop("auto_trigger", UNSET)

        average_speed = d.pop("average_speed", UNSET)

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

        image_type = d.pop("image_type", UNSET)

        incremental = d.pop("incremental", UNSET)

        progress = d.pop("progress", UNSET)

        resource_az = d.pop("resource_az", UNSET)

        resource_name = d.pop("resource_name", UNSET)

        def _parse_resource_type(data: object) -> ResourceType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resource_type_type_0 = ResourceType(data)

                return resource_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ResourceType | str | Unset, data)

        resource_type = _parse_resource_type(d.pop("resource_type", UNSET))

        size = d.pop("size", UNSET)

        space_saving_ratio = d.pop("space_saving_ratio", UNSET)

        _volume_backups = d.pop("volume_backups", UNSET)
        volume_backups: list[VolumeBackup] | Unset = UNSET
        if _volume_backups is not UNSET:
            volume_backups = []
            for volume_backups_item_data in _volume_backups:
                volume_backups_item = VolumeBackup.from_dict(volume_backups_item_data)

                volume_backups.append(volume_backups_item)

        def _parse_finished_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        def _parse_supported_restore_mode(data: object) -> RestoreMode | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                supported_restore_mode_type_0 = RestoreMode(data)

                return supported_restore_mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(RestoreMode | str | Unset, data)

        supported_restore_mode = _parse_supported_restore_mode(
            d.pop("supported_restore_mode", UNSET)
        )

        _os_images_data = d.pop("os_images_data", UNSET)
        os_images_data: list[ImageData] | Unset = UNSET
        if _os_images_data is not UNSET:
            os_images_data = []
            for os_images_data_item_data in _os_images_data:
                os_images_data_item = ImageData.from_dict(os_images_data_item_data)

                os_images_data.append(os_images_data_item)

        support_lld = d.pop("support_lld", UNSET)

        taskid = d.pop("taskid", UNSET)

        hypervisor_type = d.pop("hypervisor_type", UNSET)

        extend_info = cls(
            copy_status=copy_status,
            auto_trigger=auto_trigger,
            average_speed=average_speed,
            copy_from=copy_from,
            fail_code=fail_code,
            fail_op=fail_op,
            fail_reason=fail_reason,
            image_type=image_type,
            incremental=incremental,
            progress=progress,
            resource_az=resource_az,
            resource_name=resource_name,
            resource_type=resource_type,
            size=size,
            space_saving_ratio=space_saving_ratio,
            volume_backups=volume_backups,
            finished_at=finished_at,
            supported_restore_mode=supported_restore_mode,
            os_images_data=os_images_data,
            support_lld=support_lld,
            taskid=taskid,
            hypervisor_type=hypervisor_type,
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
