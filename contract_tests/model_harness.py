"""The harness of the model-based suites: their world, how they reach a target, how they check.

Owns: `WORLD`, the suite's own small dataset in the control plane's `Fixtures` format (loaded
with `PUT /_emulator/fixtures`, so nothing depends on the demo dataset), and its named ids and
credentials; `Endpoint`, one generated client per credential and `Host` plus the control
plane, in-process (`InProcessTransport`) or over HTTP through the target's guarded client;
and the checks every answer goes through (`checked`, `assert_matches`). Shared by
`test_model_stateful.py`, `test_client_parsing.py` and `test_mutants.py`.
Must not import: the emulator's internals or the test modules; the model (`model.py`) does
not import this module either.

`checked` asserts, for one answer: the status and `error_code` expected; `Content-Type:
application/json` and a 32-hex `X-Request-Id` (the spec's `XRequestId` header); the body
against the spec's schema for that operation and status; an error's `error_code` among those
the operation documents for that status (`x-csbs-error-codes`); the generated client's typed
parse (the operation's model for 200, `ServiceError` for errors, `request_id` on gateway
errors) and its `to_dict()` round trip.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import unquote

import httpx
import yaml
from openapi_schema_validator import OAS30Validator

from contract_tests.model import Expect
from contract_tests.target import Target
from csbs_client import AuthenticatedClient, Client
from csbs_client.models import ServiceError
from csbs_client.types import Response

SPEC_PATH: Final = Path(__file__).resolve().parents[1] / "openapi" / "csbs-v1.yaml"
IN_PROCESS_URL: Final = "http://testserver"
REQUEST_ID: Final = re.compile(r"^[0-9a-f]{32}$")

# -- the suite's world ---------------------------------------------------------------------


def _id(name: str) -> str:
    """A stable UUID per fixture name, so failures are reproducible and readable."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"csbs-model/{name}"))


def _project(name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"csbs-model-project/{name}").hex


HOME = _project("home")  # cn-north-1, the caller's main project
EAST = _project("east")  # cn-east-2
EAST_B = _project("east-b")  # cn-east-2, a second project of the caller there
EAST_X = _project("east-x")  # cn-east-2, not the caller's (another tenant's)
SOUTH = _project("south")  # cn-south-1
ASIA = _project("asia")  # ap-southeast-1
EUROPE = _project("europe")  # eu-west-0: a known region nobody replicates to or from
OTHER = _project("other")  # cn-north-1, another tenant's

MAIN_TOKEN = "model-main-token-rw"
RO_TOKEN = "model-readonly-token"
OTHER_TOKEN = "model-other-tenant-token"
BOGUS_TOKEN = "model-token-nobody-issued"
UNKNOWN_ID = _id("never-created")
UNKNOWN_REGION = "xx-nowhere-9"
UNKNOWN_PROJECT = _project("nobody")

_MAIN_PROJECTS = [HOME, EAST, EAST_B, SOUTH, ASIA, EUROPE]


def _backup(
    name: str, project: str, day: int, status: str = "available", **extra: Any
) -> dict[str, Any]:
    return {
        "id": _id(name),
        "project_id": project,
        "name": name,
        "description": f"model backup {name}",
        "checkpoint_id": _id(f"{name}/checkpoint"),
        "resource_id": _id(f"{name}/resource"),
        "resource_type": extra.pop("resource_type", "OS::Nova::Server"),
        "status": status,
        "size": 1024 + day,
        # 2021: older than anything the target creates while the suite runs.
        "created_at": f"2021-03-{day:02d}T10:00:00.{day:06d}",
        **extra,
    }


WORLD: Final[dict[str, Any]] = {
    "regions": [
        {
            "name": "cn-north-1",
            "replication_destinations": ["cn-east-2", "cn-south-1", "ap-southeast-1"],
        },
        {"name": "cn-east-2", "replication_destinations": ["cn-north-1"]},
        {"name": "cn-south-1", "replication_destinations": ["cn-north-1", "cn-east-2"]},
        {"name": "ap-southeast-1", "replication_destinations": []},
        {"name": "eu-west-0", "replication_destinations": []},
    ],
    "projects": [
        {"id": HOME, "region": "cn-north-1", "name": "home"},
        {"id": EAST, "region": "cn-east-2", "name": "east"},
        {"id": EAST_B, "region": "cn-east-2", "name": "east-b"},
        {"id": EAST_X, "region": "cn-east-2", "name": "east-x"},
        {"id": SOUTH, "region": "cn-south-1", "name": "south"},
        {"id": ASIA, "region": "ap-southeast-1", "name": "asia"},
        {"id": EUROPE, "region": "eu-west-0", "name": "europe"},
        {"id": OTHER, "region": "cn-north-1", "name": "other"},
    ],
    "tokens": [
        {"token": MAIN_TOKEN, "projects": _MAIN_PROJECTS, "permission": "rw", "user": "main"},
        {"token": RO_TOKEN, "projects": _MAIN_PROJECTS, "permission": "ro", "user": "auditor"},
        {"token": OTHER_TOKEN, "projects": [OTHER, EAST_X], "permission": "rw", "user": "other"},
    ],
    "access_keys": [
        {"ak": "MODELSUITEAK00000001", "sk": "model-suite-secret-0001", "projects": [HOME]},
    ],
    "backups": [
        _backup("home-a", HOME, 1),
        _backup("home-b", HOME, 2),
        _backup("home-c", HOME, 3),
        _backup("home-volume", HOME, 4, resource_type="OS::Cinder::Volume"),
        _backup("home-protecting", HOME, 5, status="protecting"),
        _backup("home-error", HOME, 6, status="error"),
        _backup("home-deleted", HOME, 7, status="deleted"),
        _backup("east-a", EAST, 8),
        _backup("south-a", SOUTH, 9),
        _backup("other-a", OTHER, 10),
        _backup("other-b", OTHER, 11),
    ],
    # Keeps GET /_emulator/demo answering while the world is loaded.
    "demo": {
        "token": MAIN_TOKEN,
        "project_id": HOME,
        "region": "cn-north-1",
        "destination_region": "cn-east-2",
        "destination_project_id": EAST,
        "ak": "MODELSUITEAK00000001",
        "sk": "model-suite-secret-0001",
    },
}

TOKENS: Final[dict[str, str | None]] = {
    "main": MAIN_TOKEN,
    "ro": RO_TOKEN,
    "other": OTHER_TOKEN,
    "bogus": BOGUS_TOKEN,
    "none": None,
}
FAIL_CODE: Final = {"Code": "BackupService.6001", "Description": "model-injected copy failure"}

# -- the spec's response schemas -------------------------------------------------------------


class SpecSchemas:
    """Validators of each operation's response bodies, from the spec (local $refs inlined)."""

    def __init__(self, path: Path = SPEC_PATH) -> None:
        self.doc: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
        self._validators: dict[tuple[str, int], OAS30Validator] = {}

    def _resolve(self, node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                target: Any = self.doc
                for part in node["$ref"].removeprefix("#/").split("/"):
                    target = target[part]
                return self._resolve(target)
            return {key: self._resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self._resolve(item) for item in node]
        return node

    def operation(self, operation_id: str) -> dict[str, Any]:
        return next(
            op
            for item in self.doc["paths"].values()
            for op in item.values()
            if isinstance(op, dict) and op.get("operationId") == operation_id
        )

    def error_codes(self, operation_id: str, status: int) -> list[str]:
        """The `error_code`s the operation documents for `status` (`x-csbs-error-codes`)."""
        codes = self.operation(operation_id).get("x-csbs-error-codes", {})
        return [str(code) for code in codes.get(str(status), [])]

    def validator(self, operation_id: str, status: int) -> OAS30Validator:
        key = (operation_id, status)
        if key not in self._validators:
            responses = self.operation(operation_id)["responses"]
            assert str(status) in responses, f"{operation_id} does not declare {status}"
            response = self._resolve(responses[str(status)])
            schema = response["content"]["application/json"]["schema"]
            self._validators[key] = OAS30Validator(
                schema, format_checker=OAS30Validator.FORMAT_CHECKER
            )
        return self._validators[key]

    def errors(self, operation_id: str, status: int, body: Any) -> list[str]:
        found = self.validator(operation_id, status).iter_errors(body)
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


@cache
def spec_schemas() -> SpecSchemas:
    return SpecSchemas()


# -- reaching the target ---------------------------------------------------------------------


class InProcessTransport(httpx.BaseTransport):
    """Calls an ASGI app in this thread, on one event loop kept for the transport's life.

    starlette's TestClient starts a thread portal per request (about 9 ms each on two busy
    cores); the suite sends thousands, so it talks to the app directly instead.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raw_path, _, query = request.url.raw_path.partition(b"?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": request.url.scheme,
            "path": unquote(raw_path.decode("ascii")),
            "raw_path": raw_path,
            "query_string": query,
            "root_path": "",
            "headers": [(k.lower(), v) for k, v in request.headers.raw],
            "client": ("127.0.0.1", 50000),
            "server": (request.url.host, request.url.port or 80),
        }
        incoming = [{"type": "http.request", "body": request.read(), "more_body": False}]
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            return incoming.pop(0) if incoming else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        self.loop.run_until_complete(self.app(scope, receive, send))
        assert started, f"the app sent no response to {request.method} {request.url}"
        return httpx.Response(
            started["status"],
            headers=[(k, v) for k, v in started.get("headers", [])],
            content=b"".join(chunks),
            request=request,
        )

    def close(self) -> None:
        """Shared by every client of an endpoint: closing one client must not end the loop."""

    def shutdown(self) -> None:
        self.loop.close()


ApiClient = AuthenticatedClient | Client


@dataclass
class Endpoint:
    """How the suite reaches one target: public API clients and the control plane."""

    url: str
    make_http: Callable[[dict[str, str]], httpx.Client]
    control: httpx.Client | None  # None: not an emulator
    may_replicate: bool
    transport: InProcessTransport | None = None
    # The target's own credentials (its token or AK/SK signer), for a target the suite
    # cannot load a world into.
    own: ApiClient | None = None
    _clients: dict[tuple[str | None, str | None], ApiClient] = field(default_factory=dict)

    @classmethod
    def in_process(cls, app: Any) -> Endpoint:
        """An in-process ASGI app (an emulator, or a mutant of one)."""
        transport = InProcessTransport(app)

        def make(headers: dict[str, str]) -> httpx.Client:
            return httpx.Client(transport=transport, base_url=IN_PROCESS_URL, headers=headers)

        return cls(IN_PROCESS_URL, make, make({}), may_replicate=True, transport=transport)

    @classmethod
    def for_target(cls, target: Target) -> Endpoint:
        """A `--base-url` target, through its guarded, rate-capped client."""

        def make(headers: dict[str, str]) -> httpx.Client:
            client = target.client(headers=headers)
            # The suite's own credentials only (a token header per client), never a signer.
            client.auth = None  # type: ignore[assignment]
            if "X-Auth-Token" not in headers:
                client.headers.pop("X-Auth-Token", None)
            return client

        control = target.client() if target.is_emulator else None
        own = Client(base_url=target.url).set_httpx_client(target.client())
        return cls(target.url, make, control, may_replicate=target.may_replicate, own=own)

    def api(self, token: str | None, host: str | None = None) -> ApiClient:
        """A generated client sending `token` (None: no credentials) and `Host` (None: default)."""
        key = (token, host)
        if key not in self._clients:
            headers = {"X-Auth-Token": token} if token is not None else {}
            if host is not None:
                headers["Host"] = host
            http = self.make_http(headers)
            client: ApiClient
            if token is None:
                client = Client(base_url=self.url)
            else:
                client = AuthenticatedClient(
                    base_url=self.url, token=token, auth_header_name="X-Auth-Token", prefix=""
                )
            self._clients[key] = client.set_httpx_client(http)
        return self._clients[key]

    def close(self) -> None:
        for client in [*self._clients.values(), *([self.own] if self.own else [])]:
            client.get_httpx_client().close()
        if self.control is not None:
            self.control.close()
        if self.transport is not None:
            self.transport.shutdown()

    def control_call(self, method: str, path: str, body: Any = None) -> httpx.Response:
        assert self.control is not None, "the control plane exists only on an emulator"
        return self.control.request(method, path, json=body)

    def load_world(self, world: dict[str, Any]) -> str:
        """Load the suite's world, clear faults; answer the target's lifecycle."""
        for method, path, body in (
            ("PUT", "/_emulator/fixtures", world),
            ("PUT", "/_emulator/faults", {}),
        ):
            response = self.control_call(method, path, body)
            assert response.status_code == 200, f"{method} {path}: {response.text}"
        health = self.control_call("GET", "/_emulator/health").json()
        return str(health["lifecycle"])


def host_of(region: str) -> str:
    return f"csbs.{region}.myhuaweicloud.com"


# -- checking one answer --------------------------------------------------------------------

T = TypeVar("T")


def call(what: str, send: Callable[[], Response[T]]) -> Response[T]:
    """Send through the generated client; a body it cannot parse is a finding, not a crash."""
    try:
        return send()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise AssertionError(
            f"{what}: the generated client cannot parse the answer: {exc!r}"
        ) from exc


def checked(
    response: Response[Any], expect: Expect, operation_id: str, ok_type: type, what: str
) -> dict[str, Any]:
    """Check one answer against `expect`, the spec and the generated client; its JSON body."""
    status = int(response.status_code)
    ctype = response.headers.get("content-type", "")
    assert ctype.split(";")[0].strip().lower() == "application/json", (
        f"{what}: Content-Type {ctype!r}, the spec says application/json"
    )
    request_id = response.headers.get("x-request-id")
    assert request_id is not None, f"{what}: no X-Request-Id header"
    assert REQUEST_ID.match(request_id), f"{what}: X-Request-Id {request_id!r} is not 32 hex digits"
    body = json.loads(response.content)
    assert status == expect.status, f"{what}: expected {expect}, got {status} {body}"
    problems = spec_schemas().errors(operation_id, status, body)
    assert not problems, f"{what}: {status} body breaks the spec: {problems}"
    parsed: Any = response.parsed
    if expect.ok:
        assert isinstance(parsed, ok_type), f"{what}: parsed as {type(parsed).__name__}"
    else:
        assert isinstance(parsed, ServiceError), f"{what}: parsed as {type(parsed).__name__}"
        assert parsed.error_code == expect.error_code, (
            f"{what}: expected {expect}, got {status} {parsed.error_code}: {parsed.error_msg}"
        )
        assert parsed.error_msg, f"{what}: empty error_msg"
        documented = spec_schemas().error_codes(operation_id, status)
        assert parsed.error_code in documented, (
            f"{what}: {status} {parsed.error_code} is not in the spec's x-csbs-error-codes "
            f"{documented} for {operation_id}"
        )
        if expect.error_code and expect.error_code.startswith("APIGW."):
            assert body.get("request_id") == request_id, (
                f"{what}: gateway error without this request's request_id: {body}"
            )
    assert parsed.to_dict() == body, f"{what}: to_dict() does not round-trip the body"
    return body  # type: ignore[no-any-return]


# Members compared whole, not as a subset: `{}` must stay empty.
_EXACT_KEYS: Final = frozenset({"fail_code"})


def mismatches(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where `actual` differs from what the model knows (`expected` is a subset)."""
    if isinstance(expected, dict) and path.rsplit(".", 1)[-1] not in _EXACT_KEYS:
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        out: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{path}.{key}: missing")
            else:
                out.extend(mismatches(value, actual[key], f"{path}.{key}"))
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} items, got {actual!r}"]
        return [
            m
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for m in mismatches(e, a, f"{path}[{i}]")
        ]
    if expected != actual or type(expected) is not type(actual):
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


def assert_matches(expected: Any, actual: Any, what: str) -> None:
    found = mismatches(expected, actual)
    assert not found, f"{what}: differs from the model: {found}"


def restore_demo(endpoint: Endpoint) -> None:
    """Put the packaged demo dataset back on a shared emulator the suite loaded its world into."""
    demo = json.loads(
        resources.files("csbs_emulator").joinpath("data", "demo-fixtures.json").read_text("utf-8")
    )
    response = endpoint.control_call("PUT", "/_emulator/fixtures", demo)
    assert response.status_code == 200, response.text
