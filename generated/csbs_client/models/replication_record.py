from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.replication_record_status import ReplicationRecordStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.replication_record_extra_info import ReplicationRecordExtraInfo


T = TypeVar("T", bound="ReplicationRecord")


@_attrs_define
class ReplicationRecord:
    """One replication of a backup, as the source backup lists it (documented on the Chinese
    show page only; no public body shows one). A reader may rely on `id`, `status` and
    `destination_region`.

        Attributes:
            id (UUID): A UUID in its canonical dashed form. Example: c4dfa74c-7e60-4361-86b9-9a3250115ed6.
            destination_region (str): A region id, e.g. `cn-north-1`. Example: cn-east-2.
            status (ReplicationRecordStatus | str): Status of the record (see `ReplicationRecordStatus`). Huawei's Java SDK
                knows `replicating`, `success`, `fail`, `skip`, `waiting_replicate`, so a reader must accept values beyond the
                emulator's.
            source_region (str | Unset): A region id, e.g. `cn-north-1`. Example: cn-east-2.
            source_project_id (str | Unset): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
            source_checkpoint_id (UUID | Unset): A UUID in its canonical dashed form. Example:
                c4dfa74c-7e60-4361-86b9-9a3250115ed6.
            source_checkpoint_item_id (UUID | Unset): A UUID in its canonical dashed form. Example:
                c4dfa74c-7e60-4361-86b9-9a3250115ed6.
            destination_project_id (str | Unset): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
            destination_checkpoint_item_id (None | Unset | UUID): The replica (a `Uuid`), once the copy has succeeded;
                `null` before.
            created_at (str | Unset): A UTC time as the service writes it: ISO 8601 without a zone designator, with
                microseconds (e.g. `2018-08-14T07:53:15.663766`). Not RFC 3339, hence no `format`.
                 Example: 2018-08-14T07:53:15.663766.
            extra_info (ReplicationRecordExtraInfo | Unset): Progress and failure details.
    """

    id: UUID
    destination_region: str
    status: ReplicationRecordStatus | str
    source_region: str | Unset = UNSET
    source_project_id: str | Unset = UNSET
    source_checkpoint_id: UUID | Unset = UNSET
    source_checkpoint_item_id: UUID | Unset = UNSET
    destination_project_id: str | Unset = UNSET
    destination_checkpoint_item_id: None | Unset | UUID = UNSET
    created_at: str | Unset = UNSET
    extra_info: ReplicationRecordExtraInfo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        destination_region = self.destination_region

        status: str
        if isinstance(self.status, ReplicationRecordStatus):
            status = self.status.value
        else:
            status = self.status

        source_region = self.source_region

        source_project_id = self.source_project_id

        source_checkpoint_id: str | Unset = UNSET
        if not isinstance(self.source_checkpoint_id, Unset):
            source_checkpoint_id = str(self.source_checkpoint_id)

        source_checkpoint_item_id: str | Unset = UNSET
        if not isinstance(self.source_checkpoint_item_id, Unset):
            source_checkpoint_item_id = str(self.source_checkpoint_item_id)

        destination_project_id = self.destination_project_id

        destination_checkpoint_item_id: None | str | Unset
        if isinstance(self.destination_checkpoint_item_id, Unset):
            destination_checkpoint_item_id = UNSET
        elif isinstance(self.destination_checkpoint_item_id, UUID):
            destination_checkpoint_item_id = str(self.destination_checkpoint_item_id)
        else:
            destination_checkpoint_item_id = self.destination_checkpoint_item_id

        created_at = self.created_at

        extra_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extra_info, Unset):
            extra_info = self.extra_info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "destination_region": destination_region,
                "status": status,
            }
        )
        if source_region is not UNSET:
            field_dict["source_region"] = source_region
        if source_project_id is not UNSET:
            field_dict["source_project_id"] = source_project_id
        if source_checkpoint_id is not UNSET:
            field_dict["source_checkpoint_id"] = source_checkpoint_id
        if source_checkpoint_item_id is not UNSET:
            field_dict["source_checkpoint_item_id"] = source_checkpoint_item_id
        if destination_project_id is not UNSET:
            field_dict["destination_project_id"] = destination_project_id
        if destination_checkpoint_item_id is not UNSET:
            field_dict["destination_checkpoint_item_id"] = (
                destination_checkpoint_item_id
            )
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if extra_info is not UNSET:
            field_dict["extra_info"] = extra_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.replication_record_extra_info import ReplicationRecordExtraInfo  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        destination_region = d.pop("destination_region")

        def _parse_status(data: object) -> ReplicationRecordStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ReplicationRecordStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ReplicationRecordStatus | str, data)

        status = _parse_status(d.pop("status"))

        source_region = d.pop("source_region", UNSET)

        source_project_id = d.pop("source_project_id", UNSET)

        _source_checkpoint_id = d.pop("source_checkpoint_id", UNSET)
        source_checkpoint_id: UUID | Unset
        if isinstance(_source_checkpoint_id, Unset):
            source_checkpoint_id = UNSET
        else:
            source_checkpoint_id = UUID(_source_checkpoint_id)

        _source_checkpoint_item_id = d.pop("source_checkpoint_item_id", UNSET)
        source_checkpoint_item_id: UUID | Unset
        if isinstance(_source_checkpoint_item_id, Unset):
            source_checkpoint_item_id = UNSET
        else:
            source_checkpoint_item_id = UUID(_source_checkpoint_item_id)

        destination_project_id = d.pop("destination_project_id", UNSET)

        def _parse_destination_checkpoint_item_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                destination_checkpoint_item_id_type_0 = UUID(data)

                return destination_checkpoint_item_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        destination_checkpoint_item_id = _parse_destination_checkpoint_item_id(
            d.pop("destination_checkpoint_item_id", UNSET)
        )

        created_at = d.pop("created_at", UNSET)

        _extra_info = d.pop("extra_info", UNSET)
        extra_info: ReplicationRecordExtraInfo | Unset
        if isinstance(_extra_info, Unset):
            extra_info = UNSET
        else:
            extra_info = ReplicationRecordExtraInfo.from_dict(_extra_info)

        replication_record = cls(
            id=id,
            destination_region=destination_region,
            status=status,
            source_region=source_region,
            source_project_id=source_project_id,
            source_checkpoint_id=source_checkpoint_id,
            source_checkpoint_item_id=source_checkpoint_item_id,
            destination_project_id=destination_project_id,
            destination_checkpoint_item_id=destination_checkpoint_item_id,
            created_at=created_at,
            extra_info=extra_info,
        )

        replication_record.additional_properties = d
        return replication_record

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
