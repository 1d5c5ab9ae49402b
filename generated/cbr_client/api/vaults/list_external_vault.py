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
    external_project_id: str,
    region_id: str,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    protect_type: ProtectType | Unset = UNSET,
    object_type: ObjectType | Unset = UNSET,
    objcet_type: ObjectType | Unset = UNSET,
    cloud_type: CloudType | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["external_project_id"] = external_project_id

    params["region_id"] = region_id

    params["limit"] = limit

    params["offset"] = offset

    json_protect_type: str | Unset = UNSET
    if not isinstance(protect_type, Unset):
        json_protect_type = protect_type.value

    params["protect_type"] = json_protect_type

    json_object_type: str | Unset = UNSET
    if not isinstance(object_type, Unset):
        json_object_type = object_type.value

    params["object_type"] = json_object_type

    json_objcet_type: str | Unset = UNSET
    if not isinstance(objcet_type, Unset):
        json_objcet_type = objcet_type.value

    params["objcet_type"] = json_objcet_type

    json_cloud_type: str | Unset = UNSET
    if not isinstance(cloud_type, Unset):
        json_cloud_type = cloud_type.value

    params["cloud_type"] = json_cloud_type

    params["vault_id"] = vault_id

    params["enterprise_project_id"] = enterprise_project_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v3/{project_id}/vaults/external".format(
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
    external_project_id: str,
    region_id: str,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    protect_type: ProtectType | Unset = UNSET,
    object_type: ObjectType | Unset = UNSET,
    objcet_type: ObjectType | Unset = UNSET,
    cloud_type: CloudType | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
) -> Response[ListVaultResponse | ServiceError]:
    """List the vaults of another region

     Lists the vaults of a project in another region (查询其他区域存储库列表), typically to
    find the replication vault to name as `destination_vault_id`. `region_id` and
    `external_project_id` are required. With `vault_id` the other filters are ignored.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        external_project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        region_id (str): A region id, e.g. `ap-southeast-1`. Example: ap-southeast-2.
        limit (int | Unset):  Default: 1000.
        offset (int | Unset):  Default: 0.
        protect_type (ProtectType | Unset): Protection type of a vault; replicas can only be
            written to a `replication` vault.
        object_type (ObjectType | Unset): Object type of a vault, `server`, `disk`, `turbo`,
            `workspace`, `vmware`, `rds` or `file`.
        objcet_type (ObjectType | Unset): Object type of a vault, `server`, `disk`, `turbo`,
            `workspace`, `vmware`, `rds` or `file`.
        cloud_type (CloudType | Unset): Cloud type of a vault, `public` or `hybrid`.
        vault_id (str | Unset):
        enterprise_project_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListVaultResponse | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        external_project_id=external_project_id,
        region_id=region_id,
        limit=limit,
        offset=offset,
        protect_type=protect_type,
        object_type=object_type,
        objcet_type=objcet_type,
        cloud_type=cloud_type,
        vault_id=vault_id,
        enterprise_project_id=enterprise_project_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    external_project_id: str,
    region_id: str,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    protect_type: ProtectType | Unset = UNSET,
    object_type: ObjectType | Unset = UNSET,
    objcet_type: ObjectType | Unset = UNSET,
    cloud_type: CloudType | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
) -> ListVaultResponse | ServiceError | None:
    """List the vaults of another region

     Lists the vaults of a project in another region (查询其他区域存储库列表), typically to
    find the replication vault to name as `destination_vault_id`. `region_id` and
    `external_project_id` are required. With `vault_id` the other filters are ignored.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        external_project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        region_id (str): A region id, e.g. `ap-southeast-1`. Example: ap-southeast-2.
        limit (int | Unset):  Default: 1000.
        offset (int | Unset):  Default: 0.
        protect_type (ProtectType | Unset): Protection type of a vault; replicas can only be
            written to a `replication` vault.
        object_type (ObjectType | Unset): Object type of a vault, `server`, `disk`, `turbo`,
            `workspace`, `vmware`, `rds` or `file`.
        objcet_type (ObjectType | Unset): Object type of a vault, `server`, `disk`, `turbo`,
            `workspace`, `vmware`, `rds` or `file`.
        cloud_type (CloudType | Unset): Cloud type of a vault, `public` or `hybrid`.
        vault_id (str | Unset):
        enterprise_project_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListVaultResponse | ServiceError
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        external_project_id=external_project_id,
        region_id=region_id,
        limit=limit,
        offset=offset,
        protect_type=protect_type,
        object_type=object_type,
        objcet_type=objcet_type,
        cloud_type=cloud_type,
        vault_id=vault_id,
        enterprise_project_id=enterprise_project_id,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    external_project_id: str,
    region_id: str,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    protect_type: ProtectType | Unset = UNSET,
    object_type: ObjectType | Unset = UNSET,
    objcet_type: ObjectType | Unset = UNSET,
    cloud_type: CloudType | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
) -> Response[ListVaultResponse | ServiceError]:
    """List the vaults of another region

     Lists the vaults of a project in another region (查询其他区域存储库列表), typically to
    find the replication vault to name as `destination_vault_id`. `region_id` and
    `external_project_id` are required. With `vault_id` the other filters are ignored.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        external_project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        region_id (str): A region id, e.g. `ap-southeast-1`. Example: ap-southeast-2.
        limit (int | Unset):  Default: 1000.
        offset (int | Unset):  Default: 0.
        protect_type (ProtectType | Unset): Protection type of a vault; replicas can only be
            written to a `replication` vault.
        object_type (ObjectType | Unset): Object type of a vault, `server`, `disk`, `turbo`,
            `workspace`, `vmware`, `rds` or `file`.
        objcet_type (ObjectType | Unset): Object type of a vault, `server`, `disk`, `turbo`,
            `workspace`, `vmware`, `rds` or `file`.
        cloud_type (CloudType | Unset): Cloud type of a vault, `public` or `hybrid`.
        vault_id (str | Unset):
        enterprise_project_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListVaultResponse | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        external_project_id=external_project_id,
        region_id=region_id,
        limit=limit,
        offset=offset,
        protect_type=protect_type,
        object_type=object_type,
        objcet_type=objcet_type,
        cloud_type=cloud_type,
        vault_id=vault_id,
        enterprise_project_id=enterprise_project_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    external_project_id: str,
    region_id: str,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    protect_type: ProtectType | Unset = UNSET,
    object_type: ObjectType | Unset = UNSET,
    objcet_type: ObjectType | Unset = UNSET,
    cloud_type: CloudType | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
) -> ListVaultResponse | ServiceError | None:
    """List the vaults of another region

     Lists the vaults of a project in another region (查询其他区域存储库列表), typically to
    find the replication vault to name as `destination_vault_id`. `region_id` and
    `external_project_id` are required. With `vault_id` the other filters are ignored.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        external_project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        region_id (str): A region id, e.g. `ap-southeast-1`. Example: ap-southeast-2.
        limit (int | Unset):  Default: 1000.
        offset (int | Unset):  Default: 0.
        protect_type (ProtectType | Unset): Protection type of a vault; replicas can only be
            written to a `replication` vault.
        object_type (ObjectType | Unset): Object type of a vault, `server`, `disk`, `turbo`,
            `workspace`, `vmware`, `rds` or `file`.
        objcet_type (ObjectType | Unset): Object type of a vault, `server`, `disk`, `turbo`,
            `workspace`, `vmware`, `rds` or `file`.
        cloud_type (CloudType | Unset): Cloud type of a vault, `public` or `hybrid`.
        vault_id (str | Unset):
        enterprise_project_id (str | Unset):

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
            external_project_id=external_project_id,
            region_id=region_id,
            limit=limit,
            offset=offset,
            protect_type=protect_type,
            object_type=object_type,
            objcet_type=objcet_type,
            cloud_type=cloud_type,
            vault_id=vault_id,
            enterprise_project_id=enterprise_project_id,
        )
    ).parsed
