"""The authentication matrix against a real emulator process, and tenant isolation.

Every credential fault x every operation of the public spec must answer exactly the
documented 401 `APIGW.0301` or 403 `APIGW.0302` in the gateway's error body (with
`request_id` equal to the `X-Request-Id` header) and change nothing; AK/SK faults must be
refused by the intended check (the verifier's reason is in `error_msg`). Positive controls
(the same call with good credentials) keep the matrix honest.

Isolation: with two tenants holding data, no response to one tenant ever carries an id of
the other's backups or replication records, unless the caller itself sent that id.
The figures go to reports/reliability.json ("auth").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from csbs_signing import HOP_BY_HOP_HEADERS, AkSkAuth

from .conftest import Figures, Spawn
from .support import (
    DEMO_AK,
    DEMO_SK,
    DEMO_TOKEN,
    DESTINATIONS,
    FIXTURE_BACKUPS,
    OTHER_AK,
    OTHER_PROJECT,
    OTHER_SK,
    OTHER_TOKEN,
    PROJECT,
    READONLY_AK,
    READONLY_SK,
    READONLY_TOKEN,
    EmulatorProcess,
    all_records,
    create_backups,
    error_shape_problems,
    replicate_body,
    replicate_path,
)

Mutate = Callable[[httpx.Request], None]
FIGURES: dict[str, Any] = {"matrix_calls": 0, "leak_checked_responses": 0}


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: Callable[[str, str], str]  # (project, item) -> path
    write: bool


OPERATIONS = [
    Operation("replicateBackup", "POST", lambda p, i: replicate_path(i, p), True),
    Operation("showBackup", "GET", lambda p, i: f"/v1/{p}/checkpoint_items/{i}", False),
    Operation("listBackups", "GET", lambda p, i: f"/v1/{p}/checkpoint_items", False),
    Operation(
        "showReplicationCapabilities",
        "GET",
        lambda p, i: f"/v1/{p}/replication_capabilities",
        False,
    ),
]


@dataclass(frozen=True)
class Fault:
    name: str
    status: int
    reason: str | None = None  # the verifier's reason, for AK/SK faults
    token: str | None = None  # X-Auth-Token to send, if any
    signer: Callable[[], AkSkAuth] | None = None
    mutate: Mutate | None = None
    project: str = PROJECT  # the project in the path
    writes_only: bool = False  # the fault applies to writes only (read-only credentials)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _shifted(seconds: float) -> Callable[[], dt.datetime]:
    return lambda: _now() + dt.timedelta(seconds=seconds)


def _set(name: str, value: str) -> Mutate:
    def mutate(request: httpx.Request) -> None:
        request.headers[name] = value

    return mutate


def _drop(name: str) -> Mutate:
    def mutate(request: httpx.Request) -> None:
        del request.headers[name]

    return mutate


def _signer(ak: str = DEMO_AK, sk: str = DEMO_SK, **kwargs: Any) -> Callable[[], AkSkAuth]:
    return lambda: AkSkAuth(ak, sk, **kwargs)


def _with_extra_header(value: str) -> Mutate:
    """Sign with `X-Extra: a` (added before signing, see `call`), then send `value`."""
    return _set("X-Extra", value)


FAULTS = [
    # -- tokens ---------------------------------------------------------------------------
    Fault("no credentials", 401),
    Fault("empty token", 401, token=""),
    Fault("token with inner blanks", 401, token="emulator demo token"),
    Fault("unknown token", 401, token="emulator-demo-token-x"),
    Fault("token with a different case", 401, token=DEMO_TOKEN.upper()),
    Fault("8 KiB garbage token", 401, token="g" * 8192),
    Fault("token as a Bearer Authorization", 401,
          mutate=_set("Authorization", f"Bearer {DEMO_TOKEN}")),
    Fault("another tenant's token", 403, token=OTHER_TOKEN),
    Fault("token on another tenant's project", 403, token=DEMO_TOKEN, project=OTHER_PROJECT),
    Fault("read-only token", 403, token=READONLY_TOKEN, writes_only=True),
    # -- AK/SK ----------------------------------------------------------------------------
    Fault("malformed Authorization", 401, "malformed_authorization", signer=_signer(),
          mutate=_set("Authorization", "SDK-HMAC-SHA256 Access=x")),
    Fault("Authorization of another algorithm", 401, "malformed_authorization",
          signer=_signer(), mutate=_set("Authorization", "AWS4-HMAC-SHA256 Credential=x")),
    Fault("unknown AK", 401, "unknown_access_key", signer=_signer("NOSUCHAK0000000000", "x")),
    Fault("wrong SK", 401, "bad_signature", signer=_signer(DEMO_AK, "not-the-secret")),
    Fault("signed header changed after signing", 401, "bad_signature", signer=_signer(),
          mutate=_with_extra_header("b")),
    Fault("signed header removed after signing", 401, "signed_header_missing",
          signer=_signer(), mutate=_drop("X-Extra")),
    Fault("missing X-Sdk-Date", 401, "missing_date", signer=_signer(),
          mutate=_drop("X-Sdk-Date")),
    Fault("malformed X-Sdk-Date", 401, "missing_date", signer=_signer(),
          mutate=_set("X-Sdk-Date", "2026-11-28T00:00:00Z")),
    Fault("X-Sdk-Date 16 minutes old", 401, "date_skewed",
          signer=_signer(clock=_shifted(-960))),
    Fault("X-Sdk-Date 16 minutes ahead", 401, "date_skewed",
          signer=_signer(clock=_shifted(960))),
    Fault("x-sdk-date not signed", 401, "date_not_signed",
          signer=_signer(unsigned_headers=HOP_BY_HOP_HEADERS | {"x-sdk-date"})),
    Fault("X-Project-Id not signed", 401, "unsigned_identity_header",
          signer=_signer(project_id=PROJECT,
                         unsigned_headers=HOP_BY_HOP_HEADERS | {"x-project-id"})),
    Fault("another tenant's AK/SK", 403, signer=_signer(OTHER_AK, OTHER_SK)),
    Fault("AK/SK on another tenant's project", 403, signer=_signer(), project=OTHER_PROJECT),
    Fault("signed X-Project-Id of another project", 403,
          signer=_signer(project_id=next(iter(DESTINATIONS.values())))),
    Fault("read-only AK/SK", 403, signer=_signer(READONLY_AK, READONLY_SK), writes_only=True),
]  # fmt: skip

GOOD_CREDENTIALS = [
    Fault("demo token", 200, token=DEMO_TOKEN),
    Fault("demo AK/SK", 200, signer=_signer(project_id=PROJECT)),
    Fault("read-only token (reads)", 200, token=READONLY_TOKEN),
    Fault("read-only AK/SK (reads)", 200, signer=_signer(READONLY_AK, READONLY_SK)),
]


def call(client: httpx.Client, op: Operation, credentials: Fault, item: str) -> httpx.Response:
    body = replicate_body("cn-east-2") if op.write else None
    headers: dict[str, str] = {}
    if credentials.token is not None:
        headers["X-Auth-Token"] = credentials.token
    if credentials.mutate is not None and credentials.signer is not None:
        headers["X-Extra"] = "a"  # a signed header the faults can change or remove
    request = client.build_request(
        op.method, op.path(credentials.project, item), json=body, headers=headers
    )
    if credentials.signer is not None:
        credentials.signer().sign_request(request)
    if credentials.mutate is not None:
        credentials.mutate(request)
    return client.send(request)


def refusal_problems(response: httpx.Response, fault: Fault) -> list[str]:
    problems = error_shape_problems(response)
    if problems:
        return problems
    body = response.json()
    code = {401: "APIGW.0301", 403: "APIGW.0302"}[fault.status]
    if (response.status_code, body["error_code"]) != (fault.status, code):
        problems.append(f"{response.status_code} {body['error_code']}, expected {fault.status}")
    if body.get("request_id") != response.headers["x-request-id"]:
        problems.append("request_id in the body is not the X-Request-Id header")
    if fault.reason is not None and f"({fault.reason})" not in body["error_msg"]:
        problems.append(f"refused for another reason: {body['error_msg']}")
    return problems


@pytest.fixture
def server(spawn: Spawn) -> EmulatorProcess:
    return spawn(lifecycle="manual")


@pytest.fixture(scope="module", autouse=True)
def _record_figures(figures: Figures) -> Iterator[None]:
    yield
    figures("auth", FIGURES)


def test_every_fault_on_every_operation(server: EmulatorProcess) -> None:
    with server.client() as client:
        items = create_backups(client, 1 + len(GOOD_CREDENTIALS))
        failures: list[str] = []
        calls = 0
        for op in OPERATIONS:
            for fault in FAULTS:
                if fault.writes_only and not op.write:
                    continue
                response = call(client, op, fault, items[0])
                calls += 1
                failures += [f"{op.operation_id} / {fault.name}: {p}" for p in
                             refusal_problems(response, fault)]  # fmt: skip
        # Nothing refused changed anything: the backup was never replicated.
        assert all_records(client) == []
        for op in OPERATIONS:
            for n, good in enumerate(GOOD_CREDENTIALS):
                if op.write and good.name.startswith("read-only"):
                    continue
                response = call(client, op, good, items[1 + n])
                calls += 1
                if response.status_code != 200:
                    failures.append(f"{op.operation_id} / {good.name}: {response.status_code}")
    assert failures == [], "\n".join(failures)
    FIGURES["matrix_calls"] += calls
    FIGURES["faults"] = len(FAULTS)
    FIGURES["operations"] = len(OPERATIONS)


def test_the_emulator_clock_moved_16_minutes_refuses_a_fresh_signature(
    server: EmulatorProcess,
) -> None:
    """The gateway's 15 minutes, from the server's side: its clock moves, the signer's not."""
    with server.client() as client:
        (item,) = create_backups(client, 1)
        moved = client.post("/_emulator/clock", json={"seconds": 960})
        assert moved.status_code == 200
        fault = Fault("server clock +16 min", 401, "date_skewed", signer=_signer())
        failures = [
            f"{op.operation_id}: {p}"
            for op in OPERATIONS
            for p in refusal_problems(call(client, op, fault, item), fault)
        ]
        assert failures == []
        # A signer on the emulator's clock is accepted again.
        in_step = Fault("in step", 200, signer=_signer(clock=_shifted(960)))
        for op in OPERATIONS:
            assert call(client, op, in_step, item).status_code == 200, op.operation_id
        FIGURES["matrix_calls"] += 2 * len(OPERATIONS)


def _ids_in(text: str) -> set[str]:
    return set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text))


def test_no_answer_carries_another_tenants_data(server: EmulatorProcess) -> None:
    with server.client() as client:
        # Both tenants hold data: backups, and for the demo tenant replication records and
        # replicas in its other regions.
        demo_items = create_backups(client, 6)
        other_items = create_backups(client, 6, project_id=OTHER_PROJECT)
        for item, region in zip(demo_items, sorted(DESTINATIONS), strict=False):
            r = client.post(replicate_path(item), json=replicate_body(region),
                            headers={"X-Auth-Token": DEMO_TOKEN})  # fmt: skip
            assert r.status_code == 200
        advanced = client.post("/_emulator/replications/advance-all", json={"outcome": "success"})
        assert advanced.status_code == 200
        records = all_records(client)
        demo_ids = set(demo_items) | {r["id"] for r in records}
        demo_ids |= {r["destination_item_id"] for r in records if r["destination_item_id"]}
        demo_ids |= {r["source_checkpoint_id"] for r in records}
        assert len(records) == len(demo_items)
        # The fixtures hold backups of both tenants too.
        demo_ids |= {b for b, project in FIXTURE_BACKUPS.items() if project != OTHER_PROJECT}
        other_ids = set(other_items) | {
            b for b, project in FIXTURE_BACKUPS.items() if project == OTHER_PROJECT
        }

        tenants = {
            "demo": ({"X-Auth-Token": DEMO_TOKEN}, None, PROJECT, other_ids, demo_ids),
            "other": ({"X-Auth-Token": OTHER_TOKEN}, None, OTHER_PROJECT, demo_ids, other_ids),
            "other-aksk": (
                {}, AkSkAuth(OTHER_AK, OTHER_SK), OTHER_PROJECT, demo_ids, other_ids,
            ),
        }  # fmt: skip
        checked = 0
        leaks: list[str] = []
        for name, (headers, auth, own, foreign, mine) in tenants.items():
            own_seen = 0  # the check can see ids at all: each tenant's own do show up
            targets = [*demo_items[:2], *other_items[:2], records[0]["destination_item_id"]]
            paths = [
                f"/v1/{own}/checkpoint_items",
                f"/v1/{own}/checkpoint_items?limit=1",
                f"/v1/{own}/replication_capabilities",
                *(f"/v1/{own}/checkpoint_items?marker={t}" for t in targets),
                *(f"/v1/{own}/checkpoint_items/{t}" for t in targets),
                *(f"/v1/{project}/checkpoint_items" for project in (PROJECT, OTHER_PROJECT)),
                *(f"/v1/{project}/checkpoint_items/{t}"
                  for project in (PROJECT, OTHER_PROJECT) for t in targets),
            ]  # fmt: skip
            requests = [client.build_request("GET", p, headers=headers) for p in paths]
            requests += [
                client.build_request(
                    "POST", replicate_path(t, project), json=replicate_body("cn-east-2"),
                    headers=headers,
                )
                for project in (own, PROJECT)
                for t in targets
            ]  # fmt: skip
            for request in requests:
                response = client.send(request, auth=auth) if auth else client.send(request)
                checked += 1
                # An id the caller sent may be echoed back ("... (id) is not found").
                sent = _ids_in(str(request.url)) | _ids_in(request.content.decode())
                leaked = (_ids_in(response.text) & foreign) - sent
                own_seen += len((_ids_in(response.text) & mine) - sent)
                if leaked:
                    leaks.append(f"{name} {request.method} {request.url.path}: {sorted(leaked)}")
                if response.status_code >= 500:
                    leaks.append(f"{name} {request.method} {request.url}: {response.status_code}")
            assert own_seen > 0, f"{name} never saw its own ids: the leak check sees nothing"
        # The other tenant's own listing holds exactly its own backups.
        own = client.get(f"/v1/{OTHER_PROJECT}/checkpoint_items",
                         headers={"X-Auth-Token": OTHER_TOKEN})  # fmt: skip
        assert {b["id"] for b in own.json()["checkpoint_items"]} == other_ids
    assert leaks == [], "\n".join(leaks)
    FIGURES["leak_checked_responses"] += checked
    FIGURES["leaks"] = len(leaks)
