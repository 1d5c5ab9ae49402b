"""Running a scenario's steps and normalising what comes back.

Owns: the loop every snapshot comes from and every check replays: render a step's request
from the run's variables, send it (or read the documented answer), capture variables from
the raw answer, derive the step's facts, follow a poll, and normalise the answer.

`TargetRunner` sends through `contract_tests.target`: the target is chosen by
`select_target` (an in-process emulator, a loopback emulator proven by `/_emulator/demo`, or
anything else handled as the real service), every request goes through `Target.client()`
and so through `Target.guard` (a request to the replicate path only with --allow-replicate
against a non-emulator, safe methods only elsewhere, the rate cap, nothing in a dry run).
Credentials come from the environment exactly as the contract suite reads them
(`CSBS_TOKEN` + `CSBS_PROJECT_ID`, or `HUAWEICLOUD_SDK_AK`/`_SK`/`_PROJECT_ID`). An emulator is
set up from the scenario's needs through its control plane (fixtures, reset, demo dataset)
and its copies are ended through it while a step polls.
Must not import: pytest, the emulator's modules (an emulator is reached over HTTP only).

Variables a run provides: `project_id`, `region`, `destination_region`,
`destination_project_id`, `destination_vault_id` (CBR), `base_url`; from an emulator's demo
dataset, or for a real service from the environment: `CSBS_PROJECT_ID` (or
`HUAWEICLOUD_SDK_PROJECT_ID`), the region in the host name `csbs.{region}.…` or
`cbr.{region}.…` (or --region), `CSBS_DESTINATION_REGION`, `CSBS_DESTINATION_PROJECT_ID`,
`CSBS_DESTINATION_VAULT_ID`, `CSBS_OTHER_PROJECT_ID`, `CSBS_OTHER_BACKUP_ID`. `--var NAME=VALUE`
sets any variable and wins over captures. Destination-region steps use
`CSBS_DESTINATION_TOKEN` when set (a token is scoped to one project), else the same
credentials (AK/SK signed for the destination project).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Final
from urllib.parse import urlsplit

import httpx

from contract_tests.target import (
    TOKEN_HEADER,
    Auth,
    Target,
    UnsafeRequestError,
    select_target,
)
from csbs_signing import AkSkAuth, credentials_from_env

from . import template
from .normalise import Normaliser
from .scenario import FIXTURES, Scenario, Step
from .snapshot import Answer, Call

# Made-up credentials of the refusal steps. They are sent on purpose; the normaliser treats
# them as secrets all the same, so a snapshot never shows what a credential looked like.
INVALID_TOKEN: Final = "parity-invalid-token-0123456789"  # noqa: S105 -- made up on purpose
UNKNOWN_AK: Final = "PARITYUNKNOWNAK00000"
UNKNOWN_SK: Final = "parity-unknown-secret-key-000"
SECRET_ENV: Final = (
    "CSBS_TOKEN",
    "CSBS_DESTINATION_TOKEN",
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
)
ENV_VARIABLES: Final = {
    "destination_region": "CSBS_DESTINATION_REGION",
    "destination_project_id": "CSBS_DESTINATION_PROJECT_ID",
    "destination_vault_id": "CSBS_DESTINATION_VAULT_ID",
    "other_project_id": "CSBS_OTHER_PROJECT_ID",
    "other_backup_id": "CSBS_OTHER_BACKUP_ID",
}
# A regional host of either API: `csbs.{region}.…` or `cbr.{region}.…`.
_HOST_REGION: Final = re.compile(r"^(csbs|cbr)\.([a-z0-9-]+)\.", re.IGNORECASE)
# Where an emulator's control plane ends every running copy of each API.
_ADVANCE_ALL: Final = {
    "csbs": "/_emulator/replications/advance-all",
    "cbr": "/_emulator/cbr/replications/advance-all",
}
TEXT_EXCERPT: Final = 300


class Skip(Exception):
    """A step that cannot be sent; the message says why."""


@dataclass
class Exchange:
    """A raw answer: what came back (or what the documentation prints)."""

    status: int | None
    headers: Mapping[str, str] | None
    body: Any  # parsed JSON, or None
    text: str | None = None  # the body when it is not JSON


@dataclass
class Settings:
    """How a run talks to its target (the options of `scripts/parity record` and `check`)."""

    allow_replicate: bool = False
    rate_limit: str | None = None
    dry_run: bool = False
    region: str | None = None
    destination_base_url: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    poll_interval: float | None = None
    poll_timeout: float | None = None


class Runner:
    """The step loop; subclasses say how a step's answer is obtained."""

    def __init__(self) -> None:
        self.secrets: set[str] = {INVALID_TOKEN, UNKNOWN_AK, UNKNOWN_SK}
        self.pinned: dict[str, str] = {}
        self.interrupted = False

    # -- what subclasses provide -----------------------------------------------------------

    def prepare(self, scenario: Scenario) -> dict[str, Any]:
        """Set the target up for `scenario`; the variables the run starts with."""
        raise NotImplementedError

    def exchange(self, step: Step, variables: dict[str, Any]) -> Exchange:
        """One answer to `step` (raise `Skip` when it cannot be sent). `variables` are the
        run's live variables."""
        raise NotImplementedError

    def refusal(self, step: Step) -> str | None:
        """Why `step` must not be sent at all (checked before its variables)."""
        return None

    def between_polls(self, step: Step, attempt: int) -> bool:
        """Wait (or make progress) before the next poll; False: give up polling."""
        return False

    # -- the loop ---------------------------------------------------------------------------

    def run(
        self,
        scenario: Scenario,
        rules: Sequence[Mapping[str, Any]],
        on_call: Callable[[Call], None] | None = None,
    ) -> list[Call]:
        """Every step of `scenario`, in order, with answers normalised by `rules`, or why it
        was skipped."""
        variables = self.prepare(scenario)
        normaliser = Normaliser(rules, variables, self.secrets)
        calls: list[Call] = []
        for index, step in enumerate(scenario.steps):
            try:
                call = self.run_step(step, variables, normaliser)
            except KeyboardInterrupt:
                self.interrupted = True
                calls.extend(Call(s, skipped="interrupted") for s in scenario.steps[index:])
                break
            calls.append(call)
            if on_call is not None:
                on_call(call)
        return calls

    def run_step(self, step: Step, variables: dict[str, Any], normaliser: Normaliser) -> Call:
        lookup = template.lookup_in(variables)
        refusal = self.refusal(step)
        if refusal is not None:
            return Call(step, skipped=refusal)
        try:
            for name in step.needed():
                lookup(name)
            raw = self.exchange(step, variables)
            polled = None
            if step.poll is not None:
                raw, polled = self.follow(step, variables, raw, normaliser)
        except template.MissingVariable as exc:
            return Call(step, skipped=str(exc))
        except Skip as exc:
            return Call(step, skipped=str(exc))
        self.capture(step, raw.body, variables)
        derived = {
            name: derive(rule, raw.body, lookup) for name, rule in sorted(step.derive.items())
        }
        return Call(step, answer=normalised(raw, normaliser, derived, polled))

    def follow(
        self,
        step: Step,
        variables: dict[str, Any],
        raw: Exchange,
        normaliser: Normaliser,
    ) -> tuple[Exchange, dict[str, Any]]:
        """Repeat `step` until its poll value is reached or the poll gives up."""
        assert step.poll is not None
        lookup = template.lookup_in(variables)
        seen: list[Any] = []
        attempt = 1
        while True:
            value = template.first(raw.body, step.poll.until, lookup)
            if not seen or seen[-1] != value:
                seen.append(value)
            if value in step.poll.values or not self.between_polls(step, attempt):
                break
            raw = self.exchange(step, variables)
            attempt += 1
        shown = [normaliser.text(v) if isinstance(v, str) else v for v in seen]
        return raw, {"seen": shown, "finished": seen[-1] in step.poll.values}

    def capture(self, step: Step, body: Any, variables: dict[str, Any]) -> None:
        lookup = template.lookup_in(variables)
        for name, rule in step.capture.items():
            if name in self.pinned:
                continue  # set by the user: never overwritten
            try:
                if isinstance(rule, Mapping):
                    value: Any = length_at(body, rule["length"], lookup)
                else:
                    value = template.first(body, str(rule), lookup)
            except template.MissingVariable:
                value = None
            if value is None or isinstance(value, list | dict):
                variables.pop(name, None)
            else:
                variables[name] = value


def normalised(
    raw: Exchange,
    normaliser: Normaliser,
    derived: dict[str, Any],
    polled: dict[str, Any] | None,
) -> Answer:
    body = raw.body
    error_code = body.get("error_code") if isinstance(body, dict) else None
    if raw.text is not None:
        shown: Any = {"$non_json": normaliser.text(raw.text[:TEXT_EXCERPT])}
    else:
        shown = normaliser.body(body)
    return Answer(
        status=raw.status,
        error_code=normaliser.text(error_code) if isinstance(error_code, str) else None,
        headers=None if raw.headers is None else normaliser.headers(raw.headers),
        body=shown,
        derived=derived,
        polled=polled,
    )


def length_at(body: Any, pointer: Any, lookup: Callable[[str], str]) -> int | None:
    """How many items the array or object at `pointer` holds (None: not one there)."""
    found = template.first(body, str(pointer), lookup)
    return len(found) if isinstance(found, list | dict) else None


def derive(rule: Mapping[str, Any], body: Any, lookup: Callable[[str], str]) -> Any:
    """One derived fact (see scenario.py); a missing variable makes it `unknown: …`."""
    try:
        if "length" in rule:
            length = length_at(body, rule["length"], lookup)
            return _bounded(length, rule) if _has_bounds(rule) else length
        if "sorted" in rule:
            items = template.first(body, str(rule["sorted"]), lookup)
            return isinstance(items, list) and is_sorted(items, list(rule["by"]))
        if "value" in rule:
            value = template.first(body, str(rule["value"]), lookup)
            if _has_bounds(rule):
                return _bounded(value, rule)
            return _matches(value, rule, lookup)
        pointer = str(rule.get("every", rule.get("any")))
        values = [v for _, v in template.select(body, pointer, lookup)]
        hits = [_matches(v, rule, lookup) for v in values]
        if "every" in rule:
            return bool(hits) and all(hits)
        return any(hits)
    except template.MissingVariable as exc:
        return f"unknown: {exc}"


def _has_bounds(rule: Mapping[str, Any]) -> bool:
    return "at_least" in rule or "at_most" in rule


def _bounded(value: Any, rule: Mapping[str, Any]) -> bool:
    """Whether a number lies within the rule's `at_least`/`at_most` (a fact that does not
    depend on how many backups an account happens to have)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    low, high = rule.get("at_least"), rule.get("at_most")
    return (low is None or value >= int(low)) and (high is None or value <= int(high))


def _matches(value: Any, rule: Mapping[str, Any], lookup: Callable[[str], str]) -> bool:
    if value is None or isinstance(value, list | dict):
        return False
    text = str(value).lower() if isinstance(value, bool) else str(value)
    fold = bool(rule.get("ignore_case"))
    if "equals" in rule:
        wanted = template.render(str(rule["equals"]), lookup)
        return text.lower() == wanted.lower() if fold else text == wanted
    wanted = template.render(str(rule["contains"]), lookup)
    return wanted.lower() in text.lower() if fold else wanted in text


def is_sorted(items: list[Any], keys: list[str]) -> bool:
    """Whether consecutive items are in the order `key:asc|desc, ...` (ties allowed)."""
    order = [(k.split(":")[0], k.endswith(":desc")) for k in keys]
    for a, b in itertools.pairwise(items):
        if not isinstance(a, dict) or not isinstance(b, dict):
            return False
        for key, descending in order:
            left, right = a.get(key), b.get(key)
            if left == right:
                continue
            if left is None or right is None:
                return False
            if (str(left) > str(right)) != descending:
                return False
            break
    return True


# -- against a target -----------------------------------------------------------------------


class TargetRunner(Runner):
    """Runs steps against a `contract_tests.target.Target`, guard and rate cap included."""

    def __init__(self, target: Target, settings: Settings) -> None:
        super().__init__()
        self.target = target
        self.settings = settings
        self.demo: dict[str, Any] | None = target.demo
        self._clients: dict[tuple[str, str], httpx.Client] = {}  # by (api, region)
        self.variables: dict[str, Any] = {}
        self.api = "csbs"  # the API of the scenario being run
        self.pinned = dict(settings.variables)
        env = os.environ
        self.secrets |= {env[name] for name in SECRET_ENV if env.get(name)}
        self.secrets |= set(target.auth_headers().values())
        self._remember_demo(target.demo)

    @classmethod
    def open(cls, base_url: str | None, settings: Settings) -> TargetRunner:
        """The target `scripts/contract` would pick for the same options and environment."""
        target = select_target(
            base_url,
            allow_replicate=settings.allow_replicate,
            rate_limit=settings.rate_limit,
            dry_run=settings.dry_run,
        )
        return cls(target, settings)

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()
        self.target.close()

    def _remember_demo(self, demo: Mapping[str, Any] | None) -> None:
        if demo:
            self.secrets |= {str(demo[k]) for k in ("token", "ak", "sk") if demo.get(k)}

    # -- clients ----------------------------------------------------------------------------

    def client(self, region: str = "source") -> httpx.Client:
        """The client of the scenario's API in `region` (source or destination): a regional
        endpoint of the real service is the API's own host (`cbr.{region}.…` for CBR), with
        the same guard and rate cap; an emulator serves both APIs at one address."""
        key = (self.api, region)
        if key not in self._clients:
            target = self.target if region == "source" else self.destination_target()
            url = api_url(target.base_url, self.api)
            if url != target.base_url:
                limiter = self.target.limiter
                target = dataclasses.replace(target, base_url=url)
                target.limiter = limiter  # one rate cap for the whole run
            self._clients[key] = target.client(timeout=60.0)
        return self._clients[key]

    def destination_target(self) -> Target:
        """The same guard and rate cap, at the destination's endpoint, with its credentials."""
        project = self.variables.get("destination_project_id")
        if not project:
            raise Skip("needs {destination_project_id}, which is not set")
        url = self.destination_url()
        env = os.environ
        auth: Auth
        token = env.get("CSBS_DESTINATION_TOKEN") or env.get("CSBS_TOKEN")
        creds = credentials_from_env(env)
        if token:
            auth = {TOKEN_HEADER: token}
        elif creds is not None:
            auth = AkSkAuth(creds.ak, creds.sk, str(project), creds.security_token)
        else:
            auth = self.target.auth
        target = dataclasses.replace(self.target, base_url=url, auth=auth, project_id=str(project))
        target.limiter = self.target.limiter  # one rate cap for the whole run
        return target

    def destination_url(self) -> str | None:
        if self.target.is_emulator:
            return self.target.base_url  # one emulator serves every region of its fixtures
        if self.settings.destination_base_url:
            return self.settings.destination_base_url.rstrip("/")
        region = self.variables.get("destination_region")
        base = self.target.base_url or ""
        parts = urlsplit(base)
        match = _HOST_REGION.match(parts.hostname or "")
        if region and match:
            host = _HOST_REGION.sub(f"{match.group(1)}.{region}.", parts.netloc, count=1)
            return f"{parts.scheme}://{host}"
        raise Skip("needs the destination region's endpoint: pass --destination-base-url")

    # -- set-up -----------------------------------------------------------------------------

    def prepare(self, scenario: Scenario) -> dict[str, Any]:
        variables: dict[str, Any] = dict(scenario.variables)
        self.api = scenario.api
        if self.target.is_emulator:
            demo = self.set_up_emulator(scenario)
            variables.update(
                {
                    "project_id": demo["project_id"],
                    "region": demo["region"],
                    "destination_region": demo["destination_region"],
                    "destination_project_id": demo["destination_project_id"],
                }
            )
            cbr = demo.get("cbr") or {}
            if cbr.get("destination_vault_id"):
                variables["destination_vault_id"] = cbr["destination_vault_id"]
            variables.update(scenario.emulator_variables)
        else:
            env = os.environ
            if self.target.project_id:
                variables["project_id"] = self.target.project_id
            region = self.settings.region or self.region_from_url()
            if region:
                variables["region"] = region
            for name, env_name in ENV_VARIABLES.items():
                if env.get(env_name):
                    variables[name] = env[env_name]
        variables["base_url"] = self.target.url
        variables.update(self.pinned)
        self.variables = variables  # the run's live variables (captures land here)
        # The destination's credentials may depend on this scenario's ids.
        for key in [k for k in self._clients if k[1] == "destination"]:
            self._clients.pop(key).close()
        return variables

    def region_from_url(self) -> str | None:
        host = urlsplit(self.target.base_url or "").hostname or ""
        match = _HOST_REGION.match(host)
        return match.group(2).lower() if match else None

    def set_up_emulator(self, scenario: Scenario) -> dict[str, Any]:
        """Load the scenario's fixtures through the control plane, reset, read the demo."""
        name = str(scenario.needs.get("fixtures", "demo"))
        if name == "demo":
            text = resources.files("csbs_emulator").joinpath("data", "demo-fixtures.json")
            fixtures = json.loads(text.read_text("utf-8"))
        else:
            fixtures = json.loads((FIXTURES / name).read_text("utf-8"))
        client = self.client()
        client.put("/_emulator/fixtures", json=fixtures).raise_for_status()
        client.post("/_emulator/reset").raise_for_status()
        response = client.get("/_emulator/demo")
        response.raise_for_status()
        demo: dict[str, Any] = response.json()
        self.demo = demo
        self._remember_demo(demo)
        return demo

    # -- sending ----------------------------------------------------------------------------

    def refusal(self, step: Step) -> str | None:
        # The guard's own verdict on the step's path template (a template reaches the same
        # verdict as any path rendered from it: the replicate suffix is literal). The
        # destination's target differs from the source's only in URL and credentials, so
        # this verdict holds for both regions; the client's guard still checks every request.
        reason = self.target.exclusion(step.method, step.path)
        return None if reason is None else f"not sent: {reason}"

    def exchange(self, step: Step, variables: Mapping[str, Any]) -> Exchange:
        lookup = template.lookup_in(variables)
        path = template.render(step.path, lookup)
        client = self.client(step.region)
        query = {name: template.render(value, lookup) for name, value in step.query.items()}
        options: dict[str, Any] = {"params": query or None}
        if step.body is not None:
            options["json"] = template.render_json(step.body, lookup)
        elif step.body_text is not None:
            options["content"] = template.render(step.body_text, lookup).encode("utf-8")
            options["headers"] = {"Content-Type": step.content_type or "application/json"}
        request = client.build_request(step.method, path, **options)
        try:
            with self._credentials(step, request, variables) as auth_override:
                if auth_override:
                    response = client.send(request, auth=None)
                else:
                    response = client.send(request)
        except UnsafeRequestError as exc:  # the guard's backstop (`refusal` saw the template)
            raise Skip(f"refused by the guard: {exc}") from None
        except httpx.HTTPError as exc:
            raise Skip(f"transport error: {type(exc).__name__}: {exc}") from None
        return exchange_of(response)

    @contextmanager
    def _credentials(
        self, step: Step, request: httpx.Request, variables: Mapping[str, Any]
    ) -> Iterator[bool]:
        """Apply the step's auth mode to `request`; yields whether the client's is bypassed."""
        if step.auth == "target":
            yield False
            return
        if TOKEN_HEADER in request.headers:
            del request.headers[TOKEN_HEADER]
        project = str(variables.get("project_id", ""))
        if step.auth == "invalid-token":
            request.headers[TOKEN_HEADER] = INVALID_TOKEN
        elif step.auth == "unknown-access-key":
            AkSkAuth(UNKNOWN_AK, UNKNOWN_SK, project).sign_request(request)
        elif step.auth == "tampered-signature":
            self.signer(project).sign_request(request)
            request.headers["Authorization"] = tamper(request.headers["Authorization"])
        yield True

    def signer(self, project: str) -> AkSkAuth:
        """The run's own AK/SK (the environment's, or an emulator's demo pair)."""
        creds = credentials_from_env(os.environ)
        if creds is not None:
            return AkSkAuth(creds.ak, creds.sk, project, creds.security_token)
        if self.demo and self.demo.get("ak") and self.demo.get("sk"):
            return AkSkAuth(str(self.demo["ak"]), str(self.demo["sk"]), project)
        raise Skip("needs AK/SK credentials (HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK)")

    def between_polls(self, step: Step, attempt: int) -> bool:
        assert step.poll is not None
        if self.target.is_emulator:
            if attempt >= step.poll.emulator_attempts:
                return False
            outcome = {"outcome": step.poll.emulator_advance}
            self.client().post(_ADVANCE_ALL[self.api], json=outcome)
            return True
        interval = self.settings.poll_interval or step.poll.every_seconds
        timeout = self.settings.poll_timeout or step.poll.timeout_seconds
        if attempt * interval > timeout:
            return False
        time.sleep(interval)
        return True

    # -- what the snapshot says of the run --------------------------------------------------

    def taken(self, region: str | None) -> dict[str, Any]:
        if self.target.is_emulator:
            endpoint = "in-process emulator" if self.target.base_url is None else "loopback"
        else:
            endpoint = urlsplit(self.target.base_url or "").hostname or "unknown"
        auth = self.target.auth
        credentials = "token" if isinstance(auth, Mapping) else "AK/SK" if auth else "none"
        return {
            "target": "emulator" if self.target.is_emulator else "real service",
            "endpoint": endpoint,
            "region": region or "unknown",
            "date": dt.datetime.now(dt.UTC).date().isoformat(),
            "credentials": credentials,
            "by": "scripts/parity record",
        }


def api_url(base_url: str | None, api: str) -> str | None:
    """`base_url` on `api`'s own regional host when it is a regional host of either API
    (`csbs.{region}.…` <-> `cbr.{region}.…`); any other URL as it is."""
    if not base_url:
        return base_url
    parts = urlsplit(base_url)
    match = _HOST_REGION.match(parts.hostname or "")
    if not match or match.group(1).lower() == api:
        return base_url
    netloc = _HOST_REGION.sub(f"{api}.{match.group(2)}.", parts.netloc, count=1)
    return parts._replace(netloc=netloc).geturl()


def tamper(authorization: str) -> str:
    """The same Authorization value with the signature's last digit changed."""
    head, last = authorization[:-1], authorization[-1:]
    return head + ("1" if last == "0" else "0")


def exchange_of(response: httpx.Response) -> Exchange:
    headers = dict(response.headers.items())
    if not response.content:
        return Exchange(response.status_code, headers, None)
    try:
        return Exchange(response.status_code, headers, response.json())
    except ValueError:
        return Exchange(response.status_code, headers, None, text=response.text)
