"""The generated client, signed with AkSkAuth, against the emulator: in process and live.

Every test runs against two targets: the ASGI app in process (starlette's ``TestClient`` is
the httpx client under the generated one) and a live ``csbs-emulator serve`` subprocess on
127.0.0.1 (a free port, read from the "serving on" line), reached over TCP with
``httpx_args={"auth": ...}``.  Both are reset before each test.

No test sleeps.  The in-process emulator runs on a frozen clock, so the 15-minute window is
tested to the second; the live one runs on the real clock.  Signers always sign with the
emulator's own idea of "now" (``GET /_emulator/clock``) plus or minus a chosen offset, and
ageing a request means ``POST /_emulator/clock`` and re-sending the very same request object.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest

import csbs_client
from csbs_client.api.backups import list_backups, show_backup
from csbs_client.api.capabilities import show_replication_capabilities
from csbs_client.api.replication import replicate_backup
from csbs_client.models import (
    BackupStatus,
    CopyStatus,
    LinkRel,
    ListBackupsResponse,
    ProviderId,
    ReplicateRequest,
    ReplicateResponse,
    ReplicationCapabilities,
    ReplicationParam,
    ServiceError,
    ShowBackupResponse,
)
from csbs_client.types import Response
from csbs_emulator import EmulatorConfig, create_app
from csbs_emulator.app import Emulator
from csbs_signing import AkSkAuth

with warnings.catch_warnings():
    # starlette 1.x prefers httpx2 for its TestClient; the httpx it falls back to is ours.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

AK_RW = "EMULATORDEMOAK000001"
SK_RW = "emulator-demo-secret-key-0001"
AK_RO = "EMULATORDEMOAK000002"
SK_RO = "emulator-demo-secret-key-0002"
PROVIDER = ProviderId.FC4D5750_22E7_4798_8A46_F48F62C4C1DA
FROZEN_AT = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


# -- the two targets ------------------------------------------------------------------
# The live one is `live_url` (tests/conftest.py): `csbs-emulator serve` on 127.0.0.1.


@pytest.fixture(scope="module")
def inprocess_app() -> Iterator[Emulator]:
    app = create_app(
        EmulatorConfig(strict_responses=True, access_log=False, clock=lambda: FROZEN_AT)
    )
    yield app
    app.close()


@dataclass
class Target:
    """One emulator to talk to, and the clients for it (all closed after the test)."""

    kind: str  # "in-process" or "live"
    base_url: str
    _new_http: Callable[[], httpx.Client]
    _opened: list[httpx.Client] = field(default_factory=list)

    def http(
        self, auth: httpx.Auth | None = None, record: list[httpx.Request] | None = None
    ) -> httpx.Client:
        """A plain httpx client to the emulator; ``record`` collects what it sent."""
        client = self._new_http()
        if auth is not None:
            client.auth = auth
        if record is not None:
            client.event_hooks = {"response": [_recorder(record)]}
        self._opened.append(client)
        return client

    def client(
        self, auth: httpx.Auth, record: list[httpx.Request] | None = None
    ) -> csbs_client.Client:
        """The generated client, signing with ``auth``."""
        if self.kind == "live":
            hooks = {"response": [_recorder(record)]} if record is not None else {}
            client = csbs_client.Client(
                base_url=self.base_url,
                timeout=httpx.Timeout(10.0),
                httpx_args={"auth": auth, "event_hooks": hooks},
            )
            self._opened.append(client.get_httpx_client())
            return client
        return csbs_client.Client(base_url=self.base_url).set_httpx_client(self.http(auth, record))

    @property
    def control(self) -> httpx.Client:
        if not self._opened:
            self.http()
        return self._opened[0]

    def now(self) -> datetime:
        """The emulator's clock, as a client in step with it would read it."""
        response = self.control.get("/_emulator/clock")
        assert response.status_code == 200, response.text
        return datetime.fromisoformat(response.json()["now"]).replace(tzinfo=UTC)

    def move_clock(self, seconds: float) -> None:
        response = self.control.post("/_emulator/clock", json={"seconds": seconds})
        assert response.status_code == 200, response.text

    def signer(self, ak: str = AK_RW, sk: str = SK_RW, *, skew: timedelta = timedelta(0),
               **kwargs: Any) -> AkSkAuth:  # fmt: skip
        """AkSkAuth whose clock reads the emulator's clock, shifted by ``skew``."""
        return AkSkAuth(ak, sk, clock=lambda: self.now() + skew, **kwargs)

    def demo(self) -> dict[str, Any]:
        response = self.control.get("/_emulator/demo")
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data

    def close(self) -> None:
        for client in self._opened:
            client.close()


def _recorder(record: list[httpx.Request]) -> Callable[[httpx.Response], None]:
    def hook(response: httpx.Response) -> None:
        record.append(response.request)

    return hook


@pytest.fixture(params=["in-process", "live"])
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    if request.param == "live":
        url: str = request.getfixturevalue("live_url")
        made = Target("live", url, lambda: httpx.Client(base_url=url, timeout=10.0))
    else:
        app: Emulator = request.getfixturevalue("inprocess_app")
        made = Target("in-process", "http://testserver", lambda: TestClient(app))
    reset = made.control.post("/_emulator/reset")
    assert reset.status_code == 200, reset.text
    yield made
    made.close()


@pytest.fixture
def demo(target: Target) -> dict[str, Any]:
    return target.demo()


# -- helpers ----------------------------------------------------------------------------


def replication_body(demo: dict[str, Any], name: str = "rt-replica") -> ReplicateRequest:
    return ReplicateRequest(
        ReplicationParam(demo["destination_region"], demo["destination_project_id"], name=name)
    )


def replicate(
    client: csbs_client.Client, demo: dict[str, Any], item: str | None = None
) -> Response[ReplicateResponse | ServiceError]:
    return replicate_backup.sync_detailed(
        demo["project_id"],
        PROVIDER,
        UUID(item or demo["checkpoint_item_ids"][0]),
        client=client,
        body=replication_body(demo),
    )


def assert_gateway_error(
    status_code: int,
    headers: httpx.Headers,
    content: bytes,
    *,
    status: int,
    code: str,
    reason: str | None = None,
) -> ServiceError:
    """The service's error body: error_code, error_msg and the gateway's request_id."""
    assert status_code == status, content
    assert headers["content-type"] == "application/json"
    body = json.loads(content)
    assert set(body) == {"error_code", "error_msg", "request_id"}, body
    error = ServiceError.from_dict(body)
    assert error.error_code == code
    assert error.error_msg
    assert error.request_id == headers["x-request-id"]
    if reason is not None:
        assert f"({reason})" in error.error_msg, error.error_msg
    return error


def assert_refused(
    response: Response[Any], *, status: int = 401, code: str = "APIGW.0301",
    reason: str | None = None,
) -> ServiceError:  # fmt: skip
    # The generated client's own parsing must give the typed error too.
    assert isinstance(response.parsed, ServiceError), response.content
    return assert_gateway_error(
        response.status_code, httpx.Headers(response.headers), response.content,
        status=status, code=code, reason=reason,
    )  # fmt: skip


def assert_raw_refused(response: httpx.Response, reason: str) -> ServiceError:
    return assert_gateway_error(
        response.status_code, response.headers, response.content,
        status=401, code="APIGW.0301", reason=reason,
    )  # fmt: skip


# -- round trips --------------------------------------------------------------------------


def test_replicate_then_show_the_record(target: Target, demo: dict[str, Any]) -> None:
    client = target.client(target.signer())
    item = demo["checkpoint_item_ids"][0]

    replicated = replicate(client, demo, item)
    assert replicated.status_code == 200, replicated.content
    assert isinstance(replicated.parsed, ReplicateResponse)
    replication = replicated.parsed.replication
    assert replication.checkpoint_item_id == UUID(item)
    assert replication.project_id == demo["project_id"]
    assert replication.provider_id is PROVIDER
    assert replication.source_region == demo["region"]
    assert replication.destination_region == demo["destination_region"]
    assert replication.destination_project_id == demo["destination_project_id"]

    shown = show_backup.sync_detailed(demo["project_id"], UUID(item), client=client)
    assert shown.status_code == 200, shown.content
    assert isinstance(shown.parsed, ShowBackupResponse)
    backup = shown.parsed.checkpoint_item
    assert backup.id == UUID(item)
    assert backup.extend_info.copy_status is CopyStatus.SUCCESS  # lifecycle "instant"
    records = backup.replication_records
    assert not isinstance(records, csbs_client.types.Unset)
    assert replication.replication_record_id in {record.id for record in records}


def test_list_backups_pages_with_a_marker(target: Target, demo: dict[str, Any]) -> None:
    client = target.client(target.signer())
    project = demo["project_id"]
    status = BackupStatus.AVAILABLE

    everything = list_backups.sync_detailed(project, client=client, status=status)
    assert everything.status_code == 200, everything.content
    assert isinstance(everything.parsed, ListBackupsResponse)
    all_ids = [backup.id for backup in everything.parsed.checkpoint_items]
    assert len(all_ids) >= 4
    assert all(b.status is status for b in everything.parsed.checkpoint_items)

    first = list_backups.sync_detailed(project, client=client, status=status, limit=2)
    assert isinstance(first.parsed, ListBackupsResponse), first.content
    first_ids = [backup.id for backup in first.parsed.checkpoint_items]
    links = first.parsed.checkpoint_items_links
    assert not isinstance(links, csbs_client.types.Unset)
    (link,) = links
    assert link.rel is LinkRel.NEXT
    assert f"marker={first_ids[-1]}" in link.href

    second = list_backups.sync_detailed(
        project, client=client, status=status, limit=2, marker=first_ids[-1]
    )
    assert second.status_code == 200, second.content
    assert isinstance(second.parsed, ListBackupsResponse)
    second_ids = [backup.id for backup in second.parsed.checkpoint_items]
    assert first_ids + second_ids == all_ids[:4]


def test_show_replication_capabilities(target: Target, demo: dict[str, Any]) -> None:
    client = target.client(target.signer())
    response = show_replication_capabilities.sync_detailed(demo["project_id"], client=client)
    assert response.status_code == 200, response.content
    assert isinstance(response.parsed, ReplicationCapabilities)
    regions = {r.name: r.replication_destinations for r in response.parsed.regions}
    assert demo["destination_region"] in regions[demo["region"]]


def test_read_only_key_reads_but_cannot_replicate(target: Target, demo: dict[str, Any]) -> None:
    read_only = target.client(target.signer(AK_RO, SK_RO))
    item = demo["checkpoint_item_ids"][0]
    shown = show_backup.sync_detailed(demo["project_id"], UUID(item), client=read_only)
    assert shown.status_code == 200, shown.content  # the signature itself is fine

    error = assert_refused(replicate(read_only, demo, item), status=403, code="APIGW.0302")
    assert "read-only" in error.error_msg

    # The refused call changed nothing: the same item still replicates.
    again = replicate(target.client(target.signer()), demo, item)
    assert again.status_code == 200, again.content


# -- every signing fault is a 401 APIGW.0301 with the service's body ------------------------


class SignThenTamper(httpx.Auth):
    """Sign correctly, then change the request the way a broken client or a proxy might."""

    requires_request_body = True

    def __init__(self, signer: AkSkAuth, tamper: Callable[[httpx.Request], None]) -> None:
        self.signer = signer
        self.tamper = tamper

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.signer.sign_request(request)
        self.tamper(request)
        yield request


def _truncate_authorization(request: httpx.Request) -> None:
    # "SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=..." -> only "Access=..."
    request.headers["Authorization"] = request.headers["Authorization"].split(",")[0]


def _drop_date(request: httpx.Request) -> None:
    del request.headers["X-Sdk-Date"]


def _retarget(demo: dict[str, Any]) -> Callable[[httpx.Request], None]:
    """Send the signed request to another backup of the same project."""
    first, second = demo["checkpoint_item_ids"][:2]

    def tamper(request: httpx.Request) -> None:
        path = request.url.path.replace(first, second)
        assert path != request.url.path
        request.url = request.url.copy_with(path=path)

    return tamper


Fault = Callable[[Target, dict[str, Any]], httpx.Auth]
FAULTS: dict[str, tuple[Fault, str]] = {
    "malformed-authorization": (
        lambda t, d: SignThenTamper(t.signer(), _truncate_authorization),
        "malformed_authorization",
    ),
    "unknown-access-key": (
        lambda t, d: t.signer("EMULATORUNKNOWNAK999", SK_RW),
        "unknown_access_key",
    ),
    "wrong-secret-key": (lambda t, d: t.signer(AK_RW, "not-the-secret-key"), "bad_signature"),
    "path-changed-after-signing": (
        lambda t, d: SignThenTamper(t.signer(), _retarget(d)),
        "bad_signature",
    ),
    "missing-x-sdk-date": (lambda t, d: SignThenTamper(t.signer(), _drop_date), "missing_date"),
    "x-sdk-date-not-signed": (
        lambda t, d: t.signer(unsigned_headers={"x-sdk-date"}),
        "date_not_signed",
    ),
    "signed-16-minutes-ago": (
        lambda t, d: t.signer(skew=-timedelta(minutes=16)),
        "date_skewed",
    ),
    "signed-16-minutes-ahead": (
        lambda t, d: t.signer(skew=timedelta(minutes=16)),
        "date_skewed",
    ),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_signing_fault_is_refused(target: Target, demo: dict[str, Any], fault: str) -> None:
    make_auth, reason = FAULTS[fault]
    item = demo["checkpoint_item_ids"][0]

    assert_refused(replicate(target.client(make_auth(target, demo)), demo, item), reason=reason)

    # Nothing happened: the same backup still replicates with a good signature.
    good = replicate(target.client(target.signer()), demo, item)
    assert good.status_code == 200, good.content


# -- age: re-sending the same signed request after the clock moves --------------------------


def _signed_show(target: Target, demo: dict[str, Any]) -> httpx.Request:
    """Send one correctly signed showBackup through the generated client; return it."""
    sent: list[httpx.Request] = []
    client = target.client(target.signer(), record=sent)
    item = UUID(demo["checkpoint_item_ids"][0])
    response = show_backup.sync_detailed(demo["project_id"], item, client=client)
    assert response.status_code == 200, response.content
    (request,) = sent
    return request


def _resend(target: Target, request: httpx.Request) -> httpx.Response:
    """Re-send the very same request object, unsigned again: the same bytes go out."""
    before = (request.method, str(request.url), list(request.headers.raw), request.content)
    response = target.http().send(request)
    assert (request.method, str(request.url), list(request.headers.raw), request.content) == before
    return response


def test_request_resent_after_16_minutes_is_refused(target: Target, demo: dict[str, Any]) -> None:
    request = _signed_show(target, demo)
    # Within the window the gateway accepts an exact replay: it keeps no nonces.
    assert _resend(target, request).status_code == 200

    target.move_clock(960)
    assert_raw_refused(_resend(target, request), "date_skewed")

    # The emulator is fine; only the old request is too old.
    fresh = show_backup.sync_detailed(
        demo["project_id"], UUID(demo["checkpoint_item_ids"][0]),
        client=target.client(target.signer()),
    )  # fmt: skip
    assert fresh.status_code == 200, fresh.content


@pytest.mark.parametrize(
    ("moved_s", "accepted"), [(899, True), (900, True), (901, False), (960, False)]
)
def test_fifteen_minutes_exactly_is_still_accepted(
    inprocess_target: Target, moved_s: int, accepted: bool
) -> None:
    demo = inprocess_target.demo()
    request = _signed_show(inprocess_target, demo)
    assert request.headers["X-Sdk-Date"] == "20261120T120000Z"  # the frozen clock, to the second
    inprocess_target.move_clock(moved_s)
    response = _resend(inprocess_target, request)
    if accepted:
        assert response.status_code == 200, response.text
    else:
        assert_raw_refused(response, "date_skewed")


@pytest.mark.parametrize(
    ("skew", "accepted"),
    [
        (-WINDOW, True),
        (WINDOW, True),
        (-WINDOW - timedelta(seconds=1), False),
        (WINDOW + timedelta(seconds=1), False),
    ],
    ids=["15m-ago", "15m-ahead", "15m1s-ago", "15m1s-ahead"],
)
def test_signing_clock_window_boundary(
    inprocess_target: Target, skew: timedelta, accepted: bool
) -> None:
    demo = inprocess_target.demo()
    client = inprocess_target.client(inprocess_target.signer(skew=skew))
    response = show_backup.sync_detailed(
        demo["project_id"], UUID(demo["checkpoint_item_ids"][0]), client=client
    )
    if accepted:
        assert response.status_code == 200, response.content
    else:
        assert_refused(response, reason="date_skewed")


@pytest.fixture
def inprocess_target(inprocess_app: Emulator) -> Iterator[Target]:
    """The in-process target only: its frozen clock makes second-exact boundaries testable."""
    made = Target("in-process", "http://testserver", lambda: TestClient(inprocess_app))
    reset = made.control.post("/_emulator/reset")
    assert reset.status_code == 200, reset.text
    assert made.now() == FROZEN_AT
    yield made
    made.close()


# -- "+" in a signed query ----------------------------------------------------------------


@pytest.fixture
def plus_and_space_backups(target: Target, demo: dict[str, Any]) -> dict[str, str]:
    """Two backups whose names differ only in "+" versus " "; name -> id."""
    ids = {}
    for name in ("a+b", "a b"):
        made = target.control.post(
            "/_emulator/backups", json={"project_id": demo["project_id"], "name": name}
        )
        assert made.status_code == 200, made.text
        (ids[name],) = made.json()["checkpoint_item_ids"]
    return ids


def _names(response: httpx.Response | Response[Any]) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in json.loads(response.content)["checkpoint_items"]]


def test_plus_swapped_for_percent_2b_keeps_its_signed_meaning(
    target: Target, demo: dict[str, Any], plus_and_space_backups: dict[str, str]
) -> None:
    sent: list[httpx.Request] = []
    client = target.client(target.signer(), record=sent)
    listed = list_backups.sync_detailed(demo["project_id"], client=client, name="a+b")
    assert _names(listed) == ["a+b"]
    (signed,) = sent
    assert b"name=a%2Bb" in signed.url.raw_path

    # "q=a%2Bb" and "q=a+b" canonicalise alike, so the signature survives the swap; the
    # emulator must then read the swapped query as the signature did: a literal plus.
    swapped = httpx.Request(
        signed.method,
        signed.url.copy_with(raw_path=signed.url.raw_path.replace(b"%2B", b"+")),
        headers=signed.headers.raw,
    )
    assert b"name=a+b" in swapped.url.raw_path
    assert _names(target.http().send(swapped)) == ["a+b"]


def test_plus_stays_a_space_for_token_calls(
    target: Target, demo: dict[str, Any], plus_and_space_backups: dict[str, str]
) -> None:
    # httpx form-encodes " " as "+"; with no signature to agree with, the emulator reads the
    # query the way such clients write it.
    sent: list[httpx.Request] = []
    http = target.http(record=sent)
    http.headers["X-Auth-Token"] = demo["token"]
    client = csbs_client.Client(base_url=target.base_url).set_httpx_client(http)
    listed = list_backups.sync_detailed(demo["project_id"], client=client, name="a b")
    (request,) = sent
    assert b"name=a+b" in request.url.raw_path
    assert _names(listed) == ["a b"]


def test_signed_space_in_a_query_parameter_means_a_space(
    target: Target, demo: dict[str, Any], plus_and_space_backups: dict[str, str]
) -> None:
    client = target.client(target.signer())
    listed = list_backups.sync_detailed(demo["project_id"], client=client, name="a b")
    assert _names(listed) == ["a b"]
