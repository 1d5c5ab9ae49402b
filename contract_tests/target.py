"""Which service the contract suites talk to, and the guard that keeps them safe.

Owns: choosing the target at run time (a fresh in-process emulator by default, or any base
URL), deciding whether that target is an emulator, its credentials, the request guard that
refuses replicate calls against anything that is not an emulator, and the rate cap.
Must not import: pytest, schemathesis, or the test modules (tools/contract.py and the
pytest fixtures both build on this module). ``requests`` is imported only to guard and sign
what schemathesis sends with it.

Deciding "is this an emulator?"
  * The in-process app is an emulator.
  * A base URL is probed only when its host is a loopback address (127.0.0.0/8, ::1,
    ``localhost``): it is an emulator when ``GET /_emulator/demo`` answers 200 with the demo
    dataset (a JSON object with ``token`` and ``project_id``). A remote host is never probed
    and always treated as a real service, so a production gateway never sees even that one
    request, and an emulator behind a non-loopback address is handled as cautiously as the
    real thing.
  * In dry-run mode nothing at all is sent, so a base URL is never probed and counts as a
    real service.

Safety rules against a target that is not an emulator
  * No request to the replicate path (any method, any data, negative cases included: a
    malformed-looking body might still be accepted) unless ``allow_replicate`` is set.
  * Only safe methods (GET, HEAD, OPTIONS, TRACE) elsewhere: an "unsupported method" probe
    such as DELETE on a backup's path could do harm on a service that does support it.
  * At most ``rate_limit`` requests per second (default `DEFAULT_REAL_RATE` against a real
    service; no cap for an emulator unless asked).
  `Target.guard` enforces all three: it raises `UnsafeRequestError` or waits for the cap.
  `Target.client` installs it as an httpx request hook; `guard_requests` installs it under
  every ``requests`` session of the process (schemathesis sends with ``requests``), so no
  request of the suites, check probes included, gets past it. The suites also never generate
  such requests in the first place; the guard is the backstop, and a refusal fails the test.

Credentials, first match wins: ``CSBS_TOKEN`` (sent as ``X-Auth-Token``);
``HUAWEICLOUD_SDK_AK``/``HUAWEICLOUD_SDK_SK`` (signed with `csbs_signing.AkSkAuth`); for an
emulator, its demo token. The project id comes from ``CSBS_PROJECT_ID``, then
``HUAWEICLOUD_SDK_PROJECT_ID``, then the emulator's demo dataset.
"""

from __future__ import annotations

import ipaddress
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

import httpx
import requests
import requests.auth

from contract_tests.mutants import ENV_MUTANT
from csbs_emulator import EmulatorConfig, create_app
from csbs_emulator.app import Emulator
from csbs_emulator.http import Receive, Scope, Send
from csbs_signing import AkSkAuth, credentials_from_env

if TYPE_CHECKING:
    from starlette.types import ASGIApp

ENV_BASE_URL = "CSBS_BASE_URL"
ENV_ALLOW_REPLICATE = "CSBS_ALLOW_REPLICATE"
ENV_RATE_LIMIT = "CSBS_RATE_LIMIT"
ENV_DRY_RUN = "CSBS_DRY_RUN"
ENV_TOKEN = "CSBS_TOKEN"
ENV_PROJECT_ID = "CSBS_PROJECT_ID"

# Requests per second against a service that is not an emulator, unless told otherwise.
DEFAULT_REAL_RATE = 5.0
# Requests are spaced 1/rate apart times this (see RateLimiter).
SPACING_MARGIN = 1.05
IN_PROCESS_BASE_URL = "http://testserver"
TOKEN_HEADER = "X-Auth-Token"
# RFC 9110 safe methods: the only ones sent to a real service outside the replicate call.
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

# The replicate path of `replicateBackup`, matched on the raw path as sent. Deliberately
# loose: any request whose path ends in `/replicate` (with or without a trailing slash,
# percent-encoded or not) is treated as a replicate call, whatever the segments before it.
_REPLICATE_PATH = re.compile(r"/(replicate|%72eplicate)/?$", re.IGNORECASE)


class UnsafeRequestError(RuntimeError):
    """A request the guard refuses to send to this target."""


def is_replicate_path(path: str) -> bool:
    """Whether a request path addresses the replicate call (any method)."""
    return bool(_REPLICATE_PATH.search(urlsplit(path).path or path))


def parse_rate(text: str | None) -> float | None:
    """Parse a rate cap: ``"10/s"``, ``"300/m"``, ``"5"`` (per second); ``"0"``: no cap."""
    if text is None:
        return None
    text = text.strip().lower()
    if text in ("", "0", "none", "unlimited", "off"):
        return None
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:/\s*(s|sec|second|m|min|minute|h|hour))?", text)
    if match is None:
        raise ValueError(f"rate limit {text!r}: expected N/s, N/m or N/h")
    count = float(match.group(1))
    unit = match.group(2) or "s"
    per_second = {"s": 1.0, "m": 60.0, "h": 3600.0}[unit[0]]
    if count <= 0:
        return None
    return count / per_second


class RateLimiter:
    """Spaces requests at least ``1/rate`` seconds apart (thread-safe); ``rate=None``: no cap.

    Spacing rather than a bucket: the observed rate over any window never exceeds the cap,
    which is what a rate-limited gateway counts. The spacing is `SPACING_MARGIN` wider than
    ``1/rate``: exact spacing puts ``rate + 1`` requests in a closed one-second window, and a
    few milliseconds of jitter on the way would let the server see them in one second.
    """

    def __init__(self, rate: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self._clock = clock
        self._lock = threading.Lock()
        self._next = 0.0

    def acquire(self) -> None:
        if self.rate is None:
            return
        interval = SPACING_MARGIN / self.rate
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + interval
        delay = start - now
        if delay > 0:
            time.sleep(delay)


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def probe_emulator(base_url: str, timeout: float = 3.0) -> dict[str, Any] | None:
    """The demo dataset when ``base_url`` is a loopback emulator; None otherwise (no request
    is sent to a non-loopback host)."""
    if not _is_loopback(urlsplit(base_url).hostname):
        return None
    try:
        response = httpx.get(f"{base_url.rstrip('/')}/_emulator/demo", timeout=timeout)
    except httpx.HTTPError:
        return None
    if response.status_code != 200:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    if isinstance(body, dict) and isinstance(body.get("token"), str) and "project_id" in body:
        return body
    return None


Auth = Mapping[str, str] | httpx.Auth | None


@dataclass
class Target:
    """One service under test. See the module docstring for how each field is decided.

    ``auth`` is either headers to add to every request (token auth) or an ``httpx.Auth``
    (AK/SK signing), or None (no credentials: only refusals can be tested).
    """

    base_url: str | None
    is_emulator: bool
    app: Emulator | None = None
    auth: Auth = None
    demo: dict[str, Any] | None = None
    allow_replicate: bool = False
    rate_limit: float | None = None
    dry_run: bool = False
    project_id: str | None = None
    limiter: RateLimiter = field(init=False, repr=False)
    sent: int = field(default=0, init=False)
    _count_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.limiter = RateLimiter(self.rate_limit)

    @property
    def may_replicate(self) -> bool:
        """Whether requests to the replicate path may be sent at all."""
        return not self.dry_run and (self.is_emulator or self.allow_replicate)

    @property
    def url(self) -> str:
        """The base URL requests go to (the in-process app's pseudo host when in-process)."""
        return self.base_url or IN_PROCESS_BASE_URL

    @property
    def description(self) -> str:
        where = "in-process emulator" if self.base_url is None else self.base_url
        kind = "emulator" if self.is_emulator else "NOT an emulator"
        rate = "no rate cap" if self.rate_limit is None else f"<= {self.rate_limit:g} req/s"
        replicate = "replicate allowed" if self.may_replicate else "replicate EXCLUDED"
        dry = ", DRY RUN (nothing is sent)" if self.dry_run else ""
        return f"{where} ({kind}; {replicate}; {rate}{dry})"

    def exclusion(self, method: str, path: str) -> str | None:
        """Why a request must not be sent to this target, or None when it may be."""
        method = method.upper()
        if self.dry_run:
            return "dry run: nothing is sent"
        if self.is_emulator:
            return None
        if is_replicate_path(path):
            if not self.allow_replicate:
                return (
                    f"{method} to the replicate path: the target is not an emulator "
                    "(pass --allow-replicate to send it)"
                )
            if method not in SAFE_METHODS and method != "POST":
                return f"{method} to the replicate path: only POST is allowed to a real service"
            return None
        if method not in SAFE_METHODS:
            return f"{method}: only safe methods ({', '.join(SAFE_METHODS)}) go to a real service"
        return None

    def guard(self, method: str, path: str) -> None:
        """Refuse an unsafe request (raise), else wait for the rate cap and count it."""
        reason = self.exclusion(method, path)
        if reason is not None:
            raise UnsafeRequestError(f"refused {method.upper()} {path}: {reason}")
        self.limiter.acquire()
        with self._count_lock:
            self.sent += 1

    @property
    def asgi_app(self) -> SessionOwnedApp | None:
        """The in-process app for ASGI clients that run lifespan events (None over HTTP).

        schemathesis ends an ASGI app's lifespan after every test, and the emulator closes
        its store on lifespan shutdown; the target owns the app for the whole session, so
        clients get it behind `SessionOwnedApp`, and `close` ends it once.
        """
        return None if self.app is None else SessionOwnedApp(self.app)

    def auth_headers(self) -> dict[str, str]:
        """Token headers, when the credentials are a token (empty for AK/SK or none)."""
        if isinstance(self.auth, Mapping):
            return dict(self.auth)
        return {}

    def httpx_auth(self) -> httpx.Auth | None:
        """The ``httpx.Auth`` signer, when the credentials are AK/SK."""
        return self.auth if isinstance(self.auth, httpx.Auth) else None

    def client(self, **kwargs: Any) -> httpx.Client:
        """A sync ``httpx.Client`` for the target, carrying its credentials and guard.

        In-process this is starlette's ``TestClient`` (an ``httpx.Client``) over the app.
        Every request passes `guard` first (refusal and rate cap).
        """

        def on_request(request: httpx.Request) -> None:
            self.guard(request.method, request.url.raw_path.decode("ascii", "replace"))

        headers = {**self.auth_headers(), **kwargs.pop("headers", {})}
        client: httpx.Client
        if self.app is not None:
            from starlette.testclient import TestClient  # only in-process targets need it

            # The emulator types its ASGI scope as a dict; starlette wants a MutableMapping.
            app = cast("ASGIApp", self.asgi_app)
            client = TestClient(app, base_url=IN_PROCESS_BASE_URL, headers=headers)
        else:
            assert self.base_url is not None
            client = httpx.Client(base_url=self.base_url, headers=headers, **kwargs)
        auth = self.httpx_auth()
        if auth is not None:
            client.auth = auth
        client.event_hooks = {"request": [on_request], "response": []}
        return client

    def reset(self) -> None:
        """Reset an emulator target to its fixtures (refused for anything else)."""
        if not self.is_emulator:
            raise UnsafeRequestError("reset is only for emulator targets")
        if self.app is not None:
            self.app.control_plane.reset()
            return
        assert self.base_url is not None
        httpx.post(f"{self.base_url.rstrip('/')}/_emulator/reset", timeout=10).raise_for_status()

    def close(self) -> None:
        if self.app is not None:
            self.app.close()


class SessionOwnedApp:
    """An ASGI app whose lifespan belongs to its owner: lifespan events are acknowledged
    here and never reach the app; HTTP passes through."""

    def __init__(self, app: Emulator) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


class RequestsAkSkAuth(requests.auth.AuthBase):
    """`csbs_signing.AkSkAuth` for ``requests`` (schemathesis' HTTP client).

    Signs a copy of the prepared request as httpx would send it and copies the signature
    headers (and the target, if the signer rewrote it) back, so both clients sign alike.
    """

    def __init__(self, signer: AkSkAuth) -> None:
        self.signer = signer

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        if not isinstance(body, bytes):
            raise TypeError("AK/SK signing needs the whole body; streaming bodies are not signed")
        headers = {
            name: value.decode("latin-1") if isinstance(value, bytes) else value
            for name, value in request.headers.items()
        }
        twin = httpx.Request(str(request.method), str(request.url), headers=headers, content=body)
        self.signer.sign_request(twin)
        for name, value in twin.headers.items():
            request.headers[name] = value
        # The signer may rewrite the target so that what it signed is what is sent (a
        # form-encoded space "+" becomes "%20"); send its target, not the original.
        if twin.url.raw_path != request.path_url.encode("ascii"):
            request.url = str(twin.url)
        return request

    def __repr__(self) -> str:
        return f"RequestsAkSkAuth({self.signer!r})"


@contextmanager
def guard_requests(target: Target) -> Iterator[None]:
    """Pass every ``requests`` request of the process through `Target.guard` meanwhile.

    schemathesis sends cases, and the extra probes some checks make (``ignored_auth`` drops
    the session it was given), with ``requests``; `requests.Session.send` is the one point
    all of them cross. The original is restored on exit.
    """
    original = requests.Session.send

    def send(
        session: requests.Session, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        target.guard(str(request.method), request.path_url)
        return original(session, request, **kwargs)

    requests.Session.send = send  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        requests.Session.send = original  # type: ignore[method-assign]


def new_emulator_app(**overrides: Any) -> Emulator:
    """An isolated in-memory emulator that validates its own responses."""
    options: dict[str, Any] = {
        "db_path": ":memory:",
        "lifecycle": "instant",
        "strict_responses": True,
        "access_log": False,
        "seed": 0,
    }
    options.update(overrides)
    mutant = os.environ.get(ENV_MUTANT)
    if mutant:
        # The mutation test's switch (contract_tests/test_mutants.py): the main job itself,
        # `python -m tools.contract` with no arguments, run against a broken emulator. Only
        # the contract suites read it; the emulator has no such switch.
        from contract_tests.mutants import make_app

        return cast(Emulator, make_app(mutant, **options))
    return create_app(EmulatorConfig(**options))


def _env_flag(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _credentials(environ: Mapping[str, str], demo: dict[str, Any] | None) -> Auth:
    token = environ.get(ENV_TOKEN)
    if token:
        return {TOKEN_HEADER: token}
    creds = credentials_from_env(environ)
    if creds is not None:
        return AkSkAuth(creds.ak, creds.sk, creds.project_id, creds.security_token)
    if demo is not None:
        return {TOKEN_HEADER: str(demo["token"])}
    return None


def select_target(
    base_url: str | None = None,
    *,
    allow_replicate: bool | None = None,
    rate_limit: str | None = None,
    dry_run: bool | None = None,
    environ: Mapping[str, str] | None = None,
) -> Target:
    """Build the target from options, falling back to the ``CSBS_*`` environment.

    ``base_url=None`` (and no ``CSBS_BASE_URL``) gives a fresh in-process emulator.
    """
    env = os.environ if environ is None else environ
    base_url = base_url or env.get(ENV_BASE_URL) or None
    if allow_replicate is None:
        allow_replicate = _env_flag(env, ENV_ALLOW_REPLICATE)
    if dry_run is None:
        dry_run = _env_flag(env, ENV_DRY_RUN)
    if rate_limit is None:
        rate_limit = env.get(ENV_RATE_LIMIT)
    app: Emulator | None = None
    demo: dict[str, Any] | None
    if base_url is None:
        app = new_emulator_app()
        demo = app.control_plane.demo()
        is_emulator = True
    else:
        base_url = base_url.rstrip("/")
        demo = None if dry_run else probe_emulator(base_url)
        is_emulator = demo is not None
    if rate_limit is None:
        rate = None if is_emulator else DEFAULT_REAL_RATE
    else:
        rate = parse_rate(rate_limit)
    project_id = env.get(ENV_PROJECT_ID) or env.get("HUAWEICLOUD_SDK_PROJECT_ID") or None
    if project_id is None and demo is not None:
        project_id = str(demo["project_id"])
    return Target(
        base_url=base_url,
        is_emulator=is_emulator,
        app=app,
        auth=_credentials(env, demo),
        demo=demo,
        allow_replicate=allow_replicate,
        rate_limit=rate,
        dry_run=dry_run,
        project_id=project_id,
    )
