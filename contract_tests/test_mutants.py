"""Mutation check of the contract suites: every deliberately broken emulator must be caught
by the main job, `scripts/contract`, alone.

Owns: running the main job's own entry point (`python -m tools.contract`, the default profile
and the embedded emulator, as users run it) against each mutant of `contract_tests.mutants`
(swapped in by the test switch CSBS_MUTANT), the baseline runs that prove the very same runs
pass against the unbroken emulator (so a kill means the break, not a flaky suite), and the
report: `reports/mutants.json` and a table at the end of the run (mutant, caught or not, by
which suite of the main job, seconds to detection, the first line of the finding).
Must not import: the emulator's internals (mutants are built by `contract_tests.mutants`).

The suites:
  scripts/contract  the verdict: `python -m tools.contract --exitfirst` with CSBS_MUTANT set
                (and CSBS_MODEL_SHRINK=0: the first failure is enough); it runs the model
                suite first, then schemathesis. A kill needs a failed test in its JUnit report.
  model         the model's state machine alone in-process against `make_app(name)`,
                derandomized, without shrinking: CSBS's (`run_model`) for a CSBS mutant,
                CBR's (`run_cbr_model`) for a CBR one, both for the baseline.
  schemathesis  the conformance suite alone through its runner (`python -m tools.contract
                --no-model --no-stateful`) over HTTP against `uvicorn --factory
                contract_tests.mutants:app_from_env`; a kill needs a failed check verdict.
The last two run on every mutant only with CSBS_MUTANTS_ALL_SUITES=1 (several minutes more),
so that the report also says which mutants each suite catches on its own.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree

import httpx
import pytest
from hypothesis import settings

from contract_tests.model_harness import Endpoint
from contract_tests.mutants import (
    ALL_MUTANTS,
    BASELINE,
    CBR_MUTANTS,
    ENV_LIFECYCLE,
    ENV_MUTANT,
    make_app,
)
from contract_tests.test_cbr_model_stateful import run_cbr_model
from contract_tests.test_model_stateful import model_settings, run_model
from tools.pytest_parallel import print_at_end

# Each test runs the main job (or a suite of it) once: long, so a parallel run starts it early,
# and each is a work unit of its own (they share nothing but the report, which the workers
# merge: see `verdicts`), so the mutants spread over the workers.
pytestmark = [pytest.mark.slow, pytest.mark.own_unit]

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "reports" / "mutants.json"
# Enough for every mutant to be met several times over (the slowest is caught after about
# 5 s); small enough that the baseline, which must run to the end, stays a few seconds.
EXAMPLES = 60
STEPS = 30
# CBR's steps are longer (each rule meets every refusal, filter or operation it aims at).
CBR_EXAMPLES = 20
CBR_STEPS = 25
# Fuzzing examples per operation of the schemathesis run; the examples and coverage phases
# add their own cases (about 330 in all against the unbroken emulator).
SCHEMATHESIS_EXAMPLES = 5
ALL_SUITES = os.environ.get("CSBS_MUTANTS_ALL_SUITES", "").strip() in ("1", "true", "yes")


def mutant_settings(*, cbr: bool = False) -> settings:
    examples, steps = (CBR_EXAMPLES, CBR_STEPS) if cbr else (EXAMPLES, STEPS)
    return settings(
        model_settings(max_examples=examples, steps=steps, shrink=False),
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
    # A CBR mutant meets CBR's model (the baseline, both: see `test_baseline_...`).
    runs = [run_cbr_model] if mutant in CBR_MUTANTS else [run_model]
    if mutant == BASELINE.name:
        runs = [run_model, run_cbr_model]
    try:
        for run in runs:
            cbr = run is run_cbr_model
            run(endpoint, mutant_settings(cbr=cbr), reports=tmp / f"model-{mutant}")
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


def _api_of(mutant: str) -> str:
    """The API whose half of the main job a mutant meets (see `run_main_job`); the baseline
    meets both."""
    return "cbr" if mutant in CBR_MUTANTS else "csbs" if mutant in ALL_MUTANTS else "all"


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
                    "--api", _api_of(mutant),
                    "--max-examples", str(SCHEMATHESIS_EXAMPLES), "--no-stateful", "--no-model",
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


# -- the main job: scripts/contract's own entry point, no arguments ------------------------------

# Which suite of the main job a failing test belongs to.
_MAIN_JOB_SUITES: Final = {
    "test_replication_model": "model",
    "test_page_cap": "model",
    "test_every_rule_and_code_is_reached": "model coverage",
    "test_operation_conforms": "schemathesis",
    "test_links_state_machine": "schemathesis links",
    "test_cbr_replication_model": "cbr model",
    "test_every_cbr_rule_and_code_is_reached": "cbr model coverage",
    "test_cbr_operation_conforms": "cbr schemathesis",
    "test_cbr_links_state_machine": "cbr schemathesis links",
}


def run_main_job(mutant: str, tmp: Path) -> SuiteRun:
    """`python -m tools.contract` as users run it (the default profile, the embedded emulator),
    the emulator swapped for the mutant through the test switch CSBS_MUTANT. Two options
    change nothing about what is checked: --exitfirst stops at the first failing suite, and
    CSBS_MODEL_SHRINK=0 reports the model's first failure without shrinking it. The report
    options only say where the files go.

    A mutant of one API meets that API's half of the main job (`--api csbs` or `--api cbr`);
    the baseline meets both. The default run is one pytest process per API, each with its own
    emulator, budgets and derandomized draws, side by side: the process `--api X` starts is
    the one the default run starts for X, so a kill by it is a kill by `scripts/contract`.
    Running the other API's process beside it only burnt a core until --exitfirst stopped
    it (about a third of the mutation test's CPU time)."""
    started = time.perf_counter()
    env = {**os.environ, ENV_MUTANT: mutant, "CSBS_MODEL_SHRINK": "0"}
    env.pop(ENV_LIFECYCLE, None)
    junit = tmp / f"contract-main-{mutant}.xml"
    api = _api_of(mutant)
    result = subprocess.run(
        [
            sys.executable, "-m", "tools.contract", "--exitfirst", "--api", api,
            "--label", f"main-{mutant}",
            "--reports-dir", str(tmp), "--summary-json", str(tmp / f"main-{mutant}.json"),
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    failed = _failed_tests(junit)
    if result.returncode != 0 and not failed:
        raise RuntimeError(
            f"tools.contract exited {result.returncode} without a failed test:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
        )
    assert (result.returncode != 0) == bool(failed), "the main job's exit and JUnit disagree"
    finding = "; ".join(f"{_MAIN_JOB_SUITES.get(name, name)}: {text}" for name, text in failed)
    return SuiteRun(bool(failed), seconds, finding[:240])


def _failed_tests(junit: Path) -> list[tuple[str, str]]:
    """(test function, first line of its failure) of every failed test in a JUnit report."""
    if not junit.exists():
        return []
    failed = []
    for case in ElementTree.parse(junit).getroot().iter("testcase"):  # noqa: S314 -- our own report
        for problem in [*case.iter("failure"), *case.iter("error")]:
            name = case.get("name", "").split("[", 1)[0]
            failed.append((name, (problem.get("message") or "").strip().splitlines()[0:1]))
    return [(name, lines[0][:200] if lines else "") for name, lines in failed]


# The main job is the verdict (every mutant must fail it); the suites apart say which part of
# it catches what (all of them on every mutant with CSBS_MUTANTS_ALL_SUITES=1).
MAIN_JOB: Final = "scripts/contract"
SUITES: dict[str, Callable[[str, Path], SuiteRun]] = {
    MAIN_JOB: run_main_job,
    "model": run_model_suite,
    "schemathesis": run_schemathesis_suite,
}


# -- the tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def verdicts(pytestconfig: pytest.Config) -> Iterator[dict[str, Verdict]]:
    """Collects each mutant's verdict; writes the report and prints the table at the end (of
    the worker's session in a parallel run: a module's tests are not one unit here, so a
    module scope would end, write and print each time a worker moved to another module)."""
    found: dict[str, Verdict] = {}
    yield found
    if not found:
        return
    REPORT.parent.mkdir(exist_ok=True)
    # In a parallel run each worker holds some of the mutants: the report is the whole run's,
    # so a worker adds its verdicts to those another worker of the same run wrote.
    run_id = getattr(pytestconfig, "workerinput", {}).get("testrunuid")
    with open(REPORT.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        everyone = _verdicts_of_run(run_id) | {name: asdict(v) for name, v in found.items()}
        _write_report(run_id, everyone)
    _print_table(pytestconfig, found)


def _verdicts_of_run(run_id: str | None) -> dict[str, dict[str, Any]]:
    """The verdicts already in the report, if another worker of this run wrote it."""
    if run_id is None or not REPORT.exists():
        return {}
    try:
        earlier = json.loads(REPORT.read_text("utf-8"))
    except ValueError:
        return {}
    if earlier.get("run") != run_id:
        return {}
    return {v["mutant"]: v for v in earlier.get("verdicts", [])}


def _write_report(run_id: str | None, verdicts: dict[str, dict[str, Any]]) -> None:
    caught = sum(bool(v["caught"]) for v in verdicts.values())
    summary = {
        "run": run_id,
        "mutants": len(verdicts),
        "caught": caught,
        "kill_rate": round(caught / len(verdicts), 3),
        "suites_in_order": list(SUITES),
        "all_suites_on_every_mutant": ALL_SUITES,
        "settings": {
            "model": {"max_examples": EXAMPLES, "steps": STEPS, "derandomize": True},
            "cbr model": {"max_examples": CBR_EXAMPLES, "steps": CBR_STEPS, "derandomize": True},
            "schemathesis": {"max_examples": SCHEMATHESIS_EXAMPLES, "stateful": False},
        },
        "verdicts": list(verdicts.values()),
    }
    REPORT.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")


def _print_table(pytestconfig: pytest.Config, found: dict[str, Verdict]) -> None:
    caught = sum(v.caught for v in found.values())
    lines = [f"{'mutant':26} {'verdict':8} {'suite':12} {'seconds':>7}  finding"]
    for v in found.values():
        verdict = "caught" if v.caught else "SURVIVED"
        # A model finding reads "<call>: <what was wrong>"; the table keeps the second half.
        short = v.finding.split(": ", 1)[-1] if v.suite == "model" else v.finding
        lines.append(
            f"{v.mutant:26} {verdict:8} {v.suite or '-':12} {v.seconds:7.2f}  {short[:90]}"
        )
        if ALL_SUITES:
            for name, run in v.suites.items():
                alone = "caught" if run.caught else "missed"
                lines.append(f"{'':26} {'':8} {name:12} {run.seconds:7.2f}  {alone}")
    # For the person running (from the controller at the end, when the run is parallel).
    print_at_end(pytestconfig, f"mutants: {caught}/{len(found)} caught ({REPORT})", lines)


@pytest.mark.slow(45)
@pytest.mark.parametrize("suite", list(SUITES))
def test_baseline_emulator_passes_each_suite(suite: str, tmp_path: Path) -> None:
    """The unbroken emulator, built the way mutants are, passes exactly the run every mutant
    gets: a mutant's failure is the mutation's doing."""
    run = SUITES[suite](BASELINE.name, tmp_path)
    assert not run.caught, f"the unbroken emulator fails the {suite} run: {run.finding}"


@pytest.mark.slow(15)
@pytest.mark.parametrize("name", ["missing_request_id", "wrong_content_type"])
def test_schemathesis_suite_alone_catches(name: str, tmp_path: Path) -> None:
    """The conformance suite's leg of the mutation check works on its own (the model usually
    wins the race, so the default run would otherwise never reach it)."""
    run = run_schemathesis_suite(name, tmp_path)
    assert run.caught, f"schemathesis missed {name}"


@pytest.mark.parametrize("name", list(ALL_MUTANTS))
def test_mutant_is_caught(name: str, verdicts: dict[str, Verdict], tmp_path: Path) -> None:
    mutant = ALL_MUTANTS[name]
    verdict = Verdict(name, mutant.breaks)
    verdicts[name] = verdict
    # The verdict is the main job's: scripts/contract alone must catch every mutant.
    main = run_main_job(name, tmp_path)
    verdict.suites[MAIN_JOB] = main
    verdict.caught, verdict.seconds, verdict.finding = (
        main.caught,
        round(main.seconds, 3),
        (main.finding),
    )
    verdict.suite = main.finding.split(":", 1)[0] if main.caught else None
    if ALL_SUITES:  # and which of its suites catch it on their own
        for suite in ("model", "schemathesis"):
            verdict.suites[suite] = SUITES[suite](name, tmp_path)
    assert verdict.caught, f"mutant {name} ({mutant.breaks}) survived scripts/contract"
