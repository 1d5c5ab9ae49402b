from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_op_logs_response import ListOpLogsResponse
from ...models.operation_status import OperationStatus
from ...models.operation_type import OperationType
from ...models.service_error import ServiceError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    *,
    end_time: str | Unset = UNSET,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    operation_type: OperationType | Unset = UNSET,
    provider_id: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    status: OperationStatus | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    vault_name: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["end_time"] = end_time

    params["limit"] = limit

    params["offset"] = offset

    json_operation_type: str | Unset = UNSET
    if not isinstance(operation_type, Unset):
        json_operation_type = operation_type.value

    params["operation_type"] = json_operation_type

    params["provider_id"] = provider_id

    params["resource_id"] = resource_id

    params["resource_name"] = resource_name

    params["start_time"] = start_time

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["vault_id"] = vault_id

    params["vault_name"] = vault_name

    params["enterprise_project_id"] = enterprise_project_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v3/{project_id}/operation-logs".format(
            project_id=quote(str(project_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListOpLogsResponse | ServiceError | None:
    if response.status_code == 200:
        response_200 = ListOpLogsResponse.from_dict(response.json())

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
) -> Response[ListOpLogsResponse | ServiceError]:
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
    end_time: str | Unset = UNSET,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    operation_type: OperationType | Unset = UNSET,
    provider_id: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    status: OperationStatus | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    vault_name: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
) -> Response[ListOpLogsResponse | ServiceError]:
    """List tasks

     Lists the project's tasks (operation logs, 查询任务列表), newest first. A replication
    makes a task of type `replication` whose `extra_info.replication` names the source and
    destination backups. Every filter is optional and they combine with AND; `count` is
    the number of matching tasks over all pages.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        end_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        limit (int | Unset):  Default: 1000.
        offset (int | Unset):  Default: 0.
        operation_type (OperationType | Unset): Type of a task. `replication` is a replication;
            `copy` the old-style replication task
            (current replications all use `replication`).
        provider_id (str | Unset):
        resource_id (str | Unset):
        resource_name (str | Unset):
        start_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        status (OperationStatus | Unset): Status of a task.
        vault_id (str | Unset):
        vault_name (str | Unset):
        enterprise_project_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListOpLogsResponse | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        end_time=end_time,
        limit=limit,
        offset=offset,
        operation_type=operation_type,
        provider_id=provider_id,
        resource_id=resource_id,
        resource_name=resource_name,
        start_time=start_time,
        status=status,
        vault_id=vault_id,
        vault_name=vault_name,
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
    end_time: str | Unset = UNSET,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    operation_type: OperationType | Unset = UNSET,
    provider_id: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    status: OperationStatus | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    vault_name: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
) -> ListOpLogsResponse | ServiceError | None:
    """List tasks

     Lists the project's tasks (operation logs, 查询任务列表), newest first. A replication
    makes a task of type `replication` whose `extra_info.replication` names the source and
    destination backups. Every filter is optional and they combine with AND; `count` is
    the number of matching tasks over all pages.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        end_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        limit (int | Unset):  Default: 1000.
        offset (int | Unset):  Default: 0.
        operation_type (OperationType | Unset): Type of a task. `replication` is a replication;
            `copy` the old-style replication task
            (current replications all use `replication`).
        provider_id (str | Unset):
        resource_id (str | Unset):
        resource_name (str | Unset):
        start_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        status (OperationStatus | Unset): Status of a task.
        vault_id (str | Unset):
        vault_name (str | Unset):
        enterprise_project_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListOpLogsResponse | ServiceError
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        end_time=end_time,
        limit=limit,
        offset=offset,
        operation_type=operation_type,
        provider_id=provider_id,
        resource_id=resource_id,
        resource_name=resource_name,
        start_time=start_time,
        status=status,
        vault_id=vault_id,
        vault_name=vault_name,
        enterprise_project_id=enterprise_project_id,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    end_time: str | Unset = UNSET,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    operation_type: OperationType | Unset = UNSET,
    provider_id: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    status: OperationStatus | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    vault_name: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
) -> Response[ListOpLogsResponse | ServiceError]:
    """List tasks

     Lists the project's tasks (operation logs, 查询任务列表), newest first. A replication
    makes a task of type `replication` whose `extra_info.replication` names the source and
    destination backups. Every filter is optional and they combine with AND; `count` is
    the number of matching tasks over all pages.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        end_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        limit (int | Unset):  Default: 1000.
        offset (int | Unset):  Default: 0.
        operation_type (OperationType | Unset): Type of a task. `replication` is a replication;
            `copy` the old-style replication task
            (current replications all use `replication`).
        provider_id (str | Unset):
        resource_id (str | Unset):
        resource_name (str | Unset):
        start_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        status (OperationStatus | Unset): Status of a task.
        vault_id (str | Unset):
        vault_name (str | Unset):
        enterprise_project_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListOpLogsResponse | ServiceError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        end_time=end_time,
        limit=limit,
        offset=offset,
        operation_type=operation_type,
        provider_id=provider_id,
        resource_id=resource_id,
        resource_name=resource_name,
        start_time=start_time,
        status=status,
        vault_id=vault_id,
        vault_name=vault_name,
        enterprise_project_id=enterprise_project_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    end_time: str | Unset = UNSET,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    operation_type: OperationType | Unset = UNSET,
    provider_id: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    status: OperationStatus | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    vault_name: str | Unset = UNSET,
    enterprise_project_id: str | Unset = UNSET,
) -> ListOpLogsResponse | ServiceError | None:
    """List tasks

     Lists the project's tasks (operation logs, 查询任务列表), newest first. A replication
    makes a task of type `replication` whose `extra_info.replication` names the source and
    destination backups. Every filter is optional and they combine with AND; `count` is
    the number of matching tasks over all pages.

    Args:
        project_id (str): A project id; Huawei issues 32 lowercase hex digits. Example:
            68589cac08274b82b4e254268a3862d8.
        end_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        limit (int | Unset):  Default: 1000.
        offset (int | Unset):  Default: 0.
        operation_type (OperationType | Unset): Type of a task. `replication` is a replication;
            `copy` the old-style replication task
            (current replications all use `replication`).
        provider_id (str | Unset):
        resource_id (str | Unset):
        resource_name (str | Unset):
        start_time (str | Unset): A time filter, `%YYYY-%mm-%ddT%HH:%MM:%SSZ` as documented (e.g.
            `2018-02-01T12:00:00Z`);
            a fraction, a numeric offset or no zone (UTC) are accepted too.
             Example: 2018-02-01T12:00:00Z.
        status (OperationStatus | Unset): Status of a task.
        vault_id (str | Unset):
        vault_name (str | Unset):
        enterprise_project_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListOpLogsResponse | ServiceError
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            end_time=end_time,
            limit=limit,
            offset=offset,
            operation_type=operation_type,
            provider_id=provider_id,
            resource_id=resource_id,
            resource_name=resource_name,
            start_time=start_time,
            status=status,
            vault_id=vault_id,
            vault_name=vault_name,
            enterprise_project_id=enterprise_project_id,
        )
    ).parsed
