from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.disk_backup_image_type import DiskBackupImageType
from ..types import UNSET, Unset

T = TypeVar("T", bound="VolumeBackup")


@_attrs_define
class VolumeBackup:
    """The backup of one disk (volume_backup); every documented member appears in the public example.

    Attributes:
        id (str | Unset): Id of the disk backup (the Cinder backup id).
        name (str | Unset): Name of the disk backup.
        status (str | Unset): Status of the disk backup, e.g. `available` (no enum is documented).
        bootable (bool | Unset): Whether the disk is the system disk.
        image_type (DiskBackupImageType | str | Unset): Backup type; documented value `backup`.
        incremental (bool | Unset): Whether the disk backup is incremental.
        average_speed (int | Unset): Average speed in MB/s (unlike `extend_info.average_speed`, in kb/s).
        size (int | Unset): Accumulated size in MB.
        source_volume_id (str | Unset): Id of the backed-up disk.
        source_volume_name (str | Unset): Name of the backed-up disk.
        source_volume_size (int | Unset): Size of the backed-up disk in GB.
        space_saving_ratio (int | Unset): Space-saving rate.
        snapshot_id (str | Unset): Id of the snapshot the disk backup was made from.
    """

    id: str | Unset = UNSET
    name: str | Unset = UNSET
    status: str | Unset = UNSET
    bootable: bool | Unset = UNSET
    image_type: DiskBackupImageType | str | Unset = UNSET
    incremental: bool | Unset = UNSET
    average_speed: int | Unset = UNSET
    size: int | Unset = UNSET
    source_volume_id: str | Unset = UNSET
    source_volume_name: str | Unset = UNSET
    source_volume_size: int | Unset = UNSET
    space_saving_ratio: int | Unset = UNSET
    snapshot_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        status = self.status

        bootable = self.bootable

        image_type: str | Unset
        if isinstance(self.image_type, Unset):
            image_type = UNSET
        elif isinstance(self.image_type, DiskBackupImageType):
            image_type = self.image_type.value
        else:
            image_type = self.image_type

        incremental = self.incremental

        average_speed = self.average_speed

        size = self.size

        source_volume_id = self.source_volume_id

        source_volume_name = self.source_volume_name

        source_volume_size = self.source_volume_size

        space_saving_ratio = self.space_saving_ratio

        snapshot_id = self.snapshot_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if status is not UNSET:
            field_dict["status"] = status
        if bootable is not UNSET:
            field_dict["bootable"] = bootable
        if image_type is not UNSET:
            field_dict["image_type"] = image_type
        if incremental is not UNSET:
            field_dict["incremental"] = incremental
        if average_speed is not UNSET:
            field_dict["average_speed"] = average_speed
        if size is not UNSET:
            field_dict["size"] = size
        if source_volume_id is not UNSET:
            field_dict["source_volume_id"] = source_volume_id
        if source_volume_name is not UNSET:
            field_dict["source_volume_name"] = source_volume_name
        if source_volume_size is not UNSET:
            field_dict["source_volume_size"] = source_volume_size
        if space_saving_ratio is not UNSET:
            field_dict["space_saving_ratio"] = space_saving_ratio
        if snapshot_id is not UNSET:
            field_dict["snapshot_id"] = snapshot_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        status = d.pop("status", UNSET)

        bootable = d.pop("bootable", UNSET)

        def _parse_image_type(data: object) -> DiskBackupImageType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                image_type_type_0 = DiskBackupImageType(data)

                return image_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DiskBackupImageType | str | Unset, data)

        image_type = _parse_image_type(d.pop("image_type", UNSET))

        incremental = d.pop("incremental", UNSET)

        average_speed = d.pop("average_speed", UNSET)

        size = d.pop("size", UNSET)

        source_volume_id = d.pop("source_volume_id", UNSET)

        source_volume_name = d.pop("source_volume_name", UNSET)

        source_volume_size = d.pop("source_volume_size", UNSET)

        space_saving_ratio = d.pop("space_saving_ratio", UNSET)

        snapshot_id = d.pop("snapshot_id", UNSET)

        volume_backup = cls(
            id=id,
            name=name,
            status=status,
            bootable=bootable,
            image_type=image_type,
            incremental=incremental,
            average_speed=average_speed,
            size=size,
            source_volume_id=source_volume_id,
            source_volume_name=source_volume_name,
            source_volume_size=source_volume_size,
            space_saving_ratio=space_saving_ratio,
            snapshot_id=snapshot_id,
        )

        volume_backup.additional_properties = d
        return volume_backup

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
