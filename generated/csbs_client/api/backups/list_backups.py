from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.backup_status import BackupStatus
from ...models.list_backups_response import ListBackupsResponse
from ...models.service_error import ServiceError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    *,
    status: BackupStatus | Unset = UNSET,
    limit: int | Unset = 1000,
    marker: UUID | Unset = UNSET,
    offset: int | Unset = UNSET,
    sort: str | Unset = UNSET,
    all_tenants: bool | Unset = False,
    name: str | Unset = UNSET,
    az: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    end_time: str | Unset = UNSET,
    image_type: str | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    ip: str | Unset = UNSET,
    checkpoint_id: str | Unset = UNSET,
    resource_type: str | Unset = UNSET,
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

    params["offset"] = offset

    params["sort"] = sort

    params["all_tenants"] = all_tenants

    params["name"] = name

    params["az"] = az

    params["resource_id"] = resource_id

    params["resource_name"] = resource_name

    params["start_time"] = start_time

    params["end_time"] = end_time

    params["image_type"] = image_type

    params["policy_id"] = policy_id

    params["ip"] = ip

    params["checkpoint_id"] = checkpoint_id

    params["resource_type"] = resource_type

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
    offset: int | Unset = UNSET,
    sort: str | Unset = UNSET,
    all_tenants: bool | Unset = False,
    name: str | Unset = UNSET,
    az: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    end_time: str | Unset = UNSET,
    image_type: str | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    ip: str | Unset = UNSET,
    checkpoint_id: str | Unset = UNSET,
    resource_type: str | Unset = UNSET,
) -> Response[ListBackupsResponse | ServiceError]:
    """List backups

     Lists the project's backups (checkpoint items) in the region. Every filter is optional
    and they combine with AND. The order is `sort` (default `created_at:desc`), and ties
    are broken by `id` in the direction of the last sort key, so the order is total and
    paging is stable under every sort. Pages with `limit` and `marker` (and `offset`):
    when more items follow, `checkpoint_items_links` holds a `next` link whose `marker` is
    the last item's id.

    Args:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        status (BackupStatus | Unset): Status of a backup. Only an `available` backup can be
            replicated; `protecting`,
            `restoring` and the other transitional states answer 400 `CSBS.2003`.
        limit (int | Unset):  Default: 1000.
        marker (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        offset (int | Unset):
        sort (str | Unset): `key[:asc|desc]`, comma-separated; keys `created_at`, `updated_at`,
            `name`, `status`, `protected_at`, `id`. Example: created_at:asc,name.
        all_tenants (bool | Unset):  Default: False.
        name (str | Unset):
        az (str | Unset):
        resource_id (str | Unset):
        resource_name (str | Unset):
        start_time (str | Unset): A `Timestamp` as a filter takes it; the fraction may be left
            out. Compared as text
            after padding the fraction to six digits, which orders real times correctly; a value
            that fits the pattern but names no real day (`2021-02-30T00:00:00`) is not refused and
            falls between its neighbours (after February 28, before March 1).
             Example: 2017-04-15T04:25:38.
        end_time (str | Unset): A `Timestamp` as a filter takes it; the fraction may be left out.
            Compared as text
            after padding the fraction to six digits, which orders real times correctly; a value
            that fits the pattern but names no real day (`2021-02-30T00:00:00`) is not refused and
            falls between its neighbours (after February 28, before March 1).
             Example: 2017-04-15T04:25:38.
        image_type (str | Unset):
        policy_id (str | Unset):
        ip (str | Unset):
        checkpoint_id (str | Unset):
        resource_type (str | Unset):

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
        offset=offset,
        sort=sort,
        all_tenants=all_tenants,
        name=name,
        az=az,
        resource_id=resource_id,
        resource_name=resource_name,
        start_time=start_time,
        end_time=end_time,
        image_type=image_type,
        policy_id=policy_id,
        ip=ip,
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
    offset: int | Unset = UNSET,
    sort: str | Unset = UNSET,
    all_tenants: bool | Unset = False,
    name: str | Unset = UNSET,
    az: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    end_time: str | Unset = UNSET,
    image_type: str | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    ip: str | Unset = UNSET,
    checkpoint_id: str | Unset = UNSET,
    resource_type: str | Unset = UNSET,
) -> ListBackupsResponse | ServiceError | None:
    """List backups

     Lists the project's backups (checkpoint items) in the region. Every filter is optional
    and they combine with AND. The order is `sort` (default `created_at:desc`), and ties
    are broken by `id` in the direction of the last sort key, so the order is total and
    paging is stable under every sort. Pages with `limit` and `marker` (and `offset`):
    when more items follow, `checkpoint_items_links` holds a `next` link whose `marker` is
    the last item's id.

    Args:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        status (BackupStatus | Unset): Status of a backup. Only an `available` backup can be
            replicated; `protecting`,
            `restoring` and the other transitional states answer 400 `CSBS.2003`.
        limit (int | Unset):  Default: 1000.
        marker (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        offset (int | Unset):
        sort (str | Unset): `key[:asc|desc]`, comma-separated; keys `created_at`, `updated_at`,
            `name`, `status`, `protected_at`, `id`. Example: created_at:asc,name.
        all_tenants (bool | Unset):  Default: False.
        name (str | Unset):
        az (str | Unset):
        resource_id (str | Unset):
        resource_name (str | Unset):
        start_time (str | Unset): A `Timestamp` as a filter takes it; the fraction may be left
            out. Compared as text
            after padding the fraction to six digits, which orders real times correctly; a value
            that fits the pattern but names no real day (`2021-02-30T00:00:00`) is not refused and
            falls between its neighbours (after February 28, before March 1).
             Example: 2017-04-15T04:25:38.
        end_time (str | Unset): A `Timestamp` as a filter takes it; the fraction may be left out.
            Compared as text
            after padding the fraction to six digits, which orders real times correctly; a value
            that fits the pattern but names no real day (`2021-02-30T00:00:00`) is not refused and
            falls between its neighbours (after February 28, before March 1).
             Example: 2017-04-15T04:25:38.
        image_type (str | Unset):
        policy_id (str | Unset):
        ip (str | Unset):
        checkpoint_id (str | Unset):
        resource_type (str | Unset):

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
        offset=offset,
        sort=sort,
        all_tenants=all_tenants,
        name=name,
        az=az,
        resource_id=resource_id,
        resource_name=resource_name,
        start_time=start_time,
        end_time=end_time,
        image_type=image_type,
        policy_id=policy_id,
        ip=ip,
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
    offset: int | Unset = UNSET,
    sort: str | Unset = UNSET,
    all_tenants: bool | Unset = False,
    name: str | Unset = UNSET,
    az: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    end_time: str | Unset = UNSET,
    image_type: str | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    ip: str | Unset = UNSET,
    checkpoint_id: str | Unset = UNSET,
    resource_type: str | Unset = UNSET,
) -> Response[ListBackupsResponse | ServiceError]:
    """List backups

     Lists the project's backups (checkpoint items) in the region. Every filter is optional
    and they combine with AND. The order is `sort` (default `created_at:desc`), and ties
    are broken by `id` in the direction of the last sort key, so the order is total and
    paging is stable under every sort. Pages with `limit` and `marker` (and `offset`):
    when more items follow, `checkpoint_items_links` holds a `next` link whose `marker` is
    the last item's id.

    Args:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        status (BackupStatus | Unset): Status of a backup. Only an `available` backup can be
            replicated; `protecting`,
            `restoring` and the other transitional states answer 400 `CSBS.2003`.
        limit (int | Unset):  Default: 1000.
        marker (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        offset (int | Unset):
        sort (str | Unset): `key[:asc|desc]`, comma-separated; keys `created_at`, `updated_at`,
            `name`, `status`, `protected_at`, `id`. Example: created_at:asc,name.
        all_tenants (bool | Unset):  Default: False.
        name (str | Unset):
        az (str | Unset):
        resource_id (str | Unset):
        resource_name (str | Unset):
        start_time (str | Unset): A `Timestamp` as a filter takes it; the fraction may be left
            out. Compared as text
            after padding the fraction to six digits, which orders real times correctly; a value
            that fits the pattern but names no real day (`2021-02-30T00:00:00`) is not refused and
            falls between its neighbours (after February 28, before March 1).
             Example: 2017-04-15T04:25:38.
        end_time (str | Unset): A `Timestamp` as a filter takes it; the fraction may be left out.
            Compared as text
            after padding the fraction to six digits, which orders real times correctly; a value
            that fits the pattern but names no real day (`2021-02-30T00:00:00`) is not refused and
            falls between its neighbours (after February 28, before March 1).
             Example: 2017-04-15T04:25:38.
        image_type (str | Unset):
        policy_id (str | Unset):
        ip (str | Unset):
        checkpoint_id (str | Unset):
        resource_type (str | Unset):

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
        offset=offset,
        sort=sort,
        all_tenants=all_tenants,
        name=name,
        az=az,
        resource_id=resource_id,
        resource_name=resource_name,
        start_time=start_time,
        end_time=end_time,
        image_type=image_type,
        policy_id=policy_id,
        ip=ip,
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
    offset: int | Unset = UNSET,
    sort: str | Unset = UNSET,
    all_tenants: bool | Unset = False,
    name: str | Unset = UNSET,
    az: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_name: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    end_time: str | Unset = UNSET,
    image_type: str | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    ip: str | Unset = UNSET,
    checkpoint_id: str | Unset = UNSET,
    resource_type: str | Unset = UNSET,
) -> ListBackupsResponse | ServiceError | None:
    """List backups

     Lists the project's backups (checkpoint items) in the region. Every filter is optional
    and they combine with AND. The order is `sort` (default `created_at:desc`), and ties
    are broken by `id` in the direction of the last sort key, so the order is total and
    paging is stable under every sort. Pages with `limit` and `marker` (and `offset`):
    when more items follow, `checkpoint_items_links` holds a `next` link whose `marker` is
    the last item's id.

    Args:
        project_id (str): A project id. Example: 4800fde9-66f8-4458-b805-4c01066b9568.
        status (BackupStatus | Unset): Status of a backup. Only an `available` backup can be
            replicated; `protecting`,
            `restoring` and the other transitional states answer 400 `CSBS.2003`.
        limit (int | Unset):  Default: 1000.
        marker (UUID | Unset): A UUID in its canonical dashed form. Example:
            c4dfa74c-7e60-4361-86b9-9a3250115ed6.
        offset (int | Unset):
        sort (str | Unset): `key[:asc|desc]`, comma-separated; keys `created_at`, `updated_at`,
            `name`, `status`, `protected_at`, `id`. Example: created_at:asc,name.
        all_tenants (bool | Unset):  Default: False.
        name (str | Unset):
        az (str | Unset):
        resource_id (str | Unset):
        resource_name (str | Unset):
        start_time (str | Unset): A `Timestamp` as a filter takes it; the fraction may be left
            out. Compared as text
            after padding the fraction to six digits, which orders real times correctly; a value
            that fits the pattern but names no real day (`2021-02-30T00:00:00`) is not refused and
            falls between its neighbours (after February 28, before March 1).
             Example: 2017-04-15T04:25:38.
        end_time (str | Unset): A `Timestamp` as a filter takes it; the fraction may be left out.
            Compared as text
            after padding the fraction to six digits, which orders real times correctly; a value
            that fits the pattern but names no real day (`2021-02-30T00:00:00`) is not refused and
            falls between its neighbours (after February 28, before March 1).
             Example: 2017-04-15T04:25:38.
        image_type (str | Unset):
        policy_id (str | Unset):
        ip (str | Unset):
        checkpoint_id (str | Unset):
        resource_type (str | Unset):

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
            offset=offset,
            sort=sort,
            all_tenants=all_tenants,
            name=name,
            az=az,
            resource_id=resource_id,
            resource_name=resource_name,
            start_time=start_time,
            end_time=end_time,
            image_type=image_type,
            policy_id=policy_id,
            ip=ip,
            checkpoint_id=checkpoint_id,
            resource_type=resource_type,
        )
    ).parsed
