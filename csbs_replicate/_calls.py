"""One effect of a flow as one call of a generated client, sync or async.

Owns: choosing the client for an effect (the source's, or the destination's for its region
and project), running the call an API's adapter binds for it (`CallingApi.request`), and
turning what the generated function returns or raises into an outcome: an `Answer` (status,
model, request id), or `Lost` (a transport error, or an answer whose body could not be
read; `sent` False only for errors that happen before a byte leaves).
Must not import: the emulator, an API's adapter (they import this module).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from functools import partial
from typing import ParamSpec, Protocol, TypeVar

import httpx

import cbr_client
import csbs_client
from cbr_client import errors as cbr_errors
from csbs_client import errors as csbs_errors

from ._flow import Answer, Api, Call, Lost, Outcome, Post

P = ParamSpec("P")
R = TypeVar("R")

CsbsClient = csbs_client.Client | csbs_client.AuthenticatedClient
CbrClient = cbr_client.Client | cbr_client.AuthenticatedClient
AnyClient = CsbsClient | CbrClient
CLIENT_TYPES = (
    csbs_client.Client,
    csbs_client.AuthenticatedClient,
    cbr_client.Client,
    cbr_client.AuthenticatedClient,
)
# The client for the destination: one client, or one per (region, project) — for AK/SK
# (whose `X-Project-Id` names one project) and for the real service (one endpoint a region).
Destination = AnyClient | Callable[[str, str], AnyClient]


class GeneratedResponse(Protocol):
    """What the `*_detailed` functions of either generated client return."""

    @property
    def status_code(self) -> int: ...
    @property
    def content(self) -> bytes: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def parsed(self) -> object: ...


Sync = Callable[[], GeneratedResponse]
Async = Callable[[], Awaitable[GeneratedResponse]]

# Raised before any byte of the request is sent: the service cannot have seen it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
# What a generated client raises when an answer's body is not the documented JSON (any
# other failure of a sent request is an httpx.RequestError: transport, decoding, redirects).
_UNREADABLE = (ValueError, KeyError, TypeError, AttributeError)


class CallingApi(Api, Protocol):
    """An adapter that can also make its calls: the generated function for each effect."""

    def request(self, effect: Call, client: AnyClient) -> tuple[Sync, Async]:
        """The generated call that makes `effect` with `client`, sync and async, bound to
        its arguments and not yet made (a bad id raises ValueError here, before any call)."""
        ...


def bound(
    sync: Callable[P, R], asynchronous: Callable[P, Awaitable[R]], *args: P.args, **kwargs: P.kwargs
) -> tuple[Callable[[], R], Callable[[], Awaitable[R]]]:
    """A generated operation's sync and async functions with the same arguments bound."""
    return partial(sync, *args, **kwargs), partial(asynchronous, *args, **kwargs)


def client_for(effect: Call, source: AnyClient, destination: Destination | None) -> AnyClient:
    region = None if isinstance(effect, Post) else effect.region
    if region is None or destination is None:
        return source
    if isinstance(destination, CLIENT_TYPES):
        return destination
    return destination(region, effect.project_id)


def answer(response: GeneratedResponse) -> Answer:
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


# Both generated packages define their own UnexpectedStatus, with the same members.
_UNEXPECTED = (csbs_errors.UnexpectedStatus, cbr_errors.UnexpectedStatus)


def unexpected(exc: csbs_errors.UnexpectedStatus | cbr_errors.UnexpectedStatus) -> Answer:
    """A client built with `raise_on_unexpected_status=True` raised for a status the spec
    does not list: the same as the answer it refused."""
    return Answer(exc.status_code, None, None, exc.content[:300].decode("utf-8", "replace"))


def call_sync(api: CallingApi, effect: Call, client: AnyClient) -> Outcome:
    request, _ = api.request(effect, client)
    try:
        return answer(request())
    except _UNEXPECTED as exc:
        return unexpected(exc)
    except (httpx.RequestError, *_UNREADABLE) as exc:
        return lost(exc)


async def call_async(api: CallingApi, effect: Call, client: AnyClient) -> Outcome:
    _, request = api.request(effect, client)
    try:
        return answer(await request())
    except _UNEXPECTED as exc:
        return unexpected(exc)
    except (httpx.RequestError, *_UNREADABLE) as exc:
        return lost(exc)
