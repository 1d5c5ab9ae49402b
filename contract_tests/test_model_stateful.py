"""Model-based stateful suite: the generated client against the target, checked by the model.

Owns: the suite's own small world (`WORLD`, loaded through the control plane's
`PUT /_emulator/fixtures`, so nothing depends on the demo dataset), `Endpoint` (how the suite
reaches a target: one generated client per credential and `Host`, and the control plane),
the response checks every call goes through (`checked`), the `ReplicationMachine`
(Hypothesis `RuleBasedStateMachine`) and `run_model`, which `test_mutants.py` reuses.
Must not import: the emulator's service, store or operations (the model is independent);
the in-process app is only built through `csbs_emulator.create_app`.

Every response is checked for: the status and `error_code` the model predicts; the
`Content-Type` and `X-Request-Id` the spec promises; the body against the spec's schema for
that operation and status; the generated client's typed parse (`parsed` is the right model,
`ServiceError` for errors) and its `to_dict()` round trip; and every body member the model
knows. Server-assigned values are adopted the first time they are seen.

Against an emulator the suite owns the state: each example loads `WORLD`, and lifecycles are
driven through the control plane (`manual`: the `advance` rule; `instant`: completed on
acceptance; `delay`: advanced right after acceptance, before any tick can end it). Against a
target that is not an emulator the suite refuses to run unless replicate is allowed (the
only skip), because the world it compares with can only be loaded into an emulator.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

import httpx
import pytest
import yaml
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from openapi_schema_validator import OAS30Validator

from contract_tests.model import (
    DUPLICATE,
    LIVE_STATUSES,
    OK,
    Expect,
    ReplicateParams,
    ReplicationModel,
)
from contract_tests.target import Target
from csbs_client import AuthenticatedClient, Client
from csbs_client.api.backups import list_backups, show_backup
from csbs_client.api.capabilities import show_replication_capabilities
from csbs_client.api.replication import replicate_backup
from csbs_client.models import (
    BackupStatus,
    ListBackupsResponse,
    ProviderId,
    ReplicateRequest,
    ReplicateResponse,
    ReplicationCapabilities,
    ReplicationParam,
    ServiceError,
    ShowBackupResponse,
)
from csbs_client.types import UNSET, Response, Unset

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

    def validator(self, operation_id: str, status: int) -> OAS30Validator:
        key = (operation_id, status)
        if key not in self._validators:
            operation = next(
                op
                for item in self.doc["paths"].values()
                for op in item.values()
                if isinstance(op, dict) and op.get("operationId") == operation_id
            )
            responses = operation["responses"]
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
        self.loop.close()


ApiClient = AuthenticatedClient | Client


@dataclass
class Endpoint:
    """How the suite reaches one target: public API clients and the control plane."""

    url: str
    make_http: Callable[[dict[str, str]], httpx.Client]
    control: httpx.Client | None  # None: not an emulator
    may_replicate: bool
    _clients: dict[tuple[str | None, str | None], ApiClient] = field(default_factory=dict)

    @classmethod
    def in_process(cls, app: Any) -> Endpoint:
        """An in-process ASGI app (an emulator, or a mutant of one)."""
        transport = InProcessTransport(app)

        def make(headers: dict[str, str]) -> httpx.Client:
            return httpx.Client(transport=transport, base_url=IN_PROCESS_URL, headers=headers)

        return cls(IN_PROCESS_URL, make, make({}), may_replicate=True)

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
        return cls(target.url, make, control, may_replicate=target.may_replicate)

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
        for client in self._clients.values():
            client.get_httpx_client().close()
        if self.control is not None:
            self.control.close()

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


# -- the state machine ----------------------------------------------------------------------

_NAMES = st.sampled_from([None, None, "r", "replica-of-model", "n" * 64, "n" * 65])
_DESCRIPTIONS = st.sampled_from([None, None, "", "copied by the model suite", "a <b>"])
_ACCELERATION = st.sampled_from([None, True, False])
_CALLER_TWISTS: Final = ["owner"] * 6 + [
    "owner via its region",
    "owner via another region",
    "unknown region",
    "main",
    "ro",
    "other",
    "bogus",
    "none",
]


class ReplicationMachine(RuleBasedStateMachine):
    """Drives the target through the generated client and compares it with the model."""

    def __init__(self, endpoint: Endpoint) -> None:
        super().__init__()
        self.endpoint = endpoint
        self.lifecycle = endpoint.load_world(WORLD)
        self.model = ReplicationModel.from_fixtures(WORLD)
        self.regions = [*sorted(self.model.regions), UNKNOWN_REGION]
        self.projects = [*sorted(self.model.projects), UNKNOWN_PROJECT]

    # -- helpers --------------------------------------------------------------------------

    def _caller(self, data: st.DataObject, project: str) -> tuple[str | None, str | None]:
        """Who calls and through which regional host: mostly the project's owner, else one
        thing wrong at a time (a credential, or the Host's region)."""
        twist = data.draw(st.sampled_from(_CALLER_TWISTS), label="caller")
        region = self.model.projects.get(project)
        owner = self._owner_token(project) if region is not None else MAIN_TOKEN
        if twist == "owner":
            return owner, None
        if twist == "owner via its region":
            return owner, region
        if twist == "owner via another region":
            other = "cn-east-2" if region != "cn-east-2" else "cn-north-1"
            return owner, other
        if twist == "unknown region":
            return owner, UNKNOWN_REGION
        return TOKENS[twist], None

    def _show(
        self, token: str | None, project: str, item: str, host_region: str | None
    ) -> dict[str, Any] | None:
        expect = self.model.decide_show(token, project, item, host_region)
        what = f"showBackup {item} in {project} (host {host_region})"
        api = self.endpoint.api(token, host_of(host_region) if host_region else None)
        response = call(
            what,
            lambda: show_backup.sync_detailed(project, UUID(item), client=api),
        )
        body = checked(response, expect, "showBackup", ShowBackupResponse, what)
        if not expect.ok:
            return None
        shown: dict[str, Any] = body["checkpoint_item"]
        records = shown.get("replication_records", [])
        # Whatever the model says, an answer must agree with itself: copy_status follows the
        # newest record (listed first), and at most one record per region is live.
        newest = records[0]["status"] if records else "na"
        assert shown["extend_info"]["copy_status"] == newest, f"{what}: copy_status vs records"
        live = [r["destination_region"] for r in records if r["status"] in LIVE_STATUSES]
        assert len(live) == len(set(live)), f"{what}: two live replicas to one region: {live}"
        return shown

    def _show_and_compare(self, backup_id: str, host_region: str | None = None) -> dict[str, Any]:
        backup = self.model.backups[backup_id]
        token = self._owner_token(backup.project_id)
        shown = self._show(token, backup.project_id, backup_id, host_region)
        assert shown is not None
        assert_matches(
            self.model.backup_view(backup_id, with_records=True), shown, f"showBackup {backup_id}"
        )
        return shown

    def _owner_token(self, project: str) -> str:
        return next(
            c.token for c in self.model.credentials.values() if project in c.projects and c.writable
        )

    def _replicate(
        self,
        token: str | None,
        project: str,
        item: str,
        params: ReplicateParams,
        host_region: str | None = None,
    ) -> Expect:
        assert self.endpoint.may_replicate  # rules that replicate have this as precondition
        expect = self.model.decide_replicate(token, project, item, params, host_region)
        what = f"replicateBackup {item} of {project} -> {params} (host {host_region})"
        body = ReplicateRequest(
            replication=ReplicationParam(
                destination_region=params.destination_region,
                destination_project_id=params.destination_project_id,
                name=_unset(params.name),
                description=_unset(params.description),
                enable_acceleration=_unset(params.enable_acceleration),
            )
        )
        api = self.endpoint.api(token, host_of(host_region) if host_region else None)
        response = call(
            what,
            lambda: replicate_backup.sync_detailed(
                project,
                ProviderId.FC4D5750_22E7_4798_8A46_F48F62C4C1DA,
                UUID(item),
                client=api,
                body=body,
            ),
        )
        answer = checked(response, expect, "replicateBackup", ReplicateResponse, what)
        if not expect.ok:
            return expect
        source = self.model.backups[item]
        accepted = answer["replication"]
        record_id = accepted.get("replication_record_id")
        assert_matches(
            {
                "project_id": project,
                "provider_id": PROVIDER,
                "checkpoint_item_id": item,
                "source_region": source.region,
                "destination_region": params.destination_region,
                "destination_project_id": params.destination_project_id,
            },
            accepted,
            what,
        )
        record = self.model.start_replication(record_id, project, item, params)
        if self.lifecycle == "instant":
            self._adopt_instant_success(record.id)
        elif self.lifecycle == "delay":
            # Ended through the control plane before any public call can tick it.
            self._advance(record.id, "success")
        return expect

    def _adopt_instant_success(self, record_id: str) -> None:
        """An instant lifecycle ends the copy before answering: adopt the replica's id."""
        record = self.model.records[record_id]
        source = self.model.backups[record.backup_id]
        shown = self._show(self._owner_token(source.project_id), source.project_id, source.id, None)
        assert shown is not None
        listed = {r["id"]: r for r in shown.get("replication_records", [])}
        assert record_id in listed, f"record {record_id} is not listed by its source"
        replica_id = listed[record_id].get("destination_checkpoint_item_id")
        assert isinstance(replica_id, str), (
            f"instant copy {record_id} has no replica: {listed[record_id]}"
        )
        self.model.finish_replication(record_id, "success", replica_id=replica_id)
        assert_matches(
            self.model.backup_view(source.id, with_records=True),
            shown,
            "source after an instant copy",
        )
        self._adopt_replica(replica_id)

    def _adopt_replica(self, replica_id: str) -> None:
        """See the new replica in its project and region; adopt its server-assigned members."""
        replica = self.model.backups[replica_id]
        token = self._owner_token(replica.project_id)
        shown = self._show(token, replica.project_id, replica_id, replica.region)
        assert shown is not None, f"replica {replica_id} is not visible in {replica.project_id}"
        replica.created_at = shown["created_at"]
        replica.checkpoint_id = shown["checkpoint_id"]
        assert_matches(
            self.model.backup_view(replica_id, with_records=True), shown, f"replica {replica_id}"
        )

    def _advance(self, record_id: str, outcome: str) -> None:
        body: dict[str, Any] = {"outcome": outcome}
        if outcome == "fail":
            body |= {"fail_code": FAIL_CODE, "fail_reason": "model says fail"}
        response = self.endpoint.control_call(
            "POST", f"/_emulator/replications/{record_id}/advance", body
        )
        assert response.status_code == 200, f"advance {record_id}: {response.text}"
        ended = response.json()
        assert ended["status"] == outcome, f"advance {record_id} to {outcome}: {ended}"
        replica = self.model.finish_replication(
            record_id,
            outcome,
            replica_id=ended.get("destination_item_id"),
            fail_code=FAIL_CODE,
            fail_reason="model says fail",
        )
        if replica is not None:
            self._adopt_replica(replica.id)

    # -- rules: replicate -----------------------------------------------------------------

    def _may_replicate(self) -> bool:
        return self.endpoint.may_replicate

    @precondition(_may_replicate)
    @rule(data=st.data())
    def replicate(self, data: st.DataObject) -> None:
        """Any known backup (or none), any region, a right or wrong project and credential."""
        item = data.draw(st.sampled_from([*self.model.backups, UNKNOWN_ID]), label="backup")
        backup = self.model.backups.get(item)
        own = backup.project_id if backup is not None else HOME
        project = data.draw(st.sampled_from([own] * 4 + [HOME, EAST]), label="path project")
        region = data.draw(st.sampled_from(self.regions), label="destination region")
        in_region = [p for p, r in self.model.projects.items() if r == region]
        dest = data.draw(
            st.sampled_from(sorted(in_region) * 4 + self.projects), label="destination project"
        )
        params = ReplicateParams(
            region,
            dest,
            data.draw(_NAMES, label="name"),
            data.draw(_DESCRIPTIONS, label="description"),
            data.draw(_ACCELERATION, label="enable_acceleration"),
        )
        token, host = self._caller(data, project)
        self._replicate(token, project, item, params, host)

    def _live_records(self) -> list[str]:
        return [r.id for r in self.model.records.values() if r.live]

    @precondition(lambda self: self._may_replicate() and self._live_records())
    @rule(data=st.data())
    def replicate_duplicate(self, data: st.DataObject) -> None:
        """Again to a region with a replica being made or made: refused, whatever the project."""
        record = self.model.records[
            data.draw(st.sampled_from(self._live_records()), label="live record")
        ]
        source = self.model.backups[record.backup_id]
        token = self._owner_token(source.project_id)
        credential = self.model.credentials[token]
        projects = sorted(
            p for p, r in self.model.projects.items()
            if r == record.destination_region and p in credential.projects
        )  # fmt: skip
        dest = data.draw(st.sampled_from(projects), label="destination project")
        params = ReplicateParams(
            record.destination_region, dest, name=data.draw(_NAMES, label="name")
        )
        expect = self._replicate(token, source.project_id, source.id, params)
        if params.name is None or len(params.name) <= 64:
            assert expect == DUPLICATE, f"model: a live record should block, got {expect}"

    def _open_routes(self) -> list[tuple[str, str, str]]:
        """(backup, region, project) that the main credential may replicate right now."""
        credential = self.model.credentials[MAIN_TOKEN]
        routes = []
        for backup in self.model.backups.values():
            if backup.project_id not in credential.projects or backup.status != "available":
                continue
            for region in self.model.regions[backup.region]:
                if self.model.live_record(backup.id, region) is not None:
                    continue
                for project, project_region in self.model.projects.items():
                    if project_region == region and project in credential.projects:
                        routes.append((backup.id, region, project))
        return routes

    @precondition(lambda self: self._may_replicate() and self._open_routes())
    @rule(data=st.data())
    def replicate_open_route(self, data: st.DataObject) -> None:
        """A replication the rules allow (a new region, or a retry after a failed copy)."""
        item, region, project = data.draw(st.sampled_from(self._open_routes()), label="route")
        params = ReplicateParams(
            region,
            project,
            data.draw(_NAMES.filter(lambda n: n is None or len(n) <= 64), label="name"),
            data.draw(
                _DESCRIPTIONS.filter(lambda d: d is None or "<" not in d), label="description"
            ),
            data.draw(_ACCELERATION, label="enable_acceleration"),
        )
        expect = self._replicate(MAIN_TOKEN, self.model.backups[item].project_id, item, params)
        assert expect == OK, f"model: an open route should be accepted, got {expect}"

    @precondition(lambda self: self._may_replicate() and self._open_routes())
    @rule(data=st.data())
    def replicate_without_write_permission(self, data: st.DataObject) -> None:
        """A read-only credential, or another tenant's, on an otherwise valid replication."""
        item, region, project = data.draw(st.sampled_from(self._open_routes()), label="route")
        token = data.draw(st.sampled_from([RO_TOKEN, OTHER_TOKEN]), label="token")
        source = self.model.backups[item]
        expect = self._replicate(token, source.project_id, item, ReplicateParams(region, project))
        assert expect.status == 403, f"model: {expect}"

    # -- rules: the lifecycle ---------------------------------------------------------------

    def _copying(self) -> list[str]:
        return [r.id for r in self.model.copying()]

    @precondition(lambda self: self.lifecycle == "manual" and self._copying())
    @rule(data=st.data())
    def advance(self, data: st.DataObject) -> None:
        """The control plane ends a copy; the replica appears (success) or the source fails."""
        record_id = data.draw(st.sampled_from(self._copying()), label="record")
        outcome = data.draw(st.sampled_from(["success", "fail"]), label="outcome")
        self._advance(record_id, outcome)
        self._show_and_compare(self.model.records[record_id].backup_id)

    @precondition(
        lambda self: (
            self.endpoint.control is not None
            and any(r.status != "copying" for r in self.model.records.values())
        )
    )
    @rule(data=st.data())
    def advance_ended(self, data: st.DataObject) -> None:
        """An ended copy cannot be ended again (control plane: 409 EMULATOR.0409)."""
        ended = [r.id for r in self.model.records.values() if r.status != "copying"]
        record_id = data.draw(st.sampled_from(ended), label="record")
        response = self.endpoint.control_call(
            "POST", f"/_emulator/replications/{record_id}/advance", {"outcome": "success"}
        )
        assert response.status_code == 409, f"advance of ended {record_id}: {response.text}"
        assert response.json()["error_code"] == "EMULATOR.0409"

    # -- rules: reads -----------------------------------------------------------------------

    @rule(data=st.data())
    def show(self, data: st.DataObject) -> None:
        """A known backup (or none) through its own project, another project, or another tenant."""
        item = data.draw(st.sampled_from([*self.model.backups, UNKNOWN_ID]), label="backup")
        backup = self.model.backups.get(item)
        own = backup.project_id if backup is not None else HOME
        project = data.draw(
            st.sampled_from([own] * 4 + [HOME, EAST, OTHER, EAST_X]), label="path project"
        )
        token, host = self._caller(data, project)
        shown = self._show(token, project, item, host)
        if shown is not None:
            assert_matches(
                self.model.backup_view(item, with_records=True), shown, f"showBackup {item}"
            )

    @rule(data=st.data())
    def list_all_pages(self, data: st.DataObject) -> None:
        """Every page of a project's listing, filtered or not, compared item by item."""
        project = data.draw(
            st.sampled_from(
                [HOME, HOME, HOME, EAST, EAST_B, SOUTH, OTHER, EAST_X, UNKNOWN_PROJECT]
            ),
            label="project",
        )
        token, host = self._caller(data, project)
        status = data.draw(
            st.sampled_from([None, None, "available", "deleted", "protecting", "error"]),
            label="status",
        )
        limit = data.draw(st.sampled_from([None, 1, 2, 3, 5]), label="limit")
        api = self.endpoint.api(token, host_of(host) if host else None)
        expect = self.model.decide_list(token, project, None, host)
        marker: str | None = None
        for page_no in range(20):
            what = f"listBackups {project} status={status} limit={limit} marker={marker} #{page_no}"
            response = call(
                what,
                partial(
                    list_backups.sync_detailed,
                    project,
                    client=api,
                    status=BackupStatus(status) if status else UNSET,
                    limit=limit if limit is not None else UNSET,
                    marker=UUID(marker) if marker else UNSET,
                ),
            )
            body = checked(response, expect, "listBackups", ListBackupsResponse, what)
            if not expect.ok:
                return
            want, more = self.model.page(project, status=status, limit=limit or 1000, marker=marker)
            items = body["checkpoint_items"]
            assert [b["id"] for b in items] == want, (
                f"{what}: ids {[b['id'] for b in items]} != {want}"
            )
            for item in items:
                assert_matches(self.model.backup_view(item["id"], with_records=False), item, what)
            links = body.get("checkpoint_items_links") or []
            assert bool(links) == more, f"{what}: next link {links} but more={more}"
            if not more:
                return
            query = parse_qs(urlsplit(links[0]["href"]).query)
            assert links[0]["rel"] == "next"
            assert query.get("marker") == [want[-1]], f"{what}: next marker {query}"
            if limit is not None:
                assert query.get("limit") == [str(limit)], f"{what}: next link drops limit: {query}"
            if status is not None:
                assert query.get("status") == [status], f"{what}: next link drops status: {query}"
            marker = want[-1]
        raise AssertionError("listing did not end within 20 pages")

    @rule(data=st.data())
    def list_with_foreign_marker(self, data: st.DataObject) -> None:
        """A marker that names no backup of the project: 404 CSBS.3001."""
        foreign = [b.id for b in self.model.backups.values() if b.project_id != HOME]
        marker = data.draw(st.sampled_from([UNKNOWN_ID, *foreign]), label="marker")
        what = f"listBackups {HOME} marker={marker}"
        api = self.endpoint.api(MAIN_TOKEN)
        response = call(
            what, lambda: list_backups.sync_detailed(HOME, client=api, marker=UUID(marker))
        )
        checked(
            response,
            self.model.decide_list(MAIN_TOKEN, HOME, marker),
            "listBackups",
            ListBackupsResponse,
            what,
        )

    @rule(data=st.data())
    def capabilities(self, data: st.DataObject) -> None:
        project = data.draw(
            st.sampled_from([HOME, EAST, OTHER, EAST_X, UNKNOWN_PROJECT]), label="project"
        )
        token, host = self._caller(data, project)
        expect = self.model.decide_capabilities(token, project, host)
        what = f"showReplicationCapabilities {project} (host {host})"
        api = self.endpoint.api(token, host_of(host) if host else None)
        response = call(
            what, lambda: show_replication_capabilities.sync_detailed(project, client=api)
        )
        body = checked(
            response, expect, "showReplicationCapabilities", ReplicationCapabilities, what
        )
        if expect.ok:
            got = {r["name"]: r["replication_destinations"] for r in body["regions"]}
            assert len(got) == len(body["regions"]), f"{what}: a region is listed twice"
            assert {k: set(v) for k, v in got.items()} == self.model.capabilities(), (
                f"{what}: {got}"
            )

    # -- invariants -------------------------------------------------------------------------

    @invariant()
    def model_is_consistent(self) -> None:
        pairs = self.model.live_pairs()
        assert len(pairs) == len(set(pairs)), f"model: two live records for one region: {pairs}"
        assert not self.model.copy_status_consistent()

    @invariant()
    def target_records_agree(self) -> None:
        """The emulator's replication records are exactly the model's, one live per region."""
        if self.endpoint.control is None:
            return
        response = self.endpoint.control_call("GET", "/_emulator/replications")
        assert response.status_code == 200, response.text
        records = response.json()["replication_records"]
        got = {r["id"]: r["status"] for r in records}
        want = {r.id: r.status for r in self.model.records.values()}
        assert got == want, f"the target's replication records differ: {got} != {want}"
        live = [
            (r["source_item_id"], r["destination_region"])
            for r in records
            if r["status"] in LIVE_STATUSES
        ]
        assert len(live) == len(set(live)), (
            f"the target has two live records for one region: {live}"
        )


PROVIDER: Final = ProviderId.FC4D5750_22E7_4798_8A46_F48F62C4C1DA.value


def _unset(value: T | None) -> T | Unset:
    return UNSET if value is None else value


# -- running it -----------------------------------------------------------------------------


def model_settings(*, max_examples: int, steps: int, shrink: bool = True) -> settings:
    """Bounded settings on top of the loaded profile; CSBS_MODEL_EXAMPLES/_STEPS override."""
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
    if shrink:
        phases.append(Phase.shrink)
    return settings(
        max_examples=int(os.environ.get("CSBS_MODEL_EXAMPLES", max_examples)),
        stateful_step_count=int(os.environ.get("CSBS_MODEL_STEPS", steps)),
        deadline=None,
        phases=phases,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def run_model(endpoint: Endpoint, run_settings: settings) -> None:
    """Run the state machine against `endpoint`; raises on the first (shrunk) failure."""

    class BoundMachine(ReplicationMachine):
        def __init__(self) -> None:
            super().__init__(endpoint)

    BoundMachine.__name__ = BoundMachine.__qualname__ = "ReplicationMachine"
    run_state_machine_as_test(BoundMachine, settings=run_settings)


def restore_demo(endpoint: Endpoint) -> None:
    """Put the packaged demo dataset back on a shared emulator the suite loaded its world into."""
    demo = json.loads(
        resources.files("csbs_emulator").joinpath("data", "demo-fixtures.json").read_text("utf-8")
    )
    response = endpoint.control_call("PUT", "/_emulator/fixtures", demo)
    assert response.status_code == 200, response.text


@pytest.fixture
def model_endpoints(
    target: Target, new_emulator: Callable[..., Any]
) -> Iterator[Callable[[str], Endpoint]]:
    """Endpoints to run the model against: per lifecycle in-process, else the `--base-url` one."""
    made: list[tuple[Endpoint, bool]] = []

    def make(lifecycle: str) -> Endpoint:
        if target.base_url is None:
            endpoint = Endpoint.in_process(new_emulator(lifecycle=lifecycle))
            made.append((endpoint, False))
            return endpoint
        if not target.is_emulator and not target.may_replicate:
            pytest.skip(
                "the model loads its own world and replicates: refused against a target that "
                "is not an emulator unless --allow-replicate is given"
            )
        if not target.is_emulator:
            pytest.fail(
                "the model suite needs the emulator's control plane to load its world; a real "
                "service cannot be reset to it (see LIMITATIONS)"
            )
        endpoint = Endpoint.for_target(target)
        made.append((endpoint, True))
        return endpoint

    yield make
    for endpoint, shared in made:
        if shared:
            restore_demo(endpoint)
        endpoint.close()


@pytest.mark.parametrize(
    ("lifecycle", "examples", "steps"), [("manual", 25, 30), ("instant", 8, 20)]
)
def test_replication_model(
    model_endpoints: Callable[[str], Endpoint], lifecycle: str, examples: int, steps: int
) -> None:
    """The target answers every call as the model predicts, across random call sequences."""
    started = time.perf_counter()
    run_model(model_endpoints(lifecycle), model_settings(max_examples=examples, steps=steps))
    assert time.perf_counter() - started < 60
