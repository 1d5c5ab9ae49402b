"""verify_request: one test per refusal reason, with the clock injected (never slept)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import httpx
import pytest

from csbs_signing import (
    AkSkAuth,
    SignatureError,
    SignatureErrorReason,
    SignedIdentity,
    format_sdk_date,
    sign_parts,
    verify_request,
)

from .strategies import AK, SK, VECTOR_DATE, VECTOR_HOST, ServerView, secrets, server_view

Reason = SignatureErrorReason


def _signed(
    *,
    project_id: str | None = "0605767ea3000fe22f9dc0169f8a1234",
    security_token: str | None = None,
    content_type: str = "application/json",
    body: bytes = b'{"destination_region":"ap-southeast-3"}',
) -> ServerView:
    request = httpx.Request(
        "POST",
        f"https://{VECTOR_HOST}/v1/{project_id}/checkpoint_items/abc/replicate?x=1",
        headers={"Content-Type": content_type, "X-Custom": "v"},
        content=body,
    )
    AkSkAuth(AK, SK, project_id, security_token, clock=lambda: VECTOR_DATE).sign_request(request)
    return server_view(request)


def _verify(view: ServerView, *, now_offset: timedelta = timedelta(0)) -> SignedIdentity:
    return verify_request(
        view.method,
        view.raw_path,
        view.query_string,
        view.headers,
        view.body,
        lookup_secret=secrets,
        now=VECTOR_DATE + now_offset,
    )


def _refusal(view: ServerView, *, now_offset: timedelta = timedelta(0)) -> Reason:
    with pytest.raises(SignatureError) as refused:
        _verify(view, now_offset=now_offset)
    assert refused.value.reason.value in str(refused.value)
    return refused.value.reason


def _with_headers(view: ServerView, **changes: str | None) -> ServerView:
    headers = dict(view.headers)
    for name, value in changes.items():
        key = name.replace("_", "-")
        if value is None:
            headers.pop(key, None)
        else:
            headers[key] = value
    return dataclasses.replace(view, headers=headers)


def test_accepts_and_reports_identity() -> None:
    identity = _verify(_signed(security_token="sts-token"))
    assert identity == SignedIdentity(AK, "0605767ea3000fe22f9dc0169f8a1234", "sts-token")
    assert "sts-token" not in repr(identity)
    assert _verify(_signed(project_id=None)) == SignedIdentity(AK, None, None)


def test_reasons_are_distinct_and_stable() -> None:
    values = [reason.value for reason in Reason]
    assert len(values) == len(set(values))
    assert {
        "malformed_authorization",
        "unknown_access_key",
        "bad_signature",
        "missing_date",
        "date_skewed",
        "date_not_signed",
        "signed_header_missing",
    } <= set(values)


def test_missing_authorization() -> None:
    assert _refusal(_with_headers(_signed(), authorization=None)) is Reason.MISSING_AUTHORIZATION


@pytest.mark.parametrize(
    "value",
    [
        "",
        "Bearer abc",
        "SDK-HMAC-SM3 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=" + "a" * 64,
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date",
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=xyz",
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=" + "a" * 63,
        "SDK-HMAC-SHA256 Access=, SignedHeaders=host;x-sdk-date, Signature=" + "a" * 64,
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;;x-sdk-date, Signature=" + "a" * 64,
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;Host;x-sdk-date, Signature="
        + "a" * 64,
        "SDK-HMAC-SHA256 SignedHeaders=host;x-sdk-date, Access=AccessKey, Signature=" + "a" * 64,
    ],
)
def test_malformed_authorization(value: str) -> None:
    assert _refusal(_with_headers(_signed(), authorization=value)) is Reason.MALFORMED_AUTHORIZATION


def test_unknown_access_key() -> None:
    view = _signed()
    forged = view.headers["authorization"].replace(f"Access={AK},", "Access=SomeoneElse,")
    assert _refusal(_with_headers(view, authorization=forged)) is Reason.UNKNOWN_ACCESS_KEY


def test_bad_signature_from_wrong_secret() -> None:
    view = _signed()
    request = httpx.Request("POST", "https://h/")
    AkSkAuth(AK, "NotTheSecret", clock=lambda: VECTOR_DATE).sign_request(request)
    wrong = view.headers["authorization"].rsplit("Signature=", 1)[0] + (
        "Signature=" + request.headers["authorization"].rsplit("Signature=", 1)[1]
    )
    assert _refusal(_with_headers(view, authorization=wrong)) is Reason.BAD_SIGNATURE


@pytest.mark.parametrize(
    "date", [None, "", "2020-06-08T02:39:00Z", "20200608T023900", "2020068T2390Z", "garbage"]
)
def test_missing_or_unparseable_date(date: str | None) -> None:
    assert _refusal(_with_headers(_signed(), x_sdk_date=date)) is Reason.MISSING_DATE


def test_date_not_among_signed_headers() -> None:
    headers = {
        "Host": VECTOR_HOST,
        "X-Sdk-Date": format_sdk_date(VECTOR_DATE),
        "Content-Type": "application/json",
    }
    authorization = sign_parts(
        method="GET",
        raw_path="/v1/x",
        query_string="",
        headers=headers,
        body=b"",
        ak=AK,
        sk=SK,
        signed_headers=["content-type", "host"],
    )
    view = ServerView("GET", b"/v1/x", b"", {**headers, "Authorization": authorization}, b"")
    assert _refusal(view) is Reason.DATE_NOT_SIGNED


def test_signed_header_absent() -> None:
    assert _refusal(_with_headers(_signed(), x_custom=None)) is Reason.SIGNED_HEADER_MISSING
    assert _refusal(_with_headers(_signed(), host=None)) is Reason.SIGNED_HEADER_MISSING


def test_unsigned_project_id_is_not_trusted() -> None:
    view = _with_headers(_signed(project_id=None), x_project_id="someone-elses-project")
    assert _refusal(view) is Reason.UNSIGNED_IDENTITY_HEADER


def test_resent_sixteen_minutes_later_is_skewed() -> None:
    view = _signed()
    # The exact same bytes replayed within the window are accepted: the scheme has no
    # nonce, so replay protection is the 15-minute window only.
    _verify(view, now_offset=timedelta(minutes=15))
    _verify(view, now_offset=-timedelta(minutes=15))
    assert _refusal(view, now_offset=timedelta(minutes=16)) is Reason.DATE_SKEWED
    assert _refusal(view, now_offset=-timedelta(minutes=16)) is Reason.DATE_SKEWED
    assert _refusal(view, now_offset=timedelta(minutes=15, seconds=1)) is Reason.DATE_SKEWED


def test_max_skew_is_configurable() -> None:
    view = _signed()
    with pytest.raises(SignatureError) as refused:
        verify_request(
            view.method,
            view.raw_path,
            view.query_string,
            view.headers,
            view.body,
            lookup_secret=secrets,
            now=VECTOR_DATE + timedelta(minutes=2),
            max_skew=timedelta(minutes=1),
        )
    assert refused.value.reason is Reason.DATE_SKEWED


def test_naive_now_is_a_programming_error() -> None:
    view = _signed()
    with pytest.raises(ValueError, match="timezone-aware"):
        verify_request(
            view.method,
            view.raw_path,
            view.query_string,
            view.headers,
            view.body,
            lookup_secret=secrets,
            now=VECTOR_DATE.replace(tzinfo=None),
        )


def test_unsigned_payload_and_injected_hash_header() -> None:
    # Non-JSON content type: the SDK sends UNSIGNED-PAYLOAD, so the body is not covered.
    unsigned = _signed(content_type="application/octet-stream", body=b"\x00\x01")
    assert unsigned.headers["x-sdk-content-sha256"] == "UNSIGNED-PAYLOAD"
    _verify(dataclasses.replace(unsigned, body=b"anything else"))

    # JSON body: an attacker adding an unsigned X-Sdk-Content-Sha256 header cannot
    # switch the check off.
    signed = _signed()
    injected = _with_headers(
        dataclasses.replace(signed, body=b'{"evil":1}'), x_sdk_content_sha256="UNSIGNED-PAYLOAD"
    )
    assert _refusal(injected) is Reason.BAD_SIGNATURE


def test_raw_path_may_carry_the_query() -> None:
    view = _signed()
    joined = view.raw_path + b"?" + view.query_string
    assert (
        verify_request(
            view.method,
            joined,
            b"",
            view.headers,
            view.body,
            lookup_secret=secrets,
            now=VECTOR_DATE,
        ).ak
        == AK
    )
    with pytest.raises(ValueError, match="query_string"):
        verify_request(
            view.method,
            joined,
            view.query_string,
            view.headers,
            view.body,
            lookup_secret=secrets,
            now=VECTOR_DATE,
        )


def test_header_lookup_is_case_insensitive() -> None:
    view = _signed()
    shouted = {name.upper(): value for name, value in view.headers.items()}
    assert _verify(dataclasses.replace(view, headers=shouted)).ak == AK
