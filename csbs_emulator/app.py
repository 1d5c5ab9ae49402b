"""Builds the emulator's ASGI application from the specs; mounts the docs; nothing else.

Owns: wiring — the store, the service, the public API (`openapi/csbs-v1.yaml`), the control
plane (`openapi/emulator-control.yaml`, under `/_emulator/`), the raw specs and the docs.
Must not import: anything the wiring does not need; no rules live here.
"""

from __future__ import annotations

import json
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

import fastjsonschema

from . import operations
from .auth import Authenticator
from .config import EmulatorConfig
from .control import ControlPlane
from .docs import DocsApp
from .faults import FaultInjector
from .http import GroupCommit, Receive, Scope, Security, Send, SpecApp
from .model import Fixtures, fixtures_from_json
from .service import Clock, ReplicationService
from .spec import as_json, compile_routes, compile_schema, load_document, resolve_refs
from .store import Store


class FixtureError(ValueError):
    """A fixtures file that the control plane's `Fixtures` schema refuses."""


def read_fixtures(path: Path | None, control_spec: dict[str, Any]) -> Fixtures:
    """Load fixtures from `path` (or the packaged demo), validated by the control spec."""
    if path is None:
        text = resources.files("csbs_emulator").joinpath("data", "demo-fixtures.json").read_text()
    else:
        text = Path(path).read_text("utf-8")
    data = json.loads(text)
    schema = resolve_refs(control_spec)["components"]["schemas"]["Fixtures"]
    try:
        compile_schema(schema)(data)
        return fixtures_from_json(data)
    except fastjsonschema.JsonSchemaException as exc:
        raise FixtureError(f"fixtures {path or 'demo'}: {exc}") from None
    except KeyError as exc:
        raise FixtureError(f"fixtures {path or 'demo'}: unknown reference {exc}") from None


class Emulator:
    """The whole emulator as one ASGI application."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.public_spec = load_document("csbs-v1.yaml")
        self.control_spec = load_document("emulator-control.yaml")
        fixtures = read_fixtures(config.fixtures, self.control_spec)
        self.store = Store(config.db_path, durability=config.durability)
        self.clock = Clock(config.clock)
        if self.store.is_empty():
            self.store.replace_all(fixtures)
        self.service = ReplicationService(self.store, config, self.clock)
        # A restart resumes the lifecycle: anything that came due while down completes now.
        self.service.tick()
        self.faults = FaultInjector(config.seed)
        service = self.service
        group_commit = GroupCommit(self.store)
        self.public = SpecApp(
            compile_routes(self.public_spec),
            operations.handlers(service),
            max_body_bytes=config.max_body_bytes,
            security=Security(
                authenticator=lambda: Authenticator(
                    service.tokens, service.access_keys, config.max_signature_skew
                ),
                project_region=service.region_of,
                known_region=lambda name: name in service.regions,
                now=self.clock.now,
            ),
            faults=self.faults,
            validate_responses=config.strict_responses,
            log_access=config.access_log,
            group_commit=group_commit,
        )
        self.control_plane = ControlPlane(service, self.faults, fixtures)
        self.control = SpecApp(
            compile_routes(self.control_spec),
            self.control_plane.handlers(),
            max_body_bytes=max(config.max_body_bytes, 64 * 1024 * 1024),
            validate_responses=config.strict_responses,
            log_access=config.access_log,
            group_commit=group_commit,
        )
        self.documents: dict[str, tuple[bytes, bytes]] = {
            "/openapi.json": (b"application/json", as_json(self.public_spec)),
            "/openapi.yaml": (b"application/yaml", _packaged("csbs-v1.yaml")),
            "/_emulator/openapi.json": (b"application/json", as_json(self.control_spec)),
            "/_emulator/openapi.yaml": (b"application/yaml", _packaged("emulator-control.yaml")),
        }
        self.docs = DocsApp(
            self.public_spec, self.control_spec, self.control_plane.demo, fallback=self.public
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await self._lifespan(receive, send)
            return
        if kind != "http":  # websockets: not part of this API
            return
        path: str = scope["path"]
        if path in self.documents and scope["method"] in ("GET", "HEAD"):
            media, payload = self.documents[path]
            await _send_bytes(send, 200, media, payload)
        elif DocsApp.handles(path):
            await self.docs(scope, receive, send)
        elif path.startswith("/_emulator/"):
            await self.control(scope, receive, send)
        else:
            await self.public(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def close(self) -> None:
        self.store.close()


def _packaged(name: str) -> bytes:
    return resources.files("csbs_emulator").joinpath("data", name).read_bytes()


async def _send_bytes(send: Send, status: int, media: bytes, payload: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", media),
                (b"content-length", str(len(payload)).encode()),
                (b"x-request-id", uuid.uuid4().hex.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def create_app(config: EmulatorConfig | None = None) -> Emulator:
    """The emulator as an ASGI app; `EmulatorConfig()` gives an in-memory demo emulator."""
    return Emulator(config or EmulatorConfig())
