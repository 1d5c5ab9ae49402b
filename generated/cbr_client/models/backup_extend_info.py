from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.restore_mode import RestoreMode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.image_data import ImageData


T = TypeVar("T", bound="BackupExtendInfo")


@_attrs_define
class BackupExtendInfo:
    """Extended information of a backup. The public examples send `null` for most members
    that do not apply, and members the SDK does not know (`architecture`, `progress`); a
    reader must accept both.

        Attributes:
            auto_trigger (bool | None | Unset): Whether a policy made the backup (是否是自动生成的备份副本).
            bootable (bool | None | Unset): Whether it is a backup of a system disk (disk backups).
            snapshot_id (None | str | Unset): Snapshot id of a disk backup.
            support_lld (bool | None | Unset): Whether fast restore (lazy loading) is supported.
            supported_restore_mode (None | RestoreMode | str | Unset): How the backup can be restored (see `RestoreMode`);
                `null` in a public example.
            os_images_data (list[ImageData] | None | Unset): Images registered from the backup; `null` when none.
            contain_system_disk (bool | None | Unset): Whether a server backup contains the system disk (a server backup
                without it cannot be replicated).
            encrypted (bool | None | Unset): Whether the backup is encrypted.
            system_disk (bool | None | Unset): Whether it is a system disk.
            is_multi_az (bool | None | Unset): Whether the backup is multi-AZ.
            architecture (None | str | Unset): CPU architecture of the backed-up server, e.g. `x86_64` (in a public example;
                not in the SDK).
            progress (int | None | Unset): Progress of the backup in percent (in a public example; not in the SDK).
    """

    auto_trigger: bool | None | Unset = UNSET
    bootable: bool | None | Unset = UNSET
    snapshot_id: None | str | Unset = UNSET
    support_lld: bool | None | Unset = UNSET
    supported_restore_mode: None | RestoreMode | str | Unset = UNSET
    os_images_data: list[ImageData] | None | Unset = UNSET
    contain_system_disk: bool | None | Unset = UNSET
    encrypted: bool | None | Unset = UNSET
    system_disk: bool | None | Unset = UNSET
    is_multi_az: bool | None | Unset = UNSET
    architecture: None | str | Unset = UNSET
    progress: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        auto_trigger: bool | None | Unset
        if isinstance(self.auto_trigger, Unset):
            auto_trigger = UNSET
        else:
            auto_trigger = self.auto_trigger

        bootable: bool | None | Unset
        if isinstance(self.bootable, Unset):
            bootable = UNSET
        else:
            bootable = self.bootable

        snapshot_id: None | str | Unset
        if isinstance(self.snapshot_id, Unset):
            snapshot_id = UNSET
        else:
            snapshot_id = self.snapshot_id

        support_lld: bool | None | Unset
        if isinstance(self.support_lld, Unset):
            support_lld = UNSET
        else:
            support_lld = self.support_lld

        supported_restore_mode: None | str | Unset
        if isinstance(self.supported_restore_mode, Unset):
            supported_restore_mode = UNSET
        elif isinstance(self.supported_restore_mode, RestoreMode):
            supported_restore_mode = self.supported_restore_mode.value
        else:
            supported_restore_mode = self.supported_restore_mode

        os_images_data: list[dict[str, Any]] | None | Unset
        if isinstance(self.os_images_data, Unset):
            os_images_data = UNSET
        elif isinstance(self.os_images_data, list):
            os_images_data = []
            for os_images_data_type_0_item_data in self.os_images_data:
                os_images_data_type_0_item = os_images_data_type_0_item_data.to_dict()
                os_images_data.append(os_images_data_type_0_item)

        else:
            os_images_data = self.os_images_data

        contain_system_disk: bool | None | Unset
        if isinstance(self.contain_system_disk, Unset):
            contain_system_disk = UNSET
        else:
            contain_system_disk = self.contain_system_disk

        encrypted: bool | None | Unset
        if isinstance(self.encrypted, Unset):
            encrypted = UNSET
        else:
            encrypted = self.encrypted

        system_disk: bool | None | Unset
        if isinstance(self.system_disk, Unset):
            system_disk = UNSET
        else:
            system_disk = self.system_disk

        is_multi_az: bool | None | Unset
        if isinstance(self.is_multi_az, Unset):
            is_multi_az = UNSET
        else:
            is_multi_az = self.is_multi_az

        architecture: None | str | Unset
        if isinstance(self.architecture, Unset):
            architecture = UNSET
        else:
            architecture = self.architecture

        progress: int | None | Unset
        if isinstance(self.progress, Unset):
            progress = UNSET
        else:
            progress = self.progress

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if auto_trigger is not UNSET:
            field_dict["auto_trigger"] = auto_trigger
        if bootable is not UNSET:
            field_dict["bootable"] = bootable
        if snapshot_id is not UNSET:
            field_dict["snapshot_id"] = snapshot_id
        if support_lld is not UNSET:
            field_dict["support_lld"] = support_lld
        if supported_restore_mode is not UNSET:
            field_dict["supported_restore_mode"] = supported_restore_mode
        if os_images_data is not UNSET:
            field_dict["os_images_data"] = os_images_data
        if contain_system_disk is not UNSET:
            field_dict["contain_system_disk"] = contain_system_disk
        if encrypted is not UNSET:
            field_dict["encrypted"] = encrypted
        if system_disk is not UNSET:
            field_dict["system_disk"] = system_disk
        if is_multi_az is not UNSET:
            field_dict["is_multi_az"] = is_multi_az
        if architecture is not UNSET:
            field_dict["architecture"] = architecture
        if progress is not UNSET:
            field_dict["progress"] = progress

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_data import ImageData  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_auto_trigger(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        auto_trigger = _parse_auto_trigger(d.pop("auto_trigger", UNSET))

        def _parse_bootable(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        bootable = _parse_bootable(d.pop("bootable", UNSET))

        def _parse_snapshot_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        snapshot_id = _parse_snapshot_id(d.pop("snapshot_id", UNSET))

        def _parse_support_lld(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        support_lld = _parse_support_lld(d.pop("support_lld", UNSET))

        def _parse_supported_restore_mode(
            data: object,
        ) -> None | RestoreMode | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                supported_restore_mode_type_0 = RestoreMode(data)

                return supported_restore_mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RestoreMode | str | Unset, data)

        supported_restore_mode = _parse_supported_restore_mode(
            d.pop("supported_restore_mode", UNSET)
        )

        def _parse_os_images_data(data: object) -> list[ImageData] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                os_images_data_type_0 = []
                _os_images_data_type_0 = data
                for os_images_data_type_0_item_data in _os_images_data_type_0:
                    os_images_data_type_0_item = ImageData.from_dict(
                        os_images_data_type_0_item_data
                    )

                    os_images_data_type_0.append(os_images_data_type_0_item)

                return os_images_data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ImageData] | None | Unset, data)

        os_images_data = _parse_os_images_data(d.pop("os_images_data", UNSET))

        def _parse_contain_system_disk(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        contain_system_disk = _parse_contain_system_disk(
            d.pop("contain_system_disk", UNSET)
        )

        def _parse_encrypted(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        encrypted = _parse_encrypted(d.pop("encrypted", UNSET))

        def _parse_system_disk(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        system_disk = _parse_system_disk(d.pop("system_disk", UNSET))

        def _parse_is_multi_az(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_multi_az = _parse_is_multi_az(d.pop("is_multi_az", UNSET))

        def _parse_architecture(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        architecture = _parse_architecture(d.pop("architecture", UNSET))

        def _parse_progress(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        progress = _parse_progress(d.pop("progress", UNSET))

        backup_extend_info = cls(
            auto_trigger=auto_trigger,
            bootable=bootable,
            snapshot_id=snapshot_id,
            support_lld=support_lld,
            supported_restore_mode=supported_restore_mode,
            os_images_data=os_images_data,
            contain_system_disk=contain_system_disk,
            encrypted=encrypted,
            system_disk=system_disk,
            is_multi_az=is_multi_az,
            architecture=architecture,
            progress=progress,
        )

        backup_extend_info.additional_properties = d
        return backup_extend_info

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
