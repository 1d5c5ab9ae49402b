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

Two readings of the spec (its info.description): the tolerant one, as written, which a real
service is held to; and the strict one (`strict_reading`: every `x-csbs-emulator-sends` list
required, every `x-csbs-emulator-schema` in place of its open schema), which an emulator is
held to. An `Endpoint` knows which its target gets; `checked` uses the reading of the target
of the last endpoint made unless told (one process tests one kind of target).
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar
from urllib.parse import unquote

import httpx

import cbr_client
import cbr_client.models
import cbr_client.types
from contract_tests.apis import CSBS, Api, SpecSchemas, spec_schemas, strict_reading
from contract_tests.coverage import RECORDER, code_row
from contract_tests.model import Expect, OneOf
from csbs_client import AuthenticatedClient, Client
from csbs_client.models import ServiceError
from csbs_client.types import Response

if TYPE_CHECKING:
    # Only a type here: `contract_tests.checks` imports this module, and the schemathesis
    # CLI loads that against any target, so nothing here may pull the emulator in (target
    # does, to build in-process apps).
    from contract_tests.target import Target

SPEC_PATH: Final = CSBS.spec_path
# Re-exported for the suites that read the CSBS spec through this module.
__all__ = ["SpecSchemas", "spec_schemas", "strict_reading"]
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
# An administrator's (read-only) token over every project of the world: it may list and
# count with `all_tenants` (every project of the path project's region).
ADMIN_TOKEN = "model-admin-token-ro"
BOGUS_TOKEN = "model-token-nobody-issued"
UNKNOWN_ID = _id("never-created")
UNKNOWN_REGION = "xx-nowhere-9"
UNKNOWN_PROJECT = _project("nobody")

_MAIN_PROJECTS = [HOME, EAST, EAST_B, SOUTH, ASIA, EUROPE]
_ALL_PROJECTS = [*_MAIN_PROJECTS, EAST_X, OTHER]

# Backup policies (a backup made by one has `extend_info.auto_trigger` true).
POLICY_DAILY = _id("policy/daily")
POLICY_WEEKLY = _id("policy/weekly")
POLICY_OTHER = _id("policy/other-tenant")


@dataclass(frozen=True)
class _Resource:
    """A backed-up server or disk: its backups share its id, name, zone and addresses."""

    key: str
    name: str
    az: str
    private_ip: str = ""
    eip: str = ""
    type: str = "OS::Nova::Server"

    def members(self) -> dict[str, Any]:
        members: dict[str, Any] = {
            "resource_id": _id(f"resource/{self.key}"),
            "resource_type": self.type,
            "resource_name": self.name,
            "resource_az": self.az,
        }
        if self.type == "OS::Nova::Server":  # a disk's backup has no server metadata
            members["backup_data"] = {
                "__openstack_region_name": self.az,
                "cloudservicetype": "QEMU",
                "disk": 40,
                "imagetype": "gold",
                "ram": 4096,
                "vcpus": 2,
                "eip": self.eip,
                "private_ip": self.private_ip,
            }
        return members


# Names share substrings and differ in case ("web", "ECS"); "Über" folds only its ASCII part;
# another tenant's server has the same name and private address as one of HOME's.
_WEB1 = _Resource("web1", "ecs-web-01", "cn-north-1a", "192.168.0.10", "80.158.17.102")
_WEB2 = _Resource("web2", "ECS-Web-02", "cn-north-1b", "192.168.0.11")
_DB = _Resource("db", "ecs-db_01", "cn-north-1a", "192.168.0.20")
_VOL = _Resource("vol", "vol-data", "cn-north-1b", type="OS::Cinder::Volume")
_UBER = _Resource("uber", "Über-server", "cn-north-1c", "192.168.0.30", "80.158.17.103")
_OTHER_WEB = _Resource("other-web", "ecs-web-01", "cn-north-1a", "192.168.0.10", "80.158.9.9")
_EAST_APP = _Resource("east-app", "ecs-app", "cn-east-2a", "10.0.0.5")
_EAST_B_APP = _Resource("east-b-app", "Ecs-App-B", "cn-east-2b", "10.0.1.5", "80.158.40.1")
_EAST_X_APP = _Resource("east-x-app", "ecs-app", "cn-east-2a", "10.0.0.5")
_SOUTH_APP = _Resource("south-app", "ecs-south", "cn-south-1a", "172.16.0.2")

# Two disks of _WEB1 in full, so that a replica of its backups shows what it copied.
_WEB1_DISKS: Final = [
    {
        "id": _id(f"web1/disk-{n}/backup"),
        "name": f"manualbk_web1_{n}",
        "status": "available",
        "bootable": n == 0,
        "incremental": False,
        "average_speed": 16 + n,
        "size": 4096 * (n + 1),
        "source_volume_id": _id(f"web1/disk-{n}"),
        "source_volume_name": f"ecs-web-01-disk-{n}",
        "source_volume_size": 40 * (n + 1),
        "space_saving_ratio": n,
        "snapshot_id": _id(f"web1/disk-{n}/snapshot"),
    }
    for n in range(2)
]


def _backup(
    key: str,
    project: str,
    resource: _Resource,
    created_at: str,
    status: str = "available",
    *,
    name: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A fixture backup; `key` names its ids (and is its name unless `name` is given)."""
    return {
        "id": _id(key),
        "project_id": project,
        "name": key if name is None else name,
        "description": f"model backup {key}",
        "checkpoint_id": _id(f"{key}/checkpoint"),
        **resource.members(),
        "status": status,
        "size": 1024 + len(key),
        # 2021: older than anything the target creates while the suite runs.
        "created_at": created_at,
        **extra,
    }


# Every listBackups filter and sort key has several matches and several misses here, and
# every sort key has ties, so the `id` tie-break decides some orders: created_at (home-b and
# Home-Nightly_DB; home-protecting and home-error), updated_at (three at 03-20), name (two
# weekly-db), protected_at (both weekly-db), status (most are available). Times are written
# with no fraction, a short one and a full one: the service pads them to six digits.
_T = "2021-03-{:02d}T10:00:00"
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
        {
            "token": ADMIN_TOKEN,
            "projects": _ALL_PROJECTS,
            "permission": "ro",
            "admin": True,
            "user": "admin",
        },
    ],
    "access_keys": [
        {"ak": "MODELSUITEAK00000001", "sk": "model-suite-secret-0001", "projects": [HOME]},
    ],
    "backups": [
        _backup(
            "home-a",
            HOME,
            _WEB1,
            _T.format(1) + ".000000",
            policy_id=POLICY_DAILY,
            updated_at="2021-03-20T00:00:00",
            volume_backups=_WEB1_DISKS,
            tags=[{"key": "env", "value": "prod"}],
        ),
        _backup(
            "home-b",
            HOME,
            _WEB1,
            _T.format(2),
            policy_id=POLICY_DAILY,
            updated_at="2021-03-20T00:00:00.000000",
        ),
        _backup(
            "home-c",
            HOME,
            _DB,
            _T.format(3) + ".5",
            os_images_data=[{"image_id": _id("home-c/image")}],
        ),
        _backup("home-volume", HOME, _VOL, _T.format(4)),
        _backup("home-protecting", HOME, _WEB2, _T.format(5) + ".000005", "protecting"),
        _backup("home-error", HOME, _WEB2, _T.format(5) + ".000005", "error"),
        _backup("home-deleted", HOME, _DB, _T.format(6) + ".000006", "deleted"),
        _backup(
            "home-nightly-db",
            HOME,
            _DB,
            _T.format(2) + ".000000",
            name="Home-Nightly_DB",
            policy_id=POLICY_WEEKLY,
            updated_at="2021-03-20T00:00:00.0",
        ),
        _backup(
            "home-nightly-web",
            HOME,
            _WEB2,
            _T.format(7) + ".700000",
            name="HOME-nightly-web",
            policy_id=POLICY_WEEKLY,
        ),
        _backup(
            "home-weekly-db-1",
            HOME,
            _DB,
            _T.format(8) + ".000008",
            name="weekly-db",
            protected_at="2021-03-08T00:00:00",
            expired_at="2021-06-08T00:00:00",
            tags=[{"key": "env", "value": "prod"}, {"key": "tier", "value": "db"}],
        ),
        _backup(
            "home-weekly-db-2",
            HOME,
            _DB,
            _T.format(9) + ".000009",
            name="weekly-db",
            protected_at="2021-03-08T00:00:00.000000",
        ),
        _backup("home-percent", HOME, _UBER, _T.format(10) + ".01", name="db_backup 100%"),
        _backup("home-uber", HOME, _UBER, _T.format(11) + ".123", name="Über-home"),
        _backup("east-a", EAST, _EAST_APP, _T.format(8) + ".000008"),
        # A replica made before the suite's time (image type `replication`, no policy).
        _backup("east-copy", EAST, _EAST_APP, _T.format(12), image_type="replication"),
        _backup("east-b-a", EAST_B, _EAST_B_APP, _T.format(13), policy_id=POLICY_DAILY),
        # One backup in each transitional status that the world has nowhere else: each is
        # refused for replication with CSBS.2003 (coverage rows "replicate: backup ...").
        *(
            _backup(f"east-b-{status}", EAST_B, _EAST_B_APP, _T.format(15 + i), status)
            for i, status in enumerate(
                ("waiting_protect", "waiting_restore", "restoring", "waiting_delete", "deleting")
            )
        ),
        _backup("east-x-a", EAST_X, _EAST_X_APP, _T.format(14), policy_id=POLICY_OTHER),
        _backup("south-a", SOUTH, _SOUTH_APP, _T.format(9) + ".000009"),
        _backup("other-a", OTHER, _OTHER_WEB, _T.format(10) + ".000010", policy_id=POLICY_OTHER),
        _backup("other-b", OTHER, _OTHER_WEB, _T.format(2), name="HOME-b"),
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
    "admin": ADMIN_TOKEN,
    "bogus": BOGUS_TOKEN,
    "none": None,
}
FAIL_CODE: Final = {"Code": "BackupService.6001", "Description": "model-injected copy failure"}

# -- the spec's response schemas: contract_tests/apis.py -------------------------------------


@dataclass
class _Reading:
    """Which reading `checked` holds bodies to when its caller does not say."""

    strict: bool = True  # the default target is an in-process emulator


_READING: Final = _Reading()


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
        return self.loop.run_until_complete(self.handle_async(request))

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        """One request through the app; several at once with `asyncio.gather` on `loop`."""
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

        await self.app(scope, receive, send)
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
CbrClient = cbr_client.AuthenticatedClient | cbr_client.Client


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
    # Whether bodies are held to the spec's strict reading: an emulator's are, a real
    # service's only to the tolerant one. The last endpoint made sets `checked`'s default.
    strict: bool = True
    _https: dict[tuple[str | None, str | None], httpx.Client] = field(default_factory=dict)
    _clients: dict[tuple[str | None, str | None], ApiClient] = field(default_factory=dict)
    _cbr_clients: dict[tuple[str | None, str | None], CbrClient] = field(default_factory=dict)
    # Every request sent since the last `journal.clear()` (public API and control plane):
    # a failing run prints the shrunk example's requests as curl commands (`as_curl`).
    journal: list[httpx.Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        _READING.strict = self.strict
        if self.control is not None:
            self.control.event_hooks["request"].append(self._note)

    def _note(self, request: httpx.Request) -> None:
        request.read()
        self.journal.append(request)

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
        endpoint = cls(
            target.url,
            make,
            control,
            may_replicate=target.may_replicate,
            own=own,
            strict=target.is_emulator,
        )
        own.get_httpx_client().event_hooks["request"].append(endpoint._note)
        return endpoint

    def _http(self, token: str | None, host: str | None) -> httpx.Client:
        """One httpx client per (token, Host), shared by both APIs' generated clients."""
        key = (token, host)
        if key not in self._https:
            headers = {"X-Auth-Token": token} if token is not None else {}
            if host is not None:
                headers["Host"] = host
            http = self.make_http(headers)
            http.event_hooks["request"].append(self._note)
            self._https[key] = http
        return self._https[key]

    def api(self, token: str | None, host: str | None = None) -> ApiClient:
        """A CSBS client sending `token` (None: no credentials) and `Host` (None: default)."""
        key = (token, host)
        if key not in self._clients:
            client: ApiClient
            if token is None:
                client = Client(base_url=self.url)
            else:
                client = AuthenticatedClient(
                    base_url=self.url, token=token, auth_header_name="X-Auth-Token", prefix=""
                )
            self._clients[key] = client.set_httpx_client(self._http(token, host))
        return self._clients[key]

    def cbr(self, token: str | None, host: str | None = None) -> CbrClient:
        """A CBR client sending `token` (None: no credentials) and `Host` (None: default)."""
        key = (token, host)
        if key not in self._cbr_clients:
            client: CbrClient
            if token is None:
                client = cbr_client.Client(base_url=self.url)
            else:
                client = cbr_client.AuthenticatedClient(
                    base_url=self.url, token=token, auth_header_name="X-Auth-Token", prefix=""
                )
            self._cbr_clients[key] = client.set_httpx_client(self._http(token, host))
        return self._cbr_clients[key]

    def close(self) -> None:
        for http in self._https.values():
            http.close()
        if self.own is not None:
            self.own.get_httpx_client().close()
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


# Tokens of the suite's own world: test credentials, safe to print. Anything else is a real
# credential and is printed as a shell variable.
_WORLD_TOKENS: Final = frozenset(t["token"] for t in WORLD["tokens"])


def as_curl(requests: list[httpx.Request], base_url: str, folder: Path) -> list[str]:
    """The requests as curl commands against `$CSBS_URL` (default `base_url`); bodies over
    2 KB go to files in `folder` (the suite's world, for one). Secrets never appear."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f'CSBS_URL="${{CSBS_URL:-{base_url}}}"']
    for n, request in enumerate(requests, 1):
        url = str(request.url)
        path = url.split("://", 1)[-1].split("/", 1)[-1]
        parts = [f'curl -sS -X {request.method} "$CSBS_URL/{path}"']
        for name, value in request.headers.items():
            lower = name.lower()
            if lower == "x-auth-token":
                shown = value if value in _WORLD_TOKENS else "$CSBS_TOKEN"
                parts.append(f"-H 'X-Auth-Token: {shown}'")
            elif lower in ("authorization", "x-security-token"):
                parts.append(f"-H '{name}: (signed; re-sign with your AK/SK)'")
            elif lower in ("host", "content-type"):
                parts.append(f"-H '{name}: {value}'")
        body = request.content
        if body:
            if len(body) > 2048:
                file = folder / f"body-{n}.bin"
                file.write_bytes(body)
                parts.append(f"--data-binary @{file}")
            else:
                text = body.decode("utf-8", "replace").replace("'", "'\\''")
                parts.append(f"--data-binary '{text}'")
        lines.append(" ".join(parts))
    return lines


def host_of(region: str) -> str:
    return f"csbs.{region}.myhuaweicloud.com"


# -- checking one answer --------------------------------------------------------------------

T = TypeVar("T")


def call(what: str, send: Callable[[], T]) -> T:
    """Send through the generated client; a body it cannot parse is a finding, not a crash."""
    try:
        return send()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise AssertionError(
            f"{what}: the generated client cannot parse the answer: {exc!r}"
        ) from exc


def checked(
    response: Response[Any] | cbr_client.types.Response[Any],
    expect: Expect,
    operation_id: str,
    ok_type: type,
    what: str,
    *,
    strict: bool | None = None,
    api: Api = CSBS,
) -> dict[str, Any]:
    """Check one answer of `api` against `expect`, the spec and the generated client; its
    JSON body.

    The body is held to the spec's strict reading when `strict` (None: the reading of the
    last `Endpoint` made, strict for an emulator).
    """
    if strict is None:
        strict = _READING.strict
    # Coverage: the model aimed at this code (and rule); `reached` only once all checks pass.
    rows = [code_row(api.row_op(operation_id), expect.status, expect.error_code)]
    rows += [expect.why] if expect.why else []
    for row in rows:
        RECORDER.aim(row)
    RECORDER.comparisons += 1
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
    problems = spec_schemas(strict, api).errors(operation_id, status, body)
    reading = "the spec's strict (emulator) reading" if strict else "the spec"
    assert not problems, f"{what}: {status} body breaks {reading}: {problems}"
    parsed: Any = response.parsed
    if expect.ok:
        assert isinstance(parsed, ok_type), f"{what}: parsed as {type(parsed).__name__}"
    else:
        error_type = cbr_client.models.ServiceError if api is not CSBS else ServiceError
        assert isinstance(parsed, error_type), f"{what}: parsed as {type(parsed).__name__}"
        assert parsed.error_code == expect.error_code, (
            f"{what}: expected {expect}, got {status} {parsed.error_code}: {parsed.error_msg}"
        )
        assert parsed.error_msg, f"{what}: empty error_msg"
        documented = spec_schemas(False, api).error_codes(operation_id, status)
        assert parsed.error_code in documented, (
            f"{what}: {status} {parsed.error_code} is not in the spec's {api.error_codes_key} "
            f"{documented} for {operation_id}"
        )
        if expect.error_code and expect.error_code.startswith("APIGW."):
            assert body.get("request_id") == request_id, (
                f"{what}: gateway error without this request's request_id: {body}"
            )
    assert parsed.to_dict() == body, f"{what}: to_dict() does not round-trip the body"
    for row in rows:
        RECORDER.reached(row)
    return body  # type: ignore[no-any-return]


# Members compared whole, not as a subset: `{}` must stay empty.
_EXACT_KEYS: Final = frozenset({"fail_code"})


def mismatches(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where `actual` differs from what the model knows (`expected` is a subset)."""
    if isinstance(expected, OneOf):
        if any(actual == v and type(actual) is type(v) for v in expected.values):
            return []
        return [f"{path}: expected {expected!r}, got {actual!r}"]
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
