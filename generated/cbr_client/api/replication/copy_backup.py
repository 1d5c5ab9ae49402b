from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.backup_replicate_req import BackupReplicateReq
from ...models.backup_replicate_resp import BackupReplicateResp
from ...models.service_error import ServiceError
from ...types import Response


def _get_kwargs(
    project_id: str,
    backup_id: UUID,
    *,
    body: BackupReplicateReq,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v3/{project_id}/backups/{backup_id}/replicate".format(
            project_id=quote(str(project_id), safe=""),
            backup_id=quote(str(backup_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BackupReplicateResp | ServiceError | None:
    if response.status_code == 200:
        response_200 = BackupReplicateResp.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = ServiceError.from_dict(response.json())

        return response_413

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
) -> Response[BackupReplicateResp | ServiceError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    backup_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: BackupReplicateReq,
) -> Response[BackupReplicateResp | ServiceError]:
    """Replicate a backup to another region

     Replicates one backup to a replication vault of a destination region and project
    (跨区域复制备份). The call answers at once with the replication record's id; the copy
    runs asynchronously — follow it in the source backup's `replication_records`
    (`showBackup`, or `listBackups` with `show_replication=true`) and in the operation log
    of type `replication` (`listOpLogs`, `showOpLog`). Only an `available` backup of a
    cloud server (ECS) that contains its system disk can be replicated, never a replica;
    the destination must be one of the source region's `replication_destinations`, the
    vault a replication vault of the destination region with room left, and no replica of
    the backup may exist or be in the making in that region.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        backup_id (UUID): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.
        body (BackupReplicateReq): The body of `copyBackup`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BackupReplicateResp | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        backup_id=backup_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    backup_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: BackupReplicateReq,
) -> BackupReplicateResp | ServiceError | None:
    """Replicate a backup to another region

     Replicates one backup to a replication vault of a destination region and project
    (跨区域复制备份). The call answers at once with the replication record's id; the copy
    runs asynchronously — follow it in the source backup's `replication_records`
    (`showBackup`, or `listBackups` with `show_replication=true`) and in the operation log
    of type `replication` (`listOpLogs`, `showOpLog`). Only an `available` backup of a
    cloud server (ECS) that contains its system disk can be replicated, never a replica;
    the destination must be one of the source region's `replication_destinations`, the
    vault a replication vault of the destination region with room left, and no replica of
    the backup may exist or be in the making in that region.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        backup_id (UUID): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.
        body (BackupReplicateReq): The body of `copyBackup`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BackupReplicateResp | ServiceError
    """

    return sync_detailed(
        project_id=project_id,
        backup_id=backup_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    backup_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: BackupReplicateReq,
) -> Response[BackupReplicateResp | ServiceError]:
    """Replicate a backup to another region

     Replicates one backup to a replication vault of a destination region and project
    (跨区域复制备份). The call answers at once with the replication record's id; the copy
    runs asynchronously — follow it in the source backup's `replication_records`
    (`showBackup`, or `listBackups` with `show_replication=true`) and in the operation log
    of type `replication` (`listOpLogs`, `showOpLog`). Only an `available` backup of a
    cloud server (ECS) that contains its system disk can be replicated, never a replica;
    the destination must be one of the source region's `replication_destinations`, the
    vault a replication vault of the destination region with room left, and no replica of
    the backup may exist or be in the making in that region.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        backup_id (UUID): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.
        body (BackupReplicateReq): The body of `copyBackup`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BackupReplicateResp | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        backup_id=backup_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    backup_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: BackupReplicateReq,
) -> BackupReplicateResp | ServiceError | None:
    """Replicate a backup to another region

     Replicates one backup to a replication vault of a destination region and project
    (跨区域复制备份). The call answers at once with the replication record's id; the copy
    runs asynchronously — follow it in the source backup's `replication_records`
    (`showBackup`, or `listBackups` with `show_replication=true`) and in the operation log
    of type `replication` (`listOpLogs`, `showOpLog`). Only an `available` backup of a
    cloud server (ECS) that contains its system disk can be replicated, never a replica;
    the destination must be one of the source region's `replication_destinations`, the
    vault a replication vault of the destination region with room left, and no replica of
    the backup may exist or be in the making in that region.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        backup_id (UUID): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.
        body (BackupReplicateReq): The body of `copyBackup`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BackupReplicateResp | ServiceError
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            backup_id=backup_id,
            client=client,
            body=body,
        )
    ).parsed
