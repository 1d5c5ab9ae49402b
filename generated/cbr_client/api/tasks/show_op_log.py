from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.service_error import ServiceError
from ...models.show_op_log_response import ShowOpLogResponse
from ...types import Response


def _get_kwargs(
    project_id: str,
    operation_log_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v3/{project_id}/operation-logs/{operation_log_id}".format(
            project_id=quote(str(project_id), safe=""),
            operation_log_id=quote(str(operation_log_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ServiceError | ShowOpLogResponse | None:
    if response.status_code == 200:
        response_200 = ShowOpLogResponse.from_dict(response.json())

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
) -> Response[ServiceError | ShowOpLogResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    operation_log_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ServiceError | ShowOpLogResponse]:
    """Show one task

     Shows one task (查询单个任务). A replication task's `status` is `running` while the
    copy runs, then `success` or `failed` (with `error_info`). A task of another project
    answers 404 like one that does not exist.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        operation_log_id (UUID): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ServiceError | ShowOpLogResponse]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        operation_log_id=operation_log_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    operation_log_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> ServiceError | ShowOpLogResponse | None:
    """Show one task

     Shows one task (查询单个任务). A replication task's `status` is `running` while the
    copy runs, then `success` or `failed` (with `error_info`). A task of another project
    answers 404 like one that does not exist.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        operation_log_id (UUID): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ServiceError | ShowOpLogResponse
    """

    return sync_detailed(
        project_id=project_id,
        operation_log_id=operation_log_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    operation_log_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ServiceError | ShowOpLogResponse]:
    """Show one task

     Shows one task (查询单个任务). A replication task's `status` is `running` while the
    copy runs, then `success` or `failed` (with `error_info`). A task of another project
    answers 404 like one that does not exist.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        operation_log_id (UUID): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ServiceError | ShowOpLogResponse]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        operation_log_id=operation_log_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    operation_log_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> ServiceError | ShowOpLogResponse | None:
    """Show one task

     Shows one task (查询单个任务). A replication task's `status` is `running` while the
    copy runs, then `success` or `failed` (with `error_info`). A task of another project
    answers 404 like one that does not exist.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        operation_log_id (UUID): A UUID in its canonical dashed form. Example:
            6df2b54c-dd62-4059-a07c-1b8f24f2725d.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ServiceError | ShowOpLogResponse
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            operation_log_id=operation_log_id,
            client=client,
        )
    ).parsed
