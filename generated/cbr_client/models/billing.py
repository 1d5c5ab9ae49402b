from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.charging_mode import ChargingMode
from ..models.cloud_type import CloudType
from ..models.consistent_level import ConsistentLevel
from ..models.object_type import ObjectType
from ..models.protect_type import ProtectType
from ..models.spec_code import SpecCode
from ..models.vault_status import VaultStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Billing")


@_attrs_define
class Billing:
    """Billing and capacity of a vault (运营信息). A vault takes replicas only if its
    `protect_type` is `replication`, its `object_type` matches the backup's, its `status`
    is `available` and it has room (`used` in MB against `size` in GB).

        Attributes:
            allocated (int): Allocated capacity in GB (已分配容量).
            charging_mode (ChargingMode | str): Billing mode (see `ChargingMode`).
            consistent_level (ConsistentLevel | str): Consistency level (see `ConsistentLevel`).
            protect_type (ProtectType | str): Protection type (see `ProtectType`).
            size (int): Capacity in GB (容量), 1–10485760 when set.
            spec_code (SpecCode | str): Specification code (see `SpecCode`).
            status (str | VaultStatus): Status of the vault (see `VaultStatus`).
            used (int): Used capacity in MB (已使用容量).
            cloud_type (CloudType | str | Unset): Cloud type (see `CloudType`).
            object_type (ObjectType | str | Unset): Object type (see `ObjectType`).
            order_id (None | str | Unset): Order id of a yearly/monthly vault; `null` otherwise.
            product_id (None | str | Unset): Product id of a yearly/monthly vault; `null` otherwise.
            storage_unit (None | str | Unset): Bucket of the vault (存储库桶名); `null` in the public examples.
            frozen_scene (None | str | Unset): Why the vault is frozen (冻结场景); `null` when it is not.
            is_multi_az (bool | None | Unset): Whether the vault is multi-AZ.
    """

    allocated: int
    charging_mode: ChargingMode | str
    consistent_level: ConsistentLevel | str
    protect_type: ProtectType | str
    size: int
    spec_code: SpecCode | str
    status: str | VaultStatus
    used: int
    cloud_type: CloudType | str | Unset = UNSET
    object_type: ObjectType | str | Unset = UNSET
    order_id: None | str | Unset = UNSET
    product_id: None | str | Unset = UNSET
    storage_unit: None | str | Unset = UNSET
    frozen_scene: None | str | Unset = UNSET
    is_multi_az: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocated = self.allocated

        charging_mode: str
        if isinstance(self.charging_mode, ChargingMode):
            charging_mode = self.charging_mode.value
        else:
            charging_mode = self.charging_mode

        consistent_level: str
        if isinstance(self.consistent_level, ConsistentLevel):
            consistent_level = self.consistent_level.value
        else:
            consistent_level = self.consistent_level

        protect_type: str
        if isinstance(self.protect_type, ProtectType):
            protect_type = self.protect_type.value
        else:
            protect_type = self.protect_type

        size = self.size

        spec_code: str
        if isinstance(self.spec_code, SpecCode):
            spec_code = self.spec_code.value
        else:
            spec_code = self.spec_code

        status: str
        if isinstance(self.status, VaultStatus):
            status = self.status.value
        else:
            status = self.status

        used = self.used

        cloud_type: str | Unset
        if isinstance(self.cloud_type, Unset):
            cloud_type = UNSET
        elif isinstance(self.cloud_type, CloudType):
            cloud_type = self.cloud_type.value
        else:
            cloud_type = self.cloud_type

        object_type: str | Unset
        if isinstance(self.object_type, Unset):
            object_type = UNSET
        elif isinstance(self.object_type, ObjectType):
            object_type = self.object_type.value
        else:
            object_type = self.object_type

        order_id: None | str | Unset
        if isinstance(self.order_id, Unset):
            order_id = UNSET
        else:
            order_id = self.order_id

        product_id: None | str | Unset
        if isinstance(self.product_id, Unset):
            product_id = UNSET
        else:
            product_id = self.product_id

        storage_unit: None | str | Unset
        if isinstance(self.storage_unit, Unset):
            storage_unit = UNSET
        else:
            storage_unit = self.storage_unit

        frozen_scene: None | str | Unset
        if isinstance(self.frozen_scene, Unset):
            frozen_scene = UNSET
        else:
            frozen_scene = self.frozen_scene

        is_multi_az: bool | None | Unset
        if isinstance(self.is_multi_az, Unset):
            is_multi_az = UNSET
        else:
            is_multi_az = self.is_multi_az

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocated": allocated,
                "charging_mode": charging_mode,
                "consistent_level": consistent_level,
                "protect_type": protect_type,
                "size": size,
                "spec_code": spec_code,
                "status": status,
                "used": used,
            }
        )
        if cloud_type is not UNSET:
            field_dict["cloud_type"] = cloud_type
        if object_type is not UNSET:
            field_dict["object_type"] = object_type
        if order_id is not UNSET:
            field_dict["order_id"] = order_id
        if product_id is not UNSET:
            field_dict["product_id"] = product_id
        if storage_unit is not UNSET:
            field_dict["storage_unit"] = storage_unit
        if frozen_scene is not UNSET:
            field_dict["frozen_scene"] = frozen_scene
        if is_multi_az is not UNSET:
            field_dict["is_multi_az"] = is_multi_az

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allocated = d.pop("allocated")

        def _parse_charging_mode(data: object) -> ChargingMode | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                charging_mode_type_0 = ChargingMode(data)

                return charging_mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChargingMode | str, data)

        charging_mode = _parse_charging_mode(d.pop("charging_mode"))

        def _parse_consistent_level(data: object) -> ConsistentLevel | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                consistent_level_type_0 = ConsistentLevel(data)

                return consistent_level_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsistentLevel | str, data)

        consistent_level = _parse_consistent_level(d.pop("consistent_level"))

        def _parse_protect_type(data: object) -> ProtectType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                protect_type_type_0 = ProtectType(data)

                return protect_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ProtectType | str, data)

        protect_type = _parse_protect_type(d.pop("protect_type"))

        size = d.pop("size")

        def _parse_spec_code(data: object) -> SpecCode | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                spec_code_type_0 = SpecCode(data)

                return spec_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(SpecCode | str, data)

        spec_code = _parse_spec_code(d.pop("spec_code"))

        def _parse_status(data: object) -> str | VaultStatus:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = VaultStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | VaultStatus, data)

        status = _parse_status(d.pop("status"))

        used = d.pop("used")

        def _parse_cloud_type(data: object) -> CloudType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cloud_type_type_0 = CloudType(data)

                return cloud_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CloudType | str | Unset, data)

        cloud_type = _parse_cloud_type(d.pop("cloud_type", UNSET))

        def _parse_object_type(data: object) -> ObjectType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                object_type_type_0 = ObjectType(data)

                return object_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ObjectType | str | Unset, data)

        object_type = _parse_object_type(d.pop("object_type", UNSET))

        def _parse_order_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_id = _parse_order_id(d.pop("order_id", UNSET))

        def _parse_product_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        product_id = _parse_product_id(d.pop("product_id", UNSET))

        def _parse_storage_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        storage_unit = _parse_storage_unit(d.pop("storage_unit", UNSET))

        def _parse_frozen_scene(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        frozen_scene = _parse_frozen_scene(d.pop("frozen_scene", UNSET))

        def _parse_is_multi_az(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_multi_az = _parse_is_multi_az(d.pop("is_multi_az", UNSET))

        billing = cls(
            allocated=allocated,
            charging_mode=charging_mode,
            consistent_level=consistent_level,
            protect_type=protect_type,
            size=size,
            spec_code=spec_code,
            status=status,
            used=used,
            cloud_type=cloud_type,
            object_type=object_type,
            order_id=order_id,
            product_id=product_id,
            storage_unit=storage_unit,
            frozen_scene=frozen_scene,
            is_multi_az=is_multi_az,
        )

        billing.additional_properties = d
        return billing

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
