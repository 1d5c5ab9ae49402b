from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.operation_status import OperationStatus
from ..models.operation_type import OperationType
from ..models.provider_id import ProviderId
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.op_error_info import OpErrorInfo
    from ..models.op_extra_info import OpExtraInfo


T = TypeVar("T", bound="OperationLog")


@_attrs_define
class OperationLog:
    """A task (operation log). A reader may rely on the members the service's definition
    requires; `policy_id`, `vault_id` and `vault_name` are `null` in the public examples.

        Attributes:
            created_at (str): A time as the service writes it: ISO 8601, UTC, with or without a fraction (up to six
                digits) and with or without a zone (`Z` or `+00:00`), e.g. `2020-02-05T10:38:34.209782`.
                The emulator writes the zone-less microsecond form. Not strict RFC 3339, hence no `format`.
                 Example: 2020-02-05T10:38:34.209782.
            id (UUID): A UUID in its canonical dashed form. Example: 6df2b54c-dd62-4059-a07c-1b8f24f2725d.
            project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
                68589cac08274b82b4e254268a3862d8.
            started_at (str): A time as the service writes it: ISO 8601, UTC, with or without a fraction (up to six
                digits) and with or without a zone (`Z` or `+00:00`), e.g. `2020-02-05T10:38:34.209782`.
                The emulator writes the zone-less microsecond form. Not strict RFC 3339, hence no `format`.
                 Example: 2020-02-05T10:38:34.209782.
            status (OperationStatus | str): Status of the task (see `OperationStatus`).
            updated_at (str): A time as the service writes it: ISO 8601, UTC, with or without a fraction (up to six
                digits) and with or without a zone (`Z` or `+00:00`), e.g. `2020-02-05T10:38:34.209782`.
                The emulator writes the zone-less microsecond form. Not strict RFC 3339, hence no `format`.
                 Example: 2020-02-05T10:38:34.209782.
            checkpoint_id (None | str | Unset): Restore point the task works on (备份记录id).
            ended_at (None | str | Unset): When the task ended (任务结束时间, a `Timestamp`); `null` while it runs.
            error_info (OpErrorInfo | Unset): Why a task failed; `{"code": "", "message": ""}` while nothing has failed (as
                the public examples send).
            extra_info (OpExtraInfo | Unset): Extended information of a task (任务扩展信息): `common` and `resource` for every
                task,
                plus the member named after its type (`replication` for a replication).
            operation_type (OperationType | str | Unset): Type of the task (see `OperationType`).
            policy_id (None | str | Unset): Policy that started the task (策略ID); `null` for a manual one.
            provider_id (None | ProviderId | str | Unset): Backup provider of the resource (see `ProviderId`).
            vault_id (None | str | Unset): Vault of the resource the task works on.
            vault_name (None | str | Unset): Name of that vault.
    """

    created_at: str
    id: UUID
    project_id: str
    started_at: str
    status: OperationStatus | str
    updated_at: str
    checkpoint_id: None | str | Unset = UNSET
    ended_at: None | str | Unset = UNSET
    error_info: OpErrorInfo | Unset = UNSET
    extra_info: OpExtraInfo | Unset = UNSET
    operation_type: OperationType | str | Unset = UNSET
    policy_id: None | str | Unset = UNSET
    provider_id: None | ProviderId | str | Unset = UNSET
    vault_id: None | str | Unset = UNSET
    vault_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        id = str(self.id)

        project_id = self.project_id

        started_at = self.started_at

        status: str
        if isinstance(self.status, OperationStatus):
            status = self.status.value
        else:
            status = self.status

        updated_at = self.updated_at

        checkpoint_id: None | str | Unset
        if isinstance(self.checkpoint_id, Unset):
            checkpoint_id = UNSET
        else:
            checkpoint_id = self.checkpoint_id

        ended_at: None | str | Unset
        if isinstance(self.ended_at, Unset):
            ended_at = UNSET
        else:
            ended_at = self.ended_at

        error_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error_info, Unset):
            error_info = self.error_info.to_dict()

        extra_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extra_info, Unset):
            extra_info = self.extra_info.to_dict()

        operation_type: str | Unset
        if isinstance(self.operation_type, Unset):
            operation_type = UNSET
        elif isinstance(self.operation_type, OperationType):
            operation_type = self.operation_type.value
        else:
            operation_type = self.operation_type

        policy_id: None | str | Unset
        if isinstance(self.policy_id, Unset):
            policy_id = UNSET
        else:
            policy_id = self.policy_id

        provider_id: None | str | Unset
        if isinstance(self.provider_id, Unset):
            provider_id = UNSET
        elif isinstance(self.provider_id, ProviderId):
            provider_id = self.provider_id.value
        else:
            provider_id = self.provider_id

        vault_id: None | str | Unset
        if isinstance(self.vault_id, Unset):
            vault_id = UNSET
        else:
            vault_id = self.vault_id

        vault_name: None | str | Unset
        if isinstance(self.vault_name, Unset):
            vault_name = UNSET
        else:
            vault_name = self.vault_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "project_id": project_id,
                "started_at": started_at,
                "status": status,
                "updated_at": updated_at,
            }
        )
        if checkpoint_id is not UNSET:
            field_dict["checkpoint_id"] = checkpoint_id
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at
        if error_info is not UNSET:
            field_dict["error_info"] = error_info
        if extra_info is not UNSET:
            field_dict["extra_info"] = extra_info
        if operation_type is not UNSET:
            field_dict["operation_type"] = operation_type
        if policy_id is not UNSET:
            field_dict["policy_id"] = policy_id
        if provider_id is not UNSET:
            field_dict["provider_id"] = provider_id
        if vault_id is not UNSET:
            field_dict["vault_id"] = vault_id
        if vault_name is not UNSET:
            field_dict["vault_name"] = vault_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.op_error_info import OpErrorInfo  # noqa: PLC0415
        from ..models.op_extra_info import OpExtraInfo  # noqa: PLC0415

        d = dict(src_dict)
        created_at = d.pop("created_at")

        id = UUID(d.pop("id"))

        project_id = d.pop("project_id")

        started_at = d.pop("started_at")

        def _parse_status(data: object) -> OperationStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = OperationStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(OperationStatus | str, data)

        status = _parse_status(d.pop("status"))

        updated_at = d.pop("updated_at")

        def _parse_checkpoint_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        checkpoint_id = _parse_checkpoint_id(d.pop("checkpoint_id", UNSET))

        def _parse_ended_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ended_at = _parse_ended_at(d.pop("ended_at", UNSET))

        _error_info = d.pop("error_info", UNSET)
        error_info: OpErrorInfo | Unset
        if isinstance(_error_info, Unset):
            error_info = UNSET
        else:
            error_info = OpErrorInfo.from_dict(_error_info)

        _extra_info = d.pop("extra_info", UNSET)
        extra_info: OpExtraInfo | Unset
        if isinstance(_extra_info, Unset):
            extra_info = UNSET
        else:
            extra_info = OpExtraInfo.from_dict(_extra_info)

        def _parse_operation_type(data: object) -> OperationType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                operation_type_type_0 = OperationType(data)

                return operation_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(OperationType | str | Unset, data)

        operation_type = _parse_operation_type(d.pop("operation_type", UNSET))

        def _parse_policy_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        policy_id = _parse_policy_id(d.pop("policy_id", UNSET))

        def _parse_provider_id(data: object) -> None | ProviderId | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                provider_id_type_0 = ProviderId(data)

                return provider_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProviderId | str | Unset, data)

        provider_id = _parse_provider_id(d.pop("provider_id", UNSET))

        def _parse_vault_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vault_id = _parse_vault_id(d.pop("vault_id", UNSET))

        def _parse_vault_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vault_name = _parse_vault_name(d.pop("vault_name", UNSET))

        operation_log = cls(
            created_at=created_at,
            id=id,
            project_id=project_id,
            started_at=started_at,
            status=status,
            updated_at=updated_at,
            checkpoint_id=checkpoint_id,
            ended_at=ended_at,
            error_info=error_info,
            extra_info=extra_info,
            operation_type=operation_type,
            policy_id=policy_id,
            provider_id=provider_id,
            vault_id=vault_id,
            vault_name=vault_name,
        )

        operation_log.additional_properties = d
        return operation_log

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
