"""Mutation check of the contract suites: every deliberately broken emulator must be caught.

Owns: running the suites against each mutant of `contract_tests.mutants`, the baseline runs
that prove the very same runs pass against the unbroken emulator (so a kill means the break,
not a flaky suite), and the report: `reports/mutants.json` and a table at the end of the run
(mutant, caught or not, by which suite, seconds to detection, the first line of the finding).
Must not import: the emulator's internals (mutants are built by `contract_tests.mutants`).

The suites, in the order they are tried on each mutant, stopping at the first that fails:
  model         the model's state machine (`run_model`) in-process against `make_app(name)`,
                derandomized, without shrinking: it stops at its first failure.
  schemathesis  the conformance suite through its runner (`python -m tools.contract
                --no-stateful`) over HTTP against `uvicorn --factory
                contract_tests.mutants:app_from_env` with CSBS_MUTANT set; a kill needs a
                failed check verdict in its summary, not just a non-zero exit.
The seconds reported are from a freshly built mutant to the end of the failing suite's run
(the model stops at its first failure; the schemathesis runner has no stop-at-first-failure
and runs its few cases to the end, so its time is an upper bound).

CSBS_MUTANTS_ALL_SUITES=1 runs every suite on every mutant instead (about three minutes more),
so the report also says which mutants each suite catches on its own.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import settings

from contract_tests.model_harness import Endpoint
from contract_tests.mutants import BASELINE, ENV_LIFECYCLE, ENV_MUTANT, MUTANTS, make_app
from contract_tests.test_model_stateful import model_settings, run_model

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "reports" / "mutants.json"
# Enough for every mutant to be met several times over (the slowest is caught after about
# 5 s); small enough that the baseline, which must run to the end, stays a few seconds.
EXAMPLES = 60
STEPS = 30
# Fuzzing examples per operation of the schemathesis run; the examples and coverage phases
# add their own cases (about 330 in all against the unbroken emulator).
SCHEMATHESIS_EXAMPLES = 5
ALL_SUITES = os.environ.get("CSBS_MUTANTS_ALL_SUITES", "").strip() in ("1", "true", "yes")


def mutant_settings() -> settings:
    return settings(
        model_settings(max_examples=EXAMPLES, steps=STEPS, shrink=False),
        derandomize=True,  # the same call sequences for the baseline and every mutant
        database=None,  # never replay a failure remembered from another mutant
        print_blob=False,
    )


@dataclass
class SuiteRun:
    caught: bool
    seconds: float
    finding: str = ""


@dataclass
class Verdict:
    mutant: str
    breaks: str
    caught: bool = False
    suite: str | None = None  # the first suite that failed
    seconds: float = 0.0  # until that suite's run ended (all suites tried so far)
    finding: str = ""
    suites: dict[str, SuiteRun] = field(default_factory=dict)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or repr(exc)
    return text.splitlines()[0][:240]


# -- suite 1: the model ------------------------------------------------------------------------


def run_model_suite(mutant: str, tmp: Path) -> SuiteRun:
    started = time.perf_counter()
    app = make_app(mutant)
    endpoint = Endpoint.in_process(app)
    try:
        run_model(endpoint, mutant_settings())
    except Exception as exc:  # any failure of the suite is a finding; its text says which
        return SuiteRun(True, time.perf_counter() - started, _first_line(exc))
    finally:
        endpoint.close()
        app.close()
    return SuiteRun(False, time.perf_counter() - started)


# -- suite 2: schemathesis through tools.contract -----------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the mutant server exited: {log.read_text()}")
        try:
            if httpx.get(f"{url}/_emulator/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the mutant server did not start: {log.read_text()}")


def run_schemathesis_suite(mutant: str, tmp: Path) -> SuiteRun:
    started = time.perf_counter()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp / f"server-{mutant}.log"
    env = {**os.environ, ENV_MUTANT: mutant, ENV_LIFECYCLE: "instant"}
    env.setdefault("HYPOTHESIS_PROFILE", "ci")
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable, "-m", "uvicorn", "--factory",
                "contract_tests.mutants:app_from_env",
                "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
            ],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait_healthy(url, server, log)
            summary = tmp / f"summary-{mutant}.json"
            result = subprocess.run(
                [
                    sys.executable, "-m", "tools.contract", "--base-url", url,
                    "--max-examples", str(SCHEMATHESIS_EXAMPLES), "--no-stateful",
                    "--label", f"mutant-{mutant}", "--reports-dir", str(tmp),
                    "--summary-json", str(summary),
                ],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
            )  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=10)
    seconds = time.perf_counter() - started
    counts: dict[str, Any] = json.loads(summary.read_text()) if summary.exists() else {}
    failed = [
        f"{op}: {check} failed {verdict['failed']}x"
        for op, data in counts.get("operations", {}).items()
        for check, verdict in data["checks"].items()
        if verdict["failed"]
    ]
    if result.returncode != 0 and not failed:
        # A crash of the runner is not a kill: it says nothing about the mutant.
        raise RuntimeError(
            f"tools.contract exited {result.returncode} without a failed check:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
        )
    assert (result.returncode != 0) == bool(failed), "the runner's exit and summary disagree"
    return SuiteRun(bool(failed), seconds, "; ".join(failed)[:240])


SUITES: dict[str, Callable[[str, Path], SuiteRun]] = {
    "model": run_model_suite,
    "schemathesis": run_schemathesis_suite,
}


# -- the tests ---------------------------------------------------------------------------------


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
        "suites_in_order": list(SUITES),
        "all_suites_on_every_mutant": ALL_SUITES,
        "settings": {
            "model": {"max_examples": EXAMPLES, "steps": STEPS, "derandomize": True},
            "schemathesis": {"max_examples": SCHEMATHESIS_EXAMPLES, "stateful": False},
        },
        "verdicts": [asdict(v) for v in found.values()],
    }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    # Module teardown output is captured like a test's; the table is for the person running.
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_sep("=", f"mutants: {caught}/{len(found)} caught ({REPORT})")
        reporter.write_line(f"{'mutant':26} {'verdict':8} {'suite':12} {'seconds':>7}  finding")
        for v in found.values():
            verdict = "caught" if v.caught else "SURVIVED"
            # A model finding reads "<call>: <what was wrong>"; the table keeps the second half.
            short = v.finding.split(": ", 1)[-1] if v.suite == "model" else v.finding
            reporter.write_line(
                f"{v.mutant:26} {verdict:8} {v.suite or '-':12} {v.seconds:7.2f}  {short[:90]}"
            )
            if ALL_SUITES:
                for name, run in v.suites.items():
                    alone = "caught" if run.caught else "missed"
                    reporter.write_line(f"{'':26} {'':8} {name:12} {run.seconds:7.2f}  {alone}")


@pytest.mark.parametrize("suite", list(SUITES))
def test_baseline_emulator_passes_each_suite(suite: str, tmp_path: Path) -> None:
    """The unbroken emulator, built the way mutants are, passes exactly the run every mutant
    gets: a mutant's failure is the mutation's doing."""
    run = SUITES[suite](BASELINE.name, tmp_path)
    assert not run.caught, f"the unbroken emulator fails the {suite} run: {run.finding}"


@pytest.mark.parametrize("name", ["missing_request_id", "wrong_content_type"])
def test_schemathesis_suite_alone_catches(name: str, tmp_path: Path) -> None:
    """The conformance suite's leg of the mutation check works on its own (the model usually
    wins the race, so the default run would otherwise never reach it)."""
    run = run_schemathesis_suite(name, tmp_path)
    assert run.caught, f"schemathesis missed {name}"


@pytest.mark.parametrize("name", list(MUTANTS))
def test_mutant_is_caught(name: str, verdicts: dict[str, Verdict], tmp_path: Path) -> None:
    mutant = MUTANTS[name]
    verdict = Verdict(name, mutant.breaks)
    verdicts[name] = verdict
    for suite, run_suite in SUITES.items():
        run = run_suite(name, tmp_path)
        verdict.suites[suite] = run
        if not verdict.caught:
            verdict.seconds = round(verdict.seconds + run.seconds, 3)
            if run.caught:
                verdict.caught, verdict.suite, verdict.finding = True, suite, run.finding
        if verdict.caught and not ALL_SUITES:
            break
    assert verdict.caught, f"mutant {name} ({mutant.breaks}) survived every suite"
