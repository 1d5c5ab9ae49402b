"""One effect of a flow as one call of the generated client, sync or async.

Owns: choosing the client for an effect (the source's, or the destination's for its region
and project) and turning what the generated function returns or raises into an outcome:
an `Answer` (status, model, request id), or `Lost` (a transport error, or an answer whose
body could not be read; `sent` False only for errors that happen before a byte leaves).
Must not import: the emulator.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

import httpx

from csbs_client import AuthenticatedClient, Client
from csbs_client import errors as client_errors
from csbs_client.api.backups import list_backups, show_backup
from csbs_client.api.replication import replicate_backup
from csbs_client.models import ProviderId
from csbs_client.types import Response

from ._flow import Answer, Find, Lost, Outcome, Post, Show

P = ParamSpec("P")
R = TypeVar("R")

AnyClient = Client | AuthenticatedClient
# The client for the destination: one client, or one per (region, project) — for AK/SK
# (whose `X-Project-Id` names one project) and for the real service (one endpoint a region).
Destination = AnyClient | Callable[[str, str], AnyClient]

PROVIDER = ProviderId.FC4D5750_22E7_4798_8A46_F48F62C4C1DA

# Raised before any byte of the request is sent: the service cannot have seen it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
# What the generated client raises when an answer's body is not the documented JSON (any
# other failure of a sent request is an httpx.RequestError: transport, decoding, redirects).
_UNREADABLE = (ValueError, KeyError, TypeError, AttributeError)


def client_for(
    effect: Show | Find | Post, source: AnyClient, destination: Destination | None
) -> AnyClient:
    region = None if isinstance(effect, Post) else effect.region
    if region is None or destination is None:
        return source
    if isinstance(destination, Client | AuthenticatedClient):
        return destination
    return destination(region, effect.project_id)


def answer(response: Response[Any]) -> Answer:
    return Answer(
        status=int(response.status_code),
        parsed=response.parsed,
        request_id=response.headers.get("x-request-id"),
        text=response.content[:300].decode("utf-8", "replace"),
    )


def lost(exc: Exception) -> Lost:
    kind = type(exc).__name__
    if isinstance(exc, _UNREADABLE):
        return Lost(f"unreadable answer ({kind}: {exc})", sent=True)
    return Lost(f"{kind}: {exc}" if str(exc) else kind, sent=not isinstance(exc, _NOT_SENT))


def unexpected(exc: client_errors.UnexpectedStatus) -> Answer:
    """A client built with `raise_on_unexpected_status=True` raised for a status the spec
    does not list: the same as the answer it refused."""
    return Answer(exc.status_code, None, None, exc.content[:300].decode("utf-8", "replace"))


_Sync = Callable[[], Response[Any]]
_Async = Callable[[], Awaitable[Response[Any]]]


def _bound(
    sync: Callable[P, R], asynchronous: Callable[P, Awaitable[R]], *args: P.args, **kwargs: P.kwargs
) -> tuple[Callable[[], R], Callable[[], Awaitable[R]]]:
    """A generated operation's sync and async functions with the same arguments bound."""
    return partial(sync, *args, **kwargs), partial(asynchronous, *args, **kwargs)


def _request(effect: Show | Find | Post, client: AnyClient) -> tuple[_Sync, _Async]:
    """The generated call that makes `effect`, sync and async (a backup id that is not a
    UUID raises ValueError here, before any call)."""
    if isinstance(effect, Find):
        return _bound(
            list_backups.sync_detailed,
            list_backups.asyncio_detailed,
            effect.project_id,
            client=client,
            resource_id=effect.resource_id,
        )
    item = UUID(effect.item_id)
    if isinstance(effect, Show):
        return _bound(
            show_backup.sync_detailed,
            show_backup.asyncio_detailed,
            effect.project_id,
            item,
            client=client,
        )
    return _bound(
        replicate_backup.sync_detailed,
        replicate_backup.asyncio_detailed,
        effect.project_id,
        PROVIDER,
        item,
        client=client,
        body=effect.body,
    )


def call_sync(effect: Show | Find | Post, client: AnyClient) -> Outcome:
    request, _ = _request(effect, client)
    try:
        return answer(request())
    except client_errors.UnexpectedStatus as exc:
        return unexpected(exc)
    except (httpx.RequestError, *_UNREADABLE) as exc:
        return lost(exc)


async def call_async(effect: Show | Find | Post, client: AnyClient) -> Outcome:
    _, request = _request(effect, client)
    try:
        return answer(await request())
    except client_errors.UnexpectedStatus as exc:
        return unexpected(exc)
    except (httpx.RequestError, *_UNREADABLE) as exc:
        return lost(exc)
