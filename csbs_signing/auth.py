"""Client side: an ``httpx.Auth`` that signs requests with SDK-HMAC-SHA256 (AK/SK).

This module owns turning an outgoing ``httpx.Request`` into a signed one: it adds
``X-Sdk-Date``, ``Host``, ``X-Project-Id``, ``X-Security-Token`` and (for non-JSON
bodies) ``X-Sdk-Content-Sha256``, then computes ``Authorization`` over the exact bytes
httpx will put on the wire (``request.url.raw_path`` and ``request.content``).  The
canonicalisation itself lives in :mod:`csbs_signing.canonical`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from datetime import UTC, datetime

import httpx

from . import canonical

Clock = Callable[[], datetime]

#: Hop-by-hop headers (RFC 9110 section 7.6.1) that a proxy may legitimately rewrite
#: or drop; signing them would make the signature fail in transit.  The SDK never
#: meets them at signing time (its HTTP library adds them afterwards), so leaving
#: them out keeps the signed set equal to what the SDK would sign.
HOP_BY_HOP_HEADERS: frozenset[str] = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AkSkAuth(httpx.Auth):
    """Sign every request the flow sees, with a fresh ``X-Sdk-Date`` each time.

    ``clock`` must return a timezone-aware datetime; inject one in tests instead of
    sleeping.  ``unsigned_headers`` lists lower-case header names that are sent but
    not signed (default: hop-by-hop headers).

    httpx follows redirects *inside* the auth flow, so with ``follow_redirects=True``
    the hops do not pass through :meth:`auth_flow`.  Register :meth:`sign_request`
    (or :meth:`asign_request` for ``AsyncClient``) as a ``"request"`` event hook to
    sign those hops too; with httpx's default ``follow_redirects=False`` every
    request you send goes through the flow anyway.
    """

    # httpx reads (and buffers) streaming bodies before entering the flow, so the
    # body hash covers the bytes that are actually sent, and re-sending works.
    requires_request_body = True

    def __init__(
        self,
        ak: str,
        sk: str,
        project_id: str | None = None,
        security_token: str | None = None,
        *,
        clock: Clock | None = None,
        unsigned_headers: Iterable[str] = HOP_BY_HOP_HEADERS,
    ) -> None:
        if not ak or not sk:
            raise ValueError("AkSkAuth needs a non-empty AK and SK")
        self.ak = ak
        self._sk = sk
        self.project_id = project_id
        self._security_token = security_token
        self._clock: Clock = clock or _utc_now
        self._unsigned_headers = frozenset(name.lower() for name in unsigned_headers)

    def __repr__(self) -> str:
        # Never echo the SK or the token into logs or tracebacks.
        return f"{type(self).__name__}(ak={self.ak!r}, project_id={self.project_id!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Sign and send once; subclasses that retry must call :meth:`sign_request` again."""
        yield self.sign_request(request)

    def sign_request(self, request: httpx.Request) -> httpx.Request:
        """Sign ``request`` in place (replacing any earlier signature) and return it.

        Reads a synchronous streaming body into memory first.  Usable as a sync
        ``event_hooks["request"]`` hook.
        """
        try:
            body = request.content
        except httpx.RequestNotRead:
            body = request.read()
        self._apply(request, body)
        return request

    async def asign_request(self, request: httpx.Request) -> httpx.Request:
        """Async twin of :meth:`sign_request`, for ``AsyncClient`` event hooks."""
        body = await request.aread()
        self._apply(request, body)
        return request

    def _apply(self, request: httpx.Request, body: bytes) -> None:
        headers = request.headers
        # Start from a clean slate so a retried or re-sent request never carries a
        # stale date, and the old Authorization can never end up signed.
        for stale in (canonical.HEADER_AUTHORIZATION, canonical.HEADER_SDK_DATE):
            if stale in headers:
                del headers[stale]

        headers[canonical.HEADER_SDK_DATE] = canonical.format_sdk_date(self._clock())
        if canonical.HEADER_HOST not in headers:
            headers[canonical.HEADER_HOST] = request.url.netloc.decode("ascii")
        if self.project_id:
            headers[canonical.HEADER_PROJECT_ID] = self.project_id
        if self._security_token:
            headers[canonical.HEADER_SECURITY_TOKEN] = self._security_token
        if canonical.content_type_needs_unsigned_payload(headers.get("content-type")):
            headers[canonical.HEADER_CONTENT_SHA256] = canonical.UNSIGNED_PAYLOAD

        # Work from the raw header lines: those are the bytes the server will see.
        wire = canonical.lower_header_map(
            (name.decode("latin-1"), value.decode("latin-1")) for name, value in headers.raw
        )
        signed = canonical.signed_header_names(
            name for name in wire if name not in self._unsigned_headers
        )
        raw_path, _, query = request.url.raw_path.partition(b"?")
        if b"+" in query:
            # httpx form-encodes a space in params as "+", but the signature (like the
            # gateway) reads "+" literally; send "%20" instead, as Huawei's SDK does, so
            # the value signed, the value sent and the value the server reads all agree.
            # A literal plus in a value is already "%2B" here.
            query = query.replace(b"+", b"%20")
            request.url = request.url.copy_with(query=query)
        headers[canonical.HEADER_AUTHORIZATION] = canonical.sign_parts(
            method=request.method,
            raw_path=raw_path,
            query_string=query,
            headers=wire,
            body=body,
            ak=self.ak,
            sk=self._sk,
            signed_headers=signed,
        )
