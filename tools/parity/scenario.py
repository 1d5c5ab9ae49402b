"""Scenario files: ordered calls with placeholders and captures, one YAML file per scenario.

Owns: reading `parity/scenarios/*.yaml` into `Scenario` and `Step` values, and refusing a
scenario that is wrong before anything is sent: an unknown field, a step whose method and
path name no operation of its API's spec (`api: csbs`, the default, `openapi/csbs-v1.yaml`;
`api: cbr`, `openapi/cbr-v3.yaml`) unless it says `operation: none`, a placeholder no
earlier step or variable provides, or an unsafe method outside the replicate path. A step
is billable exactly when the contract suite's guard says its path is the replicate path
(`contract_tests.target.is_replicate_path`: every request to the replicate path is
billable, whatever its body, because the guard cannot tell a refusal from a copy before the
service answers); it is computed, never written in a scenario.
Must not import: the emulator, httpx.

A scenario names its `api` (`csbs` unless it says `cbr`). A step, as written in a scenario
(every field but `id`, `method` and `path` is optional):
  id            unique in the scenario; names the call in snapshots and reports
  note          why the step is there (the inferred choice it puts to the test)
  method, path  the request; the path is a template (`/v1/{project_id}/checkpoint_items`)
  query         parameters, each value a template
  body          a JSON body (its strings are templates); `body_text` sends text as it is,
                with `content_type` (default application/json)
  auth          target (the run's credentials, the default), none, invalid-token,
                unknown-access-key, tampered-signature (signed, then one digit changed)
  region        source (default) or destination: sent to the destination region's endpoint
                with the destination project's credentials
  operation     the operationId, when given it must agree with the spec; `none` for a path
                the spec does not have
  capture       {variable: pointer} read from the raw answer, or {variable: {length: ptr}};
                a variable the user set with `--var` is never overwritten
  derive        {fact: rule}: facts computed from the raw answer and always compared:
                {sorted: ptr, by: [key:asc|desc, ...]}, {every: ptr, equals|contains: tpl,
                ignore_case: bool}, {any: ptr, equals: tpl}, {length: ptr},
                {value: ptr, equals: tpl}
  significant   pointers into the normalised body whose values are compared (status,
                `error_code`, members, JSON types and derived facts always are)
  poll          {until: ptr, in: [values], every_seconds, timeout_seconds,
                emulator: {advance: success|fail, attempts: N}}: repeat the call until the
                value is one of `in`; against an emulator, end its copies through the
                control plane between attempts instead of waiting
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml

from contract_tests.target import SAFE_METHODS, is_replicate_path

from . import template

ROOT: Final = Path(__file__).resolve().parents[2]
PARITY: Final = ROOT / "parity"
SCENARIOS: Final = PARITY / "scenarios"
FIXTURES: Final = PARITY / "fixtures"
# The spec a scenario's steps are checked against, by its `api`.
SPECS: Final = {"csbs": ROOT / "openapi" / "csbs-v1.yaml", "cbr": ROOT / "openapi" / "cbr-v3.yaml"}

AUTH_MODES: Final = (
    "target",
    "none",
    "invalid-token",
    "unknown-access-key",
    "tampered-signature",
)
REGIONS: Final = ("source", "destination")
DERIVE_KINDS: Final = ("sorted", "every", "any", "length", "value")
# Variables every run provides (see runner.py: TargetRunner.prepare); anything else must be a
# scenario variable or a capture of an earlier step.
RUN_VARIABLES: Final = (
    "project_id",
    "region",
    "destination_region",
    "destination_project_id",
    "destination_vault_id",  # CBR: the replication vault a copy goes into
    "base_url",
)
_STEP_FIELDS: Final = {
    "id", "note", "method", "path", "query", "body", "body_text", "content_type", "auth",
    "region", "operation", "capture", "derive", "significant", "poll",
}  # fmt: skip
_SCENARIO_FIELDS: Final = {
    "name", "summary", "api", "recorded_from", "needs", "vars", "emulator_vars",
    "transformers", "steps",
}  # fmt: skip
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ScenarioError(ValueError):
    """A scenario file that cannot be run as written."""


@dataclass(frozen=True)
class Poll:
    until: str
    values: tuple[str, ...]
    every_seconds: float = 30.0
    timeout_seconds: float = 7200.0
    emulator_advance: str = "success"
    emulator_attempts: int = 10

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Poll:
        emulator = data.get("emulator", {})
        return cls(
            until=str(data["until"]),
            values=tuple(str(v) for v in data["in"]),
            every_seconds=float(data.get("every_seconds", 30.0)),
            timeout_seconds=float(data.get("timeout_seconds", 7200.0)),
            emulator_advance=str(emulator.get("advance", "success")),
            emulator_attempts=int(emulator.get("attempts", 10)),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "until": self.until,
            "in": list(self.values),
            "every_seconds": self.every_seconds,
            "timeout_seconds": self.timeout_seconds,
            "emulator": {"advance": self.emulator_advance, "attempts": self.emulator_attempts},
        }

    def describe(self) -> str:
        return (
            f"repeated every {self.every_seconds:g} s until {self.until} is "
            f"{' or '.join(self.values)}, at most {self.timeout_seconds:g} s"
        )


@dataclass(frozen=True)
class Step:
    id: str
    method: str
    path: str
    operation: str | None
    query: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    body_text: str | None = None
    content_type: str | None = None
    auth: str = "target"
    region: str = "source"
    capture: Mapping[str, Any] = field(default_factory=dict)
    derive: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    significant: tuple[str, ...] = ()
    poll: Poll | None = None
    note: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any], api: str = "csbs") -> Step:
        unknown = set(data) - _STEP_FIELDS
        if unknown:
            raise ScenarioError(f"step {data.get('id')!r}: unknown fields {sorted(unknown)}")
        method = str(data["method"]).upper()
        path = str(data["path"])
        declared, computed = data.get("operation"), operation_of(method, path, api)
        if declared is None and computed is None:
            raise ScenarioError(
                f"step {data.get('id')!r}: {method} {path} reaches no operation of the spec; "
                "say `operation: none` if that is the point"
            )
        if declared is not None and (declared if declared != "none" else None) != computed:
            raise ScenarioError(
                f"step {data.get('id')!r}: {method} {path} reaches "
                f"{computed or 'no operation'}, the step says {declared}"
            )
        return cls(
            id=str(data["id"]),
            method=method,
            path=path,
            operation=computed,
            query={str(k): str(v) for k, v in (data.get("query") or {}).items()},
            body=data.get("body"),
            body_text=data.get("body_text"),
            content_type=data.get("content_type"),
            auth=str(data.get("auth", "target")),
            region=str(data.get("region", "source")),
            capture=dict(data.get("capture") or {}),
            derive={str(k): dict(v) for k, v in (data.get("derive") or {}).items()},
            significant=tuple(str(p) for p in data.get("significant") or ()),
            poll=Poll.from_json(data["poll"]) if data.get("poll") else None,
            note=str(data.get("note", "")).strip(),
        )

    @property
    def billable(self) -> bool:
        """Whether the step is a request to the replicate path (see above)."""
        return is_replicate_path(self.path)

    def as_json(self) -> dict[str, Any]:
        """The step as a snapshot keeps it (defaults left out), enough to replay it; its
        computed `billable` mark too, for the reader."""
        out: dict[str, Any] = {"id": self.id}
        if self.note:
            out["note"] = self.note
        out["operation"] = self.operation or "none"
        out["method"] = self.method
        out["path"] = self.path
        if self.query:
            out["query"] = dict(self.query)
        if self.body is not None:
            out["body"] = self.body
        if self.body_text is not None:
            out["body_text"] = self.body_text
        if self.content_type is not None:
            out["content_type"] = self.content_type
        if self.auth != "target":
            out["auth"] = self.auth
        if self.region != "source":
            out["region"] = self.region
        out["billable"] = self.billable
        if self.capture:
            out["capture"] = dict(self.capture)
        if self.derive:
            out["derive"] = {k: dict(v) for k, v in self.derive.items()}
        if self.significant:
            out["significant"] = list(self.significant)
        if self.poll is not None:
            out["poll"] = self.poll.as_json()
        return out

    def label(self) -> str:
        """`GET /v1/{project_id}/checkpoint_items?limit=1` (templates, never values)."""
        query = "&".join(f"{k}={v}" for k, v in self.query.items())
        return f"{self.method} {self.path}{'?' + query if query else ''}"

    def templates(self) -> list[str]:
        """Every template string of the request (path, query values, body strings)."""
        found = [self.path, *self.query.values()]
        if self.body_text is not None:
            found.append(self.body_text)
        found.extend(_strings(self.body))
        return found

    def needed(self) -> list[str]:
        """The variables the request needs (not those its pointers' selectors need)."""
        return [name for text in self.templates() for name in template.names_in(text)]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


@dataclass(frozen=True)
class Scenario:
    name: str
    summary: str
    api: str  # csbs or cbr: the spec its steps are checked against
    recorded_from: str  # "target" (any endpoint) or "public-docs" (built by `docs`)
    needs: Mapping[str, Any]
    variables: Mapping[str, str]
    emulator_variables: Mapping[str, str]
    transformers: tuple[str, ...] | None  # None: the default set
    steps: tuple[Step, ...]
    sha256: str
    path: Path | None = None

    def header(self) -> dict[str, Any]:
        """What a snapshot keeps of the scenario besides its steps (`api` only when it is
        not the default, so that snapshots recorded before it existed read the same)."""
        out: dict[str, Any] = {"name": self.name, "summary": self.summary}
        if self.api != "csbs":
            out["api"] = self.api
        out["recorded_from"] = self.recorded_from
        out["sha256"] = self.sha256
        out["needs"] = dict(self.needs)
        out["vars"] = dict(self.variables)
        if self.emulator_variables:
            out["emulator_vars"] = dict(self.emulator_variables)
        if self.transformers is not None:
            out["transformers"] = list(self.transformers)
        return out


def scenario_from_json(data: Mapping[str, Any], *, path: Path | None = None) -> Scenario:
    """Build and validate a scenario (from its file, or from a snapshot's copy)."""
    unknown = set(data) - _SCENARIO_FIELDS - {"sha256"}
    if unknown:
        raise ScenarioError(f"scenario {data.get('name')!r}: unknown fields {sorted(unknown)}")
    api = str(data.get("api", "csbs"))
    if api not in SPECS:
        raise ScenarioError(f"scenario {data.get('name')!r}: api is one of {', '.join(SPECS)}")
    steps = tuple(Step.from_json(s, api) for s in data["steps"])
    transformers = data.get("transformers")
    scenario = Scenario(
        name=str(data["name"]),
        summary=str(data.get("summary", "")).strip(),
        api=api,
        recorded_from=str(data.get("recorded_from", "target")),
        needs=dict(data.get("needs") or {}),
        variables={str(k): str(v) for k, v in (data.get("vars") or {}).items()},
        emulator_variables={str(k): str(v) for k, v in (data.get("emulator_vars") or {}).items()},
        transformers=None if transformers in (None, "default") else tuple(transformers),
        steps=steps,
        sha256=str(data.get("sha256") or _digest(data)),
        path=path,
    )
    validate(scenario)
    return scenario


def _digest(data: Mapping[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load(path: Path) -> Scenario:
    data = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: not a mapping")
    if data.get("name") != path.stem:
        raise ScenarioError(f"{path}: its name must be its file name ({path.stem!r})")
    return scenario_from_json(data, path=path)


def load_all(names: list[str] | None = None, folder: Path = SCENARIOS) -> list[Scenario]:
    """The scenarios of `folder` (all, or those named), in file-name order."""
    found = {p.stem: p for p in sorted(folder.glob("*.yaml"))}
    if names:
        missing = [name for name in names if name not in found]
        if missing:
            raise ScenarioError(f"no scenario {missing}; known: {', '.join(found)}")
        return [load(found[name]) for name in names]
    return [load(path) for path in found.values()]


@cache
def spec_operations(api: str = "csbs") -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """(METHOD, path regex, operationId) of `api`'s spec, literal paths before templated
    ones."""
    spec = yaml.safe_load(SPECS[api].read_text("utf-8"))
    found: list[tuple[int, str, re.Pattern[str], str]] = []
    for path, item in spec["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found.append((path.count("{"), method.upper(), pattern, operation["operationId"]))
    found.sort(key=lambda entry: entry[0])
    return tuple((method, pattern, op) for _, method, pattern, op in found)


def operation_of(method: str, path_template: str, api: str = "csbs") -> str | None:
    """The operationId of `api` a request would reach, placeholders standing for any
    segment."""
    concrete = template.PLACEHOLDER.sub("x", path_template)
    for op_method, pattern, operation_id in spec_operations(api):
        if op_method == method and pattern.match(concrete):
            return operation_id
    return None


def validate(scenario: Scenario) -> None:
    """Raise `ScenarioError` naming the first problem of the scenario."""
    where = f"scenario {scenario.name}"
    if not _ID.match(scenario.name):
        raise ScenarioError(f"{where}: a name is lower-case letters, digits and dashes")
    if scenario.recorded_from not in ("target", "public-docs"):
        raise ScenarioError(f"{where}: recorded_from is target or public-docs")
    known = set(RUN_VARIABLES) | set(scenario.variables) | set(scenario.emulator_variables)
    seen: set[str] = set()
    for step in scenario.steps:
        at = f"{where}, step {step.id}"
        if not _ID.match(step.id) or step.id in seen:
            raise ScenarioError(f"{at}: ids are unique, lower-case letters, digits and dashes")
        seen.add(step.id)
        if step.auth not in AUTH_MODES:
            raise ScenarioError(f"{at}: auth is one of {', '.join(AUTH_MODES)}")
        if step.region not in REGIONS:
            raise ScenarioError(f"{at}: region is source or destination")
        if step.body is not None and step.body_text is not None:
            raise ScenarioError(f"{at}: body or body_text, not both")
        if not step.billable and step.method not in SAFE_METHODS:
            raise ScenarioError(f"{at}: only safe methods go to a real service outside replicate")
        for name in step.needed():
            if name not in known:
                raise ScenarioError(f"{at}: {{{name}}} is neither a variable nor captured before")
        for name, rule in step.derive.items():
            kinds = [kind for kind in DERIVE_KINDS if kind in rule]
            if len(kinds) != 1:
                raise ScenarioError(f"{at}: derive {name} needs one of {', '.join(DERIVE_KINDS)}")
        for pointer in step.significant:
            template.segments(pointer)
        # A step's own captures serve the steps after it, not itself.
        known.update(step.capture)
