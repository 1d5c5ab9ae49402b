from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.backup_status import BackupStatus
from ..models.resource_type import ResourceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.backup_data import BackupData
    from ..models.extend_info import ExtendInfo
    from ..models.replication_record import ReplicationRecord
    from ..models.tag import Tag


T = TypeVar("T", bound="Backup")


@_attrs_define
class Backup:
    """A backup (checkpoint item). A reader may rely on the members every public body
    carries (`id`, `name`, `status`, `checkpoint_id`, `resource_id`, `resource_type`,
    `extend_info`); `created_at`, `updated_at`, `description` and `tags` are missing
    from some of them. The emulator sends every documented member.

        Attributes:
            id (UUID): A UUID in its canonical dashed form. Example: c4dfa74c-7e60-4361-86b9-9a3250115ed6.
            name (str): Name of the backup.
            checkpoint_id (UUID): A UUID in its canonical dashed form. Example: c4dfa74c-7e60-4361-86b9-9a3250115ed6.
            resource_id (UUID): A UUID in its canonical dashed form. Example: c4dfa74c-7e60-4361-86b9-9a3250115ed6.
            resource_type (ResourceType | str): Type of the backed-up resource (see `ResourceType`).
            status (BackupStatus | str): Status of the backup (see `BackupStatus`).
            extend_info (ExtendInfo): Extended information of a backup (extend_info). A reader may rely on `copy_status`
                only: the public bodies leave out `copy_from`, `fail_code`, `volume_backups`,
                `os_images_data` and `resource_type` in places; the emulator sends every member.
            description (str | Unset): Description of the backup.
            created_at (str | Unset): A UTC time as the service writes it: ISO 8601 without a zone designator, with
                microseconds (e.g. `2018-08-14T07:53:15.663766`). Not RFC 3339, hence no `format`.
                 Example: 2018-08-14T07:53:15.663766.
            updated_at (str | Unset): A UTC time as the service writes it: ISO 8601 without a zone designator, with
                microseconds (e.g. `2018-08-14T07:53:15.663766`). Not RFC 3339, hence no `format`.
                 Example: 2018-08-14T07:53:15.663766.
            protected_at (None | str | Unset): The point in time the backup's data is of (a `Timestamp`); a sort key of
                `listBackups`. Documented on the Chinese show page only.
            expired_at (None | str | Unset): When set, the backup is deleted by the first clean-up after this time; `null`
                when it is kept. Documented on the Chinese show page only.
            backup_data (BackupData | Unset): Metadata of the backed-up server (backup_data). Blank strings mean "not
                obtained";
                the public examples send `""` for `imagetype` and `cloudservicetype`.
            tags (list[Tag] | Unset): Tags of the backup.
            replication_records (list[ReplicationRecord] | Unset): Replications of this backup, newest first (`showBackup`
                only).
    """

    id: UUID
    name: str
    checkpoint_id: UUID
    resource_id: UUID
    resource_type: ResourceType | str
    status: BackupStatus | str
    extend_info: ExtendInfo
    description: str | Unset = UNSET
    created_at: str | Unset = UNSET
    updated_at: str | Unset = UNSET
    protected_at: None | str | Unset = UNSET
    expired_at: None | str | Unset = UNSET
    backup_data: BackupData | Unset = UNSET
    tags: list[Tag] | Unset = UNSET
    replication_records: list[ReplicationRecord] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        checkpoint_id = str(self.checkpoint_id)

        resource_id = str(self.resource_id)

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

        extend_info = self.extend_info.to_dict()

        description = self.description

        created_at = self.created_at

        updated_at = self.updated_at

        protected_at: None | str | Unset
        if isinstance(self.protected_at, Unset):
            protected_at = UNSET
        else:
            protected_at = self.protected_at

        expired_at: None | str | Unset
        if isinstance(self.expired_at, Unset):
            expired_at = UNSET
        else:
            expired_at = self.expired_at

        backup_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.backup_data, Unset):
            backup_data = self.backup_data.to_dict()

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        replication_records: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.replication_records, Unset):
            replication_records = []
            for replication_records_item_data in self.replication_records:
                replication_records_item = replication_records_item_data.to_dict()
                replication_records.append(replication_records_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "checkpoint_id": checkpoint_id,
                "resource_id": resource_id,
                "resource_type": resource_type,
                "status": status,
                "extend_info": extend_info,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if protected_at is not UNSET:
            field_dict["protected_at"] = protected_at
        if expired_at is not UNSET:
            field_dict["expired_at"] = expired_at
        if backup_data is not UNSET:
            field_dict["backup_data"] = backup_data
        if tags is not UNSET:
            field_dict["tags"] = tags
        if replication_records is not UNSET:
            field_dict["replication_records"] = replication_records

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backup_data import BackupData  # noqa: PLC0415
        from ..models.extend_info import ExtendInfo  # noqa: PLC0415
        from ..models.replication_record import ReplicationRecord  # noqa: PLC0415
        from ..models.tag import Tag  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        checkpoint_id = UUID(d.pop("checkpoint_id"))

        resource_id = UUID(d.pop("resource_id"))

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

        extend_info = ExtendInfo.from_dict(d.pop("extend_info"))

        description = d.pop("description", UNSET)

        created_at = d.pop("created_at", UNSET)

        updated_at = d.pop("updated_at", UNSET)

        def _parse_protected_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        protected_at = _parse_protected_at(d.pop("protected_at", UNSET))

        def _parse_expired_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        expired_at = _parse_expired_at(d.pop("expired_at", UNSET))

        _backup_data = d.pop("backup_data", UNSET)
        backup_data: BackupData | Unset
        if isinstance(_backup_data, Unset):
            backup_data = UNSET
        else:
            backup_data = BackupData.from_dict(_backup_data)

        _tags = d.pop("tags", UNSET)
        tags: list[Tag] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for tags_item_data in _tags:
                tags_item = Tag.from_dict(tags_item_data)

                tags.append(tags_item)

        _replication_records = d.pop("replication_records", UNSET)
        replication_records: list[ReplicationRecord] | Unset = UNSET
        if _replication_records is not UNSET:
            replication_records = []
            for replication_records_item_data in _replication_records:
                replication_records_item = ReplicationRecord.from_dict(
                    replication_records_item_data
                )

                replication_records.append(replication_records_item)

        backup = cls(
            id=id,
            name=name,
            checkpoint_id=checkpoint_id,
            resource_id=resource_id,
            resource_type=resource_type,
            status=status,
            extend_info=extend_info,
            description=description,
            created_at=created_at,
            updated_at=updated_at,
            protected_at=protected_at,
            expired_at=expired_at,
            backup_data=backup_data,
            tags=tags,
            replication_records=replication_records,
        )

        backup.additional_properties = d
        return backup

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
