"""The ceiling of the bench: bare Starlette on uvicorn answering fixed bodies, no work at all.

Owns: an app with the same three routes the bench calls (replicateBackup, showBackup,
listBackups), each answering the exact bytes the emulator answered for that call (captured by
bench/run.py before the runs), with no validation, no auth and no state. The request body of a
POST is still read. Whatever the emulator does beyond this is the price of its rules.
With `--sqlite FILE`, replicateBackup also inserts one row and commits it (SQLite, WAL,
synchronous=OFF, checkpoints every 1,000 pages: as the emulator's store with its default
durability) before answering: the floor of a write that survives the process dying.
Must not import: the emulator (the ceiling must not share its code paths).

Run: python -m bench.ceiling --port N --bodies FILE [--sqlite DB]
(FILE: {"replicate": "<the emulator's response text>", "show": "...", "list": "..."})
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import uuid
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# The emulator's default durability (csbs_emulator/store.py): a commit survives the process
# dying, nothing is fsynced; checkpoints every 1,000 pages, in the commit. Written here, not
# imported: the ceiling shares no code with the emulator (bench/run.py records both).
SYNCHRONOUS = "OFF"
CHECKPOINT_PAGES = 1000


def _database(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    db.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
    db.execute("CREATE TABLE IF NOT EXISTS writes (id TEXT PRIMARY KEY, body BLOB NOT NULL)")
    return db


def build_app(bodies: dict[str, bytes], sqlite: Path | None = None) -> Starlette:
    replicate_body = bodies["replicate"]
    show_body = bodies["show"]
    list_body = bodies["list"]
    db = _database(sqlite) if sqlite is not None else None

    async def replicate(request: Request) -> Response:
        body = await request.body()
        if db is not None:  # one insert, committed before the answer (autocommit mode)
            db.execute("INSERT INTO writes (id, body) VALUES (?, ?)", (str(uuid.uuid4()), body))
        return Response(replicate_body, media_type="application/json")

    async def show(request: Request) -> Response:
        return Response(show_body, media_type="application/json")

    async def list_backups(request: Request) -> Response:
        return Response(list_body, media_type="application/json")

    return Starlette(
        routes=[
            Route(
                "/v1/{project_id}/providers/{provider_id}/checkpoint_items/{item_id}/replicate",
                replicate,
                methods=["POST"],
            ),
            Route("/v1/{project_id}/checkpoint_items/{item_id}", show, methods=["GET"]),
            Route("/v1/{project_id}/checkpoint_items", list_backups, methods=["GET"]),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ceiling")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--bodies", type=Path, required=True, help="JSON of the three bodies")
    parser.add_argument("--sqlite", type=Path, help="insert a row per replicate into this db")
    args = parser.parse_args(argv)
    raw = json.loads(args.bodies.read_text("utf-8"))
    bodies = {name: str(text).encode("utf-8") for name, text in raw.items()}
    uvicorn.run(
        build_app(bodies, args.sqlite),
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        server_header=False,
    )


if __name__ == "__main__":
    main()
