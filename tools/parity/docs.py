"""The snapshots of the public documentation's example exchanges, one per API.

Owns: building `parity/snapshots/public-docs/{scenario}.json` for each scenario built from
documentation (`SOURCES`): CSBS's from `parity/docs/public-examples.yaml` (each documented
answer carried with where it comes from), CBR's from `parity/docs/cbr-public-examples.yaml`,
whose exchanges point into `openapi/cbr-v3.yaml` — its examples named `docs` and the
documented error bodies — so the spec stays the one place CBR's documentation is carried
(an entry's `answer: {operation, status, example}` is the spec's example of that answer;
`request: {operation, example}` the documented request body, which the step must send).
The steps of each scenario are "run" against the documentation, each answered by its
documented exchange, through the same capture, derive and normalise code as a recording,
so a snapshot has exactly the form of a recorded one and is checked against the emulator
like any other. `--check` rebuilds into memory and fails when a committed file differs (the
drift check of a golden record).
Must not import: httpx, the emulator.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml

from . import scenario as scenarios
from . import template
from .normalise import load_rules
from .runner import Exchange, Runner, Skip
from .scenario import PARITY, ROOT, Scenario, ScenarioError, Step
from .snapshot import SNAPSHOTS, Snapshot, check_secrets

# The scenarios built from documentation, and the file each is built from.
SOURCES: Final = {
    "public-docs": PARITY / "docs" / "public-examples.yaml",
    "cbr-public-docs": PARITY / "docs" / "cbr-public-examples.yaml",
}
OUT_DIR: Final = SNAPSHOTS / "public-docs"
# The CSBS snapshot, the first built (kept for callers that name one).
SOURCE: Final = SOURCES["public-docs"]
SCENARIO: Final = "public-docs"
OUT: Final = OUT_DIR / f"{SCENARIO}.json"


def out_of(name: str) -> Path:
    return OUT_DIR / f"{name}.json"


@cache
def _spec(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


def _operation(spec: Mapping[str, Any], operation_id: str) -> tuple[str, str, dict[str, Any]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return method.upper(), str(path), operation
    raise ScenarioError(f"the spec has no operation {operation_id}")


def _resolved(spec: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return node
    found: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        found = found[part]
    return _resolved(spec, found)


def _example(content: Mapping[str, Any], name: str, where: str) -> dict[str, Any]:
    examples = content.get("application/json", {}).get("examples", {})
    if name not in examples:
        raise ScenarioError(f"{where} has no example {name!r}; it has {sorted(examples)}")
    example: dict[str, Any] = examples[name]
    return example


def from_spec(entry: Mapping[str, Any], spec_path: Path) -> dict[str, Any]:
    """An exchange whose `answer` (and `request`) point into the spec, with the answer's
    status and body, the request body, and provenance filled in from the spec."""
    spec = _spec(spec_path)
    out = dict(entry)
    answer = entry["answer"]
    method, path, operation = _operation(spec, str(answer["operation"]))
    status = str(answer["status"])
    response = _resolved(spec, operation["responses"][status])
    where = f"{answer['operation']} {status}"
    example = _example(response.get("content", {}), str(answer["example"]), where)
    relative = spec_path.relative_to(ROOT)
    out["status"] = int(status)
    out["body"] = example["value"]
    source = response.get("x-cbr-source") or operation.get("x-cbr-source")
    out.setdefault(
        "source",
        f"{relative}, {answer['operation']} {status}, example {answer['example']!r}: "
        f"{example.get('summary', '')} (x-cbr-source: {source or 'cbr-docs'})",
    )
    out.setdefault("request", f"{method} {path}")
    request = entry.get("request_example")
    if request is not None:
        body = _resolved(spec, operation["requestBody"])
        where = f"{answer['operation']}'s request"
        out["request_body"] = _example(body.get("content", {}), str(request), where)["value"]
    return out


def load_source(path: Path) -> dict[str, Any]:
    """A documentation source, every exchange with its status and body."""
    source: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    spec = source.get("spec")
    exchanges = []
    for entry in source["exchanges"]:
        if "answer" in entry:
            if not spec:
                raise ScenarioError(f"{path}: an exchange points into a spec, none is named")
            entry = from_spec(entry, ROOT / str(spec))
        exchanges.append(entry)
    return {**source, "exchanges": exchanges}


class DocsRunner(Runner):
    """Answers each step with its documented exchange (steps without one are skipped)."""

    def __init__(self, source: Mapping[str, Any]) -> None:
        super().__init__()
        self.source = source
        self.exchanges: dict[str, Mapping[str, Any]] = {
            str(entry["step"]): entry for entry in source["exchanges"]
        }
        self.base: dict[str, Any] = {}
        self.paged: set[str] = set()  # variables the last exchange's page set

    def prepare(self, scenario: Scenario) -> dict[str, Any]:
        variables: dict[str, Any] = dict(scenario.variables)
        variables.update({str(k): str(v) for k, v in self.source["vars"].items()})
        self.base = dict(variables)
        return variables

    def exchange(self, step: Step, variables: dict[str, Any]) -> Exchange:
        # A page's example ids hold for its own exchange only: the next page is back to the
        # source's ids (captures are kept).
        for name in self.paged:
            if name in self.base:
                variables[name] = self.base[name]
            else:
                variables.pop(name, None)
        entry = self.exchanges.get(step.id)
        if entry is None:
            raise Skip("the documentation shows no such exchange")
        # The example ids of this exchange's page (another page may use other ids).
        page = {str(k): str(v) for k, v in (entry.get("vars") or {}).items()}
        variables.update(page)
        self.paged = set(page)
        documented = entry.get("request_body")
        if documented is not None:
            sent = template.render_json(step.body, template.lookup_in(variables))
            if sent != documented:
                raise ScenarioError(
                    f"step {step.id} sends {sent}, the documentation's request is {documented}"
                )
        return Exchange(status=entry.get("status"), headers=None, body=entry.get("body"))


def build(name: str = SCENARIO) -> Snapshot:
    source = load_source(SOURCES[name])
    scenario = scenarios.load(scenarios.SCENARIOS / f"{name}.yaml")
    runner = DocsRunner(source)
    rules = load_rules(scenario.transformers)
    calls = runner.run(scenario, rules)
    provenance = {
        "about": str(source["about"]).strip(),
        "date": str(source.get("date_note", "")).strip(),
        "calls": {
            str(entry["step"]): {
                key: entry[key] for key in ("source", "request", "notes") if entry.get(key)
            }
            for entry in source["exchanges"]
        },
    }
    taken = {
        "target": "public documentation",
        "endpoint": "documentation examples",
        "region": str(source["vars"].get("region", "unknown")),
        "date": str(source["date"]),
        "credentials": "none",
        "by": "scripts/parity docs",
    }
    snapshot = Snapshot(
        scenario=scenario,
        taken=taken,
        calls=calls,
        rules=rules,
        accepted=list(source.get("accepted") or []),
        provenance=provenance,
    )
    check_secrets(snapshot.text(), runner.secrets)
    return snapshot


def main(check: bool) -> int:
    failed = 0
    for name in SOURCES:
        out = out_of(name)
        snapshot = build(name)
        text = snapshot.text()
        if check:
            current = out.read_text("utf-8") if out.exists() else ""
            if current != text:
                built_from = SOURCES[name].relative_to(ROOT)
                print(
                    f"parity docs: {out} is not what {built_from} builds; run scripts/parity docs"
                )
                failed += 1
            else:
                print(f"parity docs: {out} is up to date")
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, "utf-8")
        answered = sum(1 for call in snapshot.calls if call.answer is not None)
        print(f"parity docs: wrote {out} ({answered} documented exchanges)")
    return 1 if failed else 0
