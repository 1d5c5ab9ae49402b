"""Property tests: whatever AkSkAuth signs, verify_request accepts; any change is refused."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import timedelta
from urllib.parse import quote

import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from csbs_signing import (
    SignatureError,
    SignatureErrorReason,
    SignedIdentity,
    canonical_query_string,
    canonical_uri,
    format_sdk_date,
    parse_sdk_date,
    verify_request,
)
from csbs_signing.canonical import query_pairs

from .strategies import (
    AK,
    METHODS,
    VECTOR_DATE,
    RequestSpec,
    ServerView,
    hypothesis_settings,
    request_spec_st,
    secrets,
    server_view,
)

_within_window = st.integers(min_value=-15 * 60, max_value=15 * 60).map(
    lambda s: timedelta(seconds=s)
)


def _verify(view: ServerView, offset: timedelta = timedelta(0)) -> SignedIdentity:
    return verify_request(
        view.method,
        view.raw_path,
        view.query_string,
        view.headers,
        view.body,
        lookup_secret=secrets,
        now=VECTOR_DATE + offset,
    )


def _signed_view(spec: RequestSpec) -> ServerView:
    request = spec.httpx_request()
    spec.auth().sign_request(request)
    return server_view(request)


# Extra path forms the client-side strategy cannot produce through quote():
# escapes of invalid UTF-8, lower-case escapes and stray percent signs.
_odd_path_st = st.lists(
    st.sampled_from(("%FF", "%c3%a9", "%", "%zz", "%2f", "%7E", ".", "a+b", "")),
    min_size=1,
    max_size=4,
).map(lambda parts: "/" + "/".join(parts))

_odd_query_st = st.lists(
    st.sampled_from(("a", "a=", "=", "=x", "a=%FF", "b=%fe", "a=+", "", "c=%", "k=%2B")),
    max_size=5,
).map("&".join)


@hypothesis_settings(max_examples=300)
@given(spec=request_spec_st(), offset=_within_window)
def test_sign_then_verify_accepts(spec: RequestSpec, offset: timedelta) -> None:
    identity = _verify(_signed_view(spec), offset)
    assert identity == SignedIdentity(AK, spec.project_id, spec.security_token)


@hypothesis_settings(max_examples=150)
@given(spec=request_spec_st(), odd_path=_odd_path_st, odd_query=_odd_query_st)
def test_sign_then_verify_accepts_odd_raw_targets(
    spec: RequestSpec, odd_path: str, odd_query: str
) -> None:
    spec = dataclasses.replace(spec, raw_path=odd_path, query_items=[])
    request = spec.httpx_request()
    request.url = request.url.copy_with(raw_path=(odd_path + "?" + odd_query).encode("ascii"))
    spec.auth().sign_request(request)
    _verify(server_view(request))


def _mutated_query(query: bytes, data: st.DataObject) -> bytes:
    pairs = query_pairs(query)
    choice = data.draw(st.sampled_from(("add", "change_value", "change_key", "drop")))
    if choice == "add" or not pairs:
        key = data.draw(st.text(max_size=3).map(str.encode))
        pairs.append((key, b"v"))
    else:
        index = data.draw(st.integers(0, len(pairs) - 1))
        key, value = pairs[index]
        if choice == "change_value":
            pairs[index] = (key, value + b"x")
        elif choice == "change_key":
            pairs[index] = (key + b"x", value)
        else:
            del pairs[index]
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs).encode()


def _mutated_header(view: ServerView, data: st.DataObject) -> dict[str, str]:
    signed = view.headers["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    name = data.draw(st.sampled_from(signed))
    headers = dict(view.headers)
    if name == "x-sdk-date":
        # Still parseable and inside the window, so only the signature can object.
        moved = parse_sdk_date(headers[name]) + timedelta(
            seconds=data.draw(st.sampled_from((-1, 1)))
        )
        headers[name] = format_sdk_date(moved)
    else:
        headers[name] = headers[name] + data.draw(st.sampled_from(("x", "0", "-", "\u00e9")))
    event(f"tampered header: {name if name.startswith('x-') or name == 'host' else '<user>'}")
    return headers


def _tampered_variants(view: ServerView, data: st.DataObject) -> dict[str, ServerView]:
    """One independent single-part change of each kind (some kinds may be impossible)."""
    variants: dict[str, ServerView] = {}
    variants["method"] = dataclasses.replace(
        view, method=data.draw(st.sampled_from([m for m in METHODS if m != view.method]))
    )

    position = data.draw(st.integers(0, len(view.raw_path)))
    insert = data.draw(st.sampled_from((b"x", b"%41", b"/", b"%C3%A9", b"~")))
    new_path = view.raw_path[:position] + insert + view.raw_path[position:]
    # "/a" and "/a/" are one canonical URI by design; only real changes count.
    if canonical_uri(new_path) != canonical_uri(view.raw_path):
        variants["path"] = dataclasses.replace(view, raw_path=new_path)

    new_query = _mutated_query(view.query_string, data)
    if canonical_query_string(new_query) != canonical_query_string(view.query_string):
        variants["query"] = dataclasses.replace(view, query_string=new_query)

    variants["header"] = dataclasses.replace(view, headers=_mutated_header(view, data))

    if view.body:
        index = data.draw(st.integers(0, len(view.body) - 1))
        body = bytearray(view.body)
        body[index] ^= data.draw(st.integers(1, 255))
        new_body = bytes(body)
    else:
        new_body = data.draw(st.binary(min_size=1, max_size=1))
    variants["body"] = dataclasses.replace(view, body=new_body)
    return variants


@hypothesis_settings(max_examples=300)
@given(spec=request_spec_st(), data=st.data())
def test_any_single_change_is_refused_as_bad_signature(
    spec: RequestSpec, data: st.DataObject
) -> None:
    view = _signed_view(spec)
    _verify(view)  # sanity: the untouched request passes
    unsigned_payload = "x-sdk-content-sha256" in view.headers

    for part, tampered in _tampered_variants(view, data).items():
        event(f"tampered {part}")
        if part == "body" and unsigned_payload and view.body:
            # UNSIGNED-PAYLOAD (non-JSON content type, SDK behaviour) deliberately
            # leaves a non-empty body out of the signature: tampering goes unnoticed.
            event("body tamper under UNSIGNED-PAYLOAD accepted (by design)")
            _verify(tampered)
            continue
        with pytest.raises(SignatureError) as refused:
            _verify(tampered)
        assert refused.value.reason is SignatureErrorReason.BAD_SIGNATURE, part


@hypothesis_settings(max_examples=100)
@given(spec=request_spec_st())
def test_declared_payload_hash_is_checked_against_the_body(spec: RequestSpec) -> None:
    # A client may declare the body hash itself; the verifier must not trust the
    # declaration blindly, or a body could be swapped under a valid signature.
    assume(spec.body)
    declared = hashlib.sha256(spec.body).hexdigest()
    spec = dataclasses.replace(
        spec,
        content_type="application/json",
        headers={**spec.headers, "X-Sdk-Content-Sha256": declared},
    )
    view = _signed_view(spec)
    _verify(view)
    swapped = dataclasses.replace(view, body=spec.body + b"!")
    with pytest.raises(SignatureError) as refused:
        _verify(swapped)
    assert refused.value.reason is SignatureErrorReason.BAD_SIGNATURE
