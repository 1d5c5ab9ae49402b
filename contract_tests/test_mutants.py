"""Mutation check of the contract suites: every deliberately broken emulator must be caught.

Owns: running the suites against each mutant of `contract_tests.mutants`, the baseline run
that proves the same settings pass against an unbroken emulator (so a kill means the break,
not a flaky suite), and the report: `reports/mutants.json` and a table at the end of the run
(mutant, caught or not, by which suite, seconds to detection, the first line of the finding).
Must not import: the emulator's internals (mutants are built by `contract_tests.mutants`).

The suite run against each mutant is the model's state machine (`run_model`), derandomized
and without shrinking, stopping at its first failure: the time reported is the time to that
first failure, from a freshly built mutant.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from contract_tests.model_harness import Endpoint
from contract_tests.mutants import MUTANTS, make_app
from contract_tests.target import new_emulator_app
from contract_tests.test_model_stateful import model_settings, run_model

REPORT = Path(__file__).resolve().parents[1] / "reports" / "mutants.json"
# Enough for every mutant to be met several times over (the slowest is caught after about
# 1.5 s); small enough that the baseline, which must run to the end, stays a few seconds.
EXAMPLES = 60
STEPS = 30


def mutant_settings() -> settings:
    return settings(
        model_settings(max_examples=EXAMPLES, steps=STEPS, shrink=False),
        derandomize=True,  # the same call sequences for the baseline and every mutant
        database=None,  # never replay a failure remembered from another mutant
        print_blob=False,
    )


@dataclass
class Verdict:
    mutant: str
    breaks: str
    caught: bool
    suite: str | None
    seconds: float
    finding: str


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or repr(exc)
    return text.splitlines()[0][:240]


def run_suites(app: Any) -> tuple[str | None, str]:
    """Run the suites against `app` until one fails: (the suite that failed, its finding)."""
    endpoint = Endpoint.in_process(app)
    try:
        run_model(endpoint, mutant_settings())
    except Exception as exc:  # any failure of the suite is a finding; the text says which
        return "model", _first_line(exc)
    finally:
        endpoint.close()
    return None, ""


@pytest.fixture(scope="module")
def verdicts(pytestconfig: pytest.Config) -> Iterator[dict[str, Verdict]]:
    """Collects each mutant's verdict; writes the report and prints the table at the end."""
    found: dict[str, Verdict] = {}
    yield found
    if not found:
        return
    caught = sum(v.caught for v in found.values())
    summary = {
        "mutants": len(found),
        "caught": caught,
        "kill_rate": round(caught / len(found), 3),
        "settings": {"max_examples": EXAMPLES, "steps": STEPS, "derandomize": True},
        "verdicts": [asdict(v) for v in found.values()],
    }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    reporter.write_sep("=", f"mutants: {caught}/{len(found)} caught ({REPORT})")
    reporter.write_line(f"{'mutant':26} {'verdict':8} {'suite':6} {'seconds':>7}  finding")
    for v in found.values():
        verdict = "caught" if v.caught else "SURVIVED"
        # The finding reads "<call>: <what was wrong>"; the table keeps the second half.
        short = v.finding.split(": ", 1)[-1][:100]
        reporter.write_line(
            f"{v.mutant:26} {verdict:8} {v.suite or '-':6} {v.seconds:7.2f}  {short}"
        )


def test_baseline_emulator_passes_the_same_run() -> None:
    """The unbroken emulator passes exactly the run every mutant gets, so kills are real."""
    app = new_emulator_app(lifecycle="manual")
    try:
        suite, finding = run_suites(app)
    finally:
        app.close()
    assert suite is None, f"the unbroken emulator fails the mutant run: {finding}"


@pytest.mark.parametrize("name", list(MUTANTS))
def test_mutant_is_caught(name: str, verdicts: dict[str, Verdict]) -> None:
    mutant = MUTANTS[name]
    app = make_app(name)
    started = time.perf_counter()
    try:
        suite, finding = run_suites(app)
    finally:
        app.close()
    seconds = round(time.perf_counter() - started, 3)
    verdicts[name] = Verdict(name, mutant.breaks, suite is not None, suite, seconds, finding)
    assert suite is not None, f"mutant {name} ({mutant.breaks}) survived the suites"
