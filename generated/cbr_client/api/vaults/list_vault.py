from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cloud_type import CloudType
from ...models.list_vault_response import ListVaultResponse
from ...models.object_type import ObjectType
from ...models.protect_type import ProtectType
from ...models.service_error import ServiceError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    *,
    limit: int | Unset = 1000,
    name: str | Unset = UNSET,
    offset: int | Unset = 0,
    cloud_type: CloudType | Unset = UNSET,
    protect_type: ProtectType | Unset = UNSET,
    object_type: ObjectType | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
    id: list[str] | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    status: str | Unset = UNSET,
    resource_ids: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["name"] = name

    params["offset"] = offset

    json_cloud_type: str | Unset = UNSET
    if not isinstance(cloud_type, Unset):
        json_cloud_type = cloud_type.value

    params["cloud_type"] = json_cloud_type

    json_protect_type: str | Unset = UNSET
    if not isinstance(protect_type, Unset):
        json_protect_type = protect_type.value

    params["protect_type"] = json_protect_type

    json_object_type: str | Unset = UNSET
    if not isinstance(object_type, Unset):
        json_object_type = object_type.value

    params["object_type"] = json_object_type

    params["enterprise_project_id"] = enterprise_project_id

    json_id: list[str] | Unset = UNSET
    if not isinstance(id, Unset):
        json_id = id

    params["id"] = json_id

    params["policy_id"] = policy_id

    params["status"] = status

    params["resource_ids"] = resource_ids

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v3/{project_id}/vaults".format(
            project_id=quote(str(project_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListVaultResponse | ServiceError | None:
    if response.status_code == 200:
        response_200 = ListVaultResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ServiceError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ServiceError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ServiceError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ServiceError.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = ServiceError.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ServiceError.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ListVaultResponse | ServiceError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 1000,
    name: str | Unset = UNSET,
    offset: int | Unset = 0,
    cloud_type: CloudType | Unset = UNSET,
    protect_type: ProtectType | Unset = UNSET,
    object_type: ObjectType | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
    id: list[str] | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    status: str | Unset = UNSET,
    resource_ids: str | Unset = UNSET,
) -> Response[ListVaultResponse | ServiceError]:
    """List vaults

     Lists the project's vaults in this region (查询存储库列表). Every filter is optional and
    they combine with AND; `count` is the number of matching vaults over all pages.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        limit (int | Unset):  Default: 1000.
        name (str | Unset): A vault's name; Chinese characters, letters, digits, `_` and `-`.
            Example: vault-8538.
        offset (int | Unset):  Default: 0.
        cloud_type (CloudType | Unset): Cloud type of a vault, `public` or `hybrid`.
        protect_type (ProtectType | Unset): Protection type of a vault; replicas can only be
            written to a `replication` vault.
        object_type (ObjectType | Unset): Object type of a vault, `server`, `disk`, `turbo`,
            `workspace`, `vmware`, `rds` or `file`.
        enterprise_project_id (str | Unset):
        id (list[str] | Unset):
        policy_id (str | Unset):
        status (str | Unset):
        resource_ids (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListVaultResponse | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        limit=limit,
        name=name,
        offset=offset,
        cloud_type=cloud_type,
        protect_type=protect_type,
        object_type=object_type,
        enterprise_project_id=enterprise_project_id,
        id=id,
        policy_id=policy_id,
        status=status,
        resource_ids=resource_ids,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 1000,
    name: str | Unset = UNSET,
    offset: int | Unset = 0,
    cloud_type: CloudType | Unset = UNSET,
    protect_type: ProtectType | Unset = UNSET,
    object_type: ObjectType | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
    id: list[str] | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    status: str | Unset = UNSET,
    resource_ids: str | Unset = UNSET,
) -> ListVaultResponse | ServiceError | None:
    """List vaults

     Lists the project's vaults in this region (查询存储库列表). Every filter is optional and
    they combine with AND; `count` is the number of matching vaults over all pages.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        limit (int | Unset):  Default: 1000.
        name (str | Unset): A vault's name; Chinese characters, letters, digits, `_` and `-`.
            Example: vault-8538.
        offset (int | Unset):  Default: 0.
        cloud_type (CloudType | Unset): Cloud type of a vault, `public` or `hybrid`.
        protect_type (ProtectType | Unset): Protection type of a vault; replicas can only be
            written to a `replication` vault.
        object_type (ObjectType | Unset): Object type of a vault, `server`, `disk`, `turbo`,
            `workspace`, `vmware`, `rds` or `file`.
        enterprise_project_id (str | Unset):
        id (list[str] | Unset):
        policy_id (str | Unset):
        status (str | Unset):
        resource_ids (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListVaultResponse | ServiceError
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        limit=limit,
        name=name,
        offset=offset,
        cloud_type=cloud_type,
        protect_type=protect_type,
        object_type=object_type,
        enterprise_project_id=enterprise_project_id,
        id=id,
        policy_id=policy_id,
        status=status,
        resource_ids=resource_ids,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 1000,
    name: str | Unset = UNSET,
    offset: int | Unset = 0,
    cloud_type: CloudType | Unset = UNSET,
    protect_type: ProtectType | Unset = UNSET,
    object_type: ObjectType | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
    id: list[str] | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    status: str | Unset = UNSET,
    resource_ids: str | Unset = UNSET,
) -> Response[ListVaultResponse | ServiceError]:
    """List vaults

     Lists the project's vaults in this region (查询存储库列表). Every filter is optional and
    they combine with AND; `count` is the number of matching vaults over all pages.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        limit (int | Unset):  Default: 1000.
        name (str | Unset): A vault's name; Chinese characters, letters, digits, `_` and `-`.
            Example: vault-8538.
        offset (int | Unset):  Default: 0.
        cloud_type (CloudType | Unset): Cloud type of a vault, `public` or `hybrid`.
        protect_type (ProtectType | Unset): Protection type of a vault; replicas can only be
            written to a `replication` vault.
        object_type (ObjectType | Unset): Object type of a vault, `server`, `disk`, `turbo`,
            `workspace`, `vmware`, `rds` or `file`.
        enterprise_project_id (str | Unset):
        id (list[str] | Unset):
        policy_id (str | Unset):
        status (str | Unset):
        resource_ids (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListVaultResponse | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        limit=limit,
        name=name,
        offset=offset,
        cloud_type=cloud_type,
        protect_type=protect_type,
        object_type=object_type,
        enterprise_project_id=enterprise_project_id,
        id=id,
        policy_id=policy_id,
        status=status,
        resource_ids=resource_ids,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 1000,
    name: str | Unset = UNSET,
    offset: int | Unset = 0,
    cloud_type: CloudType | Unset = UNSET,
    protect_type: ProtectType | Unset = UNSET,
    object_type: ObjectType | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
    id: list[str] | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    status: str | Unset = UNSET,
    resource_ids: str | Unset = UNSET,
) -> ListVaultResponse | ServiceError | None:
    """List vaults

     Lists the project's vaults in this region (查询存储库列表). Every filter is optional and
    they combine with AND; `count` is the number of matching vaults over all pages.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        limit (int | Unset):  Default: 1000.
        name (str | Unset): A vault's name; Chinese characters, letters, digits, `_` and `-`.
            Example: vault-8538.
        offset (int | Unset):  Default: 0.
        cloud_type (CloudType | Unset): Cloud type of a vault, `public` or `hybrid`.
        protect_type (ProtectType | Unset): Protection type of a vault; replicas can only be
            written to a `replication` vault.
        object_type (ObjectType | Unset): Object type of a vault, `server`, `disk`, `turbo`,
            `workspace`, `vmware`, `rds` or `file`.
        enterprise_project_id (str | Unset):
        id (list[str] | Unset):
        policy_id (str | Unset):
        status (str | Unset):
        resource_ids (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListVaultResponse | ServiceError
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            limit=limit,
            name=name,
            offset=offset,
            cloud_type=cloud_type,
            protect_type=protect_type,
            object_type=object_type,
            enterprise_project_id=enterprise_project_id,
            id=id,
            policy_id=policy_id,
            status=status,
            resource_ids=resource_ids,
        )
    ).parsed
