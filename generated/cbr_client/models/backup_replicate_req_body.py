from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BackupReplicateReqBody")


@_attrs_define
class BackupReplicateReqBody:
    """Replication parameters (BackupReplicateReqBody).

    Attributes:
        destination_project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        destination_region (str): A region id, e.g. `ap-southeast-1`. Example: ap-southeast-2.
        destination_vault_id (UUID): A UUID in its canonical dashed form. Example: 6df2b54c-dd62-4059-a07c-1b8f24f2725d.
        enable_acceleration (bool | Unset): Whether to accelerate the cross-region copy to shorten it (billed extra);
            off when omitted. Default: False.
        name (str | Unset): A backup's name; Chinese characters, letters, digits, `_` and `-`. Example: backup_name.
        description (str | Unset): A backup's description; angle brackets are not allowed. Example: backup_description.
        cross_account_urn (str | Unset): For a cross-account replication, the target account's cross-account replication
            vault identifier (跨账户复制所需的目标账户的跨账户复制存储库标识). Sent by the SDK.
    """

    destination_project_id: str
    destination_region: str
    destination_vault_id: UUID
    enable_acceleration: bool | Unset = False
    name: str | Unset = UNSET
    description: str | Unset = UNSET
    cross_account_urn: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        destination_project_id = self.destination_project_id

        destination_region = self.destination_region

        destination_vault_id = str(self.destination_vault_id)

        enable_acceleration = self.enable_acceleration

        name = self.name

        description = self.description

        cross_account_urn = self.cross_account_urn

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "destination_project_id": destination_project_id,
                "destination_region": destination_region,
                "destination_vault_id": destination_vault_id,
            }
        )
        if enable_acceleration is not UNSET:
            field_dict["enable_acceleration"] = enable_acceleration
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if cross_account_urn is not UNSET:
            field_dict["cross_account_urn"] = cross_account_urn

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        destination_project_id = d.pop("destination_project_id")

        destination_region = d.pop("destination_region")

        destination_vault_id = UUID(d.pop("destination_vault_id"))

        enable_acceleration = d.pop("enable_acceleration", UNSET)

        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        cross_account_urn = d.pop("cross_account_urn", UNSET)

        backup_replicate_req_body = cls(
            destination_project_id=destination_project_id,
            destination_region=destination_region,
            destination_vault_id=destination_vault_id,
            enable_acceleration=enable_acceleration,
            name=name,
            description=description,
            cross_account_urn=cross_account_urn,
        )

        return backup_replicate_req_body
