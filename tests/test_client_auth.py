"""The generated client authenticates without any edit to generated code: AK/SK and token.

AK/SK: ``AkSkAuth`` reaches the generated ``Client`` through ``httpx_args`` (sync and async),
through a custom httpx client (``set_httpx_client`` / ``set_async_httpx_client``) or as a
``"request"`` event hook.  Each wiring is tested twice, identical but for the credentials:
without them the emulator answers 401 ``APIGW.0301``, with them 200.  So an ``auth`` or a
hook that the client silently dropped would show up here as a 401, not pass unnoticed.

Token: ``AuthenticatedClient(base_url, token, auth_header_name="X-Auth-Token", prefix="")``,
plus the two ways of getting it wrong that the generated code does not warn about.

Sync wirings that build their own ``httpx.Client`` need a real server: they talk to a live
``csbs-emulator serve`` on 127.0.0.1.  The others run the ASGI app in process.
"""

from __future__ import annotations

import asyncio
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
import pytest

import csbs_client
from csbs_client import AuthenticatedClient
from csbs_client.api.backups import show_backup
from csbs_client.api.replication import replicate_backup
from csbs_client.models import (
    ProviderId,
    ReplicateRequest,
    ReplicateResponse,
    ReplicationParam,
    ServiceError,
    ShowBackupResponse,
)
from csbs_client.types import Response
from csbs_emulator import EmulatorConfig, create_app
from csbs_emulator.app import Emulator
from csbs_signing import (
    ENV_AK,
    ENV_PROJECT_ID,
    ENV_SECURITY_TOKEN,
    ENV_SK,
    AkSkAuth,
    credentials_from_env,
)

with warnings.catch_warnings():
    # starlette 1.x prefers httpx2 for its TestClient; the httpx it falls back to is ours.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

AK = "EMULATORDEMOAK000001"
SK = "emulator-demo-secret-key-0001"
PROVIDER = ProviderId.FC4D5750_22E7_4798_8A46_F48F62C4C1DA
INPROCESS_URL = "http://testserver"
NO_CREDENTIALS = "no X-Auth-Token or Authorization header"


# -- emulators: one in process, one live, both reset before every test ----------------------
# The live one is `live_url` (tests/conftest.py): `csbs-emulator serve` on 127.0.0.1.


@pytest.fixture(scope="module")
def app() -> Iterator[Emulator]:
    emulator = create_app(EmulatorConfig(strict_responses=True, access_log=False))
    yield emulator
    emulator.close()


def _reset(http: httpx.Client) -> dict[str, Any]:
    try:
        assert http.post("/_emulator/reset").status_code == 200
        demo: dict[str, Any] = http.get("/_emulator/demo").json()
        return demo
    finally:
        http.close()


@pytest.fixture
def demo(app: Emulator) -> dict[str, Any]:
    """The in-process emulator, reset; its demo dataset."""
    # Not `with TestClient(...)`: that runs the lifespan, whose shutdown closes the store.
    return _reset(TestClient(app))


@pytest.fixture
def live_demo(live_url: str) -> dict[str, Any]:
    """The live emulator, reset; its demo dataset."""
    return _reset(httpx.Client(base_url=live_url, timeout=10.0))


# -- the calls ------------------------------------------------------------------------------


def _body(demo: dict[str, Any]) -> ReplicateRequest:
    return ReplicateRequest(
        ReplicationParam(demo["destination_region"], demo["destination_project_id"], name="auth")
    )


def _replicate(client: csbs_client.Client | AuthenticatedClient, demo: dict[str, Any]) -> Any:
    return replicate_backup.sync_detailed(
        demo["project_id"], PROVIDER, UUID(demo["checkpoint_item_ids"][0]),
        client=client, body=_body(demo),
    )  # fmt: skip


def _areplicate(client: csbs_client.Client | AuthenticatedClient, demo: dict[str, Any]) -> Any:
    async def call() -> Response[ReplicateResponse | ServiceError]:
        try:
            return await replicate_backup.asyncio_detailed(
                demo["project_id"], PROVIDER, UUID(demo["checkpoint_item_ids"][0]),
                client=client, body=_body(demo),
            )  # fmt: skip
        finally:
            await client.get_async_httpx_client().aclose()

    return asyncio.run(call())


def assert_replicated(response: Response[Any]) -> ReplicateResponse:
    assert response.status_code == 200, response.content
    assert isinstance(response.parsed, ReplicateResponse)
    return response.parsed


def assert_error(response: Response[Any], status: int, code: str, text: str) -> ServiceError:
    assert response.status_code == status, response.content
    error = response.parsed
    assert isinstance(error, ServiceError), response.content
    assert error.error_code == code
    assert text in error.error_msg, error.error_msg
    assert error.request_id == response.headers["x-request-id"]
    return error


# -- AK/SK: every wiring, with and without the credentials --------------------------------


@dataclass(frozen=True)
class Wiring:
    """How AkSkAuth reaches the generated client; ``auth=None`` builds the same minus it."""

    build: Callable[[Emulator, str, AkSkAuth | None], csbs_client.Client]
    is_async: bool = False
    live: bool = False


def _httpx_args(app: Emulator, url: str, auth: AkSkAuth | None) -> csbs_client.Client:
    return csbs_client.Client(base_url=url, httpx_args={"auth": auth} if auth else {})


def _httpx_args_async(app: Emulator, url: str, auth: AkSkAuth | None) -> csbs_client.Client:
    args: dict[str, Any] = {"transport": httpx.ASGITransport(app)}
    if auth:
        args["auth"] = auth
    return csbs_client.Client(base_url=INPROCESS_URL, httpx_args=args)


def _custom_client(app: Emulator, url: str, auth: AkSkAuth | None) -> csbs_client.Client:
    http = TestClient(app)
    if auth:
        http.auth = auth
    return csbs_client.Client(base_url=INPROCESS_URL).set_httpx_client(http)


def _custom_async_client(app: Emulator, url: str, auth: AkSkAuth | None) -> csbs_client.Client:
    http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url=INPROCESS_URL, auth=auth or None
    )
    return csbs_client.Client(base_url=INPROCESS_URL).set_async_httpx_client(http)


def _request_hook(app: Emulator, url: str, auth: AkSkAuth | None) -> csbs_client.Client:
    http = TestClient(app)
    if auth:
        http.event_hooks = {"request": [auth.sign_request]}
    return csbs_client.Client(base_url=INPROCESS_URL).set_httpx_client(http)


def _async_request_hook(app: Emulator, url: str, auth: AkSkAuth | None) -> csbs_client.Client:
    args: dict[str, Any] = {"transport": httpx.ASGITransport(app)}
    if auth:
        args["event_hooks"] = {"request": [auth.asign_request]}
    return csbs_client.Client(base_url=INPROCESS_URL, httpx_args=args)


WIRINGS = {
    "httpx_args": Wiring(_httpx_args, live=True),
    "httpx_args-async": Wiring(_httpx_args_async, is_async=True),
    "set_httpx_client": Wiring(_custom_client),
    "set_async_httpx_client": Wiring(_custom_async_client, is_async=True),
    "request-event-hook": Wiring(_request_hook),
    "async-request-event-hook": Wiring(_async_request_hook, is_async=True),
}


@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
@pytest.mark.parametrize("wiring", WIRINGS)
def test_aksk_wiring_is_not_silently_ignored(
    request: pytest.FixtureRequest, app: Emulator, wiring: str, signed: bool
) -> None:
    how = WIRINGS[wiring]
    if how.live:
        url: str = request.getfixturevalue("live_url")
        demo: dict[str, Any] = request.getfixturevalue("live_demo")
    else:
        url, demo = INPROCESS_URL, request.getfixturevalue("demo")
    client = how.build(app, url, AkSkAuth(AK, SK) if signed else None)
    try:
        response = (_areplicate if how.is_async else _replicate)(client, demo)
    finally:
        if not how.is_async:
            client.get_httpx_client().close()
    if signed:
        # Nothing but a verified signature can get a 200: no token is sent.
        assert_replicated(response)
    else:
        assert_error(response, 401, "APIGW.0301", NO_CREDENTIALS)


def test_response_hooks_see_the_signed_request(live_url: str, live_demo: dict[str, Any]) -> None:
    seen: list[httpx.Request] = []
    client = csbs_client.Client(
        base_url=live_url,
        httpx_args={
            "auth": AkSkAuth(AK, SK),
            "event_hooks": {"response": [lambda response: seen.append(response.request)]},
        },
    )
    with client:
        assert_replicated(_replicate(client, live_demo))
    (sent,) = seen
    authorization = sent.headers["Authorization"]
    assert authorization.startswith(f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=")
    signed_headers = re.search(r"SignedHeaders=([^,]+)", authorization)
    assert signed_headers is not None
    assert {"host", "x-sdk-date", "content-type"} <= set(signed_headers.group(1).split(";"))
    assert "X-Auth-Token" not in sent.headers


# -- credentials from the environment ------------------------------------------------------


def test_credentials_from_env_sign_the_generated_client(
    monkeypatch: pytest.MonkeyPatch, live_url: str, live_demo: dict[str, Any]
) -> None:
    monkeypatch.setenv(ENV_AK, AK)
    monkeypatch.setenv(ENV_SK, SK)
    monkeypatch.setenv(ENV_PROJECT_ID, live_demo["project_id"])
    monkeypatch.setenv(ENV_SECURITY_TOKEN, "sts-token-for-the-test")
    credentials = credentials_from_env()
    assert credentials is not None
    seen: list[httpx.Request] = []
    client = csbs_client.Client(
        base_url=live_url,
        httpx_args={
            "auth": credentials.auth(),
            "event_hooks": {"response": [lambda response: seen.append(response.request)]},
        },
    )
    with client:
        assert_replicated(_replicate(client, live_demo))
    (sent,) = seen
    assert sent.headers["X-Project-Id"] == live_demo["project_id"]
    assert sent.headers["X-Security-Token"] == "sts-token-for-the-test"
    assert "x-project-id;x-sdk-date;x-security-token" in sent.headers["Authorization"]


def test_env_project_id_must_match_the_path(
    monkeypatch: pytest.MonkeyPatch, live_url: str, live_demo: dict[str, Any]
) -> None:
    monkeypatch.setenv(ENV_AK, AK)
    monkeypatch.setenv(ENV_SK, SK)
    monkeypatch.setenv(ENV_PROJECT_ID, live_demo["destination_project_id"])
    credentials = credentials_from_env()
    assert credentials is not None
    with csbs_client.Client(base_url=live_url, httpx_args={"auth": credentials.auth()}) as client:
        assert_error(_replicate(client, live_demo), 403, "APIGW.0302", "X-Project-Id")


# -- token -----------------------------------------------------------------------------------


def _token_client(
    url: str, token: str, record: list[httpx.Request] | None = None, **kwargs: Any
) -> AuthenticatedClient:
    hooks = {}
    if record is not None:
        hooks["response"] = [lambda response: record.append(response.request)]
    options: dict[str, Any] = {"auth_header_name": "X-Auth-Token", "prefix": ""} | kwargs
    return AuthenticatedClient(
        base_url=url, token=token, httpx_args={"event_hooks": hooks}, **options
    )


def test_token_client_sends_the_bare_token_in_x_auth_token(
    live_url: str, live_demo: dict[str, Any]
) -> None:
    seen: list[httpx.Request] = []
    with _token_client(live_url, live_demo["token"], seen) as client:
        assert_replicated(_replicate(client, live_demo))
        shown = show_backup.sync_detailed(
            live_demo["project_id"], UUID(live_demo["checkpoint_item_ids"][0]), client=client
        )
        assert shown.status_code == 200, shown.content
        assert isinstance(shown.parsed, ShowBackupResponse)
    assert len(seen) == 2
    for sent in seen:
        assert sent.headers["X-Auth-Token"] == live_demo["token"]  # no "Bearer", no blank
        assert "Authorization" not in sent.headers


def test_token_client_async(app: Emulator, demo: dict[str, Any]) -> None:
    client = AuthenticatedClient(
        base_url=INPROCESS_URL,
        token=demo["token"],
        auth_header_name="X-Auth-Token",
        prefix="",
        httpx_args={"transport": httpx.ASGITransport(app)},
    )
    assert_replicated(_areplicate(client, demo))


@pytest.mark.parametrize(
    ("token", "options", "status", "code", "text"),
    [
        ("emulator-demo-token", {"auth_header_name": "Authorization", "prefix": "Bearer"},
         401, "APIGW.0301", "malformed_authorization"),
        ("not-a-token", {}, 401, "APIGW.0301", "the token is not valid"),
        ("emulator-demo-token-readonly", {}, 403, "APIGW.0302", "read-only"),
    ],
    ids=["generated-default-bearer-header", "unknown-token", "read-only-token"],
)  # fmt: skip
def test_token_refusals(
    live_url: str,
    live_demo: dict[str, Any],
    token: str,
    options: dict[str, Any],
    status: int,
    code: str,
    text: str,
) -> None:
    with _token_client(live_url, token, **options) as client:
        assert_error(_replicate(client, live_demo), status, code, text)


def test_token_is_dropped_by_a_custom_httpx_client(app: Emulator, demo: dict[str, Any]) -> None:
    # AuthenticatedClient adds its token header only to httpx clients it builds itself; a
    # client given to set_httpx_client must carry the header on its own.
    bare = AuthenticatedClient(
        base_url=INPROCESS_URL, token=demo["token"], auth_header_name="X-Auth-Token", prefix=""
    ).set_httpx_client(TestClient(app))
    assert_error(_replicate(bare, demo), 401, "APIGW.0301", NO_CREDENTIALS)

    carrying = AuthenticatedClient(
        base_url=INPROCESS_URL, token=demo["token"], auth_header_name="X-Auth-Token", prefix=""
    ).set_httpx_client(TestClient(app, headers={"X-Auth-Token": demo["token"]}))
    assert_replicated(_replicate(carrying, demo))
