"""A stand-in for a real endpoint that writes down what reached the wire.

Owns: `Recorder`, an ASGI app that keeps every request (when, method, raw path with its query,
headers) and answers each one 404 in the API gateway's error shape, as a regional endpoint
that knows nothing would; and `serve_on_loopback`, which runs any ASGI app under uvicorn in a
thread on 127.0.0.1 and a free port. The guard's wire tests and the parity guard's tests use
both to prove what a suite sends to a target that is not an emulator.
Must not import: the emulator (the recorder must not look like one).
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import uvicorn


class Seen(NamedTuple):
    """One request as it arrived."""

    at: float  # time.monotonic()
    method: str
    path: str  # raw, as sent, with "?query" when there is one
    headers: dict[str, str]  # names lower-case, as ASGI gives them


@dataclass
class Recorder:
    """Records every request and answers 404 `APIGW.0101`, like an endpoint without the API."""

    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        # The raw path: what the client put on the wire, before any percent-decoding.
        path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        if scope.get("query_string"):
            path += "?" + scope["query_string"].decode("latin-1")
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        with self.lock:
            self.seen.append(Seen(time.monotonic(), scope["method"], path, headers))
        request_id = uuid.uuid4().hex
        body = json.dumps(
            {
                "error_code": "APIGW.0101",
                "error_msg": "The API does not exist or has not been published",
                "request_id": request_id,
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 404,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"x-request-id", request_id.encode()),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


@contextmanager
def serve_on_loopback(app: Any, *, start_timeout_s: float = 10.0) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 and a free port until the block ends; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="error", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + start_timeout_s
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server on 127.0.0.1:{port} did not start")
            time.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
