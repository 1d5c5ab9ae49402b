"""An ASGI application as an httpx transport for sync and async clients alike: no socket.

Owns: `ASGIBridge`. It runs the application on an event loop in a thread of its own, so one
application instance serves `httpx.Client` and `httpx.AsyncClient` calls from any thread
or event loop, concurrently, as a server would. It keeps a server's manners where a client
can tell: the request's read timeout is enforced (`httpx.ReadTimeout`, while the
application goes on, as a server does), and an answer the application starts but never
finishes is a dropped connection (`httpx.RemoteProtocolError`).
Clients closing never stop the bridge (several share one); its owner calls `shutdown()`.
Must not import: the emulator (any ASGI application will do).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote

import httpx

Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [
        MutableMapping[str, Any],
        Callable[[], Awaitable[Message]],
        Callable[[Message], Awaitable[None]],
    ],
    Awaitable[None],
]

__all__ = ["ASGIBridge"]


class _Dropped(Exception):
    """The application returned without finishing its answer."""


class ASGIBridge(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Serve httpx requests with an ASGI application, in process.

    client: the (host, port) the application sees as the caller.
    """

    def __init__(self, app: ASGIApp, *, client: tuple[str, int] = ("127.0.0.1", 50000)) -> None:
        self.app = app
        self.client = client
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="csbs-asgi-bridge", daemon=True
        )
        self._thread.start()
        self._stopped = False

    # -- httpx -------------------------------------------------------------------------

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        future = self._submit(request, body)
        try:
            status, headers, content = future.result(timeout=_read_timeout(request))
        except concurrent.futures.TimeoutError:
            raise httpx.ReadTimeout(
                "the application did not answer in time", request=request
            ) from None
        except _Dropped as exc:
            raise httpx.RemoteProtocolError(str(exc), request=request) from None
        return httpx.Response(status, headers=headers, content=content, request=request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        future = self._submit(request, body)
        try:
            status, headers, content = await asyncio.wait_for(
                asyncio.wrap_future(future), _read_timeout(request)
            )
        except TimeoutError:
            raise httpx.ReadTimeout(
                "the application did not answer in time", request=request
            ) from None
        except _Dropped as exc:
            raise httpx.RemoteProtocolError(str(exc), request=request) from None
        return httpx.Response(status, headers=headers, content=content, request=request)

    def close(self) -> None:
        """Nothing: a client closing does not stop a bridge other clients share."""

    async def aclose(self) -> None:
        """Nothing: a client closing does not stop a bridge other clients share."""

    def shutdown(self) -> None:
        """Cancel what the application still runs and stop the bridge's thread."""
        if self._stopped:
            return
        self._stopped = True

        async def cancel_all() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(cancel_all(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    # -- one exchange, on the bridge's loop ------------------------------------------------

    def _submit(
        self, request: httpx.Request, body: bytes
    ) -> concurrent.futures.Future[tuple[int, list[tuple[bytes, bytes]], bytes]]:
        if self._stopped:
            raise httpx.ConnectError("the in-process application was shut down", request=request)
        return asyncio.run_coroutine_threadsafe(self._exchange(request, body), self._loop)

    async def _exchange(
        self, request: httpx.Request, body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        url = request.url
        raw_path, _, query = url.raw_path.partition(b"?")
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": url.scheme,
            "path": unquote(raw_path.decode("ascii")),
            "raw_path": raw_path,
            "query_string": query,
            "root_path": "",
            "headers": [(name.lower(), value) for name, value in request.headers.raw],
            "client": self.client,
            "server": (url.host, url.port or (443 if url.scheme == "https" else 80)),
            "extensions": {},
        }
        delivered = False
        finished = asyncio.Event()
        status: int | None = None
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []

        async def receive() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await finished.wait()
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    finished.set()

        try:
            await self.app(scope, receive, send)
        finally:
            complete = finished.is_set()
            finished.set()
        if status is None or not complete:
            head = "no status line" if status is None else f"status {status}"
            raise _Dropped(
                f"the server closed the connection before the whole answer was sent ({head})"
            )
        return status, headers, b"".join(chunks)


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout", {})
    value = timeout.get("read") if isinstance(timeout, dict) else None
    return float(value) if value is not None else None
