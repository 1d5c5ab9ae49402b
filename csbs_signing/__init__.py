"""AK/SK request signing (Huawei Cloud SDK-HMAC-SHA256) for the CSBS toolkit.

The package owns both halves of the scheme so they cannot disagree:

* :class:`AkSkAuth` -- an ``httpx.Auth`` that signs outgoing requests;
* :func:`verify_request` -- a framework-free server-side check for the emulator;
* :func:`credentials_from_env` -- ``HUAWEICLOUD_SDK_*`` environment credentials;
* :mod:`csbs_signing.canonical` -- the pure canonicalisation both of them use.
"""

from .auth import HOP_BY_HOP_HEADERS, AkSkAuth, Clock
from .canonical import (
    ALGORITHM,
    EMPTY_BODY_SHA256,
    HEADER_AUTHORIZATION,
    HEADER_CONTENT_SHA256,
    HEADER_PROJECT_ID,
    HEADER_SDK_DATE,
    HEADER_SECURITY_TOKEN,
    SDK_DATE_FORMAT,
    UNSIGNED_PAYLOAD,
    canonical_query_string,
    canonical_request,
    canonical_uri,
    format_sdk_date,
    parse_sdk_date,
    sign_parts,
)
from .credentials import (
    ENV_AK,
    ENV_PROJECT_ID,
    ENV_SECURITY_TOKEN,
    ENV_SK,
    AkSkCredentials,
    credentials_from_env,
)
from .verifier import (
    DEFAULT_MAX_SKEW,
    SignatureError,
    SignatureErrorReason,
    SignedIdentity,
    headers_from_asgi,
    parse_authorization,
    verify_request,
)

__all__ = [
    "ALGORITHM",
    "DEFAULT_MAX_SKEW",
    "EMPTY_BODY_SHA256",
    "ENV_AK",
    "ENV_PROJECT_ID",
    "ENV_SECURITY_TOKEN",
    "ENV_SK",
    "HEADER_AUTHORIZATION",
    "HEADER_CONTENT_SHA256",
    "HEADER_PROJECT_ID",
    "HEADER_SDK_DATE",
    "HEADER_SECURITY_TOKEN",
    "HOP_BY_HOP_HEADERS",
    "SDK_DATE_FORMAT",
    "UNSIGNED_PAYLOAD",
    "AkSkAuth",
    "AkSkCredentials",
    "Clock",
    "SignatureError",
    "SignatureErrorReason",
    "SignedIdentity",
    "canonical_query_string",
    "canonical_request",
    "canonical_uri",
    "credentials_from_env",
    "format_sdk_date",
    "headers_from_asgi",
    "parse_authorization",
    "parse_sdk_date",
    "sign_parts",
    "verify_request",
]
