"""Hypothesis strategies and helpers shared by the signing tests.

Owns the description of "an arbitrary request" (method, percent-encoded/unicode path,
query with repeated keys and empty values, headers, body, content type, identity
headers) and the glue that turns an ``httpx.Request`` into the arguments the
server-side verifier receives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from csbs_signing import AkSkAuth, headers_from_asgi

AK = "AccessKey"
SK = "SecretKey"
VECTOR_HOST = "service.endpoint.myhuaweicloud.com"
VECTOR_DATE = datetime(2020, 6, 8, 2, 39, 0, tzinfo=UTC)


def hypothesis_settings(max_examples: int) -> settings:
    """Explicit example budget, no example database writes, no flaky deadlines.

    Other settings are inherited from whatever profile tests/conftest.py loaded.
    """
    return settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")

# Names the strategies must not generate as "user headers": the signer owns them,
# httpx owns them, or they have dedicated strategies/tests.
RESERVED_HEADERS = frozenset(
    {
        "authorization",
        "host",
        "x-sdk-date",
        "x-sdk-content-sha256",
        "x-project-id",
        "x-security-token",
        "content-type",
        "content-length",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "upgrade",
    }
)

CONTENT_TYPES = (
    None,
    "application/json",
    "application/json;charset=UTF-8",
    "application/bson",
    "text/plain",
    "application/octet-stream",
    "multipart/form-data; boundary=xyz",
    "Application/JSON",  # the SDK's prefix test is case-sensitive: unsigned payload
)

# Every character except surrogates (not encodable) and controls (illegal in header
# values; in paths/queries they are still covered because they get percent-encoded).
_any_char = st.characters(exclude_categories=["Cs"])
_printable_char = st.characters(exclude_categories=["Cs", "Cc"])

# Which characters the *client* leaves unescaped varies in practice; the canonical
# form must not depend on it.  None of these sets may contain "%", "&", "=" or "#".
_PATH_SAFE = ("", "~", "~!$&'()*+,;=:@", "-._~")
# "+" is never left raw: httpx reads a raw "+" in a query as a space (form encoding) and
# AkSkAuth sends it as "%20"; the SDK would sign it as a literal plus. That one divergence
# is pinned by test_disagreement_raw_plus_in_query instead of being drawn here.
_QUERY_SAFE = ("", "~", "~/?:@!$'()*,;", "/")

host_st = st.sampled_from((VECTOR_HOST, "localhost:8443", "127.0.0.1:8080", "csbs.example"))

segment_st = st.text(_any_char, max_size=8)


@st.composite
def raw_path_st(draw: st.DrawFn) -> str:
    """A percent-encoded path with unicode, reserved characters and maybe a trailing /."""
    segments = draw(st.lists(segment_st, max_size=4))
    safe = draw(st.sampled_from(_PATH_SAFE))
    path = "/" + "/".join(quote(s, safe=safe) for s in segments)
    if draw(st.booleans()) and not path.endswith("/"):
        path += "/"
    return path


query_items_st = st.lists(
    st.tuples(st.text(_any_char, max_size=6), st.text(_any_char, max_size=6)),
    max_size=5,
).flatmap(
    # Repeat some pairs' keys so repeated keys with different values are common.
    lambda items: (
        st.just(items)
        | st.just(items + [(k, v + "2") for k, v in items[:2]])
        | st.just(items + [(k, "") for k, _ in items[:1]])
    )
)


def encode_query(items: list[tuple[str, str]], safe: str) -> str:
    return "&".join(f"{quote(k, safe=safe)}={quote(v, safe=safe)}" for k, v in items)


_token_st = st.from_regex(r"\A[A-Za-z][A-Za-z0-9_-]{0,12}\Z")


@st.composite
def header_value_st(draw: st.DrawFn) -> str:
    """Header text: printable unicode, edge padding only with ASCII space/tab.

    The core never starts or ends with whitespace so that the SDK's ``str.strip()``
    (Unicode whitespace) and the signer's ASCII strip agree; the difference on
    Unicode edge whitespace has its own test in test_signing_oracle.py.
    """
    core = draw(st.text(_printable_char, max_size=12).filter(lambda s: s == s.strip()))
    pad = st.sampled_from(("", " ", "\t", "  "))
    return draw(pad) + core + draw(pad)


@st.composite
def user_headers_st(draw: st.DrawFn) -> dict[str, str]:
    names = draw(
        st.lists(
            _token_st.filter(lambda n: n.lower() not in RESERVED_HEADERS),
            max_size=4,
            unique_by=str.lower,  # case-duplicates have their own test
        )
    )
    return {name: draw(header_value_st()) for name in names}


@dataclass
class RequestSpec:
    """Everything that defines one generated request, before signing."""

    method: str
    host: str
    raw_path: str
    query_items: list[tuple[str, str]]
    query_safe: str
    headers: dict[str, str]
    content_type: str | None
    body: bytes
    project_id: str | None
    security_token: str | None = field(repr=False)

    @property
    def raw_query(self) -> str:
        return encode_query(self.query_items, self.query_safe)

    def url(self) -> str:
        query = self.raw_query
        return f"https://{self.host}{self.raw_path}" + (f"?{query}" if query else "")

    def wire_headers(self) -> dict[bytes, bytes]:
        # Non-ASCII header text travels as UTF-8, which is what the SDK sends.
        headers = {
            name.encode("ascii"): value.encode("utf-8") for name, value in self.headers.items()
        }
        if self.content_type is not None:
            headers[b"Content-Type"] = self.content_type.encode("ascii")
        return headers

    def httpx_request(self) -> httpx.Request:
        return httpx.Request(
            self.method, self.url(), headers=self.wire_headers(), content=self.body
        )

    def auth(self, clock_time: datetime = VECTOR_DATE) -> AkSkAuth:
        return AkSkAuth(AK, SK, self.project_id, self.security_token, clock=lambda: clock_time)


@st.composite
def request_spec_st(draw: st.DrawFn) -> RequestSpec:
    return RequestSpec(
        method=draw(st.sampled_from(METHODS)),
        host=draw(host_st),
        raw_path=draw(raw_path_st()),
        query_items=draw(query_items_st),
        query_safe=draw(st.sampled_from(_QUERY_SAFE)),
        headers=draw(user_headers_st()),
        content_type=draw(st.sampled_from(CONTENT_TYPES)),
        body=draw(st.binary(max_size=48)),
        project_id=draw(st.none() | st.from_regex(r"\A[0-9a-f]{32}\Z")),
        security_token=draw(st.none() | st.from_regex(r"\A[A-Za-z0-9+/=]{8,40}\Z")),
    )


@dataclass
class ServerView:
    """A request as the emulator would hand it to ``verify_request``."""

    method: str
    raw_path: bytes
    query_string: bytes
    headers: dict[str, str]
    body: bytes


def server_view(request: httpx.Request) -> ServerView:
    """What a server receives for an (already signed) httpx request."""
    raw_path, _, query = request.url.raw_path.partition(b"?")
    return ServerView(
        method=request.method,
        raw_path=raw_path,
        query_string=query,
        headers=headers_from_asgi(request.headers.raw),
        body=request.read(),
    )


def secrets(ak: str) -> str | None:
    return {AK: SK}.get(ak)
