from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.backup_status import BackupStatus
from ..models.resource_type import ResourceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.extend_info import ExtendInfo
    from ..models.replication_record import ReplicationRecord
    from ..models.tag import Tag


T = TypeVar("T", bound="Backup")


@_attrs_define
class Backup:
    """A backup (checkpoint item).

    Attributes:
        id (UUID): A UUID in its canonical dashed form. Example: c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        name (str): Name of the backup.
        checkpoint_id (UUID): A UUID in its canonical dashed form. Example: c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        resource_id (UUID): A UUID in its canonical dashed form. Example: c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        resource_type (ResourceType): The OpenStack type of the backed-up resource.
        status (BackupStatus): Status of a backup. Only an `available` backup can be replicated; `protecting`,
            `restoring` and the other transitional states answer 400 `CSBS.2003`.
        created_at (str): A UTC time as the service writes it: ISO 8601 without a zone designator, with
            microseconds (e.g. `2018-08-14T07:53:15.663766`). Not RFC 3339, hence no `format`.
             Example: 2018-08-14T07:53:15.663766.
        updated_at (str): A UTC time as the service writes it: ISO 8601 without a zone designator, with
            microseconds (e.g. `2018-08-14T07:53:15.663766`). Not RFC 3339, hence no `format`.
             Example: 2018-08-14T07:53:15.663766.
        extend_info (ExtendInfo): Extended information of a backup. Only the members that bear on replication are
            required; the service sends many more.
        description (str | Unset): Description of the backup.
        tags (list[Tag] | Unset): Tags of the backup.
        replication_records (list[ReplicationRecord] | Unset): Replications of this backup, newest first.
    """

    id: UUID
    name: str
    checkpoint_id: UUID
    resource_id: UUID
    resource_type: ResourceType
    status: BackupStatus
    created_at: str
    updated_at: str
    extend_info: ExtendInfo
    description: str | Unset = UNSET
    tags: list[Tag] | Unset = UNSET
    replication_records: list[ReplicationRecord] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        checkpoint_id = str(self.checkpoint_id)

        resource_id = str(self.resource_id)

        resource_type = self.resource_type.value

        status = self.status.value

        created_at = self.created_at

        updated_at = self.updated_at

        extend_info = self.extend_info.to_dict()

        description = self.description

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
                "created_at": created_at,
                "updated_at": updated_at,
                "extend_info": extend_info,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if tags is not UNSET:
            field_dict["tags"] = tags
        if replication_records is not UNSET:
            field_dict["replication_records"] = replication_records

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.extend_info import ExtendInfo  # noqa: PLC0415
        from ..models.replication_record import ReplicationRecord  # noqa: PLC0415
        from ..models.tag import Tag  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        checkpoint_id = UUID(d.pop("checkpoint_id"))

        resource_id = UUID(d.pop("resource_id"))

        resource_type = ResourceType(d.pop("resource_type"))

        status = BackupStatus(d.pop("status"))

        created_at = d.pop("created_at")

        updated_at = d.pop("updated_at")

        extend_info = ExtendInfo.from_dict(d.pop("extend_info"))

        description = d.pop("description", UNSET)

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
            created_at=created_at,
            updated_at=updated_at,
            extend_info=extend_info,
            description=description,
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
