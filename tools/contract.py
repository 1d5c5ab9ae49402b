"""The contract job: fuzz one target with the contract suites of each API and summarise the run.

Owns: the `scripts/contract` command line. For each API it covers (`--api csbs|cbr|all`,
default all) it runs that API's pytest suites against the chosen target: the model-based
suite (`test_model_stateful.py` for CSBS v1, `test_cbr_model_stateful.py` for CBR v3), the
schemathesis conformance test (every operation through the examples, coverage and fuzzing
phases with every check) and schemathesis' state machine over the spec's links. One pytest
process per API, each line of its output prefixed with its API: side by side on the embedded
emulator (one each), one after the other against a base URL or under a rate cap (so the cap
holds for the run, and a served emulator is not reloaded by one API's model while the other
runs). Their reports are merged: the seed and an operation x check table, JUnit XML
(`reports/contract-LABEL.xml`), a JSON summary, the model's coverage table
(`reports/model-coverage-LABEL.json`), HAR files (secrets filtered), optionally a small HTML
page. It exits non-zero on any failure.

    scripts/contract [--api csbs|cbr|all] [--base-url URL] [--max-examples N] [--seed S]
                     [--allow-replicate] [--dry-run] [--rate-limit R] [--report-html]
                     [--operation ID]...

With no arguments it fuzzes a fresh in-process emulator, both APIs (and a loopback base URL both
too); a remote base URL is one API's endpoint, the one its host names (`csbs.{region}.…`,
`cbr.{region}.…`) unless --api says otherwise. A base URL is an emulator
only if it is a loopback address answering GET /_emulator/demo; anything else is treated as the
real service: no replicate call (CSBS replicateBackup, CBR copyBackup) unless --allow-replicate,
only safe methods elsewhere, at most 5 requests/s unless --rate-limit says otherwise (see
contract_tests/target.py; the APIs then run one after the other, so the cap holds for the
whole run). --dry-run sends nothing at all and lists what would be sent.

For CLI users the same configuration drives plain schemathesis against a running emulator:

    csbs-emulator serve --port 8080 --db :memory: &
    CSBS_STRICT_RESPONSES=1 schemathesis --config-file contract_tests/schemathesis.toml \\
        run openapi/csbs-v1.yaml --url http://127.0.0.1:8080 \\
        -H 'X-Auth-Token: emulator-demo-token'

(`contract_tests/schemathesis-cbr.toml` and `openapi/cbr-v3.yaml` for CBR; run from the
repository root, so the config's `hooks = "contract_tests.checks"` imports.) That CLI run has
none of this module's safety guard: point it at emulators only.

Must not import: pytest plugins of its own; the suites' wiring lives in contract_tests/conftest.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"


@dataclass(frozen=True)
class Suites:
    """The pytest node ids of one API's suites, in the order they run."""

    # The model-based suite: its state machines, the page cap, the coverage check (None:
    # the API has none yet).
    model: str | None
    conformance: str  # schemathesis, every operation, every check
    stateful: str  # schemathesis' state machine over the spec's links


SUITES: dict[str, Suites] = {
    "csbs": Suites(
        model="contract_tests/test_model_stateful.py",
        conformance="contract_tests/test_schema_conformance.py::test_operation_conforms",
        stateful="contract_tests/test_stateful_links.py::test_links_state_machine",
    ),
    "cbr": Suites(
        model="contract_tests/test_cbr_model_stateful.py",
        conformance="contract_tests/test_cbr_schema_conformance.py::test_cbr_operation_conforms",
        stateful="contract_tests/test_stateful_links.py::test_cbr_links_state_machine",
    ),
}
APIS = tuple(SUITES)
# CSBS's suites under their old names (the README and the tests name them so).
MODEL = str(SUITES["csbs"].model)
CONFORMANCE = SUITES["csbs"].conformance
STATEFUL = SUITES["csbs"].stateful


@dataclass(frozen=True)
class Profile:
    """Schemathesis fuzzing examples per operation, by API, and whether the links' state
    machines run. The model suites' budget (--model-budget) has the profile's name."""

    examples: dict[str, int]
    links: bool


PROFILES = {
    "quick": Profile({"csbs": 5, "cbr": 5}, links=False),  # pre-commit: well under 20 s
    "default": Profile({"csbs": 50, "cbr": 15}, links=True),  # CI: under 2 minutes
    "thorough": Profile({"csbs": 1000, "cbr": 500}, links=True),  # nightly
}
DEFAULT_MAX_EXAMPLES = PROFILES["default"].examples["csbs"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/contract",
        description="Fuzz a CSBS/CBR target (default: a fresh in-process emulator) with the "
        "contract suites of each API.",
    )
    parser.add_argument(
        "--api",
        choices=(*APIS, "all"),
        default=None,
        help="which API's suites run (default: all on an emulator; against a remote host, "
        "the API its name says, csbs.… or cbr.…)",
    )
    parser.add_argument("--base-url", help="service under test (default: in-process emulator)")
    parser.add_argument(
        "--max-examples",
        type=int,
        default=None,
        help="fuzzing examples per operation (default: the profile's, "
        + ", ".join(f"{api} {n}" for api, n in PROFILES["default"].examples.items())
        + ")",
    )
    parser.add_argument("--seed", type=int, help="seed to repeat a run (printed by every run)")
    parser.add_argument(
        "--allow-replicate",
        action="store_true",
        help="send replicate calls to a target that is not an emulator",
    )
    parser.add_argument("--dry-run", action="store_true", help="send nothing; list what would be")
    parser.add_argument(
        "--rate-limit", help="cap, e.g. 10/s or 300/m (default: 5/s for non-emulators, else none)"
    )
    parser.add_argument(
        "--report-html", action="store_true", help="also write reports/contract-LABEL.html"
    )
    parser.add_argument(
        "--operation",
        action="append",
        default=[],
        help="only this operationId (repeatable, either API's); the links suites need "
        "listBackups and showBackup",
    )
    parser.add_argument(
        "--label", help="names the report files (default: inprocess, or http with --base-url)"
    )
    parser.add_argument("--summary-json", type=Path, help="where to write the JSON summary")
    parser.add_argument(
        "--reports-dir", type=Path, default=REPORTS, help="folder of the reports (reports/)"
    )
    parser.add_argument("--no-stateful", action="store_true", help="skip the links' state machine")
    parser.add_argument(
        "--no-model", action="store_true", help="skip the model-based suite (schemathesis only)"
    )
    profile = parser.add_mutually_exclusive_group()
    profile.add_argument(
        "--quick", action="store_true", help="pre-commit profile: small budgets (under 20 s)"
    )
    profile.add_argument(
        "--thorough", action="store_true", help="nightly profile: large budgets (minutes)"
    )
    parser.add_argument(
        "--exitfirst", action="store_true", help="stop at the first failing suite (the model first)"
    )
    args = parser.parse_args(argv)
    args.profile = "quick" if args.quick else "thorough" if args.thorough else "default"
    if args.api is None:
        args.api = default_api(args.base_url)
        if args.api is None:
            parser.error(
                f"--api csbs or --api cbr: {args.base_url} is not a loopback emulator, and its "
                "host name says neither API"
            )
    args.apis = list(APIS) if args.api == "all" else [args.api]
    args.model_budget = args.profile
    if not PROFILES[args.profile].links:
        args.no_stateful = True
    return args


def default_api(base_url: str | None) -> str | None:
    """The APIs a run covers when --api is not given: both on the embedded emulator or a
    loopback one; against a remote host, the one its name says (`csbs.{region}.…` or
    `cbr.{region}.…`, the services' endpoints); None when it says neither."""
    host = urlsplit(base_url).hostname or "" if base_url else ""
    if base_url is None or host in ("localhost", "::1") or host.startswith("127."):
        return "all"
    label = host.split(".", 1)[0]
    return label if label in APIS else None


def max_examples(args: argparse.Namespace, api: str) -> int:
    """Fuzzing examples per operation of `api`: --max-examples, else the profile's."""
    if args.max_examples is not None:
        return int(args.max_examples)
    return PROFILES[args.profile].examples[api]


def pytest_args(
    args: argparse.Namespace, label: str, summary: Path, api: str = "csbs"
) -> list[str]:
    """The pytest command line of one API's part of this run."""
    suites = SUITES[api]
    # The model first: it catches most broken behaviour in seconds (and --exitfirst stops there).
    tests = [] if args.no_model or suites.model is None else [suites.model]
    tests += [suites.conformance] if args.no_stateful else [suites.conformance, suites.stateful]
    out = [
        *tests,
        "-v",
        "--tb=short",
        "-p",
        "no:cacheprovider",
        f"--junitxml={args.reports_dir / f'contract-{label}.xml'}",
        f"--contract-summary={summary}",
        f"--contract-label={label}",
        f"--contract-reports={args.reports_dir}",
        f"--max-examples={max_examples(args, api)}",
        f"--model-budget={args.model_budget}",
    ]
    if args.exitfirst:
        out.append("-x")
    if args.base_url:
        out.append(f"--base-url={args.base_url}")
    if args.seed is not None:
        out.append(f"--seed={args.seed}")
    if args.allow_replicate:
        out.append("--allow-replicate")
    if args.dry_run:
        out.append("--dry-run")
    if args.rate_limit:
        out.append(f"--rate-limit={args.rate_limit}")
    out.extend(f"--operation={op}" for op in args.operation)
    return out


def spec_operations(api: str = "csbs") -> list[tuple[str, str, str]]:
    """(operationId, METHOD, path) of every operation in the API's spec."""
    from contract_tests.apis import APIS as SPECS  # deferred: `--help` should not load specs

    return SPECS[api].operations()


def print_plan(args: argparse.Namespace) -> None:
    """What a run would send and what it leaves out, decided exactly as the suites decide."""
    # Deferred: building the in-process target loads the emulator.
    from contract_tests.target import select_target

    target = select_target(
        args.base_url,
        allow_replicate=args.allow_replicate or None,
        rate_limit=args.rate_limit,
        dry_run=True,
    )
    try:
        print(f"DRY RUN: nothing is sent. Target: {target.description}")
        if args.base_url:
            print("  (a dry run does not even probe the URL, so it counts as a real service)")
        # The same target minus the dry run: what a real run would refuse.
        real = dataclasses.replace(target, dry_run=False)
        for api in args.apis:
            for op, method, path in spec_operations(api):
                if args.operation and op not in args.operation:
                    reason: str | None = "not selected by --operation"
                else:
                    reason = real.exclusion(method, path)
                if reason is None:
                    print(f"  included  {method} {path} ({op})")
                else:
                    print(f"  excluded  {method} {path} ({op}): {reason}")
    finally:
        target.close()


def render_html(summary: dict[str, Any], label: str, seed_line: str) -> str:
    """A small self-contained HTML page of the operation x check table."""
    rows: list[str] = []
    for op, data in summary["operations"].items():
        cases = sum(data["cases"].values())
        statuses = ", ".join(f"{code}: {n}" for code, n in data["statuses"].items())
        phases = ", ".join(f"{phase}: {n}" for phase, n in data["cases"].items())
        rows.append(
            f"<tr class='op'><th colspan='3'>{html.escape(op)} — {cases} cases "
            f"({html.escape(phases)}); statuses {html.escape(statuses)}</th></tr>"
        )
        for check, verdict in data["checks"].items():
            failed = verdict["failed"]
            css = " class='fail'" if failed else ""
            rows.append(
                f"<tr{css}><td>{html.escape(check)}</td><td>{verdict['checked']}</td>"
                f"<td>{failed}</td></tr>"
            )
    for op, why in summary["excluded"].items():
        rows.append(
            f"<tr><td colspan='3'>{html.escape(op)}: excluded — {html.escape(why)}</td></tr>"
        )
    return (
        "<!doctype html><meta charset='utf-8'>"
        f"<title>Contract run ({html.escape(label)})</title>"
        "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}"
        "tr.op th{background:#eee}tr.fail{background:#fcc}</style>"
        f"<h1>Contract run ({html.escape(label)})</h1>"
        f"<p>{html.escape(seed_line)}</p>"
        f"<p>{summary['total_cases']} cases sent, {summary['total_failures']} failed check "
        "verdicts.</p>"
        "<table><tr><th>check</th><th>checked</th><th>failed</th></tr>"
        + "".join(rows)
        + "</table>\n"
    )


# -- running the APIs' suites side by side ------------------------------------------------


def _pump(stream: IO[str], prefix: str, lock: threading.Lock) -> None:
    """Copy a child's output to ours line by line, each line prefixed with its API."""
    for line in stream:
        with lock:
            sys.stdout.write(prefix + line)
            sys.stdout.flush()


def run_suites(
    commands: dict[str, list[str]], *, exitfirst: bool, parallel: bool = True
) -> dict[str, int]:
    """Run one pytest process per API, at once (`parallel`) or one after the other; their exit
    codes. With `exitfirst`, the first process that fails stops the others (their reports are
    then incomplete), or the next ones are not started."""
    if not parallel:
        codes: dict[str, int] = {}
        for api, argv in commands.items():
            codes |= run_suites({api: argv}, exitfirst=exitfirst)
            if exitfirst and codes[api] != 0:
                break
        return codes
    lock = threading.Lock()
    width = max(len(api) for api in APIS)
    running: dict[str, subprocess.Popen[str]] = {}
    pumps: list[threading.Thread] = []
    for api, argv in commands.items():
        process = subprocess.Popen(
            [sys.executable, "-m", "pytest", *argv],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        assert process.stdout is not None
        pump = threading.Thread(
            target=_pump, args=(process.stdout, f"{api:<{width}}| ", lock), daemon=True
        )
        pump.start()
        running[api], pumps = process, [*pumps, pump]
    codes = {}
    while len(codes) < len(running):
        for api, process in running.items():
            if api in codes or process.poll() is None:
                continue
            codes[api] = int(process.returncode)
            if exitfirst and process.returncode != 0:
                for other, rest in running.items():
                    if other not in codes and rest.poll() is None:
                        rest.terminate()
        time.sleep(0.05)
    for pump in pumps:
        pump.join(timeout=10)
    return codes


def merge_junit(parts: Sequence[Path], out: Path) -> None:
    """One JUnit file of every API's test suites (a part a stopped process never wrote is
    left out)."""
    merged = ElementTree.Element("testsuites")
    for part in parts:
        if not part.exists():
            continue
        root = ElementTree.parse(part).getroot()  # noqa: S314 -- our own report
        merged.extend(root.iter("testsuite") if root.tag == "testsuites" else [root])
    ElementTree.ElementTree(merged).write(out, encoding="utf-8", xml_declaration=True)


def merge_summaries(parts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The run's summary from each API's (operations are already named apart: `cbr.…`)."""
    merged: dict[str, Any] = {
        "total_cases": 0,
        "total_failures": 0,
        "excluded": {},
        "planned": 0,
        "operations": {},
        "apis": sorted(parts),
    }
    models: list[dict[str, Any]] = []
    for api, part in parts.items():
        merged["total_cases"] += part["total_cases"]
        merged["total_failures"] += part["total_failures"]
        merged["planned"] += part.get("planned", 0)
        merged["excluded"].update(part["excluded"])
        merged["operations"].update(part["operations"])
        merged.setdefault("seed", part.get("seed"))
        if part.get("model") is not None:
            models.append({**part["model"], "api": api})
    if models:
        merged["model"] = {
            "rules_exercised": {
                f"{m['api']}.{rule}": n for m in models for rule, n in m["rules_exercised"].items()
            },
            "steps": sum(m["steps"] for m in models),
            "comparisons": sum(m["comparisons"] for m in models),
            "failures": sum(m["failures"] for m in models),
            "rows": [row for m in models for row in m["rows"]],
            "zero_rows": [row for m in models for row in m["zero_rows"]],
        }
    return merged


def choose_seed(args: argparse.Namespace) -> int | None:
    """One seed for every API's process, so one `--seed` repeats the whole run; none when the
    Hypothesis profile is derandomized (HYPOTHESIS_PROFILE=ci) and no seed was given."""
    if args.seed is not None:
        return int(args.seed)
    if os.environ.get("CSBS_SEED"):
        return int(os.environ["CSBS_SEED"])
    if os.environ.get("HYPOTHESIS_PROFILE", "dev") == "ci":
        return None
    return random.SystemRandom().randrange(2**32)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    label = args.label or ("http" if args.base_url else "inprocess")
    args.reports_dir = args.reports_dir.resolve()
    args.reports_dir.mkdir(parents=True, exist_ok=True)
    summary_path = (
        args.summary_json or args.reports_dir / f"contract-{label}-summary.json"
    ).resolve()
    if args.dry_run:
        print_plan(args)
    args.seed = choose_seed(args)
    os.chdir(ROOT)
    started, wall_started = time.monotonic(), time.time()
    parts = {api: args.reports_dir / f"contract-{label}-{api}-summary.json" for api in args.apis}
    for part in parts.values():
        part.unlink(missing_ok=True)  # never merge a summary a stopped process left earlier
    commands = {api: pytest_args(args, f"{label}-{api}", parts[api], api) for api in args.apis}
    # Side by side only on embedded emulators (one per process) with no rate cap: a served
    # emulator is one state that each API's model reloads, and two processes would each keep
    # their own cap, so a real service would see twice the rate asked for.
    parallel = not (args.base_url or args.rate_limit or args.dry_run)
    if len(commands) > 1:
        how = "side by side" if parallel else "one after the other"
        print(f"contract: {' and '.join(commands)} {how}, one pytest process each")
    codes = run_suites(commands, exitfirst=args.exitfirst, parallel=parallel)
    code = next((c for c in codes.values() if c != 0), 0)
    elapsed = time.monotonic() - started
    merge_junit(
        [args.reports_dir / f"contract-{label}-{api}.xml" for api in args.apis],
        args.reports_dir / f"contract-{label}.xml",
    )
    found = {api: json.loads(p.read_text("utf-8")) for api, p in parts.items() if p.exists()}
    if not found:
        print(f"contract: no summary written (exit {code})")
        return code or 1
    summary = merge_summaries(found)
    summary["seed"] = args.seed
    summary["exit_codes"] = codes
    summary_path.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    cases = summary["total_cases"]
    rate = cases / elapsed if elapsed > 0 else 0.0
    seed_line = (
        f"seed {args.seed} (repeat with --seed {args.seed})"
        if args.seed is not None
        else "derandomized (HYPOTHESIS_PROFILE=ci)"
    )
    print(
        f"contract: {', '.join(summary['apis'])}: {cases} schemathesis cases in {elapsed:.1f} s "
        f"in all ({rate:.0f} cases/s; profile {args.profile}); {seed_line}"
    )
    model = summary.get("model")
    if model is not None:
        rows = model["rows"]
        reached = len(rows) - len(model["zero_rows"])
        coverage = args.reports_dir / f"model-coverage-{label}.json"
        coverage.write_text(json.dumps(model, indent=2) + "\n", "utf-8")
        print(
            f"contract: model suites {model['steps']} steps, {model['comparisons']} answers "
            f"compared, {model['failures']} failures; {reached} of {len(rows)} documented "
            f"rules and codes reached ({coverage})"
        )
        # Written by this run's failure only (a failure with no call writes none).
        for folder in ("model-repro", "model-repro-cbr"):
            repro = args.reports_dir / folder / "repro.sh"
            if model["failures"] and repro.exists() and repro.stat().st_mtime >= wall_started:
                print(f"contract: the model's failing calls, as curl commands: {repro}")
    print(f"contract: exit {code}")
    if args.report_html:
        page = args.reports_dir / f"contract-{label}.html"
        page.write_text(render_html(summary, label, seed_line), "utf-8")
        print(f"contract: HTML summary {page}")
    return code


if __name__ == "__main__":
    sys.exit(main())
