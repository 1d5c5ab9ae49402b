from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.backup_status import BackupStatus
from ...models.image_type import ImageType
from ...models.list_backups_response import ListBackupsResponse
from ...models.member_status import MemberStatus
from ...models.own_type import OwnType
from ...models.resource_type import ResourceType
from ...models.service_error import ServiceError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    *,
    checkpoint_id: str | Unset = UNSET,
    dec: bool | Unset = UNSET,
    end_time: str | Unset = UNSET,
    image_type: ImageType | Unset = UNSET,
    limit: int | Unset = 1000,
    marker: UUID | Unset = UNSET,
    name: str | Unset = UNSET,
    offset: int | Unset = 0,
    resource_az: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    resource_type: ResourceType | Unset = UNSET,
    sort: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    status: list[BackupStatus] | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
    own_type: OwnType | Unset = UNSET,
    member_status: MemberStatus | Unset = UNSET,
    parent_id: str | Unset = UNSET,
    used_percent: int | Unset = UNSET,
    show_replication: bool | Unset = False,
    incremental: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["checkpoint_id"] = checkpoint_id

    params["dec"] = dec

    params["end_time"] = end_time

    json_image_type: str | Unset = UNSET
    if not isinstance(image_type, Unset):
        json_image_type = image_type.value

    params["image_type"] = json_image_type

    params["limit"] = limit

    json_marker: str | Unset = UNSET
    if not isinstance(marker, Unset):
        json_marker = str(marker)
    params["marker"] = json_marker

    params["name"] = name

    params["offset"] = offset

    params["resource_az"] = resource_az

    params["resource_id"] = resource_id

    params["resource_name"] = resource_name

    json_resource_type: str | Unset = UNSET
    if not isinstance(resource_type, Unset):
        json_resource_type = resource_type.value

    params["resource_type"] = json_resource_type

    params["sort"] = sort

    params["start_time"] = start_time

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item = status_item_data.value
            json_status.append(status_item)

    params["status"] = json_status

    params["vault_id"] = vault_id

    params["enterprise_project_id"] = enterprise_project_id

    json_own_type: str | Unset = UNSET
    if not isinstance(own_type, Unset):
        json_own_type = own_type.value

    params["own_type"] = json_own_type

    json_member_status: str | Unset = UNSET
    if not isinstance(member_status, Unset):
        json_member_status = member_status.value

    params["member_status"] = json_member_status

    params["parent_id"] = parent_id

    params["used_percent"] = used_percent

    params["show_replication"] = show_replication

    params["incremental"] = incremental

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v3/{project_id}/backups".format(
            project_id=quote(str(project_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListBackupsResponse | ServiceError | None:
    if response.status_code == 200:
        response_200 = ListBackupsResponse.from_dict(response.json())

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
) -> Response[ListBackupsResponse | ServiceError]:
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
    checkpoint_id: str | Unset = UNSET,
    dec: bool | Unset = UNSET,
    end_time: str | Unset = UNSET,
    image_type: ImageType | Unset = UNSET,
    limit: int | Unset = 1000,
    marker: UUID | Unset = UNSET,
    name: str | Unset = UNSET,
    offset: int | Unset = 0,
    resource_az: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    resource_type: ResourceType | Unset = UNSET,
    sort: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    status: list[BackupStatus] | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
    own_type: OwnType | Unset = UNSET,
    member_status: MemberStatus | Unset = UNSET,
    parent_id: str | Unset = UNSET,
    used_percent: int | Unset = UNSET,
    show_replication: bool | Unset = False,
    incremental: bool | Unset = UNSET,
) -> Response[ListBackupsResponse | ServiceError]:
    """List backups

     Lists the project's backups in the region (查询所有备份). Every filter is optional and
    they combine with AND; `status` may be repeated (any of the values matches). The
    order is `sort` (default `created_at:desc`), ties broken by `id` in the direction of
    the last sort key. Pages with `limit` and `offset`, or `limit` and `marker`. `count`
    is the number of matching backups over all pages. `replication_records` are returned
    only with `show_replication=true`.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        checkpoint_id (str | Unset):
        dec (bool | Unset):
        end_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        image_type (ImageType | Unset): Type of a backup, `backup` (made here) or `replication` (a
            replica).
        limit (int | Unset):  Default: 1000.
        marker (UUID | Unset): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.
        name (str | Unset):
        offset (int | Unset):  Default: 0.
        resource_az (str | Unset):
        resource_id (str | Unset):
        resource_name (str | Unset):
        resource_type (ResourceType | Unset): The type of the backed-up resource.
        sort (str | Unset): Comma-separated `key[:asc|desc]`, keys `created_at`, `updated_at`,
            `name`, `status`, `protected_at`, `id`. Example: created_at:desc,name:asc.
        start_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        status (list[BackupStatus] | Unset):
        vault_id (str | Unset):
        enterprise_project_id (str | Unset):
        own_type (OwnType | Unset): Ownership of listed backups, `private` (the project's own, the
            default), `shared` (shared with it) or `all_granted` (both).
        member_status (MemberStatus | Unset): Share status of a shared backup, `pending`,
            `accepted` or `rejected`.
        parent_id (str | Unset):
        used_percent (int | Unset):
        show_replication (bool | Unset):  Default: False.
        incremental (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListBackupsResponse | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        checkpoint_id=checkpoint_id,
        dec=dec,
        end_time=end_time,
        image_type=image_type,
        limit=limit,
        marker=marker,
        name=name,
        offset=offset,
        resource_az=resource_az,
        resource_id=resource_id,
        resource_name=resource_name,
        resource_type=resource_type,
        sort=sort,
        start_time=start_time,
        status=status,
        vault_id=vault_id,
        enterprise_project_id=enterprise_project_id,
        own_type=own_type,
        member_status=member_status,
        parent_id=parent_id,
        used_percent=used_percent,
        show_replication=show_replication,
        incremental=incremental,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    checkpoint_id: str | Unset = UNSET,
    dec: bool | Unset = UNSET,
    end_time: str | Unset = UNSET,
    image_type: ImageType | Unset = UNSET,
    limit: int | Unset = 1000,
    marker: UUID | Unset = UNSET,
    name: str | Unset = UNSET,
    offset: int | Unset = 0,
    resource_az: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    resource_type: ResourceType | Unset = UNSET,
    sort: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    status: list[BackupStatus] | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
    own_type: OwnType | Unset = UNSET,
    member_status: MemberStatus | Unset = UNSET,
    parent_id: str | Unset = UNSET,
    used_percent: int | Unset = UNSET,
    show_replication: bool | Unset = False,
    incremental: bool | Unset = UNSET,
) -> ListBackupsResponse | ServiceError | None:
    """List backups

     Lists the project's backups in the region (查询所有备份). Every filter is optional and
    they combine with AND; `status` may be repeated (any of the values matches). The
    order is `sort` (default `created_at:desc`), ties broken by `id` in the direction of
    the last sort key. Pages with `limit` and `offset`, or `limit` and `marker`. `count`
    is the number of matching backups over all pages. `replication_records` are returned
    only with `show_replication=true`.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        checkpoint_id (str | Unset):
        dec (bool | Unset):
        end_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        image_type (ImageType | Unset): Type of a backup, `backup` (made here) or `replication` (a
            replica).
        limit (int | Unset):  Default: 1000.
        marker (UUID | Unset): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.
        name (str | Unset):
        offset (int | Unset):  Default: 0.
        resource_az (str | Unset):
        resource_id (str | Unset):
        resource_name (str | Unset):
        resource_type (ResourceType | Unset): The type of the backed-up resource.
        sort (str | Unset): Comma-separated `key[:asc|desc]`, keys `created_at`, `updated_at`,
            `name`, `status`, `protected_at`, `id`. Example: created_at:desc,name:asc.
        start_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        status (list[BackupStatus] | Unset):
        vault_id (str | Unset):
        enterprise_project_id (str | Unset):
        own_type (OwnType | Unset): Ownership of listed backups, `private` (the project's own, the
            default), `shared` (shared with it) or `all_granted` (both).
        member_status (MemberStatus | Unset): Share status of a shared backup, `pending`,
            `accepted` or `rejected`.
        parent_id (str | Unset):
        used_percent (int | Unset):
        show_replication (bool | Unset):  Default: False.
        incremental (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListBackupsResponse | ServiceError
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        checkpoint_id=checkpoint_id,
        dec=dec,
        end_time=end_time,
        image_type=image_type,
        limit=limit,
        marker=marker,
        name=name,
        offset=offset,
        resource_az=resource_az,
        resource_id=resource_id,
        resource_name=resource_name,
        resource_type=resource_type,
        sort=sort,
        start_time=start_time,
        status=status,
        vault_id=vault_id,
        enterprise_project_id=enterprise_project_id,
        own_type=own_type,
        member_status=member_status,
        parent_id=parent_id,
        used_percent=used_percent,
        show_replication=show_replication,
        incremental=incremental,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    checkpoint_id: str | Unset = UNSET,
    dec: bool | Unset = UNSET,
    end_time: str | Unset = UNSET,
    image_type: ImageType | Unset = UNSET,
    limit: int | Unset = 1000,
    marker: UUID | Unset = UNSET,
    name: str | Unset = UNSET,
    offset: int | Unset = 0,
    resource_az: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    resource_type: ResourceType | Unset = UNSET,
    sort: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    status: list[BackupStatus] | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
    own_type: OwnType | Unset = UNSET,
    member_status: MemberStatus | Unset = UNSET,
    parent_id: str | Unset = UNSET,
    used_percent: int | Unset = UNSET,
    show_replication: bool | Unset = False,
    incremental: bool | Unset = UNSET,
) -> Response[ListBackupsResponse | ServiceError]:
    """List backups

     Lists the project's backups in the region (查询所有备份). Every filter is optional and
    they combine with AND; `status` may be repeated (any of the values matches). The
    order is `sort` (default `created_at:desc`), ties broken by `id` in the direction of
    the last sort key. Pages with `limit` and `offset`, or `limit` and `marker`. `count`
    is the number of matching backups over all pages. `replication_records` are returned
    only with `show_replication=true`.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        checkpoint_id (str | Unset):
        dec (bool | Unset):
        end_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        image_type (ImageType | Unset): Type of a backup, `backup` (made here) or `replication` (a
            replica).
        limit (int | Unset):  Default: 1000.
        marker (UUID | Unset): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.
        name (str | Unset):
        offset (int | Unset):  Default: 0.
        resource_az (str | Unset):
        resource_id (str | Unset):
        resource_name (str | Unset):
        resource_type (ResourceType | Unset): The type of the backed-up resource.
        sort (str | Unset): Comma-separated `key[:asc|desc]`, keys `created_at`, `updated_at`,
            `name`, `status`, `protected_at`, `id`. Example: created_at:desc,name:asc.
        start_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        status (list[BackupStatus] | Unset):
        vault_id (str | Unset):
        enterprise_project_id (str | Unset):
        own_type (OwnType | Unset): Ownership of listed backups, `private` (the project's own, the
            default), `shared` (shared with it) or `all_granted` (both).
        member_status (MemberStatus | Unset): Share status of a shared backup, `pending`,
            `accepted` or `rejected`.
        parent_id (str | Unset):
        used_percent (int | Unset):
        show_replication (bool | Unset):  Default: False.
        incremental (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListBackupsResponse | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        checkpoint_id=checkpoint_id,
        dec=dec,
        end_time=end_time,
        image_type=image_type,
        limit=limit,
        marker=marker,
        name=name,
        offset=offset,
        resource_az=resource_az,
        resource_id=resource_id,
        resource_name=resource_name,
        resource_type=resource_type,
        sort=sort,
        start_time=start_time,
        status=status,
        vault_id=vault_id,
        enterprise_project_id=enterprise_project_id,
        own_type=own_type,
        member_status=member_status,
        parent_id=parent_id,
        used_percent=used_percent,
        show_replication=show_replication,
        incremental=incremental,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    checkpoint_id: str | Unset = UNSET,
    dec: bool | Unset = UNSET,
    end_time: str | Unset = UNSET,
    image_type: ImageType | Unset = UNSET,
    limit: int | Unset = 1000,
    marker: UUID | Unset = UNSET,
    name: str | Unset = UNSET,
    offset: int | Unset = 0,
    resource_az: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    resource_type: ResourceType | Unset = UNSET,
    sort: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    status: list[BackupStatus] | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
    own_type: OwnType | Unset = UNSET,
    member_status: MemberStatus | Unset = UNSET,
    parent_id: str | Unset = UNSET,
    used_percent: int | Unset = UNSET,
    show_replication: bool | Unset = False,
    incremental: bool | Unset = UNSET,
) -> ListBackupsResponse | ServiceError | None:
    """List backups

     Lists the project's backups in the region (查询所有备份). Every filter is optional and
    they combine with AND; `status` may be repeated (any of the values matches). The
    order is `sort` (default `created_at:desc`), ties broken by `id` in the direction of
    the last sort key. Pages with `limit` and `offset`, or `limit` and `marker`. `count`
    is the number of matching backups over all pages. `replication_records` are returned
    only with `show_replication=true`.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        checkpoint_id (str | Unset):
        dec (bool | Unset):
        end_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        image_type (ImageType | Unset): Type of a backup, `backup` (made here) or `replication` (a
            replica).
        limit (int | Unset):  Default: 1000.
        marker (UUID | Unset): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.
        name (str | Unset):
        offset (int | Unset):  Default: 0.
        resource_az (str | Unset):
        resource_id (str | Unset):
        resource_name (str | Unset):
        resource_type (ResourceType | Unset): The type of the backed-up resource.
        sort (str | Unset): Comma-separated `key[:asc|desc]`, keys `created_at`, `updated_at`,
            `name`, `status`, `protected_at`, `id`. Example: created_at:desc,name:asc.
        start_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        status (list[BackupStatus] | Unset):
        vault_id (str | Unset):
        enterprise_project_id (str | Unset):
        own_type (OwnType | Unset): Ownership of listed backups, `private` (the project's own, the
            default), `shared` (shared with it) or `all_granted` (both).
        member_status (MemberStatus | Unset): Share status of a shared backup, `pending`,
            `accepted` or `rejected`.
        parent_id (str | Unset):
        used_percent (int | Unset):
        show_replication (bool | Unset):  Default: False.
        incremental (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListBackupsResponse | ServiceError
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            checkpoint_id=checkpoint_id,
            dec=dec,
            end_time=end_time,
            image_type=image_type,
            limit=limit,
            marker=marker,
            name=name,
            offset=offset,
            resource_az=resource_az,
            resource_id=resource_id,
            resource_name=resource_name,
            resource_type=resource_type,
            sort=sort,
            start_time=start_time,
            status=status,
            vault_id=vault_id,
            enterprise_project_id=enterprise_project_id,
            own_type=own_type,
            member_status=member_status,
            parent_id=parent_id,
            used_percent=used_percent,
            show_replication=show_replication,
            incremental=incremental,
        )
    ).parsed
