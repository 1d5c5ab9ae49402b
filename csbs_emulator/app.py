"""Builds the emulator's ASGI application from the specs; mounts the docs; nothing else.

Owns: wiring — the store engine, the directory, one room per API (CSBS v1 under `/v1/`,
`openapi/csbs-v1.yaml`), each served by its own spec app, the control plane
(`openapi/emulator-control.yaml`, under `/_emulator/`), the raw specs and the docs.
Must not import: anything the wiring does not need; no rules live here.
"""

from __future__ import annotations

import json
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

import fastjsonschema

from .auth import Authenticator
from .cbr import SCHEMA as CBR_SCHEMA
from .cbr import CbrRoom
from .clock import Clock
from .config import EmulatorConfig
from .control import ControlPlane
from .csbs import SCHEMA as CSBS_SCHEMA
from .csbs import CsbsRoom
from .directory import Directory
from .docs import DocsApp
from .faults import CopyOutcomes, FaultInjector
from .http import GroupCommit, Receive, Scope, Security, Send, SpecApp
from .model import Fixtures, fixtures_from_json
from .rooms import Room
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
        self.control_spec = load_document("emulator-control.yaml")
        fixtures = read_fixtures(config.fixtures, self.control_spec)
        # CSBS's schema first: its history is the file's `user_version`, as before CBR.
        self.store = Store(config.db_path, (CSBS_SCHEMA, CBR_SCHEMA), durability=config.durability)
        self.clock = Clock(config.clock)
        self.directory = Directory(self.store)
        self.faults = FaultInjector(config.seed)
        self.outcomes = CopyOutcomes(config.seed)
        self.csbs = CsbsRoom(self.store, self.directory, config, self.clock, self.outcomes)
        self.cbr = CbrRoom(self.store, self.directory, config, self.clock, self.outcomes)
        self.rooms: tuple[Room, ...] = (self.csbs, self.cbr)
        group_commit = self.group_commit = GroupCommit(self.store)
        self.control_plane = ControlPlane(
            store=self.store,
            directory=self.directory,
            rooms=self.rooms,
            faults=self.faults,
            outcomes=self.outcomes,
            clock=self.clock,
            config=config,
            fixtures=fixtures,
            catalogue=self.csbs.catalogue,
        )
        if self.store.is_empty():
            self.control_plane.load(fixtures)
        # A restart resumes the lifecycle: anything that came due while down completes now.
        self.control_plane.tick()
        directory = self.directory
        security = Security(
            authenticator=lambda: Authenticator(
                directory.tokens, directory.access_keys, config.max_signature_skew
            ),
            project_region=directory.region_of,
            known_region=lambda name: name in directory.regions,
            now=self.clock.now,
        )
        self.specs = {room.name: load_document(room.spec_file) for room in self.rooms}
        self.public: dict[str, SpecApp] = {
            room.path_prefix: SpecApp(
                compile_routes(self.specs[room.name]),
                room.handlers(),
                catalogue=room.catalogue,
                max_body_bytes=config.max_body_bytes,
                security=security,
                faults=self.faults,
                fault_prefix=room.fault_prefix,
                host_label=room.name,
                validate_responses=config.strict_responses,
                log_access=config.access_log,
                group_commit=group_commit,
            )
            for room in self.rooms
        }
        # A path no room owns is answered by the first room's app: the gateway's 404.
        self.fallback = self.public[self.rooms[0].path_prefix]
        self.control = SpecApp(
            compile_routes(self.control_spec),
            self.control_plane.handlers(),
            catalogue=self.csbs.catalogue,
            max_body_bytes=max(config.max_body_bytes, 64 * 1024 * 1024),
            validate_responses=config.strict_responses,
            log_access=config.access_log,
            group_commit=group_commit,
        )
        self.documents: dict[str, tuple[bytes, bytes]] = {
            "/openapi.json": (b"application/json", as_json(self.specs["csbs"])),
            "/openapi.yaml": (b"application/yaml", _packaged("csbs-v1.yaml")),
            "/cbr/openapi.json": (b"application/json", as_json(self.specs["cbr"])),
            "/cbr/openapi.yaml": (b"application/yaml", _packaged("cbr-v3.yaml")),
            "/_emulator/openapi.json": (b"application/json", as_json(self.control_spec)),
            "/_emulator/openapi.yaml": (b"application/yaml", _packaged("emulator-control.yaml")),
        }
        self.docs = DocsApp(
            self.specs["csbs"],
            self.control_spec,
            self.control_plane.demo,
            fallback=self.fallback,
            cbr_spec=self.specs["cbr"],
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
            await self._public_app(path)(scope, receive, send)

    def _public_app(self, path: str) -> SpecApp:
        for prefix, app in self.public.items():
            if path.startswith(prefix):
                return app
        return self.fallback

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
