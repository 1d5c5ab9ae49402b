"""One HTTP call straight into an ASGI app, without a server, for tests that need to see the
moment the status line leaves (what was committed by then) or the bare message sequence (a
dropped answer has no body message)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, MutableMapping
from typing import Any

Message = MutableMapping[str, Any]


async def asgi_exchange(
    app: Any,
    method: str,
    path: str,
    body: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
    *,
    at_start: Callable[[Message], None] | None = None,
) -> list[dict[str, Any]]:
    """Every message the app sends for one request; `at_start` runs as the status line goes."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *(headers or []),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 80),
    }
    sent: list[dict[str, Any]] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)  # the client stays; the app never needs to hear from it again
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start" and at_start is not None:
            at_start(message)
        sent.append(dict(message))

    await app(scope, receive, send)
    return sent


def committed_records(db_path: str, item_id: str) -> int:
    """CSBS replication records of `item_id` that another connection to the database file sees:
    committed ones only."""
    import sqlite3  # only the group-commit tests need it

    with sqlite3.connect(db_path) as other:
        row = other.execute(
            "SELECT COUNT(*) FROM replication_records WHERE source_item_id = ?", (item_id,)
        ).fetchone()
    return int(row[0])


async def replicate_demo(
    app: Any, item_id: str, *, at_start: Callable[[Message], None] | None = None
) -> tuple[int, dict[str, Any]]:
    """replicateBackup of `item_id` to the demo destination, as the demo token; status and body."""
    import json

    from csbs_emulator.csbs.model import PROVIDER_ID

    demo = app.control_plane.demo()
    replication = {
        "destination_region": demo["destination_region"],
        "destination_project_id": demo["destination_project_id"],
    }
    body = json.dumps({"replication": replication}).encode()
    path = f"/v1/{demo['project_id']}/providers/{PROVIDER_ID}/checkpoint_items/{item_id}/replicate"
    headers = [(b"x-auth-token", demo["token"].encode())]
    sent = await asgi_exchange(app, "POST", path, body, headers, at_start=at_start)
    return sent[0]["status"], json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
