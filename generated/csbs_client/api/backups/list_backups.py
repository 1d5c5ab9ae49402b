from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.backup_status import BackupStatus
from ...models.list_backups_response import ListBackupsResponse
from ...models.resource_type import ResourceType
from ...models.service_error import ServiceError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    *,
    status: BackupStatus | Unset = UNSET,
    limit: int | Unset = 1000,
    marker: UUID | Unset = UNSET,
    name: str | Unset = UNSET,
    resource_id: UUID | Unset = UNSET,
    checkpoint_id: UUID | Unset = UNSET,
    resource_type: ResourceType | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["limit"] = limit

    json_marker: str | Unset = UNSET
    if not isinstance(marker, Unset):
        json_marker = str(marker)
    params["marker"] = json_marker

    params["name"] = name

    json_resource_id: str | Unset = UNSET
    if not isinstance(resource_id, Unset):
        json_resource_id = str(resource_id)
    params["resource_id"] = json_resource_id

    json_checkpoint_id: str | Unset = UNSET
    if not isinstance(checkpoint_id, Unset):
        json_checkpoint_id = str(checkpoint_id)
    params["checkpoint_id"] = json_checkpoint_id

    json_resource_type: str | Unset = UNSET
    if not isinstance(resource_type, Unset):
        json_resource_type = resource_type.value

    params["resource_type"] = json_resource_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/{project_id}/checkpoint_items".format(
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
    status: BackupStatus | Unset = UNSET,
    limit: int | Unset = 1000,
    marker: UUID | Unset = UNSET,
    name: str | Unset = UNSET,
    resource_id: UUID | Unset = UNSET,
    checkpoint_id: UUID | Unset = UNSET,
    resource_type: ResourceType | Unset = UNSET,
) -> Response[ListBackupsResponse | ServiceError]:
    """List backups

     Lists the project's backups (checkpoint items) in the region, newest first (by
    `created_at`, then `id`). Pages with `limit` and `marker`: when more items follow,
    `checkpoint_items_links` holds a `next` link whose `marker` is the last item's id.

    Args:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        status (BackupStatus | Unset): Status of a backup. Only an `available` backup can be
            replicated; `protecting`,
            `restoring` and the other transitional states answer 400 `CSBS.2003`.
        limit (int | Unset):  Default: 1000.
        marker (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        name (str | Unset): A backup's name. Example:
            rep_from_bd3c8a42-7dd4-4400-b091-2777c51a5c9a.
        resource_id (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        checkpoint_id (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        resource_type (ResourceType | Unset): The OpenStack type of the backed-up resource.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListBackupsResponse | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        status=status,
        limit=limit,
        marker=marker,
        name=name,
        resource_id=resource_id,
        checkpoint_id=checkpoint_id,
        resource_type=resource_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    status: BackupStatus | Unset = UNSET,
    limit: int | Unset = 1000,
    marker: UUID | Unset = UNSET,
    name: str | Unset = UNSET,
    resource_id: UUID | Unset = UNSET,
    checkpoint_id: UUID | Unset = UNSET,
    resource_type: ResourceType | Unset = UNSET,
) -> ListBackupsResponse | ServiceError | None:
    """List backups

     Lists the project's backups (checkpoint items) in the region, newest first (by
    `created_at`, then `id`). Pages with `limit` and `marker`: when more items follow,
    `checkpoint_items_links` holds a `next` link whose `marker` is the last item's id.

    Args:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        status (BackupStatus | Unset): Status of a backup. Only an `available` backup can be
            replicated; `protecting`,
            `restoring` and the other transitional states answer 400 `CSBS.2003`.
        limit (int | Unset):  Default: 1000.
        marker (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        name (str | Unset): A backup's name. Example:
            rep_from_bd3c8a42-7dd4-4400-b091-2777c51a5c9a.
        resource_id (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        checkpoint_id (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        resource_type (ResourceType | Unset): The OpenStack type of the backed-up resource.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListBackupsResponse | ServiceError
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        status=status,
        limit=limit,
        marker=marker,
        name=name,
        resource_id=resource_id,
        checkpoint_id=checkpoint_id,
        resource_type=resource_type,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    status: BackupStatus | Unset = UNSET,
    limit: int | Unset = 1000,
    marker: UUID | Unset = UNSET,
    name: str | Unset = UNSET,
    resource_id: UUID | Unset = UNSET,
    checkpoint_id: UUID | Unset = UNSET,
    resource_type: ResourceType | Unset = UNSET,
) -> Response[ListBackupsResponse | ServiceError]:
    """List backups

     Lists the project's backups (checkpoint items) in the region, newest first (by
    `created_at`, then `id`). Pages with `limit` and `marker`: when more items follow,
    `checkpoint_items_links` holds a `next` link whose `marker` is the last item's id.

    Args:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        status (BackupStatus | Unset): Status of a backup. Only an `available` backup can be
            replicated; `protecting`,
            `restoring` and the other transitional states answer 400 `CSBS.2003`.
        limit (int | Unset):  Default: 1000.
        marker (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        name (str | Unset): A backup's name. Example:
            rep_from_bd3c8a42-7dd4-4400-b091-2777c51a5c9a.
        resource_id (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        checkpoint_id (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        resource_type (ResourceType | Unset): The OpenStack type of the backed-up resource.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListBackupsResponse | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        status=status,
        limit=limit,
        marker=marker,
        name=name,
        resource_id=resource_id,
        checkpoint_id=checkpoint_id,
        resource_type=resource_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    status: BackupStatus | Unset = UNSET,
    limit: int | Unset = 1000,
    marker: UUID | Unset = UNSET,
    name: str | Unset = UNSET,
    resource_id: UUID | Unset = UNSET,
    checkpoint_id: UUID | Unset = UNSET,
    resource_type: ResourceType | Unset = UNSET,
) -> ListBackupsResponse | ServiceError | None:
    """List backups

     Lists the project's backups (checkpoint items) in the region, newest first (by
    `created_at`, then `id`). Pages with `limit` and `marker`: when more items follow,
    `checkpoint_items_links` holds a `next` link whose `marker` is the last item's id.

    Args:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        status (BackupStatus | Unset): Status of a backup. Only an `available` backup can be
            replicated; `protecting`,
            `restoring` and the other transitional states answer 400 `CSBS.2003`.
        limit (int | Unset):  Default: 1000.
        marker (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        name (str | Unset): A backup's name. Example:
            rep_from_bd3c8a42-7dd4-4400-b091-2777c51a5c9a.
        resource_id (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        checkpoint_id (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        resource_type (ResourceType | Unset): The OpenStack type of the backed-up resource.

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
            status=status,
            limit=limit,
            marker=marker,
            name=name,
            resource_id=resource_id,
            checkpoint_id=checkpoint_id,
            resource_type=resource_type,
        )
    ).parsed
