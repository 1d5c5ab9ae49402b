"""Byte-level definition of the SDK-HMAC-SHA256 signature, shared by signer and verifier.

This module owns every transformation between "what travels on the wire" and "what
gets hashed": the canonical URI, canonical query string, canonical headers, payload
hash, canonical request, string to sign, HMAC signature and the ``Authorization``
header value.  Both the client (:mod:`csbs_signing.auth`) and the server
(:mod:`csbs_signing.verifier`) call these functions, so the two sides cannot drift.

Everything here is pure: no clock, no I/O, no httpx.

Wire conventions used throughout:

* paths and query strings are the *raw* (still percent-encoded) bytes or ASCII text;
* header values are ``str`` holding the wire bytes decoded as ISO-8859-1, which is
  how ASGI/WSGI servers and ``httpx.Headers.raw`` expose them.  The canonical request
  re-encodes them to the original bytes, which is exactly what Huawei's SDK hashes
  (it hashes the UTF-8 of the value and sends those same UTF-8 bytes).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from urllib.parse import quote, unquote_to_bytes

ALGORITHM = "SDK-HMAC-SHA256"
SDK_DATE_FORMAT = "%Y%m%dT%H%M%SZ"

HEADER_AUTHORIZATION = "Authorization"
HEADER_SDK_DATE = "X-Sdk-Date"
HEADER_HOST = "Host"
HEADER_CONTENT_SHA256 = "X-Sdk-Content-Sha256"
HEADER_PROJECT_ID = "X-Project-Id"
HEADER_SECURITY_TOKEN = "X-Security-Token"  # noqa: S105 -- a header name, not a secret

UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()
_CONTENT_KEY = HEADER_CONTENT_SHA256.lower()

# Content types whose body the SDK hashes; any other declared type is sent as
# UNSIGNED-PAYLOAD.  The SDK compares with a case-sensitive prefix test and we keep
# that so a request signed here and one signed by the SDK agree byte for byte.
_SIGNED_PAYLOAD_PREFIXES = ("application/json", "application/bson")

# Only ever the exact output of SDK_DATE_FORMAT.  strptime alone would also take
# e.g. "2020068T2390Z"; the verifier must not accept two spellings of one instant
# because the string to sign uses the header text verbatim.
_SDK_DATE_RE = re.compile(r"\A\d{8}T\d{6}Z\Z")


def format_sdk_date(moment: datetime) -> str:
    """Render an aware datetime as an ``X-Sdk-Date`` value (UTC, basic ISO 8601)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A naive datetime would silently be read as local time and the gateway
        # would see a skewed date hours away from the truth.
        raise ValueError("X-Sdk-Date needs a timezone-aware datetime")
    return moment.astimezone(UTC).strftime(SDK_DATE_FORMAT)


def parse_sdk_date(value: str) -> datetime:
    """Parse an ``X-Sdk-Date`` value into an aware UTC datetime (``ValueError`` if bad)."""
    if not _SDK_DATE_RE.match(value):
        raise ValueError(f"not an X-Sdk-Date value: {value!r}")
    return datetime.strptime(value, SDK_DATE_FORMAT).replace(tzinfo=UTC)


def _ascii_or_utf8(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def _quote(raw: bytes) -> str:
    # RFC 3986 unreserved characters stay literal; "~" must be added explicitly to
    # match the SDK (urllib's default safe set is "/").
    return quote(raw, safe="~")


def canonical_uri(raw_path: str | bytes) -> str:
    """Canonical URI for a raw request path (no query string).

    The SDK percent-decodes the *whole* path, splits it on ``/``, re-encodes each
    segment and guarantees a trailing ``/``.  Decoding happens on bytes here (the SDK
    decodes to text with U+FFFD replacement), which gives the same result for every
    valid UTF-8 path and keeps distinct invalid byte sequences distinct.

    Consequences worth knowing (they are properties of the algorithm, not bugs):
    ``/a/b``, ``/a%2Fb`` and ``/a/b/`` all canonicalise to ``/a/b/``.
    """
    decoded = unquote_to_bytes(_ascii_or_utf8(raw_path))
    uri = "/".join(_quote(segment) for segment in decoded.split(b"/"))
    if not uri.endswith("/"):
        # Also turns an empty path into "/" (the SDK would crash on it instead).
        uri += "/"
    return uri


def query_pairs(query_string: str | bytes) -> list[tuple[bytes, bytes]]:
    """Split a raw query string into percent-decoded ``(key, value)`` byte pairs.

    ``+`` is kept as a literal plus sign, not a space: the SDK never emits ``+``
    (it encodes it as ``%2B`` and spaces as ``%20``) and the gateway's reference
    signer decodes with plain ``unquote``.  A key without ``=`` has an empty value;
    empty ``&&`` segments carry nothing and are skipped.
    """
    pairs: list[tuple[bytes, bytes]] = []
    for part in _ascii_or_utf8(query_string).split(b"&"):
        if not part:
            continue
        key, _, value = part.partition(b"=")
        pairs.append((unquote_to_bytes(key), unquote_to_bytes(value)))
    return pairs


def canonical_query_string(query_string: str | bytes) -> str:
    """Canonical query string: decoded pairs sorted by key then value, re-encoded.

    Sorting the decoded UTF-8 bytes orders exactly like the SDK's sort of the decoded
    text (UTF-8 byte order is code point order), and repeated keys keep every value.
    """
    return "&".join(
        f"{_quote(key)}={_quote(value)}" for key, value in sorted(query_pairs(query_string))
    )


def signed_header_names(names: Iterable[str]) -> list[str]:
    """Header names to sign: lower-cased, de-duplicated and sorted.

    Like the SDK, names containing ``_`` are left out (many proxies drop such
    headers, so signing them would break requests in transit).  ``Authorization``
    is never signed: it carries the signature itself.
    """
    lowered = {name.lower() for name in names if "_" not in name}
    lowered.discard(HEADER_AUTHORIZATION.lower())
    return sorted(lowered)


def lower_header_map(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    """Case-insensitive view of headers: lower-case name -> value.

    Repeated names (several header lines, or a plain dict holding ``Host`` and
    ``host``) are combined with ``", "`` as RFC 9110 section 5.3 allows, which is also
    what ``httpx.Headers`` returns for such a name.
    """
    items = headers.items() if isinstance(headers, Mapping) else headers
    merged: dict[str, str] = {}
    for name, value in items:
        key = name.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return merged


def wire_bytes(value: str) -> bytes:
    """Bytes of a header value as ASGI/WSGI/httpx expose it (ISO-8859-1 text).

    Text that cannot be ISO-8859-1 (characters above U+00FF) cannot have come off the
    wire, so it is treated as real Unicode and sent/signed as UTF-8 like the SDK does.
    """
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def canonical_headers(headers: Mapping[str, str], signed_headers: Sequence[str]) -> bytes:
    """``name:value\\n`` for each signed header, values trimmed of ASCII whitespace.

    ``headers`` must be keyed by lower-case name (see :func:`lower_header_map`); a
    signed header that is absent raises ``KeyError``.
    """
    lines = b"".join(
        name.lower().encode("latin-1") + b":" + wire_bytes(headers[name.lower()]).strip() + b"\n"
        for name in signed_headers
    )
    # The SDK always terminates the block with a newline, even when it is empty.
    return lines or b"\n"


def content_type_needs_unsigned_payload(content_type: str | None) -> bool:
    """Whether the SDK would send ``X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD``."""
    return bool(content_type) and not str(content_type).startswith(_SIGNED_PAYLOAD_PREFIXES)


def payload_hash(body: bytes, content_sha256: str | None = None) -> str:
    """The last line of the canonical request.

    An empty body always hashes to :data:`EMPTY_BODY_SHA256`, even when an
    ``X-Sdk-Content-Sha256`` header is present (SDK behaviour).  Otherwise a
    non-empty ``X-Sdk-Content-Sha256`` value (normally ``UNSIGNED-PAYLOAD``) replaces
    the body hash; callers on the server side must pass it only when it was signed.
    """
    if not body:
        return EMPTY_BODY_SHA256
    declared = content_sha256.strip() if content_sha256 is not None else ""
    if declared:
        return declared
    return hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str,
    raw_path: str | bytes,
    query_string: str | bytes,
    headers: Mapping[str, str],
    signed_headers: Sequence[str],
    body_hash: str,
) -> bytes:
    """``METHOD\\nURI\\nQUERY\\nHEADERS\\nSIGNED_HEADERS\\nPAYLOAD_HASH`` as bytes.

    Bytes rather than text because header values are hashed as their wire bytes.
    """
    return b"\n".join(
        (
            method.upper().encode("utf-8"),
            canonical_uri(raw_path).encode("ascii"),
            canonical_query_string(query_string).encode("ascii"),
            canonical_headers(headers, signed_headers),
            ";".join(signed_headers).encode("latin-1"),
            wire_bytes(body_hash),
        )
    )


def string_to_sign(canonical: bytes, sdk_date: str) -> str:
    """``SDK-HMAC-SHA256\\n{X-Sdk-Date}\\nhex(sha256(canonical request))``."""
    return f"{ALGORITHM}\n{sdk_date}\n{hashlib.sha256(canonical).hexdigest()}"


def compute_signature(sk: str, to_sign: str) -> str:
    """Hex HMAC-SHA256 of the string to sign, keyed with the secret key."""
    return hmac.new(sk.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization_header(ak: str, signed_headers: Sequence[str], signature: str) -> str:
    """The ``Authorization`` value the gateway expects."""
    return (
        f"{ALGORITHM} Access={ak}, SignedHeaders={';'.join(signed_headers)}, Signature={signature}"
    )


def sign_parts(
    *,
    method: str,
    raw_path: str | bytes,
    query_string: str | bytes,
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
    body: bytes,
    ak: str,
    sk: str,
    signed_headers: Sequence[str] | None = None,
) -> str:
    """Compute the ``Authorization`` value for a fully prepared request.

    ``headers`` must already hold ``X-Sdk-Date``, ``Host`` and, when wanted,
    ``X-Sdk-Content-Sha256``; nothing is added here.  By default every header is
    signed (minus the exclusions of :func:`signed_header_names`).
    """
    lowered = lower_header_map(headers)
    names = signed_header_names(lowered) if signed_headers is None else list(signed_headers)
    sdk_date = lowered[HEADER_SDK_DATE.lower()]
    # A declared payload hash only counts when it is itself covered by the signature.
    declared = lowered.get(HEADER_CONTENT_SHA256.lower()) if _CONTENT_KEY in names else None
    body_hash = payload_hash(body, declared)
    canonical = canonical_request(method, raw_path, query_string, lowered, names, body_hash)
    signature = compute_signature(sk, string_to_sign(canonical, sdk_date))
    return authorization_header(ak, names, signature)
