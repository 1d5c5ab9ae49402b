"""AkSkAuth inside real httpx clients: the server verifies exactly what httpx sent."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from datetime import datetime, timedelta

import httpx
import pytest

from csbs_signing import (
    AkSkAuth,
    SignatureError,
    SignatureErrorReason,
    SignedIdentity,
    headers_from_asgi,
    parse_sdk_date,
    verify_request,
)

from .strategies import AK, SK, VECTOR_DATE, secrets, server_view

PROJECT = "0605767ea3000fe22f9dc0169f8a1234"
BASE = "https://csbs.ap-southeast-1.myhuaweicloud.com"


class SteppingClock:
    """A fake clock that moves forward by ``step`` every time it is read."""

    def __init__(self, start: datetime = VECTOR_DATE, step: timedelta = timedelta(seconds=7)):
        self.now = start
        self.step = step
        self.reads = 0

    def __call__(self) -> datetime:
        current = self.now
        self.now += self.step
        self.reads += 1
        return current


class VerifyingServer:
    """MockTransport handler: verifies each request the way the emulator will."""

    def __init__(self, respond: Callable[[httpx.Request, int], httpx.Response] | None = None):
        self.seen: list[httpx.Request] = []
        # Snapshots: a retried request is the same object, re-signed in place.
        self.headers: list[httpx.Headers] = []
        self.outcomes: list[SignedIdentity | SignatureErrorReason] = []
        self._respond = respond

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        self.headers.append(request.headers.copy())
        view = server_view(request)
        # Judge freshness against the date the client claims, +1 s of "network".
        now = parse_sdk_date(view.headers["x-sdk-date"]) + timedelta(seconds=1)
        try:
            outcome: SignedIdentity | SignatureErrorReason = verify_request(
                view.method,
                view.raw_path,
                view.query_string,
                view.headers,
                view.body,
                lookup_secret=secrets,
                now=now,
            )
        except SignatureError as refused:
            outcome = refused.reason
        self.outcomes.append(outcome)
        if self._respond is not None:
            return self._respond(request, len(self.seen))
        status = 200 if isinstance(outcome, SignedIdentity) else 401
        return httpx.Response(status, json={"outcome": str(outcome)})


def _client(server: VerifyingServer, auth: httpx.Auth, **kwargs: object) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(server), auth=auth, **kwargs)  # type: ignore[arg-type]


def test_sync_client_requests_verify() -> None:
    server = VerifyingServer()
    auth = AkSkAuth(AK, SK, PROJECT, "sts-token", clock=SteppingClock())
    with _client(server, auth, base_url=BASE) as client:
        assert client.get(f"/v1/{PROJECT}/checkpoint_items", params={"limit": 10}).is_success
        assert client.get(
            f"/v1/{PROJECT}/checkpoint_items", params={"name": "a b+c/é", "tag": ["x", "y", ""]}
        ).is_success
        assert client.post(
            f"/v1/{PROJECT}/checkpoint_items/8b0851a8/replicate",
            json={"replicate": {"destination_region": "ap-southeast-3"}},
        ).is_success
        assert client.put("/v1/%E4%B8%80/a%2Fb/", content=b"raw", headers={"X-Extra": " x "})
        assert client.delete("/v1/x/").is_success

    assert server.outcomes == [SignedIdentity(AK, PROJECT, "sts-token")] * 5
    sent = server.seen[0].headers
    assert sent["X-Project-Id"] == PROJECT
    assert sent["X-Security-Token"] == "sts-token"
    signed = sent["Authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    # httpx's default client headers are signed, except the hop-by-hop Connection.
    assert "user-agent" in signed
    assert "connection" in sent
    assert "connection" not in signed
    # No Content-Type at all: the body is hashed, not sent as UNSIGNED-PAYLOAD.
    assert "X-Sdk-Content-Sha256" not in server.seen[3].headers


def test_non_json_body_is_sent_unsigned_payload() -> None:
    server = VerifyingServer()
    with _client(server, AkSkAuth(AK, SK, clock=SteppingClock())) as client:
        client.post(f"{BASE}/upload", content=b"\x00\xff", headers={"Content-Type": "image/png"})
        client.post(f"{BASE}/upload", content=b"{}", headers={"Content-Type": "application/json"})
    assert server.seen[0].headers["X-Sdk-Content-Sha256"] == "UNSIGNED-PAYLOAD"
    assert "X-Sdk-Content-Sha256" not in server.seen[1].headers
    assert server.outcomes == [SignedIdentity(AK)] * 2


def test_streaming_body_is_read_and_signed() -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"replicate":'
        yield b'{"destination_region":"ap-southeast-3"}}'

    server = VerifyingServer()
    with _client(server, AkSkAuth(AK, SK, clock=SteppingClock())) as client:
        response = client.post(
            f"{BASE}/v1/p/replicate", content=chunks(), headers={"Content-Type": "application/json"}
        )
    assert response.is_success
    assert server.outcomes == [SignedIdentity(AK)]
    assert server.seen[0].read() == b'{"replicate":{"destination_region":"ap-southeast-3"}}'
    assert "transfer-encoding" in server.seen[0].headers  # still sent chunked, unsigned


def test_async_client_with_async_streaming_body() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for part in (b'{"a":', b"1}"):
            yield part

    server = VerifyingServer()

    async def run() -> httpx.Response:
        auth = AkSkAuth(AK, SK, PROJECT, clock=SteppingClock())
        async with httpx.AsyncClient(transport=httpx.MockTransport(server), auth=auth) as client:
            return await client.post(
                f"{BASE}/v1/{PROJECT}/x",
                content=chunks(),
                headers={"Content-Type": "application/json"},
            )

    assert asyncio.run(run()).is_success
    assert server.outcomes == [SignedIdentity(AK, PROJECT)]


class RetryOnceAuth(AkSkAuth):
    """An auth flow that retries a 503 once: it yields the request a second time."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        response = yield self.sign_request(request)
        if response.status_code == 503:
            yield self.sign_request(request)


def test_retry_inside_the_auth_flow_gets_a_fresh_date() -> None:
    server = VerifyingServer(
        respond=lambda _request, n: httpx.Response(503 if n == 1 else 200),
    )
    clock = SteppingClock(step=timedelta(minutes=1))
    with _client(server, RetryOnceAuth(AK, SK, clock=clock)) as client:
        response = client.post(f"{BASE}/v1/p/replicate", json={"a": 1})
    assert response.status_code == 200
    assert len(server.seen) == 2
    first, second = (h["X-Sdk-Date"] for h in server.headers)
    assert parse_sdk_date(second) - parse_sdk_date(first) == timedelta(minutes=1)
    assert server.headers[0]["Authorization"] != server.headers[1]["Authorization"]
    assert server.outcomes == [SignedIdentity(AK)] * 2
    assert len(server.headers[1].get_list("X-Sdk-Date")) == 1


def test_sending_the_same_request_twice_re_signs_it() -> None:
    server = VerifyingServer()
    clock = SteppingClock(step=timedelta(minutes=16))
    with _client(server, AkSkAuth(AK, SK, clock=clock)) as client:
        request = client.build_request("POST", f"{BASE}/v1/p/replicate", json={"a": 1})
        client.send(request)
        client.send(request)
    first, second = (h["X-Sdk-Date"] for h in server.headers)
    # 16 minutes apart: the old signature would be refused as skewed; the new one passes.
    assert parse_sdk_date(second) - parse_sdk_date(first) == timedelta(minutes=16)
    assert server.outcomes == [SignedIdentity(AK)] * 2
    # Replaying the first signature at the time of the second send is refused.
    stale = headers_from_asgi(server.headers[0].raw)
    path, _, query = request.url.raw_path.partition(b"?")
    with pytest.raises(SignatureError) as refused:
        verify_request(
            "POST",
            path,
            query,
            stale,
            request.read(),
            lookup_secret=secrets,
            now=parse_sdk_date(second),
        )
    assert refused.value.reason is SignatureErrorReason.DATE_SKEWED
    assert len(request.headers.get_list("Authorization")) == 1


def _redirecting(request: httpx.Request, n: int) -> httpx.Response:
    if n == 1:
        return httpx.Response(307, headers={"Location": "/v1/p/moved?page=2"})
    return httpx.Response(200)


def test_followed_redirect_hop_needs_the_event_hook() -> None:
    # httpx follows redirects inside the auth flow, so without the hook the second
    # hop carries the first hop's signature (old path): the server refuses it.
    server = VerifyingServer(respond=_redirecting)
    auth = AkSkAuth(AK, SK, clock=SteppingClock())
    with _client(server, auth, follow_redirects=True) as client:
        client.post(f"{BASE}/v1/p/original", json={"a": 1})
    assert server.outcomes == [SignedIdentity(AK), SignatureErrorReason.BAD_SIGNATURE]

    server = VerifyingServer(respond=_redirecting)
    auth = AkSkAuth(AK, SK, clock=SteppingClock())
    hooks = {"request": [auth.sign_request]}
    with _client(server, auth, follow_redirects=True, event_hooks=hooks) as client:
        response = client.post(f"{BASE}/v1/p/original", json={"a": 1})
    assert response.status_code == 200
    assert server.outcomes == [SignedIdentity(AK)] * 2
    assert server.seen[1].url.raw_path == b"/v1/p/moved?page=2"
    assert server.seen[1].read() == b'{"a":1}'  # 307 keeps the body, still signed


def test_async_event_hook_signs_redirect_hops() -> None:
    server = VerifyingServer(respond=_redirecting)
    auth = AkSkAuth(AK, SK, clock=SteppingClock())

    async def run() -> httpx.Response:
        async with httpx.AsyncClient(
            transport=httpx.MockTransport(server),
            auth=auth,
            follow_redirects=True,
            event_hooks={"request": [auth.asign_request]},
        ) as client:
            return await client.post(f"{BASE}/v1/p/original", json={"a": 1})

    assert asyncio.run(run()).status_code == 200
    assert server.outcomes == [SignedIdentity(AK)] * 2


def test_unreadable_async_stream_in_sync_signing_is_an_error() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"x"

    request = httpx.Request("POST", f"{BASE}/x", content=chunks())
    with pytest.raises((AssertionError, httpx.RequestNotRead, TypeError)):
        AkSkAuth(AK, SK).sign_request(request)
