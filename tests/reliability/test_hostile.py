"""Hostile input against a real emulator process, over raw sockets.

Every case is sent byte for byte as written (httpx would normalise most of them) and must be
answered with a documented 4xx in the service's error body: `{"error_code", "error_msg"}`,
`Content-Type: application/json`, an `X-Request-Id` — never a 500, never a stack trace.
After each case a valid call must still succeed, and the server's resident memory may grow
by at most RSS_BOUND over the whole corpus (RSS_PEAK_BOUND at its highest).

Requests that never reach the application are refused by the HTTP server layer (uvicorn +
httptools), which on its own answers `400 text/plain "Invalid HTTP request received."` with
no X-Request-Id, and sets no bound on the request head. The emulator's CLI runs uvicorn with
a protocol (`csbs_emulator.cli.gateway_protocol`) that renders those refusals in the service's
error body too (400 `CSBS.9001`, "not valid HTTP/1.1" or "exceed 65536 bytes"), bounds the
request line + headers at HEAD_LIMIT, and closes a connection whose head has not arrived
within the head timeout. The cases marked `layer` are exactly those (the test checks which
layer answered, from `error_msg`): an unparseable request line (unknown or lower-case
method, CONNECT, HTTP/9.9, the HTTP/2 preface, TLS bytes, garbage), a target with a raw NUL,
space or non-ASCII byte, a malformed header (NUL or control character in a value, space in
a name, no colon, obsolete folding), malformed framing (bad, negative or duplicate
Content-Length, Content-Length with chunked, a bad chunk size, an unknown transfer coding),
and a head over the limit (a 1 MB token, a 10 MB header, 10,000 headers, a 100 KB target).

Figures go to reports/reliability.json ("hostile").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from csbs_emulator.cli import HEAD_LIMIT_BYTES as HEAD_LIMIT
from csbs_signing import canonical

from .conftest import Figures, Spawn
from .support import (
    DEMO_AK,
    DEMO_SK,
    DEMO_TOKEN,
    DESTINATIONS,
    FIXTURE_BACKUPS,
    PROJECT,
    PROVIDER,
    EmulatorProcess,
    error_shape_problems_raw,
    replicate_path,
)

# Timing-sensitive (the slow clients' head timeout and the latency of others meanwhile): never
# beside another test of the `serial` group in a parallel run (tools/pytest_parallel.py).
pytestmark = pytest.mark.xdist_group("serial")

ITEM = next(item for item, project in FIXTURE_BACKUPS.items() if project == PROJECT)
REPLICATE = replicate_path(ITEM).encode()
SHOW = f"/v1/{PROJECT}/checkpoint_items/{ITEM}".encode()
LIST = f"/v1/{PROJECT}/checkpoint_items".encode()
CAPS = f"/v1/{PROJECT}/replication_capabilities".encode()
GOOD = json.dumps(
    {
        "replication": {
            "destination_region": "cn-east-2",
            "destination_project_id": DESTINATIONS["cn-east-2"],
        }
    }
).encode()
RSS_BOUND = 10 * 1024 * 1024  # growth of resident memory after the whole corpus
RSS_PEAK_BOUND = 50 * 1024 * 1024  # and at its highest, measured after each case
MiB = 1024 * 1024


def request(
    method: bytes,
    target: bytes,
    body: bytes = b"",
    *,
    headers: list[tuple[bytes, bytes]] | None = None,
    version: bytes = b"HTTP/1.1",
    auth: bool = True,
    content_type: bytes | None = b"application/json",
    length: bool = True,
) -> bytes:
    """The exact bytes of one request; nothing is fixed up. `headers` come last; a Host
    among them replaces the default one."""
    extra = headers or []
    lines = [method + b" " + target + b" " + version]
    if not any(name.lower() == b"host" for name, _ in extra):
        lines.append(b"Host: 127.0.0.1")
    lines.append(b"Connection: close")
    if auth:
        lines.append(b"X-Auth-Token: " + DEMO_TOKEN.encode())
    if body and content_type is not None:
        lines.append(b"Content-Type: " + content_type)
    if length and (body or method == b"POST"):
        lines.append(b"Content-Length: " + str(len(body)).encode())
    lines += [name + b": " + value for name, value in extra]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def post(body: bytes, **kwargs: Any) -> bytes:
    return request(b"POST", REPLICATE, body, **kwargs)


def get(target: bytes, **kwargs: Any) -> bytes:
    return request(b"GET", target, **kwargs)


def chunked(body: bytes, size: int = 64 * 1024) -> bytes:
    parts = [
        b"%x\r\n" % len(body[i : i + size]) + body[i : i + size] + b"\r\n"
        for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def signed_get(target: bytes, extra: list[tuple[str, str]] | None = None) -> bytes:
    """A GET correctly signed with the demo AK/SK over `target` exactly as sent."""
    path, _, query = target.partition(b"?")
    date = canonical.format_sdk_date(dt.datetime.now(dt.UTC))
    wire = {"host": "127.0.0.1", "x-sdk-date": date, **dict(extra or [])}
    authorization = canonical.sign_parts(
        method="GET",
        raw_path=path,
        query_string=query,
        headers=wire,
        body=b"",
        ak=DEMO_AK,
        sk=DEMO_SK,
        signed_headers=sorted(wire),
    )
    headers = [(b"X-Sdk-Date", date.encode()), (b"Authorization", authorization.encode())]
    headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in extra or []]
    return get(target, auth=False, headers=headers)


@dataclass(frozen=True)
class Case:
    name: str
    request: bytes | Callable[[], bytes]  # a callable for the big ones: built when sent
    status: int
    code: str
    layer: bool = False  # refused by the HTTP server layer, before the application

    @property
    def data(self) -> bytes:
        return self.request if isinstance(self.request, bytes) else self.request()


def _nested(depth: int) -> bytes:
    return b'{"replication":' + b"[" * depth + b"]" * depth + b"}"


CASES: list[Case] = [
    # -- bodies -----------------------------------------------------------------------------
    Case("malformed JSON", post(b'{"replication": '), 400, "CSBS.9001"),
    Case("trailing garbage", post(GOOD + b" xyz"), 400, "CSBS.9001"),
    Case("two JSON documents", post(GOOD + GOOD), 400, "CSBS.9001"),
    Case("non-UTF-8 body", post(b'{"replication": "\xff\xfe\xfd"}'), 400, "CSBS.9001"),
    Case(
        "latin-1 body",
        post('{"replication": {"name": "caf\xe9"}}'.encode("latin-1")),
        400,
        "CSBS.9001",
    ),
    Case("UTF-16 body", post(GOOD.decode().encode("utf-16")), 400, "CSBS.9001"),
    Case("UTF-8 BOM", post(b"\xef\xbb\xbf" + GOOD), 400, "CSBS.9001"),
    Case(
        "raw NUL in a string", post(GOOD.replace(b"cn-east-2", b"cn-east\x00-2")), 400, "CSBS.9001"
    ),
    Case(
        "escaped NUL in a region",
        post(GOOD.replace(b"cn-east-2", b"cn-east-2\\u0000")),
        400,
        "CSBS.9001",
    ),
    Case("NUL bytes only", post(b"\x00" * 64), 400, "CSBS.9001"),
    Case("lone surrogate escape", post(GOOD.replace(b"cn-east-2", b"\\ud800")), 400, "CSBS.9001"),
    Case(
        "10 MB body, declared",
        lambda: post(b"{" + b" " * (10 * MiB) + b"}"),
        413,
        "APIGW.0201",
    ),
    Case(
        "10 MB body, chunked",
        lambda: post(
            chunked(b'{"a":"' + b"x" * (10 * MiB) + b'"}'),
            length=False,
            headers=[(b"Transfer-Encoding", b"chunked")],
        ),
        413,
        "APIGW.0201",
    ),
    Case("1 MiB + 1 body", post(b"[" + b" " * MiB + b"]"), 413, "APIGW.0201"),
    Case(
        "length declared 2 MiB, 10 bytes sent",
        post(b"{}", length=False, headers=[(b"Content-Length", str(2 * MiB).encode())])[:-2]
        + b"0123456789",
        413,
        "APIGW.0201",
    ),
    Case("arrays nested 100,000 deep", post(_nested(100_000)), 400, "CSBS.9001"),
    Case(
        "objects nested 100,000 deep",
        post(b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        400,
        "CSBS.9001",
    ),
    Case("a 5,000-digit integer", post(b'{"replication": ' + b"9" * 5000 + b"}"), 400, "CSBS.9001"),
    Case(
        "a float beyond double",
        post(b'{"replication": {"enable_acceleration": 1e999999}}'),
        400,
        "CSBS.9001",
    ),
    Case("NaN literal", post(b'{"replication": NaN}'), 400, "CSBS.9001"),
    Case("Infinity literal", post(b'{"replication": Infinity}'), 400, "CSBS.9001"),
    Case("-Infinity literal", post(b'{"replication": -Infinity}'), 400, "CSBS.9001"),
    Case("duplicate keys", post(GOOD[:-1] + b', "replication": {}}'), 400, "CSBS.9001"),
    Case("body is a JSON array", post(b"[" + GOOD + b"]"), 400, "CSBS.9001"),
    Case("body is a JSON string", post(b'"replication"'), 400, "CSBS.9001"),
    Case("body is null", post(b"null"), 400, "CSBS.9001"),
    Case("body is a number", post(b"42"), 400, "CSBS.9001"),
    Case("empty body", post(b""), 400, "CSBS.9001"),
    Case("whitespace body", post(b" \r\n\t "), 400, "CSBS.9001"),
    Case("unknown member", post(GOOD[:-1] + b', "x": 1}'), 400, "CSBS.9001"),
    Case(
        "900 KB name",
        post(
            json.dumps(
                {
                    "replication": {
                        "destination_region": "cn-east-2",
                        "destination_project_id": DESTINATIONS["cn-east-2"],
                        "name": "n" * 900_000,
                    }
                }
            ).encode()
        ),
        400,
        "CSBS.9001",
    ),
    Case("wrong content type", post(GOOD, content_type=b"text/plain"), 400, "CSBS.9001"),
    Case("missing content type", post(GOOD, content_type=None), 400, "CSBS.9001"),
    Case(
        "form content type",
        post(b"replication=1", content_type=b"application/x-www-form-urlencoded"),
        400,
        "CSBS.9001",
    ),
    Case(
        "multipart content type",
        post(GOOD, content_type=b"multipart/form-data; boundary=x"),
        400,
        "CSBS.9001",
    ),
    Case(
        "JSON with charset=utf-16",
        post(GOOD.decode().encode("utf-16-le"), content_type=b"application/json; charset=utf-16"),
        400,
        "CSBS.9001",
    ),
    # -- paths and queries ------------------------------------------------------------------
    Case("%2e%2e as the item id", get(LIST + b"/%2e%2e"), 400, "CSBS.9001"),
    Case("..%2F in the project id", get(b"/v1/..%2F..%2Fetc/checkpoint_items"), 404, "APIGW.0101"),
    Case(
        "encoded slash in the item id",
        get(LIST + b"/" + ITEM.encode() + b"%2Fx"),
        404,
        "APIGW.0101",
    ),
    Case("dot segments", get(LIST + b"/../checkpoint_items"), 404, "APIGW.0101"),
    Case("%2e%2e as the project id", get(b"/v1/%2e%2e/checkpoint_items"), 403, "APIGW.0302"),
    Case("double-encoded dots", get(LIST + b"/%252e%252e"), 400, "CSBS.9001"),
    Case("encoded NUL in the item id", get(LIST + b"/%00"), 400, "CSBS.9001"),
    Case(
        "invalid UTF-8 escapes in the project id",
        get(b"/v1/%ff%fe/checkpoint_items"),
        403,
        "APIGW.0302",
    ),
    Case(
        "another project's id in the path",
        get(b"/v1/" + b"0" * 32 + b"/checkpoint_items"),
        403,
        "APIGW.0302",
    ),
    Case("unknown path", get(b"/v1/" + PROJECT.encode() + b"/nothing"), 404, "APIGW.0101"),
    Case(
        "unknown provider",
        request(b"POST", REPLICATE.replace(PROVIDER.encode(), b"0" * 8), GOOD),
        400,
        "CSBS.9001",
    ),
    Case(
        "lower-case UUID with braces",
        get(LIST + b"/%7B" + ITEM.encode() + b"%7D"),
        400,
        "CSBS.9001",
    ),
    Case("unknown query parameter", get(LIST + b"?evil=1"), 400, "CSBS.9001"),
    Case("repeated query parameter", get(LIST + b"?limit=1&limit=2"), 400, "CSBS.9001"),
    Case("query limit 1e3", get(LIST + b"?limit=1e3"), 400, "CSBS.9001"),
    Case("query limit beyond int64", get(LIST + b"?limit=" + b"9" * 40), 400, "CSBS.9001"),
    Case("query with invalid UTF-8", get(LIST + b"?name=%ff"), 400, "CSBS.9001"),
    Case("query marker with NUL", get(LIST + b"?marker=%00"), 400, "CSBS.9001"),
    Case("50 KB query string", get(LIST + b"?name=" + b"a" * 50_000), 400, "CSBS.9001"),
    # -- headers ----------------------------------------------------------------------------
    Case(
        "1 MB token",
        lambda: get(CAPS, auth=False, headers=[(b"X-Auth-Token", b"t" * MiB)]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "10 MB header",
        lambda: get(CAPS, headers=[(b"X-Big", b"a" * (10 * MiB))]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "10,000 headers",
        get(CAPS, headers=[(b"X-H%d" % i, b"v") for i in range(10_000)]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "60 KB token, under the head limit",
        get(CAPS, auth=False, headers=[(b"X-Auth-Token", b"t" * (HEAD_LIMIT - 4096))]),
        401,
        "APIGW.0301",
    ),
    Case(
        "head just over the limit",
        get(CAPS, headers=[(b"X-Pad", b"p" * HEAD_LIMIT)]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "token with control characters",
        get(CAPS, auth=False, headers=[(b"X-Auth-Token", b"emulator\x01demo")]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "token with latin-1 bytes",
        get(CAPS, auth=False, headers=[(b"X-Auth-Token", b"\xe9\xe8")]),
        401,
        "APIGW.0301",
    ),
    Case(
        "unknown region in Host",
        get(CAPS, headers=[(b"Host", b"csbs.xx-evil-9.example")]),
        404,
        "APIGW.0101",
    ),
    Case(
        "Authorization of another scheme",
        get(CAPS, auth=False, headers=[(b"Authorization", b"Basic YTpi")]),
        401,
        "APIGW.0301",
    ),
    Case(
        "signed request with a NUL in a signed header",
        signed_get(CAPS, [("x-project-id", PROJECT + "\x00")]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "signed request with latin-1 in a signed header",
        signed_get(CAPS + b"?x=%ff", [("x-extra", "caf\xe9")]),
        400,
        "CSBS.9001",
    ),
    Case(
        "NUL in a header value",
        get(CAPS, headers=[(b"X-A", b"a\x00b")]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "space in a header name", get(CAPS, headers=[(b"X A", b"b")]), 400, "CSBS.9001", layer=True
    ),
    Case(
        "header without a colon",
        get(CAPS, headers=[(b"NoColonHere", b"")]).replace(b"NoColonHere: ", b"NoColonHere"),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "obsolete line folding",
        get(CAPS, headers=[(b"X-A", b"a\r\n folded")]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "non-numeric Content-Length",
        post(GOOD, length=False, headers=[(b"Content-Length", b"abc")]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "negative Content-Length",
        post(GOOD, length=False, headers=[(b"Content-Length", b"-5")]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "two different Content-Lengths",
        post(GOOD, headers=[(b"Content-Length", b"3")]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "Content-Length and chunked",
        post(chunked(GOOD), headers=[(b"Transfer-Encoding", b"chunked")]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "invalid chunk size",
        post(
            b"zz\r\n" + GOOD + b"\r\n0\r\n\r\n",
            length=False,
            headers=[(b"Transfer-Encoding", b"chunked")],
        ),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "unknown transfer coding",
        post(GOOD, length=False, headers=[(b"Transfer-Encoding", b"gzip")]),
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case(
        "websocket upgrade",
        get(
            LIST + b"/ws",
            headers=[
                (b"Upgrade", b"websocket"),
                (b"Connection", b"Upgrade"),
                (b"Sec-WebSocket-Key", b"dGhlIHNhbXBsZSBub25jZQ=="),
                (b"Sec-WebSocket-Version", b"13"),
            ],
        ),
        400,
        "CSBS.9001",
    ),
    Case(
        "h2c upgrade",
        get(
            CAPS,
            auth=False,
            headers=[
                (b"Upgrade", b"h2c"),
                (b"Connection", b"Upgrade, HTTP2-Settings"),
                (b"HTTP2-Settings", b"AAMAAABkAAQAAP__"),
            ],
        ),
        401,
        "APIGW.0301",
    ),
    Case(
        "Expect: 100-continue with 10 MB declared",
        post(
            b"",
            length=False,
            headers=[(b"Expect", b"100-continue"), (b"Content-Length", str(10 * MiB).encode())],
        ),
        413,
        "APIGW.0201",
    ),
    # -- request lines and methods ------------------------------------------------------------
    Case("unknown method", request(b"FOO", CAPS), 400, "CSBS.9001", layer=True),
    Case("lower-case method", request(b"get", CAPS), 400, "CSBS.9001", layer=True),
    Case("DELETE on replicate", request(b"DELETE", REPLICATE), 405, "APIGW.0101"),
    Case("PUT on a backup", request(b"PUT", SHOW, GOOD), 405, "APIGW.0101"),
    Case("PATCH on the list", request(b"PATCH", LIST, GOOD), 405, "APIGW.0101"),
    Case("OPTIONS", request(b"OPTIONS", REPLICATE), 405, "APIGW.0101"),
    Case("TRACE", request(b"TRACE", CAPS), 405, "APIGW.0101"),
    Case("CONNECT", request(b"CONNECT", b"127.0.0.1:443"), 400, "CSBS.9001", layer=True),
    Case("GET with a body", request(b"GET", b"/v1/" + b"0" * 32 + b"/x", b"{}"), 404, "APIGW.0101"),
    Case("HTTP/1.0 to replicate, no body", post(b"", version=b"HTTP/1.0"), 400, "CSBS.9001"),
    Case("HTTP/1.0 without Host", b"GET " + CAPS + b" HTTP/1.0\r\n\r\n", 401, "APIGW.0301"),
    # httptools takes any single-digit version; the app answers it like HTTP/1.1.
    Case("HTTP/2.0 in the request line", get(CAPS, version=b"HTTP/2.0"), 200, ""),
    Case("HTTP/9.9", get(CAPS, version=b"HTTP/9.9"), 400, "CSBS.9001", layer=True),
    Case("the HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400, "CSBS.9001", layer=True),
    Case(
        "a TLS ClientHello",
        bytes.fromhex("16030100a5010000a10303") + b"\x00" * 64,
        400,
        "CSBS.9001",
        layer=True,
    ),
    Case("garbage request line", b"\x01\x02 garbage\r\n\r\n", 400, "CSBS.9001", layer=True),
    Case("absolute-form target", get(b"http://evil.example" + CAPS, auth=False), 401, "APIGW.0301"),
    Case("asterisk target", request(b"OPTIONS", b"*"), 404, "APIGW.0101"),
    Case("raw NUL in the target", get(CAPS + b"\x00"), 400, "CSBS.9001", layer=True),
    Case("raw UTF-8 in the target", get(LIST + "/é".encode()), 400, "CSBS.9001", layer=True),
    Case("space in the target", get(b"/v1/a b/checkpoint_items"), 400, "CSBS.9001", layer=True),
    Case("100 KB target", get(b"/v1/" + b"a" * 100_000), 400, "CSBS.9001", layer=True),
    Case("fragment in the target", get(CAPS + b"#frag"), 200, ""),
]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def exchange(port: int, data: bytes, timeout: float = 20.0) -> Answer:
    """Send `data` while reading the answer; the server may answer before it has all of it."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sender = threading.Thread(target=_send_all, args=(sock, data), daemon=True)
        sender.start()
        response = http.client.HTTPResponse(sock)
        response.begin()
        body = response.read()
        sender.join(timeout=timeout)
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)


def _send_all(sock: socket.socket, data: bytes) -> None:
    # The server may answer and close before taking all of it: that is allowed.
    with contextlib.suppress(OSError):
        sock.sendall(data)


# The two refusals of the server layer (cli.gateway_protocol); the app never says either.
LAYER_MESSAGES = (b"not valid HTTP/1.1", b"request line and headers exceed")


def problems_of(case: Case, answer: Answer) -> list[str]:
    if case.status == 200:
        return [] if answer.status == 200 else [f"status {answer.status}: {answer.body[:300]!r}"]
    problems = error_shape_problems_raw(answer.status, answer.headers, answer.body)
    if answer.status != case.status:
        problems.append(f"status {answer.status}, expected {case.status}")
    try:
        code = json.loads(answer.body).get("error_code")
    except (ValueError, AttributeError):
        code = None
    if code != case.code:
        problems.append(f"error_code {code!r}, expected {case.code}")
    by_layer = any(text in answer.body for text in LAYER_MESSAGES)
    if by_layer != case.layer:
        problems.append(f"answered by the {'server layer' if by_layer else 'application'}")
    return problems


def healthy(server: EmulatorProcess) -> bool:
    answer = exchange(server.port, get(CAPS), timeout=10.0)
    return answer.status == 200 and b'"regions"' in answer.body


def test_case_names_are_unique() -> None:
    assert len({c.name for c in CASES}) == len(CASES) >= 40


def test_hostile_corpus(spawn: Spawn, figures: Figures) -> None:
    server = spawn()
    for _ in range(3):  # warm up: first calls allocate caches that are not growth
        assert healthy(server)
    rss_before = server.rss()
    rss_peak = rss_before
    failures: dict[str, list[str]] = {}
    for case in CASES:
        try:
            problems = problems_of(case, exchange(server.port, case.data))
        except (OSError, http.client.HTTPException) as exc:
            problems = [f"no answer: {exc!r}"]
        if not server.running:
            pytest.fail(f"the emulator died on {case.name!r}:\n{server.log_text()[-3000:]}")
        if not healthy(server):
            problems.append("a valid call failed right after it")
        rss_peak = max(rss_peak, server.rss())
        if problems:
            failures[case.name] = problems
    rss_after = server.rss()
    report = "\n".join(f"{name}: {'; '.join(p)}" for name, p in failures.items())
    assert failures == {}, f"{len(failures)} of {len(CASES)} cases:\n{report}"
    assert "Traceback" not in server.log_text()
    growth = rss_after - rss_before
    assert growth < RSS_BOUND, f"RSS grew by {growth / MiB:.1f} MiB over the corpus"
    peak = rss_peak - rss_before
    assert peak < RSS_PEAK_BOUND, f"RSS peaked {peak / MiB:.1f} MiB above its start"
    figures(
        "hostile",
        {
            "cases": len(CASES),
            "answered_by_server_layer": sum(c.layer for c in CASES),
            "failures": len(failures),
            "rss_before_mib": round(rss_before / MiB, 1),
            "rss_after_mib": round(rss_after / MiB, 1),
            "rss_growth_mib": round(growth / MiB, 1),
            "rss_bound_mib": RSS_BOUND // MiB,
            "rss_peak_growth_mib": round(peak / MiB, 1),
            "rss_peak_bound_mib": RSS_PEAK_BOUND // MiB,
        },
    )


def _trickle(port: int, data: bytes, pause: float, give_up: float) -> tuple[str, float]:
    """Send `data` a byte every `pause` s; how it ended ("closed", "answered", "gave up")
    and after how many seconds. The server closing on us is the expected ending."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=pause) as sock:
        for index in range(len(data)):
            try:
                sock.sendall(data[index : index + 1])
                if sock.recv(65536):  # within `pause`: the server wrote something
                    return "answered", time.monotonic() - started
                return "closed", time.monotonic() - started  # b"": orderly close
            except TimeoutError:
                pass  # nothing from the server yet: keep dribbling
            except OSError:  # reset or broken pipe: closed
                return "closed", time.monotonic() - started
            if time.monotonic() - started > give_up:
                break
    return "gave up", time.monotonic() - started


HEAD_TIMEOUT_S = 2.0


def test_slow_clients_are_bounded(spawn: Spawn, figures: Figures) -> None:
    """Slowloris: connections that dribble their request head keep nobody else waiting,
    and each is closed once the head timeout passes; descriptors return to where they were."""
    server = spawn(extra_args=("--head-timeout", str(HEAD_TIMEOUT_S)))
    assert healthy(server)
    fds_before = server.num_fds()
    slow = 20
    endings: list[tuple[str, float]] = [("not run", 0.0)] * slow

    def dribble(index: int) -> None:
        # ~150 bytes at 5 bytes/s would take 30 s; the client gives up at 8 s.
        endings[index] = _trickle(server.port, get(CAPS), 0.2, give_up=8.0)

    threads = [threading.Thread(target=dribble, args=(i,)) for i in range(slow)]
    for t in threads:
        t.start()
    served = 0
    worst = 0.0
    while any(t.is_alive() for t in threads):
        started = time.monotonic()
        assert healthy(server)
        worst = max(worst, time.monotonic() - started)
        served += 1
        time.sleep(0.1)
    for t in threads:
        t.join()
    outcomes = {ending for ending, _ in endings}
    assert outcomes == {"closed"}, endings
    latest = max(seconds for _, seconds in endings)
    assert HEAD_TIMEOUT_S <= latest < HEAD_TIMEOUT_S + 1.5, endings
    assert worst < 1.0, f"a valid call waited {worst:.2f} s behind the slow clients"
    time.sleep(0.3)
    fds_after = server.num_fds()
    assert fds_after <= fds_before + 2, (fds_before, fds_after)
    figures(
        "slow_clients",
        {
            "slow_connections": slow,
            "head_timeout_s": HEAD_TIMEOUT_S,
            "closed_by_head_timeout": len(endings),
            "latest_close_s": round(latest, 2),
            "valid_calls_meanwhile": served,
            "worst_latency_s": round(worst, 3),
            "fds_before": fds_before,
            "fds_after": fds_after,
        },
    )


def test_slow_body_is_served_when_complete(spawn: Spawn) -> None:
    """A body trickled in over ~2 s, twice the head timeout, is answered normally: the head
    timeout bounds the head only (the body is the app's to read). Others are served meanwhile."""
    server = spawn(extra_args=("--head-timeout", "1"))
    data = post(b'{"replication": "x"}')
    head, _, body = data.partition(b"\r\n\r\n")
    answer: list[bytes] = []

    def slow_body() -> None:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(head + b"\r\n\r\n")
            for byte in body:
                sock.sendall(bytes([byte]))
                time.sleep(0.1)
            answer.append(sock.recv(65536))

    thread = threading.Thread(target=slow_body)
    thread.start()
    while thread.is_alive():
        assert healthy(server)
        time.sleep(0.1)
    thread.join()
    assert len(answer) == 1
    assert answer[0].startswith(b"HTTP/1.1 400 "), answer
    assert b'"CSBS.9001"' in answer[0]
