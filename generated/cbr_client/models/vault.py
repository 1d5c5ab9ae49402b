from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.provider_id import ProviderId
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.billing import Billing
    from ..models.resource_resp import ResourceResp
    from ..models.tag import Tag
    from ..models.vault_bind_rules import VaultBindRules


T = TypeVar("T", bound="Vault")


@_attrs_define
class Vault:
    """A vault (存储库). A reader may rely on the members the service's definition requires;
    `description` is `null` in the public examples.

        Attributes:
            billing (Billing): Billing and capacity of a vault (运营信息). A vault takes replicas only if its
                `protect_type` is `replication`, its `object_type` matches the backup's, its `status`
                is `available` and it has room (`used` in MB against `size` in GB).
            id (UUID): A UUID in its canonical dashed form. Example: 6df2b54c-dd62-4059-a07c-1b8f24f2725d.
            name (str): Name of the vault (存储库名称).
            project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
                68589cac08274b82b4e254268a3862d8.
            provider_id (ProviderId | str): Backup provider of the vault (see `ProviderId`).
            resources (list[ResourceResp]): Resources bound to the vault (存储库资源).
            description (None | str | Unset): Description of the vault (存储库自定义描述信息).
            tags (list[Tag] | Unset): Tags of the vault (存储库标签).
            enterprise_project_id (None | str | Unset): Enterprise project of the vault; `0` by default.
            auto_bind (bool | None | Unset): Whether resources are bound automatically.
            bind_rules (VaultBindRules | Unset): Automatic-binding rules (绑定规则); `{}` when none.
            user_id (None | str | Unset): User who created the vault.
            created_at (str | Unset): A time as the service writes it: ISO 8601, UTC, with or without a fraction (up to six
                digits) and with or without a zone (`Z` or `+00:00`), e.g. `2020-02-05T10:38:34.209782`.
                The emulator writes the zone-less microsecond form. Not strict RFC 3339, hence no `format`.
                 Example: 2020-02-05T10:38:34.209782.
            auto_expand (bool | None | Unset): Whether the vault grows automatically (pay-per-use only).
            smn_notify (bool | None | Unset): Whether capacity notifications are on.
            threshold (int | None | Unset): Capacity threshold in percent that triggers a notification.
            sys_lock_source_service (None | str | Unset): Service that locked the vault (用于标识SMB服务).
            locked (bool | None | Unset): Whether the vault is locked.
            availability_zone (None | str | Unset): Availability zone of the vault, at most 32 characters.
            updated_at (None | str | Unset): When the vault last changed (a `Timestamp`; the SDK's VaultGet).
            version (None | str | Unset): Version of the vault (the SDK's VaultGet).
    """

    billing: Billing
    id: UUID
    name: str
    project_id: str
    provider_id: ProviderId | str
    resources: list[ResourceResp]
    description: None | str | Unset = UNSET
    tags: list[Tag] | Unset = UNSET
    enterprise_project_id: None | str | Unset = UNSET
    auto_bind: bool | None | Unset = UNSET
    bind_rules: VaultBindRules | Unset = UNSET
    user_id: None | str | Unset = UNSET
    created_at: str | Unset = UNSET
    auto_expand: bool | None | Unset = UNSET
    smn_notify: bool | None | Unset = UNSET
    threshold: int | None | Unset = UNSET
    sys_lock_source_service: None | str | Unset = UNSET
    locked: bool | None | Unset = UNSET
    availability_zone: None | str | Unset = UNSET
    updated_at: None | str | Unset = UNSET
    version: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        billing = self.billing.to_dict()

        id = str(self.id)

        name = self.name

        project_id = self.project_id

        provider_id: str
        if isinstance(self.provider_id, ProviderId):
            provider_id = self.provider_id.value
        else:
            provider_id = self.provider_id

        resources = []
        for resources_item_data in self.resources:
            resources_item = resources_item_data.to_dict()
            resources.append(resources_item)

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        enterprise_project_id: None | str | Unset
        if isinstance(self.enterprise_project_id, Unset):
            enterprise_project_id = UNSET
        else:
            enterprise_project_id = self.enterprise_project_id

        auto_bind: bool | None | Unset
        if isinstance(self.auto_bind, Unset):
            auto_bind = UNSET
        else:
            auto_bind = self.auto_bind

        bind_rules: dict[str, Any] | Unset = UNSET
        if not isinstance(self.bind_rules, Unset):
            bind_rules = self.bind_rules.to_dict()

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        created_at = self.created_at

        auto_expand: bool | None | Unset
        if isinstance(self.auto_expand, Unset):
            auto_expand = UNSET
        else:
            auto_expand = self.auto_expand

        smn_notify: bool | None | Unset
        if isinstance(self.smn_notify, Unset):
            smn_notify = UNSET
        else:
            smn_notify = self.smn_notify

        threshold: int | None | Unset
        if isinstance(self.threshold, Unset):
            threshold = UNSET
        else:
            threshold = self.threshold

        sys_lock_source_service: None | str | Unset
        if isinstance(self.sys_lock_source_service, Unset):
            sys_lock_source_service = UNSET
        else:
            sys_lock_source_service = self.sys_lock_source_service

        locked: bool | None | Unset
        if isinstance(self.locked, Unset):
            locked = UNSET
        else:
            locked = self.locked

        availability_zone: None | str | Unset
        if isinstance(self.availability_zone, Unset):
            availability_zone = UNSET
        else:
            availability_zone = self.availability_zone

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = self.updated_at

        version: None | str | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "billing": billing,
                "id": id,
                "name": name,
                "project_id": project_id,
                "provider_id": provider_id,
                "resources": resources,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if tags is not UNSET:
            field_dict["tags"] = tags
        if enterprise_project_id is not UNSET:
            field_dict["enterprise_project_id"] = enterprise_project_id
        if auto_bind is not UNSET:
            field_dict["auto_bind"] = auto_bind
        if bind_rules is not UNSET:
            field_dict["bind_rules"] = bind_rules
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if auto_expand is not UNSET:
            field_dict["auto_expand"] = auto_expand
        if smn_notify is not UNSET:
            field_dict["smn_notify"] = smn_notify
        if threshold is not UNSET:
            field_dict["threshold"] = threshold
        if sys_lock_source_service is not UNSET:
            field_dict["sys_lock_source_service"] = sys_lock_source_service
        if locked is not UNSET:
            field_dict["locked"] = locked
        if availability_zone is not UNSET:
            field_dict["availability_zone"] = availability_zone
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.billing import Billing  # noqa: PLC0415
        from ..models.resource_resp import ResourceResp  # noqa: PLC0415
        from ..models.tag import Tag  # noqa: PLC0415
        from ..models.vault_bind_rules import VaultBindRules  # noqa: PLC0415

        d = dict(src_dict)
        billing = Billing.from_dict(d.pop("billing"))

        id = UUID(d.pop("id"))

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

        resources = []
        _resources = d.pop("resources")
        for resources_item_data in _resources:
            resources_item = ResourceResp.from_dict(resources_item_data)

            resources.append(resources_item)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _tags = d.pop("tags", UNSET)
        tags: list[Tag] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for tags_item_data in _tags:
                tags_item = Tag.from_dict(tags_item_data)

                tags.append(tags_item)

        def _parse_enterprise_project_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        enterprise_project_id = _parse_enterprise_project_id(
            d.pop("enterprise_project_id", UNSET)
        )

        def _parse_auto_bind(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        auto_bind = _parse_auto_bind(d.pop("auto_bind", UNSET))

        _bind_rules = d.pop("bind_rules", UNSET)
        bind_rules: VaultBindRules | Unset
        if isinstance(_bind_rules, Unset):
            bind_rules = UNSET
        else:
            bind_rules = VaultBindRules.from_dict(_bind_rules)

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        created_at = d.pop("created_at", UNSET)

        def _parse_auto_expand(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        auto_expand = _parse_auto_expand(d.pop("auto_expand", UNSET))

        def _parse_smn_notify(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        smn_notify = _parse_smn_notify(d.pop("smn_notify", UNSET))

        def _parse_threshold(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        threshold = _parse_threshold(d.pop("threshold", UNSET))

        def _parse_sys_lock_source_service(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sys_lock_source_service = _parse_sys_lock_source_service(
            d.pop("sys_lock_source_service", UNSET)
        )

        def _parse_locked(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        locked = _parse_locked(d.pop("locked", UNSET))

        def _parse_availability_zone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        availability_zone = _parse_availability_zone(d.pop("availability_zone", UNSET))

        def _parse_updated_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))

        def _parse_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        vault = cls(
            billing=billing,
            id=id,
            name=name,
            project_id=project_id,
            provider_id=provider_id,
            resources=resources,
            description=description,
            tags=tags,
            enterprise_project_id=enterprise_project_id,
            auto_bind=auto_bind,
            bind_rules=bind_rules,
            user_id=user_id,
            created_at=created_at,
            auto_expand=auto_expand,
            smn_notify=smn_notify,
            threshold=threshold,
            sys_lock_source_service=sys_lock_source_service,
            locked=locked,
            availability_zone=availability_zone,
            updated_at=updated_at,
            version=version,
        )

        vault.additional_properties = d
        return vault

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
