"""The snapshot file: one scenario's calls as one endpoint answered them, normalised.

Owns: the format (`FORMAT`), building a snapshot from a run, writing it (refusing to write a
file that would hold a credential) and reading it back as steps to replay and answers to
compare with.
Must not import: the emulator, httpx.

A snapshot is a JSON file:
  format        `csbs-parity-snapshot/1`
  scenario      the scenario's name, summary, sha256, needs and variables
  taken         where and when: target kind (emulator, real service, public documentation),
                endpoint host, region, date, credential kind (never a credential)
  provenance    for snapshots built from documentation: where each answer comes from
  accepted      known differences, each with the call, the member and the reason; a check
                shows them as "accepted", never as passing
  calls         each step as replayed (method, path template, query, body template, auth,
                captures, derived facts, significant pointers) with its normalised answer
                (status, error_code, the headers that matter, body, derived facts, what a
                poll saw), or why it was skipped
  transformers  the normalising rules the answers went through, used again by a check
A record keeps the `accepted` list of the file it replaces.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from .scenario import PARITY, Scenario, ScenarioError, Step, scenario_from_json

FORMAT: Final = "csbs-parity-snapshot/1"
SNAPSHOTS: Final = PARITY / "snapshots"
# What must never reach a snapshot file, whatever the transformers did: a signed request's
# Authorization value, or a bare signature.
_FORBIDDEN: Final = (
    re.compile(r"SDK-HMAC-SHA256\s+Access="),
    re.compile(r"Signature=[0-9a-fA-F]{16,}"),
)
# The members of a snapshot's call that are not the step as a scenario writes it.
_NOT_STEP: Final = ("answer", "skipped", "billable")


class SecretLeak(RuntimeError):
    """A snapshot would have held a credential; nothing was written."""


@dataclass
class Answer:
    """A normalised answer. `status` or `headers` None: not known (documentation)."""

    status: int | None
    error_code: str | None
    headers: dict[str, str] | None
    body: Any
    derived: dict[str, Any] = field(default_factory=dict)
    polled: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "error_code": self.error_code}
        out["headers"] = self.headers
        out["body"] = self.body
        if self.derived:
            out["derived"] = dict(sorted(self.derived.items()))
        if self.polled is not None:
            out["polled"] = self.polled
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Answer:
        return cls(
            status=data.get("status"),
            error_code=data.get("error_code"),
            headers=data.get("headers"),
            body=data.get("body"),
            derived=dict(data.get("derived") or {}),
            polled=data.get("polled"),
        )


@dataclass
class Call:
    step: Step
    answer: Answer | None = None
    skipped: str | None = None  # why the step was not sent (then `answer` is None)

    def as_json(self) -> dict[str, Any]:
        out = self.step.as_json()
        if self.answer is not None:
            out["answer"] = self.answer.as_json()
        else:
            out["skipped"] = self.skipped or "not sent"
        return out


@dataclass
class Snapshot:
    scenario: Scenario
    taken: dict[str, Any]
    calls: list[Call]
    rules: list[dict[str, Any]]
    accepted: list[dict[str, Any]] = field(default_factory=list)
    provenance: dict[str, Any] | None = None
    path: Path | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": FORMAT,
            "scenario": self.scenario.header(),
            "taken": self.taken,
        }
        if self.provenance is not None:
            out["provenance"] = self.provenance
        out["accepted"] = self.accepted
        out["calls"] = [call.as_json() for call in self.calls]
        out["transformers"] = self.rules
        return out

    def text(self) -> str:
        return json.dumps(self.as_json(), indent=1, ensure_ascii=False) + "\n"


def check_secrets(text: str, secrets: Collection[str]) -> None:
    """Raise `SecretLeak` when `text` holds any secret or anything signature-like."""
    for secret in secrets:
        if len(secret) >= 4 and secret in text:
            raise SecretLeak("a credential of the run would be written; nothing was written")
    for pattern in _FORBIDDEN:
        if pattern.search(text):
            raise SecretLeak(f"signature material ({pattern.pattern}) would be written")


def write(snapshot: Snapshot, path: Path, secrets: Collection[str]) -> None:
    """Write `snapshot` to `path`, keeping the `accepted` list of a file already there."""
    if path.exists() and not snapshot.accepted:
        with contextlib.suppress(ValueError):
            snapshot.accepted = list(json.loads(path.read_text("utf-8")).get("accepted", []))
    text = snapshot.text()
    check_secrets(text, secrets)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def read(path: Path) -> Snapshot:
    data = json.loads(path.read_text("utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a parity snapshot ({FORMAT})")
    raws: list[dict[str, Any]] = data["calls"]
    steps = [{k: v for k, v in raw.items() if k not in _NOT_STEP} for raw in raws]
    scenario = scenario_from_json({**data["scenario"], "steps": steps}, path=None)
    calls: list[Call] = []
    for step, raw in zip(scenario.steps, raws, strict=True):
        # `billable` is written for the reader; a step computes it from its path.
        if raw.get("billable", False) != step.billable:
            raise ScenarioError(f"{path}: call {step.id}: its billable mark is not its path's")
        answer = Answer.from_json(raw["answer"]) if "answer" in raw else None
        calls.append(Call(step, answer, raw.get("skipped")))
    return Snapshot(
        scenario=scenario,
        taken=dict(data["taken"]),
        calls=calls,
        rules=list(data["transformers"]),
        accepted=list(data.get("accepted", [])),
        provenance=data.get("provenance"),
        path=path,
    )


def find(paths: Sequence[str | Path] | None) -> list[Path]:
    """The snapshot files named (folders are searched), or every committed one."""
    if not paths:
        return sorted(SNAPSHOTS.rglob("*.json"))
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        found.extend(sorted(path.rglob("*.json")) if path.is_dir() else [path])
    return found
