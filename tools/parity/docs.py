"""The snapshot of the public documentation's example exchanges.

Owns: building `parity/snapshots/public-docs/public-docs.json` from
`parity/docs/public-examples.yaml` (each documented answer with where it comes from) and the
scenario `parity/scenarios/public-docs.yaml`: the scenario's steps are "run" against the
documentation, each answered by its documented exchange, through the same capture, derive
and normalise code as a recording, so the snapshot has exactly the form of a recorded one
and is checked against the emulator like any other. `--check` rebuilds into memory and
fails when the committed file differs (the drift check of a golden record).
Must not import: httpx, the emulator.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import yaml

from . import scenario as scenarios
from .normalise import load_rules
from .runner import Exchange, Runner, Skip
from .scenario import PARITY, Scenario, Step
from .snapshot import SNAPSHOTS, Snapshot, check_secrets

SOURCE: Final = PARITY / "docs" / "public-examples.yaml"
SCENARIO: Final = "public-docs"
OUT: Final = SNAPSHOTS / "public-docs" / f"{SCENARIO}.json"


class DocsRunner(Runner):
    """Answers each step with its documented exchange (steps without one are skipped)."""

    def __init__(self, source: Mapping[str, Any]) -> None:
        super().__init__()
        self.source = source
        self.exchanges: dict[str, Mapping[str, Any]] = {
            str(entry["step"]): entry for entry in source["exchanges"]
        }

    def prepare(self, scenario: Scenario) -> dict[str, Any]:
        variables: dict[str, Any] = dict(scenario.variables)
        variables.update({str(k): str(v) for k, v in self.source["vars"].items()})
        return variables

    def exchange(self, step: Step, variables: dict[str, Any]) -> Exchange:
        entry = self.exchanges.get(step.id)
        if entry is None:
            raise Skip("the documentation shows no such exchange")
        # The example ids of this exchange's page (another page may use other ids).
        variables.update({str(k): str(v) for k, v in (entry.get("vars") or {}).items()})
        return Exchange(status=entry.get("status"), headers=None, body=entry.get("body"))


def build(source_path: Path = SOURCE) -> Snapshot:
    source = yaml.safe_load(source_path.read_text("utf-8"))
    scenario = scenarios.load(scenarios.SCENARIOS / f"{SCENARIO}.yaml")
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


def main(check: bool, out: Path = OUT) -> int:
    snapshot = build()
    text = snapshot.text()
    if check:
        current = out.read_text("utf-8") if out.exists() else ""
        if current != text:
            print(f"parity docs: {out} is not what {SOURCE} builds; run scripts/parity docs")
            return 1
        print(f"parity docs: {out} is up to date")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, "utf-8")
    answered = sum(1 for call in snapshot.calls if call.answer is not None)
    print(f"parity docs: wrote {out} ({answered} documented exchanges)")
    return 0
