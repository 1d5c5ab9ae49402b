from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.server_image_type import ServerImageType
from ..types import UNSET, Unset

T = TypeVar("T", bound="BackupData")


@_attrs_define
class BackupData:
    """Metadata of the backed-up server (backup_data). Blank strings mean "not obtained";
    the public examples send `""` for `imagetype` and `cloudservicetype`.

        Attributes:
            field_openstack_region_name (str | Unset): Availability zone of the server; blank when not obtained.
            cloudservicetype (str | Unset): Server type; the docs say `server`, the public examples send `""` and `QEMU`.
            disk (int | Unset): System-disk size of the flavour.
            imagetype (ServerImageType | str | Unset): Image type of the server, `gold` (public), `private` or `market`;
                `""` when not obtained.
            ram (int | Unset): Memory in MB.
            vcpus (int | Unset): Number of vCPUs.
            eip (str | Unset): Elastic IP; blank when not obtained.
            private_ip (str | Unset): Internal IP; blank when not obtained.
    """

    field_openstack_region_name: str | Unset = UNSET
    cloudservicetype: str | Unset = UNSET
    disk: int | Unset = UNSET
    imagetype: ServerImageType | str | Unset = UNSET
    ram: int | Unset = UNSET
    vcpus: int | Unset = UNSET
    eip: str | Unset = UNSET
    private_ip: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_openstack_region_name = self.field_openstack_region_name

        cloudservicetype = self.cloudservicetype

        disk = self.disk

        imagetype: str | Unset
        if isinstance(self.imagetype, Unset):
            imagetype = UNSET
        elif isinstance(self.imagetype, ServerImageType):
            imagetype = self.imagetype.value
        else:
            imagetype = self.imagetype

        ram = self.ram

        vcpus = self.vcpus

        eip = self.eip

        private_ip = self.private_ip

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if field_openstack_region_name is not UNSET:
            field_dict["__openstack_region_name"] = field_openstack_region_name
        if cloudservicetype is not UNSET:
            field_dict["cloudservicetype"] = cloudservicetype
        if disk is not UNSET:
            field_dict["disk"] = disk
        if imagetype is not UNSET:
            field_dict["imagetype"] = imagetype
        if ram is not UNSET:
            field_dict["ram"] = ram
        if vcpus is not UNSET:
            field_dict["vcpus"] = vcpus
        if eip is not UNSET:
            field_dict["eip"] = eip
        if private_ip is not UNSET:
            field_dict["private_ip"] = private_ip

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        field_openstack_region_name = d.pop("__openstack_region_name", UNSET)

        cloudservicetype = d.pop("cloudservicetype", UNSET)

        disk = d.pop("disk", UNSET)

        def _parse_imagetype(data: object) -> ServerImageType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                imagetype_type_0 = ServerImageType(data)

                return imagetype_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ServerImageType | str | Unset, data)

        imagetype = _parse_imagetype(d.pop("imagetype", UNSET))

        ram = d.pop("ram", UNSET)

        vcpus = d.pop("vcpus", UNSET)

        eip = d.pop("eip", UNSET)

        private_ip = d.pop("private_ip", UNSET)

        backup_data = cls(
            field_openstack_region_name=field_openstack_region_name,
            cloudservicetype=cloudservicetype,
            disk=disk,
            imagetype=imagetype,
            ram=ram,
            vcpus=vcpus,
            eip=eip,
            private_ip=private_ip,
        )

        backup_data.additional_properties = d
        return backup_data

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
