"""The HTTP layer: the only place that knows status codes, headers and JSON.

Owns: a plain ASGI application built from a spec's compiled routes and a table of handlers
by operationId. For every request it assigns an `X-Request-Id`, matches the route (404
`APIGW.0101`, or 405 with `Allow`), bounds and reads the body (413 `APIGW.0201`),
authenticates and scopes the caller, injects faults, validates parameters and body (400, in
the serving service's parameter code, from its `Catalogue`), calls the handler, optionally
validates the response against the spec, and renders every error — including unexpected
ones — as the service's JSON error body. A fault
`after_commit` strikes once the call's writes are committed: it delays the answer, replaces
it, or drops it (the status line and headers are sent, the body never is, and the server
closes the connection; uvicorn logs "ASGI callable returned without completing response").
Must not import: the store.

This is hand-written ASGI rather than a framework's request objects because it is the hot
path of every call (see bench/README.md); it stays small and has no rules in it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol
from urllib.parse import parse_qsl

import fastjsonschema
import orjson

from .auth import Authenticator, Principal, host_pattern, region_from_host
from .errors import (
    METHOD_NOT_ALLOWED,
    ApiError,
    Catalogue,
    Malformed,
    no_such_api,
    too_large,
)
from .faults import NO_FAULT, FaultInjector
from .ids import request_id as new_request_id
from .spec import Operation, Route

# The ASGI spec's own types (mutable mappings), so any ASGI server or test client accepts us.
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

access_log = logging.getLogger("csbs_emulator.access")
error_log = logging.getLogger("csbs_emulator.error")


@dataclass(slots=True)
class Call:
    """One validated call, as a handler sees it."""

    operation: Operation
    path: dict[str, Any]
    query: dict[str, Any]
    body: Any
    principal: Principal | None
    base_url: str
    host_region: str | None


@dataclass(slots=True)
class Reply:
    status: int
    body: Any
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    # Send the status line, then close the connection: an injected lost answer.
    drop: bool = False


Handler = Callable[[Call], Reply | Awaitable[Reply]]


class UnitOfWork(Protocol):
    """The state's commit control, as the HTTP layer needs it (the store provides it)."""

    deferring: bool

    @property
    def pending(self) -> bool: ...

    @property
    def group(self) -> int: ...

    @property
    def turn_remembered(self) -> bool: ...

    def flush(self) -> None: ...

    def end_turn(self) -> None: ...


class GroupLost(Exception):
    """What this call wrote or read was in a group of calls that rolled back (another call
    of the same turn failed after writing): it must not be answered as if committed."""


class GroupCommit:
    """Commits the writes of the calls handled together (one event-loop turn, or two).

    A handler runs synchronously with `deferring` set, so its writes stay uncommitted; the
    first call that leaves writes pending schedules one `flush()` after the turn (or after
    the next, when calls from other connections may still join: `_flush_when_whole`), and
    every call of the group waits for it before answering. One commit then serves all the
    calls that arrived together (at c=32, a wave of ~30), instead of one commit each. A call is
    answered only if the group it wrote to or read from is the one committed: a group can
    also be lost in the turn (`Store.transaction`), and then its calls answer 500.
    """

    def __init__(self, unit: UnitOfWork) -> None:
        self.unit = unit
        # The calls waiting for the scheduled flush, each on a future of its own (a call
        # that is cancelled leaves the others waiting: what asyncio.shield around one shared
        # future gave, at twice the cost per call: replicateBackup's profile, issue 19),
        # with the groups it saw open before and after its handler.
        self._waiting: list[tuple[asyncio.Future[None], int | None, int | None]] | None = None
        self._turn_ending = False
        # How many client connections are open, as the server that serves the app keeps
        # them (`csbs-emulator serve`: uvicorn's own set); None in-process, where nothing
        # keeps them, and then a group always waits the one turn (`_flush_when_whole`).
        self.open_connections: Callable[[], int] | None = None

    def open_group(self) -> int | None:
        """The group open now (None: nothing uncommitted)."""
        unit = self.unit
        return unit.group if unit.pending else None

    def run(self, handler: Handler, call: Call) -> Reply | Awaitable[Reply]:
        unit = self.unit
        unit.deferring = True
        try:
            return handler(call)
        finally:
            unit.deferring = False
            if unit.turn_remembered and not self._turn_ending:
                # What the unit remembers for this turn's handlers is forgotten before the
                # next turn's run (a callback queued now runs ahead of their I/O).
                self._turn_ending = True
                asyncio.get_running_loop().call_soon(self._end_turn)

    def _end_turn(self) -> None:
        self._turn_ending = False
        self.unit.end_turn()

    async def settle(self, before: int | None) -> None:
        """Return once nothing this call may have seen or written is uncommitted; raise
        GroupLost if some of it never will be. `before`: `open_group()` before its handler."""
        after = self.open_group()
        if before is None and after is None:
            return
        loop = asyncio.get_running_loop()
        waiting = self._waiting
        if waiting is None:
            waiting = self._waiting = []
            loop.call_soon(self._flush_when_whole)
        flushed = loop.create_future()
        waiting.append((flushed, before, after))
        await flushed

    def _flush_when_whole(self) -> None:
        """Flush now if no other call can join the group, else one loop turn later.

        Requests that arrived while the group's handlers ran were read in this turn's poll,
        and their handlers are queued behind this callback: waiting one turn lets them join
        the group. Without it, a steady load split its connections into two cohorts that
        committed in turn (wrk at c=32: ~14 calls a commit, not ~30, and a commit's cost per
        call falls as its group grows: bench/README.md, issue 19). A call can join only from
        a connection with no call in the group (HTTP/1.1: one request at a time each), so
        when every open connection has one (one client: c=1), the group flushes at once.
        """
        waiting, count = self._waiting, self.open_connections
        if waiting is not None and count is not None and 0 < count() <= len(waiting):
            self._flush()
        else:
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        waiting, self._waiting = self._waiting, None
        assert waiting is not None
        committing = self.open_group()
        try:
            self.unit.flush()
        except Exception as exc:
            for flushed, _, _ in waiting:
                if not flushed.done():
                    flushed.set_exception(exc)
            return
        for flushed, before, after in waiting:
            if flushed.done():
                continue
            if before in (None, committing) and after in (None, committing):
                flushed.set_result(None)
            else:
                flushed.set_exception(GroupLost("rolled back with its group"))


@dataclass(slots=True)
class Security:
    """How a spec's operations are secured: the authenticator, and how to scope a call."""

    authenticator: Callable[[], Authenticator]
    project_region: Callable[[str], str | None]
    known_region: Callable[[str], bool]
    now: Callable[[], Any]


def _dupe_free(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise Malformed(f"duplicate member {key!r} in the JSON body")
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise Malformed(f"{name} is not valid JSON")


def parse_json(body: bytes) -> Any:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("the body is not UTF-8 encoded JSON") from None
    try:
        return json.loads(text, object_pairs_hook=_dupe_free, parse_constant=_no_constants)
    except RecursionError:
        raise Malformed("the JSON body is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise Malformed(f"malformed JSON body: {exc.msg} at position {exc.pos}") from None
    except ValueError as exc:  # e.g. an integer beyond the interpreter's digit limit
        raise Malformed(f"malformed JSON body: {exc}") from None


class Encoded:
    """A part of an answer's body already encoded as JSON, sent as is (a rendering a handler
    keeps between calls: csbs.operations.listed_view)."""

    __slots__ = ("_fragment", "json")

    def __init__(self, json: bytes) -> None:
        self.json = json
        self._fragment = orjson.Fragment(json)


def _encoded(value: Any) -> Any:
    if isinstance(value, Encoded):
        return value._fragment
    raise TypeError(f"{type(value).__name__} is not JSON")


def _encoded_value(value: Any) -> Any:
    if isinstance(value, Encoded):
        return json.loads(value.json)
    raise TypeError(f"{type(value).__name__} is not JSON")


def encode(body: Any) -> bytes:
    """A body as JSON; it may hold parts already encoded (`Encoded`)."""
    try:
        return orjson.dumps(body, default=_encoded)
    except TypeError:  # e.g. an integer beyond 64 bits, which the standard encoder writes
        return json.dumps(
            body, ensure_ascii=False, separators=(",", ":"), default=_encoded_value
        ).encode("utf-8")


def decode_sent(payload: bytes) -> Any:
    """What a client reads from a body this layer encoded."""
    try:
        return orjson.loads(payload)
    except orjson.JSONDecodeError:  # e.g. an integer beyond 64 bits
        return json.loads(payload)


def error_body(error: ApiError, request_id: str) -> dict[str, str]:
    body = {"error_code": error.code, "error_msg": error.message}
    if error.from_gateway:
        body["request_id"] = request_id
    return body


class SpecApp:
    """An ASGI app serving one spec's operations with the given handlers."""

    def __init__(
        self,
        routes: list[Route],
        handlers: Mapping[str, Handler],
        *,
        catalogue: Catalogue,
        max_body_bytes: int,
        security: Security | None = None,
        faults: FaultInjector | None = None,
        fault_prefix: str = "",
        host_label: str = "csbs",
        validate_responses: bool = False,
        log_access: bool = True,
        group_commit: GroupCommit | None = None,
    ) -> None:
        missing = {
            op.operation_id for r in routes for op in r.operations.values()
        } - handlers.keys()
        if missing:
            raise ValueError(f"no handler for operationIds: {sorted(missing)}")
        self.routes = routes
        # Routes by their number of "/": a template's {name} matches one segment, so a path
        # can only match routes with as many; one regex per call instead of up to five.
        self._by_slashes: dict[int, list[Route]] = {}
        for route in routes:
            self._by_slashes.setdefault(route.template.count("/"), []).append(route)
        self.handlers = dict(handlers)
        # Whose codes a malformed request, an injected fault and an unexpected failure get.
        self.catalogue = catalogue
        self.max_body_bytes = max_body_bytes
        self.security = security
        self.faults = faults
        # How fault rules name this spec's operations ("cbr." + operationId for CBR).
        self.fault_prefix = fault_prefix
        # A Host `{host_label}.{region}.…` names the region the call is made in.
        self.host_pattern = host_pattern(host_label)
        self.validate_responses = validate_responses
        self.log_access = log_access
        self.group_commit = group_commit
        self._valid_bodies: dict[tuple[str, bytes], None] = {}
        self._parsed_queries: dict[tuple[str, bytes, bool], dict[str, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = new_request_id()
        started = time.perf_counter() if self.log_access else 0.0
        sent = False
        dropped = False
        status = 500

        async def respond(reply: Reply) -> None:
            nonlocal sent, status, dropped
            payload = encode(reply.body)
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"x-request-id", request_id.encode()),
                *reply.headers,
            ]
            status = reply.status
            sent = True
            await send({"type": "http.response.start", "status": reply.status, "headers": headers})
            if reply.drop:  # an injected lost answer: returning now, the server closes it
                dropped = True
                return
            await send({"type": "http.response.body", "body": payload})

        try:
            await respond(await self._handle(scope, receive, request_id))
        except _ClientGone:
            status = 499  # logged only: the client left before its body arrived
        except ApiError as exc:
            if not sent:
                await respond(_error_reply(exc, request_id))
        except Malformed as exc:
            if not sent:
                await respond(_error_reply(self.catalogue.malformed(exc.detail), request_id))
        except Exception:
            error_log.exception("request %s failed", request_id)
            if not sent:
                message = f"Internal error; see the emulator log for request {request_id}"
                await respond(_error_reply(self.catalogue.fault(500, message), request_id))
        finally:
            if self.log_access:
                client = scope.get("client")
                access_log.info(
                    '%s "%s %s" %d %.1fms request_id=%s%s',
                    f"{client[0]}:{client[1]}" if client else "-",
                    scope.get("method"),
                    scope.get("path"),
                    status,
                    (time.perf_counter() - started) * 1000,
                    request_id,
                    " answer dropped (fault)" if dropped else "",
                )

    async def _handle(self, scope: Scope, receive: Receive, request_id: str) -> Reply:
        method: str = scope["method"]
        route, raw_params = self._match(scope["path"])
        operation = route.operations.get(method)
        if operation is None:
            allow = ", ".join(route.operations)
            raise _MethodNotAllowed(allow)
        headers = _headers(scope)
        body = await self._read_body(receive, headers)
        host_region = region_from_host(headers.get("host"), self.host_pattern)
        principal = None
        if self.security is not None:
            security = self.security
            if host_region is not None and not security.known_region(host_region):
                raise no_such_api(f"No endpoint for region {host_region}")
            principal = security.authenticator().authenticate(
                method,
                scope.get("raw_path") or scope["path"].encode(),
                scope.get("query_string", b""),
                headers,
                body,
                security.now,
            )
            project_id = raw_params.get("project_id")
            Authenticator.authorize(
                principal,
                project_id,
                write=method not in ("GET", "HEAD"),
                project_region=security.project_region(project_id) if project_id else None,
                host_region=host_region,
            )
        fault = NO_FAULT
        if self.faults is not None:
            fault = self.faults.decide(self.fault_prefix + operation.operation_id)
        error = None
        if fault.status is not None:
            error = self.catalogue.fault(fault.status, f"Injected fault ({operation.operation_id})")
        if not fault.after_commit:
            if fault.latency_s:
                await asyncio.sleep(fault.latency_s)
            if error is not None:
                raise error
            return await self._call(
                operation, raw_params, scope, headers, body, principal, host_region
            )
        # The call runs and commits; then the fault strikes whatever it answers, a refusal too.
        try:
            reply = await self._call(
                operation, raw_params, scope, headers, body, principal, host_region
            )
        except ApiError as exc:
            reply = _error_reply(exc, request_id)
        except Malformed as exc:
            reply = _error_reply(self.catalogue.malformed(exc.detail), request_id)
        if fault.latency_s:
            await asyncio.sleep(fault.latency_s)
        if error is not None:
            reply = _error_reply(error, request_id)
        return replace(reply, drop=fault.drop)

    async def _call(
        self,
        operation: Operation,
        raw_params: Mapping[str, str],
        scope: Scope,
        headers: Mapping[str, str],
        body: bytes,
        principal: Principal | None,
        host_region: str | None,
    ) -> Reply:
        """The operation's handler on the checked call, its commit awaited."""
        call = Call(
            operation=operation,
            path={p.name: p.check(raw_params[p.name]) for p in operation.path_params},
            query=self._query(
                operation,
                scope.get("query_string", b""),
                principal is not None and principal.scheme == "aksk",
            ),
            body=self._body(operation, headers, body),
            principal=principal,
            base_url=_base_url(scope, headers),
            host_region=host_region,
        )
        handler = self.handlers[operation.operation_id]
        group = self.group_commit
        if group is None:
            result = handler(call)
        else:
            before = group.open_group()
            try:
                result = group.run(handler, call)
            finally:  # an error answer, too, waits: it may rest on uncommitted state
                await group.settle(before)
        # Most handlers answer at once; asyncio.iscoroutine() of a Reply is an ABC check
        # that is never cached for a negative (~1 us of every call).
        reply = result if isinstance(result, Reply) else await result
        assert isinstance(reply, Reply)
        if self.validate_responses:
            self._check_response(operation, reply)
        return reply

    def _match(self, path: str) -> tuple[Route, dict[str, str]]:
        for route in self._by_slashes.get(path.count("/"), ()):
            match = route.pattern.match(path)
            if match:
                return route, match.groupdict()
        raise no_such_api()

    async def _read_body(self, receive: Receive, headers: Mapping[str, str]) -> bytes:
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            raise too_large(self.max_body_bytes)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _ClientGone()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise too_large(self.max_body_bytes)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _body(self, operation: Operation, headers: Mapping[str, str], body: bytes) -> Any:
        if operation.body is None:
            return None  # GET: a body, if any, is ignored (it was still signed)
        if not body:
            if operation.body_required:
                raise Malformed("the request body is required")
            return None
        media = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media != "application/json":
            raise Malformed(f"Content-Type must be application/json, not {media or 'missing'}")
        key = (operation.operation_id, body)
        if key in self._valid_bodies:
            return orjson.loads(body)
        value = operation.validate_body(parse_json(body))
        _remember_valid(self._valid_bodies, key, value)
        return value

    def _query(
        self, operation: Operation, query_string: bytes, plus_is_literal: bool
    ) -> dict[str, Any]:
        """`_query`, remembered per query string: the checked values are a pure function of
        the operation, the text and how "+" reads, and parsing and checking `limit=10` again
        on every call was ~4% of listBackups (bench/README.md, issue 19). Only queries of
        plain values are kept (a list could be changed by whoever holds it); each call gets
        a dict of its own."""
        if not query_string:
            return _query(operation, query_string, plus_is_literal=plus_is_literal)
        key = (operation.operation_id, query_string, plus_is_literal)
        known = self._parsed_queries.get(key)
        if known is not None:
            return dict(known)
        values = _query(operation, query_string, plus_is_literal=plus_is_literal)
        if len(query_string) <= 1024 and all(
            isinstance(v, (str, int, float, bool)) for v in values.values()
        ):
            if len(self._parsed_queries) >= _QUERIES_KEPT:
                self._parsed_queries.clear()
            self._parsed_queries[key] = dict(values)
        return values

    def _check_response(self, operation: Operation, reply: Reply) -> None:
        if reply.status not in operation.responses:
            raise RuntimeError(
                f"{operation.operation_id} answered {reply.status}, which the spec does not list"
            )
        validator = operation.responses[reply.status]
        if validator is not None:
            try:
                # The JSON as sent: a body may hold parts already encoded (`Encoded`).
                validator(decode_sent(encode(reply.body)))
            except fastjsonschema.JsonSchemaException as exc:
                raise RuntimeError(
                    f"{operation.operation_id} {reply.status} response breaks the spec: {exc}"
                ) from None


class _MethodNotAllowed(ApiError):
    def __init__(self, allow: str) -> None:
        code, status = METHOD_NOT_ALLOWED
        super().__init__(code, "The method is not allowed for this API", status)
        self.allow = allow


class _ClientGone(Exception):
    """The client disconnected before sending its whole body: nothing to answer."""


# Request bodies this app parsed and validated, by operation and exact bytes (bounded).
# Callers repeat theirs (a replicateBackup body names the destination, not the backup), and
# the strict parse (duplicate members, NaN) plus the validator cost ~6 us of each call
# (bench/README.md, issue 19). A body seen before is parsed again by orjson — a fresh value,
# never a shared one — which, for these bytes, was checked to give exactly what the strict
# parse gave.
# Small: a few repeated bodies are the point, and memory must stay flat under a mixed load
# (tests/reliability/test_soak.py allows 10 MiB of growth in all).
_VALID_BODIES_KEPT = 256
_QUERIES_KEPT = 256


def _remember_valid(
    valid: dict[tuple[str, bytes], None], key: tuple[str, bytes], value: Any
) -> None:
    if len(key[1]) > 4096:
        return
    try:
        same = orjson.dumps(orjson.loads(key[1])) == orjson.dumps(value)
    except (orjson.JSONDecodeError, TypeError):  # e.g. an integer beyond 64 bits
        return
    if same:
        if len(valid) >= _VALID_BODIES_KEPT:
            valid.clear()
        valid[key] = None


def _error_reply(error: ApiError, request_id: str) -> Reply:
    return Reply(error.status, error_body(error, request_id), _extra(error))


def _extra(error: ApiError) -> list[tuple[bytes, bytes]]:
    if isinstance(error, _MethodNotAllowed):
        return [(b"allow", error.allow.encode())]
    return []


def _headers(scope: Scope) -> dict[str, str]:
    """Lower-cased header names; repeated headers joined with ", " as signers expect."""
    out: dict[str, str] = {}
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").lower()
        value = raw_value.decode("latin-1")
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def _query(
    operation: Operation, query_string: bytes, *, plus_is_literal: bool = False
) -> dict[str, Any]:
    if not query_string and not operation.query_params:
        return {}  # replicateBackup, showBackup: nothing to parse
    if plus_is_literal:
        # An AK/SK signature decodes the query with plain unquote, where "+" is a plus, so
        # "q=a+b" and "q=a%2Bb" carry the same signature. Reading "+" as a space here would
        # let anyone swap one for the other and change what a signed call means: read it as
        # the signature does. Token calls have no signature to agree with, so there "+"
        # stays the space that form encoding (httpx, requests) writes.
        query_string = query_string.replace(b"+", b"%2B")
    try:
        pairs = parse_qsl(
            query_string.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
            errors="strict",
        )  # fmt: skip
    except UnicodeDecodeError:
        raise Malformed("the query string is not UTF-8") from None
    values: dict[str, Any] = {}
    repeated: dict[str, list[str]] = {}
    for name, raw in pairs:
        parameter = operation.query_params.get(name)
        if parameter is None:
            raise Malformed(f"unknown query parameter {name!r}")
        if parameter.array == "repeated":  # `status=a&status=b`: one array
            repeated.setdefault(name, []).append(raw)
            continue
        if name in values:
            raise Malformed(f"query parameter {name!r} is given more than once")
        values[name] = parameter.check(raw)
    for name, raws in repeated.items():
        values[name] = operation.query_params[name].check(raws)
    for name, parameter in operation.query_params.items():
        if name not in values:
            if parameter.required:
                raise Malformed(f"query parameter {name!r} is required")
            if parameter.default is not None:
                values[name] = parameter.default
    return values


def _base_url(scope: Scope, headers: Mapping[str, str]) -> str:
    scheme = scope.get("scheme", "http")
    host = headers.get("host")
    if not host:
        server = scope.get("server")
        host = f"{server[0]}:{server[1]}" if server else "localhost"
    return f"{scheme}://{host}"
