"""The `csbs-emulator` command line.

Owns: argument parsing, logging set-up, and running the app under uvicorn with graceful
shutdown. `serve` prints the demo dataset and a ready-to-paste curl that succeeds.
Must not import: the store directly (it asks the app).
"""

from __future__ import annotations

import argparse
import json
import logging
import shlex
import socket
import sys
from pathlib import Path

from .app import Emulator, FixtureError
from .config import EmulatorConfig
from .model import PROVIDER_ID


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csbs-emulator",
        description="A local, stateful emulator of Huawei Cloud CSBS v1 backup replication.",
    )
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
        help="normal: survives a killed process; full: also a power cut (fsync per write)",
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
        records = emulator.store.records_for_backup(item)
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
        )
    )
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
