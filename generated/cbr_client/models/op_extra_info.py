from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.op_extend_info_bckup import OpExtendInfoBckup
    from ..models.op_extend_info_common import OpExtendInfoCommon
    from ..models.op_extend_info_delete import OpExtendInfoDelete
    from ..models.op_extend_info_remove_resources import OpExtendInfoRemoveResources
    from ..models.op_extend_info_replication import OpExtendInfoReplication
    from ..models.op_extend_info_restore import OpExtendInfoRestore
    from ..models.op_extend_info_sync import OpExtendInfoSync
    from ..models.op_extend_info_update_expiration_time import (
        OpExtendInfoUpdateExpirationTime,
    )
    from ..models.op_extend_info_vault_delete import OpExtendInfoVaultDelete
    from ..models.resource import Resource


T = TypeVar("T", bound="OpExtraInfo")


@_attrs_define
class OpExtraInfo:
    """Extended information of a task (任务扩展信息): `common` and `resource` for every task,
    plus the member named after its type (`replication` for a replication).

        Attributes:
            backup (OpExtendInfoBckup | Unset): Details of a `backup` task (备份扩展参数); the name is the service's (sic).
            common (OpExtendInfoCommon | Unset): Members every task carries (公共参数).
            delete (OpExtendInfoDelete | Unset): Details of a `delete` task (删除扩展参数).
            sync (OpExtendInfoSync | Unset): Details of a `sync` task (扩展同步信息).
            remove_resources (OpExtendInfoRemoveResources | Unset): Details of a `remove_resource` task (移除Vault的资源).
            replication (OpExtendInfoReplication | Unset): Replication details of a `replication` task (扩展复制信息). The
                service's definition
                requires the source backup, source and destination project and region.
            resource (Resource | Unset): The resource a task works on (资源信息).
            restore (OpExtendInfoRestore | Unset): Details of a `restore` task (扩展恢复信息).
            vault_delete (OpExtendInfoVaultDelete | Unset): Details of a `vault_delete` task (删除vault).
            update_expiration_time (OpExtendInfoUpdateExpirationTime | Unset): Details of a task that changed backups'
                expiration (SDK only).
    """

    backup: OpExtendInfoBckup | Unset = UNSET
    common: OpExtendInfoCommon | Unset = UNSET
    delete: OpExtendInfoDelete | Unset = UNSET
    sync: OpExtendInfoSync | Unset = UNSET
    remove_resources: OpExtendInfoRemoveResources | Unset = UNSET
    replication: OpExtendInfoReplication | Unset = UNSET
    resource: Resource | Unset = UNSET
    restore: OpExtendInfoRestore | Unset = UNSET
    vault_delete: OpExtendInfoVaultDelete | Unset = UNSET
    update_expiration_time: OpExtendInfoUpdateExpirationTime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        backup: dict[str, Any] | Unset = UNSET
        if not isinstance(self.backup, Unset):
            backup = self.backup.to_dict()

        common: dict[str, Any] | Unset = UNSET
        if not isinstance(self.common, Unset):
            common = self.common.to_dict()

        delete: dict[str, Any] | Unset = UNSET
        if not isinstance(self.delete, Unset):
            delete = self.delete.to_dict()

        sync: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sync, Unset):
            sync = self.sync.to_dict()

        remove_resources: dict[str, Any] | Unset = UNSET
        if not isinstance(self.remove_resources, Unset):
            remove_resources = self.remove_resources.to_dict()

        replication: dict[str, Any] | Unset = UNSET
        if not isinstance(self.replication, Unset):
            replication = self.replication.to_dict()

        resource: dict[str, Any] | Unset = UNSET
        if not isinstance(self.resource, Unset):
            resource = self.resource.to_dict()

        restore: dict[str, Any] | Unset = UNSET
        if not isinstance(self.restore, Unset):
            restore = self.restore.to_dict()

        vault_delete: dict[str, Any] | Unset = UNSET
        if not isinstance(self.vault_delete, Unset):
            vault_delete = self.vault_delete.to_dict()

        update_expiration_time: dict[str, Any] | Unset = UNSET
        if not isinstance(self.update_expiration_time, Unset):
            update_expiration_time = self.update_expiration_time.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if backup is not UNSET:
            field_dict["backup"] = backup
        if common is not UNSET:
            field_dict["common"] = common
        if delete is not UNSET:
            field_dict["delete"] = delete
        if sync is not UNSET:
            field_dict["sync"] = sync
        if remove_resources is not UNSET:
            field_dict["remove_resources"] = remove_resources
        if replication is not UNSET:
            field_dict["replication"] = replication
        if resource is not UNSET:
            field_dict["resource"] = resource
        if restore is not UNSET:
            field_dict["restore"] = restore
        if vault_delete is not UNSET:
            field_dict["vault_delete"] = vault_delete
        if update_expiration_time is not UNSET:
            field_dict["update_expiration_time"] = update_expiration_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.op_extend_info_bckup import OpExtendInfoBckup  # noqa: PLC0415
        from ..models.op_extend_info_common import OpExtendInfoCommon  # noqa: PLC0415
        from ..models.op_extend_info_delete import OpExtendInfoDelete  # noqa: PLC0415
        from ..models.op_extend_info_remove_resources import OpExtendInfoRemoveResources  # noqa: PLC0415
        from ..models.op_extend_info_replication import OpExtendInfoReplication  # noqa: PLC0415
        from ..models.op_extend_info_restore import OpExtendInfoRestore  # noqa: PLC0415
        from ..models.op_extend_info_sync import OpExtendInfoSync  # noqa: PLC0415
        from ..models.op_extend_info_update_expiration_time import (
            OpExtendInfoUpdateExpirationTime,  # noqa: PLC0415
        )
        from ..models.op_extend_info_vault_delete import OpExtendInfoVaultDelete  # noqa: PLC0415
        from ..models.resource import Resource  # noqa: PLC0415

        d = dict(src_dict)
        _backup = d.pop("backup", UNSET)
        backup: OpExtendInfoBckup | Unset
        if isinstance(_backup, Unset):
            backup = UNSET
        else:
            backup = OpExtendInfoBckup.from_dict(_backup)

        _common = d.pop("common", UNSET)
        common: OpExtendInfoCommon | Unset
        if isinstance(_common, Unset):
            common = UNSET
        else:
            common = OpExtendInfoCommon.from_dict(_common)

        _delete = d.pop("delete", UNSET)
        delete: OpExtendInfoDelete | Unset
        if isinstance(_delete, Unset):
            delete = UNSET
        else:
            delete = OpExtendInfoDelete.from_dict(_delete)

        _sync = d.pop("sync", UNSET)
        sync: OpExtendInfoSync | Unset
        if isinstance(_sync, Unset):
            sync = UNSET
        else:
            sync = OpExtendInfoSync.from_dict(_sync)

        _remove_resources = d.pop("remove_resources", UNSET)
        remove_resources: OpExtendInfoRemoveResources | Unset
        if isinstance(_remove_resources, Unset):
            remove_resources = UNSET
        else:
            remove_resources = OpExtendInfoRemoveResources.from_dict(_remove_resources)

        _replication = d.pop("replication", UNSET)
        replication: OpExtendInfoReplication | Unset
        if isinstance(_replication, Unset):
            replication = UNSET
        else:
            replication = OpExtendInfoReplication.from_dict(_replication)

        _resource = d.pop("resource", UNSET)
        resource: Resource | Unset
        if isinstance(_resource, Unset):
            resource = UNSET
        else:
            resource = Resource.from_dict(_resource)

        _restore = d.pop("restore", UNSET)
        restore: OpExtendInfoRestore | Unset
        if isinstance(_restore, Unset):
            restore = UNSET
        else:
            restore = OpExtendInfoRestore.from_dict(_restore)

        _vault_delete = d.pop("vault_delete", UNSET)
        vault_delete: OpExtendInfoVaultDelete | Unset
        if isinstance(_vault_delete, Unset):
            vault_delete = UNSET
        else:
            vault_delete = OpExtendInfoVaultDelete.from_dict(_vault_delete)

        _update_expiration_time = d.pop("update_expiration_time", UNSET)
        update_expiration_time: OpExtendInfoUpdateExpirationTime | Unset
        if isinstance(_update_expiration_time, Unset):
            update_expiration_time = UNSET
        else:
            update_expiration_time = OpExtendInfoUpdateExpirationTime.from_dict(
                _update_expiration_time
            )

        op_extra_info = cls(
            backup=backup,
            common=common,
            delete=delete,
            sync=sync,
            remove_resources=remove_resources,
            replication=replication,
            resource=resource,
            restore=restore,
            vault_delete=vault_delete,
            update_expiration_time=update_expiration_time,
        )

        op_extra_info.additional_properties = d
        return op_extra_info

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
