"""Server side: check an SDK-HMAC-SHA256 signature, framework-free.

This module owns the decision "is this request signed by a known AK/SK, recently,
over what we received?" for the emulator.  It takes the request as the server saw
it (method, raw path, raw query string, header strings as ASGI/WSGI decode them, body
bytes), rebuilds the canonical request with :mod:`csbs_signing.canonical` and either
returns the :class:`SignedIdentity` or raises :class:`SignatureError` whose
``reason`` is a stable, machine-readable :class:`SignatureErrorReason`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from . import canonical

DEFAULT_MAX_SKEW = timedelta(minutes=15)


class SignatureErrorReason(StrEnum):
    """Why a request was refused; the values are stable API for error bodies and tests."""

    MISSING_AUTHORIZATION = "missing_authorization"
    MALFORMED_AUTHORIZATION = "malformed_authorization"
    UNKNOWN_ACCESS_KEY = "unknown_access_key"
    MISSING_DATE = "missing_date"  # absent, or not in %Y%m%dT%H%M%SZ form
    DATE_NOT_SIGNED = "date_not_signed"
    DATE_SKEWED = "date_skewed"
    SIGNED_HEADER_MISSING = "signed_header_missing"
    UNSIGNED_IDENTITY_HEADER = "unsigned_identity_header"
    BAD_SIGNATURE = "bad_signature"


class SignatureError(Exception):
    """A refused request; ``reason`` says which check failed."""

    def __init__(self, reason: SignatureErrorReason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class SignedIdentity:
    """Who signed an accepted request; header values are only reported when signed."""

    ak: str
    project_id: str | None = None
    security_token: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class ParsedAuthorization:
    """The three fields of an ``SDK-HMAC-SHA256`` Authorization header."""

    ak: str
    signed_headers: tuple[str, ...]
    signature: str


# Accept the SDK's exact layout plus optional extra blanks after the commas; anything
# else (another algorithm, missing field, non-hex signature) is malformed.
_AUTH_RE = re.compile(
    r"\A" + re.escape(canonical.ALGORITHM) + r" +"
    r"Access=(?P<ak>[^\s,]+), *"
    r"SignedHeaders=(?P<signed>[^\s,]+), *"
    r"Signature=(?P<signature>[0-9a-fA-F]{64}) *\Z"
)


def parse_authorization(value: str) -> ParsedAuthorization:
    """Parse an Authorization value; raises ``SignatureError(MALFORMED_AUTHORIZATION)``."""
    match = _AUTH_RE.match(value.strip())
    if match is None:
        raise SignatureError(
            SignatureErrorReason.MALFORMED_AUTHORIZATION,
            f"expected '{canonical.ALGORITHM} Access=..., SignedHeaders=..., Signature=...'",
        )
    signed = tuple(match["signed"].split(";"))
    if any(not name for name in signed) or len({n.lower() for n in signed}) != len(signed):
        raise SignatureError(
            SignatureErrorReason.MALFORMED_AUTHORIZATION,
            "SignedHeaders has an empty or repeated name",
        )
    return ParsedAuthorization(match["ak"], signed, match["signature"].lower())


def headers_from_asgi(raw_headers: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """Turn ASGI ``scope["headers"]`` into the mapping :func:`verify_request` wants.

    Decodes as ISO-8859-1 (the wire-faithful convention) and joins repeated header
    lines with ``", "`` exactly as the signer does; taking only the first line (as
    ``starlette.datastructures.Headers.__getitem__`` does) would break signatures.
    """
    return canonical.lower_header_map(
        (name.decode("latin-1"), value.decode("latin-1")) for name, value in raw_headers
    )


def verify_request(
    method: str,
    raw_path: bytes | str,
    query_string: bytes | str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    lookup_secret: Callable[[str], str | None],
    now: datetime,
    max_skew: timedelta = DEFAULT_MAX_SKEW,
) -> SignedIdentity:
    """Verify an SDK-HMAC-SHA256 request and return who signed it.

    ``raw_path`` is the still-encoded path without the query (ASGI ``raw_path``); if
    it carries a ``?`` and ``query_string`` is empty, it is split there.
    ``query_string`` excludes the ``?``.  ``headers`` values are the wire bytes
    decoded as ISO-8859-1; names are looked up case-insensitively.  ``now`` must be
    timezone-aware.  Raises :class:`SignatureError`.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("verify_request needs a timezone-aware 'now'")
    raw_path, query_string = _split_target(raw_path, query_string)
    lowered = canonical.lower_header_map(headers)
    reason = SignatureErrorReason

    authorization = lowered.get(canonical.HEADER_AUTHORIZATION.lower())
    if authorization is None:
        raise SignatureError(reason.MISSING_AUTHORIZATION, "no Authorization header")
    parsed = parse_authorization(authorization)

    secret = lookup_secret(parsed.ak)
    if secret is None:
        raise SignatureError(reason.UNKNOWN_ACCESS_KEY, f"unknown AK {parsed.ak!r}")

    date_key = canonical.HEADER_SDK_DATE.lower()
    date_text = lowered.get(date_key)
    if date_text is None:
        raise SignatureError(reason.MISSING_DATE, "no X-Sdk-Date header")
    try:
        signed_at = canonical.parse_sdk_date(date_text.strip())
    except ValueError:
        raise SignatureError(reason.MISSING_DATE, "X-Sdk-Date is not YYYYMMDDTHHMMSSZ") from None

    signed_lower = {name.lower() for name in parsed.signed_headers}
    if date_key not in signed_lower:
        # An unsigned date could be refreshed by anyone to replay an old request.
        raise SignatureError(reason.DATE_NOT_SIGNED, "x-sdk-date is not in SignedHeaders")
    absent = sorted(signed_lower - lowered.keys())
    if absent:
        raise SignatureError(reason.SIGNED_HEADER_MISSING, f"signed but absent: {absent}")
    for identity_header in (canonical.HEADER_PROJECT_ID, canonical.HEADER_SECURITY_TOKEN):
        key = identity_header.lower()
        if key in lowered and key not in signed_lower:
            # Trusting an unsigned project id would let anyone re-target a request.
            raise SignatureError(reason.UNSIGNED_IDENTITY_HEADER, f"{identity_header} unsigned")

    skew = abs(now - signed_at)
    if skew > max_skew:
        raise SignatureError(
            reason.DATE_SKEWED, f"X-Sdk-Date {date_text.strip()} is {skew} away from now"
        )

    content_key = canonical.HEADER_CONTENT_SHA256.lower()
    declared = lowered.get(content_key) if content_key in signed_lower else None
    _check_declared_payload_hash(declared, body)

    body_hash = canonical.payload_hash(body, declared)
    request_bytes = canonical.canonical_request(
        method, raw_path, query_string, lowered, parsed.signed_headers, body_hash
    )
    expected = canonical.compute_signature(
        secret, canonical.string_to_sign(request_bytes, date_text.strip())
    )
    if not hmac.compare_digest(expected, parsed.signature):
        raise SignatureError(reason.BAD_SIGNATURE, "signature does not match the request")

    def signed_value(header: str) -> str | None:
        value = lowered.get(header.lower())
        return value.strip() if value is not None else None

    return SignedIdentity(
        ak=parsed.ak,
        project_id=signed_value(canonical.HEADER_PROJECT_ID),
        security_token=signed_value(canonical.HEADER_SECURITY_TOKEN),
    )


def _split_target(raw_path: bytes | str, query_string: bytes | str) -> tuple[bytes, bytes]:
    path = raw_path if isinstance(raw_path, bytes) else raw_path.encode("utf-8")
    query = query_string if isinstance(query_string, bytes) else query_string.encode("utf-8")
    if b"?" in path:
        if query:
            raise ValueError("raw_path has a '?' and a separate query_string was given")
        path, _, query = path.partition(b"?")
    return path, query


def _check_declared_payload_hash(declared: str | None, body: bytes) -> None:
    """A signed X-Sdk-Content-Sha256 replaces the body hash in the canonical request.

    Unless it says UNSIGNED-PAYLOAD, the value is a claim about the body, so it must
    be checked: otherwise a body could be swapped while the claimed hash stays put.
    """
    if declared is None or not body:
        return
    value = declared.strip()
    if not value or value == canonical.UNSIGNED_PAYLOAD:
        return
    # Plain comparison: a body hash is not a secret, and the value may be non-ASCII.
    if value.lower() != hashlib.sha256(body).hexdigest():
        raise SignatureError(
            SignatureErrorReason.BAD_SIGNATURE, "X-Sdk-Content-Sha256 does not match the body"
        )
