"""The `csbs-emulator` command line.

Owns: argument parsing, logging set-up, and running the app under uvicorn with graceful
shutdown; and the manners of the HTTP server layer for requests that never reach the app
(`gateway_protocol`). `serve` prints the demo dataset and a ready-to-paste curl that succeeds.
Must not import: the store directly (it asks the app).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import http
import importlib.metadata
import json
import logging
import shlex
import socket
import sys
import uuid
from pathlib import Path
from typing import Any

from .app import Emulator, FixtureError
from .config import EmulatorConfig
from .csbs.errors import invalid_parameter
from .csbs.model import PROVIDER_ID
from .http import encode, error_body
from .store import StoreError

# Request line plus headers: far above any real call (an IAM token is at most 8 KiB), far
# below what would let one connection pin memory and CPU (httptools buffers a header
# line whole, with quadratic copying, and sets no limit of its own).
HEAD_LIMIT_BYTES = 64 * 1024
server_log = logging.getLogger("csbs_emulator.server")


def _version() -> str:
    # The distribution's metadata, not `csbs_replicate.__version__` (where the version is
    # written): importing that package would load the client library into the emulator.
    try:
        return importlib.metadata.version("csbs-replicate")
    except importlib.metadata.PackageNotFoundError:  # a checkout on sys.path, not installed
        return "(not installed)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csbs-emulator",
        description="A local, stateful emulator of Huawei Cloud CSBS v1 and CBR v3 replication.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the API, its control plane and docs")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port (8080; 0 picks a free one)")
    serve.add_argument(
        "--db",
        default="csbs-emulator.db",
        help="SQLite file holding the state (csbs-emulator.db); ':memory:' keeps nothing",
    )
    serve.add_argument("--fixtures", type=Path, help="fixtures JSON to load into an empty store")
    serve.add_argument(
        "--lifecycle",
        choices=["instant", "delay", "manual"],
        default="instant",
        help="how replications complete: at once, after --delay seconds, or via the control plane",
    )
    serve.add_argument("--delay", type=float, default=5.0, help="seconds, with --lifecycle delay")
    serve.add_argument(
        "--strict", action="store_true", help="validate every response against the spec"
    )
    serve.add_argument("--seed", type=int, default=0, help="seed of injected faults")
    serve.add_argument(
        "--durability",
        choices=["normal", "full"],
        default="normal",
        help="normal: survives a killed process, no fsync; full: also a power cut or OS "
        "crash (fsync per commit)",
    )
    serve.add_argument(
        "--head-timeout",
        type=float,
        default=10.0,
        help="seconds a connection may take to send a request's line and headers (10)",
    )
    serve.add_argument("--no-access-log", action="store_true", help="no line per request")
    serve.add_argument("--quiet", action="store_true", help="print only warnings and errors")
    demo = sub.add_parser("demo", help="print the demo dataset as JSON")
    demo.add_argument("--fixtures", type=Path)
    return parser


def ready_curl(emulator: Emulator, base_url: str) -> str:
    """A replicate call for a demo backup not yet replicated to the demo destination."""
    demo = emulator.control_plane.demo()
    destination = demo["destination_region"]
    for item in demo["checkpoint_item_ids"]:
        records = emulator.csbs.tables.records_for_backup(item)
        if all(r.destination_region != destination or r.status == "fail" for r in records):
            url = (
                f"{base_url}/v1/{demo['project_id']}/providers/{PROVIDER_ID}"
                f"/checkpoint_items/{item}/replicate"
            )
            body = json.dumps(
                {
                    "replication": {
                        "destination_region": destination,
                        "destination_project_id": demo["destination_project_id"],
                        "name": "my-first-replica",
                    }
                }
            )
            return (
                f"curl -sS -X POST {shlex.quote(url)} -H 'X-Auth-Token: {demo['token']}' "
                f"-H 'Content-Type: application/json' -d {shlex.quote(body)}"
            )
    url = f"{base_url}/v1/{demo['project_id']}/checkpoint_items?limit=5"
    return f"curl -sS {shlex.quote(url)} -H 'X-Auth-Token: {demo['token']}'"


def refusal(detail: str) -> bytes:
    """A whole HTTP/1.1 answer for a request refused before the app sees it.

    It is the service's error body (400 `CSBS.9001`) with an `X-Request-Id`, like every
    answer of the app, rather than uvicorn's `400 text/plain`; the connection is closed
    because the request's framing cannot be trusted.
    """
    request_id = uuid.uuid4().hex
    error = invalid_parameter(detail)
    payload = encode(error_body(error, request_id))
    head = (
        f"HTTP/1.1 {error.status} {http.HTTPStatus(error.status).phrase}\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(payload)}\r\n"
        f"x-request-id: {request_id}\r\n"
        "connection: close\r\n\r\n"
    )
    server_log.info("request %s refused by the HTTP layer: %s", request_id, detail)
    return head.encode("ascii") + payload


def gateway_protocol(head_timeout: float, head_limit: int = HEAD_LIMIT_BYTES) -> type[Any]:
    """uvicorn's httptools protocol with three changes, for requests the app never sees.

    * A request httptools cannot parse (bad request line, unknown method, bad header,
      bad framing) is answered in the service's error body (`refusal`), not in text/plain.
    * A request head larger than `head_limit` is refused the same way, as it arrives.
    * A connection whose request head has not fully arrived `head_timeout` seconds after
      it started is closed (slow-loris): uvicorn itself only times out idle keep-alives.
    """
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class GatewayProtocol(HttpToolsProtocol):
        # Per request this adds attribute writes and one loop.time(), nothing more: the
        # head's size is summed once it is complete, and one timer per connection re-arms
        # itself to each head's deadline, instead of per-header callbacks and a timer set
        # and cancelled per request (~30,000 instructions of each call, issue 19).
        _head_open = True  # a request head is awaited or arriving
        # The connection's first head is awaited, or a head is arriving, since this loop time.
        _head_due = True
        _head_started = 0.0
        _head_buffered = 0  # bytes of chunks that were all head (bounds an unfinished line)
        _head_done_in_chunk = False
        _refusal: str | None = None
        _head_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._head_started = self.loop.time()
            self._arm_head_timer(head_timeout)

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_head_timer()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            head_before = self._head_open
            self._head_done_in_chunk = False
            super().data_received(data)
            # httptools keeps an unfinished header line to itself and reports it only once
            # complete, so the parsed count cannot see a line that never ends. Count every
            # chunk that was all head (it began inside a head still open after it); a head
            # starting mid-chunk after a pipelined request is counted from the next chunk.
            if head_before and self._head_open and not self._head_done_in_chunk:
                self._head_buffered += len(data)
                if self._head_buffered > head_limit and not self.transport.is_closing():
                    self.send_400_response(self._too_large())

        def on_message_begin(self) -> None:
            super().on_message_begin()
            if not self._head_due:  # the first head counts from the connection's start
                self._head_due, self._head_started = True, self.loop.time()
            if self._head_timer is None:
                self._arm_head_timer(head_timeout)

        def on_headers_complete(self) -> None:
            # The URL and complete header lines ("name: value\r\n") of this head. Raised in
            # a parser callback, it surfaces as httptools' parse error, which uvicorn
            # answers through send_400_response.
            size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
            if size > head_limit:
                raise ValueError(self._too_large())
            self._head_open, self._head_buffered, self._head_done_in_chunk = False, 0, True
            self._head_due = False
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._head_open = True

        def send_400_response(self, msg: str) -> None:
            # uvicorn calls this with one fixed text for every parse error.
            detail = self._refusal or "the request is not valid HTTP/1.1"
            self._cancel_head_timer()
            self.transport.write(refusal(detail))
            self.transport.close()

        def _too_large(self) -> str:
            self._refusal = f"the request line and headers exceed {head_limit} bytes"
            return self._refusal

        def _arm_head_timer(self, delay: float) -> None:
            self._head_timer = self.loop.call_later(delay, self._head_timed_out)

        def _cancel_head_timer(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_timed_out(self) -> None:
            self._head_timer = None
            if not self._head_due or self.transport.is_closing():
                return  # between requests: the next head arms the timer again
            left = self._head_started + head_timeout - self.loop.time()
            if left > 0:  # a later head than the one the timer was set for
                self._arm_head_timer(left)
                return
            # Nothing to answer: no request arrived. Closing frees the connection.
            server_log.info("closed a connection whose request head took over %ss", head_timeout)
            self.transport.close()

    return GatewayProtocol


def count_connections(emulator: Emulator, server: Any) -> None:
    """Let the emulator's group commit read how many connections `server` (a uvicorn.Server)
    has open, from uvicorn's own set: a group waits for calls only while some open
    connection has none in it (`http.GroupCommit._flush_when_whole`)."""
    emulator.group_commit.open_connections = lambda: len(server.server_state.connections)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    config = EmulatorConfig(
        db_path=args.db,
        fixtures=args.fixtures,
        lifecycle=args.lifecycle,
        delay_seconds=args.delay,
        strict_responses=args.strict,
        seed=args.seed,
        durability=args.durability,
        access_log=not args.no_access_log,
    )
    try:
        emulator = Emulator(config)
    except FixtureError as exc:
        print(f"csbs-emulator: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:  # e.g. a database from a newer emulator, or locked for 30 s
        print(f"csbs-emulator: {args.db}: {exc}", file=sys.stderr)
        return 2

    class Announce(uvicorn.Server):
        """Prints the demo and the curl once the socket is bound (the port may be 0)."""

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            port = args.port
            for server in getattr(self, "servers", []):
                for sock in server.sockets:
                    port = sock.getsockname()[1]
            host = args.host if args.host not in ("0.0.0.0", "::") else "127.0.0.1"
            base = f"http://{host}:{port}"
            demo = emulator.control_plane.demo()
            lines = [
                f"csbs-emulator: serving on {base} (db {args.db}, lifecycle {args.lifecycle})",
                f"  docs:     {base}/docs",
                f"  spec:     {base}/openapi.yaml",
                f"  demo:     {base}/_emulator/demo",
                f"  token:    {demo['token']}   project: {demo['project_id']} ({demo['region']})",
                "  try:",
                f"    {ready_curl(emulator, base)}",
            ]
            print("\n".join(lines), flush=True)

    server = Announce(
        uvicorn.Config(
            emulator,
            host=args.host,
            port=args.port,
            log_level="warning" if args.quiet else "info",
            access_log=False,  # the emulator writes its own line, with the request id
            lifespan="on",
            server_header=False,
            # The API has no websockets: an Upgrade request is served as plain HTTP (the
            # app answers it in the service's error body) instead of reaching the app as a
            # websocket scope it does not accept, which uvicorn answered with a bare 500.
            ws="none",
            http=gateway_protocol(args.head_timeout),
        )
    )
    count_connections(emulator, server)
    # Everything built so far (specs, validators, fixtures) lives as long as the process:
    # frozen, it is left out of the collector's full passes, which otherwise stalled the
    # event loop ~20 ms every second or two under load (bench/README.md).
    gc.freeze()
    server.run()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    if args.command == "demo":
        emulator = Emulator(EmulatorConfig(fixtures=args.fixtures, access_log=False))
        print(json.dumps(emulator.control_plane.demo(), indent=2))
        return 0
    return 2
