from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.backup_status import BackupStatus
from ..models.image_type import ImageType
from ..models.provider_id import ProviderId
from ..models.resource_type import ResourceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.backup_child import BackupChild
    from ..models.backup_extend_info import BackupExtendInfo
    from ..models.replication_record_get import ReplicationRecordGet


T = TypeVar("T", bound="BackupResp")


@_attrs_define
class BackupResp:
    """A backup (备份副本). A reader may rely on the members every public body carries;
    `null` appears in the public examples for `parent_id`, `protected_at` and several
    `extend_info` members. `replication_records` is sent by `showBackup` always and by
    `listBackups` only with `show_replication=true`.

        Attributes:
            checkpoint_id (UUID): A UUID in its canonical dashed form. Example: 6df2b54c-dd62-4059-a07c-1b8f24f2725d.
            created_at (str): A time as the service writes it: ISO 8601, UTC, with or without a fraction (up to six
                digits) and with or without a zone (`Z` or `+00:00`), e.g. `2020-02-05T10:38:34.209782`.
                The emulator writes the zone-less microsecond form. Not strict RFC 3339, hence no `format`.
                 Example: 2020-02-05T10:38:34.209782.
            id (UUID): A UUID in its canonical dashed form. Example: 6df2b54c-dd62-4059-a07c-1b8f24f2725d.
            image_type (ImageType | str): `backup`, or `replication` for a replica (see `ImageType`).
            name (str): Name of the backup (备份名称).
            project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
                68589cac08274b82b4e254268a3862d8.
            provider_id (ProviderId | str): Backup provider (see `ProviderId`).
            resource_id (str): Id of the backed-up resource (资源ID).
            resource_type (ResourceType | str): Type of the backed-up resource (see `ResourceType`).
            status (BackupStatus | str): Status of the backup (see `BackupStatus`).
            vault_id (UUID): A UUID in its canonical dashed form. Example: 6df2b54c-dd62-4059-a07c-1b8f24f2725d.
            description (None | str | Unset): Description of the backup (备份描述).
            expired_at (None | str | Unset): When the backup expires (过期时间, a `Timestamp`); `null` when it is kept.
            extend_info (BackupExtendInfo | Unset): Extended information of a backup. The public examples send `null` for
                most members
                that do not apply, and members the SDK does not know (`architecture`, `progress`); a
                reader must accept both.
            parent_id (None | str | Unset): Id of the parent backup (父备份ID); `null` when none.
            protected_at (None | str | Unset): When the backup's data was taken (备份时间), a date or a `Timestamp`; `null` in
                the public examples.
            resource_az (None | str | Unset): Availability zone of the backed-up resource (资源可用区).
            resource_name (None | str | Unset): Name of the backed-up resource (资源名称).
            resource_size (int | None | Unset): Size of the backed-up resource in GB (资源大小).
            scheduled_operation_id (None | str | Unset): Policy that made the backup (策略ID); in the SDK only.
            updated_at (None | str | Unset): When the backup last changed (更新时间, a `Timestamp`); `null` in the public show
                example.
            replication_records (list[ReplicationRecordGet] | Unset): Replications of this backup, newest first (复制记录).
            enterprise_project_id (None | str | Unset): Enterprise project of the backup; `0` by default.
            children (list[BackupChild] | Unset): Child backups (子副本列表); empty for a server backup.
            incremental (bool | None | Unset): Whether the backup is incremental (是否是增备).
            version (int | None | Unset): Snapshot type of the backup (备份副本快照类型); in the SDK only.
    """

    checkpoint_id: UUID
    created_at: str
    id: UUID
    image_type: ImageType | str
    name: str
    project_id: str
    provider_id: ProviderId | str
    resource_id: str
    resource_type: ResourceType | str
    status: BackupStatus | str
    vault_id: UUID
    description: None | str | Unset = UNSET
    expired_at: None | str | Unset = UNSET
    extend_info: BackupExtendInfo | Unset = UNSET
    parent_id: None | str | Unset = UNSET
    protected_at: None | str | Unset = UNSET
    resource_az: None | str | Unset = UNSET
    resource_name: None | str | Unset = UNSET
    resource_size: int | None | Unset = UNSET
    scheduled_operation_id: None | str | Unset = UNSET
    updated_at: None | str | Unset = UNSET
    replication_records: list[ReplicationRecordGet] | Unset = UNSET
    enterprise_project_id: None | str | Unset = UNSET
    children: list[BackupChild] | Unset = UNSET
    incremental: bool | None | Unset = UNSET
    version: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checkpoint_id = str(self.checkpoint_id)

        created_at = self.created_at

        id = str(self.id)

        image_type: str
        if isinstance(self.image_type, ImageType):
            image_type = self.image_type.value
        else:
            image_type = self.image_type

        name = self.name

        project_id = self.project_id

        provider_id: str
        if isinstance(self.provider_id, ProviderId):
            provider_id = self.provider_id.value
        else:
            provider_id = self.provider_id

        resource_id = self.resource_id

        resource_type: str
        if isinstance(self.resource_type, ResourceType):
            resource_type = self.resource_type.value
        else:
            resource_type = self.resource_type

        status: str
        if isinstance(self.status, BackupStatus):
            status = self.status.value
        else:
            status = self.status

        vault_id = str(self.vault_id)

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        expired_at: None | str | Unset
        if isinstance(self.expired_at, Unset):
            expired_at = UNSET
        else:
            expired_at = self.expired_at

        extend_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extend_info, Unset):
            extend_info = self.extend_info.to_dict()

        parent_id: None | str | Unset
        if isinstance(self.parent_id, Unset):
            parent_id = UNSET
        else:
            parent_id = self.parent_id

        protected_at: None | str | Unset
        if isinstance(self.protected_at, Unset):
            protected_at = UNSET
        else:
            protected_at = self.protected_at

        resource_az: None | str | Unset
        if isinstance(self.resource_az, Unset):
            resource_az = UNSET
        else:
            resource_az = self.resource_az

        resource_name: None | str | Unset
        if isinstance(self.resource_name, Unset):
            resource_name = UNSET
        else:
            resource_name = self.resource_name

        resource_size: int | None | Unset
        if isinstance(self.resource_size, Unset):
            resource_size = UNSET
        else:
            resource_size = self.resource_size

        scheduled_operation_id: None | str | Unset
        if isinstance(self.scheduled_operation_id, Unset):
            scheduled_operation_id = UNSET
        else:
            scheduled_operation_id = self.scheduled_operation_id

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = self.updated_at

        replication_records: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.replication_records, Unset):
            replication_records = []
            for replication_records_item_data in self.replication_records:
                replication_records_item = replication_records_item_data.to_dict()
                replication_records.append(replication_records_item)

        enterprise_project_id: None | str | Unset
        if isinstance(self.enterprise_project_id, Unset):
            enterprise_project_id = UNSET
        else:
            enterprise_project_id = self.enterprise_project_id

        children: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.children, Unset):
            children = []
            for children_item_data in self.children:
                children_item = children_item_data.to_dict()
                children.append(children_item)

        incremental: bool | None | Unset
        if isinstance(self.incremental, Unset):
            incremental = UNSET
        else:
            incremental = self.incremental

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "checkpoint_id": checkpoint_id,
                "created_at": created_at,
                "id": id,
                "image_type": image_type,
                "name": name,
                "project_id": project_id,
                "provider_id": provider_id,
                "resource_id": resource_id,
                "resource_type": resource_type,
                "status": status,
                "vault_id": vault_id,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if expired_at is not UNSET:
            field_dict["expired_at"] = expired_at
        if extend_info is not UNSET:
            field_dict["extend_info"] = extend_info
        if parent_id is not UNSET:
            field_dict["parent_id"] = parent_id
        if protected_at is not UNSET:
            field_dict["protected_at"] = protected_at
        if resource_az is not UNSET:
            field_dict["resource_az"] = resource_az
        if resource_name is not UNSET:
            field_dict["resource_name"] = resource_name
        if resource_size is not UNSET:
            field_dict["resource_size"] = resource_size
        if scheduled_operation_id is not UNSET:
            field_dict["scheduled_operation_id"] = scheduled_operation_id
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if replication_records is not UNSET:
            field_dict["replication_records"] = replication_records
        if enterprise_project_id is not UNSET:
            field_dict["enterprise_project_id"] = enterprise_project_id
        if children is not UNSET:
            field_dict["children"] = children
        if incremental is not UNSET:
            field_dict["incremental"] = incremental
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backup_child import BackupChild  # noqa: PLC0415
        from ..models.backup_extend_info import BackupExtendInfo  # noqa: PLC0415
        from ..models.replication_record_get import ReplicationRecordGet  # noqa: PLC0415

        d = dict(src_dict)
        checkpoint_id = UUID(d.pop("checkpoint_id"))

        created_at = d.pop("created_at")

        id = UUID(d.pop("id"))

        def _parse_image_type(data: object) -> ImageType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                image_type_type_0 = ImageType(data)

                return image_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImageType | str, data)

        image_type = _parse_image_type(d.pop("image_type"))

        name = d.pop("name")

        project_id = d.pop("project_id")

        def _parse_provider_id(data: object) -> ProviderId | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                provider_id_type_0 = ProviderId(data)

                return provider_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ProviderId | str, data)

        provider_id = _parse_provider_id(d.pop("provider_id"))

        resource_id = d.pop("resource_id")

        def _parse_resource_type(data: object) -> ResourceType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resource_type_type_0 = ResourceType(data)

                return resource_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ResourceType | str, data)

        resource_type = _parse_resource_type(d.pop("resource_type"))

        def _parse_status(data: object) -> BackupStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = BackupStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BackupStatus | str, data)

        status = _parse_status(d.pop("status"))

        vault_id = UUID(d.pop("vault_id"))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_expired_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        expired_at = _parse_expired_at(d.pop("expired_at", UNSET))

        _extend_info = d.pop("extend_info", UNSET)
        extend_info: BackupExtendInfo | Unset
        if isinstance(_extend_info, Unset):
            extend_info = UNSET
        else:
            extend_info = BackupExtendInfo.from_dict(_extend_info)

        def _parse_parent_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parent_id = _parse_parent_id(d.pop("parent_id", UNSET))

        def _parse_protected_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        protected_at = _parse_protected_at(d.pop("protected_at", UNSET))

        def _parse_resource_az(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        resource_az = _parse_resource_az(d.pop("resource_az", UNSET))

        def _parse_resource_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        resource_name = _parse_resource_name(d.pop("resource_name", UNSET))

        def _parse_resource_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        resource_size = _parse_resource_size(d.pop("resource_size", UNSET))

        def _parse_scheduled_operation_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scheduled_operation_id = _parse_scheduled_operation_id(
            d.pop("scheduled_operation_id", UNSET)
        )

        def _parse_updated_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))

        _replication_records = d.pop("replication_records", UNSET)
        replication_records: list[ReplicationRecordGet] | Unset = UNSET
        if _replication_records is not UNSET:
            replication_records = []
            for replication_records_item_data in _replication_records:
                replication_records_item = ReplicationRecordGet.from_dict(
                    replication_records_item_data
                )

                replication_records.append(replication_records_item)

        def _parse_enterprise_project_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        enterprise_project_id = _parse_enterprise_project_id(
            d.pop("enterprise_project_id", UNSET)
        )

        _children = d.pop("children", UNSET)
        children: list[BackupChild] | Unset = UNSET
        if _children is not UNSET:
            children = []
            for children_item_data in _children:
                children_item = BackupChild.from_dict(children_item_data)

                children.append(children_item)

        def _parse_incremental(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        incremental = _parse_incremental(d.pop("incremental", UNSET))

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        backup_resp = cls(
            checkpoint_id=checkpoint_id,
            created_at=created_at,
            id=id,
            image_type=image_type,
            name=name,
            project_id=project_id,
            provider_id=provider_id,
            resource_id=resource_id,
            resource_type=resource_type,
            status=status,
            vault_id=vault_id,
            description=description,
            expired_at=expired_at,
            extend_info=extend_info,
            parent_id=parent_id,
            protected_at=protected_at,
            resource_az=resource_az,
            resource_name=resource_name,
            resource_size=resource_size,
            scheduled_operation_id=scheduled_operation_id,
            updated_at=updated_at,
            replication_records=replication_records,
            enterprise_project_id=enterprise_project_id,
            children=children,
            incremental=incremental,
            version=version,
        )

        backup_resp.additional_properties = d
        return backup_resp

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
