"""Pytest wiring of the contract suites: options, target and schema fixtures, the request guard,
and the run summary.

Owns: the command-line options and the fixtures every contract suite shares, the schemathesis
configuration of a run (contract_tests/schemathesis.toml plus what the target adds), and the
per-(operation, check) counts printed at the end. What a target is, how it is chosen and how
it is guarded lives in `contract_tests.target`.
Must not import: the test modules.

Options (each falls back to an environment variable):
  --base-url URL       service under test (env CSBS_BASE_URL); default: a fresh in-process
                       emulator. A loopback URL answering GET /_emulator/demo is an emulator;
                       anything else is treated as the real service.
  --allow-replicate    allow replicate calls against a non-emulator (env CSBS_ALLOW_REPLICATE=1)
  --dry-run            send nothing; list what would be sent (env CSBS_DRY_RUN=1)
  --rate-limit R       cap, e.g. "10/s", "300/m" (env CSBS_RATE_LIMIT); default 5/s against a
                       non-emulator, none against an emulator
  --max-examples N     fuzzing examples per operation (env CSBS_MAX_EXAMPLES)
  --seed S             seed of the schemathesis suites (env CSBS_SEED); printed when chosen
  --operation ID       only this operationId (repeatable)
  --contract-summary P write the run's counts as JSON to P
  --contract-label L   names the report files (contract-L.har; env CSBS_CONTRACT_LABEL;
                       scripts/test's pytest run is "tests", apart from the main job's)
  --contract-reports D folder of the report files (default reports/), the model suite's
                       model-coverage-L.json and model-repro/repro.sh included

Fixtures:
  target          (session) a `Target`: ``base_url`` (None = in-process), ``is_emulator``,
                  ``app`` (the in-process ASGI app or None), ``auth`` (token headers, an
                  ``httpx.Auth`` or None), ``demo`` (the demo dataset dict when an emulator),
                  ``project_id``, ``allow_replicate``, ``may_replicate``, ``rate_limit``,
                  ``dry_run``; methods ``client()`` (a guarded, rate-capped sync
                  ``httpx.Client`` with the credentials; starlette's TestClient in-process),
                  ``guard(method, path)`` (raise `UnsafeRequestError` or wait for the cap),
                  ``exclusion(method, path)`` (the reason a request is refused, or None),
                  ``reset()`` (emulator targets only). While the session runs, every
                  ``requests`` request of the process also passes the guard.
  fresh_emulator  (function) an isolated in-memory emulator app (strict response validation,
                  instant lifecycle, demo fixtures); closed after the test.
  new_emulator    (function) a factory for more isolated apps: ``new_emulator(lifecycle="manual")``.
  contract_run    (session) the run's settings: seed, max_examples, operations, label.
  contract_schema (session) the schemathesis schema of openapi/csbs-v1.yaml bound to the target,
                  replicateBackup excluded when the target may not replicate.
  cbr_contract_schema (session) the same for openapi/cbr-v3.yaml (config
                  contract_tests/schemathesis-cbr.toml), copyBackup excluded likewise.
  contract_stats  (session) the `ContractStats` the summary is made of.
  contract_reports (session) the folder of the report files (--contract-reports).
  pin_dataset     (session) puts the target's project and backup ids into examples and
                  coverage cases (see `pin_dataset_values`); `cbr_pin_dataset` for CBR's.

In a parallel run (pytest -n, as scripts/test runs), each worker hands its counts, the model's
coverage and its HAR entries to the controller (tools/pytest_parallel.py), which writes the
one summary and the report files of the run.

Hypothesis profiles: ``ci`` (derandomized, no example database) and ``dev``; selected with
HYPOTHESIS_PROFILE (scripts/test selects ``ci``). They are registered once, in the
repository's root conftest.py, which pytest loads for this folder and for tests/ alike.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import random
import threading
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import settings
from schemathesis.config import OutputConfig, SchemathesisConfig
from schemathesis.engine.recorder import ScenarioRecorder
from schemathesis.reporting.har import HarWriter

import contract_tests.checks  # registers the custom checks
from contract_tests.apis import APIS, CBR, CSBS, Api, api_of_path, document
from contract_tests.coverage import RECORDER, Coverage, expected_rows_of
from contract_tests.target import (
    RequestsAkSkAuth,
    Target,
    guard_requests,
    new_emulator_app,
    select_target,
)
from csbs_emulator.app import Emulator
from csbs_signing import AkSkAuth
from tools.pytest_parallel import from_workers, is_worker, send_to_controller

ROOT = Path(__file__).resolve().parents[1]
CONFIG_PATH = CSBS.config_path
REPORTS_DIR = ROOT / "reports"
REPLICATE_OPERATION = CSBS.replicate_operation
DEFAULT_MAX_EXAMPLES = 25


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("csbs-contract", "CSBS contract suites")
    group.addoption("--base-url", default=None, help="service under test (env CSBS_BASE_URL)")
    group.addoption(
        "--allow-replicate",
        action="store_true",
        default=None,
        help="send replicate calls to a non-emulator target (env CSBS_ALLOW_REPLICATE=1)",
    )
    group.addoption(
        "--dry-run",
        action="store_true",
        default=None,
        help="send nothing; list what would be sent (env CSBS_DRY_RUN=1)",
    )
    group.addoption(
        "--rate-limit",
        default=None,
        help="rate cap, e.g. 10/s (env CSBS_RATE_LIMIT); default 5/s for non-emulators",
    )
    group.addoption(
        "--max-examples",
        type=int,
        default=None,
        help="fuzzing examples per operation (env CSBS_MAX_EXAMPLES)",
    )
    group.addoption("--seed", type=int, default=None, help="seed of the suites (env CSBS_SEED)")
    group.addoption(
        "--operation", action="append", default=None, help="only this operationId (repeatable)"
    )
    group.addoption("--contract-summary", default=None, help="write the run's counts as JSON")
    group.addoption(
        "--model-budget",
        default="default",
        choices=("quick", "default", "thorough"),
        help="examples and steps of the model-based suite (test_model_stateful.BUDGETS)",
    )
    group.addoption("--contract-label", default=None, help="names the report files")
    group.addoption(
        "--contract-reports", default=None, help="folder of the report files (reports/)"
    )


# --- run settings -------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractRun:
    """Settings of one run of the schemathesis suites."""

    # None: derandomized (the `ci` profile) and no seed given, so nothing random to print.
    seed: int | None
    max_examples: int
    operations: tuple[str, ...]
    label: str


def _contract_run(config: pytest.Config) -> ContractRun:
    seed = config.getoption("--seed", default=None)
    if seed is None and os.environ.get("CSBS_SEED"):
        seed = int(os.environ["CSBS_SEED"])
    profile = settings.default
    if seed is None and not (profile is not None and profile.derandomize):
        seed = random.SystemRandom().randrange(2**32)
    value = config.getoption("--max-examples", default=None) or os.environ.get("CSBS_MAX_EXAMPLES")
    base_url = config.getoption("--base-url", default=None) or os.environ.get("CSBS_BASE_URL")
    label = (
        config.getoption("--contract-label", default=None)
        or os.environ.get("CSBS_CONTRACT_LABEL")
        or ("http" if base_url else "inprocess")
    )
    return ContractRun(
        seed=seed,
        max_examples=int(value) if value else DEFAULT_MAX_EXAMPLES,
        operations=tuple(config.getoption("--operation", default=None) or ()),
        label=label,
    )


_RUN_KEY = pytest.StashKey[ContractRun]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_RUN_KEY] = _contract_run(config)


def pytest_report_header(config: pytest.Config) -> list[str]:
    run = config.stash[_RUN_KEY]
    if run.seed is None:
        return ["contract suites: derandomized (HYPOTHESIS_PROFILE=ci); no seed"]
    return [f"contract suites: seed {run.seed} (repeat the run with --seed {run.seed})"]


@pytest.fixture(scope="session")
def contract_run(pytestconfig: pytest.Config) -> ContractRun:
    return pytestconfig.stash[_RUN_KEY]


# --- target -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Iterator[Target]:
    """The service under test, chosen from the options (see the module docstring)."""
    chosen = select_target(
        pytestconfig.getoption("--base-url", default=None),
        allow_replicate=pytestconfig.getoption("--allow-replicate", default=None),
        rate_limit=pytestconfig.getoption("--rate-limit", default=None),
        dry_run=pytestconfig.getoption("--dry-run", default=None),
    )
    # Emulators are held to the spec's strict reading (every member they promise to send).
    contract_tests.checks.set_emulator_target(chosen.is_emulator)
    with guard_requests(chosen):
        yield chosen
    chosen.close()


@pytest.fixture
def new_emulator() -> Iterator[Callable[..., Emulator]]:
    """A factory of isolated in-memory emulators; every app it made is closed afterwards."""
    made: list[Emulator] = []

    def make(**overrides: Any) -> Emulator:
        app = new_emulator_app(**overrides)
        made.append(app)
        return app

    yield make
    for app in made:
        app.close()


@pytest.fixture
def fresh_emulator(new_emulator: Callable[..., Emulator]) -> Emulator:
    """An isolated in-memory emulator app with the demo fixtures."""
    return new_emulator()


# --- schemathesis configuration -----------------------------------------------------------


def schemathesis_config(target: Target, run: ContractRun, api: Api = CSBS) -> SchemathesisConfig:
    """The API's schemathesis config (contract_tests/schemathesis.toml or
    schemathesis-cbr.toml), plus what this target and run add.

    The file stays the one place where checks are relaxed; this only adds credentials,
    the base URL, the target's own dataset, the run's size and seed, report paths, and the
    safety settings of a non-emulator target.
    """
    data: dict[str, Any] = tomllib.loads(api.config_path.read_text("utf-8"))
    data.pop("hooks", None)  # imported above; the CLI loads it by name
    if target.base_url is not None:
        data["base-url"] = target.base_url
    if run.seed is not None:
        data["seed"] = run.seed
    data.setdefault("generation", {})["max-examples"] = run.max_examples
    token = target.auth_headers().get("X-Auth-Token")
    if token is not None:
        data["auth"] = {"openapi": {"token": {"api_key": token}}}
    elif target.httpx_auth() is not None:
        # AK/SK signing is applied by `transport_kwargs`. Otherwise schemathesis would fill
        # the other scheme's header, X-Auth-Token, with a made-up token, which the gateway
        # checks first: every signed request would be refused 401.
        data["generation"]["with-security-parameters"] = False
    dictionaries = data.setdefault("dictionaries", {})
    parameters = data.setdefault("parameters", {})
    if target.project_id is not None:
        dictionaries["projects"] = {"values": [target.project_id]}
    else:
        parameters.pop("path.project_id", None)
    if target.demo is not None:
        for name, values in demo_dictionaries(target.demo, api).items():
            dictionaries[name] = {"values": values}
    elif not target.is_emulator:
        # The emulator's ids name nothing on another service.
        for parameter in ("path.checkpoint_item_id", "path.backup_id", "path.vault_id"):
            parameters.pop(parameter, None)
    # Operations left out go in as config: the lazy pytest loader (`from_fixture`) rebuilds
    # the schema's filters from the config alone, so a `schema.exclude()` would be dropped.
    left_out = [
        op
        for op in api.operation_ids()
        if (run.operations and op not in run.operations)
        or (op == api.replicate_operation and not target.may_replicate)
    ]
    if left_out:
        data.setdefault("operations", []).extend(
            {"include-operation-id": op, "enabled": False} for op in left_out
        )
    if not target.is_emulator:
        # Unsupported-method probes would send DELETE/PUT/PATCH/POST to the read paths of a
        # real service; keep only the safe methods (the guard refuses the others anyway).
        coverage = data.setdefault("phases", {}).setdefault("coverage", {})
        coverage["unexpected-methods"] = ["OPTIONS", "TRACE"]
    # schemathesis 4.32.5's pytest report writers import `allure_commons` even when Allure
    # is off, so they fail without that package: the suite writes its HAR itself (see
    # `ContractStats.write_har`) and JUnit comes from pytest's --junitxml.
    data.pop("reports", None)
    return SchemathesisConfig.from_dict(data, base_dir=str(api.config_path.parent))


def demo_dictionaries(demo: dict[str, Any], api: Api) -> dict[str, list[str]]:
    """The config's dictionaries filled from an emulator's demo dataset (`/_emulator/demo`)."""
    region = str(demo["destination_region"])
    project = str(demo["destination_project_id"])
    found = {"destination-regions": [region], "destination-projects": [project]}
    if api is CSBS:
        found["backups"] = [str(i) for i in demo["checkpoint_item_ids"]]
        return found
    cbr = demo.get("cbr") or {}
    if cbr:
        found["backups"] = [
            *map(str, cbr["backup_ids"]),
            str(cbr["volume_backup_id"]),
            str(cbr["replica_backup_id"]),
        ]
        found["vaults"] = [str(cbr["source_vault_id"])]
        found["destination-vaults"] = [str(cbr["destination_vault_id"])]
    return found


def operation_ids(api: Api = CSBS) -> list[str]:
    """Every operationId of the API's spec."""
    return api.operation_ids()


def transport_kwargs(target: Target) -> dict[str, Any]:
    """Keyword arguments every `case.call` of the suites passes (AK/SK signing)."""
    signer = target.httpx_auth()
    if isinstance(signer, AkSkAuth):
        return {"auth": RequestsAkSkAuth(signer)}
    return {}


def _schema(target: Target, run: ContractRun, stats: ContractStats, api: Api) -> Any:
    """The API's spec as a schemathesis schema bound to the target (`schemathesis_config`)."""
    # From the parsed document (libyaml, once per process), not from the path: schemathesis
    # would parse the YAML again with the pure-Python loader.
    schema: Any = schemathesis.openapi.from_dict(
        document(api), config=schemathesis_config(target, run, api)
    )
    if target.app is not None:
        schema.app = target.asgi_app
    # The same exclusions as the config's, for direct users such as `as_state_machine()`.
    if run.operations:
        schema = schema.include(operation_id=list(run.operations))
    if not target.may_replicate:
        schema = schema.exclude(operation_id=api.replicate_operation)
        stats.excluded[api.row_op(api.replicate_operation)] = (
            "dry run: nothing is sent"
            if target.dry_run
            else "the target is not an emulator (pass --allow-replicate to include it)"
        )
    stats.attach(schema)
    return schema


@pytest.fixture(scope="session")
def contract_schema(
    target: Target, contract_run: ContractRun, contract_stats: ContractStats
) -> Any:
    """openapi/csbs-v1.yaml as a schemathesis schema bound to the target."""
    return _schema(target, contract_run, contract_stats, CSBS)


@pytest.fixture(scope="session")
def cbr_contract_schema(
    target: Target, contract_run: ContractRun, contract_stats: ContractStats
) -> Any:
    """openapi/cbr-v3.yaml as a schemathesis schema bound to the target."""
    return _schema(target, contract_run, contract_stats, CBR)


@pytest.fixture(scope="session")
def pin_dataset(target: Target) -> Callable[[Any], None]:
    """`pin_dataset_values` for this target's CSBS dataset; call it on a case before sending."""
    return pin_dataset_values(dataset_pins(target))


@pytest.fixture(scope="session")
def cbr_pin_dataset(target: Target) -> Callable[[Any], None]:
    """`pin_dataset_values` for this target's CBR dataset."""
    return pin_dataset_values(dataset_pins(target, CBR))


def dataset_pins(target: Target, api: Api = CSBS) -> dict[str, list[str]]:
    """Path parameter values the target's dataset knows: its project, its backups (and for
    CBR its vault)."""
    pins: dict[str, list[str]] = {}
    if target.project_id is not None:
        pins["project_id"] = [target.project_id]
    if target.demo is not None:
        known = demo_dictionaries(target.demo, api)
        if api is CSBS:
            pins["checkpoint_item_id"] = known["backups"]
        elif "backups" in known:
            pins["backup_id"] = known["backups"]
            pins["vault_id"] = known["vaults"]
    return pins


def pin_dataset_values(pins: dict[str, list[str]]) -> Callable[[Any], None]:
    """Make examples and coverage cases use the dataset's ids.

    Those phases fill every parameter they are not varying with the spec's sample value
    (the documentation page's project and backup), which names nothing on the target, so
    nearly every case would stop at 403/404 before its interesting part is read. A case keeps
    its own value for the parameter its scenario varies (a boundary or negative project id is
    still sent as generated); every other pinned parameter gets a valid value from the
    dataset instead of the sample, which the spec allows just as well. Fuzzing draws from the
    same dataset through the toml's dictionaries. (schemathesis allows `before_call` hooks
    only globally, which would reach other suites' schemas; so the test calls this itself.)
    The replaced value was valid and so is its replacement, so the case's generation
    metadata (positive or negative, and where) stays true.
    """
    turn = itertools.count()

    def pin(case: Any) -> None:
        meta = case.meta
        if meta is None or meta.phase.name.value not in ("examples", "coverage"):
            return
        varied = getattr(meta.phase.data, "parameter", None)
        step = next(turn)
        for name, values in pins.items():
            if name != varied and name in (case.path_parameters or {}):
                case.path_parameters[name] = values[step % len(values)]

    return pin


# --- counts and summary -------------------------------------------------------------------


def operation_id(case: Any) -> str:
    """The case's operation as the summary names it (`cbr.showBackup` for CBR's)."""
    raw = case.operation.definition.raw
    name = str(raw.get("operationId", case.operation.label))
    return api_of_path(str(case.operation.path)).row_op(name)


@dataclass
class ContractStats:
    """Honest counts of one run: requests actually sent and check verdicts actually given.

    ``cases`` counts the generated requests the suites sent (one per `case.call`), by
    operationId and phase; ``modes`` splits them into positive and negative data;
    ``statuses`` counts their response codes. ``checked``/``failed`` count, per
    (operationId, check), the responses the check was run on and how many it failed. A
    check that reports a case as not applicable (returns True, as the custom checks and
    schemathesis' own guards do) is not counted for it; most built-in checks return quietly
    instead, so they count every response of the operation. Probes that a check sends on
    its own (``ignored_auth``) are judged inside that check, not counted as cases. While
    Hypothesis shrinks a failure, each replay is counted too.
    """

    cases: Counter[tuple[str, str]] = field(default_factory=Counter)
    modes: Counter[tuple[str, str]] = field(default_factory=Counter)
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    checked: Counter[tuple[str, str]] = field(default_factory=Counter)
    failed: Counter[tuple[str, str]] = field(default_factory=Counter)
    planned: list[tuple[str, str, str, str]] = field(default_factory=list)
    excluded: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _cassette: ScenarioRecorder = field(
        default_factory=lambda: ScenarioRecorder(label="contract"), repr=False
    )
    _output: OutputConfig | None = field(default=None, repr=False)

    def attach(self, schema: Any) -> None:
        self._output = schema.config.output

        def after_call(context: Any, case: Any, response: Any) -> None:
            phase = case.meta.phase.name.value if case.meta is not None else "explicit"
            with self._lock:
                self.cases[(operation_id(case), phase)] += 1
                self.statuses[operation_id(case)][int(response.status_code)] += 1
                if case.meta is not None:
                    self.modes[(operation_id(case), case.meta.generation.mode.value)] += 1
                self._cassette.record_case(case=case)
                self._cassette.record_response(case_id=case.id, response=response)

        def after_validate(context: Any, case: Any, response: Any, results: Any) -> None:
            with self._lock:
                for result in results:
                    key = (operation_id(case), str(result.name))
                    self.checked[key] += 1
                    if result.failure is not None:
                        self.failed[key] += 1

        schema.hooks.register_hook_with_name(after_call, "after_call")
        schema.hooks.register_hook_with_name(after_validate, "after_validate")

    def write_har(self, path: Path) -> bool:
        """Write every sent case as a HAR file, secrets filtered by the sanitization config."""
        if self._output is None or not self._cassette.interactions:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = HarWriter(path, config=self._output)
        writer.open()
        try:
            writer.write(self._cassette)
        finally:
            writer.close()
        return True

    def plan(self, case: Any) -> None:
        """Record a request a dry run would have sent."""
        phase = case.meta.phase.name.value if case.meta is not None else "explicit"
        path = case.formatted_path
        if case.query:
            path += "?" + "&".join(f"{k}={v}" for k, v in case.query.items())
        with self._lock:
            self.planned.append((operation_id(case), phase, case.method.upper(), path))

    def counts(self) -> dict[str, Any]:
        """Everything counted, as plain lists (what a pytest-xdist worker can send)."""
        return {
            "cases": [[*key, n] for key, n in self.cases.items()],
            "modes": [[*key, n] for key, n in self.modes.items()],
            "statuses": [[op, code, n] for op, c in self.statuses.items() for code, n in c.items()],
            "checked": [[*key, n] for key, n in self.checked.items()],
            "failed": [[*key, n] for key, n in self.failed.items()],
            "planned": [list(plan) for plan in self.planned],
            "excluded": dict(self.excluded),
        }

    def add_counts(self, counts: dict[str, Any]) -> None:
        """Add another process's `counts()` (the controller adds each worker's)."""
        for name in ("cases", "modes", "checked", "failed"):
            counter: Counter[tuple[str, str]] = getattr(self, name)
            for first, second, n in counts[name]:
                counter[(first, second)] += n
        for op, code, n in counts["statuses"]:
            self.statuses[op][int(code)] += n
        self.planned.extend((a, b, c, d) for a, b, c, d in counts["planned"])
        self.excluded.update(counts["excluded"])

    @property
    def total_cases(self) -> int:
        return sum(self.cases.values())

    @property
    def total_failures(self) -> int:
        return sum(self.failed.values())

    def as_json(self) -> dict[str, Any]:
        operations = sorted({op for op, _ in self.cases} | {op for op, _ in self.checked})
        return {
            "total_cases": self.total_cases,
            "total_failures": self.total_failures,
            "excluded": self.excluded,
            "planned": len(self.planned),
            "operations": {
                op: {
                    "cases": {ph: n for (o, ph), n in sorted(self.cases.items()) if o == op},
                    "modes": {m: n for (o, m), n in sorted(self.modes.items()) if o == op},
                    "statuses": {str(k): v for k, v in sorted(self.statuses[op].items())},
                    "checks": {
                        check: {"checked": n, "failed": self.failed[(o, check)]}
                        for (o, check), n in sorted(self.checked.items())
                        if o == op
                    },
                }
                for op in operations
            },
        }


_STATS_KEY = pytest.StashKey[ContractStats]()


@pytest.fixture(scope="session")
def contract_stats(pytestconfig: pytest.Config) -> ContractStats:
    return pytestconfig.stash.setdefault(_STATS_KEY, ContractStats())


def format_summary(summary: dict[str, Any]) -> list[str]:
    """The operation x check table of a run, as text lines."""
    lines: list[str] = []
    operations: dict[str, Any] = summary["operations"]
    for op, data in operations.items():
        cases = data["cases"]
        statuses = data["statuses"]
        sent = sum(cases.values())
        ok = sum(n for code, n in statuses.items() if code.startswith("2"))
        phases = ", ".join(f"{ph} {n}" for ph, n in cases.items())
        codes = " ".join(f"{code}:{n}" for code, n in statuses.items())
        share = f"{100 * ok / sent:.0f}%" if sent else "-"
        modes = ", ".join(f"{mode} {n}" for mode, n in data.get("modes", {}).items())
        lines.append(f"{op}: {sent} cases ({phases}; {modes}); 2xx {share}; statuses {codes}")
        width = max((len(c) for c in data["checks"]), default=10)
        lines.append(f"    {'check':<{width}}  {'checked':>8}  {'failed':>6}")
        for check, verdict in data["checks"].items():
            lines.append(f"    {check:<{width}}  {verdict['checked']:>8}  {verdict['failed']:>6}")
    for op, why in summary["excluded"].items():
        lines.append(f"{op}: EXCLUDED: {why}")
    lines.append(
        f"total: {summary['total_cases']} cases sent, {summary['total_failures']} failed "
        "check verdicts"
    )
    return lines


def _model_summary(terminalreporter: Any, reports: Path, label: str) -> dict[str, Any] | None:
    """The model-based suite's rows of the summary and its coverage table (None: it did not
    run in this session); the table is also kept in reports/model-coverage-LABEL.json."""
    if not RECORDER.ran:
        return None
    rows = [row for name in sorted(RECORDER.apis) for row in expected_rows_of(APIS[name])]
    model = RECORDER.as_json(rows)
    terminalreporter.write_sep("=", "contract summary (model-based suite)")
    terminalreporter.write_line(
        f"model: {len(model['rules_exercised'])} rules exercised, {model['steps']} steps, "
        f"{model['comparisons']} answers compared with the model, {model['failures']} failures"
    )
    for name, runs in model["rules_exercised"].items():
        terminalreporter.write_line(f"  rule {name:<40} {runs:>6}")
    terminalreporter.write_sep("-", "coverage: documented rule or code -> drawn, hit")
    for line in RECORDER.table(rows).splitlines():
        terminalreporter.write_line(line)
    reports.mkdir(parents=True, exist_ok=True)
    (reports / f"model-coverage-{label}.json").write_text(
        json.dumps(model, indent=2) + "\n", "utf-8"
    )
    return model


def reports_dir(config: pytest.Config) -> Path:
    """The folder of the run's report files: --contract-reports, else reports/."""
    return Path(config.getoption("--contract-reports", default=None) or REPORTS_DIR)


@pytest.fixture(scope="session")
def contract_reports(pytestconfig: pytest.Config) -> Path:
    """The folder of the run's report files (the model suite's repro.sh goes there too)."""
    return reports_dir(pytestconfig)


def _har_part(config: pytest.Config, label: str) -> Path:
    """Where a pytest-xdist worker leaves its share of the run's HAR file."""
    worker = config.workerinput["workerid"]  # type: ignore[attr-defined]
    return reports_dir(config) / f"contract-{label}.{worker}.har.part"


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a pytest-xdist worker: hand the counts, the model's coverage and the HAR entries
    to the controller, which writes the one summary of the run (`pytest_terminal_summary`)."""
    config = session.config
    if not is_worker(config):
        return
    stats = config.stash.get(_STATS_KEY, None)
    if stats is not None:
        har = _har_part(config, config.stash[_RUN_KEY].label)
        counts = stats.counts()
        counts["har"] = str(har) if stats.write_har(har) else None
        send_to_controller(config, "contract_stats", counts)
    if RECORDER.ran:
        send_to_controller(config, "model_coverage", coverage_counts(RECORDER))


def coverage_counts(coverage: Coverage) -> dict[str, Any]:
    """Every field of a `Coverage` as plain values (what a pytest-xdist worker can send)."""
    out: dict[str, Any] = {}
    for name in (f.name for f in dataclasses.fields(coverage)):
        value = getattr(coverage, name)
        if isinstance(value, set):
            value = sorted(value)
        elif isinstance(value, Counter):
            value = dict(value)  # execnet sends plain dicts only
        out[name] = value
    return out


def add_coverage_counts(coverage: Coverage, counts: dict[str, Any]) -> None:
    """Add another process's `coverage_counts` to `coverage`, field by field."""
    for name, value in counts.items():
        current = getattr(coverage, name)
        if isinstance(current, Counter | set):
            current.update(value)
        elif isinstance(current, bool):
            setattr(coverage, name, current or value)
        elif isinstance(current, int):
            setattr(coverage, name, current + value)
        else:
            raise TypeError(f"Coverage.{name}: no rule to add it up across pytest-xdist workers")


def _gather_workers(config: pytest.Config, har: Path) -> bool:
    """In the controller of a pytest-xdist run: the workers' counts, coverage and HAR entries
    added up, as if one process had run every test. True if it wrote the HAR file."""
    parts: list[Path] = []
    for counts in from_workers(config, "contract_stats"):
        config.stash.setdefault(_STATS_KEY, ContractStats()).add_counts(counts)
        if counts["har"]:
            parts.append(Path(counts["har"]))
    for coverage in from_workers(config, "model_coverage"):
        add_coverage_counts(RECORDER, coverage)
    if parts:
        merged = json.loads(parts[0].read_text("utf-8"))
        for part in parts[1:]:
            merged["log"]["entries"] += json.loads(part.read_text("utf-8"))["log"]["entries"]
        har.write_text(json.dumps(merged, indent=2) + "\n", "utf-8")
        for part in parts:
            part.unlink()
    return bool(parts)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if is_worker(config):
        return  # nobody sees it: the controller writes the run's summary (pytest_sessionfinish)
    reports = reports_dir(config)
    run = config.stash.get(_RUN_KEY, None)
    label = run.label if run is not None else "model"
    har = reports / f"contract-{label}.har"
    merged_har = _gather_workers(config, har)
    stats = config.stash.get(_STATS_KEY, None)
    if stats is None:
        _model_summary(terminalreporter, reports, label)
        return
    summary = stats.as_json()
    summary["seed"] = config.stash[_RUN_KEY].seed
    path = config.getoption("--contract-summary", default=None)
    run = config.stash[_RUN_KEY]
    if merged_har or stats.write_har(har):
        terminalreporter.write_line(f"contract HAR (secrets filtered): {har}")
    if stats.planned:
        terminalreporter.write_sep("=", "contract DRY RUN: nothing was sent")
        for op, phase, method, target_path in stats.planned:
            terminalreporter.write_line(f"would send [{op} {phase}] {method} {target_path}")
        terminalreporter.write_line(f"{len(stats.planned)} requests would have been sent")
        for op, why in stats.excluded.items():
            terminalreporter.write_line(f"excluded {op}: {why}")
    if summary["operations"]:
        terminalreporter.write_sep("=", "contract summary (operation x check)")
        for line in format_summary(summary):
            terminalreporter.write_line(line)
    model = _model_summary(terminalreporter, reports, run.label)
    if model is not None:
        summary["model"] = model
    if path:
        Path(path).write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
