from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.provider_id import ProviderId
from ...models.replicate_request import ReplicateRequest
from ...models.replicate_response import ReplicateResponse
from ...models.service_error import ServiceError
from ...types import Response


def _get_kwargs(
    project_id: str,
    provider_id: ProviderId,
    checkpoint_item_id: UUID,
    *,
    body: ReplicateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/{project_id}/providers/{provider_id}/checkpoint_items/{checkpoint_item_id}/replicate".format(
            project_id=quote(str(project_id), safe=""),
            provider_id=quote(str(provider_id), safe=""),
            checkpoint_item_id=quote(str(checkpoint_item_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ReplicateResponse | ServiceError | None:
    if response.status_code == 200:
        response_200 = ReplicateResponse.from_dict(response.json())

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
) -> Response[ReplicateResponse | ServiceError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    provider_id: ProviderId,
    checkpoint_item_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReplicateRequest,
) -> Response[ReplicateResponse | ServiceError]:
    """Replicate a backup to another region

     Replicates one backup (checkpoint item) to a destination region and project. A backup
    cannot be replicated again to a region where a replica of it is being made or already
    exists (`BackupService.1009`). The call answers at once with the replication record's
    id; the copy itself runs asynchronously — follow it with `showBackup` on the source
    backup (`extend_info.copy_status`, `replication_records`) and, once it has succeeded,
    on the replica in the destination region (`extend_info.copy_from`).

    Args:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        provider_id (ProviderId): The backup provider id; the service has exactly one. Example:
            fc4d5750-22e7-4798-8a46-f48f62c4c1da.
        checkpoint_item_id (UUID): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        body (ReplicateRequest): The body of `replicateBackup`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ReplicateResponse | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        provider_id=provider_id,
        checkpoint_item_id=checkpoint_item_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    provider_id: ProviderId,
    checkpoint_item_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReplicateRequest,
) -> ReplicateResponse | ServiceError | None:
    """Replicate a backup to another region

     Replicates one backup (checkpoint item) to a destination region and project. A backup
    cannot be replicated again to a region where a replica of it is being made or already
    exists (`BackupService.1009`). The call answers at once with the replication record's
    id; the copy itself runs asynchronously — follow it with `showBackup` on the source
    backup (`extend_info.copy_status`, `replication_records`) and, once it has succeeded,
    on the replica in the destination region (`extend_info.copy_from`).

    Args:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        provider_id (ProviderId): The backup provider id; the service has exactly one. Example:
            fc4d5750-22e7-4798-8a46-f48f62c4c1da.
        checkpoint_item_id (UUID): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        body (ReplicateRequest): The body of `replicateBackup`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ReplicateResponse | ServiceError
    """

    return sync_detailed(
        project_id=project_id,
        provider_id=provider_id,
        checkpoint_item_id=checkpoint_item_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    provider_id: ProviderId,
    checkpoint_item_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReplicateRequest,
) -> Response[ReplicateResponse | ServiceError]:
    """Replicate a backup to another region

     Replicates one backup (checkpoint item) to a destination region and project. A backup
    cannot be replicated again to a region where a replica of it is being made or already
    exists (`BackupService.1009`). The call answers at once with the replication record's
    id; the copy itself runs asynchronously — follow it with `showBackup` on the source
    backup (`extend_info.copy_status`, `replication_records`) and, once it has succeeded,
    on the replica in the destination region (`extend_info.copy_from`).

    Args:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        provider_id (ProviderId): The backup provider id; the service has exactly one. Example:
            fc4d5750-22e7-4798-8a46-f48f62c4c1da.
        checkpoint_item_id (UUID): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        body (ReplicateRequest): The body of `replicateBackup`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ReplicateResponse | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        provider_id=provider_id,
        checkpoint_item_id=checkpoint_item_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    provider_id: ProviderId,
    checkpoint_item_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReplicateRequest,
) -> ReplicateResponse | ServiceError | None:
    """Replicate a backup to another region

     Replicates one backup (checkpoint item) to a destination region and project. A backup
    cannot be replicated again to a region where a replica of it is being made or already
    exists (`BackupService.1009`). The call answers at once with the replication record's
    id; the copy itself runs asynchronously — follow it with `showBackup` on the source
    backup (`extend_info.copy_status`, `replication_records`) and, once it has succeeded,
    on the replica in the destination region (`extend_info.copy_from`).

    Args:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        provider_id (ProviderId): The backup provider id; the service has exactly one. Example:
            fc4d5750-22e7-4798-8a46-f48f62c4c1da.
        checkpoint_item_id (UUID): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        body (ReplicateRequest): The body of `replicateBackup`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ReplicateResponse | ServiceError
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            provider_id=provider_id,
            checkpoint_item_id=checkpoint_item_id,
            client=client,
            body=body,
        )
    ).parsed
