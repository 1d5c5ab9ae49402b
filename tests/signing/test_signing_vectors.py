"""Public test vectors, canonical-form unit checks and environment credentials."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest
from huaweicloudsdkcore.auth.provider import EnvCredentialProvider

from csbs_signing import (
    EMPTY_BODY_SHA256,
    ENV_AK,
    ENV_PROJECT_ID,
    ENV_SECURITY_TOKEN,
    ENV_SK,
    AkSkAuth,
    AkSkCredentials,
    canonical_query_string,
    canonical_uri,
    credentials_from_env,
    format_sdk_date,
    parse_sdk_date,
    sign_parts,
)
from csbs_signing.canonical import canonical_request

from .strategies import AK, SK, VECTOR_DATE, VECTOR_HOST

# huaweicloud-sdk-python-v3, huaweicloud-sdk-core/tests/test_signer.py.  The SDK test
# also passes a "TEST_UNDERSCORE" header, which must stay out of SignedHeaders.
GET_VECTOR = (
    "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
    "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"
)
POST_VECTOR = (
    "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
    "Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f"
)
VECTOR_HEADERS = {
    "Host": VECTOR_HOST,
    "X-Sdk-Date": "20200608T023900Z",
    "TEST_UNDERSCORE": "TEST_VALUE",
}


@pytest.mark.parametrize(
    ("method", "body", "expected"),
    [("GET", b"", GET_VECTOR), ("POST", b'{"name":"test","id":1}', POST_VECTOR)],
)
def test_public_vectors_from_pure_functions(method: str, body: bytes, expected: str) -> None:
    # The SDK vector has no Content-Type and no Content-Length: only host;x-sdk-date.
    signed = sign_parts(
        method=method,
        raw_path="/resources",
        query_string="size=1",
        headers=VECTOR_HEADERS,
        body=body,
        ak=AK,
        sk=SK,
    )
    assert signed == expected


def test_public_get_vector_through_httpx_auth() -> None:
    # A bodiless GET gets no Content-Length from httpx, so the httpx path can
    # reproduce the vector byte for byte, underscore header included.
    request = httpx.Request(
        "GET",
        f"https://{VECTOR_HOST}/resources?size=1",
        headers={"TEST_UNDERSCORE": "TEST_VALUE"},
    )
    AkSkAuth(AK, SK, clock=lambda: VECTOR_DATE).sign_request(request)
    assert request.headers["Authorization"] == GET_VECTOR
    assert request.headers["X-Sdk-Date"] == "20200608T023900Z"


def test_canonical_request_layout_for_the_get_vector() -> None:
    lowered = {k.lower(): v for k, v in VECTOR_HEADERS.items()}
    text = canonical_request(
        "get", "/resources", "size=1", lowered, ["host", "x-sdk-date"], EMPTY_BODY_SHA256
    )
    assert text == (
        b"GET\n/resources/\nsize=1\n"
        b"host:service.endpoint.myhuaweicloud.com\nx-sdk-date:20200608T023900Z\n"
        b"\nhost;x-sdk-date\n"
        b"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", "/"),
        ("/", "/"),
        ("/resources", "/resources/"),
        ("/resources/", "/resources/"),
        ("/a%2Fb", "/a/b/"),  # the SDK decodes before splitting
        ("/a%7eb/~", "/a~b/~/"),
        ("/a%20b/c+d", "/a%20b/c%2Bd/"),
        ("/%E4%B8%80", "/%E4%B8%80/"),
        ("/\u4e00", "/%E4%B8%80/"),
        ("/%zz", "/%25zz/"),  # not an escape: a literal percent sign
        ("//x//", "//x//"),
    ],
)
def test_canonical_uri(raw: str, expected: str) -> None:
    assert canonical_uri(raw) == expected
    assert canonical_uri(raw.encode("utf-8")) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("size=1", "size=1"),
        ("b=2&a=1", "a=1&b=2"),
        ("a=2&a=1&a=", "a=&a=1&a=2"),  # repeated keys keep every value, sorted
        ("flag", "flag="),
        ("a=1&&b=", "a=1&b="),
        ("q=a+b", "q=a%2Bb"),  # "+" is a literal plus, as in the gateway's signer
        ("q=a%20b", "q=a%20b"),
        ("p=%2Ftmp%2F123&p=/tmp", "p=%2Ftmp&p=%2Ftmp%2F123"),
        ("k=%7E~", "k=~~"),
    ],
)
def test_canonical_query_string(raw: str, expected: str) -> None:
    assert canonical_query_string(raw) == expected


def test_canonical_query_matches_sdk_unit_vector() -> None:
    # huaweicloud-sdk-core tests/test_signer.py::test_process_canonical_query_string,
    # expressed as the wire query the SDK would send for those parameters.
    raw = (
        "limit=1&enable=true&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
        "&path=%2Ftmp%2F123&multi=1&multi=2&multi=3"
    )
    assert canonical_query_string(raw) == (
        "enable=true&limit=1&multi=1&multi=2&multi=3"
        "&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
    )


def test_sdk_date_round_trip_and_strictness() -> None:
    moment = datetime(2020, 6, 8, 10, 39, tzinfo=timezone(timedelta(hours=8)))
    assert format_sdk_date(moment) == "20200608T023900Z"
    assert parse_sdk_date("20200608T023900Z") == VECTOR_DATE
    with pytest.raises(ValueError, match="timezone-aware"):
        format_sdk_date(datetime(2020, 6, 8))
    for bad in ("2020068T2390Z", "20200608T023900", "2020-06-08T02:39:00Z", ""):
        with pytest.raises(ValueError, match="X-Sdk-Date"):
            parse_sdk_date(bad)


def test_auth_rejects_naive_clock_and_hides_secrets() -> None:
    auth = AkSkAuth(AK, SK, "proj", "token-value", clock=lambda: datetime(2020, 1, 1))
    assert SK not in repr(auth)
    assert "token-value" not in repr(auth)
    with pytest.raises(ValueError, match="timezone-aware"):
        auth.sign_request(httpx.Request("GET", "https://h/"))
    with pytest.raises(ValueError, match="non-empty"):
        AkSkAuth("", SK)


def test_env_variable_names_match_the_sdk() -> None:
    env = EnvCredentialProvider
    assert (ENV_AK, ENV_SK, ENV_PROJECT_ID, ENV_SECURITY_TOKEN) == (
        env._AK_ENV_NAME,
        env._SK_ENV_NAME,
        env._PROJECT_ID_ENV_NAME,
        env._SECURITY_TOKEN_ENV_NAME,
    )


def test_credentials_from_env() -> None:
    assert credentials_from_env({}) is None
    assert credentials_from_env({ENV_AK: "", ENV_SK: ""}) is None
    full = credentials_from_env(
        {ENV_AK: "ak1", ENV_SK: "sk1", ENV_PROJECT_ID: "p1", ENV_SECURITY_TOKEN: "t1"}
    )
    assert full == AkSkCredentials("ak1", "sk1", "p1", "t1")
    assert "sk1" not in repr(full)
    assert "t1" not in repr(full)
    basic = credentials_from_env({ENV_AK: "ak1", ENV_SK: "sk1", ENV_PROJECT_ID: ""})
    assert basic == AkSkCredentials("ak1", "sk1")
    for half in ({ENV_AK: "ak1"}, {ENV_SK: "sk1"}):
        with pytest.raises(ValueError, match="set both or neither"):
            credentials_from_env(half)


def test_credentials_from_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (ENV_AK, ENV_SK, ENV_PROJECT_ID, ENV_SECURITY_TOKEN):
        monkeypatch.delenv(name, raising=False)
    assert credentials_from_env() is None
    monkeypatch.setenv(ENV_AK, "envak")
    monkeypatch.setenv(ENV_SK, "envsk")
    creds = credentials_from_env()
    assert creds is not None
    request = httpx.Request("GET", "https://h/x")
    creds.auth(clock=lambda: datetime.now(UTC)).sign_request(request)
    assert request.headers["Authorization"].startswith("SDK-HMAC-SHA256 Access=envak, ")
