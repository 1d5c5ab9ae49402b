"""The contract job: fuzz one target with the schemathesis suites and summarise the run.

Owns: the `scripts/contract` command line. It runs the pytest suites of contract_tests
(`test_schema_conformance.py::test_operation_conforms`, every operation through the examples,
coverage and fuzzing phases with every check; `test_stateful_links.py`, the state machine over
the spec's links) against the chosen target, prints the seed and an operation x check table,
writes JUnit XML, a HAR file (secrets filtered) and a JSON summary to reports/, optionally a
small HTML page, and exits non-zero on any failure.

    scripts/contract [--base-url URL] [--max-examples N] [--seed S] [--allow-replicate]
                     [--dry-run] [--rate-limit R] [--report-html] [--operation ID]...

With no arguments it fuzzes a fresh in-process emulator. A base URL is an emulator only if it
is a loopback address answering GET /_emulator/demo; anything else is treated as the real
service: no replicate call unless --allow-replicate, only safe methods elsewhere, at most
5 requests/s unless --rate-limit says otherwise (see contract_tests/target.py). --dry-run sends
nothing at all and lists what would be sent.

For CLI users the same configuration drives plain schemathesis against a running emulator:

    csbs-emulator serve --port 8080 --db :memory: &
    CSBS_STRICT_RESPONSES=1 schemathesis --config-file contract_tests/schemathesis.toml \\
        run openapi/csbs-v1.yaml --url http://127.0.0.1:8080 \\
        -H 'X-Auth-Token: emulator-demo-token'

(run from the repository root, so the config's `hooks = "contract_tests.checks"` imports.)
That CLI run has none of this module's safety guard: point it at emulators only.

Must not import: pytest plugins of its own; the suites' wiring lives in contract_tests/conftest.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
SPEC = ROOT / "openapi" / "csbs-v1.yaml"
CONFORMANCE = "contract_tests/test_schema_conformance.py::test_operation_conforms"
STATEFUL = "contract_tests/test_stateful_links.py::test_links_state_machine"
# The model-based suite: the reference model's state machine on an emulator (the observed,
# read-only model on a real service), the page cap, and the rule/code coverage check.
MODEL = "contract_tests/test_model_stateful.py"
# Fuzzing examples per operation by default: with the coverage and examples phases this
# makes well over 1,000 conformance cases, plus the stateful scenarios.
DEFAULT_MAX_EXAMPLES = 200
# Profiles: (schemathesis examples per operation, run the links' state machine). The model
# suite's budget (--model-budget, test_model_stateful.BUDGETS) has the profile's name.
PROFILES = {
    "quick": (5, False),  # pre-commit: well under 20 s
    "default": (DEFAULT_MAX_EXAMPLES, True),  # CI: under 2 minutes
    "thorough": (1000, True),  # nightly
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/contract",
        description="Fuzz a CSBS target (default: a fresh in-process emulator) with the "
        "schemathesis contract suites.",
    )
    parser.add_argument("--base-url", help="service under test (default: in-process emulator)")
    parser.add_argument(
        "--max-examples",
        type=int,
        default=None,
        help=f"fuzzing examples per operation (profile's: {DEFAULT_MAX_EXAMPLES} by default)",
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
        help="only this operationId (repeatable); the stateful suite needs listBackups "
        "and showBackup",
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
    examples, links = PROFILES[args.profile]
    if args.max_examples is None:
        args.max_examples = examples
    args.model_budget = args.profile
    if not links:
        args.no_stateful = True
    return args


def pytest_args(args: argparse.Namespace, label: str, summary: Path) -> list[str]:
    """The pytest command line of this run."""
    # The model first: it catches most broken behaviour in seconds (and --exitfirst stops there).
    tests = [] if args.no_model else [MODEL]
    tests += [CONFORMANCE] if args.no_stateful else [CONFORMANCE, STATEFUL]
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
        f"--max-examples={args.max_examples}",
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


def spec_operations() -> list[tuple[str, str, str]]:
    """(operationId, METHOD, path) of every operation in the spec."""
    spec = yaml.safe_load(SPEC.read_text("utf-8"))
    found: list[tuple[str, str, str]] = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found.append((operation["operationId"], method.upper(), path))
    return found


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
        for op, method, path in spec_operations():
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
        f"<title>CSBS contract run ({html.escape(label)})</title>"
        "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}"
        "tr.op th{background:#eee}tr.fail{background:#fcc}</style>"
        f"<h1>CSBS contract run ({html.escape(label)})</h1>"
        f"<p>{html.escape(seed_line)}</p>"
        f"<p>{summary['total_cases']} cases sent, {summary['total_failures']} failed check "
        "verdicts.</p>"
        "<table><tr><th>check</th><th>checked</th><th>failed</th></tr>"
        + "".join(rows)
        + "</table>\n"
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import pytest  # deferred: `--help` should not pay for it

    label = args.label or ("http" if args.base_url else "inprocess")
    args.reports_dir = args.reports_dir.resolve()
    args.reports_dir.mkdir(parents=True, exist_ok=True)
    summary_path = (
        args.summary_json or args.reports_dir / f"contract-{label}-summary.json"
    ).resolve()
    if args.dry_run:
        print_plan(args)
    os.chdir(ROOT)
    started, wall_started = time.monotonic(), time.time()
    code = int(pytest.main(pytest_args(args, label, summary_path)))
    elapsed = time.monotonic() - started
    if summary_path.exists():
        summary = json.loads(summary_path.read_text("utf-8"))
        cases = summary["total_cases"]
        rate = cases / elapsed if elapsed > 0 else 0.0
        seed = summary.get("seed")
        seed_line = (
            f"seed {seed} (repeat with --seed {seed})"
            if seed is not None
            else "derandomized (HYPOTHESIS_PROFILE=ci)"
        )
        print(
            f"contract: {cases} schemathesis cases in {elapsed:.1f} s in all ({rate:.0f} "
            f"cases/s; profile {args.profile}); {seed_line}"
        )
        model = summary.get("model")
        if model is not None:
            rows = model["rows"]
            reached = len(rows) - len(model["zero_rows"])
            print(
                f"contract: model suite {model['steps']} steps, {model['comparisons']} answers "
                f"compared, {model['failures']} failures; {reached} of {len(rows)} documented "
                f"rules and codes reached ({args.reports_dir / f'model-coverage-{label}.json'})"
            )
            repro = args.reports_dir / "model-repro" / "repro.sh"
            # Written by this run's failure only (a failure with no call writes none).
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
