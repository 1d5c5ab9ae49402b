"""`scripts/parity`: record parity snapshots from any endpoint, check the emulator against them.

    scripts/parity record [--base-url URL] [--scenario NAME]... [--out DIR]
                          [--allow-replicate] [--rate-limit R] [--dry-run] [--region R]
                          [--destination-base-url URL] [--var NAME=VALUE]...
    scripts/parity check [SNAPSHOT|FOLDER]... [--base-url URL] [--json FILE]
    scripts/parity docs [--check]
    scripts/parity list

record   runs scenarios against a target and writes one snapshot per scenario. The target is
         chosen exactly as `scripts/contract` chooses it (contract_tests/target.py): no
         --base-url is a fresh in-process emulator; a loopback URL answering /_emulator/demo
         is an emulator; anything else is the real service, where a billable step (any
         request to the replicate path) is sent only with --allow-replicate, only safe
         methods go anywhere else, and requests are rate-capped (5/s unless --rate-limit).
         --dry-run sends nothing at all and lists every call, billable ones marked.
         Snapshots go to parity/snapshots/emulator/ (an emulator) or
         parity/snapshots/real/REGION/ (anything else) unless --out says otherwise.
check    replays each snapshot's calls against an emulator (default: a fresh in-process
         one; --base-url for a running one), set up from the snapshot's needs through its
         control plane, and compares call by call. Exit 1 on any difference that is not
         accepted. Default: every snapshot under parity/snapshots/.
docs     rebuilds the snapshots of the public documentation's examples, CSBS's and CBR's
         (--check: fail if a committed one differs).
list     the scenarios and their calls, billable ones marked (what a dry run lists).

Credentials come from the environment as for scripts/contract: CSBS_TOKEN + CSBS_PROJECT_ID,
or HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK / HUAWEICLOUD_SDK_PROJECT_ID; the replicate
scenarios also read CSBS_DESTINATION_REGION, CSBS_DESTINATION_PROJECT_ID, (CBR's)
CSBS_DESTINATION_VAULT_ID and (for a token) CSBS_DESTINATION_TOKEN. The scenarios cover both
APIs: CSBS v1's and CBR v3's (`cbr-*`); a CBR recording needs a `cbr.{region}.…` base URL.
See tools/parity/runner.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import warnings
from pathlib import Path

from contract_tests.target import Target

from . import docs
from .compare import Verdict, compare, report
from .normalise import load_rules
from .runner import Settings, TargetRunner
from .scenario import Scenario, ScenarioError, load_all
from .snapshot import SNAPSHOTS, Call, SecretLeak, Snapshot, find, read, write


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/parity",
        description="Record parity snapshots from an endpoint; check the emulator against them.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def target_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--base-url", help="the endpoint (default: a fresh in-process emulator)")
        p.add_argument(
            "--allow-replicate",
            action="store_true",
            help="send billable steps (any request to the replicate path) to a non-emulator",
        )
        p.add_argument(
            "--rate-limit", help="cap, e.g. 2/s or 60/m (default: 5/s for non-emulators)"
        )

    record = sub.add_parser("record", help="run scenarios against a target, write snapshots")
    target_options(record)
    record.add_argument(
        "--scenario", action="append", default=[], help="only this scenario (repeatable)"
    )
    record.add_argument("--out", type=Path, help="folder of the snapshots written")
    record.add_argument("--dry-run", action="store_true", help="send nothing; list every call")
    record.add_argument("--region", help="the target's region (default: from csbs.REGION.…)")
    record.add_argument(
        "--destination-base-url",
        help="the destination region's endpoint (default: the base URL with its region swapped)",
    )
    record.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a scenario variable (e.g. source_id=… to pick the backup to replicate)",
    )
    record.add_argument("--poll-interval", type=float, help="seconds between polls (30)")
    record.add_argument("--poll-timeout", type=float, help="give a poll up after (7200 s)")

    check = sub.add_parser("check", help="replay snapshots against an emulator and compare")
    target_options(check)
    check.add_argument("snapshots", nargs="*", help="snapshot files or folders (default: all)")
    check.add_argument("--json", type=Path, help="also write the differences as JSON here")

    docs_cmd = sub.add_parser("docs", help="rebuild the public documentation's snapshot")
    docs_cmd.add_argument("--check", action="store_true", help="fail if it is not up to date")

    sub.add_parser("list", help="the scenarios and their calls, billable ones marked")
    return parser.parse_args(argv)


def settings_of(args: argparse.Namespace) -> Settings:
    variables: dict[str, str] = {}
    for item in getattr(args, "var", []):
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise SystemExit(f"--var {item!r}: expected NAME=VALUE")
        variables[name.strip()] = value
    return Settings(
        allow_replicate=args.allow_replicate,
        rate_limit=args.rate_limit,
        dry_run=getattr(args, "dry_run", False),
        region=getattr(args, "region", None),
        destination_base_url=getattr(args, "destination_base_url", None),
        variables=variables,
        poll_interval=getattr(args, "poll_interval", None),
        poll_timeout=getattr(args, "poll_timeout", None),
    )


# -- the plan (dry run, list) -----------------------------------------------------------------


def plan(scenarios: list[Scenario], target: Target | None) -> list[str]:
    """Every call the scenarios make, billable ones marked, with the guard's verdict."""
    lines: list[str] = []
    real = None if target is None else dataclasses.replace(target, dry_run=False)
    total = billable = sendable = 0
    for scenario in scenarios:
        lines.append(f"scenario {scenario.name} ({len(scenario.steps)} calls): {scenario.summary}")
        if scenario.needs.get("account"):
            lines.append(f"  needs: {' '.join(str(scenario.needs['account']).split())}")
        for number, step in enumerate(scenario.steps, 1):
            total += 1
            billable += step.billable
            mark = "BILLABLE" if step.billable else ""
            extra = [] if step.auth == "target" else [f"auth: {step.auth}"]
            if step.region != "source":
                extra.append("in the destination region")
            verdict = ""
            if real is not None:
                reason = real.exclusion(step.method, step.path)
                verdict = "-> would send" if reason is None else f"-> excluded: {reason}"
                sendable += reason is None
            suffix = f" [{', '.join(extra)}]" if extra else ""
            lines.append(
                f"  {number:>3}. {step.id:<38} {mark:<8} {step.label()}{suffix} {verdict}".rstrip()
            )
            if step.poll is not None:
                lines.append(f"{'':>50}{step.poll.describe()}")
    summary = f"{total} calls in {len(scenarios)} scenarios; {billable} billable (BILLABLE)"
    if real is not None:
        summary += f"; {sendable} would be sent to this target"
    lines.append(summary)
    return lines


# -- record --------------------------------------------------------------------------------


def record(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    chosen = [s for s in load_all(args.scenario or None) if s.recorded_from == "target"]
    if args.scenario and len(chosen) != len(args.scenario):
        print("parity record: public-docs is built from the documentation: scripts/parity docs")
        return 2
    runner = TargetRunner.open(args.base_url, settings)
    try:
        print(f"parity record: target {runner.target.description}")
        if settings.dry_run:
            print("DRY RUN: nothing is sent, not even a probe of the URL (so it counts as a")
            print("real service); this is every call a recording would make:")
            for line in plan(chosen, runner.target):
                print(line)
            return 0
        if not (
            runner.target.is_emulator
            or runner.target.project_id
            or "project_id" in settings.variables
        ):
            print(
                "parity record: no project id: set CSBS_PROJECT_ID (or HUAWEICLOUD_SDK_PROJECT_ID)"
            )
            return 2
        if not runner.target.is_emulator and runner.target.auth is None:
            print("parity record: no credentials (CSBS_TOKEN, or HUAWEICLOUD_SDK_AK/SK): only")
            print("  the refusals of unauthenticated calls will say anything")
        failures = 0
        for scenario in chosen:
            print(f"scenario {scenario.name}:")

            def show(call: Call) -> None:
                if call.answer is not None:
                    code = call.answer.error_code or ""
                    print(f"  sent     {call.step.id:<38} {call.answer.status} {code}".rstrip())
                else:
                    print(f"  skipped  {call.step.id:<38} {call.skipped}")

            rules = load_rules(scenario.transformers)
            calls = runner.run(scenario, rules, on_call=show)
            failures += sum(1 for c in calls if c.skipped and "transport error" in c.skipped)
            region = str(runner.variables.get("region") or "unknown")
            snapshot = Snapshot(scenario, runner.taken(region), calls, rules)
            out = args.out or (
                SNAPSHOTS / "emulator" if runner.target.is_emulator else SNAPSHOTS / "real" / region
            )
            path = out / f"{scenario.name}.json"
            try:
                write(snapshot, path, runner.secrets)
            except SecretLeak as exc:
                print(f"parity record: {exc} ({path})")
                return 2
            sent = sum(1 for c in calls if c.answer is not None)
            print(f"  => {path}: {sent} of {len(calls)} calls answered")
            if runner.interrupted:
                print("parity record: interrupted; the snapshot holds the calls made so far")
                return 130
        return 1 if failures else 0
    finally:
        runner.close()


# -- check ------------------------------------------------------------------------------------


def check(args: argparse.Namespace) -> int:
    paths = find(args.snapshots)
    if not paths:
        print("parity check: no snapshots")
        return 2
    settings = settings_of(args)
    runner = TargetRunner.open(args.base_url, settings)
    verdicts: list[Verdict] = []
    try:
        now_kind = runner.target.description if args.base_url else "a fresh in-process emulator"
        if not runner.target.is_emulator:
            print(f"parity check: {runner.target.description} is not an emulator: no set-up")
        for path in paths:
            snapshot = read(path)
            replay = runner.run(snapshot.scenario, rules=snapshot.rules)
            verdict = compare(snapshot, replay)
            verdicts.append(verdict)
            for line in report(verdict, now_kind):
                print(line)
    finally:
        runner.close()
    failed = [v for v in verdicts if v.failed]
    calls = sum(len(v.calls) for v in verdicts)
    differing = sum(v.counts()["DIFFERS"] for v in verdicts)
    accepted = sum(v.counts()["accepted"] for v in verdicts)
    print(
        f"parity check: {len(verdicts)} snapshots, {calls} calls: {differing} differ, "
        f"{accepted} accepted; {'FAILED' if failed else 'passed'}"
    )
    if args.json:
        data = [
            {
                "snapshot": str(v.snapshot.path),
                "failed": v.failed,
                "counts": v.counts(),
                "differences": [d.as_json() for d in v.differences()],
            }
            for v in verdicts
        ]
        args.json.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
    return 1 if failed else 0


def list_scenarios() -> int:
    for line in plan(load_all(), None):
        print(line)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # starlette's TestClient (the in-process target's client) warns about httpx on import.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    try:
        if args.command == "record":
            return record(args)
        if args.command == "check":
            return check(args)
        if args.command == "docs":
            return docs.main(args.check)
        return list_scenarios()
    except ScenarioError as exc:
        print(f"parity: {exc}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
